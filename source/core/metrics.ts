import type {StreamEvent} from '../providers/types.js';
import {percentile} from './stats.js';
import type {TokenCounter} from './tokens.js';
import type {FallbackAttempt, ModelError, ModelResult, ModelState, RunTarget} from './types.js';

/** What a pane shows while a model is streaming. Cheap to compute at render time. */
export interface LiveModelView {
	target: RunTarget;
	state: ModelState;
	text: string;
	reasoning: string;
	ttft_ms: number | null;
	first_content_ms: number | null;
	/** Time since the request for a running model, total_ms once it has ended. */
	elapsed_ms: number;
	output_tokens: number;
	/** True while the count is local (chunks or BPE), false once the server reported usage. */
	tokens_estimated: boolean;
	tokens_per_s: number | null;
	finish_reason: string | null;
	error: ModelError | null;
	/** Set while waiting to retry after a rate limit or server error. */
	retry: {attempt: number; resumesAt: number; reason: string} | null;
	/** The model answering now (a chain's current member); always set by the accumulator. */
	served_spec?: string;
	/** Chain members that already failed before their first token. */
	fallbacks?: readonly FallbackAttempt[];
	/** The server's counts and cost once it reported usage (for the cost shown when the answer ends). */
	input_tokens?: number | null;
	server_cost_usd?: number | null;
}

/**
 * Folds one model's timestamped stream events into its metrics. All times come
 * from the events' arrival timestamps, so rendering can never skew them.
 */
export class ModelRunAccumulator {
	private requestAt: number | null = null;
	private firstTokenAt: number | null = null;
	private firstContentAt: number | null = null;
	private lastTokenAt: number | null = null;
	private endedAt: number | null = null;
	private readonly gaps: number[] = [];
	private tokenChunks = 0;
	private textParts: string[] = [];
	private reasoningParts: string[] = [];
	private serverOutputTokens: number | null = null;
	private serverInputTokens: number | null = null;
	private serverReasoningTokens: number | null = null;
	private serverCost: number | null = null;
	private finishReason: string | null = null;
	private error: ModelError | null = null;
	private currentState: ModelState = 'waiting';
	private retryCount = 0;
	private retryInfo: LiveModelView['retry'] = null;
	/** Incremental live token estimate: how much text has been counted so far. */
	private countedReasoningLength = 0;
	private countedTextLength = 0;
	private countedTokens = 0;
	private servedSpec: string;
	private readonly fallbackAttempts: FallbackAttempt[] = [];
	/**
	 * Set once a chain falls back: metrics count from the original request, so the
	 * next member's request stamps (provisional or refined) must not move the start.
	 */
	private requestStartFrozen = false;

	constructor(readonly target: RunTarget) {
		this.servedSpec = target.chain?.members[0]?.spec ?? target.spec;
	}

	get servedBy(): string {
		return this.servedSpec;
	}

	/** True once any token (reasoning or answer) has arrived: too late for a chain to fall back. */
	get hasFirstToken(): boolean {
		return this.firstTokenAt !== null;
	}

	/**
	 * The current chain member failed before its first token and `next` takes over
	 * with the same messages. The failure is recorded, not applied as the result;
	 * the clock keeps running from the first member's request.
	 */
	fallBack(next: RunTarget, failure: {message: string; status?: number}): void {
		if (this.firstTokenAt !== null) throw new Error('a chain cannot fall back after the first token');
		this.fallbackAttempts.push({spec: this.servedSpec, error_message: failure.message, error_status: failure.status ?? null});
		this.servedSpec = next.spec;
		this.requestStartFrozen = true;
		this.retryInfo = null;
		this.finishReason = null;
		this.currentState = 'waiting';
	}

	get state(): ModelState {
		return this.currentState;
	}

	/** True once the server has reported how many tokens it generated. */
	get hasServerTokenCount(): boolean {
		return this.serverOutputTokens !== null;
	}

	get isFinished(): boolean {
		return this.endedAt !== null;
	}

	apply(event: StreamEvent): void {
		switch (event.type) {
			case 'request': {
				// A refined stamp of the first attempt replaces the provisional one; retries never move it,
				// so a retry's wait stays inside TTFT.
				const mayRefine = event.refined === true && this.retryCount === 0 && !this.requestStartFrozen;
				if (this.requestAt === null || mayRefine) this.requestAt = event.at;
				break;
			}
			case 'retry': {
				this.retryCount += 1;
				this.retryInfo = {attempt: event.attempt, resumesAt: event.at + event.delayMs, reason: event.reason};
				break;
			}
			case 'reasoning':
			case 'content': {
				this.noteToken(event.at);
				this.retryInfo = null;
				if (event.type === 'reasoning') {
					this.reasoningParts.push(event.text);
					if (this.currentState === 'waiting') this.currentState = 'thinking';
				} else {
					this.textParts.push(event.text);
					this.firstContentAt ??= event.at;
					this.currentState = 'streaming';
				}
				break;
			}
			case 'usage': {
				if (event.outputTokens !== undefined) this.serverOutputTokens = event.outputTokens;
				if (event.inputTokens !== undefined) this.serverInputTokens = event.inputTokens;
				if (event.reasoningTokens !== undefined) this.serverReasoningTokens = event.reasoningTokens;
				if (event.cost !== undefined) this.serverCost = event.cost;
				break;
			}
			case 'finish': {
				this.finishReason = event.reason;
				break;
			}
			case 'end': {
				this.endedAt = event.at;
				this.currentState = 'done';
				this.retryInfo = null;
				break;
			}
			case 'error': {
				this.endedAt = event.at;
				this.retryInfo = null;
				if (event.message === 'cancelled') {
					this.currentState = 'cancelled';
					this.error = {message: 'cancelled', status: null};
				} else {
					this.currentState = 'error';
					this.error = {message: event.message, status: event.status ?? null};
				}
				break;
			}
		}
	}

	private noteToken(at: number): void {
		if (this.firstTokenAt === null) this.firstTokenAt = at;
		else if (this.lastTokenAt !== null) this.gaps.push(at - this.lastTokenAt);
		this.lastTokenAt = at;
		this.tokenChunks += 1;
	}

	/** Joined lazily, so a fast stream costs one array push per chunk. */
	get text(): string {
		if (this.textParts.length > 1) this.textParts = [this.textParts.join('')];
		return this.textParts[0] ?? '';
	}

	get reasoning(): string {
		if (this.reasoningParts.length > 1) this.reasoningParts = [this.reasoningParts.join('')];
		return this.reasoningParts[0] ?? '';
	}

	/**
	 * A snapshot for drawing. Token counts are the server's once it reported them;
	 * before that they are estimated from the text seen so far (BPE when the
	 * counter is loaded, else one token per chunk).
	 */
	live(now: number, countTokens?: TokenCounter): LiveModelView {
		const text = this.text;
		const reasoning = this.reasoning;
		let outputTokens: number;
		let estimated = true;
		if (this.serverOutputTokens !== null) {
			outputTokens = this.serverOutputTokens;
			estimated = false;
		} else if (countTokens) {
			// Count only what arrived since the last frame; a split may cut a token in
			// two, which is why the figure stays labelled an estimate until usage arrives.
			this.countedTokens += countTokens(reasoning.slice(this.countedReasoningLength));
			this.countedTokens += countTokens(text.slice(this.countedTextLength));
			this.countedReasoningLength = reasoning.length;
			this.countedTextLength = text.length;
			outputTokens = this.countedTokens;
		} else {
			outputTokens = this.tokenChunks;
		}
		const end = this.endedAt ?? now;
		return {
			target: this.target,
			state: this.currentState,
			text,
			reasoning,
			ttft_ms: this.sinceRequest(this.firstTokenAt),
			first_content_ms: this.sinceRequest(this.firstContentAt),
			elapsed_ms: this.requestAt === null ? 0 : Math.max(0, end - this.requestAt),
			output_tokens: outputTokens,
			tokens_estimated: estimated,
			tokens_per_s: decodeRate(outputTokens, this.firstTokenAt, this.lastTokenAt),
			finish_reason: this.finishReason,
			error: this.error,
			retry: this.retryInfo,
			served_spec: this.servedSpec,
			fallbacks: this.fallbackAttempts,
			input_tokens: this.serverInputTokens,
			server_cost_usd: this.serverCost,
		};
	}

	/** Final metrics. Without server usage, `countTokens` (a real BPE tokenizer) supplies the count. */
	result(countTokens?: TokenCounter): ModelResult {
		const text = this.text;
		const reasoning = this.reasoning;
		let outputTokens: number | null = this.serverOutputTokens;
		let estimated = false;
		if (outputTokens === null && this.firstTokenAt !== null) {
			outputTokens = countTokens ? countTokens(reasoning) + countTokens(text) : this.tokenChunks;
			estimated = true;
		}
		const gaps = this.gaps;
		return {
			model: this.target.model,
			provider: this.target.provider,
			spec: this.target.spec,
			text,
			reasoning,
			ttft_ms: round(this.sinceRequest(this.firstTokenAt)),
			first_content_ms: round(this.sinceRequest(this.firstContentAt)),
			total_ms: round(this.sinceRequest(this.endedAt)),
			output_tokens: outputTokens,
			input_tokens: this.serverInputTokens,
			reasoning_tokens: this.serverReasoningTokens,
			tokens_estimated: estimated,
			tokens_per_s: round(decodeRate(outputTokens ?? 0, this.firstTokenAt, this.lastTokenAt)),
			itl_p50_ms: round(percentile(gaps, 50)),
			itl_p99_ms: round(percentile(gaps, 99)),
			server_cost_usd: this.serverCost,
			finish_reason: this.finishReason,
			error: this.error,
			state: this.currentState,
			retries: this.retryCount,
			served_spec: this.servedSpec,
			fallbacks: [...this.fallbackAttempts],
		};
	}

	private sinceRequest(at: number | null): number | null {
		if (at === null || this.requestAt === null) return null;
		return at - this.requestAt;
	}
}

/** Decode speed: (tokens - 1) / (t_last - t_first). The first token's wait (TTFT) stays out of it. */
export function decodeRate(outputTokens: number, firstTokenAt: number | null, lastTokenAt: number | null): number | null {
	if (firstTokenAt === null || lastTokenAt === null || outputTokens < 2) return null;
	const seconds = (lastTokenAt - firstTokenAt) / 1000;
	if (seconds <= 0) return null;
	return (outputTokens - 1) / seconds;
}

function round(value: number | null): number | null {
	return value === null ? null : Math.round(value * 10) / 10;
}
