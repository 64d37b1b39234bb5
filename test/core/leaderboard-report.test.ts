import {describe, expect, it} from 'vitest';
import {loadLeaderboard} from '../../source/core/leaderboard.js';
import {
	censusNote,
	HEAD_TO_HEAD_TITLE,
	headToHeadMatrix,
	leaderboardJsonRows,
	leaderboardNotes,
	renderLeaderboardReport,
	type SeparationEstimate,
	separationEstimates,
	separationNote,
} from '../../source/core/leaderboard-report.js';
import {judgedRuns} from '../helpers/judged-votes.js';
import {useTemporaryStore} from '../store/fixtures/store-test-kit.js';

const store = useTemporaryStore();

/**
 * h:ace beats h:mid 7–2 with a tie; h:mid beats h:low 6–4; h:ace and h:low
 * never met. Sides alternate so no side is favoured by construction.
 */
function threeModels(): void {
	judgedRuns(store(), 4, 'h:ace', 'h:mid', 'model_a');
	judgedRuns(store(), 3, 'h:mid', 'h:ace', 'model_b');
	judgedRuns(store(), 2, 'h:mid', 'h:ace', 'model_a');
	judgedRuns(store(), 1, 'h:ace', 'h:mid', 'tie');
	judgedRuns(store(), 3, 'h:mid', 'h:low', 'model_a');
	judgedRuns(store(), 3, 'h:low', 'h:mid', 'model_b');
	judgedRuns(store(), 2, 'h:low', 'h:mid', 'model_a');
	judgedRuns(store(), 2, 'h:mid', 'h:low', 'model_b');
}

/** Plain-text lines of a report section, from its title to the next blank line. */
function section(text: string, title: string): string[] {
	const lines = text.split('\n');
	const start = lines.indexOf(title);
	expect(start, `no "${title}" in\n${text}`).toBeGreaterThanOrEqual(0);
	const end = lines.indexOf('', start);
	return lines.slice(start + 1, end === -1 ? undefined : end);
}

describe('the head-to-head matrix', () => {
	it('holds each pair’s record from both sides, in board order, and nothing for pairs that never met', () => {
		threeModels();
		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 50});
		const matrix = headToHeadMatrix(board);
		expect(matrix.models).toEqual(['h:ace', 'h:mid', 'h:low']);
		const [ace, mid, low] = [0, 1, 2];
		expect(matrix.records[ace]![mid]).toEqual({win_rate: 0.7, battles: 10, wins: 7, losses: 2, ties: 1});
		expect(matrix.records[mid]![ace]).toEqual({win_rate: 0.2, battles: 10, wins: 2, losses: 7, ties: 1});
		expect(matrix.records[mid]![low]).toEqual({win_rate: 0.6, battles: 10, wins: 6, losses: 4, ties: 0});
		expect(matrix.records[ace]![low]).toBeNull();
		expect(matrix.records[ace]![ace]).toBeNull();
	});

	it('prints under the table as a second table, rows and columns in board order', () => {
		threeModels();
		const text = renderLeaderboardReport(loadLeaderboard(store(), {}, {bootstrapRounds: 50}), 'table');
		const lines = section(text, HEAD_TO_HEAD_TITLE);
		expect(lines[0]).toMatch(/^#\s+model\s+#1\s+#2\s+#3$/);
		expect(lines[1]).toMatch(/^1\s+h:ace\s+70% \(10\)\s+—$/);
		expect(lines[2]).toMatch(/^2\s+h:mid\s+20% \(10\)\s+60% \(10\)$/);
		expect(lines[3]).toMatch(/^3\s+h:low\s+—\s+40% \(10\)$/);
		// The board comes first.
		expect(text.indexOf('h:ace')).toBeLessThan(text.indexOf(HEAD_TO_HEAD_TITLE));
	});

	it('prints as a Markdown table in md, and not at all in CSV', () => {
		threeModels();
		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 50});
		const markdown = renderLeaderboardReport(board, 'md');
		expect(markdown).toContain(`**Head-to-head: row's win rate against column (battles)**`);
		expect(markdown).toMatch(/^\| # \| model \| #1 \| #2 \| #3 \|$/m);
		expect(markdown).toMatch(/^\| 1 \| h:ace \|  \| 70% \(10\) \| — \|$/m);

		const csv = renderLeaderboardReport(board, 'csv');
		expect(csv).not.toContain('Head-to-head');
		expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + 3);
	});

	it('gives every JSON row a head_to_head object keyed by opponent, and keeps JSON an array', () => {
		threeModels();
		const json = JSON.parse(renderLeaderboardReport(loadLeaderboard(store(), {}, {bootstrapRounds: 50}), 'json')) as Array<Record<string, unknown>>;
		expect(Array.isArray(json)).toBe(true);
		const ace = json.find(row => row['model'] === 'h:ace')!;
		expect(ace['head_to_head']).toEqual({'h:mid': {win_rate: 0.7, battles: 10, wins: 7, losses: 2, ties: 1}});
		const mid = json.find(row => row['model'] === 'h:mid')!;
		expect(Object.keys(mid['head_to_head'] as object)).toEqual(['h:ace', 'h:low']);
	});

	it('is left out with fewer than two rated models', () => {
		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 0});
		expect(renderLeaderboardReport(board, 'table')).not.toContain('Head-to-head');
		expect(leaderboardJsonRows(board)).toEqual([]);
	});
});

describe('what was counted', () => {
	it('says how many blind votes count and how many named and flagged ones were left out, with the flags to add them', () => {
		judgedRuns(store(), 12, 'n:a', 'n:b', 'model_a');
		judgedRuns(store(), 3, 'n:a', 'n:b', 'model_b', {mode: 'named'});
		judgedRuns(store(), 1, 'n:a', 'n:b', 'model_b', {flagged: true});

		const text = renderLeaderboardReport(loadLeaderboard(store(), {}, {bootstrapRounds: 20}), 'table');
		expect(text).toContain('12 blind votes (3 named and 1 flagged left out; --include-named, --include-flagged to add them)');

		const named = loadLeaderboard(store(), {includeNamed: true}, {bootstrapRounds: 20});
		expect(leaderboardNotes(named).votes).toBe('15 votes: 12 blind, 3 named (1 flagged left out; --include-flagged to add it)');
		const everything = loadLeaderboard(store(), {includeNamed: true, includeFlagged: true}, {bootstrapRounds: 20});
		expect(leaderboardNotes(everything).votes).toBe('16 votes: 13 blind, 3 named, 1 flagged');
	});

	it('says when --min-battles leaves the ratings resting on fewer votes than were counted', () => {
		judgedRuns(store(), 3, 'm:a', 'm:b', 'model_a');
		judgedRuns(store(), 1, 'm:a', 'm:rare', 'model_a');
		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 0, minBattles: 2});
		expect(censusNote(board.census, board.votes)).toBe('4 blind votes; the ratings rest on 3 of them');
	});
});

describe('position bias', () => {
	/** The 95% Wilson score interval, written out here as the textbook gives it. */
	function wilson(successes: number, trials: number): [number, number] {
		const z = 1.959_963_984_540_054;
		const p = successes / trials;
		const centre = (p + (z * z) / (2 * trials)) / (1 + (z * z) / trials);
		const half = (z / (1 + (z * z) / trials)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
		return [centre - half, centre + half];
	}

	it('reports the left side’s win rate over decided votes with its 95% interval, ties left out', () => {
		// Each model wins 15 of 20 on the left and 5 of 20 on the right: the left side wins 30 of 40.
		judgedRuns(store(), 15, 'b:x', 'b:y', 'model_a');
		judgedRuns(store(), 5, 'b:x', 'b:y', 'model_b');
		judgedRuns(store(), 15, 'b:y', 'b:x', 'model_a');
		judgedRuns(store(), 5, 'b:y', 'b:x', 'model_b');
		judgedRuns(store(), 5, 'b:x', 'b:y', 'tie');

		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 20});
		const [low, high] = wilson(30, 40);
		expect(board.ratings.position_bias).toMatchObject({left_wins: 30, right_wins: 10, ties: 5, left_win_rate: 0.75});
		expect(board.ratings.position_bias.ci_low).toBeCloseTo(low, 9);
		expect(board.ratings.position_bias.ci_high).toBeCloseTo(high, 9);
		const text = renderLeaderboardReport(board, 'table');
		expect(text).toContain(
			`Left side wins 75% of decided votes (95% CI ${Math.round(low * 100)}–${Math.round(high * 100)}%), n=40; the left side is favoured`,
		);
	});

	it('shows a decimal when a bound would round to 50% but lies past it, so the verdict never contradicts the numbers', () => {
		judgedRuns(store(), 30, 'b:x', 'b:y', 'model_a');
		judgedRuns(store(), 20, 'b:x', 'b:y', 'model_b');
		judgedRuns(store(), 30, 'b:y', 'b:x', 'model_a');
		judgedRuns(store(), 20, 'b:y', 'b:x', 'model_b');
		const [low, high] = wilson(60, 100);
		expect(low).toBeGreaterThan(0.5);
		const note = leaderboardNotes(loadLeaderboard(store(), {}, {bootstrapRounds: 20})).position_bias;
		expect(note).toBe(`Left side wins 60% of decided votes (95% CI ${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%), n=100; the left side is favoured`);
		expect(note).not.toContain('CI 50–');
	});

	it('finds no preference when each side wins as often', () => {
		judgedRuns(store(), 6, 'b:x', 'b:y', 'model_a');
		judgedRuns(store(), 6, 'b:x', 'b:y', 'model_b');
		const note = leaderboardNotes(loadLeaderboard(store(), {}, {bootstrapRounds: 20})).position_bias;
		expect(note).toMatch(/^Left side wins 50% of decided votes \(95% CI \d+–\d+%\), n=12; no clear side preference$/);
	});
});

describe('votes needed to separate neighbours', () => {
	/** s:top is far above s:two; s:two and s:three are close. */
	function separatedThenClose(): void {
		judgedRuns(store(), 40, 's:top', 's:two', 'model_a');
		judgedRuns(store(), 40, 's:three', 's:top', 'model_b');
		judgedRuns(store(), 11, 's:two', 's:three', 'model_a');
		judgedRuns(store(), 9, 's:three', 's:two', 'model_a');
	}

	it('gives a line only for neighbours whose intervals overlap, with the estimate for that pair', () => {
		separatedThenClose();
		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 300});
		const estimates = separationEstimates(board);
		expect(estimates.map(estimate => [estimate.higher, estimate.lower, estimate.intervals_overlap])).toEqual([
			['s:top', 's:two', false],
			['s:two', 's:three', true],
		]);
		const needed = estimates[1]!.votes_needed ?? estimates[1]!.votes_needed_difference;
		expect(needed).toBeGreaterThan(0);

		const notes = leaderboardNotes(board).separations;
		expect(notes).toEqual([`about ${needed!.toLocaleString('en-US')} more s:two vs s:three votes to tell #2 from #3 at 95%`]);
		expect(renderLeaderboardReport(board, 'table')).toContain(notes[0]);
		expect(renderLeaderboardReport(board, 'md')).toContain(`- about ${needed!.toLocaleString('en-US')} more s:two vs s:three votes to tell #2 from #3 at 95%`);
	});

	it('falls back to the votes that make the difference significant when the intervals alone cannot part', () => {
		const estimate: SeparationEstimate = {
			higher: 'a:one',
			lower: 'a:two',
			higher_position: 2,
			lower_position: 3,
			intervals_overlap: true,
			votes_needed: null,
			votes_needed_difference: 57,
		};
		expect(separationNote(estimate)).toBe('about 57 more a:one vs a:two votes to tell #2 from #3 at 95%');
		expect(separationNote({...estimate, votes_needed: 1200})).toBe('about 1,200 more a:one vs a:two votes to tell #2 from #3 at 95%');
		expect(separationNote({...estimate, votes_needed_difference: null})).toMatch(/are level/);
		expect(separationNote({...estimate, intervals_overlap: false})).toBeNull();
	});
});

describe('--stats JSON', () => {
	it('is one object with the rows, the vote census, the position bias and the separations', () => {
		judgedRuns(store(), 6, 'j:a', 'j:b', 'model_a');
		judgedRuns(store(), 4, 'j:b', 'j:a', 'model_a');
		judgedRuns(store(), 2, 'j:a', 'j:b', 'model_b', {mode: 'named'});
		const stats = JSON.parse(renderLeaderboardReport(loadLeaderboard(store(), {}, {bootstrapRounds: 50}), 'json', {stats: true})) as Record<string, unknown>;
		expect(Object.keys(stats).sort()).toEqual(['bootstrap_rounds', 'position_bias', 'rows', 'separations', 'votes']);
		expect(stats['votes']).toMatchObject({counted: 10, blind: 10, left_out_named: 2, rated: 10, include_named: false});
		expect(stats['position_bias']).toMatchObject({left_wins: 10, right_wins: 0});
		expect(stats['separations']).toEqual([expect.objectContaining({higher: 'j:a', lower: 'j:b', higher_position: 1, lower_position: 2})]);
		expect((stats['rows'] as Array<Record<string, unknown>>)[0]).toHaveProperty('head_to_head');
	});
});
