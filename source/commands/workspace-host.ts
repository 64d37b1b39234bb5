import {readFile, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {nextTurnMessages} from '../core/conversation.js';
import {ArenaRun} from '../core/engine.js';
import {UsageError, firstLineOf} from '../core/errors.js';
import {rubricRecord} from '../core/rubric.js';
import type {ModelResult} from '../core/types.js';
import {listModels} from '../providers/models-endpoint.js';
import {openHistoryStore, type HistoryStore} from '../store/history-store.js';
import {newUlid} from '../store/ids.js';
import {resolveArenaPaths} from '../store/paths.js';
import type {SettingsStore} from '../store/settings.js';
import type {BattleHost, BattleRound} from '../ui/battle/battle-types.js';
import type {JudgingCallbacks} from '../ui/hooks/use-judgement-saver.js';
import {loadCatalog} from '../ui/workspace/model-catalog.js';
import {listSuiteChoices} from '../ui/workspace/suite-choices.js';
import type {
	ConversationTurnView,
	RunOptions,
	StartedSession,
	WorkspaceConversation,
	WorkspaceHost,
	WorkspaceMode,
	WorkspaceStart,
} from '../ui/workspace/workspace-types.js';
import {BattleSession, distinctTargets, loadBattleModules, randomSeed} from './battle.js';
import {redactSecrets, secretValues} from './export.js';
import {emptyMessage, readLeaderboard} from './leaderboard.js';
import {storedRunView} from './history.js';
import {RunRecorder} from './run-recorder.js';
import {findRunSuitePass, SuiteRunSession} from './run-suite.js';
import {buildMessages, type PreparedRun, prepareRun, type RunCommandOptions} from './run-setup.js';

/** A prompt file bigger than this is almost certainly not a prompt (a binary, a log). */
const MAX_PROMPT_FILE_BYTES = 1024 * 1024;

export interface WorkspaceHostConfig {
	settings: SettingsStore;
	start: WorkspaceStart;
	/** The command's flags that home does not show (idle timeout, retries). */
	flags: RunCommandOptions;
	env?: NodeJS.ProcessEnv;
	cwd?: string;
}

/**
 * The workspace's side of the store, settings and providers. One store handle
 * for the whole session; each conversation, battle or suite prepares its own
 * targets (and demo server), released when the next one starts or at close.
 */
export class ArenaWorkspaceHost implements WorkspaceHost {
	readonly start: WorkspaceStart;
	readonly directories: {answers: string; clipboardFallback: string};
	private readonly env: NodeJS.ProcessEnv;
	private readonly cwd: string;
	private store: HistoryStore | undefined;
	/** Each started session's targets (and demo server), with its stop and the runs still settling. */
	private readonly sessions = new Set<SessionResources>();
	private current: SessionResources | undefined;
	private readonly pending = new Set<Promise<unknown>>();

	constructor(private readonly config: WorkspaceHostConfig) {
		this.start = config.start;
		this.env = config.env ?? process.env;
		this.cwd = config.cwd ?? process.cwd();
		const paths = resolveArenaPaths(this.env);
		this.directories = {answers: this.cwd, clipboardFallback: path.join(paths.dataDir, 'clipboard')};
	}

	/** Opened on first use, so a corrupt database is reported where it matters and home still opens. */
	private history(): HistoryStore {
		this.store ??= openHistoryStore(resolveArenaPaths(this.env).databaseFile);
		return this.store;
	}

	recentPrompts(): string[] {
		try {
			return this.history().recentPrompts(200);
		} catch {
			// Recall is a convenience; an unreadable store is reported when a run tries to save.
			return [];
		}
	}

	async readPromptFile(file: string): Promise<string> {
		const trimmed = file.trim();
		if (trimmed === '') throw new UsageError('type the path of a prompt file');
		const resolved = path.resolve(this.cwd, trimmed.startsWith('~/') ? path.join(os.homedir(), trimmed.slice(2)) : trimmed);
		let size: number;
		try {
			const info = await stat(resolved);
			if (!info.isFile()) throw new UsageError(`${resolved} is not a file`);
			size = info.size;
		} catch (error) {
			if (error instanceof UsageError) throw error;
			throw new UsageError(`cannot read ${resolved}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : firstLineOf(error)}`);
		}
		if (size > MAX_PROMPT_FILE_BYTES) throw new UsageError(`${resolved} is ${Math.round(size / 1024)} KiB; a prompt file must be under 1 MiB`);
		const text = await readFile(resolved, 'utf8');
		if (text.includes('\u0000')) throw new UsageError(`${resolved} looks binary; pick a text file`);
		return text.replace(/\n$/, '');
	}

	loadCatalog() {
		return loadCatalog({settings: this.config.settings, listModels});
	}

	providerCount(): number {
		return Object.keys(this.config.settings.providers()).length;
	}

	modelSets(): Record<string, string[]> {
		return this.config.settings.pools();
	}

	async saveModelSet(name: string, specs: string[]): Promise<void> {
		await this.config.settings.savePool(name, specs);
	}

	async saveHome(patch: {models?: string[]; mode?: WorkspaceMode; options?: RunOptions; theme?: 'auto' | 'dark' | 'light'}): Promise<void> {
		const {options, ...rest} = patch;
		await this.config.settings.updateHome({
			...rest,
			...(options
				? {system: options.system === '' ? null : options.system, temperature: options.temperature, maxTokens: options.maxTokens}
				: {}),
		});
	}

	private async prepare(models: readonly string[], options: RunOptions): Promise<PreparedRun> {
		const flags: RunCommandOptions = {
			...this.config.flags,
			model: [...models],
			demo: false,
			system: options.system === '' ? undefined : options.system,
			temperature: options.temperature === null ? undefined : String(options.temperature),
			maxTokens: options.maxTokens === null ? undefined : String(options.maxTokens),
		};
		if (models.length === 0) throw new UsageError('no models: press m on home to pick some');
		const prepared = await prepareRun(flags, this.config.settings, this.env);
		// One session at a time: the one before is over (home starts a new one only after leaving it).
		for (const earlier of this.sessions) this.retire(earlier);
		const session: SessionResources = {prepared, stop: () => {}, settle: async () => {}, runs: new Set()};
		this.sessions.add(session);
		this.current = session;
		return prepared;
	}

	/** Stops a session, and once its runs are stored, releases its demo server. */
	private retire(session: SessionResources): void {
		this.sessions.delete(session);
		session.stop();
		this.track(Promise.allSettled([...session.runs, session.settle()]).then(() => session.prepared.close()));
	}

	/** The session `prepare` just made: how to stop it, and (a battle, a suite) how to wait until its rounds are stored. */
	private adopt(stop: () => void, settle?: () => Promise<void>): void {
		const session = this.current;
		if (!session) return;
		session.stop = stop;
		if (settle) session.settle = settle;
	}

	async startConversation(models: readonly string[], options: RunOptions, prompt: string): Promise<WorkspaceConversation> {
		const prepared = await this.prepare(models, options);
		const session = this.current;
		// Opened before any request: a corrupt or newer database stops the run before it costs tokens.
		const store = this.start.saving ? this.history() : undefined;
		const conversationId = newUlid();
		const turns: ConversationTurnView[] = [];
		const weights = this.config.settings.rubricWeights();
		const begin = (text: string): ConversationTurnView => {
			const number = turns.length + 1;
			const earlier = turns.map(turn => ({prompt: turn.prompt, answers: answersOf(turn.run.results)}));
			const run = new ArenaRun(prepared.targets, {
				...prepared.params,
				messages: buildMessages(text, prepared.system),
				...(earlier.length > 0 ? {conversations: nextTurnMessages(prepared.system, earlier, text, prepared.targets.length)} : {}),
			});
			// A failed save must not stop the view (the run still ends on screen); judging then says why nothing is stored.
			const recorder = store
				? new RunRecorder(
						store,
						run,
						{prompt: text, system: prepared.system, mode: 'named', conversation_id: conversationId, turn: number},
						{onSaveError: () => {}},
					)
				: undefined;
			const judging: JudgingCallbacks | undefined = recorder && {
				onScore: (index, score, rubric) => recorder.score(index, score, rubric && rubricRecord(rubric, weights)),
				onVote: ({leftIndex, rightIndex, winner}) => recorder.vote(leftIndex, rightIndex, winner),
				onRanking: ordered => recorder.ranking(ordered),
			};
			const started = run.start();
			this.track(started);
			session?.runs.add(started);
			const turn: ConversationTurnView = {prompt: text, run, judging, turn: number};
			turns.push(turn);
			return turn;
		};
		begin(prompt);
		const stop = () => {
			for (const turn of turns) turn.run.cancel();
		};
		this.adopt(stop);
		return {
			specs: prepared.targets.map(target => target.spec),
			simulated: prepared.simulated,
			turns: () => turns,
			followUp: text => {
				const last = turns.at(-1);
				if (last && (!last.run.results || last.run.retrying)) throw new UsageError('wait for every answer before following up');
				if (text.trim() === '') throw new UsageError('a follow-up needs a prompt');
				return begin(text);
			},
			stop,
		};
	}

	async startBattle(models: readonly string[], options: RunOptions, prompt: string): Promise<StartedSession> {
		const prepared = await this.prepare(models, options);
		const pool = distinctTargets(prepared.targets);
		if (pool.length < 2) throw new UsageError(`a blind battle needs at least two different models, got ${pool.length}; press m to pick more`);
		if (!this.start.saving) throw new UsageError('a blind battle stores its votes; start arena without --no-save to battle');
		const modules = await loadBattleModules();
		const session = new BattleSession({
			store: this.history(),
			modules,
			pool,
			params: prepared.params,
			system: prepared.system,
			suite: null,
			sessionId: `battle:free:${newUlid()}`,
			maxRounds: null,
			category: null,
			random: modules.createRandom(randomSeed()),
		});
		const stop = () => session.stop();
		this.adopt(stop, () => session.settle());
		return {kind: 'battle', host: firstRoundFrom(session, prompt), stop};
	}

	suites() {
		return listSuiteChoices(this.env);
	}

	async startSuite(name: string, mode: WorkspaceMode, models: readonly string[], options: RunOptions): Promise<StartedSession> {
		const modules = await loadBattleModules();
		const suite = modules.loadSuite(name, this.env);
		if (suite.tasks.length === 0) throw new UsageError(`suite "${suite.name}" has no tasks`);
		const prepared = await this.prepare(models, options);
		const store = this.history();
		if (mode === 'blind') {
			const pool = distinctTargets(prepared.targets);
			if (pool.length < 2) throw new UsageError(`a blind battle needs at least two different models, got ${pool.length}; press m to pick more`);
			const {findSuitePass} = await import('./battle.js');
			const place = findSuitePass(store, suite, pool);
			const session = new BattleSession({
				store,
				modules,
				pool,
				params: prepared.params,
				system: prepared.system,
				suite: {suite, judgedTaskIds: place.judged},
				sessionId: place.sessionId,
				maxRounds: null,
				category: null,
				random: modules.createRandom(randomSeed()),
			});
			const stop = () => session.stop();
			this.adopt(stop, () => session.settle());
			return {kind: 'battle', host: session, stop};
		}
		const place = findRunSuitePass(store, suite, prepared.targets, 'judged');
		const session = new SuiteRunSession({
			suite,
			place,
			rule: 'judged',
			targets: prepared.targets,
			params: prepared.params,
			system: prepared.system,
			store,
			rubricWeights: this.config.settings.rubricWeights(),
		});
		const stop = () => session.stop();
		this.adopt(stop, () => session.settle());
		return {kind: 'suite-run', host: session, stop};
	}

	async leaderboard() {
		const board = await readLeaderboard(this.env, {});
		if (board.rows.length > 0) return {board, emptyMessage: ''};
		return {board: null, emptyMessage: emptyMessage({minBattles: 0, since: undefined, category: undefined, source: undefined}, board.census)};
	}

	listRuns() {
		return this.history().listRuns({limit: 500});
	}

	async runDetail(runId: string) {
		const detail = this.history().getRun(runId);
		if (!detail) throw new UsageError(`run ${runId} is no longer in the history`);
		return storedRunView(detail);
	}

	async redactSecrets(text: string): Promise<string> {
		return redactSecrets(text, await secretValues(this.env)).text;
	}

	settingsInfo() {
		const paths = resolveArenaPaths(this.env);
		return {
			settingsFile: this.config.settings.file,
			databaseFile: paths.databaseFile,
			providers: Object.entries(this.config.settings.providers()).map(([name, provider]) => ({
				name,
				baseURL: provider.baseURL,
				keyVariable: provider.apiKeyEnv ?? null,
				keyPresent: provider.apiKeyEnv ? (this.env[provider.apiKeyEnv] ?? '') !== '' : false,
			})),
		};
	}

	async close(): Promise<void> {
		for (const session of this.sessions) this.retire(session);
		this.current = undefined;
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
		this.store?.close();
		this.store = undefined;
	}

	private track(promise: Promise<unknown>): void {
		const settled: Promise<unknown> = promise.then(
			() => this.pending.delete(settled),
			() => this.pending.delete(settled),
		);
		this.pending.add(settled);
	}
}

interface SessionResources {
	prepared: PreparedRun;
	stop: () => void;
	/** A battle's or suite's own wait for its rounds to be stored, called once it is stopped. */
	settle: () => Promise<void>;
	/** A conversation's runs, which must be stored before the demo server goes. */
	runs: Set<Promise<unknown>>;
}

function answersOf(results: readonly ModelResult[] | undefined): string[] {
	return (results ?? []).map(result => (result.state === 'done' ? result.text : ''));
}

/**
 * A battle started from home already has its first prompt: the view starts
 * the first round at once, and asks for a prompt only from the second on.
 */
function firstRoundFrom(session: BattleSession, prompt: string): BattleHost {
	let first = true;
	return {
		get needsPrompt() {
			return !first && session.needsPrompt;
		},
		simulatedNote: session.simulatedNote,
		hasNextRound: () => session.hasNextRound(),
		progress: () => session.progress(),
		nextRound(typed: string | null): BattleRound | null {
			const text = first ? prompt : typed;
			first = false;
			return session.nextRound(text);
		},
	};
}
