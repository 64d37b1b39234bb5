import {streamChat} from '../providers/openai-stream.js';
import type {StreamEvent, StreamRequest} from '../providers/types.js';
import {type LiveModelView, ModelRunAccumulator} from './metrics.js';
import {loadTokenCounter, tokenCounterIfLoaded, type TokenCounter} from './tokens.js';
import type {EngineEvent, ModelResult, RunParams, RunTarget} from './types.js';

export type StreamFunction = (request: StreamRequest) => AsyncIterable<StreamEvent>;
export type EngineListener = (event: EngineEvent) => void;

export interface ArenaRunOptions {
	/** Cancels every stream at once (Ctrl+C). */
	signal?: AbortSignal;
	/** The provider layer; tests and benchmarks may pass another. */
	stream?: StreamFunction;
	/** Local BPE counter for servers without usage; loaded on demand when omitted. */
	countTokens?: TokenCounter;
}

/**
 * Runs one prompt against N models concurrently. Consumers (the headless JSON
 * writer, the TUI) subscribe to events and read live snapshots; the engine knows
 * nothing about how it is drawn. A failure stays with its own model.
 */
export class ArenaRun {
	readonly accumulators: ModelRunAccumulator[];
	private readonly listeners = new Set<EngineListener>();
	private readonly controller = new AbortController();
	private readonly stream: StreamFunction;
	private started: Promise<ModelResult[]> | undefined;
	private eventCount = 0;
	/** Each model's latest result: the first run's, then a retry's. */
	private latestResults: ModelResult[] | undefined;
	/** Panes being sampled again, each with its own controller so a retry outlives an earlier cancel. */
	private readonly retries = new Map<number, AbortController>();

	constructor(
		readonly targets: readonly RunTarget[],
		readonly params: RunParams,
		private readonly options: ArenaRunOptions = {},
	) {
		this.accumulators = targets.map(target => new ModelRunAccumulator(target));
		this.stream = options.stream ?? streamChat;
		const outer = options.signal;
		if (outer) {
			if (outer.aborted) this.controller.abort();
			else outer.addEventListener('abort', () => this.controller.abort(), {once: true});
		}
	}

	/** Increments on every event, so a renderer can skip frames where nothing changed. */
	get version(): number {
		return this.eventCount;
	}

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	subscribe(listener: EngineListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	cancel(): void {
		this.controller.abort();
		for (const retry of this.retries.values()) retry.abort();
	}

	/** Every model's latest result once the run has ended (a retried pane's newest answer); undefined before. */
	get results(): readonly ModelResult[] | undefined {
		return this.latestResults;
	}

	/** True while some pane is being sampled again. */
	get retrying(): boolean {
		return this.retries.size > 0;
	}

	/**
	 * Asks one model again with the same messages, without touching the others:
	 * a new sample for that pane. Only once the run has ended, and one retry per
	 * pane at a time. Emits `retry-start`, the pane's stream events, and
	 * `retry-done` with every model's latest result.
	 */
	async retry(index: number): Promise<ModelResult> {
		if (!this.latestResults) throw new Error('a pane can be retried only after the run has ended');
		if (this.retries.has(index)) throw new Error(`pane ${index + 1} is already being retried`);
		const target = this.targets[index];
		if (!target) throw new Error(`there is no pane ${index + 1}`);
		const controller = new AbortController();
		this.retries.set(index, controller);
		this.accumulators[index] = new ModelRunAccumulator(target);
		this.emit({type: 'retry-start', index});
		try {
			const result = await this.runOne(index, controller.signal);
			const results = [...this.latestResults];
			results[index] = result;
			this.latestResults = results;
			this.retries.delete(index);
			this.emit({type: 'retry-done', index, result, results});
			return result;
		} finally {
			this.retries.delete(index);
		}
	}

	/** Starts every stream (once) and resolves when all have ended. Never rejects for a model's failure. */
	start(): Promise<ModelResult[]> {
		this.started ??= this.runAll();
		return this.started;
	}

	snapshot(now = performance.now()): LiveModelView[] {
		const counter = this.options.countTokens ?? tokenCounterIfLoaded();
		return this.accumulators.map(accumulator => accumulator.live(now, counter));
	}

	private async runAll(): Promise<ModelResult[]> {
		const results = await Promise.all(this.targets.map((_, index) => this.runOne(index, this.controller.signal)));
		this.latestResults = results;
		this.emit({type: 'run-done', results});
		return results;
	}

	private async runOne(index: number, signal: AbortSignal): Promise<ModelResult> {
		const target = this.targets[index]!;
		const accumulator = this.accumulators[index]!;
		// A chain tries its members in order; anything else is a chain of one.
		const members = target.chain?.members ?? [target];
		try {
			for (const [position, member] of members.entries()) {
				const next = members[position + 1];
				const request: StreamRequest = {
					endpoint: member.endpoint,
					model: member.model,
					// In a conversation each model sees its own earlier answers.
					messages: this.params.conversations?.[index] ?? this.params.messages,
					maxTokens: this.params.maxTokens,
					temperature: this.params.temperature,
					signal,
					idleTimeoutMs: this.params.idleTimeoutMs,
					maxRetries: this.params.maxRetries,
				};
				let fellBack = false;
				for await (const event of this.stream(request)) {
					// Before the first token a failure (after the provider's own retries) hands over to
					// the next member; after it, the failure is the answer's and is reported as is.
					if (event.type === 'error' && next && !accumulator.hasFirstToken && !signal.aborted) {
						accumulator.fallBack(next, event);
						this.emit({type: 'fallback', index, failedSpec: member.spec, servedSpec: next.spec, message: event.message, status: event.status ?? null});
						fellBack = true;
						break;
					}
					accumulator.apply(event);
					this.emit({type: 'stream', index, event});
					if (event.type === 'end' || event.type === 'error') break;
				}
				if (!fellBack) break;
			}
		} catch (error) {
			// The provider layer turns failures into events; this guards against a bug there
			// taking the other models down with it.
			const message = error instanceof Error ? error.message : String(error);
			const event: StreamEvent = {type: 'error', at: performance.now(), message: message.split('\n')[0] ?? 'failed'};
			accumulator.apply(event);
			this.emit({type: 'stream', index, event});
		}
		if (!accumulator.isFinished) {
			const event: StreamEvent = signal.aborted
				? {type: 'error', at: performance.now(), message: 'cancelled'}
				: {type: 'error', at: performance.now(), message: 'stream ended without a result'};
			accumulator.apply(event);
			this.emit({type: 'stream', index, event});
		}
		const result = accumulator.result(await this.counterFor(accumulator));
		this.emit({type: 'model-done', index, result});
		return result;
	}

	private async counterFor(accumulator: ModelRunAccumulator): Promise<TokenCounter | undefined> {
		if (this.options.countTokens) return this.options.countTokens;
		const needsLocalCount = !accumulator.hasServerTokenCount && (accumulator.text !== '' || accumulator.reasoning !== '');
		return needsLocalCount ? loadTokenCounter() : undefined;
	}

	private emit(event: EngineEvent): void {
		this.eventCount += 1;
		for (const listener of this.listeners) listener(event);
	}
}
