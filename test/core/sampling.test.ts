import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/core/errors.js';
import {createRandom} from '../../source/core/random.js';
import {
	chooseBattlePair,
	intervalOverlap,
	MIN_PAIR_WEIGHT,
	pairBattleCounts,
	pairKey,
	pairWeight,
	type SamplingInput,
} from '../../source/core/sampling.js';

/** Draws `rounds` pairs with one seeded generator; counts per unordered pair and per model on the left. */
function draw(input: SamplingInput, rounds: number, seed = 7) {
	const random = createRandom(seed);
	const pairs = new Map<string, number>();
	const leftCount = new Map<string, number>();
	const appearances = new Map<string, number>();
	const sequence: string[] = [];
	for (let round = 0; round < rounds; round++) {
		const {left, right} = chooseBattlePair(input, random);
		sequence.push(`${left}|${right}`);
		const key = pairKey(left, right);
		pairs.set(key, (pairs.get(key) ?? 0) + 1);
		leftCount.set(left, (leftCount.get(left) ?? 0) + 1);
		for (const model of [left, right]) appearances.set(model, (appearances.get(model) ?? 0) + 1);
	}
	return {pairs, leftCount, appearances, sequence};
}

/** |successes − n/2| within `sigmas` standard deviations of a fair coin. */
function closeToHalf(successes: number, trials: number, sigmas = 4.5): boolean {
	return Math.abs(successes - trials / 2) <= (sigmas * Math.sqrt(trials)) / 2;
}

const pointRating = (rating: number) => ({rating, ci_low: rating, ci_high: rating});

describe('chooseBattlePair', () => {
	it('never pits a model against itself, even when the list repeats a model', () => {
		const input = {models: ['demo:swift', 'demo:swift', 'demo:steady', 'demo:thinker', 'demo:steady']};
		const {sequence} = draw(input, 2000);
		for (const battle of sequence) {
			const [left, right] = battle.split('|');
			expect(left).not.toBe(right);
		}
	});

	it('needs two different models', () => {
		expect(() => chooseBattlePair({models: ['demo:swift', 'demo:swift']}, createRandom(1))).toThrow(UsageError);
		expect(() => chooseBattlePair({models: []}, createRandom(1))).toThrow(/at least two different models/);
		// Two copies of one model plus another is a valid pool of two.
		expect(chooseBattlePair({models: ['x', 'x', 'y']}, createRandom(1))).toSatisfy(
			(pair: {left: string; right: string}) => new Set([pair.left, pair.right]).size === 2,
		);
	});

	it('covers every pair over many rounds, including a settled, well-separated one', () => {
		const models = ['m1', 'm2', 'm3', 'm4', 'm5'];
		const settled = pairKey('m1', 'm5');
		const input: SamplingInput = {
			models,
			ratings: new Map([
				['m1', {rating: 1400, ci_low: 1380, ci_high: 1420}],
				['m2', {rating: 1000, ci_low: 900, ci_high: 1100}],
				['m3', {rating: 1000, ci_low: 900, ci_high: 1100}],
				['m4', {rating: 1000, ci_low: 900, ci_high: 1100}],
				['m5', {rating: 600, ci_low: 580, ci_high: 620}],
			]),
			pairBattles: new Map([[settled, 1000]]),
		};
		const {pairs} = draw(input, 5000);
		expect(pairs.size).toBe(10);
		for (let first = 0; first < models.length; first++) {
			for (let second = first + 1; second < models.length; second++) {
				expect(pairs.get(pairKey(models[first]!, models[second]!)) ?? 0, `${models[first]} vs ${models[second]}`).toBeGreaterThan(0);
			}
		}
	});

	it('puts each model on the left about half the time, whatever order the models are listed in', () => {
		const input = {models: ['alpha', 'beta', 'gamma']};
		const {leftCount, appearances} = draw(input, 6000, 11);
		for (const model of input.models) {
			const shown = appearances.get(model)!;
			const onLeft = leftCount.get(model) ?? 0;
			expect(closeToHalf(onLeft, shown), `${model}: left ${onLeft} of ${shown}`).toBe(true);
		}
	});

	it('keeps sides fair within each pair, even when pairs have very different weights', () => {
		const input: SamplingInput = {models: ['a', 'b', 'c'], pairBattles: new Map([[pairKey('a', 'c'), 200]])};
		const random = createRandom(23);
		const leftIsFirstListed = new Map<string, {first: number; total: number}>();
		for (let round = 0; round < 6000; round++) {
			const {left, right} = chooseBattlePair(input, random);
			const key = pairKey(left, right);
			const entry = leftIsFirstListed.get(key) ?? {first: 0, total: 0};
			entry.total++;
			if (input.models.indexOf(left) < input.models.indexOf(right)) entry.first++;
			leftIsFirstListed.set(key, entry);
		}
		for (const [key, {first, total}] of leftIsFirstListed) {
			expect(total, key).toBeGreaterThan(100);
			expect(closeToHalf(first, total), `${key}: first-listed model on the left ${first} of ${total}`).toBe(true);
		}
	});

	it('chooses pairs with fewer battles more often', () => {
		const input: SamplingInput = {
			models: ['a', 'b', 'c'],
			pairBattles: new Map([
				[pairKey('a', 'b'), 0],
				[pairKey('a', 'c'), 50],
				[pairKey('b', 'c'), 50],
			]),
		};
		const {pairs} = draw(input, 4000);
		const fresh = pairs.get(pairKey('a', 'b'))!;
		// Weights 2.05 vs 1.07 each: the fresh pair should come up in about half the rounds.
		expect(fresh).toBeGreaterThan(1.5 * pairs.get(pairKey('a', 'c'))!);
		expect(fresh).toBeGreaterThan(1.5 * pairs.get(pairKey('b', 'c'))!);
		expect(fresh / 4000).toBeGreaterThan(0.42);
		expect(fresh / 4000).toBeLessThan(0.54);
	});

	it('prefers pairs whose 95% intervals overlap over well-separated ones', () => {
		const input: SamplingInput = {
			models: ['close-1', 'close-2', 'far'],
			ratings: new Map([
				['close-1', {rating: 1000, ci_low: 970, ci_high: 1030}],
				['close-2', {rating: 1010, ci_low: 980, ci_high: 1040}],
				['far', {rating: 1400, ci_low: 1370, ci_high: 1430}],
			]),
			pairBattles: new Map([
				[pairKey('close-1', 'close-2'), 10],
				[pairKey('close-1', 'far'), 10],
				[pairKey('close-2', 'far'), 10],
			]),
		};
		const {pairs} = draw(input, 4000);
		const close = pairs.get(pairKey('close-1', 'close-2'))!;
		expect(close).toBeGreaterThan(4 * pairs.get(pairKey('close-1', 'far'))!);
		expect(close).toBeGreaterThan(4 * pairs.get(pairKey('close-2', 'far'))!);
	});

	it('without intervals (no bootstrap), prefers pairs with close ratings', () => {
		const input: SamplingInput = {
			models: ['a', 'b', 'c'],
			ratings: new Map([
				['a', pointRating(1000)],
				['b', pointRating(1020)],
				['c', pointRating(1600)],
			]),
			pairBattles: new Map([
				[pairKey('a', 'b'), 20],
				[pairKey('a', 'c'), 20],
				[pairKey('b', 'c'), 20],
			]),
		};
		const {pairs} = draw(input, 3000);
		expect(pairs.get(pairKey('a', 'b'))!).toBeGreaterThan(3 * pairs.get(pairKey('a', 'c'))!);
	});

	it('is deterministic for a seed, and different seeds give different rounds', () => {
		const input = {models: ['a', 'b', 'c', 'd']};
		expect(draw(input, 50, 42).sequence).toEqual(draw(input, 50, 42).sequence);
		expect(draw(input, 50, 42).sequence).not.toEqual(draw(input, 50, 43).sequence);
	});
});

describe('pair weights', () => {
	it('rates an unknown pair highest and never drops below the floor', () => {
		const unknown = pairWeight({battles: 0});
		const settled = pairWeight({battles: 10_000, intervalOverlap: 0});
		expect(unknown).toBeGreaterThan(pairWeight({battles: 5}));
		expect(settled).toBeGreaterThanOrEqual(MIN_PAIR_WEIGHT);
		expect(settled).toBeLessThan(0.1);
	});

	it('measures overlap against the narrower interval, and says nothing about point ratings', () => {
		expect(intervalOverlap({rating: 10, ci_low: 0, ci_high: 20}, {rating: 10, ci_low: 5, ci_high: 15})).toBe(1);
		expect(intervalOverlap({rating: 10, ci_low: 0, ci_high: 20}, {rating: 25, ci_low: 15, ci_high: 35})).toBeCloseTo(0.25);
		expect(intervalOverlap({rating: 10, ci_low: 0, ci_high: 20}, {rating: 50, ci_low: 40, ci_high: 60})).toBe(0);
		expect(intervalOverlap(pointRating(10), {rating: 10, ci_low: 0, ci_high: 20})).toBeNull();
	});
});

describe('pairKey and pairBattleCounts', () => {
	it('gives one key per unordered pair, with no collisions between different pairs', () => {
		expect(pairKey('openai:gpt-4o', 'demo:swift')).toBe(pairKey('demo:swift', 'openai:gpt-4o'));
		expect(pairKey('a b', 'c')).not.toBe(pairKey('a', 'b c'));
		expect(pairKey('a,b', 'c')).not.toBe(pairKey('a', 'b,c'));
	});

	it('counts battles per pair in both orientations, honouring grouped counts and skipping self-battles', () => {
		const counts = pairBattleCounts([
			{model_a: 'x', model_b: 'y'},
			{model_a: 'y', model_b: 'x', count: 3},
			{model_a: 'x', model_b: 'x', count: 5},
			{model_a: 'x', model_b: 'z'},
		]);
		expect(counts.get(pairKey('x', 'y'))).toBe(4);
		expect(counts.get(pairKey('x', 'z'))).toBe(1);
		expect(counts.size).toBe(2);
	});
});
