/**
 * Typed, timestamped events produced by the provider layer.
 *
 * Every `at` is a `performance.now()` reading taken the moment the chunk was
 * handed to us by the SDK (i.e. when it arrived), never when it is rendered.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
	role: ChatRole;
	content: string;
}

export interface ProviderEndpoint {
	/** Provider name as the user configured it, e.g. `openai`, `or`, `demo`. */
	name: string;
	/** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1`. */
	baseURL: string;
	/** Name of the environment variable holding the key; read at request time. */
	apiKeyEnv?: string;
}

export interface StreamRequest {
	endpoint: ProviderEndpoint;
	/** Model id as the server knows it (the part after the first colon of the spec). */
	model: string;
	messages: ChatMessage[];
	maxTokens?: number;
	temperature?: number;
	/** Abort everything (Ctrl+C, or the engine cancelling this model). */
	signal: AbortSignal;
	/** Milliseconds of silence (no bytes, no chunks) after which the stream fails. */
	idleTimeoutMs: number;
	/** Retries for retryable failures before the first token (429, 5xx, connection errors). */
	maxRetries?: number;
}

export type UsageSource = 'usage' | 'x_groq' | 'timings';

export type StreamEvent =
	/**
	 * Emitted just before the first HTTP request is started, so elapsed time shows at
	 * once; then, when the headers are in, again with `refined: true` carrying the
	 * moment that request was actually handed to the network, which TTFT counts from.
	 */
	| {type: 'request'; at: number; refined?: boolean}
	/** A retryable failure before the first token; the next attempt starts after `delayMs`. */
	| {type: 'retry'; at: number; attempt: number; delayMs: number; reason: string; status?: number}
	| {type: 'reasoning'; at: number; text: string}
	| {type: 'content'; at: number; text: string}
	| {
			type: 'usage';
			at: number;
			source: UsageSource;
			outputTokens?: number;
			inputTokens?: number;
			reasoningTokens?: number;
			/** Cost in USD when the server reports it (OpenRouter's `usage.cost`). */
			cost?: number;
	  }
	| {type: 'finish'; at: number; reason: string}
	/** Terminal: the stream ended normally ([DONE], or EOF after a finish_reason). */
	| {type: 'end'; at: number}
	/** Terminal: the stream failed. `message` is one line, safe to show, never contains a key. */
	| {type: 'error'; at: number; message: string; status?: number};
