import type {Command} from 'commander';
import {UsageError} from '../core/errors.js';
import type {ArenaVote, ImportableBattle} from '../core/fastchat.js';
import type {HistoryStore} from '../store/history-store.js';
import {EXIT_FAILED, EXIT_OK, reportFatal} from './exit.js';
import {parseLabel, type CommandIo} from './leaderboard.js';

/*
 * Only commander's types and light modules are imported at the top: cli.ts
 * imports this file to register the command. The action imports the store.
 *
 * Exit status: 0 when every record was imported or already there (including an
 * empty file); 1 when some records were rejected (the good ones are committed
 * all the same, in one transaction); 2 when the file cannot be read or is not
 * JSON at all (nothing is imported).
 */

export const IMPORT_FORMATS = ['auto', 'fastchat', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportCommandOptions {
	format?: string;
	source?: string;
}

export interface ImportIo extends CommandIo {
	stderr?: Pick<NodeJS.WriteStream, 'write'>;
	/** For `arena import -`. */
	readStdin?: () => Promise<string>;
}

/** Rejections listed one by one; the rest are counted. */
const REJECTIONS_SHOWN = 10;

export function registerImportCommand(program: Command): void {
	program
		.command('import')
		.description(
			'add battles from a FastChat clean_battle file (JSON array), JSONL of the same objects, or an arena export (battles or runs); importing the same file again adds nothing',
		)
		.argument('<file>', 'the file to read; "-" reads stdin')
		.option('--format <format>', `${IMPORT_FORMATS.join(', ')} (default auto: a JSON array is fastchat, anything else JSONL)`)
		.option(
			'--source <label>',
			'label every imported vote with this source (see leaderboard --source); default: the file name without its extension, keeping any non-local source an arena export carries',
		)
		.addHelpText('after', '\nExit status: 0 all imported or already there, 1 some records rejected (the others were imported), 2 unreadable or not JSON (nothing imported).')
		.action(async (file: string, options: ImportCommandOptions) => {
			process.exitCode = await importCommand(file, options);
		});
}

/** `arena import FILE`: one transaction for every good record; a summary on stdout, rejections on stderr. */
export async function importCommand(file: string, options: ImportCommandOptions, io: ImportIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	const stderr = io.stderr ?? process.stderr;
	try {
		const format = parseImportFormat(options.format);
		const override = parseLabel(options.source, '--source');
		const fromStdin = file === '-';
		const text = fromStdin ? await (io.readStdin ?? readAllStdin)() : await readImportFile(file);
		const label = fromStdin ? 'stdin' : file;
		const defaultSource = override ?? defaultSourceLabel(file);
		const prepared = await prepareImport(text, {format, label, defaultSource, overrideSource: override});
		const [{resolveArenaPaths}, {openHistoryStore}] = await Promise.all([import('../store/paths.js'), import('../store/history-store.js')]);
		const store = openHistoryStore(resolveArenaPaths(io.env ?? process.env).databaseFile);
		let summary: ImportSummary;
		try {
			summary = commitImport(store, prepared);
		} finally {
			store.close();
		}
		stdout.write(`${summaryLine(summary)} (source "${defaultSource}")\n`);
		for (const rejection of summary.rejected.slice(0, REJECTIONS_SHOWN)) stderr.write(`rejected ${rejection.place}: ${rejection.reason}\n`);
		const more = summary.rejected.length - REJECTIONS_SHOWN;
		if (more > 0) stderr.write(`… and ${more} more rejected ${more === 1 ? 'record' : 'records'}\n`);
		return summary.rejected.length > 0 ? EXIT_FAILED : EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

export function summaryLine(summary: Pick<ImportSummary, 'imported' | 'duplicate' | 'rejected'>): string {
	return `imported ${summary.imported}, duplicate ${summary.duplicate}, rejected ${summary.rejected.length}`;
}

export function parseImportFormat(value: string | undefined): ImportFormat {
	const format = (value ?? 'auto').trim().toLowerCase();
	if (!(IMPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format "${value}"; use one of ${IMPORT_FORMATS.join(', ')}`);
	return format as ImportFormat;
}

/** "team-a.json" → "team-a": two people's files land under two labels without a flag. */
export function defaultSourceLabel(file: string): string {
	if (file === '-') return 'import';
	const base = file.split(/[\\/]/).pop() ?? '';
	const dot = base.lastIndexOf('.');
	const stem = (dot > 0 ? base.slice(0, dot) : base).trim();
	return stem === '' ? 'import' : stem;
}

export async function readImportFile(file: string): Promise<string> {
	const {readFile} = await import('node:fs/promises');
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
		throw new UsageError(`cannot read ${file}: ${reason}`);
	}
}

async function readAllStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------------------
// Reading the file

/** The file is not JSON at all: nothing is imported, and the message names line and column. */
export class BattleFileSyntaxError extends UsageError {}

/** Where a record sits in the file, as a message names it: "line 12", "index 3", "line 4, vote 2". */
export interface RecordPlace {
	line?: number;
	index?: number;
	/** For a run from `arena export runs`: which of its votes (1-based). */
	vote?: number;
}

export function describePlace(place: RecordPlace): string {
	const where = place.line !== undefined ? `line ${place.line}` : `index ${place.index}`;
	return place.vote === undefined ? where : `${where}, vote ${place.vote}`;
}

export interface ParsedBattleFile {
	format: 'fastchat' | 'jsonl';
	/** Every record, in file order, with where it came from. */
	records: Array<{record: unknown; place: RecordPlace}>;
	/** JSONL lines that are not JSON, when others are. */
	unreadable: Array<{place: RecordPlace; reason: string}>;
}

/**
 * Splits a file into records. `auto`: a file whose first non-blank character
 * is `[` is a JSON array (FastChat's clean_battle file, or `arena export
 * battles --format fastchat`); anything else is JSONL. A line of
 * `arena export runs` stands for the votes of its run.
 *
 * Throws BattleFileSyntaxError, with `label:line:column`, when the file is not
 * JSON at all: a broken array, or JSONL in which no line is JSON.
 */
export async function parseBattleFile(text: string, format: ImportFormat, label: string): Promise<ParsedBattleFile> {
	const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const firstCharacter = /\S/.exec(content)?.[0];
	const looksLikeArray = firstCharacter === '[';
	const chosen = format === 'auto' ? (looksLikeArray ? 'fastchat' : 'jsonl') : format;
	if (chosen === 'jsonl' && looksLikeArray) {
		throw new BattleFileSyntaxError(`${label} is a JSON array, not JSON lines; use --format fastchat (or auto)`);
	}
	const parsed = chosen === 'fastchat' ? await parseArray(content, label) : await parseLines(content, label);
	return {...parsed, records: await expandRuns(parsed.records)};
}

async function parseArray(text: string, label: string): Promise<Omit<ParsedBattleFile, 'format'> & {format: 'fastchat'}> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw await syntaxError(text, label, error);
	}
	if (!Array.isArray(value)) {
		const kind = value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
		throw new BattleFileSyntaxError(`${label} holds ${kind}, not a JSON array of battles; for one object per line use --format jsonl`);
	}
	return {format: 'fastchat', records: value.map((record, index) => ({record, place: {index}})), unreadable: []};
}

async function parseLines(text: string, label: string): Promise<Omit<ParsedBattleFile, 'format'> & {format: 'jsonl'}> {
	const records: ParsedBattleFile['records'] = [];
	const unreadable: ParsedBattleFile['unreadable'] = [];
	let firstFailure: {line: number; text: string; error: unknown} | undefined;
	const lines = text.split('\n');
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!.endsWith('\r') ? lines[index]!.slice(0, -1) : lines[index]!;
		if (line.trim() === '') continue;
		try {
			records.push({record: JSON.parse(line), place: {line: index + 1}});
		} catch (error) {
			firstFailure ??= {line: index + 1, text: line, error};
			unreadable.push({place: {line: index + 1}, reason: await notJsonReason(line, error)});
		}
	}
	if (records.length === 0 && firstFailure) {
		// A single object written over several lines is still one record.
		try {
			const whole = JSON.parse(text) as unknown;
			if (whole !== null && typeof whole === 'object' && !Array.isArray(whole)) return {format: 'jsonl', records: [{record: whole, place: {line: 1}}], unreadable: []};
		} catch {
			// Not that either: report the first broken line below.
		}
		const {locateJsonSyntaxError} = await import('../suites/json-syntax.js');
		const located = locateJsonSyntaxError(firstFailure.text);
		const column = (located?.position ?? 0) + 1;
		const message = located?.message ?? (firstFailure.error as Error).message;
		throw new BattleFileSyntaxError(`${label}:${firstFailure.line}:${column}: not JSON: ${message}`);
	}
	return {format: 'jsonl', records, unreadable};
}

async function syntaxError(text: string, label: string, error: unknown): Promise<BattleFileSyntaxError> {
	const {locateJsonSyntaxError} = await import('../suites/json-syntax.js');
	const located = locateJsonSyntaxError(text);
	if (!located) return new BattleFileSyntaxError(`${label}: not JSON: ${(error as Error).message}`);
	const {line, column} = lineAndColumn(text, located.position);
	return new BattleFileSyntaxError(`${label}:${line}:${column}: not JSON: ${located.message}`);
}

async function notJsonReason(line: string, error: unknown): Promise<string> {
	const {locateJsonSyntaxError} = await import('../suites/json-syntax.js');
	const located = locateJsonSyntaxError(line);
	return located ? `not JSON at column ${located.position + 1}: ${located.message}` : `not JSON: ${(error as Error).message}`;
}

/** 1-based line and column (in UTF-16 units, as editors count them) of an offset. */
export function lineAndColumn(text: string, position: number): {line: number; column: number} {
	let line = 1;
	let lineStart = 0;
	for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) {
		line++;
		lineStart = index + 1;
	}
	return {line, column: position - lineStart + 1};
}

/** Whether a record is a line of `arena export runs`: a run with its answers and votes. */
function isExportedRun(record: unknown): record is {votes: unknown[]; answers: unknown[]; prompt: string} {
	if (record === null || typeof record !== 'object') return false;
	const fields = record as {[key: string]: unknown};
	return Array.isArray(fields.votes) && Array.isArray(fields.answers) && typeof fields.prompt === 'string' && fields.model_a === undefined;
}

/** A run from `arena export runs` becomes its votes, each as the battle `arena export battles` would write. */
async function expandRuns(records: ParsedBattleFile['records']): Promise<ParsedBattleFile['records']> {
	if (!records.some(entry => isExportedRun(entry.record))) return records;
	const {fastChatBattleFromVote} = await import('../core/fastchat.js');
	const expanded: ParsedBattleFile['records'] = [];
	for (const entry of records) {
		if (!isExportedRun(entry.record)) {
			expanded.push(entry);
			continue;
		}
		const run = entry.record as unknown as {
			prompt: string;
			system_prompt?: string | null;
			suite?: string | null;
			task_id?: string | null;
			answers: Array<{id?: unknown; text?: unknown}>;
			votes: unknown[];
		};
		const answerText = (id: unknown): string | null => {
			const found = run.answers.find(answer => answer && answer.id === id && id !== null && id !== undefined);
			return typeof found?.text === 'string' ? found.text : null;
		};
		for (const [index, vote] of run.votes.entries()) {
			const place = {...entry.place, vote: index + 1};
			if (!isStoredVote(vote)) {
				expanded.push({record: vote, place});
				continue;
			}
			const conversation = {
				system_prompt: run.system_prompt ?? null,
				prompt: run.prompt,
				answer_a: answerText(vote.answer_a_id),
				answer_b: answerText(vote.answer_b_id),
				suite: run.suite ?? null,
				task_id: run.task_id ?? null,
			};
			expanded.push({record: fastChatBattleFromVote(vote, conversation), place});
		}
	}
	return expanded;
}

type StoredVote = ArenaVote & {answer_a_id: unknown; answer_b_id: unknown};

/** Enough of a stored vote to rebuild its battle; anything less is passed on to be rejected with a reason. */
function isStoredVote(value: unknown): value is StoredVote {
	if (value === null || typeof value !== 'object') return false;
	const vote = value as {[key: string]: unknown};
	return typeof vote.dedupe_key === 'string' && typeof vote.model_a === 'string' && typeof vote.model_b === 'string' && typeof vote.voted_at === 'string' && typeof vote.source === 'string';
}

// ---------------------------------------------------------------------------
// Importing

export interface ImportSummary {
	format: 'fastchat' | 'jsonl';
	/** Records read (a run of `arena export runs` counts as its votes). */
	records: number;
	imported: number;
	duplicate: number;
	/** In file order. */
	rejected: Array<{place: string; reason: string}>;
}

export interface ImportTextOptions {
	format: ImportFormat;
	/** The file as messages name it. */
	label: string;
	defaultSource: string;
	overrideSource?: string;
}

/** A file read and checked, its good records ready to store. */
export interface PreparedImport {
	format: 'fastchat' | 'jsonl';
	records: number;
	battles: ImportableBattle[];
	placesOfBattles: RecordPlace[];
	rejected: Array<{place: RecordPlace; reason: string}>;
	defaultSource: string;
}

/** Parses and validates, without touching the store: a file that is not JSON never creates or opens a database. */
export async function prepareImport(text: string, options: ImportTextOptions): Promise<PreparedImport> {
	const parsed = await parseBattleFile(text, options.format, options.label);
	const {importableFromFastChat} = await import('../core/fastchat.js');
	const battles: ImportableBattle[] = [];
	const placesOfBattles: RecordPlace[] = [];
	const rejected: PreparedImport['rejected'] = [...parsed.unreadable];
	for (const {record, place} of parsed.records) {
		const battle = importableFromFastChat(record, {defaultSource: options.defaultSource, overrideSource: options.overrideSource});
		if ('reason' in battle) {
			rejected.push({place, reason: battle.reason});
		} else {
			battles.push(battle);
			placesOfBattles.push(place);
		}
	}
	return {format: parsed.format, records: parsed.records.length + parsed.unreadable.length, battles, placesOfBattles, rejected, defaultSource: options.defaultSource};
}

/** Commits the good records in one transaction; the store's own rejections join the file's, in file order. */
export function commitImport(store: HistoryStore, prepared: PreparedImport): ImportSummary {
	const result = store.importBattles(prepared.battles, {source: prepared.defaultSource});
	const rejected = [...prepared.rejected];
	for (const rejection of result.rejected) rejected.push({place: prepared.placesOfBattles[rejection.index]!, reason: rejection.reason});
	rejected.sort((left, right) => placeOrder(left.place) - placeOrder(right.place) || (left.place.vote ?? 0) - (right.place.vote ?? 0));
	return {
		format: prepared.format,
		records: prepared.records,
		imported: result.imported,
		duplicate: result.duplicate,
		rejected: rejected.map(rejection => ({place: describePlace(rejection.place), reason: rejection.reason})),
	};
}

/** Parses, validates and stores: the whole of `arena import` but for reading the file and printing. */
export async function importBattleText(store: HistoryStore, text: string, options: ImportTextOptions): Promise<ImportSummary> {
	return commitImport(store, await prepareImport(text, options));
}

function placeOrder(place: RecordPlace): number {
	return place.line ?? place.index ?? 0;
}

/** Reads `file` and imports it: what `arena import FILE` does, for the benchmark and tests. */
export async function importBattleFile(
	store: HistoryStore,
	file: string,
	options: {format?: ImportFormat; source?: string} = {},
): Promise<ImportSummary> {
	const text = await readImportFile(file);
	return importBattleText(store, text, {
		format: options.format ?? 'auto',
		label: file,
		defaultSource: options.source ?? defaultSourceLabel(file),
		overrideSource: options.source,
	});
}
