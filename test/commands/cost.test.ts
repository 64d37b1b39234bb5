import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {openHistoryStore} from '../../source/store/history-store.js';
import {runCli} from '../helpers/cli.js';
import {judgedRun} from '../helpers/judged-votes.js';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';

/*
 * `arena cost` through the built CLI (run `npm run build` first), against a
 * real temp store filled through the store API and prices set with
 * `arena models price`. Expected figures are worked out by hand in comments.
 */

const directories = temporaryDirectories();
let home: string;

beforeEach(() => {
	home = directories.make();
});
afterEach(() => directories.cleanup());

const arena = (args: string[]) => runCli(args, {env: {ARENA_HOME: home, NO_COLOR: '1'}});

/**
 * Three blind runs of p:alpha vs p:beta; alpha wins two votes.
 * alpha: output 100, 300, 200 (median 200), input 50, 70, 60 (median 60), scores 8 and 6 (mean 7).
 * beta:  output 400, 600, 500 (median 500), input 100 each, score 4.
 */
function fillStore(): void {
	const store = openHistoryStore(path.join(home, 'arena.db'));
	try {
		const runs = [
			{alpha: {output_tokens: 100, input_tokens: 50}, beta: {output_tokens: 400, input_tokens: 100}, winner: 'model_a' as const},
			{alpha: {output_tokens: 300, input_tokens: 70}, beta: {output_tokens: 600, input_tokens: 100}, winner: 'model_a' as const},
			{alpha: {output_tokens: 200, input_tokens: 60}, beta: {output_tokens: 500, input_tokens: 100}, winner: 'model_b' as const},
		];
		const saved = runs.map(run => judgedRun(store, 'p:alpha', 'p:beta', run.winner, {leftMetrics: {spec: 'p:alpha', ...run.alpha}, rightMetrics: {spec: 'p:beta', ...run.beta}}));
		store.setScore(saved[0]!.answerIds[0]!, 8, null);
		store.setScore(saved[1]!.answerIds[0]!, 6, null);
		store.setScore(saved[0]!.answerIds[1]!, 4, null);
	} finally {
		store.close();
	}
}

async function setPrices(): Promise<void> {
	expect((await arena(['models', 'price', 'p:alpha', '--input', '1', '--output', '10'])).status).toBe(0);
	expect((await arena(['models', 'price', 'p:beta', '--input', '0.5', '--output', '2'])).status).toBe(0);
}

describe('arena cost', () => {
	test('projects each model from its median tokens × price, with its rating and mean score', async () => {
		fillStore();
		await setPrices();
		const result = await arena(['cost', '--answers-per-day', '100', '--days', '30', '--json']);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report).toMatchObject({answers_per_day: 100, days: 30, answers_total: 3000, mix: null});
		const alpha = report.models.find((model: {model: string}) => model.model === 'p:alpha');
		const beta = report.models.find((model: {model: string}) => model.model === 'p:beta');
		expect(alpha).toMatchObject({median_output_tokens: 200, median_input_tokens: 60, mean_score: 7, cost_basis: 'price'});
		expect(alpha.price).toMatchObject({input_per_m: 1, output_per_m: 10, source: 'user'});
		// (60 × 1 + 200 × 10) / 1e6 = 0.00206; × 3000 answers = 6.18
		expect(alpha.cost_per_answer_usd).toBeCloseTo(0.00206, 12);
		expect(alpha.total_usd).toBeCloseTo(6.18, 9);
		// (100 × 0.5 + 500 × 2) / 1e6 = 0.00105; × 3000 = 3.15
		expect(beta).toMatchObject({median_output_tokens: 500, median_input_tokens: 100, mean_score: 4});
		expect(beta.cost_per_answer_usd).toBeCloseTo(0.00105, 12);
		expect(beta.total_usd).toBeCloseTo(3.15, 9);
		// Alpha won two of three blind votes; ratings are centred on 1000.
		expect(alpha.rating).toBeGreaterThan(1000);
		expect(alpha.rating + beta.rating).toBeCloseTo(2000, 6);

		const table = await arena(['cost', '--answers-per-day', '100', '--days', '30']);
		expect(table.status).toBe(0);
		expect(table.stdout).toContain('100 answers/day × 30 days = 3,000 answers');
		expect(table.stdout).toMatch(/p:alpha +3 +200 +60 +\$10 +\$0\.0021 +\$6\.18/);
	});

	test('a routing mix gives the blended $/1M output, $/answer, total and expected quality', async () => {
		fillStore();
		await setPrices();
		const result = await arena(['cost', '--answers-per-day', '100', '--days', '30', '--mix', 'p:alpha=75,p:beta=25', '--json']);
		expect(result.status).toBe(0);
		const {mix, models} = JSON.parse(result.stdout);
		const rating = (spec: string) => models.find((model: {model: string}) => model.model === spec).rating as number;
		// 0.75 × 10 + 0.25 × 2 = 8
		expect(mix.blended_output_per_m).toBeCloseTo(8, 12);
		// 0.75 × 0.00206 + 0.25 × 0.00105 = 0.001545 + 0.0002625
		expect(mix.cost_per_answer_usd).toBeCloseTo(0.0018075, 12);
		expect(mix.total_usd).toBeCloseTo(5.4225, 9);
		// 0.75 × 7 + 0.25 × 4
		expect(mix.expected_mean_score).toBeCloseTo(6.25, 12);
		expect(mix.expected_rating).toBeCloseTo(0.75 * rating('p:alpha') + 0.25 * rating('p:beta'), 9);

		const table = await arena(['cost', '--answers-per-day', '100', '--days', '30', '--mix', 'p:alpha=75,p:beta=25']);
		expect(table.stdout).toContain('blended $/1M output: $8');
		expect(table.stdout).toMatch(/projected total: +\$5\.42/);
	});

	test('percentages that do not add up to 100 exit 2 with a clear message', async () => {
		const result = await arena(['cost', '--answers-per-day', '100', '--mix', 'p:alpha=80,p:beta=15']);
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('--mix percentages must add up to 100, got 95');
		expect(result.stdout).toBe('');
	});

	test('with no runs yet it says so instead of projecting nothing', async () => {
		const result = await arena(['cost', '--answers-per-day', '10']);
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('no measured answers yet');
	});
});
