/**
 * The built-in demo provider: a real OpenAI-compatible HTTP server on
 * loopback, in-process, with simulated models. arena talks to it exactly as
 * it talks to any provider (HTTP, SSE, the openai SDK, the engine), so the
 * demo exercises the real path and its timings are real measurements.
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {performance} from 'node:perf_hooks';
import type {ProviderEndpoint} from '../providers/types.js';
import {composeAnswer} from './answers/index.js';
import {DEMO_MODELS, findDemoModel, isDemoModelId, type DemoModel} from './models.js';
import {planStream, type PlannedChunk, type StreamPiece, type StreamPlan} from './pacing.js';
import {
	buildUsage,
	completionBody,
	deltaChunk,
	errorBody,
	finishChunk,
	roleChunk,
	sseDone,
	sseEvent,
	usageChunk,
	type CompletionIdentity,
	type CompletionUsage,
	type FinishReason,
} from './protocol.js';
import {createRandom, deriveSeed, type Random} from './random.js';
import {countTokens, joinPieces, splitIntoTokenPieces, takeTokenBudget, type TokenPiece} from './tokens.js';

export {DEMO_MODELS, type DemoModel} from './models.js';

export const DEMO_PROVIDER_NAME = 'demo';

export interface DemoRequestStat {
	model: string;
	/** performance.now() when the request arrived. */
	receivedAt: number;
	/** performance.now() just before the first token (reasoning or content) was written. */
	firstTokenAt: number | null;
	/** The simulated TTFT this request was given, in ms after receivedAt. */
	plannedTtftMs: number;
	/** Completion tokens written so far (reasoning included); equals usage once completed. */
	tokens: number;
	/** performance.now() when the response ended or the client went away. */
	finishedAt: number | null;
	outcome: 'pending' | 'completed' | 'aborted';
}

export interface DemoServer {
	/** Ends in `/v1`, like `https://api.openai.com/v1`. */
	baseURL: string;
	/** Stops every stream, closes all connections and the server. Safe to call twice. */
	close(): Promise<void>;
	/** One entry per accepted completion request, in arrival order. */
	stats: DemoRequestStat[];
	/** The seed behind all jitter; pass it back to replay a run. */
	seed: number;
}

export interface DemoServerOptions {
	/** Multiplies the pace: 10 means ten times shorter TTFT and inter-token gaps. Default 1. */
	speed?: number;
	/** Write every chunk with no delay at all (benchmarks). Default false. */
	fullSpeed?: boolean;
	/** Seed for jitter and chunking; the default varies per server. */
	seed?: number;
}

/** The demo server as an arena provider endpoint. It needs no key. */
export function demoEndpoint(server: DemoServer): ProviderEndpoint {
	return {name: DEMO_PROVIDER_NAME, baseURL: server.baseURL};
}

const maxBodyBytes = 4 * 1024 * 1024;
// Batch size when writing at full speed: enough to amortise syscalls, small
// enough that parallel streams interleave.
const fullSpeedBatch = 32;
const modelsCreatedAt = 1_735_689_600;

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
	const speed = options.speed ?? 1;
	if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`Demo speed must be a positive number, got ${speed}`);
	const seed = (options.seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
	const pace = {speed, fullSpeed: options.fullSpeed ?? false};

	const stats: DemoRequestStat[] = [];
	const activeGenerations = new Set<Generation>();
	const requestsPerModel = new Map<string, number>();

	const context: RequestContext = {
		pace,
		stats,
		activeGenerations,
		nextRequestSeed(modelId) {
			const index = requestsPerModel.get(modelId) ?? 0;
			requestsPerModel.set(modelId, index + 1);
			// Per model, so parallel streams replay identically whatever order they arrive in.
			return deriveSeed(seed, modelId, index);
		},
	};

	const server = createServer({noDelay: true}, (request, response) => {
		const receivedAt = performance.now();
		handleRequest(request, response, receivedAt, context).catch((error: unknown) => {
			if (response.headersSent || response.destroyed) {
				response.destroy();
				return;
			}
			const status = error instanceof HttpError ? error.status : 500;
			const message = error instanceof Error ? error.message : String(error);
			sendJson(response, status, errorBody(message, {type: status >= 500 ? 'server_error' : 'invalid_request_error'}));
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;

	let closing: Promise<void> | undefined;
	return {
		baseURL: `http://127.0.0.1:${port}/v1`,
		stats,
		seed,
		close() {
			closing ??= new Promise<void>(resolve => {
				for (const generation of [...activeGenerations]) generation.cancel();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

interface Generation {
	cancel(): void;
}

interface RequestContext {
	pace: {speed: number; fullSpeed: boolean};
	stats: DemoRequestStat[];
	activeGenerations: Set<Generation>;
	nextRequestSeed(modelId: string): number;
}

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

async function handleRequest(
	request: IncomingMessage,
	response: ServerResponse,
	receivedAt: number,
	context: RequestContext,
): Promise<void> {
	const path = (request.url ?? '/').split('?')[0].replace(/\/+$/, '');
	const method = request.method ?? 'GET';

	if (method === 'POST' && path === '/v1/chat/completions') {
		await handleChatCompletion(request, response, receivedAt, context);
		return;
	}
	if (method === 'GET' && path === '/v1/models') {
		sendJson(response, 200, {object: 'list', data: DEMO_MODELS.map(modelObject)});
		return;
	}
	const modelPath = /^\/v1\/models\/(.+)$/.exec(path);
	if (method === 'GET' && modelPath) {
		const modelId = decodeURIComponent(modelPath[1]);
		const model = findDemoModel(modelId);
		if (model) sendJson(response, 200, modelObject(model));
		else sendJson(response, 404, modelNotFound(modelId));
		return;
	}
	request.resume();
	sendJson(response, 404, errorBody(`Invalid URL (${method} ${path || '/'})`));
}

function modelObject(model: DemoModel) {
	return {id: model.id, object: 'model', created: modelsCreatedAt, owned_by: 'arena-demo'};
}

function modelNotFound(modelId: string) {
	const available = DEMO_MODELS.map(model => model.id).join(', ');
	return errorBody(
		`The model \`${modelId}\` does not exist or you do not have access to it. The demo provider offers: ${available}.`,
		{code: 'model_not_found'},
	);
}

interface ChatRequest {
	model: DemoModel;
	messages: unknown[];
	stream: boolean;
	includeUsage: boolean;
	includeObfuscation: boolean;
	maxTokens: number | null;
	seed: number | null;
}

async function handleChatCompletion(
	request: IncomingMessage,
	response: ServerResponse,
	receivedAt: number,
	context: RequestContext,
): Promise<void> {
	const body = await readJsonBody(request);
	const parsed = parseChatRequest(body);
	if ('error' in parsed) {
		sendJson(response, parsed.status, parsed.error);
		return;
	}

	const chat = parsed.request;
	const random = createRandom(chat.seed ?? context.nextRequestSeed(chat.model.id));
	const answer = prepareAnswer(chat);
	const plan = planStream(chat.model, answer.pieces, random, context.pace);
	const identity: CompletionIdentity = {
		id: `chatcmpl-${randomId(random, 29)}`,
		created: Math.floor(Date.now() / 1000),
		model: chat.model.id,
		systemFingerprint: `fp_demo_${chat.model.id}`,
		reasoning: chat.model.reasoning,
	};
	const stat: DemoRequestStat = {
		model: chat.model.id,
		receivedAt,
		firstTokenAt: null,
		plannedTtftMs: plan.plannedTtftMs,
		tokens: 0,
		finishedAt: null,
		outcome: 'pending',
	};
	context.stats.push(stat);

	const generation: GenerationSetup = {
		response,
		receivedAt,
		plan,
		identity,
		stat,
		answer,
		chat,
		fullSpeed: context.pace.fullSpeed,
		activeGenerations: context.activeGenerations,
	};
	if (chat.stream) streamCompletion(generation);
	else respondWhenGenerated(generation);
}

type ParsedChatRequest = {request: ChatRequest} | {status: number; error: ReturnType<typeof errorBody>};

function parseChatRequest(body: unknown): ParsedChatRequest {
	const invalid = (message: string, param: string | null, code: string | null = null): ParsedChatRequest => ({
		status: 400,
		error: errorBody(message, {param, code}),
	});
	if (!isRecord(body)) return invalid('The request body must be a JSON object.', null);

	if (typeof body.model !== 'string' || body.model.length === 0) {
		return invalid('You must provide a model parameter.', 'model', 'missing_required_parameter');
	}
	const model = findDemoModel(body.model);
	if (!model) return {status: 404, error: modelNotFound(body.model)};

	if (!Array.isArray(body.messages)) {
		return invalid("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
	}
	if (body.messages.length === 0) {
		return invalid(
			"Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
			'messages',
			'empty_array',
		);
	}

	const stream = body.stream === true;
	const streamOptions = isRecord(body.stream_options) ? body.stream_options : null;
	if (streamOptions && !stream) {
		return invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
	}

	// max_completion_tokens is the newer name; both mean the same here.
	const maxTokensParam =
		body.max_completion_tokens !== undefined && body.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens';
	const maxTokensValue = body[maxTokensParam];
	let maxTokens: number | null = null;
	if (maxTokensValue !== undefined && maxTokensValue !== null) {
		if (typeof maxTokensValue !== 'number' || !Number.isInteger(maxTokensValue)) {
			return invalid(`Invalid type for '${maxTokensParam}': expected an integer.`, maxTokensParam, 'invalid_type');
		}
		if (maxTokensValue < 1) {
			return invalid(
				`Invalid '${maxTokensParam}': integer below minimum value. Expected a value >= 1, but got ${maxTokensValue} instead.`,
				maxTokensParam,
				'integer_below_min_value',
			);
		}
		maxTokens = maxTokensValue;
	}

	return {
		request: {
			model,
			messages: body.messages,
			stream,
			includeUsage: streamOptions?.include_usage === true,
			includeObfuscation: streamOptions?.include_obfuscation !== false,
			maxTokens,
			seed: typeof body.seed === 'number' && Number.isFinite(body.seed) ? body.seed : null,
		},
	};
}

interface PreparedAnswer {
	pieces: StreamPiece[];
	reasoning: string;
	content: string;
	finishReason: FinishReason;
	usage: CompletionUsage;
}

function prepareAnswer(chat: ChatRequest): PreparedAnswer {
	const modelId = chat.model.id;
	if (!isDemoModelId(modelId)) throw new Error(`No canned answers for demo model ${modelId}`);
	const composed = composeAnswer(modelId, lastUserText(chat.messages), countTokens);

	let reasoningPieces: readonly TokenPiece[] =
		chat.model.reasoning && composed.reasoning ? splitIntoTokenPieces(composed.reasoning) : [];
	let contentPieces = splitIntoTokenPieces(composed.content);
	if (composed.contentTokenTarget !== null) contentPieces = takeTokenBudget(contentPieces, composed.contentTokenTarget);

	// Like DeepSeek, max_tokens covers reasoning and answer together.
	let finishReason: FinishReason = 'stop';
	if (chat.maxTokens !== null) {
		const keptReasoning = takeTokenBudget(reasoningPieces, chat.maxTokens);
		const remaining = chat.maxTokens - countTokens(joinPieces(keptReasoning));
		const keptContent = keptReasoning.length < reasoningPieces.length ? [] : takeTokenBudget(contentPieces, remaining);
		if (keptReasoning.length < reasoningPieces.length || keptContent.length < contentPieces.length) finishReason = 'length';
		reasoningPieces = keptReasoning;
		contentPieces = keptContent;
	}

	const reasoning = joinPieces(reasoningPieces);
	const content = joinPieces(contentPieces);
	const pieces: StreamPiece[] = [
		...reasoningPieces.map(piece => ({...piece, kind: 'reasoning' as const})),
		...contentPieces.map(piece => ({...piece, kind: 'content' as const})),
	];
	// Counted on the text as sent, so usage matches what a client counts on what it received.
	const usage = buildUsage(countPromptTokens(chat.messages), countTokens(content), countTokens(reasoning));
	return {pieces, reasoning, content, finishReason, usage};
}

interface GenerationSetup {
	response: ServerResponse;
	receivedAt: number;
	plan: StreamPlan;
	identity: CompletionIdentity;
	stat: DemoRequestStat;
	answer: PreparedAnswer;
	chat: ChatRequest;
	fullSpeed: boolean;
	activeGenerations: Set<Generation>;
}

/**
 * Registers a generation so close() can cancel it, and ends it when the client
 * goes away. `onStop` clears whatever timers the caller holds.
 */
function trackGeneration(setup: GenerationSetup, onStop: () => void) {
	const {response, stat, activeGenerations} = setup;
	let stopped = false;
	const stop = (outcome: 'completed' | 'aborted') => {
		if (stopped) return;
		stopped = true;
		onStop();
		activeGenerations.delete(generation);
		stat.outcome = outcome;
		stat.finishedAt = performance.now();
	};
	const generation: Generation = {cancel: () => stop('aborted')};
	activeGenerations.add(generation);
	// 'close' also fires after a normal end; by then stop() has already run.
	response.on('close', () => stop('aborted'));
	if (response.destroyed) stop('aborted');
	return {stop, isStopped: () => stopped || response.destroyed || response.writableEnded};
}

function streamCompletion(setup: GenerationSetup): void {
	const {response, receivedAt, plan, identity, stat, answer, chat} = setup;
	const obfuscationRandom = createRandom(deriveSeed(identity.id));
	const chunkOptions = () => ({
		includeUsage: chat.includeUsage,
		obfuscation: chat.includeObfuscation ? randomId(obfuscationRandom, 1 + Math.floor(obfuscationRandom() * 12)) : undefined,
	});

	let timer: NodeJS.Timeout | undefined;
	const generation = trackGeneration(setup, () => {
		if (timer !== undefined) clearTimeout(timer);
		timer = undefined;
	});
	if (generation.isStopped()) return;

	response.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
		'x-request-id': `req_${identity.id.slice('chatcmpl-'.length)}`,
		'openai-model': identity.model,
	});
	response.flushHeaders();

	// The role chunk goes out with the first token, as OpenAI's does.
	const rolePrefix = () => (stat.firstTokenAt === null ? sseEvent(roleChunk(identity, chunkOptions())) : '');

	const writeChunk = (chunk: PlannedChunk): boolean => {
		const payload = rolePrefix() + sseEvent(deltaChunk(identity, chunk.kind, chunk.text, chunkOptions()));
		if (stat.firstTokenAt === null) stat.firstTokenAt = performance.now();
		stat.tokens += chunk.tokens;
		return response.write(payload);
	};

	const finish = () => {
		let payload = rolePrefix() + sseEvent(finishChunk(identity, answer.finishReason, chunkOptions()));
		if (chat.includeUsage) payload += sseEvent(usageChunk(identity, answer.usage, chunkOptions()));
		payload += sseDone;
		response.end(payload);
		stat.tokens = answer.usage.completion_tokens;
		generation.stop('completed');
	};

	let nextChunk = 0;
	const chunks = plan.chunks;

	if (setup.fullSpeed) {
		const writeAll = async () => {
			while (nextChunk < chunks.length) {
				if (generation.isStopped()) return;
				const batchEnd = Math.min(nextChunk + fullSpeedBatch, chunks.length);
				let writable = true;
				response.cork();
				while (nextChunk < batchEnd) writable = writeChunk(chunks[nextChunk++]) && writable;
				response.uncork();
				// No delays, but let parallel streams and the client's reads take turns.
				if (writable) await new Promise<void>(resolve => setImmediate(resolve));
				else await drainedOrClosed(response);
			}
			if (!generation.isStopped()) finish();
		};
		writeAll().catch(() => response.destroy());
		return;
	}

	// A tick may fire up to this much early (timers have 1 ms resolution).
	const earlyToleranceMs = 1;
	const writeDueChunks = () => {
		timer = undefined;
		if (generation.isStopped()) return;
		const now = performance.now();
		while (nextChunk < chunks.length && receivedAt + chunks[nextChunk].dueMs <= now + earlyToleranceMs) {
			writeChunk(chunks[nextChunk++]);
		}
		const dueAt = nextChunk < chunks.length ? receivedAt + chunks[nextChunk].dueMs : receivedAt + plan.totalMs;
		if (nextChunk >= chunks.length && dueAt <= now + earlyToleranceMs) {
			finish();
			return;
		}
		timer = setTimeout(writeDueChunks, Math.max(0, Math.floor(dueAt - performance.now())));
	};
	writeDueChunks();
}

function respondWhenGenerated(setup: GenerationSetup): void {
	const {response, receivedAt, plan, identity, stat, answer} = setup;
	let timer: NodeJS.Timeout | undefined;
	const generation = trackGeneration(setup, () => {
		if (timer !== undefined) clearTimeout(timer);
		timer = undefined;
	});
	if (generation.isStopped()) return;

	const respond = () => {
		timer = undefined;
		stat.firstTokenAt = performance.now();
		stat.tokens = answer.usage.completion_tokens;
		sendJson(response, 200, completionBody(identity, answer, answer.finishReason, answer.usage));
		generation.stop('completed');
	};
	if (setup.fullSpeed) respond();
	else timer = setTimeout(respond, Math.max(0, receivedAt + plan.totalMs - performance.now()));
}

function drainedOrClosed(response: ServerResponse): Promise<void> {
	return new Promise(resolve => {
		const settle = () => {
			response.off('drain', settle);
			response.off('close', settle);
			resolve();
		};
		response.on('drain', settle);
		response.on('close', settle);
	});
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > maxBodyBytes) throw new HttpError(413, `The request body is larger than ${maxBodyBytes} bytes.`);
		chunks.push(chunk);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new HttpError(
			400,
			"We could not parse the JSON body of your request. The OpenAI API expects a JSON payload; this demo server does too.",
		);
	}
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	if (response.headersSent || response.destroyed) return;
	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text)});
	response.end(text);
}

/** The text of the last user message; content may be a string or an array of typed parts. */
function lastUserText(messages: unknown[]): string {
	for (let index = messages.length - 1; index >= 0; index--) {
		const message = messages[index];
		if (isRecord(message) && message.role === 'user') return messageText(message);
	}
	return '';
}

function messageText(message: Record<string, unknown>): string {
	const {content} = message;
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map(part => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
		.join('');
}

// OpenAI's chat format adds a few tokens per message and for the reply primer.
const tokensPerMessage = 3;
const tokensForReplyPrimer = 3;

function countPromptTokens(messages: unknown[]): number {
	let total = tokensForReplyPrimer;
	for (const message of messages) {
		total += tokensPerMessage + (isRecord(message) ? countTokens(messageText(message)) : 0);
	}
	return total;
}

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(random: Random, length: number): string {
	let id = '';
	for (let index = 0; index < length; index++) id += idAlphabet[Math.floor(random() * idAlphabet.length)];
	return id;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
