import type {ChatMessage, ProviderEndpoint, StreamEvent} from '../providers/types.js';

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
}

export interface RunParams {
	messages: ChatMessage[];
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
}

/** What the engine tells its consumers. `index` is the model's position in the run. */
export type EngineEvent =
	| {type: 'stream'; index: number; event: StreamEvent}
	| {type: 'model-done'; index: number; result: ModelResult}
	| {type: 'run-done'; results: ModelResult[]};
