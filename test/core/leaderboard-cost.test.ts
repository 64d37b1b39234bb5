import {expect, test} from 'vitest';
import {buildLeaderboard, leaderboardTextTable, type ModelAnswerSamples} from '../../source/core/leaderboard.js';

const samples = (model: string, cost: number[], scores: number[]): ModelAnswerSamples => ({
	model,
	answers: cost.length,
	failed: 0,
	ttft_ms: [],
	tokens_per_s: [],
	total_ms: [],
	cost_usd: cost,
	scores,
});

test('cost, value and rating per $ columns come from the answers and the output price', () => {
	const battles = [
		{model_a: 'p:strong', model_b: 'p:cheap', winner: 'model_a' as const},
		{model_a: 'p:strong', model_b: 'p:cheap', winner: 'model_a' as const},
		{model_a: 'p:strong', model_b: 'p:cheap', winner: 'model_b' as const},
	];
	const board = buildLeaderboard(battles, [samples('p:strong', [0.01, 0.03, 0.02], [9, 7]), samples('p:cheap', [0.001, 0.002], [5])], {
		bootstrapRounds: 0,
		outputPricePerMillion: model => ({'p:strong': 10, 'p:cheap': 0.5})[model] ?? null,
	});
	const [strong, cheap] = ['p:strong', 'p:cheap'].map(model => board.rows.find(row => row.model === model)!);
	expect(strong!.median_cost_usd).toBeCloseTo(0.02, 12);
	expect(cheap!.median_cost_usd).toBeCloseTo(0.0015, 12);
	// mean score ÷ output $/1M: 8 ÷ 10 and 5 ÷ 0.5
	expect(strong!.value).toBeCloseTo(0.8, 12);
	expect(cheap!.value).toBeCloseTo(10, 12);
	// (rating − lowest + 1) ÷ median $/answer; the weakest model counts 1 point.
	expect(cheap!.rating_per_usd).toBeCloseTo(1 / 0.0015, 6);
	expect(strong!.rating_per_usd).toBeCloseTo((strong!.rating! - cheap!.rating! + 1) / 0.02, 6);

	const table = leaderboardTextTable(board.rows);
	expect(table.headers).toEqual(expect.arrayContaining(['$/answer', 'value', 'rating/$']));
});

test('without costs or prices the columns stay empty and are left out of the table', () => {
	const board = buildLeaderboard([{model_a: 'p:a', model_b: 'p:b', winner: 'model_a'}], [samples('p:a', [], [6])], {bootstrapRounds: 0});
	expect(board.rows.every(row => row.rating_per_usd === null && row.value === null)).toBe(true);
	expect(leaderboardTextTable(board.rows).headers).not.toContain('rating/$');
});
