/**
 * A real loopback HTTP server that speaks the OpenAI streaming protocol, with
 * every response scripted by the test. Use it to drive the real SDK through
 * the real network stack, faults included.
 *
 * ```ts
 * const server = await startScriptedServer(() => streamScript(['Hel', 'lo']));
 * // endpoint: {name: 'test', baseURL: server.baseURL}
 * server.requests[0].body.messages; // what the client sent
 * await server.close();
 * ```
 *
 * A script is a list of steps run in order:
 * - `{status, headers?, body?}` a complete non-streaming response (ends it);
 * - `{head: {status?, headers?}}` send the streaming headers now (otherwise
 *   they go out with the first streaming step, as `200 text/event-stream`);
 * - `{chunk: object}` writes `data: <json>\n\n`;
 * - `{raw: string}` writes bytes exactly (comments, CRLF, broken JSON…);
 * - `{done: true}` writes `data: [DONE]\n\n`;
 * - `{delayMs}` waits (before `head`, this delays the headers);
 * - `{tokens: n, …}` writes n content chunks as fast as the socket takes them,
 *   letting the event loop run between writes so an in-process client is not
 *   starved (`yieldBetweenWrites: false` for one uninterrupted burst);
 * - `{destroy: true}` resets the connection (TCP RST) and stops the script;
 * - `{keepOpen: true}` stops the script without ending the response.
 * When the script runs out, the response is ended cleanly.
 *
 * `GET {baseURL}/models` lists `options.models`. Each chat request is
 * recorded in `requests` with its body, headers and server-side timings
 * (`receivedAt`, `firstTokenAt`, `closedAt`, on the same `performance.now()`
 * clock as the client when both run in one process).
 */
import {createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

export type ScriptStep =
	| {status: number; headers?: Record<string, string>; body?: string | object}
	| {head: {status?: number; headers?: Record<string, string>}}
	| {chunk: object}
	| {raw: string}
	| {done: true}
	| {delayMs: number}
	| ({tokens: number} & TokenStreamOptions)
	| {destroy: true}
	| {keepOpen: true};

export type Script = ScriptStep[];

export interface TokenStreamOptions {
	/** Text of token i; `"tok{i} "` by default. */
	text?: (index: number) => string;
	/** Chunks per socket write; 1 (one write per token, like a real server) by default. */
	chunksPerWrite?: number;
	/** `reasoning_content` tokens instead of content. */
	reasoning?: boolean;
	/**
	 * Let the event loop run between writes (default true). A test's server
	 * shares the process with the client; without this, a burst of writes
	 * would starve the client and distort its arrival timestamps.
	 */
	yieldBetweenWrites?: boolean;
}

export interface ScriptedRequest {
	/** 0-based count of chat requests this server has received (retries increment it). */
	index: number;
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** Parsed JSON body, or undefined when it was not JSON. */
	body: any;
	/** `body.model`, for convenience. */
	model: string | undefined;
	/** `performance.now()` when the request headers arrived. */
	receivedAt: number;
	/** `performance.now()` when the first content or reasoning token was written. */
	firstTokenAt?: number;
	/**
	 * `performance.now()` when the response was over: ended by the script, or
	 * its connection closed by either side. With `keepOpen`, only the client
	 * (or `close()`) can set it.
	 */
	closedAt?: number;
}

export type ScriptHandler = (request: ScriptedRequest) => Script | Promise<Script>;

export interface ScriptedServerOptions {
	/** Model ids served by `GET /models`. */
	models?: string[];
}

export interface ScriptedServer {
	/** `http://127.0.0.1:PORT/v1`, ready for `new OpenAI({baseURL})`. */
	baseURL: string;
	/** Every chat request received, in order, updated live. */
	requests: ScriptedRequest[];
	close(): Promise<void>;
}

export async function startScriptedServer(
	handlerOrScript: ScriptHandler | Script,
	options: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
	const handler: ScriptHandler = typeof handlerOrScript === 'function' ? handlerOrScript : () => handlerOrScript;
	const requests: ScriptedRequest[] = [];
	const pendingDelays = new Set<() => void>();
	let closing = false;

	const delay = (milliseconds: number) =>
		new Promise<void>(resolve => {
			const finish = () => {
				clearTimeout(timer);
				pendingDelays.delete(finish);
				resolve();
			};
			const timer = setTimeout(finish, milliseconds);
			pendingDelays.add(finish);
		});

	const server = createServer((request, response) => {
		void serve(request, response).catch(() => {
			// A failing handler or step looks like a crashed server to the client.
			if (!response.destroyed) response.destroy();
		});
	});

	async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const receivedAt = performance.now();
		const path = new URL(request.url ?? '/', 'http://localhost').pathname;

		if (request.method === 'GET' && path.endsWith('/models')) {
			request.resume();
			const data = (options.models ?? []).map(id => ({id, object: 'model', created: 0, owned_by: 'test'}));
			sendJson(response, 200, {object: 'list', data});
			return;
		}
		if (request.method !== 'POST' || !path.endsWith('/chat/completions')) {
			request.resume();
			sendJson(response, 404, {error: {message: `no route for ${request.method} ${path}`, type: 'not_found'}});
			return;
		}

		const rawBody = await readBody(request);
		let body: any;
		try {
			body = JSON.parse(rawBody);
		} catch {
			body = undefined;
		}
		const record: ScriptedRequest = {
			index: requests.length,
			method: request.method,
			path,
			headers: request.headers,
			body,
			model: typeof body?.model === 'string' ? body.model : undefined,
			receivedAt,
		};
		requests.push(record);
		response.on('close', () => {
			record.closedAt = performance.now();
		});

		const script = await handler(record);
		await runScript(script, record, response);
	}

	async function runScript(script: Script, record: ScriptedRequest, response: ServerResponse): Promise<void> {
		const startStreaming = (status = 200, headers: Record<string, string> = {}) => {
			if (response.headersSent) return;
			response.writeHead(
				status,
				mergeHeaders({'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive'}, headers),
			);
			response.flushHeaders();
		};
		const write = async (text: string) => {
			// The client went away (or the test is closing the server): stop quietly, as a real server would.
			if (closing || response.destroyed || response.writableEnded) throw new ScriptStopped();
			startStreaming();
			if (!response.write(text)) await waitForDrain(response);
		};

		for (const step of script) {
			if (closing || response.destroyed) return;
			if ('delayMs' in step) {
				await delay(step.delayMs);
			} else if ('status' in step) {
				const isText = typeof step.body === 'string';
				const payload = step.body === undefined ? '' : isText ? (step.body as string) : JSON.stringify(step.body);
				response.writeHead(
					step.status,
					mergeHeaders({'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json'}, step.headers),
				);
				response.end(payload);
				return;
			} else if ('head' in step) {
				startStreaming(step.head.status, step.head.headers);
			} else if ('chunk' in step) {
				if (record.firstTokenAt === undefined && carriesToken(step.chunk)) record.firstTokenAt = performance.now();
				await write(`data: ${JSON.stringify(step.chunk)}\n\n`);
			} else if ('raw' in step) {
				await write(step.raw);
			} else if ('done' in step) {
				await write('data: [DONE]\n\n');
			} else if ('tokens' in step) {
				await writeTokens(step, record, write);
			} else if ('destroy' in step) {
				// resetAndDestroy sends a TCP RST, the way a crashed proxy looks to the client.
				response.socket?.resetAndDestroy();
				return;
			} else if ('keepOpen' in step) {
				startStreaming();
				return;
			}
		}
		startStreaming();
		response.end();
	}

	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;

	return {
		baseURL: `http://127.0.0.1:${port}/v1`,
		requests,
		close: async () => {
			closing = true;
			for (const finish of [...pendingDelays]) finish();
			const closed = new Promise<void>(resolve => server.close(() => resolve()));
			server.closeAllConnections();
			await closed;
		},
	};
}

// ---------------------------------------------------------------------------
// Chunk builders. They produce what OpenAI sends; pass `extra` to add or
// override top-level fields (usage, x_groq, timings, obfuscation…).

const CHUNK_ID = 'chatcmpl-test';
const CREATED = 1_700_000_000;

/** A `chat.completion.chunk` with one choice. */
export function chatChunk(
	delta: Record<string, unknown>,
	finishReason: string | null = null,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		id: CHUNK_ID,
		object: 'chat.completion.chunk',
		created: CREATED,
		model: 'test-model',
		choices: [{index: 0, delta, finish_reason: finishReason}],
		...extra,
	};
}

/** OpenAI's first chunk: role only, empty content. */
export function roleChunk(extra: Record<string, unknown> = {}) {
	return chatChunk({role: 'assistant', content: ''}, null, extra);
}

export function contentChunk(text: string, extra: Record<string, unknown> = {}) {
	return chatChunk({content: text}, null, extra);
}

/** DeepSeek's `reasoning_content` by default; `'reasoning'` for OpenRouter/vLLM/Ollama. */
export function reasoningChunk(
	text: string,
	field: 'reasoning_content' | 'reasoning' = 'reasoning_content',
	extra: Record<string, unknown> = {},
) {
	return chatChunk({[field]: text, content: null}, null, extra);
}

/** `delta: {}` with a finish_reason, as OpenAI ends a choice. */
export function finishChunk(reason = 'stop', extra: Record<string, unknown> = {}) {
	return chatChunk({}, reason, extra);
}

export interface UsageFields {
	prompt_tokens?: number;
	completion_tokens?: number;
	total_tokens?: number;
	completion_tokens_details?: {reasoning_tokens?: number};
	cost?: number;
	[field: string]: unknown;
}

/** OpenAI's separate last chunk: `choices: []` plus usage. */
export function usageChunk(usage: UsageFields) {
	return {id: CHUNK_ID, object: 'chat.completion.chunk', created: CREATED, model: 'test-model', choices: [], usage};
}

/** OpenAI-style in-stream error payload. */
export function errorPayload(message: string, extra: Record<string, unknown> = {}) {
	return {error: {message, type: 'server_error', param: null, code: null, ...extra}};
}

/** The common happy path: role, one chunk per text, finish, optional usage, [DONE]. */
export function streamScript(
	texts: string[],
	options: {finishReason?: string; usage?: UsageFields; delayBetweenMs?: number} = {},
): Script {
	const steps: Script = [{chunk: roleChunk()}];
	for (const text of texts) {
		if (options.delayBetweenMs) steps.push({delayMs: options.delayBetweenMs});
		steps.push({chunk: contentChunk(text)});
	}
	steps.push({chunk: finishChunk(options.finishReason ?? 'stop')});
	if (options.usage) steps.push({chunk: usageChunk(options.usage)});
	steps.push({done: true});
	return steps;
}

/**
 * A full-speed stream of `count` tokens, as the bench needs: role, the
 * tokens, finish, usage with `completion_tokens: count`, [DONE].
 */
export function tokenStreamScript(count: number, options: TokenStreamOptions = {}): Script {
	return [
		{chunk: roleChunk()},
		{tokens: count, ...options},
		{chunk: finishChunk('stop')},
		{chunk: usageChunk({prompt_tokens: 10, completion_tokens: count, total_tokens: count + 10})},
		{done: true},
	];
}

// ---------------------------------------------------------------------------

async function writeTokens(
	step: {tokens: number} & TokenStreamOptions,
	record: ScriptedRequest,
	write: (text: string) => Promise<void>,
): Promise<void> {
	const text = step.text ?? ((index: number) => `tok${index} `);
	const field = step.reasoning ? 'reasoning_content' : 'content';
	const perWrite = Math.max(1, step.chunksPerWrite ?? 1);
	const yieldBetweenWrites = step.yieldBetweenWrites ?? true;
	// Serialising a template once and splicing the text in keeps the server far faster than any client.
	const [before, after] = JSON.stringify(chatChunk({[field]: '\u0000'})).split('"\\u0000"') as [string, string];
	let batch = '';
	for (let index = 0; index < step.tokens; index++) {
		batch += `data: ${before}${JSON.stringify(text(index))}${after}\n\n`;
		if ((index + 1) % perWrite === 0 || index === step.tokens - 1) {
			if (record.firstTokenAt === undefined) record.firstTokenAt = performance.now();
			await write(batch);
			batch = '';
			if (yieldBetweenWrites) await new Promise(resolve => setImmediate(resolve));
		}
	}
}

class ScriptStopped extends Error {}

function carriesToken(chunk: object): boolean {
	const choices = (chunk as {choices?: Array<{delta?: Record<string, unknown>}>}).choices;
	const delta = choices?.[0]?.delta;
	if (!delta) return false;
	for (const field of ['content', 'reasoning_content', 'reasoning']) {
		const value = delta[field];
		if ((typeof value === 'string' && value) || Array.isArray(value)) return true;
	}
	return false;
}

/** Later headers win regardless of how the test capitalised them. */
function mergeHeaders(
	defaults: Record<string, string>,
	overrides: Record<string, string> = {},
): Record<string, string> {
	const merged = {...defaults};
	for (const [name, value] of Object.entries(overrides)) merged[name.toLowerCase()] = value;
	return merged;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, {'Content-Type': 'application/json'});
	response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		let text = '';
		request.setEncoding('utf8');
		request.on('data', (part: string) => (text += part));
		request.on('end', () => resolve(text));
		request.on('error', reject);
	});
}

function waitForDrain(response: ServerResponse): Promise<void> {
	return new Promise(resolve => {
		const done = () => {
			response.off('drain', done);
			response.off('close', done);
			resolve();
		};
		response.on('drain', done);
		response.on('close', done);
	});
}
