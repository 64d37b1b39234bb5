import {describe, expect, it} from 'vitest';
import type {HeadToHeadMatrix, HeadToHeadRecord} from '../../../source/core/leaderboard-report.js';
import {headToHeadLayout} from '../../../source/ui/leaderboard/head-to-head-layout.js';

function record(wins: number, losses: number, ties = 0): HeadToHeadRecord {
	const battles = wins + losses + ties;
	return {win_rate: wins / battles, battles, wins, losses, ties};
}

/** one beats two 3–1; two beats three 120–80; one and three never met. */
const matrix: HeadToHeadMatrix = {
	models: ['m:one', 'm:two', 'm:three'],
	records: [
		[null, record(3, 1), null],
		[record(1, 3), null, record(120, 80)],
		[null, record(80, 120), null],
	],
};

describe('the head-to-head layout', () => {
	it('numbers rows and columns by board place and right-aligns each column to its widest cell', () => {
		const layout = headToHeadLayout(matrix, 80);
		expect(layout.hiddenColumns).toBe(0);
		expect(layout.header).toBe('                 #1         #2         #3');
		expect(layout.rows).toEqual([
			'#1 m:one               75% (4)          —',
			'#2 m:two    25% (4)             60% (200)',
			'#3 m:three        —  40% (200)',
		]);
	});

	it('keeps the label column and leaves off the columns that do not fit', () => {
		const layout = headToHeadLayout(matrix, 30);
		expect(layout.hiddenColumns).toBe(1);
		for (const line of [layout.header, ...layout.rows]) expect(line.length).toBeLessThanOrEqual(30);
		expect(layout.rows[1]).toBe('#2 m:two    25% (4)');
	});

	it('cuts a long model name rather than the numbers', () => {
		const long = {...matrix, models: ['m:' + 'x'.repeat(60), 'm:two', 'm:three']};
		const layout = headToHeadLayout(long, 80);
		expect(layout.rows[0]).toMatch(/^#1 m:x+…\s+75% \(4\)\s+—$/);
		expect(layout.hiddenColumns).toBe(0);
	});
});
