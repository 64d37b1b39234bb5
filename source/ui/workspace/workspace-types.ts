import type {ArenaRun} from '../../core/engine.js';
import type {Leaderboard} from '../../core/leaderboard.js';
import type {RunSummary} from '../../store/history-types.js';
import type {ThemeChoice} from '../theme.js';
import type {BattleHost} from '../battle/battle-types.js';
import type {StoredRunDetail} from '../history-app.js';
import type {JudgingCallbacks} from '../hooks/use-judgement-saver.js';
import type {SuiteRunHost} from '../suite-run-app.js';
import type {CatalogLoad} from './model-catalog.js';
import type {SuiteChoice} from './suite-choices.js';

export type WorkspaceMode = 'named' | 'blind';

/** The run options shown on home and edited in settings; null means the provider's default. */
export interface RunOptions {
	system: string;
	temperature: number | null;
	maxTokens: number | null;
}

/** One turn of a named conversation: the prompt and the run answering it. */
export interface ConversationTurnView {
	prompt: string;
	run: ArenaRun;
	/** Where this turn's judgements are saved; undefined with --no-save. */
	judging?: JudgingCallbacks;
	/** 1-based. */
	turn: number;
}

/** A named run and its follow-ups: every model keeps its own conversation. */
export interface WorkspaceConversation {
	readonly specs: readonly string[];
	readonly simulated: boolean;
	/** The turns so far, the newest last. */
	turns(): readonly ConversationTurnView[];
	/** Sends the prompt to every model, each with its own earlier turns; the newest turn must have ended. */
	followUp(prompt: string): ConversationTurnView;
	/** Stops whatever still streams (Esc, quit). Ended turns are stored already. */
	stop(): void;
}

/** A blind battle (or a suite) started from home, drawn by the existing battle and suite views. */
export type StartedSession =
	| {kind: 'battle'; host: BattleHost; stop(): void}
	| {kind: 'suite-run'; host: SuiteRunHost; stop(): void};

/** Where the workspace's first screen starts from: the saved home settings, after flags. */
export interface WorkspaceStart {
	models: string[];
	mode: WorkspaceMode;
	options: RunOptions;
	theme: ThemeChoice;
	/** Why the start was adjusted (a saved model whose provider was removed), shown once on home. */
	notice: string | null;
	/** Whether judgements are saved (false with --no-save). */
	saving: boolean;
}

export interface SettingsInfo {
	settingsFile: string;
	databaseFile: string;
	providers: {name: string; baseURL: string; keyVariable: string | null; keyPresent: boolean}[];
}

/**
 * Everything the workspace asks of the command that runs it. The views draw
 * and route keys; settings, the store, providers and the demo server stay on
 * the other side of this interface, so the UI never opens a file itself
 * (except where the user names one: Ctrl+O, save, copy).
 */
export interface WorkspaceHost {
	readonly start: WorkspaceStart;
	/** Earlier prompts, newest first (↑ in the editor). */
	recentPrompts(): string[];
	/** A prompt file named by the user; rejects with a one-line reason. */
	readPromptFile(file: string): Promise<string>;
	/** Every provider's models, for the picker. */
	loadCatalog(): Promise<CatalogLoad>;
	providerCount(): number;
	modelSets(): Record<string, string[]>;
	saveModelSet(name: string, specs: string[]): Promise<void>;
	/** Persists what home shows, so the next `arena` starts where this one left off. */
	saveHome(patch: {models?: string[]; mode?: WorkspaceMode; options?: RunOptions; theme?: ThemeChoice}): Promise<void>;
	/** Checks the models and starts the first turn; rejects with a one-line reason (an unknown provider, say) before any request. */
	startConversation(models: readonly string[], options: RunOptions, prompt: string): Promise<WorkspaceConversation>;
	/** A blind battle over the models, starting with this prompt. */
	startBattle(models: readonly string[], options: RunOptions, prompt: string): Promise<StartedSession>;
	suites(): Promise<SuiteChoice[]>;
	startSuite(name: string, mode: WorkspaceMode, models: readonly string[], options: RunOptions): Promise<StartedSession>;
	/** The default board (blind, unflagged votes); null when there are no votes yet, with what was left out. */
	leaderboard(): Promise<{board: Leaderboard | null; emptyMessage: string}>;
	listRuns(): RunSummary[];
	runDetail(runId: string): Promise<StoredRunDetail>;
	settingsInfo(): SettingsInfo;
	/** Where `s` saves answers, and where `c` writes a file when no clipboard tool exists. */
	readonly directories: {answers: string; clipboardFallback: string};
	/** The text with every API key value this machine knows replaced, as exports do. */
	redactSecrets(text: string): Promise<string>;
	/** Waits for every save in flight and releases the store and any demo server. */
	close(): Promise<void>;
}
