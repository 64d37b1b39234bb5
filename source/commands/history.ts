import type {Command} from 'commander';
import {UsageError} from '../core/errors.js';
import type {HistoryStore} from '../store/history-store.js';
import type {RunDetail, RunSummary, VoteRecord} from '../store/history-types.js';
import type {StoredRunDetail} from '../ui/run-app.js';
import {EXIT_OK, reportFatal} from './exit.js';
import type {CommandIo} from './leaderboard.js';

/*
 * Only commander's types and light modules are imported at the top: cli.ts
 * imports this file to register the command. The actions import the store.
 */

export interface HistoryListOptions {
	json?: boolean;
	limit?: string | number;
}

export interface HistoryShowOptions {
	json?: boolean;
}

export const DEFAULT_HISTORY_LIMIT = 20;
/** The built-in simulated provider's name (run-setup's DEMO_PROVIDER), for the "simulated" badge. */
const DEMO_PROVIDER = 'demo';
export const NO_RUNS_MESSAGE = 'no runs yet; run `arena run PROMPT -m SPEC -m SPEC` (or `arena --demo`) to make one';

/** Shown ids are at least this long: the 10 time characters of a ULID plus 2 random ones. */
const MIN_ID_PREFIX = 12;
const PROMPT_EXCERPT_WIDTH = 60;
const MODELS_WIDTH = 48;

export function registerHistoryCommand(program: Command): void {
	const history = program
		.command('history')
		.description('list past runs, newest first')
		.option('--json', 'print JSON')
		.option('--limit <n>', `how many runs to list (default ${DEFAULT_HISTORY_LIMIT})`)
		// `history show ID --json` is show's --json, not the list's.
		.enablePositionalOptions()
		.action(async (options: HistoryListOptions) => {
			process.exitCode = await historyListCommand(options);
		});
	history
		.command('show')
		.description('reopen one run, read-only, with its answers, metrics, scores and votes')
		.argument('<id>', 'the run id, or a unique prefix of it (see `arena history`)')
		.option('--json', 'print JSON')
		.action(async (id: string, _options: HistoryShowOptions, command: Command) => {
			// With the list's own --json, commander can hand `show ID --json` to the parent; both mean the same.
			process.exitCode = await historyShowCommand(id, command.optsWithGlobals<HistoryShowOptions>());
		});
}

/** `arena history`: past runs, newest first. */
export async function historyListCommand(options: HistoryListOptions, io: CommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const limit = parseLimit(options.limit);
		// One more than asked, to know whether to say that older runs exist.
		const fetched = await withStore(io.env ?? process.env, store => store.listRuns({limit: limit + 1})) ?? [];
		const runs = fetched.slice(0, limit);
		if (options.json) {
			const {renderJson} = await import('../core/format-table.js');
			stdout.write(renderJson(runs.map(run => ({...run, judged: isJudged(run)}))));
			return EXIT_OK;
		}
		if (runs.length === 0) {
			stdout.write(`${NO_RUNS_MESSAGE}\n`);
			return EXIT_OK;
		}
		stdout.write(await renderRunList(runs));
		if (fetched.length > limit) stdout.write(`\nthe newest ${limit} shown; --limit N lists more\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/** `arena history show ID`: one run, read-only. */
export async function historyShowCommand(id: string, options: HistoryShowOptions, io: CommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const detail = await withStore(io.env ?? process.env, store => store.getRun(resolveRun(store, id)));
		if (detail === undefined) throw new UsageError(`no run matches "${id}": there are no runs yet`);
		if (detail === null) throw new UsageError(`no run matches "${id}"; see \`arena history\``);
		if (options.json) {
			const {renderJson} = await import('../core/format-table.js');
			stdout.write(renderJson(detail));
			return EXIT_OK;
		}
		const interactive = stdout.isTTY === true && (io.stdin ?? process.stdin).isTTY === true;
		if (interactive) {
			const {historyTui} = await import('../ui/run-app.js');
			await historyTui(await storedRunView(detail), {
				stdin: io.stdin as NodeJS.ReadStream | undefined,
				stdout: io.stdout as NodeJS.WriteStream | undefined,
			});
			return EXIT_OK;
		}
		stdout.write(await renderRunDetail(detail));
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

function resolveRun(store: HistoryStore, id: string): string {
	const wanted = id.trim();
	if (wanted === '') throw new UsageError('give a run id or a prefix of one; see `arena history`');
	const matches = store.resolveRunId(wanted);
	if (matches.length === 0) throw new UsageError(`no run matches "${wanted}"; see \`arena history\``);
	// An exact id comes first, and wins even when longer ids start with it.
	if (matches[0] === wanted.toUpperCase() || matches.length === 1) return matches[0]!;
	const shown = matches.slice(0, 5).join(', ');
	throw new UsageError(`"${wanted}" is ambiguous: it matches ${matches.length >= 10 ? 'at least 10 runs' : `${matches.length} runs`} (${shown}${matches.length > 5 ? ', …' : ''}); give more characters`);
}

/**
 * Runs `work` on the history store, or returns undefined when there is no
 * database yet: reading history must not create one.
 */
async function withStore<T>(env: NodeJS.ProcessEnv, work: (store: HistoryStore) => T): Promise<T | undefined> {
	const [{existsSync}, {resolveArenaPaths}] = await Promise.all([import('node:fs'), import('../store/paths.js')]);
	const file = resolveArenaPaths(env).databaseFile;
	if (!existsSync(file)) return undefined;
	const {openHistoryStore} = await import('../store/history-store.js');
	const store = openHistoryStore(file);
	try {
		return work(store);
	} finally {
		store.close();
	}
}

export function parseLimit(value: string | number | undefined): number {
	if (value === undefined) return DEFAULT_HISTORY_LIMIT;
	const text = String(value).trim();
	if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--limit must be a whole number of 1 or more, got "${value}"`);
	return Number(text);
}

function isJudged(run: RunSummary): boolean {
	return run.scored_count > 0 || run.vote_count > 0;
}

function plural(count: number, noun: string): string {
	return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

/** "2025-03-01 14:30" in local time: when the user ran it, as their clock said. */
export function formatLocalTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	const two = (value: number) => String(value).padStart(2, '0');
	return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/**
 * The shortest prefix length, from MIN_ID_PREFIX up, that tells the listed runs
 * apart: what the user types after `arena history show`.
 */
export function idPrefixLength(ids: readonly string[]): number {
	for (let length = MIN_ID_PREFIX; length < 26; length++) {
		if (new Set(ids.map(id => id.slice(0, length))).size === ids.length) return length;
	}
	return 26;
}

async function renderRunList(runs: readonly RunSummary[]): Promise<string> {
	const {renderPlainTable, singleLine, truncateText} = await import('../core/format-table.js');
	const prefix = idPrefixLength(runs.map(run => run.id));
	return renderPlainTable({
		headers: ['id', 'when', 'models', 'judged', 'prompt'],
		rows: runs.map(run => [
			run.id.slice(0, prefix),
			formatLocalTime(run.created_at),
			truncateText(singleLine(run.models.join(', ')), MODELS_WIDTH),
			judgedSummary(run),
			truncateText(singleLine(run.prompt.trim()), PROMPT_EXCERPT_WIDTH),
		]),
	});
}

function judgedSummary(run: RunSummary): string {
	const parts: string[] = [];
	if (run.scored_count > 0) parts.push(plural(run.scored_count, 'score'));
	if (run.vote_count > 0) parts.push(plural(run.vote_count, 'vote'));
	if (run.mode === 'blind') parts.push('blind');
	return parts.length === 0 ? 'no' : parts.join(', ');
}

function paneLetter(position: number): string {
	return position < 26 ? String.fromCharCode(65 + position) : `#${position + 1}`;
}

/** Formatting shared by the text and TUI views of a run, loaded only when a run is shown. */
async function loadRunFormatting() {
	const [{stripTerminalControls}, {formatMilliseconds, formatUsd}, {singleLine}] = await Promise.all([
		import('../core/sanitize.js'),
		import('../core/leaderboard.js'),
		import('../core/format-table.js'),
	]);
	type StoredAnswer = RunDetail['answers'][number];
	return {
		stripTerminalControls,
		singleLine,
		formatUsd,
		/** "done · TTFT 120 ms · 55.5 tok/s · 42 tok · total 0.90 s", as a live pane's status line reads. */
		answerMetrics(answer: StoredAnswer): string[] {
			const metrics = [answer.state === 'done' && answer.finish_reason && answer.finish_reason !== 'stop' ? `done (${singleLine(answer.finish_reason)})` : answer.state];
			if (answer.ttft_ms !== null) metrics.push(`TTFT ${formatMilliseconds(answer.ttft_ms)}`);
			if (answer.tokens_per_s !== null) metrics.push(`${answer.tokens_per_s.toFixed(1)} tok/s`);
			if (answer.output_tokens !== null) metrics.push(`${answer.tokens_estimated ? '~' : ''}${answer.output_tokens} tok`);
			if (answer.total_ms !== null) metrics.push(`total ${formatMilliseconds(answer.total_ms)}`);
			if (answer.cost_usd !== null) metrics.push(formatUsd(answer.cost_usd));
			if (answer.retries > 0) metrics.push(`${answer.retries} ${answer.retries === 1 ? 'retry' : 'retries'}`);
			if (answer.served_spec !== answer.spec) metrics.push(`served by ${singleLine(answer.served_spec)}`);
			return metrics;
		},
		answerError(answer: StoredAnswer): string | null {
			if (answer.error_message === null) return null;
			return `${singleLine(answer.error_message)}${answer.error_status ? ` (HTTP ${answer.error_status})` : ''}`;
		},
	};
}

/** The run as the read-only TUI shows it: the same panes as a live run, with scores and the verdict. */
export async function storedRunView(detail: RunDetail): Promise<StoredRunDetail> {
	const format = await loadRunFormatting();
	const letterOf = new Map(detail.answers.map(answer => [answer.id, paneLetter(answer.position)]));
	return {
		title: format.singleLine(detail.prompt.trim()),
		createdAt: formatLocalTime(detail.created_at),
		panes: detail.answers.map(answer => ({
			spec: answer.spec,
			text: answer.text,
			reasoning: answer.reasoning,
			status: format.answerMetrics(answer).join(' · '),
			score: answer.score?.score ?? null,
			error: format.answerError(answer),
			state: answer.state,
			simulated: answer.provider === DEMO_PROVIDER,
		})),
		verdict: detail.votes.length === 0 ? null : `You voted: ${detail.votes.map(vote => voteSentence(vote, letterOf)).join('; ')}`,
	};
}

/** The whole run as readable text: untrusted model output is stripped of terminal controls. */
async function renderRunDetail(detail: RunDetail): Promise<string> {
	const format = await loadRunFormatting();
	const {singleLine} = format;
	const indent = (text: string) =>
		format
			.stripTerminalControls(text)
			.split('\n')
			.map(line => (line === '' ? '' : `    ${line}`))
			.join('\n');
	const lines: string[] = [];

	const about = [formatLocalTime(detail.created_at), detail.mode];
	if (detail.category) about.push(`category ${singleLine(detail.category)}`);
	if (detail.suite) about.push(`suite ${singleLine(detail.suite)}${detail.task_id ? ` task ${singleLine(detail.task_id)}` : ''}`);
	if (detail.source !== 'local') about.push(`source ${singleLine(detail.source)}`);
	lines.push(`run ${detail.id} · ${about.join(' · ')}`);
	const parameters = Object.entries(detail.params)
		.filter(([, value]) => value !== null && value !== undefined)
		.map(([name, value]) => `${name} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
	if (parameters.length > 0) lines.push(`params: ${singleLine(parameters.join(', '))}`);
	if (detail.system_prompt) lines.push('', 'system:', indent(detail.system_prompt));
	lines.push('', 'prompt:', indent(detail.prompt));

	for (const answer of detail.answers) {
		const metrics = [...format.answerMetrics(answer), answer.score ? `score ${formatScore(answer.score.score)}` : 'not scored'];
		lines.push('', `── ${paneLetter(answer.position)} · ${singleLine(answer.spec)} · ${singleLine(metrics.join(' · '))}`);
		if (answer.fallbacks && answer.fallbacks.length > 0) {
			lines.push(`fallbacks: ${singleLine(answer.fallbacks.map(attempt => `${attempt.spec} (${attempt.error_message ?? 'failed'})`).join(', '))}`);
		}
		const error = format.answerError(answer);
		if (error !== null) lines.push(`error: ${error}`);
		if (answer.score?.rubric) lines.push(`rubric: ${singleLine(rubricSummary(answer.score.rubric))}`);
		if (answer.reasoning.trim() !== '') lines.push('reasoning:', indent(answer.reasoning.trimEnd()), 'answer:');
		lines.push(answer.text.trim() === '' ? '    (no text)' : indent(answer.text.trimEnd()));
	}

	lines.push('');
	if (detail.votes.length === 0) {
		lines.push('votes: none');
	} else {
		lines.push('votes:');
		const letterOf = new Map(detail.answers.map(answer => [answer.id, paneLetter(answer.position)]));
		for (const vote of detail.votes) lines.push(`    ${singleLine(voteSentence(vote, letterOf))}`);
	}
	return `${lines.join('\n')}\n`;
}

function formatScore(score: number): string {
	return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

function rubricSummary(rubric: Record<string, unknown>): string {
	return Object.entries(rubric)
		.filter(([, value]) => typeof value === 'number')
		.map(([criterion, value]) => `${criterion.replaceAll('_', ' ')} ${formatScore(value as number)}`)
		.join(', ');
}

/** "A (openai:gpt-4o) beat B (ollama:llama3)", "tie", "both bad". */
export function voteSentence(vote: VoteRecord, letterOf: ReadonlyMap<string, string>): string {
	const side = (answerId: string | null, model: string) => {
		const letter = answerId === null ? undefined : letterOf.get(answerId);
		return letter === undefined ? model : `${letter} (${model})`;
	};
	const left = side(vote.answer_a_id, vote.model_a);
	const right = side(vote.answer_b_id, vote.model_b);
	const blind = vote.blind ? ', blind' : '';
	switch (vote.winner) {
		case 'model_a':
			return `${left} beat ${right}${blind}`;
		case 'model_b':
			return `${right} beat ${left}${blind}`;
		case 'tie':
			return `${left} and ${right} tied${blind}`;
		case 'tie (bothbad)':
			return `${left} and ${right} both bad${blind}`;
	}
}
