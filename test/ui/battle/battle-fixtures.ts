import path from 'node:path';
import {BattleSession, type BattleSessionConfig, findSuitePass, loadBattleModules} from '../../../source/commands/battle.js';
import type {StreamFunction} from '../../../source/core/engine.js';
import {createRandom} from '../../../source/core/random.js';
import type {RunTarget} from '../../../source/core/types.js';
import type {StreamEvent, StreamRequest} from '../../../source/providers/types.js';
import {type HistoryStore, openHistoryStore} from '../../../source/store/history-store.js';
import type {Suite, SuiteTask} from '../../../source/suites/suite.js';
import type {AnswerWorkplace} from '../../../source/ui/answers/use-answer-actions.js';
import {battleTui, type BattleEnd} from '../../../source/ui/battle-app.js';
import {createTerminal, driveTerminal, type FakeTerminal, type InkDriver} from '../../helpers/ink-harness.js';
import {temporaryDirectories} from '../../store/fixtures/store-test-kit.js';

/**
 * Blind battles driven end to end in a fake terminal: the real BattleSession,
 * a real SQLite store on a temp file, and a scripted provider in place of the
 * network, so tests choose what each side says and how it fails.
 */

/** What one side does in a round. */
export interface SideScript {
	text?: string;
	reasoning?: string;
	/** Fails instead of answering, with this message (which may name the model) and status. */
	fail?: {message: string; status?: number};
	/** One retry before the answer, with this reason. */
	retryReason?: string;
	/** Server-reported cost, like OpenRouter's usage.cost. */
	cost?: number;
	finishReason?: string;
	/** Never ends on its own: only a cancel stops it. */
	hang?: boolean;
}

/** Decides each side's behaviour: `side` is 0 for Model A (the first request of a round), 1 for Model B. */
export type Script = (request: StreamRequest, side: 0 | 1) => SideScript;

const STEP_MS = 3;

const pause = (ms: number, signal: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), {once: true});
	});

/**
 * A provider whose replies follow `script`. The engine asks for Model A's
 * stream first, then Model B's, so the request count per prompt says the side.
 */
export function scriptedProvider(script: Script): StreamFunction {
	const calls = new Map<string, number>();
	return (request: StreamRequest) => {
		const prompt = request.messages.at(-1)?.content ?? '';
		const call = calls.get(prompt) ?? 0;
		calls.set(prompt, call + 1);
		return events(request, script(request, (call % 2) as 0 | 1));
	};
}

async function* events(request: StreamRequest, side: SideScript): AsyncGenerator<StreamEvent> {
	const {signal} = request;
	const cancelled = (): StreamEvent => ({type: 'error', at: performance.now(), message: 'cancelled'});
	yield {type: 'request', at: performance.now()};
	if (side.retryReason) {
		yield {type: 'retry', at: performance.now(), attempt: 1, delayMs: 20, reason: side.retryReason, status: 429};
		await pause(20, signal);
	}
	if (side.hang) {
		yield {type: 'content', at: performance.now(), text: 'thinking about it'};
		await new Promise<void>(resolve => signal.addEventListener('abort', () => resolve(), {once: true}));
		yield cancelled();
		return;
	}
	await pause(STEP_MS, signal);
	if (signal.aborted) return yield cancelled();
	if (side.fail) {
		yield {type: 'error', at: performance.now(), message: side.fail.message, ...(side.fail.status === undefined ? {} : {status: side.fail.status})};
		return;
	}
	if (side.reasoning) yield {type: 'reasoning', at: performance.now(), text: side.reasoning};
	const words = (side.text ?? 'A plain answer.').split(/(?<= )/);
	for (const word of words) {
		if (signal.aborted) return yield cancelled();
		yield {type: 'content', at: performance.now(), text: word};
		await pause(STEP_MS, signal);
	}
	yield {type: 'usage', at: performance.now(), source: 'usage', outputTokens: words.length, inputTokens: 12, ...(side.cost === undefined ? {} : {cost: side.cost})};
	yield {type: 'finish', at: performance.now(), reason: side.finishReason ?? 'stop'};
	yield {type: 'end', at: performance.now()};
}

export function target(spec: string, simulated = false): RunTarget {
	const colon = spec.indexOf(':');
	const provider = spec.slice(0, colon);
	return {
		spec,
		provider,
		model: spec.slice(colon + 1),
		endpoint: {name: provider, baseURL: `https://${provider}.example/v1`},
		simulated,
	};
}

export function suiteOf(name: string, tasks: SuiteTask[]): Suite {
	return {name, source: 'builtin', tasks};
}

/** Numbered tasks "task-01"…, with prompts that name no model. */
export function numberedTasks(count: number, overrides: (index: number) => Partial<SuiteTask> = () => ({})): SuiteTask[] {
	return Array.from({length: count}, (_, index) => ({
		id: `task-${String(index + 1).padStart(2, '0')}`,
		prompt: `Question number ${index + 1}: explain recursion briefly.`,
		category: 'coding',
		...overrides(index),
	}));
}

const directories = temporaryDirectories();

export function cleanupDirectories(): void {
	directories.cleanup();
}

/** A fresh history database in its own temp directory. */
export function temporaryStoreFile(): string {
	return path.join(directories.make(), 'arena.db');
}

export interface BattleSetup {
	pool: RunTarget[];
	script: Script;
	suite?: Suite | null;
	maxRounds?: number | null;
	category?: string | null;
	seed?: number;
	/** Reuse a database (to resume); a fresh one otherwise. */
	databaseFile?: string;
	system?: string;
	/** Lets copy, save, open and diff work, with files under these directories. */
	workplace?: AnswerWorkplace;
}

export interface RunningBattle {
	terminal: FakeTerminal;
	ui: InkDriver;
	session: BattleSession;
	store: HistoryStore;
	databaseFile: string;
	/** Resolves when the battle has ended and every round is stored. */
	ended: Promise<BattleEnd>;
	/** Ends the battle if a test left it running, then closes the store. */
	close(): Promise<void>;
}

/** Starts a battle in a fake 120×40 terminal, the way battleCommand does once its checks pass. */
export async function startBattle(setup: BattleSetup): Promise<RunningBattle> {
	const databaseFile = setup.databaseFile ?? temporaryStoreFile();
	const store = openHistoryStore(databaseFile);
	const modules = await loadBattleModules();
	const suite = setup.suite ?? null;
	const place = suite ? findSuitePass(store, suite, setup.pool) : null;
	const config: BattleSessionConfig = {
		store,
		modules,
		pool: setup.pool,
		params: {idleTimeoutMs: 10_000, maxRetries: 0},
		system: setup.system,
		suite: suite && place ? {suite, judgedTaskIds: place.judged} : null,
		sessionId: place ? place.sessionId : 'battle:free:test',
		maxRounds: setup.maxRounds ?? null,
		category: setup.category ?? null,
		random: createRandom(setup.seed ?? 7),
		stream: scriptedProvider(setup.script),
	};
	const session = new BattleSession(config);
	const terminal = createTerminal({columns: 120, rows: 40});
	let finished = false;
	const ended = battleTui(session, {...terminal.streams, workplace: setup.workplace}).then(async end => {
		finished = true;
		session.stop();
		await session.settle();
		return end;
	});
	let closed = false;
	return {
		terminal,
		ui: driveTerminal(terminal),
		session,
		store,
		databaseFile,
		ended,
		async close() {
			if (closed) return;
			closed = true;
			if (!finished) {
				// Ctrl+C twice: stop the streams, then leave at once.
				terminal.stdin.write('\u0003');
				terminal.stdin.write('\u0003');
				await ended;
			}
			session.stop();
			await session.settle();
			store.close();
		},
	};
}
