import {describe, expect, it} from 'vitest';
import {createRandom, shuffleInPlace} from '../../source/core/random.js';
import {
	bootstrapIntervals,
	computeRatings,
	countMatchups,
	fitBradleyTerry,
	onlineElo,
	positionBias,
	simulateBattles,
	upperBoundRanks,
	votesToSeparate,
	type Battle,
	type BattleWinner,
	type RatingReport,
	type RatingRow,
} from '../../source/core/rating.js';
import {percentile} from '../../source/core/stats.js';

/** `count` identical battles. */
function repeat(modelA: string, modelB: string, winner: BattleWinner, count: number): Battle[] {
	return Array.from({length: count}, () => ({model_a: modelA, model_b: modelB, winner}));
}

function ratingsByModel(models: readonly string[], ratings: readonly number[]): Record<string, number> {
	return Object.fromEntries(models.map((model, index) => [model, ratings[index]]));
}

function row(report: RatingReport, model: string): RatingRow {
	const found = report.rows.find(candidate => candidate.model === model);
	if (!found) throw new Error(`no row for ${model}`);
	return found;
}

/** Elo-scale win probability, written out independently of the module. */
function eloExpectation(rating: number, opponent: number): number {
	return 1 / (1 + 10 ** ((opponent - rating) / 400));
}

function meanOf(values: readonly number[]): number {
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

describe('fitBradleyTerry', () => {
	it('puts a 3-of-4 winner 400·log10(3) points ahead, centred on 1000', () => {
		const counts = countMatchups([...repeat('A', 'B', 'model_a', 3), ...repeat('A', 'B', 'model_b', 1)]);
		const ratings = ratingsByModel(counts.models, fitBradleyTerry(counts));
		expect(ratings.A - ratings.B).toBeCloseTo(400 * Math.log10(3), 2);
		expect(Math.abs(ratings.A - ratings.B - 400 * Math.log10(3))).toBeLessThan(0.01);
		expect((ratings.A + ratings.B) / 2).toBeCloseTo(1000, 9);
	});

	it('counts a tie, and "both bad", as half a win for each side', () => {
		// A: 1 win + 2 half-wins = 2 points of 3; B: 1 point. Same odds as 2:1.
		const counts = countMatchups([
			{model_a: 'A', model_b: 'B', winner: 'model_a'},
			{model_a: 'B', model_b: 'A', winner: 'tie'},
			{model_a: 'A', model_b: 'B', winner: 'tie (bothbad)'},
		]);
		const withTies = ratingsByModel(counts.models, fitBradleyTerry(counts));
		expect(withTies.A - withTies.B).toBeCloseTo(400 * Math.log10(2), 2);

		const onlyTies = countMatchups([...repeat('A', 'B', 'tie', 5), ...repeat('A', 'B', 'tie (bothbad)', 5)]);
		const even = fitBradleyTerry(onlyTies);
		expect(even[0]).toBeCloseTo(1000, 6);
		expect(even[1]).toBeCloseTo(1000, 6);
	});

	it('solves the likelihood equations for a three-model transitive case', () => {
		const battles = [
			...repeat('A', 'B', 'model_a', 6), ...repeat('A', 'B', 'model_b', 4), ...repeat('B', 'A', 'tie', 2),
			...repeat('B', 'C', 'model_a', 7), ...repeat('C', 'B', 'model_a', 3),
			...repeat('C', 'A', 'model_b', 8), ...repeat('A', 'C', 'model_b', 2),
		];
		const counts = countMatchups(battles);
		const ratings = ratingsByModel(counts.models, fitBradleyTerry(counts));
		expect(ratings.A).toBeGreaterThan(ratings.B);
		expect(ratings.B).toBeGreaterThan(ratings.C);
		expect(meanOf(Object.values(ratings))).toBeCloseTo(1000, 9);

		// At the maximum, each model's actual score (wins + ½ ties) equals its expected score.
		const actual: Record<string, number> = {A: 0, B: 0, C: 0};
		const expected: Record<string, number> = {A: 0, B: 0, C: 0};
		for (const battle of battles) {
			const scoreA = battle.winner === 'model_a' ? 1 : battle.winner === 'model_b' ? 0 : 0.5;
			actual[battle.model_a] += scoreA;
			actual[battle.model_b] += 1 - scoreA;
			const expectationA = eloExpectation(ratings[battle.model_a], ratings[battle.model_b]);
			expected[battle.model_a] += expectationA;
			expected[battle.model_b] += 1 - expectationA;
		}

		for (const model of ['A', 'B', 'C']) expect(expected[model]).toBeCloseTo(actual[model], 4);
	});

	it('recovers known strengths from simulated battles with ties', () => {
		const truth = {m1200: 1200, m1100: 1100, m1000: 1000, m900: 900, m800: 800};
		const battles = simulateBattles(truth, 20_000, createRandom(11), {tieRate: 0.25});
		const tieCount = battles.filter(battle => battle.winner !== 'model_a' && battle.winner !== 'model_b').length;
		expect(tieCount).toBeGreaterThan(1000);

		const counts = countMatchups(battles);
		const fitted = ratingsByModel(counts.models, fitBradleyTerry(counts));
		// 20,000 battles give each rating a standard error of about 5 points.
		for (const [model, rating] of Object.entries(truth)) expect(Math.abs(fitted[model] - rating)).toBeLessThan(20);
		expect(fitted.m1200 - fitted.m800).toBeGreaterThan(370);
		expect(fitted.m1200 - fitted.m800).toBeLessThan(430);
	});

	it('keeps a model that never lost finite, and tolerates models never compared', () => {
		const battles = [
			...repeat('Unbeaten', 'B', 'model_a', 10),
			...repeat('B', 'C', 'model_a', 5), ...repeat('B', 'C', 'model_b', 5),
			...repeat('Island1', 'Island2', 'model_a', 3), ...repeat('Island1', 'Island2', 'model_b', 1),
		];
		const report = computeRatings(battles, {bootstrapRounds: 200});
		for (const rated of report.rows) {
			expect(Number.isFinite(rated.rating)).toBe(true);
			expect(Number.isFinite(rated.ci_low) && Number.isFinite(rated.ci_high)).toBe(true);
		}

		expect(report.rows[0].model).toBe('Unbeaten');
		expect(row(report, 'Unbeaten').rating - row(report, 'B').rating).toBeGreaterThan(400);
	});
});

describe('countMatchups', () => {
	it('ignores a model against itself', () => {
		const counts = countMatchups([
			...repeat('A', 'A', 'model_a', 5),
			...repeat('Solo', 'Solo', 'tie', 3),
			...repeat('A', 'B', 'model_a', 2),
		]);
		expect(counts.models).toEqual(['A', 'B']);
		expect(counts.battles).toBe(2);
		expect(counts.pairs).toEqual([{first: 0, second: 1, firstWins: 2, secondWins: 0, ties: 0}]);
	});

	it('rejects an unknown winner instead of guessing', () => {
		const bad = [{model_a: 'A', model_b: 'B', winner: 'draw'}] as unknown as Battle[];
		expect(() => countMatchups(bad)).toThrow(/unknown battle winner/);
	});

	it('drops models below minBattles together with their battles', () => {
		const counts = countMatchups([...repeat('A', 'B', 'model_a', 4), ...repeat('A', 'Rare', 'model_b', 2)], {minBattles: 3});
		expect(counts.models).toEqual(['A', 'B']);
		expect(counts.battles).toBe(4);
	});
});

describe('bootstrap intervals', () => {
	it('contain the true rating about 95% of the time', () => {
		const truth = {a: 1100, b: 1040, c: 980, d: 880};
		const trueMean = meanOf(Object.values(truth));
		const random = createRandom(2024);
		let checks = 0;
		let covered = 0;
		for (let dataset = 0; dataset < 150; dataset++) {
			const counts = countMatchups(simulateBattles(truth, 300, random, {tieRate: 0.2}));
			const intervals = bootstrapIntervals(counts, {rounds: 1000, seed: dataset});
			for (const [index, model] of counts.models.entries()) {
				const centredTruth = truth[model as keyof typeof truth] - trueMean + 1000;
				checks++;
				if (intervals.low[index] <= centredTruth && centredTruth <= intervals.high[index]) covered++;
			}
		}

		expect(checks).toBe(600);
		expect(covered / checks).toBeGreaterThan(0.88);
		expect(covered / checks).toBeLessThan(0.99);
	});

	it('match resampling the battles one by one', () => {
		const battles = simulateBattles({x: 1080, y: 1000, z: 940}, 600, createRandom(3), {tieRate: 0.3});
		const counts = countMatchups(battles);
		const fast = bootstrapIntervals(counts, {rounds: 1000, seed: 1});

		// The textbook bootstrap: draw N battle indices with replacement, recount, refit.
		const random = createRandom(99);
		const samples: number[][] = counts.models.map(() => []);
		for (let round = 0; round < 1000; round++) {
			const resampled = Array.from({length: battles.length}, () => battles[random.int(battles.length)]);
			const refit = fitBradleyTerry(countMatchups(resampled));
			for (const [index, rating] of refit.entries()) samples[index].push(rating);
		}

		for (const index of counts.models.keys()) {
			const width = fast.high[index] - fast.low[index];
			expect(Math.abs(percentile(samples[index], 2.5)! - fast.low[index])).toBeLessThan(0.12 * width);
			expect(Math.abs(percentile(samples[index], 97.5)! - fast.high[index])).toBeLessThan(0.12 * width);
		}
	});

	it('shrink as votes accumulate', () => {
		const truth = {p: 1050, q: 1000, r: 950};
		const width = (battleCount: number): number => {
			const report = computeRatings(simulateBattles(truth, battleCount, createRandom(battleCount)), {bootstrapRounds: 1000});
			return meanOf(report.rows.map(rated => rated.ci_high - rated.ci_low));
		};

		// 25× the votes should make intervals about 5× narrower.
		const few = width(200);
		const many = width(5000);
		expect(many).toBeLessThan(few / 3.5);
		expect(many).toBeGreaterThan(few / 7);
	});

	it('are reproducible for a seed and independent of battle order', () => {
		const battles = simulateBattles({a: 1030, b: 1000, c: 990}, 500, createRandom(5));
		const first = computeRatings(battles, {bootstrapRounds: 300, seed: 42});
		const shuffled = computeRatings(shuffleInPlace(createRandom(6), [...battles]), {bootstrapRounds: 300, seed: 42});
		const otherSeed = computeRatings(battles, {bootstrapRounds: 300, seed: 43});
		const intervalsOf = (report: RatingReport) => report.rows.map(rated => [rated.model, rated.rating, rated.ci_low, rated.ci_high]);
		expect(intervalsOf(shuffled)).toEqual(intervalsOf(first));
		expect(intervalsOf(otherSeed)).not.toEqual(intervalsOf(first));
	});
});

describe('rank_ub', () => {
	it('ranks clearly separated models 1, 2, 3', () => {
		const report = computeRatings(simulateBattles({top: 1300, middle: 1000, bottom: 700}, 3000, createRandom(21)));
		expect(report.rows.map(rated => [rated.model, rated.rank_ub])).toEqual([['top', 1], ['middle', 2], ['bottom', 3]]);
	});

	it('gives overlapping models the same best rank', () => {
		const report = computeRatings(simulateBattles({twinA: 1010, twinB: 1000, weak: 600}, 600, createRandom(22)));
		expect(row(report, 'twinA').rank_ub).toBe(1);
		expect(row(report, 'twinB').rank_ub).toBe(1);
		expect(row(report, 'weak').rank_ub).toBe(3);
	});

	it('counts only models whose lower bound clears this upper bound', () => {
		expect(upperBoundRanks([10, 5, 0, -20], [20, 12, 8, -10])).toEqual([1, 1, 2, 4]);
	});
});

describe('onlineElo', () => {
	it('follows the K = 4 update by hand', () => {
		const battles: Battle[] = [
			{model_a: 'A', model_b: 'B', winner: 'model_a'},
			{model_a: 'A', model_b: 'B', winner: 'model_b'},
			{model_a: 'C', model_b: 'A', winner: 'tie'},
		];

		// Battle 1: even ratings, expected 0.5, A gains 4·0.5 = 2.
		let a = 1002;
		let b = 998;
		// Battle 2: A (1002) loses to B (998).
		const expectedA = 1 / (1 + 10 ** ((998 - 1002) / 400));
		a -= 4 * expectedA;
		b += 4 * expectedA;
		// Battle 3: C (1000, left) ties A.
		const expectedC = 1 / (1 + 10 ** ((a - 1000) / 400));
		const c = 1000 + 4 * (0.5 - expectedC);
		a -= 4 * (0.5 - expectedC);

		const elo = onlineElo(battles);
		expect(elo.get('A')).toBeCloseTo(a, 10);
		expect(elo.get('B')).toBeCloseTo(b, 10);
		expect(elo.get('C')).toBeCloseTo(c, 10);
		expect(elo.get('A')! + elo.get('B')! + elo.get('C')!).toBeCloseTo(3000, 10);
	});
});

describe('computeRatings', () => {
	it('returns nothing for no battles', () => {
		const report = computeRatings([]);
		expect(report.rows).toEqual([]);
		expect(report.separations).toEqual([]);
		expect(report.pairwise.models).toEqual([]);
		expect(report.position_bias.left_win_rate).toBeNull();
	});

	it('reports battles, wins, losses, ties, win rate and the head-to-head table', () => {
		const report = computeRatings([
			...repeat('A', 'B', 'model_a', 2),
			...repeat('B', 'A', 'model_a', 1),
			...repeat('A', 'B', 'tie (bothbad)', 1),
			...repeat('C', 'A', 'model_b', 1),
			...repeat('C', 'C', 'model_a', 9),
		], {bootstrapRounds: 100});
		expect(row(report, 'A')).toMatchObject({battles: 5, wins: 3, losses: 1, ties: 1, win_rate: 3 / 5});
		expect(row(report, 'B')).toMatchObject({battles: 4, wins: 1, losses: 2, ties: 1, win_rate: 1 / 4});
		expect(row(report, 'C')).toMatchObject({battles: 1, wins: 0, losses: 1, ties: 0, win_rate: 0});

		const {models, win_rate: winRate, battles} = report.pairwise;
		expect(models).toEqual(report.rows.map(rated => rated.model));
		const at = (rowModel: string, columnModel: string) => winRate[models.indexOf(rowModel)][models.indexOf(columnModel)];
		expect(at('A', 'B')).toBe(2 / 4);
		expect(at('B', 'A')).toBe(1 / 4);
		expect(at('A', 'C')).toBe(1);
		expect(at('B', 'C')).toBeNull();
		expect(battles[models.indexOf('A')][models.indexOf('B')]).toBe(4);
	});

	it('sorts rows by rating and keeps the mean rating at 1000', () => {
		const report = computeRatings(simulateBattles({low: 900, high: 1150, mid: 1000, top: 1200}, 4000, createRandom(8)));
		expect(report.rows.map(rated => rated.model)).toEqual(['top', 'high', 'mid', 'low']);
		expect(meanOf(report.rows.map(rated => rated.rating))).toBeCloseTo(1000, 6);
		for (const rated of report.rows) {
			expect(rated.ci_low).toBeLessThanOrEqual(rated.rating);
			expect(rated.ci_high).toBeGreaterThanOrEqual(rated.rating);
		}
	});

	it('leaves out models under minBattles, and their battles from everyone\'s counts', () => {
		const report = computeRatings([...repeat('A', 'B', 'model_a', 6), ...repeat('A', 'B', 'model_b', 4), ...repeat('Rare', 'A', 'model_a', 2)], {minBattles: 5, bootstrapRounds: 100});
		expect(report.rows.map(rated => rated.model).sort()).toEqual(['A', 'B']);
		expect(row(report, 'A').battles).toBe(10);
	});

	it('uses degenerate intervals when the bootstrap is skipped', () => {
		const report = computeRatings([...repeat('A', 'B', 'model_a', 3), ...repeat('A', 'B', 'model_b', 1)], {bootstrapRounds: 0});
		expect(report.bootstrap_rounds).toBe(0);
		for (const rated of report.rows) expect([rated.ci_low, rated.ci_high]).toEqual([rated.rating, rated.rating]);
	});
});

describe('positionBias', () => {
	it('detects a voter who favours the left answer', () => {
		const battles = simulateBattles({a: 1000, b: 1000, c: 1000}, 4000, createRandom(31), {leftAdvantage: 100, tieRate: 0});
		const bias = positionBias(battles);
		const leftChance = 1 / (1 + 10 ** (-100 / 400));
		expect(bias.ci_low!).toBeGreaterThan(0.5);
		expect(bias.ci_low!).toBeLessThan(leftChance);
		expect(bias.ci_high!).toBeGreaterThan(leftChance);
	});

	it('finds no bias when sides do not matter', () => {
		const bias = positionBias(simulateBattles({a: 1100, b: 1000, c: 900}, 4000, createRandom(32)));
		expect(bias.ci_low!).toBeLessThan(0.5);
		expect(bias.ci_high!).toBeGreaterThan(0.5);
	});

	it('leaves ties out of the rate', () => {
		const bias = positionBias([...repeat('A', 'B', 'model_a', 3), ...repeat('B', 'A', 'model_a', 3), ...repeat('A', 'B', 'model_b', 2), ...repeat('A', 'B', 'tie', 10)]);
		expect(bias).toMatchObject({left_wins: 6, right_wins: 2, ties: 10, left_win_rate: 6 / 8});
	});
});

describe('votesToSeparate', () => {
	/** A beats B 11:9 on top of an initial 33:27, so the rating gap stays exactly 400·log10(11/9). */
	function closeRace(extraVotes: number, withThirdModel: boolean): Battle[] {
		const batches = Math.round(extraVotes / 20);
		const battles = [...repeat('A', 'B', 'model_a', 33 + 11 * batches), ...repeat('A', 'B', 'model_b', 27 + 9 * batches)];
		// C's results agree with the same gap (A beats C 74%, B beats C 70%).
		if (withThirdModel) battles.push(...repeat('A', 'C', 'model_a', 296), ...repeat('A', 'C', 'model_b', 104), ...repeat('B', 'C', 'model_a', 280), ...repeat('B', 'C', 'model_b', 120));
		return battles;
	}

	function intervalsOverlap(report: RatingReport): boolean {
		return row(report, 'A').ci_low <= row(report, 'B').ci_high;
	}

	for (const withThirdModel of [false, true]) {
		it(`predicts when the intervals stop overlapping (${withThirdModel ? 'three' : 'two'} models)`, () => {
			const now = computeRatings(closeRace(0, withThirdModel));
			expect(intervalsOverlap(now)).toBe(true);
			const needed = votesToSeparate(now.matchups, now.rows, 'A', 'B');
			expect(needed).toBeGreaterThan(100);

			expect(intervalsOverlap(computeRatings(closeRace(needed! / 2, withThirdModel)))).toBe(true);
			expect(intervalsOverlap(computeRatings(closeRace(needed! * 2, withThirdModel)))).toBe(false);
			expect(votesToSeparate(now.matchups, now.rows, 'B', 'A')).toBe(needed);
		});
	}

	it('says 0 once separated and null for equal ratings', () => {
		const separated = computeRatings(closeRace(2000, false));
		expect(votesToSeparate(separated.matchups, separated.rows, 'A', 'B')).toBe(0);

		const level = computeRatings([...repeat('A', 'B', 'model_a', 10), ...repeat('A', 'B', 'model_b', 10)]);
		expect(votesToSeparate(level.matchups, level.rows, 'A', 'B')).toBeNull();
		expect(votesToSeparate(level.matchups, level.rows, 'A', 'B', {criterion: 'difference'})).toBeNull();
	});

	it('says null when the gap is smaller than the uncertainty shared with a barely tested model', () => {
		const report = computeRatings([
			...repeat('A', 'B', 'model_a', 500), ...repeat('A', 'B', 'model_b', 490),
			...repeat('A', 'C', 'model_a', 3), ...repeat('A', 'C', 'model_b', 2),
			...repeat('B', 'C', 'model_a', 3), ...repeat('B', 'C', 'model_b', 2),
		]);
		expect(votesToSeparate(report.matchups, report.rows, 'A', 'B')).toBeNull();
		// The difference alone can still be pinned down by direct votes.
		expect(votesToSeparate(report.matchups, report.rows, 'A', 'B', {criterion: 'difference'})).toBeGreaterThan(1000);
	});

	it('uses the Fisher-information formula for the difference criterion', () => {
		const now = computeRatings(closeRace(0, false));
		const gap = 400 * Math.log10(33 / 27);
		const p = 33 / 60;
		const perVote = p * (1 - p) * (Math.log(10) / 400) ** 2;
		// Two models: Var(gap) = 1 / (N·I₁), significant once 1.96·sd < gap.
		const totalVotes = 1.959_963_984_540_054 ** 2 / (gap * gap * perVote);
		const needed = votesToSeparate(now.matchups, now.rows, 'A', 'B', {criterion: 'difference'})!;
		expect(Math.abs(needed - (totalVotes - 60))).toBeLessThanOrEqual(1);
	});

	it('appears in the report for each pair of neighbouring rows', () => {
		const report = computeRatings(closeRace(0, true));
		expect(report.separations.map(separation => [separation.higher, separation.lower])).toEqual([['A', 'B'], ['B', 'C']]);
		expect(report.separations[0].votes_needed).toBe(votesToSeparate(report.matchups, report.rows, 'A', 'B'));
		expect(report.separations[0].votes_needed_difference).toBeLessThan(report.separations[0].votes_needed!);
	});

	it('rejects a model that is not on the leaderboard', () => {
		const report = computeRatings(closeRace(0, false));
		expect(() => votesToSeparate(report.matchups, report.rows, 'A', 'Nope')).toThrow(/unknown model/);
	});
});
