import {nextTurnMessages} from '../../../source/core/conversation.js';
import {ArenaRun, type StreamFunction} from '../../../source/core/engine.js';
import type {ModelResult, RunTarget} from '../../../source/core/types.js';
import type {ChatMessage, StreamEvent, StreamRequest} from '../../../source/providers/types.js';
import type {RunSummary} from '../../../source/store/history-types.js';
import type {StoredRunDetail} from '../../../source/ui/history-app.js';
import type {JudgingCallbacks} from '../../../source/ui/hooks/use-judgement-saver.js';
import type {CatalogLoad} from '../../../source/ui/workspace/model-catalog.js';
import type {
	ConversationTurnView,
	RunOptions,
	SettingsInfo,
	StartedSession,
	WorkspaceConversation,
	WorkspaceHost,
	WorkspaceMode,
	WorkspaceStart,
} from '../../../source/ui/workspace/workspace-types.js';

/**
 * A fake workspace for the UI tests: the host and conversations are fakes, but
 * every run is a real ArenaRun whose streams really stream, chunk by chunk,
 * from a script the test writes, and every request a model receives is kept.
 */

/** What a model answers: decided per call, so a retry can answer differently. */
export type AnswerScript = (context: {spec: string; call: number; messages: readonly ChatMessage[]}) => string;

export interface ReceivedRequest {
	spec: string;
	/** 1-based count of this model's requests, across turns and retries. */
	call: number;
	messages: ChatMessage[];
}

/** Words, roughly: a stand-in for the BPE counter that keeps counts predictable and loads nothing. */
export const countWords = (text: string): number => text.match(/\S+/g)?.length ?? 0;

const CHUNK_GAP_MS = 2;

function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
	return new Promise(resolve => {
		const timer = setTimeout(done, milliseconds);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, {once: true});
	});
}

/**
 * The models of a fake provider. Each request streams its scripted answer a
 * word at a time; while `hold()` is in force the streams stop short of their
 * end (the answer shown, still streaming) until `release()` or a cancel.
 */
export class ScriptedModels {
	readonly requests: ReceivedRequest[] = [];
	private held = false;
	private readonly waiting = new Set<() => void>();

	constructor(private readonly script: AnswerScript) {}

	readonly stream: StreamFunction = request => this.answer(request);

	/** Streams started from now on stay open after their last word. */
	hold(): void {
		this.held = true;
	}

	/** Lets every held stream end, and later ones end on their own. */
	release(): void {
		this.held = false;
		for (const wake of [...this.waiting]) wake();
	}

	/** The requests one model received, in order. */
	requestsOf(spec: string): ReceivedRequest[] {
		return this.requests.filter(request => request.spec === spec);
	}

	private async *answer(request: StreamRequest): AsyncGenerator<StreamEvent> {
		// The fake targets use the spec as the model id, so the request names its model.
		const spec = request.model;
		const call = this.requestsOf(spec).length + 1;
		this.requests.push({spec, call, messages: request.messages.map(message => ({...message}))});
		const text = this.script({spec, call, messages: request.messages});
		const cancelled = (): StreamEvent => ({type: 'error', at: performance.now(), message: 'cancelled'});
		yield {type: 'request', at: performance.now()};
		for (const chunk of text.match(/\S+\s*|\s+/g) ?? []) {
			await pause(CHUNK_GAP_MS, request.signal);
			if (request.signal.aborted) {
				yield cancelled();
				return;
			}
			yield {type: 'content', at: performance.now(), text: chunk};
		}
		if (this.held) {
			await new Promise<void>(resolve => {
				const wake = () => {
					this.waiting.delete(wake);
					request.signal.removeEventListener('abort', wake);
					resolve();
				};
				this.waiting.add(wake);
				request.signal.addEventListener('abort', wake, {once: true});
			});
			if (request.signal.aborted) {
				yield cancelled();
				return;
			}
		}
		const at = performance.now();
		yield {type: 'finish', at, reason: 'stop'};
		yield {type: 'usage', at, source: 'usage', outputTokens: countWords(text)};
		yield {type: 'end', at};
	}
}

export function fakeTargets(specs: readonly string[]): RunTarget[] {
	return specs.map(spec => {
		const provider = spec.split(':')[0]!;
		return {spec, provider, model: spec, endpoint: {name: provider, baseURL: 'http://127.0.0.1:9/v1'}};
	});
}

/** Every judgement the run view hands over, in order. */
export class RecordedJudging implements JudgingCallbacks {
	readonly scores: {index: number; score: number | null}[] = [];
	readonly votes: unknown[] = [];
	onScore(index: number, score: number | null): void {
		this.scores.push({index, score});
	}
	onVote(vote: unknown): void {
		this.votes.push(vote);
	}
	onRanking(): void {}
}

/**
 * A named conversation over scripted models, built the way the real host
 * builds one: each follow-up gives every model its own earlier answers.
 */
export class ScriptedConversation implements WorkspaceConversation {
	readonly simulated = false;
	readonly judging = new RecordedJudging();
	stops = 0;
	private readonly list: ConversationTurnView[] = [];

	constructor(
		readonly specs: readonly string[],
		readonly models: ScriptedModels,
		prompt: string,
	) {
		this.begin(prompt);
	}

	turns(): readonly ConversationTurnView[] {
		return this.list;
	}

	followUp(prompt: string): ConversationTurnView {
		const last = this.list.at(-1);
		if (last && (!last.run.results || last.run.retrying)) throw new Error('wait for every answer before following up');
		return this.begin(prompt);
	}

	stop(): void {
		this.stops += 1;
		for (const turn of this.list) turn.run.cancel();
	}

	/** The newest turn's run. */
	get run(): ArenaRun {
		return this.list.at(-1)!.run;
	}

	private begin(prompt: string): ConversationTurnView {
		const earlier = this.list.map(turn => ({prompt: turn.prompt, answers: answersOf(turn.run.results)}));
		const run = new ArenaRun(
			fakeTargets(this.specs),
			{
				messages: [{role: 'user', content: prompt}],
				idleTimeoutMs: 60_000,
				...(earlier.length > 0 ? {conversations: nextTurnMessages(undefined, earlier, prompt, this.specs.length)} : {}),
			},
			{stream: this.models.stream, countTokens: countWords},
		);
		void run.start();
		const turn: ConversationTurnView = {prompt, run, judging: this.judging, turn: this.list.length + 1};
		this.list.push(turn);
		return turn;
	}
}

function answersOf(results: readonly ModelResult[] | undefined): string[] {
	return (results ?? []).map(result => (result.state === 'done' ? result.text : ''));
}

export type HomePatch = Parameters<WorkspaceHost['saveHome']>[0];

export interface FakeHostOptions {
	models?: string[];
	mode?: WorkspaceMode;
	options?: RunOptions;
	notice?: string | null;
	/** Earlier prompts, newest first. */
	prompts?: string[];
	script?: AnswerScript;
	/** When set, startConversation rejects with it. */
	startError?: Error;
	runs?: RunSummary[];
	directories?: {answers: string; clipboardFallback: string};
}

/** Answers "<spec> answers: <prompt>" to each turn's newest prompt. */
export const echoScript: AnswerScript = ({spec, messages}) => `${spec} answers: ${String(messages.at(-1)?.content ?? '')}`;

/** A WorkspaceHost with scripted models and every call recorded. */
export class FakeWorkspaceHost implements WorkspaceHost {
	readonly start: WorkspaceStart;
	readonly models: ScriptedModels;
	readonly directories: {answers: string; clipboardFallback: string};
	readonly saved: HomePatch[] = [];
	readonly started: {models: string[]; options: RunOptions; prompt: string}[] = [];
	readonly conversations: ScriptedConversation[] = [];
	closed = 0;

	/** Treats "sk-" followed by letters as a key, as the real host treats every key it knows. */
	async redactSecrets(text: string): Promise<string> {
		return text.replace(/sk-[A-Za-z]+/g, '[redacted]');
	}

	constructor(private readonly config: FakeHostOptions = {}) {
		this.start = {
			models: config.models ?? ['alpha:one', 'beta:two'],
			mode: config.mode ?? 'named',
			options: config.options ?? {system: '', temperature: null, maxTokens: null},
			theme: 'auto',
			notice: config.notice ?? null,
			saving: true,
		};
		this.models = new ScriptedModels(config.script ?? echoScript);
		this.directories = config.directories ?? {answers: '/nonexistent/answers', clipboardFallback: '/nonexistent/clipboard'};
	}

	recentPrompts(): string[] {
		return [...(this.config.prompts ?? [])];
	}

	async readPromptFile(file: string): Promise<string> {
		throw new Error(`cannot read ${file}: no such file`);
	}

	async loadCatalog(): Promise<CatalogLoad> {
		return {
			entries: ['alpha:one', 'beta:two', 'gamma:three'].map(spec => ({spec, kind: 'model' as const, provider: spec.split(':')[0]!, label: spec})),
			errors: [],
		};
	}

	providerCount(): number {
		return 3;
	}

	modelSets(): Record<string, string[]> {
		return {};
	}

	async saveModelSet(): Promise<void> {}

	async saveHome(patch: HomePatch): Promise<void> {
		this.saved.push(patch);
	}

	async startConversation(models: readonly string[], options: RunOptions, prompt: string): Promise<WorkspaceConversation> {
		this.started.push({models: [...models], options, prompt});
		if (this.config.startError) throw this.config.startError;
		const conversation = new ScriptedConversation(models, this.models, prompt);
		this.conversations.push(conversation);
		return conversation;
	}

	async startBattle(): Promise<StartedSession> {
		throw new Error('the fake host has no battles');
	}

	async suites() {
		return [];
	}

	async startSuite(): Promise<StartedSession> {
		throw new Error('the fake host has no suites');
	}

	async leaderboard() {
		return {board: null, emptyMessage: 'No votes yet: vote in a blind battle (b on home) and the board fills in.'};
	}

	listRuns(): RunSummary[] {
		return [...(this.config.runs ?? [])];
	}

	async runDetail(runId: string): Promise<StoredRunDetail> {
		throw new Error(`run ${runId} is not in the fake history`);
	}

	settingsInfo(): SettingsInfo {
		return {settingsFile: '/tmp/fake/settings.json', databaseFile: '/tmp/fake/arena.db', providers: []};
	}

	async close(): Promise<void> {
		this.closed += 1;
	}
}

/** A stored run as the history browser lists it. */
export function runSummary(overrides: Partial<RunSummary> = {}): RunSummary {
	return {
		id: '01RUN000000000000000000001',
		created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
		prompt: 'an earlier prompt',
		system_prompt: null,
		params: {},
		mode: 'named',
		suite: null,
		task_id: null,
		category: null,
		session_id: null,
		conversation_id: null,
		turn: 1,
		source: 'local',
		arena_version: null,
		models: ['alpha:one', 'beta:two'],
		answer_count: 2,
		scored_count: 0,
		vote_count: 0,
		...overrides,
	};
}

/** Records the screen hand-over around an external program, in order. */
export function recordingScreen(log: string[]): {suspend(): void; resume(): void} {
	return {suspend: () => log.push('suspend'), resume: () => log.push('resume')};
}
