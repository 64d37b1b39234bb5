import {describe, expect, it} from 'vitest';
import {decodeRate, ModelRunAccumulator} from '../../source/core/metrics.js';
import type {RunTarget} from '../../source/core/types.js';
import type {StreamEvent} from '../../source/providers/types.js';

const target: RunTarget = {spec: 'p:m', provider: 'p', model: 'm', endpoint: {name: 'p', baseURL: 'http://127.0.0.1:1/v1'}};

function fold(events: StreamEvent[]) {
	const accumulator = new ModelRunAccumulator(target);
	for (const event of events) accumulator.apply(event);
	return accumulator;
}

describe('ModelRunAccumulator', () => {
	it('measures TTFT from the request to the first token of any kind, and first answer token separately', () => {
		const result = fold([
			{type: 'request', at: 1000},
			{type: 'reasoning', at: 1250, text: 'hmm'},
			{type: 'reasoning', at: 1300, text: ' ok'},
			{type: 'content', at: 1700, text: 'Answer'},
			{type: 'content', at: 1800, text: '!'},
			{type: 'finish', at: 1801, reason: 'stop'},
			{type: 'usage', at: 1802, source: 'usage', outputTokens: 41, inputTokens: 12, reasoningTokens: 30},
			{type: 'end', at: 1810},
		]).result();
		expect(result.ttft_ms).toBe(250);
		expect(result.first_content_ms).toBe(700);
		expect(result.total_ms).toBe(810);
		expect(result.output_tokens).toBe(41);
		expect(result.tokens_estimated).toBe(false);
		// (41 - 1) tokens over the 550 ms between the first and last token.
		expect(result.tokens_per_s).toBeCloseTo(40 / 0.55, 1);
		expect(result.text).toBe('Answer!');
		expect(result.reasoning).toBe('hmm ok');
		expect(result.finish_reason).toBe('stop');
		expect(result.state).toBe('done');
		expect(result.error).toBeNull();
	});

	it('keeps TTFT out of the decode speed', () => {
		// A slow start (5 s) must not drag tokens/s down.
		expect(decodeRate(101, 5000, 6000)).toBe(100);
		expect(decodeRate(1, 5000, 6000)).toBeNull();
		expect(decodeRate(10, 5000, 5000)).toBeNull();
	});

	it('computes inter-token gap percentiles from arrival times', () => {
		const events: StreamEvent[] = [{type: 'request', at: 0}];
		// 100 gaps: 99 of 10 ms and one stall of 500 ms.
		let at = 100;
		events.push({type: 'content', at, text: 'x'});
		for (let index = 0; index < 100; index++) {
			at += index === 50 ? 500 : 10;
			events.push({type: 'content', at, text: 'x'});
		}
		events.push({type: 'finish', at, reason: 'stop'}, {type: 'end', at});
		const result = fold(events).result(text => text.length);
		expect(result.itl_p50_ms).toBe(10);
		expect(result.itl_p99_ms).toBeGreaterThan(10);
		expect(result.itl_p99_ms).toBeLessThanOrEqual(500);
	});

	it('counts tokens locally and marks them estimated when the server sends no usage', () => {
		const result = fold([
			{type: 'request', at: 0},
			{type: 'reasoning', at: 10, text: 'abc'},
			{type: 'content', at: 20, text: 'hello'},
			{type: 'content', at: 30, text: 'world'},
			{type: 'end', at: 40},
		]).result(text => text.length);
		expect(result.output_tokens).toBe(13);
		expect(result.tokens_estimated).toBe(true);
		expect(result.finish_reason).toBeNull();
	});

	it('keeps the partial text and a one-line error when a stream fails', () => {
		const result = fold([
			{type: 'request', at: 0},
			{type: 'content', at: 10, text: 'partial'},
			{type: 'error', at: 50, message: 'connection lost mid-stream', status: 502},
		]).result(text => text.length);
		expect(result.state).toBe('error');
		expect(result.text).toBe('partial');
		expect(result.error).toEqual({message: 'connection lost mid-stream', status: 502});
		expect(result.total_ms).toBe(50);
	});

	it('reports a cancelled model as cancelled, not as a model error', () => {
		const result = fold([{type: 'request', at: 0}, {type: 'error', at: 5, message: 'cancelled'}]).result();
		expect(result.state).toBe('cancelled');
		expect(result.ttft_ms).toBeNull();
		expect(result.output_tokens).toBeNull();
	});

	it('shows live state, elapsed time and a retry countdown', () => {
		const accumulator = fold([
			{type: 'request', at: 0},
			{type: 'retry', at: 100, attempt: 1, delayMs: 3000, reason: 'HTTP 429: rate limited', status: 429},
		]);
		let view = accumulator.live(400);
		expect(view.state).toBe('waiting');
		expect(view.elapsed_ms).toBe(400);
		expect(view.retry).toEqual({attempt: 1, resumesAt: 3100, reason: 'HTTP 429: rate limited'});
		accumulator.apply({type: 'reasoning', at: 3200, text: 'think'});
		view = accumulator.live(3300);
		expect(view.state).toBe('thinking');
		expect(view.retry).toBeNull();
		accumulator.apply({type: 'content', at: 3400, text: 'a b c'});
		view = accumulator.live(3500, text => text.split(' ').length);
		expect(view.state).toBe('streaming');
		expect(view.output_tokens).toBe(1 + 3);
		expect(view.tokens_estimated).toBe(true);
		// TTFT includes the time spent waiting for the retry.
		expect(view.ttft_ms).toBe(3200);
		expect(accumulator.result().retries).toBe(1);
	});

	it('counts live tokens incrementally as text arrives', () => {
		const accumulator = fold([{type: 'request', at: 0}, {type: 'content', at: 1, text: 'one two'}]);
		const count = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;
		expect(accumulator.live(2, count).output_tokens).toBe(2);
		accumulator.apply({type: 'content', at: 3, text: ' three four'});
		expect(accumulator.live(4, count).output_tokens).toBe(4);
		accumulator.apply({type: 'usage', at: 5, source: 'usage', outputTokens: 7});
		const view = accumulator.live(6, count);
		expect(view.output_tokens).toBe(7);
		expect(view.tokens_estimated).toBe(false);
	});

	it('counts TTFT from the moment the request was handed to the network, once the provider knows it', () => {
		const result = fold([
			{type: 'request', at: 1000},
			{type: 'request', at: 1004, refined: true},
			{type: 'content', at: 1104, text: 'x'},
			{type: 'end', at: 1110},
		]).result(text => text.length);
		expect(result.ttft_ms).toBe(100);
		expect(result.total_ms).toBe(106);
	});

	it('never moves the start after a retry, so the wait stays in TTFT', () => {
		const result = fold([
			{type: 'request', at: 0},
			{type: 'retry', at: 10, attempt: 1, delayMs: 500, reason: 'HTTP 429'},
			{type: 'request', at: 520, refined: true},
			{type: 'content', at: 600, text: 'x'},
			{type: 'end', at: 610},
		]).result(text => text.length);
		expect(result.ttft_ms).toBe(600);
	});
});
