/**
 * The notes under the leaderboard view (votes counted and left out, position
 * bias, votes needed to separate neighbours), cut to the rows the terminal can
 * spare. Pure, so it is tested without Ink.
 */

import {type LeaderboardNotes} from '../../core/leaderboard-report.js';

/** The notes the view shows, most telling first; the intervals are already on the title row. */
export function viewNoteLines(notes: LeaderboardNotes): string[] {
	return [notes.votes, notes.position_bias, ...notes.separations].filter((line): line is string => line !== null);
}

/**
 * At most `maxLines` lines. When some must go, the last line kept says how many
 * were cut and where to read them all.
 */
export function fitNoteLines(lines: readonly string[], maxLines: number): string[] {
	if (maxLines <= 0) return [];
	if (lines.length <= maxLines) return [...lines];
	const kept = lines.slice(0, maxLines - 1);
	const cut = lines.length - kept.length;
	return [...kept, `… ${cut} more ${cut === 1 ? 'note' : 'notes'}; \`arena leaderboard --format table\` prints them all`];
}
