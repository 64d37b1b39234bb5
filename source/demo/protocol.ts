/**
 * The JSON shapes of OpenAI's chat completions API, as the demo server writes
 * them. Field order and nulls follow what api.openai.com actually sends.
 */
import type {PieceKind} from './pacing.js';

export interface CompletionIdentity {
	id: string;
	created: number;
	model: string;
	systemFingerprint: string;
	/** Reasoning models also send `reasoning_content` (null while answering), like DeepSeek. */
	reasoning: boolean;
}

export interface CompletionUsage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
	prompt_tokens_details: {cached_tokens: number; audio_tokens: number};
	completion_tokens_details: {
		reasoning_tokens: number;
		audio_tokens: number;
		accepted_prediction_tokens: number;
		rejected_prediction_tokens: number;
	};
}

export type FinishReason = 'stop' | 'length';

interface ChunkOptions {
	includeUsage: boolean;
	/** OpenAI pads chunks with random characters so sizes don't leak the tokens. */
	obfuscation?: string;
}

function chunk(identity: CompletionIdentity, choices: unknown[], options: ChunkOptions, usage: CompletionUsage | null = null) {
	return {
		id: identity.id,
		object: 'chat.completion.chunk',
		created: identity.created,
		model: identity.model,
		service_tier: 'default',
		system_fingerprint: identity.systemFingerprint,
		choices,
		...(options.includeUsage ? {usage} : {}),
		...(options.obfuscation === undefined ? {} : {obfuscation: options.obfuscation}),
	};
}

export function roleChunk(identity: CompletionIdentity, options: ChunkOptions) {
	const delta = identity.reasoning
		? {role: 'assistant', content: '', reasoning_content: null, refusal: null}
		: {role: 'assistant', content: '', refusal: null};
	return chunk(identity, [{index: 0, delta, logprobs: null, finish_reason: null}], options);
}

export function deltaChunk(identity: CompletionIdentity, kind: PieceKind, text: string, options: ChunkOptions) {
	let delta: Record<string, string | null>;
	if (kind === 'reasoning') delta = {content: null, reasoning_content: text};
	else if (identity.reasoning) delta = {content: text, reasoning_content: null};
	else delta = {content: text};
	return chunk(identity, [{index: 0, delta, logprobs: null, finish_reason: null}], options);
}

export function finishChunk(identity: CompletionIdentity, finishReason: FinishReason, options: ChunkOptions) {
	return chunk(identity, [{index: 0, delta: {}, logprobs: null, finish_reason: finishReason}], options);
}

export function usageChunk(identity: CompletionIdentity, usage: CompletionUsage, options: ChunkOptions) {
	return chunk(identity, [], {...options, includeUsage: true}, usage);
}

export function buildUsage(promptTokens: number, contentTokens: number, reasoningTokens: number): CompletionUsage {
	const completionTokens = contentTokens + reasoningTokens;
	return {
		prompt_tokens: promptTokens,
		completion_tokens: completionTokens,
		total_tokens: promptTokens + completionTokens,
		prompt_tokens_details: {cached_tokens: 0, audio_tokens: 0},
		completion_tokens_details: {
			reasoning_tokens: reasoningTokens,
			audio_tokens: 0,
			accepted_prediction_tokens: 0,
			rejected_prediction_tokens: 0,
		},
	};
}

/** The body of a non-streaming completion. */
export function completionBody(
	identity: CompletionIdentity,
	answer: {content: string; reasoning: string},
	finishReason: FinishReason,
	usage: CompletionUsage,
) {
	const message = identity.reasoning
		? {role: 'assistant', content: answer.content, reasoning_content: answer.reasoning, refusal: null, annotations: []}
		: {role: 'assistant', content: answer.content, refusal: null, annotations: []};
	return {
		id: identity.id,
		object: 'chat.completion',
		created: identity.created,
		model: identity.model,
		choices: [{index: 0, message, logprobs: null, finish_reason: finishReason}],
		usage,
		service_tier: 'default',
		system_fingerprint: identity.systemFingerprint,
	};
}

export interface ApiErrorBody {
	error: {message: string; type: string; param: string | null; code: string | null};
}

export function errorBody(
	message: string,
	options: {type?: string; param?: string | null; code?: string | null} = {},
): ApiErrorBody {
	return {
		error: {
			message,
			type: options.type ?? 'invalid_request_error',
			param: options.param ?? null,
			code: options.code ?? null,
		},
	};
}

/** One server-sent event carrying a JSON payload. */
export function sseEvent(payload: unknown): string {
	return `data: ${JSON.stringify(payload)}\n\n`;
}

export const sseDone = 'data: [DONE]\n\n';
