import type {ChatMessage, ProviderEndpoint, StreamEvent} from '../providers/types.js';
import type {ModelPrice} from './cost.js';

/** A `PROVIDER:MODEL` spec split at the first colon. */
export interface ModelSpec {
	/** The spec exactly as the user typed it, e.g. `ollama:llama3.2:3b`. */
	spec: string;
	provider: string;
	model: string;
}

export interface RunTarget extends ModelSpec {
	endpoint: ProviderEndpoint;
	/** True for the built-in simulated provider; the UI labels these. */
	simulated?: boolean;
	/**
	 * Set for a fallback chain: the target's own spec is `chain:NAME` (how it is rated),
	 * and the engine tries each member in order until one produces a first token.
	 */
	chain?: {name: string; members: RunTarget[]};
	/** USD per 1M tokens, resolved before the run (user > OpenRouter > shipped); null when unknown. */
	price?: ModelPrice | null;
}

/** The provider prefix of a fallback chain's spec: a chain is rated as `chain:NAME`. */
export const CHAIN_PROVIDER = 'chain';

/** A chain member that failed before its first token, so the next one was tried. */
export interface FallbackAttempt {
	spec: string;
	error_message: string | null;
	error_status: number | null;
}

export interface RunParams {
	messages: ChatMessage[];
	/**
	 * Per model, in target order: the whole conversation so far (a follow-up turn,
	 * where each model has its own earlier answers). Overrides `messages` when set.
	 */
	conversations?: ChatMessage[][];
	maxTokens?: number;
	temperature?: number;
	idleTimeoutMs: number;
	maxRetries?: number;
}

export type ModelState = 'waiting' | 'thinking' | 'streaming' | 'done' | 'error' | 'cancelled';

export interface ModelError {
	message: string;
	status: number | null;
}

/** Everything measured for one model in one run. Times are milliseconds. */
export interface ModelMetrics {
	/** From just before the request to the first token of any kind (reasoning included). */
	ttft_ms: number | null;
	/** From just before the request to the first answer (non-reasoning) token. */
	first_content_ms: number | null;
	/** From just before the request to the end of the stream. */
	total_ms: number | null;
	output_tokens: number | null;
	input_tokens: number | null;
	reasoning_tokens: number | null;
	/** True when output_tokens was counted locally with a BPE tokenizer. */
	tokens_estimated: boolean;
	/** (output_tokens - 1) / (t_last - t_first) in seconds; TTFT stays out of it. */
	tokens_per_s: number | null;
	/** Median and p99 of the gaps between successive token-bearing chunks. */
	itl_p50_ms: number | null;
	itl_p99_ms: number | null;
	/** Cost in USD reported by the server, when it reports one. */
	server_cost_usd: number | null;
}

export interface ModelResult extends ModelMetrics {
	model: string;
	provider: string;
	spec: string;
	text: string;
	reasoning: string;
	finish_reason: string | null;
	error: ModelError | null;
	state: ModelState;
	retries: number;
	/** The model that actually answered: the spec itself, or a chain's member. Always set by the engine. */
	served_spec?: string;
	/** Chain members that failed before their first token, in order. Always set by the engine (empty without a chain). */
	fallbacks?: FallbackAttempt[];
}

/** What the engine tells its consumers. `index` is the model's position in the run. */
export type EngineEvent =
	| {type: 'stream'; index: number; event: StreamEvent}
	| {type: 'model-done'; index: number; result: ModelResult}
	/** A chain member failed before its first token; `servedSpec` is tried next with the same messages. */
	| {type: 'fallback'; index: number; failedSpec: string; servedSpec: string; message: string; status: number | null}
	| {type: 'run-done'; results: ModelResult[]}
	/** One pane is being sampled again (ArenaRun.retry); its view restarts from waiting. */
	| {type: 'retry-start'; index: number}
	/** The retried pane has ended; `results` holds every model's latest result. */
	| {type: 'retry-done'; index: number; result: ModelResult; results: ModelResult[]};
