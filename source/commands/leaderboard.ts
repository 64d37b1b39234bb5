import type {Command} from 'commander';
import {UsageError} from '../core/errors.js';
import type {Leaderboard, LeaderboardOptions, LeaderboardQuery, VoteCensus} from '../core/leaderboard.js';
import type {CategoryLeaderboards} from '../core/leaderboard-categories.js';
import {EXIT_OK, reportFatal} from './exit.js';

/*
 * Only commander's types and light modules are imported at the top: cli.ts
 * imports this file to register the command, and `arena --help` must not load
 * SQLite, the rating code or React. The action imports them.
 */

export const LEADERBOARD_FORMATS = ['table', 'md', 'csv', 'json'] as const;
export type LeaderboardFormat = (typeof LEADERBOARD_FORMATS)[number];

export interface LeaderboardCommandOptions {
	format?: string;
	json?: boolean;
	/** As typed; validated here so a direct call gets the same checks as the CLI. */
	minBattles?: string | number;
	since?: string;
	/** Count votes from named runs (`arena run`) too; by default only blind votes count. */
	includeNamed?: boolean;
	/** Count votes flagged by the identity-word check too. */
	includeFlagged?: boolean;
	/** Rank on one prompt category: its votes and its runs' answers. */
	category?: string;
	/** A rating per category side by side, plus the overall one. */
	byCategory?: boolean;
	/** Only votes and runs with this source label (`local`, or an import's label). */
	source?: string;
	/** JSON as one object with the rows and the statistics the notes come from; implies JSON. */
	stats?: boolean;
}

/**
 * Where a command reads its settings and writes its output; the process's own
 * unless a test says otherwise. On a terminal the streams are handed to Ink,
 * so they must then be real (or fully faked) TTY streams.
 */
export interface CommandIo {
	env?: NodeJS.ProcessEnv;
	stdout?: Pick<NodeJS.WriteStream, 'write'> & {isTTY?: boolean};
	stdin?: {isTTY?: boolean};
}

export const EMPTY_BOARD_MESSAGE = 'no votes or scores yet; run `arena battle` or `arena run PROMPT -m SPEC -m SPEC` and judge some answers';

export function registerLeaderboardCommand(program: Command): void {
	program
		.command('leaderboard')
		.description('rank models by your own blind votes (Bradley-Terry with 95% CIs), with head-to-head, scores and speed from your runs')
		.option(
			'--format <format>',
			`output format: ${LEADERBOARD_FORMATS.join(', ')} (default: browsable view on a terminal, table otherwise); csv holds the rows only, without the head-to-head table and notes`,
		)
		.option('--json', 'same as --format json: an array of rows, each with its head_to_head')
		.option('--stats', 'JSON as one object {rows, votes, position_bias, separations, bootstrap_rounds} (implies --json)')
		.option('--min-battles <n>', 'leave out models with fewer votes than this')
		.option('--since <date>', 'count only votes and runs from this date or time on (ISO 8601, e.g. 2025-03-01)')
		.option('--include-named', 'also count votes from named runs (arena run), where you saw which model was which')
		.option('--include-flagged', 'also count votes whose answers named a model or vendor')
		.option('--category <name>', 'rank on one prompt category (its votes and its runs)')
		.option('--by-category', 'a rating per category side by side, with the overall one (printed, never browsable)')
		.option('--source <label>', 'only votes and runs with this source label (local, or an import\'s label)')
		.action(async (options: LeaderboardCommandOptions) => {
			process.exitCode = await leaderboardCommand(options);
		});
}

/**
 * `arena leaderboard`: the browsable view on a terminal, a table (or --format)
 * otherwise. Only stdout carries the board; nothing goes to stderr unless the
 * command fails, so `--json` output can be piped as is.
 */
export async function leaderboardCommand(options: LeaderboardCommandOptions, io: CommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const format = resolveFormat(options);
		const minBattles = parseMinBattles(options.minBattles);
		const since = options.since === undefined ? undefined : parseSince(options.since);
		const category = parseLabel(options.category, '--category');
		const source = parseLabel(options.source, '--source');
		if (options.byCategory && category !== undefined) throw new UsageError('--category and --by-category disagree; give one of them');
		const query: LeaderboardQuery = {
			since,
			category,
			source,
			includeNamed: options.includeNamed === true,
			includeFlagged: options.includeFlagged === true,
		};
		const filters: BoardFilters = {minBattles, since, category, source};

		if (options.byCategory) {
			const boards = await readCategoryLeaderboards(io.env ?? process.env, query, {minBattles});
			const {renderCategoryReport} = await import('../core/leaderboard-categories.js');
			if (boards.overall.votes === 0 && format !== 'json' && format !== 'csv') {
				stdout.write(`no votes to rate by category${leftOutHint(boards.overall.census)}\n`);
				return EXIT_OK;
			}
			stdout.write(renderCategoryReport(boards, format ?? 'table', {stats: options.stats}));
			return EXIT_OK;
		}

		const interactive = format === undefined && stdout.isTTY === true && (io.stdin ?? process.stdin).isTTY === true;
		const leaderboard = await readLeaderboard(io.env ?? process.env, query, {minBattles});
		if (leaderboard.rows.length === 0 && format !== 'json' && format !== 'csv') {
			stdout.write(`${emptyMessage(filters, leaderboard.census)}\n`);
			return EXIT_OK;
		}
		if (interactive) {
			const {leaderboardTui} = await import('../ui/leaderboard-app.js');
			await leaderboardTui(leaderboard, {
				subtitle: filterSummary(filters, query),
				stdin: io.stdin as NodeJS.ReadStream | undefined,
				stdout: io.stdout as NodeJS.WriteStream | undefined,
			});
			return EXIT_OK;
		}
		const {renderLeaderboardReport} = await import('../core/leaderboard-report.js');
		stdout.write(renderLeaderboardReport(leaderboard, format ?? 'table', {stats: options.stats}));
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/**
 * The board from the history store under ARENA_HOME (or the platform's data
 * directory). A database that does not exist yet is an empty board: a read-only
 * command must not create one. A damaged or newer database throws StoreError.
 */
export async function readLeaderboard(
	env: NodeJS.ProcessEnv,
	query: LeaderboardQuery = {},
	options: LeaderboardOptions = {},
): Promise<Leaderboard> {
	const {buildLeaderboard, emptyCensus, loadLeaderboard} = await import('../core/leaderboard.js');
	if (!options.outputPricePerMillion) options = {...options, outputPricePerMillion: await outputPriceLookup(env)};
	const opened = await openExistingStore(env);
	if (!opened) return {...buildLeaderboard([], [], options), census: emptyCensus(query)};
	try {
		return loadLeaderboard(opened, query, options);
	} finally {
		opened.close();
	}
}

/** `--by-category`: the overall board and one fit per category, from the same store. */
export async function readCategoryLeaderboards(
	env: NodeJS.ProcessEnv,
	query: LeaderboardQuery = {},
	options: LeaderboardOptions = {},
): Promise<CategoryLeaderboards> {
	const [{buildLeaderboard, emptyCensus}, {buildCategoryLeaderboards, loadCategoryLeaderboards}] = await Promise.all([
		import('../core/leaderboard.js'),
		import('../core/leaderboard-categories.js'),
	]);
	const opened = await openExistingStore(env);
	if (!opened) return buildCategoryLeaderboards({...buildLeaderboard([], [], options), census: emptyCensus(query)}, [], options);
	try {
		return loadCategoryLeaderboards(opened, query, options);
	} finally {
		opened.close();
	}
}

/** The history store, or null when there is no database yet (which is not created). */
/** Output prices for the value column: yours, OpenRouter's cached figures, else the shipped table. */
async function outputPriceLookup(env: NodeJS.ProcessEnv): Promise<(model: string) => number | null> {
	const [{lookupPrice}, {openSettings}] = await Promise.all([import('../core/cost.js'), import('../store/settings.js')]);
	const stored = openSettings(env).prices();
	return model => lookupPrice(model, stored)?.output_per_m ?? null;
}

async function openExistingStore(env: NodeJS.ProcessEnv) {
	const [{existsSync}, {resolveArenaPaths}] = await Promise.all([import('node:fs'), import('../store/paths.js')]);
	const file = resolveArenaPaths(env).databaseFile;
	if (!existsSync(file)) return null;
	const {openHistoryStore} = await import('../store/history-store.js');
	return openHistoryStore(file);
}

export interface BoardFilters {
	minBattles: number;
	since: Date | undefined;
	category: string | undefined;
	source: string | undefined;
}

export function emptyMessage(filters: BoardFilters, census: VoteCensus | null): string {
	const scope = [
		filters.category === undefined ? '' : ` in category "${filters.category}"`,
		filters.source === undefined ? '' : ` from source "${filters.source}"`,
		filters.since ? ` since ${filters.since.toISOString()}` : '',
	].join('');
	const leftOut = leftOutHint(census);
	if (filters.minBattles > 0) return `no model has ${filters.minBattles} or more votes${scope}; try a lower --min-battles${leftOut}`;
	if (scope !== '') return `no votes or scores${scope}${leftOut}`;
	if (leftOut !== '') return `no blind votes or scores yet${leftOut}`;
	return EMPTY_BOARD_MESSAGE;
}

/** "; 3 votes from named runs are left out (--include-named counts them)". */
function leftOutHint(census: VoteCensus | null): string {
	if (!census) return '';
	const hints: string[] = [];
	if (census.left_out_named > 0) {
		hints.push(`${census.left_out_named} ${census.left_out_named === 1 ? 'vote' : 'votes'} from named runs left out (--include-named counts them)`);
	}
	if (census.left_out_flagged > 0) {
		hints.push(`${census.left_out_flagged} flagged ${census.left_out_flagged === 1 ? 'vote' : 'votes'} left out (--include-flagged counts them)`);
	}
	return hints.length > 0 ? `; ${hints.join('; ')}` : '';
}

function filterSummary(filters: BoardFilters, query: LeaderboardQuery): string | undefined {
	const parts: string[] = [];
	if (filters.category !== undefined) parts.push(`category ${filters.category}`);
	if (filters.source !== undefined) parts.push(`source ${filters.source}`);
	if (filters.since) parts.push(`since ${filters.since.toISOString()}`);
	if (filters.minBattles > 0) parts.push(`≥ ${filters.minBattles} votes`);
	if (query.includeNamed) parts.push('named votes included');
	if (query.includeFlagged) parts.push('flagged votes included');
	return parts.length > 0 ? parts.join(', ') : undefined;
}

/** --format/--json, and --stats, which is JSON by nature. */
export function resolveFormat(options: Pick<LeaderboardCommandOptions, 'format' | 'json' | 'stats'>): LeaderboardFormat | undefined {
	const format = parseFormat(options);
	if (!options.stats) return format;
	if (format !== undefined && format !== 'json') {
		throw new UsageError(`--stats goes with JSON, not --format ${format}; table and md print the same figures under the board`);
	}
	return 'json';
}

/** A --category or --source value: any non-empty text, trimmed. */
export function parseLabel(value: string | undefined, option: string): string | undefined {
	if (value === undefined) return undefined;
	const label = value.trim();
	if (label === '') throw new UsageError(`${option} needs a name, got an empty one`);
	return label;
}

export function parseFormat(options: Pick<LeaderboardCommandOptions, 'format' | 'json'>): LeaderboardFormat | undefined {
	const format = options.format?.trim().toLowerCase();
	if (format !== undefined && !(LEADERBOARD_FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(`unknown --format "${options.format}"; use one of ${LEADERBOARD_FORMATS.join(', ')}`);
	}
	if (options.json) {
		if (format !== undefined && format !== 'json') throw new UsageError(`--json and --format ${format} disagree; give one of them`);
		return 'json';
	}
	return format as LeaderboardFormat | undefined;
}

export function parseMinBattles(value: string | number | undefined): number {
	if (value === undefined) return 0;
	const text = String(value).trim();
	if (!/^\d+$/.test(text)) throw new UsageError(`--min-battles must be a whole number of 0 or more, got "${value}"`);
	return Number(text);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `--since`: an ISO 8601 date (midnight, local time, as a person means "since
 * March 1st") or date and time (local unless it carries Z or an offset).
 * Anything else, or an impossible date such as 2025-02-30, is a usage error.
 */
export function parseSince(text: string): Date {
	const value = text.trim();
	const dateOnly = ISO_DATE.exec(value);
	if (dateOnly) {
		const [year, month, day] = dateOnly.slice(1, 4).map(Number) as [number, number, number];
		const date = new Date(year, month - 1, day);
		if (date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day) return date;
	} else {
		const dateTime = ISO_DATE_TIME.exec(value);
		if (dateTime) {
			const [year, month, day, hour, minute, second] = dateTime.slice(1, 7).map(part => Number(part ?? 0)) as number[];
			const date = new Date(value.replace(' ', 'T'));
			const inRange = month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth(year!, month!) && hour! <= 23 && minute! <= 59 && second! <= 59;
			if (inRange && !Number.isNaN(date.getTime())) return date;
		}
	}
	throw new UsageError(`--since "${text}" is not a date; use ISO 8601, e.g. 2025-03-01 or 2025-03-01T14:30`);
}

function daysInMonth(year: number, month: number): number {
	return new Date(year, month, 0).getDate();
}
