/**
 * One chat completion from any OpenAI-compatible server, as typed events
 * stamped at arrival. The official SDK does the HTTP and SSE parsing; this
 * module adds what it lacks (see sse-transport.ts), our own retry loop, and
 * the one-line error wording. Exactly one terminal event (`end` or `error`)
 * comes last on every path.
 */
import OpenAI, {APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError} from 'openai';
import type {ChatCompletionCreateParamsStreaming} from 'openai/resources/chat/completions';
import {type ApiKeyResolution, resolveApiKey} from './api-key.js';
import {interpretChunk} from './chunk-parser.js';
import {
	describeHttpError,
	describeNetworkCause,
	describeStreamErrorPayload,
	formatSeconds,
	toOneLine,
} from './errors.js';
import {backoffDelay, DEFAULT_MAX_RETRIES, parseRetryAfter, shouldRetryResponse} from './retry-policy.js';
import {createAttemptTransport, IdleTimeoutError, type AttemptTransport} from './sse-transport.js';
import type {StreamEvent, StreamRequest} from './types.js';

/** Local servers (Ollama, llama.cpp, the demo) want no key, but the SDK insists on one. */
const PLACEHOLDER_API_KEY = 'no-key';
/** The SDK's own header timeout is a backstop; the idle timeout normally fires first. */
const SDK_DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_TIMER_MS = 2_147_483_647;

export const CANCELLED_MESSAGE = 'cancelled';
export const INCOMPLETE_STREAM_MESSAGE = 'stream ended before the model finished (no finish_reason or [DONE])';
export const MALFORMED_STREAM_MESSAGE = 'malformed stream data from the server';
export const HTML_INSTEAD_OF_STREAM_MESSAGE =
	'the server answered with an HTML page instead of an event stream; check the base URL (most servers end it in /v1)';

type ErrorEvent = Extract<StreamEvent, {type: 'error'}>;

interface StartFailure {
	message: string;
	status?: number;
	retryable: boolean;
	retryAfterMs?: number;
}

export async function* streamChat(request: StreamRequest): AsyncGenerator<StreamEvent> {
	const {endpoint, signal} = request;

	let apiKey = PLACEHOLDER_API_KEY;
	const secrets: string[] = [];
	let resolvedKey: ApiKeyResolution;
	try {
		resolvedKey = resolveApiKey(endpoint);
	} catch (error) {
		// An unreadable keys file; its message names the file, never a key.
		yield failure(errorText(error));
		return;
	}
	if (resolvedKey.source === 'missing') {
		yield failure(
			`environment variable ${resolvedKey.variable} is not set; export it or run ` +
				`\`arena providers add ${endpoint.name} --base-url ${endpoint.baseURL} --api-key-env OTHER_VARIABLE\``,
		);
		return;
	}
	if (resolvedKey.source === 'environment' || resolvedKey.source === 'stored') {
		apiKey = resolvedKey.key;
		secrets.push(resolvedKey.key);
	}
	if (signal.aborted) {
		yield failure(CANCELLED_MESSAGE);
		return;
	}

	const maxRetries = Math.max(0, request.maxRetries ?? DEFAULT_MAX_RETRIES);
	const body = requestBody(request);
	let requestAnnounced = false;

	for (let attempt = 0; ; attempt++) {
		const transport = createAttemptTransport({idleTimeoutMs: request.idleTimeoutMs});
		// Disposing releases the connection on every exit, including a consumer that stops early.
		try {
			let pending: ReturnType<typeof startRequest>;
			// Taken before the request starts, so TTFT includes everything the user waits for.
			const requestAt = performance.now();
			try {
				pending = startRequest(request, apiKey, transport, body);
				// Swallow here; the rejection is handled by the await below.
				pending.catch(() => {});
			} catch (error) {
				// A base URL the SDK cannot use fails here, synchronously.
				yield failure(errorText(error), secrets);
				return;
			}
			if (!requestAnnounced) {
				requestAnnounced = true;
				yield {type: 'request', at: requestAt};
			}

			let stream: Awaited<typeof pending>;
			try {
				stream = await pending;
				// The SDK spends a millisecond or more building the request, and with several
				// streams starting together each waits for the others' turn on the one thread.
				// The moment the request was handed to the network is the true start.
				if (attempt === 0 && transport.sentAt !== undefined) yield {type: 'request', at: transport.sentAt, refined: true};
			} catch (error) {
				if (signal.aborted) {
					yield failure(CANCELLED_MESSAGE);
					return;
				}
				const problem = describeStartFailure(error, transport, request);
				if (!problem.retryable || attempt >= maxRetries) {
					yield failure(problem.message, secrets, problem.status);
					return;
				}
				const delayMs = problem.retryAfterMs ?? backoffDelay(attempt);
				const retry: Extract<StreamEvent, {type: 'retry'}> = {
					type: 'retry',
					at: performance.now(),
					attempt: attempt + 1,
					delayMs,
					reason: toOneLine(problem.message, secrets),
				};
				if (problem.status !== undefined) retry.status = problem.status;
				yield retry;
				if (!(await sleep(delayMs, signal))) {
					yield failure(CANCELLED_MESSAGE);
					return;
				}
				continue;
			}

			// Inlined rather than delegated with yield*: every delegation layer costs a promise per event,
			// which shows at thousands of tokens per second.
			// Past the headers nothing is retried: tokens may already be on screen, and a second answer
			// would not be the same answer.
			let tokensSeen = false;
			let finishSeen = false;
			const events: StreamEvent[] = [];
			try {
				for await (const chunk of stream) {
					const at = performance.now();
					// The SDK may still hold parsed chunks after an abort; none of them may reach the user.
					if (signal.aborted) break;
					events.length = 0;
					const chunkFailure = interpretChunk(chunk, at, events);
					for (const event of events) {
						if (event.type === 'content' || event.type === 'reasoning') tokensSeen = true;
						else if (event.type === 'finish') finishSeen = true;
						yield event;
					}
					if (chunkFailure) {
						const described = describeStreamErrorPayload(chunkFailure.payload, {afterTokens: tokensSeen});
						yield failure(described.message, secrets, described.status);
						return;
					}
				}
			} catch (error) {
				if (signal.aborted) {
					yield failure(CANCELLED_MESSAGE);
					return;
				}
				const described = describeStreamFailure(error, transport, request.idleTimeoutMs, tokensSeen);
				yield failure(described.message, secrets, described.status);
				return;
			}

			if (signal.aborted) yield failure(CANCELLED_MESSAGE);
			else if (transport.answeredWithHtml) yield failure(HTML_INSTEAD_OF_STREAM_MESSAGE);
			else if (transport.sawDone || finishSeen) yield {type: 'end', at: performance.now()};
			else yield failure(INCOMPLETE_STREAM_MESSAGE);
			return;
		} finally {
			transport.dispose();
		}
	}
}

function startRequest(
	request: StreamRequest,
	apiKey: string,
	transport: AttemptTransport,
	body: ChatCompletionCreateParamsStreaming,
) {
	const client = new OpenAI({
		apiKey,
		baseURL: request.endpoint.baseURL,
		maxRetries: 0,
		timeout: sdkTimeout(request.idleTimeoutMs),
		fetch: transport.fetch,
		// The SDK logs to the console by default, which would tear a full-screen UI.
		logLevel: 'off',
		// Do not leak OpenAI-specific settings from the environment to other providers.
		organization: null,
		project: null,
	});
	return client.chat.completions.create(body, {signal: request.signal});
}

/** Never shorter than the SDK's default, and never cutting a long idle timeout short. */
function sdkTimeout(idleTimeoutMs: number): number {
	if (!(idleTimeoutMs > 0) || !Number.isFinite(idleTimeoutMs)) return SDK_DEFAULT_TIMEOUT_MS;
	return Math.min(Math.max(SDK_DEFAULT_TIMEOUT_MS, Math.ceil(idleTimeoutMs * 2)), MAX_TIMER_MS);
}

function requestBody(request: StreamRequest): ChatCompletionCreateParamsStreaming {
	const body: ChatCompletionCreateParamsStreaming = {
		model: request.model,
		messages: request.messages,
		stream: true,
		stream_options: {include_usage: true},
	};
	if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
	if (request.temperature !== undefined) body.temperature = request.temperature;
	return body;
}

function describeStartFailure(error: unknown, transport: AttemptTransport, request: StreamRequest): StartFailure {
	if (transport.idleTimedOut || error instanceof IdleTimeoutError) {
		return {message: idleMessage(request.idleTimeoutMs), retryable: false};
	}
	if ((error as {code?: unknown} | null)?.code === 'ERR_INVALID_URL') {
		return {message: `invalid base URL for provider ${request.endpoint.name}: ${request.endpoint.baseURL}`, retryable: false};
	}
	if (error instanceof APIError && typeof error.status === 'number') {
		const status = error.status;
		const headers = transport.response?.headers ?? error.headers;
		const body = transport.errorBody ?? '';
		const problem: StartFailure = {
			message: describeHttpError(status, body, transport.response?.statusText),
			status,
			retryable: shouldRetryResponse(status, headers),
		};
		const retryAfterMs = parseRetryAfter(headers);
		if (retryAfterMs !== undefined) problem.retryAfterMs = retryAfterMs;
		return problem;
	}
	if (error instanceof APIConnectionTimeoutError) {
		return {message: 'no response from the server (request timed out)', retryable: false};
	}
	if (error instanceof APIConnectionError) {
		return {message: `connection failed (${describeNetworkCause(error.cause ?? error)})`, retryable: true};
	}
	return {message: errorText(error), retryable: false};
}

function describeStreamFailure(
	error: unknown,
	transport: AttemptTransport,
	idleTimeoutMs: number,
	tokensSeen: boolean,
): {message: string; status?: number} {
	if (transport.idleTimedOut || error instanceof IdleTimeoutError) return {message: idleMessage(idleTimeoutMs)};
	if (error instanceof APIError && error.status === undefined) {
		// The SDK throws this for a data line with an `error` key; the payload is in `.error`.
		return describeStreamErrorPayload(error.error ?? error.message, {afterTokens: tokensSeen});
	}
	if (error instanceof SyntaxError) return {message: MALFORMED_STREAM_MESSAGE};
	if (error instanceof OpenAIError) return {message: errorText(error)};
	return {message: `connection lost mid-stream (${describeNetworkCause(error)})`};
}

function idleMessage(idleTimeoutMs: number): string {
	return `no data for ${formatSeconds(idleTimeoutMs)} (idle timeout)`;
}

function errorText(error: unknown): string {
	if (error instanceof Error && error.message) return error.message;
	return String(error);
}

function failure(message: string, secrets: readonly string[] = [], status?: number): ErrorEvent {
	const event: ErrorEvent = {type: 'error', at: performance.now(), message: toOneLine(message, secrets)};
	if (status !== undefined) event.status = status;
	return event;
}

/** Resolves true after `milliseconds`, or false as soon as the signal aborts. */
function sleep(milliseconds: number, signal: AbortSignal): Promise<boolean> {
	if (signal.aborted) return Promise.resolve(false);
	return new Promise(resolve => {
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, milliseconds);
		signal.addEventListener('abort', onAbort, {once: true});
	});
}
