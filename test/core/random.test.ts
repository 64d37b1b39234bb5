import {describe, expect, it} from 'vitest';
import {createRandom, sampleBinomial, sampleMultinomialInto, shuffleInPlace} from '../../source/core/random.js';

/** Upper 99.9% point of chi-square with `degrees` degrees of freedom (Wilson–Hilferty). */
function chiSquareCritical999(degrees: number): number {
	const z = 3.090_232;
	const ninth = 2 / (9 * degrees);
	return degrees * (1 - ninth + z * Math.sqrt(ninth)) ** 3;
}

/** Pearson chi-square of observed counts against expected counts. */
function chiSquare(observed: number[], expected: number[]): number {
	return observed.reduce((sum, count, index) => sum + (count - expected[index]) ** 2 / expected[index], 0);
}

/** Exact Binomial(n, p) probabilities by the ratio recurrence. */
function binomialPmf(trials: number, probability: number): number[] {
	const pmf = [(1 - probability) ** trials];
	for (let k = 0; k < trials; k++) pmf.push((pmf[k] * (trials - k) / (k + 1)) * probability / (1 - probability));
	return pmf;
}

/** Draws `draws` binomials and tests their histogram against the exact law, pooling cells with < 5 expected. */
function binomialGoodnessOfFit(seed: number, trials: number, probability: number, draws: number): {statistic: number; critical: number} {
	const random = createRandom(seed);
	const histogram = new Array<number>(trials + 1).fill(0);
	for (let draw = 0; draw < draws; draw++) histogram[sampleBinomial(random, trials, probability)]++;

	const pmf = binomialPmf(trials, probability);
	const observed: number[] = [];
	const expected: number[] = [];
	let pooledObserved = 0;
	let pooledExpected = 0;
	for (let k = 0; k <= trials; k++) {
		pooledObserved += histogram[k];
		pooledExpected += pmf[k] * draws;
		if (pooledExpected >= 5) {
			observed.push(pooledObserved);
			expected.push(pooledExpected);
			pooledObserved = 0;
			pooledExpected = 0;
		}
	}

	observed[observed.length - 1] += pooledObserved;
	expected[expected.length - 1] += pooledExpected;
	return {statistic: chiSquare(observed, expected), critical: chiSquareCritical999(observed.length - 1)};
}

describe('createRandom', () => {
	it('replays the same stream for the same seed and a different one for another seed', () => {
		const first = createRandom(123);
		const again = createRandom(123);
		const other = createRandom(124);
		const streamFirst = Array.from({length: 8}, () => first.uint32());
		expect(Array.from({length: 8}, () => again.uint32())).toEqual(streamFirst);
		expect(Array.from({length: 8}, () => other.uint32())).not.toEqual(streamFirst);
	});

	it('gives floats in [0, 1) and unbiased integers in range', () => {
		const random = createRandom(5);
		const buckets = new Array<number>(7).fill(0);
		const draws = 70_000;
		let outOfRange = 0;
		for (let draw = 0; draw < draws; draw++) {
			const value = random.float();
			if (!(value >= 0 && value < 1)) outOfRange++;
			buckets[random.int(7)]++;
		}

		expect(outOfRange).toBe(0);

		const expected = new Array<number>(7).fill(draws / 7);
		expect(chiSquare(buckets, expected)).toBeLessThan(chiSquareCritical999(6));
	});

	it('rejects a non-finite seed and an empty integer range', () => {
		expect(() => createRandom(Number.NaN)).toThrow(RangeError);
		expect(() => createRandom(1).int(0)).toThrow(RangeError);
	});
});

describe('shuffleInPlace', () => {
	it('returns a permutation and puts each item first about equally often', () => {
		const random = createRandom(9);
		const firstCounts = [0, 0, 0, 0];
		for (let round = 0; round < 8000; round++) {
			const shuffled = shuffleInPlace(random, [0, 1, 2, 3]);
			expect([...shuffled].sort()).toEqual([0, 1, 2, 3]);
			firstCounts[shuffled[0]]++;
		}

		expect(chiSquare(firstCounts, [2000, 2000, 2000, 2000])).toBeLessThan(chiSquareCritical999(3));
	});
});

describe('sampleBinomial', () => {
	it('follows the exact binomial law on the small-mean (inversion) path', () => {
		const {statistic, critical} = binomialGoodnessOfFit(1, 20, 0.2, 40_000);
		expect(statistic).toBeLessThan(critical);
	});

	it('follows the exact binomial law on the large-mean (BTRS) path', () => {
		const {statistic, critical} = binomialGoodnessOfFit(2, 200, 0.3, 40_000);
		expect(statistic).toBeLessThan(critical);
	});

	it('follows the exact binomial law for p above one half', () => {
		const {statistic, critical} = binomialGoodnessOfFit(3, 120, 0.85, 40_000);
		expect(statistic).toBeLessThan(critical);
	});

	it('has the right mean and variance for huge trial counts', () => {
		const random = createRandom(4);
		const trials = 1_000_000;
		const probability = 0.037;
		const draws = 20_000;
		let sum = 0;
		let sumOfSquares = 0;
		let invalid = 0;
		for (let draw = 0; draw < draws; draw++) {
			const value = sampleBinomial(random, trials, probability);
			if (!(Number.isInteger(value) && value >= 0 && value <= trials)) invalid++;
			sum += value;
			sumOfSquares += value * value;
		}

		expect(invalid).toBe(0);
		const sampleMean = sum / draws;
		const sampleVariance = sumOfSquares / draws - sampleMean ** 2;
		const variance = trials * probability * (1 - probability);
		// Mean within 5 standard errors; variance within 5%.
		expect(Math.abs(sampleMean - trials * probability)).toBeLessThan(5 * Math.sqrt(variance / draws));
		expect(sampleVariance / variance).toBeGreaterThan(0.95);
		expect(sampleVariance / variance).toBeLessThan(1.05);
	});

	it('handles the degenerate cases exactly', () => {
		const random = createRandom(0);
		expect(sampleBinomial(random, 0, 0.5)).toBe(0);
		expect(sampleBinomial(random, 50, 0)).toBe(0);
		expect(sampleBinomial(random, 50, 1)).toBe(50);
		expect(() => sampleBinomial(random, 2.5, 0.5)).toThrow(RangeError);
		expect(() => sampleBinomial(random, 5, 1.5)).toThrow(RangeError);
	});
});

describe('sampleMultinomialInto', () => {
	it('always spends exactly the total and leaves empty cells empty', () => {
		const random = createRandom(6);
		const weights = [500, 0, 300, 200, 1];
		const out = new Float64Array(weights.length);
		for (let round = 0; round < 200; round++) {
			sampleMultinomialInto(random, 1000, weights, out);
			expect(out.reduce((sum, count) => sum + count, 0)).toBe(1000);
			expect(out[1]).toBe(0);
		}
	});

	it('splits the total in proportion to the weights on average', () => {
		const random = createRandom(8);
		const weights = [60_000, 30_000, 9_000, 1_000];
		const totals = [0, 0, 0, 0];
		const rounds = 300;
		const out = new Float64Array(weights.length);
		for (let round = 0; round < rounds; round++) {
			sampleMultinomialInto(random, 100_000, weights, out);
			for (let cell = 0; cell < weights.length; cell++) totals[cell] += out[cell];
		}

		for (let cell = 0; cell < weights.length; cell++) {
			const share = weights[cell] / 100_000;
			const standardError = Math.sqrt((100_000 * share * (1 - share)) / rounds);
			expect(Math.abs(totals[cell] / rounds - 100_000 * share)).toBeLessThan(5 * standardError);
		}
	});
});
