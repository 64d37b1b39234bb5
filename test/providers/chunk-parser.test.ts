import {describe, expect, it} from 'vitest';
import {interpretChunk} from '../../source/providers/chunk-parser.js';
import type {StreamEvent} from '../../source/providers/types.js';

const AT = 42;

function parse(chunk: unknown) {
	const events: StreamEvent[] = [];
	const failure = interpretChunk(chunk, AT, events);
	return {events, failure};
}

function withDelta(delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}) {
	return {object: 'chat.completion.chunk', choices: [{index: 0, delta, finish_reason: finishReason}], ...extra};
}

describe('interpretChunk', () => {
	it('ignores role-only deltas, empty strings and nulls', () => {
		expect(parse(withDelta({role: 'assistant', content: ''})).events).toEqual([]);
		expect(parse(withDelta({role: 'assistant', content: null, reasoning_content: null})).events).toEqual([]);
		expect(parse(withDelta({})).events).toEqual([]);
		expect(parse({choices: [], usage: null}).events).toEqual([]);
		expect(parse('not an object').events).toEqual([]);
	});

	it('ignores finish_reason "" (old Ollama) and normalises "eos"', () => {
		expect(parse(withDelta({content: 'a'}, '')).events).toEqual([{type: 'content', at: AT, text: 'a'}]);
		expect(parse(withDelta({}, 'eos')).events).toEqual([{type: 'finish', at: AT, reason: 'stop'}]);
		expect(parse(withDelta({}, 'length')).events).toEqual([{type: 'finish', at: AT, reason: 'length'}]);
	});

	it('puts reasoning before content when one delta has both', () => {
		expect(parse(withDelta({reasoning: 'why', content: 'what'})).events).toEqual([
			{type: 'reasoning', at: AT, text: 'why'},
			{type: 'content', at: AT, text: 'what'},
		]);
	});

	it('does not double-count OpenRouter reasoning_details next to reasoning', () => {
		const delta = {reasoning: 'abc', reasoning_details: [{type: 'reasoning.text', text: 'abc'}]};
		expect(parse(withDelta(delta)).events).toEqual([{type: 'reasoning', at: AT, text: 'abc'}]);
	});

	it('uses reasoning_details alone when there is no plain reasoning, skipping encrypted parts', () => {
		const delta = {
			reasoning_details: [
				{type: 'reasoning.summary', summary: 'Plan: '},
				{type: 'reasoning.encrypted', data: 'c2VjcmV0'},
				{type: 'reasoning.text', text: 'go.'},
			],
		};
		expect(parse(withDelta(delta)).events).toEqual([{type: 'reasoning', at: AT, text: 'Plan: go.'}]);
	});

	it('splits Magistral typed parts in order, merging neighbours of one kind', () => {
		const content = [
			{type: 'thinking', thinking: [{type: 'text', text: 'a'}, {type: 'text', text: 'b'}]},
			{type: 'thinking', thinking: [{type: 'text', text: 'c'}]},
			{type: 'text', text: 'D'},
			{type: 'image_url', image_url: 'ignored'},
			{type: 'text', text: 'E'},
		];
		expect(parse(withDelta({content})).events).toEqual([
			{type: 'reasoning', at: AT, text: 'abc'},
			{type: 'content', at: AT, text: 'DE'},
		]);
	});

	it('reads usage from usage, x_groq.usage and timings', () => {
		const chunk = {
			choices: [],
			usage: {prompt_tokens: 1, completion_tokens: 2, completion_tokens_details: {reasoning_tokens: 1}, cost: 0.5},
			x_groq: {usage: {prompt_tokens: 3, completion_tokens: 4}},
			timings: {prompt_n: 5, predicted_n: 6},
		};
		expect(parse(chunk).events).toEqual([
			{type: 'usage', at: AT, source: 'usage', inputTokens: 1, outputTokens: 2, reasoningTokens: 1, cost: 0.5},
			{type: 'usage', at: AT, source: 'x_groq', inputTokens: 3, outputTokens: 4},
			{type: 'usage', at: AT, source: 'timings', inputTokens: 5, outputTokens: 6},
		]);
	});

	it('skips usage objects without any number', () => {
		expect(parse({choices: [], usage: {}}).events).toEqual([]);
		expect(parse({choices: [], timings: {predicted_per_second: 80}}).events).toEqual([]);
	});

	it('reports OpenRouter\'s finish_reason "error" and bare vLLM error objects as failures', () => {
		const openRouter = parse(withDelta({content: ''}, 'error', {error: {code: 502, message: 'gone'}}));
		expect(openRouter.events).toEqual([]);
		expect(openRouter.failure).toEqual({payload: {code: 502, message: 'gone'}});

		const vllm = {object: 'error', message: 'too long', type: 'BadRequestError', code: 400};
		expect(parse(vllm).failure).toEqual({payload: vllm});

		expect(parse(withDelta({}, 'error')).failure?.payload).toMatchObject({message: expect.stringContaining('finish_reason')});
	});

	it('keeps tokens that arrive in the same chunk as an error', () => {
		const {events, failure} = parse(withDelta({content: 'last words'}, null, {error: {message: 'cut'}}));
		expect(events).toEqual([{type: 'content', at: AT, text: 'last words'}]);
		expect(failure).toEqual({payload: {message: 'cut'}});
	});

	it('reads a non-streaming completion message and a refusal', () => {
		const completion = {choices: [{index: 0, message: {role: 'assistant', content: 'whole'}, finish_reason: 'stop'}]};
		expect(parse(completion).events).toEqual([
			{type: 'content', at: AT, text: 'whole'},
			{type: 'finish', at: AT, reason: 'stop'},
		]);
		expect(parse(withDelta({refusal: 'I cannot help with that.'})).events).toEqual([
			{type: 'content', at: AT, text: 'I cannot help with that.'},
		]);
	});
});
