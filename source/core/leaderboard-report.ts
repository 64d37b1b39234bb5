/**
 * What `arena leaderboard` says around the rows: the head-to-head win matrix,
 * which votes were counted, the position bias, and how many more votes would
 * tell neighbouring models apart. Pure text and data, shared by the text
 * formats and the TUI.
 */

import {renderJson, renderMarkdownTable, renderPlainTable, singleLine, type TextTable} from './format-table.js';
import {
	EMPTY_CELL,
	type Leaderboard,
	type LeaderboardRow,
	type LeaderboardTextFormat,
	renderLeaderboard,
	type VoteCensus,
} from './leaderboard.js';
import type {PositionBias} from './rating.js';

// ---------------------------------------------------------------------------
// Head-to-head

/** One model's record against one opponent. Ties count in `battles` but are not wins. */
export interface HeadToHeadRecord {
	/** wins / battles, as the win% column. */
	win_rate: number;
	battles: number;
	wins: number;
	losses: number;
	/** Ties and "both bad". */
	ties: number;
}

export interface HeadToHeadMatrix {
	/** Rated models in board order; a model's position on the board is its index + 1. */
	models: string[];
	/** `records[row][column]`: the row model against the column model; null on the diagonal and for pairs that never met. */
	records: Array<Array<HeadToHeadRecord | null>>;
}

export const HEAD_TO_HEAD_TITLE = "Head-to-head: row's win rate against column (battles)";

/** The rated models' records against each other, from the counts the ratings were fitted on. */
export function headToHeadMatrix(board: Leaderboard): HeadToHeadMatrix {
	const models = board.rows.filter(row => row.rating !== null).map(row => row.model);
	const position = new Map(models.map((model, index) => [model, index]));
	const records: Array<Array<HeadToHeadRecord | null>> = models.map(() => models.map(() => null));
	const {matchups} = board.ratings;
	for (const pair of matchups.pairs) {
		const first = position.get(matchups.models[pair.first]!);
		const second = position.get(matchups.models[pair.second]!);
		if (first === undefined || second === undefined) continue;
		const battles = pair.firstWins + pair.secondWins + pair.ties;
		records[first]![second] = {win_rate: pair.firstWins / battles, battles, wins: pair.firstWins, losses: pair.secondWins, ties: pair.ties};
		records[second]![first] = {win_rate: pair.secondWins / battles, battles, wins: pair.secondWins, losses: pair.firstWins, ties: pair.ties};
	}
	return {models, records};
}

/** "70% (20)": the row's win rate and the battles behind it; "—" for a pair that never met. */
export function headToHeadCell(record: HeadToHeadRecord | null): string {
	return record === null ? EMPTY_CELL : `${Math.round(record.win_rate * 100)}% (${record.battles})`;
}

/**
 * The matrix as a table: one row per rated model, numbered by its place on the
 * board, and one column per opponent, headed by that number so a wide board
 * stays readable. The diagonal is blank.
 */
export function headToHeadTextTable(matrix: HeadToHeadMatrix): TextTable {
	return {
		headers: ['#', 'model', ...matrix.models.map((_, index) => `#${index + 1}`)],
		align: ['right', 'left', ...matrix.models.map(() => 'right' as const)],
		rows: matrix.models.map((model, row) => [
			String(row + 1),
			model,
			...matrix.records[row]!.map((record, column) => (row === column ? '' : headToHeadCell(record))),
		]),
	};
}

// ---------------------------------------------------------------------------
// Separating neighbours

export interface SeparationEstimate {
	higher: string;
	lower: string;
	/** Places on the board (1 = top). */
	higher_position: number;
	lower_position: number;
	/** The higher model's lower bound is at or below the lower model's upper bound. */
	intervals_overlap: boolean;
	/** More higher-vs-lower votes until the two 95% intervals stop overlapping; null if such votes alone cannot do it. */
	votes_needed: number | null;
	/** More higher-vs-lower votes until the difference itself is significant at 95%; null only for equal ratings. */
	votes_needed_difference: number | null;
}

/** One estimate per pair of neighbouring rated rows, top first. */
export function separationEstimates(board: Leaderboard): SeparationEstimate[] {
	const ratingRows = board.ratings.rows;
	return board.ratings.separations.map((separation, index) => {
		const higher = ratingRows[index]!;
		const lower = ratingRows[index + 1]!;
		return {
			higher: separation.higher,
			lower: separation.lower,
			higher_position: index + 1,
			lower_position: index + 2,
			intervals_overlap: higher.ci_low <= lower.ci_high,
			votes_needed: separation.votes_needed,
			votes_needed_difference: separation.votes_needed_difference,
		};
	});
}

/**
 * "about 40 more a vs b votes to tell #2 from #3 at 95%", for a pair whose
 * intervals overlap; null when they do not. The estimate is for the intervals
 * to part; when no number of a-vs-b votes would do that (the rest of the board
 * is too uncertain), it falls back to the votes that make the difference itself
 * significant.
 */
export function separationNote(estimate: SeparationEstimate): string | null {
	if (!estimate.intervals_overlap) return null;
	const higher = singleLine(estimate.higher);
	const lower = singleLine(estimate.lower);
	const places = `#${estimate.higher_position} from #${estimate.lower_position}`;
	const votes = estimate.votes_needed ?? estimate.votes_needed_difference;
	if (votes === null) return `#${estimate.higher_position} ${higher} and #${estimate.lower_position} ${lower} are level: more ${higher} vs ${lower} votes alone will not tell them apart`;
	if (votes <= 0) return null;
	return `about ${votes.toLocaleString('en-US')} more ${higher} vs ${lower} ${plural(votes, 'vote')} to tell ${places} at 95%`;
}

// ---------------------------------------------------------------------------
// Notes under the board

export interface LeaderboardNotes {
	/** Which votes were counted and which left out. */
	votes: string | null;
	/** How the intervals and ranks were made. */
	intervals: string | null;
	/** The left side's win rate with its interval. */
	position_bias: string | null;
	/** One line per pair of neighbours that the data cannot yet tell apart. */
	separations: string[];
}

export function leaderboardNotes(board: Leaderboard): LeaderboardNotes {
	return {
		votes: censusNote(board.census, board.votes),
		intervals: intervalsNote(board),
		position_bias: positionBiasNote(board.ratings.position_bias),
		separations: separationEstimates(board)
			.map(separationNote)
			.filter((note): note is string => note !== null),
	};
}

/** The notes as lines, in reading order. */
export function noteLines(notes: LeaderboardNotes): string[] {
	return [notes.votes, notes.intervals, notes.position_bias, ...notes.separations].filter((line): line is string => line !== null);
}

/**
 * "12 blind votes (3 named and 1 flagged left out; --include-named,
 * --include-flagged to add them)". `ratedVotes` are the votes the ratings rest
 * on, fewer than those counted when --min-battles drops a model.
 */
export function censusNote(census: VoteCensus | null, ratedVotes: number): string | null {
	if (census === null) return ratedVotes > 0 ? `${count(ratedVotes, 'vote')}` : null;
	if (census.counted === 0 && census.left_out_named === 0 && census.left_out_flagged === 0) return null;

	let counted: string;
	if (census.include_named) {
		const kinds = [`${census.blind.toLocaleString('en-US')} blind`, `${census.named.toLocaleString('en-US')} named`];
		if (census.include_flagged) kinds.push(`${census.flagged.toLocaleString('en-US')} flagged`);
		counted = `${count(census.counted, 'vote')}: ${kinds.join(', ')}`;
	} else {
		counted = `${census.counted.toLocaleString('en-US')} blind ${plural(census.counted, 'vote')}`;
		if (census.include_flagged) counted += `, ${census.flagged.toLocaleString('en-US')} of them flagged`;
	}

	const leftOut: string[] = [];
	const flags: string[] = [];
	if (census.left_out_named > 0) {
		leftOut.push(`${census.left_out_named.toLocaleString('en-US')} named`);
		flags.push('--include-named');
	}
	if (census.left_out_flagged > 0) {
		leftOut.push(`${census.left_out_flagged.toLocaleString('en-US')} flagged`);
		flags.push('--include-flagged');
	}
	const them = census.left_out_named + census.left_out_flagged === 1 ? 'it' : 'them';
	const rated = ratedVotes !== census.counted ? `; the ratings rest on ${ratedVotes.toLocaleString('en-US')} of them` : '';
	const suffix = leftOut.length > 0 ? ` (${leftOut.join(' and ')} left out; ${flags.join(', ')} to add ${them})` : '';
	return `${counted}${suffix}${rated}`;
}

function intervalsNote(board: Leaderboard): string | null {
	if (board.votes === 0) return null;
	const rank = 'rank = Rank(UB), 1 + models rated clearly above';
	return board.bootstrap_rounds > 0 ? `95% CI from ${board.bootstrap_rounds} bootstrap rounds; ${rank}` : rank;
}

/** "Left side wins 54% of decided votes (95% CI 48–60%), n=240; no clear side preference". */
export function positionBiasNote(bias: PositionBias): string | null {
	const decided = bias.left_wins + bias.right_wins;
	if (decided === 0 || bias.left_win_rate === null || bias.ci_low === null || bias.ci_high === null) return null;
	const verdict = bias.ci_low > 0.5
		? 'the left side is favoured'
		: bias.ci_high < 0.5
			? 'the right side is favoured'
			: 'no clear side preference';
	// A bound just past 50% must not read as "50": the verdict rests on which side of 50 it is.
	const nearHalf = (bound: number) => bound !== 0.5 && Math.round(bound * 100) === 50;
	const digits = nearHalf(bias.ci_low) || nearHalf(bias.ci_high) ? 1 : 0;
	const percent = (value: number, places = 0) => (value * 100).toFixed(places);
	return `Left side wins ${percent(bias.left_win_rate)}% of decided votes (95% CI ${percent(bias.ci_low, digits)}–${percent(bias.ci_high, digits)}%), n=${decided.toLocaleString('en-US')}; ${verdict}`;
}

// ---------------------------------------------------------------------------
// JSON

export type LeaderboardJsonRow = LeaderboardRow & {
	/** Opponent → this model's record against it, for every opponent it met, in board order. */
	head_to_head: Record<string, HeadToHeadRecord>;
};

export function leaderboardJsonRows(board: Leaderboard): LeaderboardJsonRow[] {
	const matrix = headToHeadMatrix(board);
	const position = new Map(matrix.models.map((model, index) => [model, index]));
	return board.rows.map(row => {
		const headToHead: Record<string, HeadToHeadRecord> = {};
		const index = position.get(row.model);
		if (index !== undefined) {
			for (const [column, record] of matrix.records[index]!.entries()) if (record !== null) headToHead[matrix.models[column]!] = record;
		}
		return {...row, head_to_head: headToHead};
	});
}

/** `votes` in `--stats`: the census, and how many votes the ratings rest on. */
export type VoteSummary = VoteCensus & {
	/** Votes between the models on the board (fewer than `counted` when --min-battles drops a model). */
	rated: number;
};

/** `arena leaderboard --stats`: the rows and the figures the notes are made from. */
export interface LeaderboardStats {
	rows: LeaderboardJsonRow[];
	votes: VoteSummary;
	/** Over the counted votes. */
	position_bias: PositionBias;
	/** Neighbouring rated rows, top first. */
	separations: SeparationEstimate[];
	bootstrap_rounds: number;
}

export function leaderboardStats(board: Leaderboard): LeaderboardStats {
	// A board built straight from battles has no census: everything given was counted.
	const census = board.census ?? {
		counted: board.votes,
		blind: 0,
		named: 0,
		flagged: 0,
		left_out_named: 0,
		left_out_flagged: 0,
		include_named: true,
		include_flagged: true,
	};
	return {
		rows: leaderboardJsonRows(board),
		votes: {...census, rated: board.votes},
		position_bias: board.ratings.position_bias,
		separations: separationEstimates(board),
		bootstrap_rounds: board.bootstrap_rounds,
	};
}

// ---------------------------------------------------------------------------
// The whole report

export interface ReportOptions {
	/** JSON only: an object `{rows, votes, position_bias, separations, bootstrap_rounds}` instead of the rows array. */
	stats?: boolean;
}

/**
 * What `arena leaderboard` prints.
 * - `table` and `md`: the rows, the head-to-head matrix (with two or more
 *   rated models), then the notes: votes counted and left out, intervals,
 *   position bias, and the votes needed to separate overlapping neighbours.
 * - `json`: the rows array, each row with its `head_to_head`; with `stats`,
 *   the object of `leaderboardStats`.
 * - `csv`: the rows only, one record per model (the matrix and the notes do not
 *   fit one record per model; use JSON for them).
 */
export function renderLeaderboardReport(board: Leaderboard, format: LeaderboardTextFormat, options: ReportOptions = {}): string {
	switch (format) {
		case 'json':
			return renderJson(options.stats ? leaderboardStats(board) : leaderboardJsonRows(board));
		case 'csv':
			return renderLeaderboard(board, 'csv');
		case 'table':
		case 'md': {
			const matrix = headToHeadMatrix(board);
			const lines = noteLines(leaderboardNotes(board));
			return renderLeaderboard(board, format) + (matrix.models.length >= 2 ? renderSection(HEAD_TO_HEAD_TITLE, headToHeadTextTable(matrix), format) : '') + renderNotes(lines, format);
		}
	}
}

/** A titled table after the main one, separated by a blank line. */
export function renderSection(title: string, table: TextTable, format: 'table' | 'md'): string {
	return format === 'md' ? `\n**${markdownText(title)}**\n\n${renderMarkdownTable(table)}` : `\n${singleLine(title)}\n${renderPlainTable(table)}`;
}

/** Notes after the tables: plain lines, or a Markdown list. */
export function renderNotes(lines: readonly string[], format: 'table' | 'md'): string {
	if (lines.length === 0) return '';
	const body = format === 'md' ? lines.map(line => `- ${markdownText(line)}`) : lines.map(singleLine);
	return `\n${body.join('\n')}\n`;
}

/** Text for a Markdown paragraph: one line, with the characters that would turn into markup escaped. */
export function markdownText(text: string): string {
	return singleLine(text).replace(/[\\`*_[\]<>|]/g, character => `\\${character}`);
}

function plural(amount: number, noun: string): string {
	return amount === 1 ? noun : `${noun}s`;
}

function count(amount: number, noun: string): string {
	return `${amount.toLocaleString('en-US')} ${plural(amount, noun)}`;
}
