import {describe, expect, it} from 'vitest';
import {fitNoteLines, viewNoteLines} from '../../../source/ui/leaderboard/leaderboard-notes.js';

describe('notes under the leaderboard view', () => {
	it('lead with the votes counted and the position bias; the intervals note is already on the title row', () => {
		const lines = viewNoteLines({votes: '12 blind votes', intervals: '95% CI from 1000 bootstrap rounds', position_bias: 'Left side wins 50%', separations: ['about 9 more']});
		expect(lines).toEqual(['12 blind votes', 'Left side wins 50%', 'about 9 more']);
	});

	it('fit the rows given, the last one saying how many were cut', () => {
		const lines = ['a', 'b', 'c', 'd', 'e'];
		expect(fitNoteLines(lines, 5)).toEqual(lines);
		expect(fitNoteLines(lines, 3)).toEqual(['a', 'b', '… 3 more notes; `arena leaderboard --format table` prints them all']);
		expect(fitNoteLines(lines, 4)[3]).toMatch(/^… 2 more notes/);
		expect(fitNoteLines(['a', 'b'], 1)).toEqual(['… 2 more notes; `arena leaderboard --format table` prints them all']);
		expect(fitNoteLines(lines, 0)).toEqual([]);
	});
});
