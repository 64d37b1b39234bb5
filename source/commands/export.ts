import type {Command} from 'commander';
import {UsageError} from '../core/errors.js';
import type {FastChatBattle} from '../core/fastchat.js';
import type {LeaderboardQuery} from '../core/leaderboard.js';
import type {HistoryStore, RunDetail, VoteRecord} from '../store/history-store.js';
import {EXIT_FAILED, EXIT_OK, reportFatal} from './exit.js';
import {parseLabel, parseMinBattles, parseSince, readLeaderboard, type CommandIo} from './leaderboard.js';

/*
 * Only commander's types and light modules are imported at the top: cli.ts
 * imports this file to register the command. The actions import the store,
 * the rating code and the report.
 *
 * No export can carry a credential: the store never holds API keys or request
 * headers, run parameters are scrubbed of anything named like one, and as a
 * last guard the text is searched for the values of the key variables before
 * it is written (see `redactSecrets`).
 */

export const LEADERBOARD_EXPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;
export const BATTLE_EXPORT_FORMATS = ['fastchat', 'jsonl', 'csv'] as const;
export const RUN_EXPORT_FORMATS = ['jsonl'] as const;

export type LeaderboardExportFormat = (typeof LEADERBOARD_EXPORT_FORMATS)[number];
export type BattleExportFormat = (typeof BATTLE_EXPORT_FORMATS)[number];

/** Where an export goes and what it says on the side; a test passes its own streams. */
export interface ExportIo extends CommandIo {
	stderr?: Pick<NodeJS.WriteStream, 'write'>;
	/** "Made at", for the HTML report; now by default. */
	now?: Date;
}

interface OutputOptions {
	format?: string;
	output?: string;
}

export interface ExportLeaderboardOptions extends OutputOptions {
	title?: string;
	minBattles?: string | number;
	since?: string;
	includeNamed?: boolean;
	includeFlagged?: boolean;
	category?: string;
	source?: string;
}

export interface ExportBattlesOptions extends OutputOptions {
	since?: string;
	category?: string;
	source?: string;
	/** Leave out votes flagged by the identity-word check, as FastChat's own cleaning does. */
	excludeFlagged?: boolean;
	/** Only votes cast blind (FastChat's anony). */
	blindOnly?: boolean;
}

export interface ExportRunsOptions extends OutputOptions {
	since?: string;
	suite?: string;
}

export function registerExportCommand(program: Command): void {
	const exportCommand = program
		.command('export')
		.description('write your leaderboard, battles or runs to stdout or a file (-o), for a blog post, a spreadsheet, a teammate or FastChat');

	exportCommand
		.command('leaderboard')
		.description('the leaderboard as a GitHub Markdown table, RFC 4180 CSV, JSON rows, or a self-contained HTML report')
		.option('--format <format>', `${LEADERBOARD_EXPORT_FORMATS.join(', ')} (default: from the -o extension, else md)`)
		.option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
		.option('--title <text>', 'title of the HTML report')
		.option('--min-battles <n>', 'leave out models with fewer votes than this')
		.option('--since <date>', 'count only votes and runs from this date or time on (ISO 8601, e.g. 2025-03-01)')
		.option('--include-named', 'also count votes from named runs (arena run), where you saw which model was which')
		.option('--include-flagged', 'also count votes whose answers named a model or vendor')
		.option('--category <name>', 'rank on one prompt category (its votes and its runs)')
		.option('--source <label>', "only votes and runs with this source label (local, or an import's label)")
		.action(async (options: ExportLeaderboardOptions) => {
			process.exitCode = await exportLeaderboardCommand(options);
		});

	exportCommand
		.command('battles')
		.description(
			'every vote as a battle: fastchat is a JSON array in FastChat\'s clean_battle schema (its rating scripts read it as is), jsonl the same objects one per line, csv one row per battle with the prompt and both answers',
		)
		.option('--format <format>', `${BATTLE_EXPORT_FORMATS.join(', ')} (default: from the -o extension, else fastchat)`)
		.option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
		.option('--since <date>', 'only votes cast from this date or time on (ISO 8601)')
		.option('--category <name>', 'only votes of this prompt category')
		.option('--source <label>', "only votes with this source label (local, or an import's label)")
		.option('--blind-only', 'only votes cast blind (anony); FastChat\'s scripts keep only these anyway')
		.option('--exclude-flagged', 'leave out votes whose answers named a model or vendor, as FastChat\'s cleaning does (they are marked flagged_identity otherwise)')
		.action(async (options: ExportBattlesOptions) => {
			process.exitCode = await exportBattlesCommand(options);
		});

	exportCommand
		.command('runs')
		.description('every run, oldest first, one JSON object per line: prompt, parameters, answers with their metrics and scores, and votes')
		.option('--format <format>', `${RUN_EXPORT_FORMATS.join(', ')} (default)`)
		.option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
		.option('--since <date>', 'only runs made from this date or time on (ISO 8601)')
		.option('--suite <name>', 'only runs of this suite')
		.action(async (options: ExportRunsOptions) => {
			process.exitCode = await exportRunsCommand(options);
		});
}

// ---------------------------------------------------------------------------
// arena export leaderboard

export async function exportLeaderboardCommand(options: ExportLeaderboardOptions, io: ExportIo = {}): Promise<number> {
	try {
		const format = resolveExportFormat(options, LEADERBOARD_EXPORT_FORMATS, LEADERBOARD_EXTENSIONS, 'md');
		const minBattles = parseMinBattles(options.minBattles);
		const query: LeaderboardQuery = {
			since: options.since === undefined ? undefined : parseSince(options.since),
			category: parseLabel(options.category, '--category'),
			source: parseLabel(options.source, '--source'),
			includeNamed: options.includeNamed === true,
			includeFlagged: options.includeFlagged === true,
		};
		const env = io.env ?? process.env;
		const board = await readLeaderboard(env, query, {minBattles});
		let text: string;
		if (format === 'html') {
			const {renderHtmlReport} = await import('../report/html-report.js');
			text = renderHtmlReport(board, {generatedAt: io.now ?? new Date(), ...(options.title === undefined ? {} : {title: options.title})});
		} else {
			const {renderLeaderboardReport} = await import('../core/leaderboard-report.js');
			text = renderLeaderboardReport(board, format);
		}
		const models = board.rows.length;
		if (models === 0) (io.stderr ?? process.stderr).write('arena: no votes or scores match, so the leaderboard is empty\n');
		await deliver(text, options.output, io, `leaderboard of ${models} ${models === 1 ? 'model' : 'models'} (${format})`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

const LEADERBOARD_EXTENSIONS: Record<string, LeaderboardExportFormat> = {'.md': 'md', '.markdown': 'md', '.csv': 'csv', '.json': 'json', '.html': 'html', '.htm': 'html'};

// ---------------------------------------------------------------------------
// arena export battles

export async function exportBattlesCommand(options: ExportBattlesOptions, io: ExportIo = {}): Promise<number> {
	try {
		const format = resolveExportFormat(options, BATTLE_EXPORT_FORMATS, BATTLE_EXTENSIONS, 'fastchat');
		const filter = {
			since: options.since === undefined ? undefined : parseSince(options.since),
			category: parseLabel(options.category, '--category'),
			source: parseLabel(options.source, '--source'),
			// An export is the record: named and flagged votes go too, and each says which it is.
			includeNamed: options.blindOnly !== true,
			includeFlagged: options.excludeFlagged !== true,
		};
		const battles = (await withExistingStore(io.env ?? process.env, store => battlesOf(store, store.votes(filter)))) ?? [];
		const text = await renderBattles(battles, format);
		await deliver(text, options.output, io, `${battles.length} ${battles.length === 1 ? 'battle' : 'battles'} (${format})`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

const BATTLE_EXTENSIONS: Record<string, BattleExportFormat> = {'.json': 'fastchat', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv'};

/**
 * The votes as FastChat battles, each with the conversation of the run it was
 * cast on. Runs are read once each, however many votes a ranking made on them.
 */
export async function battlesOf(store: HistoryStore, votes: readonly VoteRecord[]): Promise<FastChatBattle[]> {
	const {fastChatBattleFromVote} = await import('../core/fastchat.js');
	const runs = new Map<string, RunDetail | null>();
	const runOf = (runId: string): RunDetail | null => {
		let run = runs.get(runId);
		if (run === undefined) {
			run = store.getRun(runId);
			runs.set(runId, run);
		}
		return run;
	};
	const conversations = new Map<string, RunDetail[]>();
	/**
	 * A vote after turn N: the turns before it, each side's own answer found by
	 * its spec (a retried pane's newest answer, the one the model saw).
	 */
	const earlierTurns = (run: RunDetail, vote: VoteRecord) => {
		if (run.conversation_id === null || run.turn <= 1) return [];
		let turns = conversations.get(run.conversation_id);
		if (!turns) {
			turns = store.conversationRuns(run.conversation_id);
			conversations.set(run.conversation_id, turns);
		}
		const specOf = (answerId: string | null) => run.answers.find(answer => answer.id === answerId)?.spec;
		const [specA, specB] = [specOf(vote.answer_a_id), specOf(vote.answer_b_id)];
		const byTurn = new Map<number, RunDetail>();
		for (const earlier of turns) if (earlier.turn < run.turn) byTurn.set(earlier.turn, earlier);
		const latestAnswer = (earlier: RunDetail, spec: string | undefined) => {
			const answer = earlier.answers.filter(candidate => candidate.spec === spec).at(-1);
			return answer && answer.state === 'done' ? answer.text : null;
		};
		return [...byTurn.keys()]
			.sort((a, b) => a - b)
			.map(turn => {
				const earlier = byTurn.get(turn)!;
				return {prompt: earlier.prompt, answer_a: latestAnswer(earlier, specA), answer_b: latestAnswer(earlier, specB)};
			});
	};
	const needsTokens = votes.some(vote => vote.run_id !== null);
	const countTokens = needsTokens ? await loadFastChatTokenCounter() : undefined;
	return votes.map(vote => {
		const run = vote.run_id === null ? null : runOf(vote.run_id);
		const answerText = (answerId: string | null) => (answerId === null ? null : (run?.answers.find(answer => answer.id === answerId)?.text ?? null));
		const conversation = run
			? {
					system_prompt: run.system_prompt,
					earlier: earlierTurns(run, vote),
					prompt: run.prompt,
					answer_a: answerText(vote.answer_a_id),
					answer_b: answerText(vote.answer_b_id),
					suite: run.suite,
					task_id: run.task_id,
				}
			: null;
		return fastChatBattleFromVote(vote, conversation, {countTokens});
	});
}

/** FastChat counts message tokens with tiktoken's cl100k_base; gpt-tokenizer has the same table. */
async function loadFastChatTokenCounter(): Promise<((text: string) => number) | undefined> {
	try {
		const {countTokens} = await import('gpt-tokenizer/encoding/cl100k_base');
		return (text: string) => (text.length === 0 ? 0 : countTokens(text));
	} catch {
		// Counts are a nicety for FastChat's long-conversation filter; an export without them is still whole.
		return undefined;
	}
}

export async function renderBattles(battles: readonly FastChatBattle[], format: BattleExportFormat): Promise<string> {
	switch (format) {
		case 'fastchat':
			// Indented like FastChat's own clean_battle files.
			return `${JSON.stringify(battles, null, 2)}\n`;
		case 'jsonl':
			return battles.map(battle => `${JSON.stringify(battle)}\n`).join('');
		case 'csv': {
			const [{BATTLE_CSV_COLUMNS, battleCsvRow}, {renderObjectsCsv}] = await Promise.all([import('../core/fastchat.js'), import('../core/format-table.js')]);
			return renderObjectsCsv(BATTLE_CSV_COLUMNS, battles.map(battleCsvRow));
		}
	}
}

// ---------------------------------------------------------------------------
// arena export runs

export async function exportRunsCommand(options: ExportRunsOptions, io: ExportIo = {}): Promise<number> {
	try {
		resolveExportFormat(options, RUN_EXPORT_FORMATS, {'.jsonl': 'jsonl', '.ndjson': 'jsonl'}, 'jsonl');
		const since = options.since === undefined ? undefined : parseSince(options.since);
		const suite = parseLabel(options.suite, '--suite');
		const runs =
			(await withExistingStore(io.env ?? process.env, store =>
				store
					.listRuns({limit: Number.MAX_SAFE_INTEGER, since, suite})
					.reverse()
					.map(summary => store.getRun(summary.id))
					.filter((run): run is RunDetail => run !== null),
			)) ?? [];
		const text = runs.map(run => `${JSON.stringify({...run, params: scrubCredentials(run.params)})}\n`).join('');
		await deliver(text, options.output, io, `${runs.length} ${runs.length === 1 ? 'run' : 'runs'} (jsonl)`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/**
 * Names that mean a credential or a request header. Run parameters are
 * arena's own (temperature, max_tokens…) and never hold one, but they are
 * stored as free JSON, so an export does not take that on trust.
 */
const CREDENTIAL_NAME = /authorization|api[-_]?key|secret|password|passwd|cookie|bearer|credential|access[-_]?token|^headers?$|^x-/i;

/** A copy of `value` without any property named like a credential or header, at any depth. */
export function scrubCredentials<T>(value: T): T {
	if (Array.isArray(value)) return value.map(item => scrubCredentials(item)) as T;
	if (value === null || typeof value !== 'object') return value;
	const clean: {[key: string]: unknown} = {};
	for (const [key, item] of Object.entries(value)) {
		if (!CREDENTIAL_NAME.test(key)) clean[key] = scrubCredentials(item);
	}
	return clean as T;
}

// ---------------------------------------------------------------------------
// Shared

/**
 * --format, or else the -o file's extension (report.html → html), or else the
 * default. An unknown --format is a usage error; an unknown extension is not.
 */
export function resolveExportFormat<Format extends string>(
	options: OutputOptions,
	formats: readonly Format[],
	extensions: Record<string, Format>,
	fallback: Format,
): Format {
	const given = options.format?.trim().toLowerCase();
	if (given !== undefined && given !== '') {
		if (!(formats as readonly string[]).includes(given)) throw new UsageError(`unknown --format "${options.format}"; use one of ${formats.join(', ')}`);
		return given as Format;
	}
	if (options.format !== undefined) throw new UsageError(`--format needs a value: one of ${formats.join(', ')}`);
	const extension = options.output === undefined ? undefined : /\.[^./\\]+$/.exec(options.output)?.[0].toLowerCase();
	if (extension !== undefined && Object.hasOwn(extensions, extension)) return extensions[extension]!;
	return fallback;
}

/** Runs `work` on the history store, or returns undefined when there is no database: an export must not create one. */
async function withExistingStore<T>(env: NodeJS.ProcessEnv, work: (store: HistoryStore) => T | Promise<T>): Promise<T | undefined> {
	const [{existsSync}, {resolveArenaPaths}] = await Promise.all([import('node:fs'), import('../store/paths.js')]);
	const file = resolveArenaPaths(env).databaseFile;
	if (!existsSync(file)) return undefined;
	const {openHistoryStore} = await import('../store/history-store.js');
	const store = openHistoryStore(file);
	try {
		return await work(store);
	} finally {
		store.close();
	}
}

/**
 * Writes the export to stdout, or to `output` atomically: a temp file in the
 * same directory, flushed to disk, then renamed over the target, so a reader
 * never sees half a file and a failed export leaves the old file as it was.
 * A file export says on stderr what it wrote; stdout stays clean for pipes.
 */
async function deliver(text: string, output: string | undefined, io: ExportIo, what: string): Promise<void> {
	const {text: clean, redactions} = redactSecrets(text, await secretValues(io.env ?? process.env));
	const stderr = io.stderr ?? process.stderr;
	if (redactions > 0) {
		stderr.write(`arena: removed ${redactions} ${redactions === 1 ? 'copy' : 'copies'} of an API key value from the export\n`);
	}
	if (output === undefined) {
		await writeToStdout(io.stdout ?? process.stdout, clean);
		return;
	}
	if (output.trim() === '') throw new UsageError('-o needs a file name');
	await writeFileAtomically(output, clean);
	stderr.write(`wrote ${what} to ${output}\n`);
}

let stdoutGuarded = false;

async function writeToStdout(stdout: Pick<NodeJS.WriteStream, 'write'>, text: string): Promise<void> {
	if (stdout === process.stdout && !stdoutGuarded) {
		stdoutGuarded = true;
		process.stdout.on('error', error => {
			// `arena export battles | head` closes the pipe early: the reader had enough, which is no failure.
			if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(EXIT_OK);
			process.stderr.write(`arena: cannot write to stdout: ${error.message}\n`);
			process.exit(EXIT_FAILED);
		});
	}
	await new Promise<void>(resolve => {
		if (stdout.write(text) || !('once' in stdout)) resolve();
		else (stdout as NodeJS.WriteStream).once('drain', () => resolve());
	});
}

export async function writeFileAtomically(target: string, text: string): Promise<void> {
	const [{open, rename, rm}, path, {randomBytes}] = await Promise.all([import('node:fs/promises'), import('node:path'), import('node:crypto')]);
	const resolved = path.resolve(target);
	const temporary = path.join(path.dirname(resolved), `.${path.basename(resolved)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
	let handle: Awaited<ReturnType<typeof open>> | undefined;
	try {
		handle = await open(temporary, 'wx', 0o644);
		await handle.writeFile(text, 'utf8');
		await handle.sync();
		await handle.close();
		handle = undefined;
		await rename(temporary, resolved);
	} catch (error) {
		await handle?.close().catch(() => undefined);
		await rm(temporary, {force: true}).catch(() => undefined);
		const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its directory does not exist' : (error as Error).message;
		throw new UsageError(`cannot write ${target}: ${reason}`);
	}
}

/** Environment variables whose names say they hold a credential. */
const SECRET_VARIABLE = /(?:^|_)(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD)$/i;
/** Shorter values are too likely to occur in ordinary text to be worth removing. */
const MIN_SECRET_LENGTH = 8;

/**
 * The values an export must never contain: those of every provider's key
 * variable (`--api-key-env`), and of any variable named like a key or token.
 */
export async function secretValues(env: NodeJS.ProcessEnv): Promise<string[]> {
	const names = new Set(Object.keys(env).filter(name => SECRET_VARIABLE.test(name)));
	for (const name of await providerKeyVariables(env)) names.add(name);
	const values = new Set<string>();
	for (const name of names) {
		const value = env[name]?.trim();
		if (value && value.length >= MIN_SECRET_LENGTH) values.add(value);
	}
	for (const value of await storedKeyValues(env)) values.add(value);
	return [...values];
}

/** Keys kept with `arena providers add NAME --store-key`: never in an export, whatever their length. */
async function storedKeyValues(env: NodeJS.ProcessEnv): Promise<string[]> {
	try {
		const {readStoredKeys} = await import('../store/keys.js');
		return Object.values(readStoredKeys(env));
	} catch {
		// An unreadable keys file holds nothing this process could have leaked.
		return [];
	}
}

async function providerKeyVariables(env: NodeJS.ProcessEnv): Promise<string[]> {
	try {
		const {openSettings} = await import('../store/settings.js');
		return Object.values(openSettings(env).providers()).flatMap(provider => (provider.apiKeyEnv ? [provider.apiKeyEnv] : []));
	} catch {
		// Settings that cannot be read name no variable; the name pattern above still covers the usual ones.
		return [];
	}
}

/** Every occurrence of each secret, raw or as it appears inside a JSON string, becomes "[redacted]". */
export function redactSecrets(text: string, secrets: readonly string[]): {text: string; redactions: number} {
	let redactions = 0;
	let result = text;
	for (const secret of secrets) {
		for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
			if (!result.includes(form)) continue;
			const parts = result.split(form);
			redactions += parts.length - 1;
			result = parts.join('[redacted]');
		}
	}
	return {text: result, redactions};
}
