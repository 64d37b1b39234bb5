import type {Command} from 'commander';
import {UsageError} from '../core/errors.js';
import type {Leaderboard, LeaderboardOptions, LeaderboardQuery} from '../core/leaderboard.js';
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

export const EMPTY_BOARD_MESSAGE = 'no votes or scores yet; run `arena run PROMPT -m SPEC -m SPEC` and judge some answers';

export function registerLeaderboardCommand(program: Command): void {
	program
		.command('leaderboard')
		.description('rank models by your own votes (Bradley-Terry with 95% CIs), with scores and speed from your runs')
		.option('--format <format>', `output format: ${LEADERBOARD_FORMATS.join(', ')} (default: browsable view on a terminal, table otherwise)`)
		.option('--json', 'same as --format json')
		.option('--min-battles <n>', 'leave out models with fewer votes than this')
		.option('--since <date>', 'count only votes and runs from this date or time on (ISO 8601, e.g. 2025-03-01)')
		.action(async (options: LeaderboardCommandOptions) => {
			process.exitCode = await leaderboardCommand(options);
		});
}

/** `arena leaderboard`: the browsable view on a terminal, a table (or --format) otherwise. */
export async function leaderboardCommand(options: LeaderboardCommandOptions, io: CommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const format = parseFormat(options);
		const minBattles = parseMinBattles(options.minBattles);
		const since = options.since === undefined ? undefined : parseSince(options.since);
		const interactive = format === undefined && stdout.isTTY === true && (io.stdin ?? process.stdin).isTTY === true;

		const leaderboard = await readLeaderboard(io.env ?? process.env, {since}, {minBattles});
		const {renderLeaderboard} = await import('../core/leaderboard.js');

		if (leaderboard.rows.length === 0 && format !== 'json' && format !== 'csv') {
			stdout.write(`${emptyMessage(minBattles, since)}\n`);
			return EXIT_OK;
		}
		if (interactive) {
			const {leaderboardTui} = await import('../ui/leaderboard-app.js');
			await leaderboardTui(leaderboard, {
				subtitle: filterSummary(minBattles, since),
				stdin: io.stdin as NodeJS.ReadStream | undefined,
				stdout: io.stdout as NodeJS.WriteStream | undefined,
			});
			return EXIT_OK;
		}
		stdout.write(renderLeaderboard(leaderboard, format ?? 'table'));
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
	const [{existsSync}, {resolveArenaPaths}, {buildLeaderboard, loadLeaderboard}] = await Promise.all([
		import('node:fs'),
		import('../store/paths.js'),
		import('../core/leaderboard.js'),
	]);
	const file = resolveArenaPaths(env).databaseFile;
	if (!existsSync(file)) return buildLeaderboard([], [], options);
	const {openHistoryStore} = await import('../store/history-store.js');
	const store = openHistoryStore(file);
	try {
		return loadLeaderboard(store, query, options);
	} finally {
		store.close();
	}
}

function emptyMessage(minBattles: number, since: Date | undefined): string {
	if (minBattles > 0) return `no model has ${minBattles} or more votes${since ? ` since ${since.toISOString()}` : ''}; try a lower --min-battles`;
	if (since) return `no votes or scores since ${since.toISOString()}`;
	return EMPTY_BOARD_MESSAGE;
}

function filterSummary(minBattles: number, since: Date | undefined): string | undefined {
	const parts: string[] = [];
	if (since) parts.push(`since ${since.toISOString()}`);
	if (minBattles > 0) parts.push(`≥ ${minBattles} votes`);
	return parts.length > 0 ? parts.join(', ') : undefined;
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
