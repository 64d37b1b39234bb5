import {describe, expect, it} from 'vitest';
import {mean, median, percentile, percentileOfSorted, sortedFinite, wilsonInterval} from '../../source/core/stats.js';

describe('median', () => {
	it('takes the middle value of an odd count, in any input order', () => {
		expect(median([9, 1, 5])).toBe(5);
	});

	it('averages the middle two of an even count', () => {
		expect(median([4, 1, 3, 2])).toBe(2.5);
	});

	it('is null for no data, so "no runs" never reads as 0 ms', () => {
		expect(median([])).toBeNull();
		expect(median([null, undefined, Number.NaN])).toBeNull();
	});

	it('skips missing and non-finite samples (failed runs have no TTFT)', () => {
		expect(median([null, 10, Number.POSITIVE_INFINITY, 30, undefined, 20])).toBe(20);
	});

	it('does not reorder the caller\'s array', () => {
		const samples = [3, 1, 2];
		median(samples);
		expect(samples).toEqual([3, 1, 2]);
	});
});

describe('percentile', () => {
	it('interpolates linearly between the nearest ranks (NumPy\'s default)', () => {
		// Sorted [1, 2, 3, 4]: p25 sits at rank 0.75 → 1 + 0.75·(2 − 1).
		expect(percentile([4, 1, 3, 2], 25)).toBeCloseTo(1.75, 12);
		// p99 of 1..100 sits at rank 98.01 → 99 + 0.01·(100 − 99).
		const oneToHundred = Array.from({length: 100}, (_, index) => index + 1);
		expect(percentile(oneToHundred, 99)).toBeCloseTo(99.01, 12);
	});

	it('returns the extremes at 0 and 100, and the only value of a single sample', () => {
		expect(percentile([5, -2, 7], 0)).toBe(-2);
		expect(percentile([5, -2, 7], 100)).toBe(7);
		expect(percentile([42], 99)).toBe(42);
	});

	it('is null for empty input and rejects percentages outside 0–100', () => {
		expect(percentile([], 50)).toBeNull();
		expect(() => percentile([1, 2], 101)).toThrow(RangeError);
		expect(() => percentile([1, 2], -1)).toThrow(RangeError);
	});

	it('agrees with percentileOfSorted on pre-sorted input', () => {
		const samples = [0.3, 12, -4, 8.5, 2, 2];
		const sorted = sortedFinite(samples);
		expect([...sorted]).toEqual([-4, 0.3, 2, 2, 8.5, 12]);
		for (const p of [0, 2.5, 50, 90, 97.5, 100]) expect(percentileOfSorted(sorted, p)).toBe(percentile(samples, p));
	});
});

describe('mean', () => {
	it('averages finite samples and is null without any', () => {
		expect(mean([1, 2, null, 6])).toBe(3);
		expect(mean([])).toBeNull();
	});
});

describe('wilsonInterval', () => {
	it('matches the textbook 95% interval for 50 of 100', () => {
		const interval = wilsonInterval(50, 100)!;
		expect(interval.estimate).toBe(0.5);
		expect(interval.low).toBeCloseTo(0.4038, 4);
		expect(interval.high).toBeCloseTo(0.5962, 4);
	});

	it('keeps a useful width at 0 successes instead of collapsing to [0, 0]', () => {
		const interval = wilsonInterval(0, 10)!;
		expect(interval.low).toBe(0);
		// Upper bound z²/(n + z²) at zero successes.
		expect(interval.high).toBeCloseTo(1.96 ** 2 / (10 + 1.96 ** 2), 10);
	});

	it('stays inside [0, 1] and is null without trials', () => {
		const allWins = wilsonInterval(3, 3)!;
		expect(allWins.high).toBe(1);
		expect(allWins.low).toBeGreaterThan(0);
		expect(wilsonInterval(0, 0)).toBeNull();
		expect(() => wilsonInterval(4, 3)).toThrow(RangeError);
	});
});
