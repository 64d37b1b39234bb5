/**
 * The personal leaderboard: one row per model, joining what the votes say
 * (Bradley–Terry rating, interval, record, online Elo; see core/rating) with
 * what the user's own runs measured (scores, speed, cost).
 *
 * Pure: the store hands over battles and raw per-model samples, and this file
 * turns them into rows. `loadLeaderboard` only asks a source for those lists
 * (and a few counts), so it works on anything shaped like the history store.
 * By default only blind votes that passed the identity-word check count; the
 * board says how many others it left out (`VoteCensus`).
 */

import {ratingPerUsd} from './cost.js';
import {renderJson, renderMarkdownTable, renderObjectsCsv, renderPlainTable, type TextTable} from './format-table.js';
import {computeRatings, type Battle, type RatingReport} from './rating.js';
import {mean, percentileOfSorted, sortedFinite} from './stats.js';
import {CHAIN_PROVIDER} from './types.js';

/**
 * One leaderboard row. JSON keys are these names (snake_case), the same words
 * as the store's columns. A number that could not be measured is `null`, never 0.
 */
export interface LeaderboardRow {
	model: string;
	/** Bradley–Terry rating on the Elo scale (mean of rated models = 1000); null without votes. */
	rating: number | null;
	/** 95% bootstrap interval of `rating`. */
	ci_low: number | null;
	ci_high: number | null;
	/** 1 + the number of models whose ci_low is above this model's ci_high. */
	rank_ub: number | null;
	/** Battles that count for the rating (self-battles and dropped models excluded). */
	battles: number;
	wins: number;
	losses: number;
	/** Ties and "both bad". */
	ties: number;
	/** wins / battles; a tie counts in the denominator only. Null without battles. */
	win_rate: number | null;
	/** Online Elo (K = 4) over the same battles, oldest first. */
	elo: number | null;
	/** Mean of the 0–10 scores given to this model's answers. */
	mean_score: number | null;
	scored_answers: number;
	/** Speed comes from successful answers only. */
	median_ttft_ms: number | null;
	median_tokens_per_s: number | null;
	p50_total_ms: number | null;
	p99_total_ms: number | null;
	/** Every stored answer, failed ones included. */
	answers: number;
	/** Answers that ended in an error or were cancelled. */
	failed: number;
	/** Median cost of one answer, from the stored per-answer costs. */
	median_cost_usd: number | null;
	/** mean_score ÷ output price in USD per 1M tokens: quality per dollar. Null without a price. */
	value: number | null;
	/**
	 * BT rating per dollar: (rating − the board's lowest rating + 1) ÷ median $/answer
	 * (see `ratingPerUsd` in core/cost). Null without a rating or a cost.
	 */
	rating_per_usd: number | null;
}

/** The keys of a row, in the order columns are shown and exported. */
export const LEADERBOARD_ROW_KEYS: ReadonlyArray<keyof LeaderboardRow> = [
	'model',
	'rating',
	'ci_low',
	'ci_high',
	'rank_ub',
	'battles',
	'wins',
	'losses',
	'ties',
	'win_rate',
	'elo',
	'mean_score',
	'scored_answers',
	'median_ttft_ms',
	'median_tokens_per_s',
	'p50_total_ms',
	'p99_total_ms',
	'answers',
	'failed',
	'median_cost_usd',
	'value',
	'rating_per_usd',
];

/**
 * Raw samples for one model, as the history store's `answerStats()` returns
 * them (structurally the same, so core does not depend on the store).
 */
export interface ModelAnswerSamples {
	model: string;
	answers: number;
	failed: number;
	ttft_ms: ArrayLike<number>;
	tokens_per_s: ArrayLike<number>;
	total_ms: ArrayLike<number>;
	cost_usd: ArrayLike<number>;
	scores: ArrayLike<number>;
}

export interface LeaderboardOptions {
	/** Bootstrap rounds for the intervals; 1000 by default. */
	bootstrapRounds?: number;
	seed?: number;
	/**
	 * Models with fewer battles are left off the board (and their battles out of
	 * the fit). Above 0 this also hides models that were never voted on.
	 */
	minBattles?: number;
	/** Output price in USD per 1M tokens, for the value column; null/undefined when unknown. */
	outputPricePerMillion?: (model: string) => number | null | undefined;
}

export interface Leaderboard {
	/** Rated models by rating (highest first), then models with answers but no votes. */
	rows: LeaderboardRow[];
	/** Votes the ratings rest on. */
	votes: number;
	/** Rounds behind the intervals; 0 when there was nothing to rate. */
	bootstrap_rounds: number;
	/** The full rating report: head-to-head table, position bias, separations. */
	ratings: RatingReport;
	/**
	 * Which stored votes were counted and which were left out, and why. Null
	 * for a board built straight from battles, where nothing was left out.
	 */
	census: VoteCensus | null;
}

/**
 * What the board counted. A vote left out for two reasons (named and flagged)
 * is counted once, as flagged, so the two left-out figures add up to every
 * stored vote in scope that the board does not count.
 */
export interface VoteCensus {
	/** Stored votes the board counts (before --min-battles drops any model). */
	counted: number;
	/** Of the counted votes: cast blind, and cast in a named run (`arena run`). */
	blind: number;
	named: number;
	/** Of the counted votes: flagged by the identity-word check (0 unless flagged votes are included). */
	flagged: number;
	/** Votes from named runs left out (unflagged ones; see above). */
	left_out_named: number;
	/** Votes flagged by the identity-word check left out. */
	left_out_flagged: number;
	include_named: boolean;
	include_flagged: boolean;
}

/**
 * Builds the rows from battles (oldest first; only the online Elo column
 * depends on order) and per-model answer samples.
 */
export function buildLeaderboard(
	battles: readonly Battle[],
	answerSamples: readonly ModelAnswerSamples[],
	options: LeaderboardOptions = {},
): Leaderboard {
	const minBattles = options.minBattles ?? 0;
	const ratings = computeRatings(battles, {
		bootstrapRounds: options.bootstrapRounds,
		seed: options.seed,
		minBattles,
	});
	const samplesByModel = new Map(answerSamples.map(samples => [samples.model, samples]));

	const rated: LeaderboardRow[] = ratings.rows.map(rating => ({
		...emptyRow(rating.model),
		rating: rating.rating,
		ci_low: rating.ci_low,
		ci_high: rating.ci_high,
		rank_ub: rating.rank_ub,
		battles: rating.battles,
		wins: rating.wins,
		losses: rating.losses,
		ties: rating.ties,
		win_rate: rating.battles === 0 ? null : rating.win_rate,
		elo: rating.elo,
		...answerColumns(samplesByModel.get(rating.model), rating.model, options),
	}));

	const ratedModels = new Set(rated.map(row => row.model));
	// Without a vote a model has no rating, but its scores and speed still tell the user something.
	const unrated: LeaderboardRow[] = minBattles > 0
		? []
		: answerSamples
			.filter(samples => !ratedModels.has(samples.model))
			.map(samples => ({...emptyRow(samples.model), ...answerColumns(samples, samples.model, options)}));
	unrated.sort(
		(left, right) =>
			compareNullableDescending(left.mean_score, right.mean_score) ||
			right.answers - left.answers ||
			compareText(left.model, right.model),
	);

	// Counted from the weakest rated model, so the figure does not depend on where ratings are centred.
	let lowestRating: number | null = null;
	for (const row of rated) if (row.rating !== null && (lowestRating === null || row.rating < lowestRating)) lowestRating = row.rating;
	for (const row of rated) row.rating_per_usd = ratingPerUsd(row.rating, lowestRating, row.median_cost_usd);

	return {
		rows: [...rated, ...unrated],
		votes: ratings.matchups.battles,
		bootstrap_rounds: ratings.bootstrap_rounds,
		ratings,
		census: null,
	};
}

function emptyRow(model: string): LeaderboardRow {
	return {
		model,
		rating: null,
		ci_low: null,
		ci_high: null,
		rank_ub: null,
		battles: 0,
		wins: 0,
		losses: 0,
		ties: 0,
		win_rate: null,
		elo: null,
		rating_per_usd: null,
		...noAnswerColumns(),
	};
}

function noAnswerColumns(): AnswerColumns {
	return {
		mean_score: null,
		scored_answers: 0,
		median_ttft_ms: null,
		median_tokens_per_s: null,
		p50_total_ms: null,
		p99_total_ms: null,
		answers: 0,
		failed: 0,
		median_cost_usd: null,
		value: null,
	};
}

type AnswerColumns = Pick<
	LeaderboardRow,
	| 'mean_score'
	| 'scored_answers'
	| 'median_ttft_ms'
	| 'median_tokens_per_s'
	| 'p50_total_ms'
	| 'p99_total_ms'
	| 'answers'
	| 'failed'
	| 'median_cost_usd'
	| 'value'
>;

function answerColumns(samples: ModelAnswerSamples | undefined, model: string, options: LeaderboardOptions): AnswerColumns {
	if (!samples) return noAnswerColumns();

	const scores = sortedFinite(samples.scores);
	const totals = sortedFinite(samples.total_ms);
	const meanScore = mean(scores);
	const price = options.outputPricePerMillion?.(model) ?? null;
	return {
		mean_score: meanScore,
		scored_answers: scores.length,
		median_ttft_ms: percentileOfSorted(sortedFinite(samples.ttft_ms), 50),
		median_tokens_per_s: percentileOfSorted(sortedFinite(samples.tokens_per_s), 50),
		p50_total_ms: percentileOfSorted(totals, 50),
		p99_total_ms: percentileOfSorted(totals, 99),
		answers: samples.answers,
		failed: samples.failed,
		median_cost_usd: percentileOfSorted(sortedFinite(samples.cost_usd), 50),
		// A free model (price 0) has no finite value figure; leave it empty rather than infinite.
		value: meanScore !== null && price !== null && Number.isFinite(price) && price > 0 ? meanScore / price : null,
	};
}

function compareNullableDescending(left: number | null, right: number | null): number {
	if (left === null) return right === null ? 0 : 1;
	if (right === null) return -1;
	return right - left;
}

/** Code-point order, so the board is the same in every locale. */
function compareText(left: string, right: string): number {
	return left < right ? -1 : left > right ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Reading from a store

/** Which votes and answers the board rests on. Every field narrows; none set means the default board. */
export interface LeaderboardQuery {
	/** Votes cast and runs made at or after this time. */
	since?: Date | string;
	until?: Date | string;
	/** Votes and runs of this prompt category only. */
	category?: string;
	/** Votes and runs with this source label (`local`, or an import's label). */
	source?: string;
	/**
	 * Count votes cast in named runs (`arena run`), where the user could see which
	 * model was which. Off by default: only blind votes are unbiased.
	 */
	includeNamed?: boolean;
	/** Count votes flagged by the identity-word check (an answer named a model or vendor). */
	includeFlagged?: boolean;
}

/** The store's vote filter, as `loadLeaderboard` uses it. */
export interface VoteFilter {
	since?: Date | string;
	until?: Date | string;
	/** `false` keeps blind votes only. */
	includeNamed?: boolean;
	includeFlagged?: boolean;
	category?: string;
	source?: string;
}

/** A stored vote as the board reads it: the battle and whether it was cast blind. */
export interface StoredBattle extends Battle {
	blind: boolean;
}

/** What `loadLeaderboard` needs of a store: the history store has these methods. */
export interface LeaderboardSource {
	/** Oldest first. */
	battles(filter: VoteFilter): readonly StoredBattle[];
	/** Outcome counts per ordered pair; only their sum is used here, to count votes left out. */
	battleCounts(filter: VoteFilter): ReadonlyArray<{count: number}>;
	/** Every stored vote, whatever its filter. */
	totals(): {votes: number};
	answerStats(filter: {
		since?: Date | string;
		until?: Date | string;
		category?: string;
		source?: string;
		groupBy?: 'spec' | 'served_spec';
	}): readonly ModelAnswerSamples[];
}

/** Queries the source and builds the board: the whole computation `arena leaderboard` makes. */
export function loadLeaderboard(source: LeaderboardSource, query: LeaderboardQuery = {}, options: LeaderboardOptions = {}): Leaderboard {
	const scope = queryScope(query);
	const includeNamed = query.includeNamed ?? false;
	const includeFlagged = query.includeFlagged ?? false;
	// Named votes are read either way and set aside here: the board says how many it left out,
	// and the `blind` column tells them apart for free, where a second query would cost a scan.
	const fetched = source.battles({...scope, includeNamed: true, includeFlagged});
	let named = 0;
	for (const battle of fetched) if (!battle.blind) named++;
	const battles = includeNamed || named === 0 ? fetched : fetched.filter(battle => battle.blind);
	const census: VoteCensus = {
		counted: battles.length,
		blind: fetched.length - named,
		named: includeNamed ? named : 0,
		flagged: includeFlagged ? battles.length - countVotes(source, {...scope, includeNamed, includeFlagged: false}) : 0,
		left_out_named: includeNamed ? 0 : named,
		left_out_flagged: includeFlagged ? 0 : votesInScope(source, scope) - fetched.length,
		include_named: includeNamed,
		include_flagged: includeFlagged,
	};

	return {...buildLeaderboard(battles, answerSamplesWithChains(source, scope), options), census};
}

/**
 * Fallback chains on the board. Votes name the chain (`chain:NAME`), so it is
 * rated as itself, and its speed and score columns are its own answers. A
 * model's columns, though, count every answer it served: its own, and those it
 * gave as a chain's member (answers grouped by `served_spec`). So one chain
 * answer appears in two rows' samples: the chain's and the member's that served.
 */
function answerSamplesWithChains(source: LeaderboardSource, scope: QueryScope): ModelAnswerSamples[] {
	const isChain = (model: string) => model.startsWith(`${CHAIN_PROVIDER}:`);
	const bySpec = source.answerStats(scope);
	if (!bySpec.some(samples => isChain(samples.model))) return [...bySpec];
	const byServedModel = source.answerStats({...scope, groupBy: 'served_spec'});
	return [...bySpec.filter(samples => isChain(samples.model)), ...byServedModel.filter(samples => !isChain(samples.model))];
}

/** The census of a board with no store behind it yet: nothing counted, nothing left out. */
export function emptyCensus(query: Pick<LeaderboardQuery, 'includeNamed' | 'includeFlagged'> = {}): VoteCensus {
	return {
		counted: 0,
		blind: 0,
		named: 0,
		flagged: 0,
		left_out_named: 0,
		left_out_flagged: 0,
		include_named: query.includeNamed ?? false,
		include_flagged: query.includeFlagged ?? false,
	};
}

type QueryScope = Pick<LeaderboardQuery, 'since' | 'until' | 'category' | 'source'>;

/** The filters that say which votes are in scope at all, as opposed to which of those count. */
export function queryScope(query: LeaderboardQuery): QueryScope {
	const scope: QueryScope = {};
	if (query.since !== undefined) scope.since = query.since;
	if (query.until !== undefined) scope.until = query.until;
	if (query.category !== undefined) scope.category = query.category;
	if (query.source !== undefined) scope.source = query.source;
	return scope;
}

function countVotes(source: LeaderboardSource, filter: VoteFilter): number {
	let total = 0;
	for (const {count} of source.battleCounts(filter)) total += count;
	return total;
}

/** Every stored vote the scope admits, counted or not. */
function votesInScope(source: LeaderboardSource, scope: QueryScope): number {
	// Unscoped, the store's total is a cheap count(*); a grouped count scans every vote.
	if (Object.keys(scope).length === 0) return source.totals().votes;
	return countVotes(source, {...scope, includeNamed: true, includeFlagged: true});
}

// ---------------------------------------------------------------------------
// Columns for people: the plain and Markdown tables and the TUI share these

/** How a cell with nothing measured reads. */
export const EMPTY_CELL = '—';

export type SortDirection = 'ascending' | 'descending';

export interface LeaderboardColumn {
	/** Stable name, for options and tests. */
	id: string;
	header: string;
	align: 'left' | 'right';
	cell(row: LeaderboardRow): string;
	/** What sorting by this column compares; null sorts last either way. */
	sortValue(row: LeaderboardRow): number | string | null;
	/** The direction a first press sorts in: best first (highest rating, lowest latency). */
	bestFirst: SortDirection;
	/** Left out of a table when no row has a value (no scores yet, no prices yet…). */
	optional: boolean;
}

/** Milliseconds as people read them: "420 ms", "2.35 s". */
export function formatMilliseconds(ms: number | null): string {
	if (ms === null) return EMPTY_CELL;
	if (ms < 1000) return `${Math.round(ms)} ms`;
	return `${(ms / 1000).toFixed(2)} s`;
}

/** Dollars with enough digits to tell cheap answers apart: "$1.20", "$0.0031". */
export function formatUsd(usd: number | null): string {
	if (usd === null) return EMPTY_CELL;
	if (usd === 0) return '$0';
	if (usd >= 1) return `$${usd.toFixed(2)}`;
	if (usd < 0.000_01) return '<$0.00001';
	return `$${Number(usd.toPrecision(2)).toString()}`;
}

function fixed(value: number | null, digits: number): string {
	return value === null ? EMPTY_CELL : value.toFixed(digits);
}

function whole(value: number | null): string {
	return value === null ? EMPTY_CELL : String(Math.round(value));
}

/** The 95% interval relative to the rating: "+18/-21". */
export function formatInterval(row: Pick<LeaderboardRow, 'rating' | 'ci_low' | 'ci_high'>): string {
	if (row.rating === null || row.ci_low === null || row.ci_high === null) return EMPTY_CELL;
	const above = Math.max(0, Math.round(row.ci_high - row.rating));
	const below = Math.max(0, Math.round(row.rating - row.ci_low));
	return `+${above}/-${below}`;
}

function rated(row: LeaderboardRow): boolean {
	return row.rating !== null;
}

export const LEADERBOARD_COLUMNS: readonly LeaderboardColumn[] = [
	{
		id: 'rank',
		header: 'rank',
		align: 'right',
		cell: row => whole(row.rank_ub),
		sortValue: row => row.rank_ub,
		bestFirst: 'ascending',
		optional: true,
	},
	{
		id: 'model',
		header: 'model',
		align: 'left',
		cell: row => row.model,
		sortValue: row => row.model,
		bestFirst: 'ascending',
		optional: false,
	},
	{
		id: 'rating',
		header: 'rating',
		align: 'right',
		cell: row => whole(row.rating),
		sortValue: row => row.rating,
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'ci',
		header: '95% CI',
		align: 'left',
		cell: formatInterval,
		// Sorting by the interval sorts by how sure the rating is: the narrowest first.
		sortValue: row => (row.ci_low === null || row.ci_high === null ? null : row.ci_high - row.ci_low),
		bestFirst: 'ascending',
		optional: true,
	},
	{
		id: 'battles',
		header: 'votes',
		align: 'right',
		cell: row => (rated(row) ? String(row.battles) : EMPTY_CELL),
		sortValue: row => (rated(row) ? row.battles : null),
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'win_rate',
		header: 'win%',
		align: 'right',
		cell: row => (row.win_rate === null ? EMPTY_CELL : `${Math.round(row.win_rate * 100)}%`),
		sortValue: row => row.win_rate,
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'record',
		header: 'W-L-T',
		align: 'right',
		cell: row => (rated(row) ? `${row.wins}-${row.losses}-${row.ties}` : EMPTY_CELL),
		sortValue: row => (rated(row) ? row.wins : null),
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'elo',
		header: 'elo',
		align: 'right',
		cell: row => whole(row.elo),
		sortValue: row => row.elo,
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'mean_score',
		header: 'score',
		align: 'right',
		cell: row => fixed(row.mean_score, 1),
		sortValue: row => row.mean_score,
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'scored_answers',
		header: 'scored',
		align: 'right',
		cell: row => (row.scored_answers === 0 ? EMPTY_CELL : String(row.scored_answers)),
		sortValue: row => row.scored_answers,
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'median_ttft_ms',
		header: 'TTFT',
		align: 'right',
		cell: row => formatMilliseconds(row.median_ttft_ms),
		sortValue: row => row.median_ttft_ms,
		bestFirst: 'ascending',
		optional: true,
	},
	{
		id: 'median_tokens_per_s',
		header: 'tok/s',
		align: 'right',
		cell: row => fixed(row.median_tokens_per_s, 1),
		sortValue: row => row.median_tokens_per_s,
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'p50_total_ms',
		header: 'p50 total',
		align: 'right',
		cell: row => formatMilliseconds(row.p50_total_ms),
		sortValue: row => row.p50_total_ms,
		bestFirst: 'ascending',
		optional: true,
	},
	{
		id: 'p99_total_ms',
		header: 'p99 total',
		align: 'right',
		cell: row => formatMilliseconds(row.p99_total_ms),
		sortValue: row => row.p99_total_ms,
		bestFirst: 'ascending',
		optional: true,
	},
	{
		id: 'answers',
		header: 'answers',
		align: 'right',
		cell: row => (row.answers === 0 ? EMPTY_CELL : String(row.answers)),
		sortValue: row => row.answers,
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'failed',
		header: 'failed',
		align: 'right',
		cell: row => (row.failed === 0 ? EMPTY_CELL : String(row.failed)),
		sortValue: row => row.failed,
		bestFirst: 'ascending',
		optional: true,
	},
	{
		id: 'median_cost_usd',
		header: '$/answer',
		align: 'right',
		cell: row => formatUsd(row.median_cost_usd),
		sortValue: row => row.median_cost_usd,
		bestFirst: 'ascending',
		optional: true,
	},
	{
		id: 'value',
		header: 'value',
		align: 'right',
		cell: row => fixed(row.value, 1),
		sortValue: row => row.value,
		bestFirst: 'descending',
		optional: true,
	},
	{
		id: 'rating_per_usd',
		header: 'rating/$',
		align: 'right',
		cell: row => whole(row.rating_per_usd),
		sortValue: row => row.rating_per_usd,
		bestFirst: 'descending',
		optional: true,
	},
];

/** The columns worth showing for these rows: optional ones with no value in any row are left out. */
export function visibleColumns(rows: readonly LeaderboardRow[], columns: readonly LeaderboardColumn[] = LEADERBOARD_COLUMNS): LeaderboardColumn[] {
	return columns.filter(column => !column.optional || rows.some(row => column.cell(row) !== EMPTY_CELL));
}

/**
 * Rows ordered by one column. Rows without a value go last in both directions
 * (an unrated model is not "the lowest rated"); ties keep the board's order.
 */
export function sortRows(rows: readonly LeaderboardRow[], column: LeaderboardColumn, direction: SortDirection): LeaderboardRow[] {
	const sign = direction === 'ascending' ? 1 : -1;
	return rows
		.map((row, index) => ({row, index, value: column.sortValue(row)}))
		.sort((left, right) => {
			if (left.value === null || right.value === null) {
				if (left.value === right.value) return left.index - right.index;
				return left.value === null ? 1 : -1;
			}
			const order =
				typeof left.value === 'number' && typeof right.value === 'number'
					? left.value - right.value
					: compareText(String(left.value), String(right.value));
			return order === 0 ? left.index - right.index : sign * order;
		})
		.map(entry => entry.row);
}

// ---------------------------------------------------------------------------
// The board as text

export type LeaderboardTextFormat = 'table' | 'md' | 'csv' | 'json';

/**
 * The rows alone in one of the text formats. `table` and `md` are for people:
 * the columns of LEADERBOARD_COLUMNS that have data, formatted. `csv` and
 * `json` are for programs: every key of every row, raw (CSV follows RFC 4180;
 * JSON is an array of row objects). What `arena leaderboard` prints, with the
 * head-to-head table and the notes on what was counted, is
 * `renderLeaderboardReport` in core/leaderboard-report.
 */
export function renderLeaderboard(leaderboard: Leaderboard, format: LeaderboardTextFormat): string {
	switch (format) {
		case 'json':
			return renderJson(leaderboard.rows);
		case 'csv':
			return renderObjectsCsv(LEADERBOARD_ROW_KEYS, leaderboard.rows);
		case 'md':
			return renderMarkdownTable(leaderboardTextTable(leaderboard.rows));
		case 'table':
			return renderPlainTable(leaderboardTextTable(leaderboard.rows));
	}
}

/** The rows as a table of formatted cells, with only the columns that have data. */
export function leaderboardTextTable(rows: readonly LeaderboardRow[]): TextTable {
	const columns = visibleColumns(rows);
	return {
		headers: columns.map(column => column.header),
		align: columns.map(column => column.align),
		rows: rows.map(row => columns.map(column => column.cell(row))),
	};
}
