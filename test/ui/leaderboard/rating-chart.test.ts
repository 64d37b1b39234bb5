import {describe, expect, it} from 'vitest';
import {chartAxis, ratingChart, ratingScale} from '../../../source/ui/leaderboard/rating-chart.js';

describe('the rating chart', () => {
	const rows = [
		{rating: 1100, ci_low: 1050, ci_high: 1200},
		{rating: 1000, ci_low: 900, ci_high: 1040},
		{rating: null, ci_low: null, ci_high: null},
	];
	const scale = ratingScale(rows)!;

	it('spans the lowest lower bound to the highest upper bound of the rated rows', () => {
		expect(scale).toEqual({low: 900, high: 1200});
	});

	it('draws the bar up to the interval, the whisker across it and the point at the rating', () => {
		// 31 cells: one per 10 points, 900 at cell 0 and 1200 at cell 30.
		expect(ratingChart(rows[0]!, scale, 31)).toBe(`${'█'.repeat(15)}├────●─────────┤`);
		expect(ratingChart(rows[1]!, scale, 31)).toBe(`├─────────●───┤${' '.repeat(16)}`);
	});

	it('is blank, at full width, for an unrated model', () => {
		expect(ratingChart(rows[2]!, scale, 12)).toBe(' '.repeat(12));
	});

	it('keeps the point visible when the interval is narrower than a cell', () => {
		const chart = ratingChart({rating: 1000, ci_low: 1000, ci_high: 1000}, {low: 900, high: 1100}, 21);
		expect(chart).toBe(`${'█'.repeat(10)}●${' '.repeat(10)}`);
	});

	it('labels both ends of the scale', () => {
		expect(chartAxis(scale, 20)).toBe(`900${' '.repeat(13)}1200`);
		expect(chartAxis(scale, 20)).toHaveLength(20);
		expect(ratingScale([{rating: 1000, ci_low: 1000, ci_high: 1000}])).toEqual({low: 999, high: 1001});
		expect(ratingScale([rows[2]!])).toBeNull();
	});
});
