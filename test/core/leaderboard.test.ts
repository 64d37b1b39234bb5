import {describe, expect, it} from 'vitest';
import {
	buildLeaderboard,
	LEADERBOARD_COLUMNS,
	loadLeaderboard,
	type LeaderboardRow,
	renderLeaderboard,
	sortRows,
	visibleColumns,
} from '../../source/core/leaderboard.js';
import type {Battle, BattleWinner} from '../../source/core/rating.js';
import {judgedRun as storeJudgedRun, type JudgedRunOptions} from '../helpers/judged-votes.js';
import {modelResult, useTemporaryStore} from '../store/fixtures/store-test-kit.js';

const store = useTemporaryStore();

function judgedRun(left: string, right: string, winner: BattleWinner, options: JudgedRunOptions = {}) {
	return storeJudgedRun(store(), left, right, winner, options);
}

function repeat(times: number, action: () => void): void {
	for (let index = 0; index < times; index++) action();
}

function row(rows: readonly LeaderboardRow[], model: string): LeaderboardRow {
	const found = rows.find(candidate => candidate.model === model);
	if (!found) throw new Error(`no row for ${model} in ${rows.map(candidate => candidate.model).join(', ')}`);
	return found;
}

describe('the leaderboard from a real store', () => {
	it('ranks by votes, with intervals around each rating and the record of each model', () => {
		// strong beats medium 7 of 10, medium beats weak 7 of 10, strong beats weak 9 of 10, plus ties.
		const outcomes: Array<[string, string, BattleWinner, number]> = [
			['x:strong', 'x:medium', 'model_a', 7],
			['x:strong', 'x:medium', 'model_b', 3],
			['x:medium', 'x:weak', 'model_a', 7],
			['x:medium', 'x:weak', 'model_b', 3],
			['x:weak', 'x:strong', 'model_b', 9],
			['x:weak', 'x:strong', 'model_a', 1],
			['x:strong', 'x:weak', 'tie', 2],
		];
		for (const [left, right, winner, times] of outcomes) {
			for (let index = 0; index < times; index++) judgedRun(left, right, winner);
		}

		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 300});
		expect(board.rows.map(entry => entry.model)).toEqual(['x:strong', 'x:medium', 'x:weak']);
		expect(board.votes).toBe(32);
		const ratings = board.rows.map(entry => entry.rating!);
		expect(ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length).toBeCloseTo(1000, 6);
		for (const entry of board.rows) {
			expect(entry.ci_low!).toBeLessThanOrEqual(entry.rating!);
			expect(entry.ci_high!).toBeGreaterThanOrEqual(entry.rating!);
			expect(entry.ci_high! - entry.ci_low!).toBeGreaterThan(0);
		}

		// strong: 7 + 9 wins, 3 + 1 losses, 2 ties in 22 battles.
		expect(row(board.rows, 'x:strong')).toMatchObject({battles: 22, wins: 16, losses: 4, ties: 2});
		expect(row(board.rows, 'x:strong').win_rate).toBeCloseTo(16 / 22, 12);
		expect(row(board.rows, 'x:weak')).toMatchObject({battles: 22, wins: 4, losses: 16, ties: 2});
		expect(row(board.rows, 'x:medium').win_rate).toBeCloseTo(10 / 20, 12);
		expect(row(board.rows, 'x:strong').rank_ub).toBe(1);
	});

	it('puts two models exactly as far apart as Bradley-Terry says: 3 wins of 4 is 400·log10(3) points', () => {
		judgedRun('p:one', 'p:two', 'model_a');
		judgedRun('p:two', 'p:one', 'model_b');
		judgedRun('p:one', 'p:two', 'model_a');
		judgedRun('p:one', 'p:two', 'model_b');

		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 50});
		const gap = row(board.rows, 'p:one').rating! - row(board.rows, 'p:two').rating!;
		expect(gap).toBeCloseTo(400 * Math.log10(3), 1);
	});

	it('counts a tie as half a win each way: 2 wins, 1 loss and 2 ties is a 3:2 score', () => {
		for (const winner of ['model_a', 'model_a', 'model_b', 'tie', 'tie (bothbad)'] as const) judgedRun('p:one', 'p:two', winner);
		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 50});
		const gap = row(board.rows, 'p:one').rating! - row(board.rows, 'p:two').rating!;
		expect(gap).toBeCloseTo(400 * Math.log10(3 / 2), 1);
		expect(row(board.rows, 'p:one')).toMatchObject({wins: 2, losses: 1, ties: 2});
	});

	it('takes mean score, median TTFT and tok/s and p50/p99 total time from the answers, skipping failed ones for speed', () => {
		const ttfts = [300, 100, 200, 900];
		const rates = [10, 40, 20, 30];
		const totals = [100, 400, 200, 1000];
		const scores = [8, 6, 7, 9];
		for (let index = 0; index < 4; index++) {
			const saved = store().saveRun({
				prompt: `run ${index}`,
				answers: [
					modelResult({spec: 's:fast', ttft_ms: ttfts[index], tokens_per_s: rates[index], total_ms: totals[index]}),
					modelResult({spec: 's:other'}),
				],
			});
			store().setScore(saved.answerIds[0]!, scores[index]!);
		}
		// A failed answer counts as an answer and a failure, but its (absurd) timings are not speed.
		store().saveRun({
			prompt: 'broken',
			answers: [
				modelResult({
					spec: 's:fast',
					state: 'error',
					error: {message: 'HTTP 503', status: 503},
					ttft_ms: 99_999,
					tokens_per_s: 0.1,
					total_ms: 99_999,
				}),
			],
		});

		const fast = row(loadLeaderboard(store(), {}, {bootstrapRounds: 0}).rows, 's:fast');
		expect(fast.mean_score).toBeCloseTo(7.5, 12);
		expect(fast.scored_answers).toBe(4);
		expect(fast.median_ttft_ms).toBe(250); // (200 + 300) / 2
		expect(fast.median_tokens_per_s).toBe(25); // (20 + 30) / 2
		expect(fast.p50_total_ms).toBe(300); // (200 + 400) / 2
		// Linear interpolation over 100, 200, 400, 1000: position 3·0.99 = 2.97, so 400 + 0.97·600.
		expect(fast.p99_total_ms).toBeCloseTo(982, 9);
		expect(fast).toMatchObject({answers: 5, failed: 1});
		// No prices stored yet: cost and value stay empty, not zero.
		expect(fast.median_cost_usd).toBeNull();
		expect(fast.value).toBeNull();
	});

	it('lists models with answers but no votes after the rated ones, unrated', () => {
		judgedRun('v:winner', 'v:loser', 'model_a');
		store().saveRun({prompt: 'alone', answers: [modelResult({spec: 'n:scored'}), modelResult({spec: 'n:plain'})]});
		const lonely = store().saveRun({prompt: 'scored', answers: [modelResult({spec: 'n:scored'})]});
		store().setScore(lonely.answerIds[0]!, 9);

		const rows = loadLeaderboard(store(), {}, {bootstrapRounds: 20}).rows;
		expect(rows.map(entry => entry.model)).toEqual(['v:winner', 'v:loser', 'n:scored', 'n:plain']);
		expect(row(rows, 'n:scored')).toMatchObject({rating: null, ci_low: null, ci_high: null, rank_ub: null, elo: null, battles: 0, win_rate: null, mean_score: 9});
		expect(row(rows, 'n:plain').answers).toBe(1);
	});

	it('counts only votes and runs since the given time', () => {
		judgedRun('t:old', 't:new', 'model_a', {votedAt: '2025-01-10T12:00:00.000Z'});
		judgedRun('t:old', 't:new', 'model_b', {votedAt: '2025-03-10T12:00:00.000Z'});
		judgedRun('t:new', 't:old', 'model_a', {votedAt: '2025-03-11T12:00:00.000Z'});

		const everything = loadLeaderboard(store(), {}, {bootstrapRounds: 0});
		expect(everything.votes).toBe(3);
		const recent = loadLeaderboard(store(), {since: new Date('2025-03-01T00:00:00Z')}, {bootstrapRounds: 0});
		expect(recent.votes).toBe(2);
		expect(row(recent.rows, 't:new')).toMatchObject({wins: 2, losses: 0});
		expect(row(recent.rows, 't:new').answers).toBe(2);
	});

	it('leaves out models below --min-battles, unrated ones included', () => {
		for (let index = 0; index < 3; index++) judgedRun('m:a', 'm:b', index === 0 ? 'model_b' : 'model_a');
		judgedRun('m:a', 'm:rare', 'model_a');
		store().saveRun({prompt: 'unvoted', answers: [modelResult({spec: 'm:unvoted'})]});

		const models = loadLeaderboard(store(), {}, {bootstrapRounds: 0, minBattles: 2}).rows.map(entry => entry.model);
		expect(models).toEqual(['m:a', 'm:b']);
	});

	it('computes value as mean score per dollar of output price, and leaves it empty for free or unpriced models', () => {
		const samples = (model: string) => ({model, answers: 2, failed: 0, ttft_ms: [], tokens_per_s: [], total_ms: [], cost_usd: [0.002, 0.004], scores: [7, 9]});
		const board = buildLeaderboard([], [samples('c:paid'), samples('c:free'), samples('c:unknown')], {
			outputPricePerMillion: model => ({'c:paid': 2, 'c:free': 0})[model] ?? null,
		});
		expect(row(board.rows, 'c:paid').value).toBe(4);
		expect(row(board.rows, 'c:free').value).toBeNull();
		expect(row(board.rows, 'c:unknown').value).toBeNull();
		expect(row(board.rows, 'c:paid').median_cost_usd).toBeCloseTo(0.003, 12);
	});
});

describe('which votes count', () => {
	/** a beats b in every blind vote; named and flagged votes say the opposite, so letting one in shows. */
	function mixedVotes(): void {
		repeat(5, () => judgedRun('w:a', 'w:b', 'model_a'));
		repeat(3, () => judgedRun('w:a', 'w:b', 'model_b', {mode: 'named'}));
		judgedRun('w:a', 'w:b', 'model_b', {flagged: true});
		judgedRun('w:b', 'w:a', 'model_a', {mode: 'named', flagged: true});
	}

	it('counts only blind, unflagged votes by default, and says how many others it left out', () => {
		mixedVotes();
		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 0});
		expect(board.votes).toBe(5);
		expect(row(board.rows, 'w:a')).toMatchObject({battles: 5, wins: 5, losses: 0});
		// A vote both named and flagged is left out once, as flagged.
		expect(board.census).toEqual({
			counted: 5,
			blind: 5,
			named: 0,
			flagged: 0,
			left_out_named: 3,
			left_out_flagged: 2,
			include_named: false,
			include_flagged: false,
		});
	});

	it('adds named votes with includeNamed, flagged ones with includeFlagged, and both with both', () => {
		mixedVotes();
		const withNamed = loadLeaderboard(store(), {includeNamed: true}, {bootstrapRounds: 0});
		expect(row(withNamed.rows, 'w:a')).toMatchObject({battles: 8, wins: 5, losses: 3});
		expect(withNamed.census).toMatchObject({counted: 8, blind: 5, named: 3, flagged: 0, left_out_named: 0, left_out_flagged: 2});

		const withFlagged = loadLeaderboard(store(), {includeFlagged: true}, {bootstrapRounds: 0});
		expect(row(withFlagged.rows, 'w:a')).toMatchObject({battles: 6, wins: 5, losses: 1});
		expect(withFlagged.census).toMatchObject({counted: 6, blind: 6, named: 0, flagged: 1, left_out_named: 4, left_out_flagged: 0});

		const everything = loadLeaderboard(store(), {includeNamed: true, includeFlagged: true}, {bootstrapRounds: 0});
		expect(row(everything.rows, 'w:a')).toMatchObject({battles: 10, wins: 5, losses: 5});
		expect(everything.census).toMatchObject({counted: 10, blind: 6, named: 4, flagged: 2, left_out_named: 0, left_out_flagged: 0});
	});

	it('counts what it left out within the scope only (category, source, time)', () => {
		mixedVotes();
		repeat(2, () => judgedRun('w:a', 'w:b', 'model_a', {category: 'coding'}));
		judgedRun('w:a', 'w:b', 'model_b', {category: 'coding', mode: 'named'});
		judgedRun('w:a', 'w:b', 'model_b', {category: 'coding', flagged: true});

		const coding = loadLeaderboard(store(), {category: 'coding'}, {bootstrapRounds: 0});
		expect(coding.census).toMatchObject({counted: 2, left_out_named: 1, left_out_flagged: 1});
		const unscoped = loadLeaderboard(store(), {}, {bootstrapRounds: 0});
		expect(unscoped.census).toMatchObject({counted: 7, left_out_named: 4, left_out_flagged: 3});
	});

	it('ranks on one category: its votes, and the scores and speed of its runs only', () => {
		repeat(4, () => judgedRun('c:coder', 'c:writer', 'model_a', {category: 'coding', leftMetrics: {spec: 'c:coder', ttft_ms: 100}}));
		repeat(4, () => judgedRun('c:writer', 'c:coder', 'model_a', {category: 'writing', rightMetrics: {spec: 'c:coder', ttft_ms: 900}}));

		const coding = loadLeaderboard(store(), {category: 'coding'}, {bootstrapRounds: 0});
		expect(coding.rows.map(entry => entry.model)).toEqual(['c:coder', 'c:writer']);
		expect(row(coding.rows, 'c:coder')).toMatchObject({battles: 4, wins: 4, answers: 4, median_ttft_ms: 100});
		const writing = loadLeaderboard(store(), {category: 'writing'}, {bootstrapRounds: 0});
		expect(writing.rows.map(entry => entry.model)).toEqual(['c:writer', 'c:coder']);
		expect(row(writing.rows, 'c:coder')).toMatchObject({battles: 4, losses: 4, median_ttft_ms: 900});
		const overall = loadLeaderboard(store(), {}, {bootstrapRounds: 0});
		expect(row(overall.rows, 'c:coder')).toMatchObject({battles: 8, wins: 4, answers: 8});
	});

	it('counts only votes and runs with the given source label', () => {
		repeat(3, () => judgedRun('s:one', 's:two', 'model_a'));
		repeat(2, () => judgedRun('s:one', 's:two', 'model_b', {source: 'friend'}));
		const friend = loadLeaderboard(store(), {source: 'friend'}, {bootstrapRounds: 0});
		expect(row(friend.rows, 's:one')).toMatchObject({battles: 2, wins: 0, losses: 2, answers: 2});
		expect(loadLeaderboard(store(), {source: 'local'}, {bootstrapRounds: 0}).votes).toBe(3);
	});
});

describe('columns for people', () => {
	const battles: Battle[] = [
		{model_a: 'k:first', model_b: 'k:second', winner: 'model_a'},
		{model_a: 'k:first', model_b: 'k:second', winner: 'model_a'},
		{model_a: 'k:second', model_b: 'k:first', winner: 'model_a'},
	];
	const samples = [
		{model: 'k:first', answers: 3, failed: 0, ttft_ms: [500], tokens_per_s: [10], total_ms: [2000], cost_usd: [], scores: [6]},
		{model: 'k:second', answers: 3, failed: 0, ttft_ms: [100], tokens_per_s: [90], total_ms: [900], cost_usd: [], scores: [8]},
		{model: 'k:unrated', answers: 1, failed: 0, ttft_ms: [50], tokens_per_s: [], total_ms: [], cost_usd: [], scores: []},
	];
	const board = buildLeaderboard(battles, samples, {bootstrapRounds: 20});

	it('hide the cost columns until some model has a cost', () => {
		const ids = visibleColumns(board.rows).map(column => column.id);
		expect(ids).toContain('rating');
		expect(ids).toContain('median_ttft_ms');
		expect(ids).not.toContain('median_cost_usd');
		expect(ids).not.toContain('value');
		expect(ids).not.toContain('failed');
	});

	it('sort best first per column, with unmeasured rows last in either direction', () => {
		const column = (id: string) => LEADERBOARD_COLUMNS.find(candidate => candidate.id === id)!;
		expect(sortRows(board.rows, column('median_ttft_ms'), 'ascending').map(entry => entry.model)).toEqual(['k:unrated', 'k:second', 'k:first']);
		expect(sortRows(board.rows, column('mean_score'), 'descending').map(entry => entry.model)).toEqual(['k:second', 'k:first', 'k:unrated']);
		expect(sortRows(board.rows, column('mean_score'), 'ascending').map(entry => entry.model)).toEqual(['k:first', 'k:second', 'k:unrated']);
		expect(sortRows(board.rows, column('rating'), 'ascending').map(entry => entry.model)).toEqual(['k:second', 'k:first', 'k:unrated']);
		expect(sortRows(board.rows, column('model'), 'descending').map(entry => entry.model)).toEqual(['k:unrated', 'k:second', 'k:first']);
	});

	it('print the rating with its interval and readable speeds in the table', () => {
		const table = renderLeaderboard(board, 'table');
		const first = table.split('\n').find(line => line.includes('k:first'))!;
		const rated = row(board.rows, 'k:first');
		expect(first).toContain(String(Math.round(rated.rating!)));
		expect(first).toContain(`+${Math.round(rated.ci_high! - rated.rating!)}/-${Math.round(rated.rating! - rated.ci_low!)}`);
		expect(first).toContain('500 ms');
		expect(first).toContain('2.00 s');
		expect(first).toContain('67%');
	});
});
