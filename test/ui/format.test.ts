import {expect, test} from 'vitest';
import type {LiveModelView} from '../../source/core/metrics.js';
import {formatElapsed, formatLatency, formatRate, formatTokens, stateLabel} from '../../source/ui/format.js';

const view = (overrides: Partial<LiveModelView>): LiveModelView => ({
	target: {spec: 'p:m', provider: 'p', model: 'm', endpoint: {name: 'p', baseURL: 'http://127.0.0.1:1/v1'}},
	state: 'streaming',
	text: '',
	reasoning: '',
	ttft_ms: null,
	first_content_ms: null,
	elapsed_ms: 0,
	output_tokens: 0,
	tokens_estimated: true,
	tokens_per_s: null,
	finish_reason: null,
	error: null,
	retry: null,
	...overrides,
});

test('latencies read in ms below a second, seconds above', () => {
	expect(formatLatency(null)).toBe('—');
	expect(formatLatency(249.6)).toBe('250 ms');
	expect(formatLatency(1234)).toBe('1.23 s');
	expect(formatElapsed(3210)).toBe('3.2 s');
	expect(formatElapsed(65_000)).toBe('1m 05s');
});

test('rates and token counts; a local count is marked with ~', () => {
	expect(formatRate(null)).toBe('— tok/s');
	expect(formatRate(49.96)).toBe('50.0 tok/s');
	expect(formatTokens(1234, true)).toBe('~1,234 tok');
	expect(formatTokens(1234, false)).toBe('1,234 tok');
});

test('the state label counts down a retry and notes a truncated answer', () => {
	const now = 10_000;
	expect(stateLabel(view({retry: {attempt: 1, resumesAt: now + 2500, reason: '429 Too Many Requests'}}), now)).toBe(
		'rate limited, retrying in 3s',
	);
	expect(stateLabel(view({retry: {attempt: 1, resumesAt: now + 900, reason: '503 upstream busy'}}), now)).toBe(
		'retrying in 1s: 503 upstream busy',
	);
	expect(stateLabel(view({state: 'done', finish_reason: 'length'}), now)).toBe('done (length)');
	expect(stateLabel(view({state: 'done', finish_reason: 'stop'}), now)).toBe('done');
});
