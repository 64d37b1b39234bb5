/**
 * One parsed `chat.completion.chunk` -> the events it carries. Pure and
 * lenient: every server variation in PROVIDERS.md is handled here, and any
 * field we do not know is ignored rather than trusted.
 */
import type {StreamEvent, UsageSource} from './types.js';

/** The chunk itself reports a failure; the stream must end with an error. */
export interface ChunkFailure {
	payload: unknown;
}

type JsonRecord = Record<string, unknown>;

/**
 * Appends the chunk's events to `events` (reasoning and content first, then
 * usage, then finish). The caller supplies and reuses the array because this
 * runs for every token of every stream.
 */
export function interpretChunk(chunk: unknown, at: number, events: StreamEvent[]): ChunkFailure | undefined {
	if (!isRecord(chunk)) return undefined;

	// vLLM (some versions) and a few proxies send a bare error object as a data line.
	if (chunk.object === 'error') return {payload: chunk};

	let failure: ChunkFailure | undefined;

	const choice = firstChoice(chunk.choices);
	if (choice) {
		// Non-streaming bodies (a server that ignored stream:true) use `message`.
		const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : undefined;
		if (delta) appendDeltaText(delta, at, events);
		else if (typeof choice.text === 'string' && choice.text) events.push({type: 'content', at, text: choice.text});
	}

	appendUsage(chunk, at, events);

	const finishReason = choice?.finish_reason;
	if (typeof finishReason === 'string' && finishReason) {
		if (finishReason === 'error') {
			// OpenRouter: a normal-looking chunk with a top-level `error` and finish_reason "error".
			failure = {payload: chunk.error ?? {message: 'the provider stopped the stream with finish_reason "error"'}};
		} else {
			events.push({type: 'finish', at, reason: normaliseFinishReason(finishReason)});
		}
	} else if (chunk.error) {
		failure = {payload: chunk.error};
	}

	return failure;
}

/** Together says "eos" where everyone else says "stop". */
export function normaliseFinishReason(reason: string): string {
	return reason === 'eos' ? 'stop' : reason;
}

function appendDeltaText(delta: JsonRecord, at: number, events: StreamEvent[]): void {
	const reasoning = reasoningText(delta);
	if (reasoning) events.push({type: 'reasoning', at, text: reasoning});

	const content = delta.content;
	if (typeof content === 'string') {
		if (content) events.push({type: 'content', at, text: content});
	} else if (Array.isArray(content)) {
		appendTypedParts(content, at, events);
	}

	// A refusal is the model's answer to the user, so it is shown as content.
	if (typeof delta.refusal === 'string' && delta.refusal) {
		events.push({type: 'content', at, text: delta.refusal});
	}
}

/**
 * DeepSeek uses `reasoning_content`; OpenRouter, vLLM and Ollama use
 * `reasoning`. OpenRouter may repeat the same text in `reasoning_details[]`,
 * so the details are read only when neither plain field has text.
 */
function reasoningText(delta: JsonRecord): string | undefined {
	if (typeof delta.reasoning_content === 'string' && delta.reasoning_content) return delta.reasoning_content;
	if (typeof delta.reasoning === 'string' && delta.reasoning) return delta.reasoning;
	if (Array.isArray(delta.reasoning_details)) {
		let text = '';
		for (const detail of delta.reasoning_details) {
			if (!isRecord(detail)) continue;
			// reasoning.encrypted carries opaque `data`, which is not for display.
			if (typeof detail.text === 'string') text += detail.text;
			else if (typeof detail.summary === 'string') text += detail.summary;
		}
		return text || undefined;
	}
	return undefined;
}

/**
 * Mistral Magistral: `content` is a list like
 * `[{type:"thinking", thinking:[{type:"text", text}]}, {type:"text", text}]`.
 * Adjacent parts of the same kind are merged so one chunk gives at most one
 * event per kind change.
 */
function appendTypedParts(parts: unknown[], at: number, events: StreamEvent[]): void {
	let pendingKind: 'content' | 'reasoning' | undefined;
	let pendingText = '';
	const push = (kind: 'content' | 'reasoning', text: string) => {
		if (!text) return;
		if (pendingKind !== kind && pendingText) {
			events.push({type: pendingKind!, at, text: pendingText});
			pendingText = '';
		}
		pendingKind = kind;
		pendingText += text;
	};

	for (const part of parts) {
		if (typeof part === 'string') {
			push('content', part);
			continue;
		}
		if (!isRecord(part)) continue;
		if (part.type === 'thinking' || part.type === 'reasoning') {
			push('reasoning', nestedText(part.thinking ?? part.reasoning ?? part.text));
		} else if (part.type === 'text' || part.type === undefined) {
			if (typeof part.text === 'string') push('content', part.text);
		}
	}
	if (pendingKind && pendingText) events.push({type: pendingKind, at, text: pendingText});
}

function nestedText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return value.map(nestedText).join('');
	if (isRecord(value) && typeof value.text === 'string') return value.text;
	return '';
}

function appendUsage(chunk: JsonRecord, at: number, events: StreamEvent[]): void {
	if (isRecord(chunk.usage)) pushUsage('usage', chunk.usage, at, events);
	if (isRecord(chunk.x_groq) && isRecord(chunk.x_groq.usage)) pushUsage('x_groq', chunk.x_groq.usage, at, events);
	if (isRecord(chunk.timings)) {
		const outputTokens = finiteNumber(chunk.timings.predicted_n);
		if (outputTokens !== undefined) {
			const inputTokens = finiteNumber(chunk.timings.prompt_n);
			events.push(
				inputTokens === undefined
					? {type: 'usage', at, source: 'timings', outputTokens}
					: {type: 'usage', at, source: 'timings', outputTokens, inputTokens},
			);
		}
	}
}

function pushUsage(source: UsageSource, usage: JsonRecord, at: number, events: StreamEvent[]): void {
	const details = isRecord(usage.completion_tokens_details)
		? usage.completion_tokens_details
		: isRecord(usage.output_tokens_details)
			? usage.output_tokens_details
			: undefined;
	const fields = {
		outputTokens: finiteNumber(usage.completion_tokens) ?? finiteNumber(usage.output_tokens),
		inputTokens: finiteNumber(usage.prompt_tokens) ?? finiteNumber(usage.input_tokens),
		reasoningTokens: details ? finiteNumber(details.reasoning_tokens) : undefined,
		cost: finiteNumber(usage.cost),
	};
	const event: Extract<StreamEvent, {type: 'usage'}> = {type: 'usage', at, source};
	let hasAny = false;
	for (const [key, value] of Object.entries(fields) as Array<[keyof typeof fields, number | undefined]>) {
		if (value === undefined) continue;
		event[key] = value;
		hasAny = true;
	}
	if (hasAny) events.push(event);
}

function firstChoice(choices: unknown): JsonRecord | undefined {
	if (!Array.isArray(choices) || choices.length === 0) return undefined;
	// We never ask for n > 1, but a server could still label choices; take index 0.
	const labelled = choices.find(choice => isRecord(choice) && choice.index === 0);
	const choice = labelled ?? choices[0];
	return isRecord(choice) ? choice : undefined;
}

function finiteNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
