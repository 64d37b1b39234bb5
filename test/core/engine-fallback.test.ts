import {afterEach, describe, expect, it} from 'vitest';
import {ArenaRun} from '../../source/core/engine.js';
import {ModelRunAccumulator} from '../../source/core/metrics.js';
import type {EngineEvent, RunTarget} from '../../source/core/types.js';
import {contentChunk, errorPayload, roleChunk, type ScriptedServer, startScriptedServer, streamScript} from '../helpers/sse-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

function member(baseURL: string, model: string): RunTarget {
	return {spec: `local:${model}`, provider: 'local', model, endpoint: {name: 'local', baseURL}};
}

function chain(baseURL: string, name: string, models: string[]): RunTarget {
	const members = models.map(model => member(baseURL, model));
	return {spec: `chain:${name}`, provider: 'chain', model: name, endpoint: members[0]!.endpoint, chain: {name, members}};
}

const messages = [{role: 'user' as const, content: 'write a haiku'}];

describe('a fallback chain over a real loopback server', () => {
	it('moves to the next model on a 503 before the first token, with the same messages', async () => {
		server = await startScriptedServer(request =>
			request.model === 'down'
				? [{delayMs: 80}, {status: 503, body: {error: {message: 'overloaded'}}}]
				: streamScript(['fine ', 'answer'], {usage: {completion_tokens: 2, prompt_tokens: 4}}),
		);
		const events: EngineEvent[] = [];
		const run = new ArenaRun([chain(server.baseURL, 'coder', ['down', 'up'])], {messages, idleTimeoutMs: 2000, maxRetries: 0});
		run.subscribe(event => events.push(event));
		const [result] = await run.start();

		expect(result).toMatchObject({
			spec: 'chain:coder',
			state: 'done',
			text: 'fine answer',
			served_spec: 'local:up',
			fallbacks: [{spec: 'local:down', error_status: 503}],
			error: null,
		});
		expect(result!.fallbacks![0]!.error_message).toContain('overloaded');
		// The 503 took at least 80 ms; TTFT counts from the first member's request.
		expect(result!.ttft_ms).toBeGreaterThanOrEqual(80);
		expect(server.requests.map(request => request.model)).toEqual(['down', 'up']);
		expect(server.requests[1]!.body.messages).toEqual(server.requests[0]!.body.messages);
		expect(events.filter(event => event.type === 'fallback')).toEqual([
			expect.objectContaining({failedSpec: 'local:down', servedSpec: 'local:up', status: 503}),
		]);
		// The member's failure never surfaced as the chain's own error.
		expect(events.some(event => event.type === 'stream' && event.event.type === 'error')).toBe(false);
	});

	it('falls back when the first model stalls past the idle timeout, and the stall shows in TTFT', async () => {
		server = await startScriptedServer(request =>
			request.model === 'stalls' ? [{head: {status: 200}}, {keepOpen: true}] : streamScript(['late but ', 'here']),
		);
		const idleTimeoutMs = 250;
		const run = new ArenaRun([chain(server.baseURL, 'coder', ['stalls', 'up'])], {messages, idleTimeoutMs, maxRetries: 0}, {countTokens: text => text.length});
		const [result] = await run.start();

		expect(result).toMatchObject({state: 'done', text: 'late but here', served_spec: 'local:up'});
		expect(result!.fallbacks).toHaveLength(1);
		expect(result!.fallbacks![0]).toMatchObject({spec: 'local:stalls', error_status: null});
		expect(result!.fallbacks![0]!.error_message).toMatch(/idle|no data|silent|timed out/i);
		expect(result!.ttft_ms).toBeGreaterThanOrEqual(idleTimeoutMs);
		expect(result!.total_ms).toBeGreaterThanOrEqual(result!.ttft_ms!);
	});

	it('reports a failure after the first token and does not try the next model', async () => {
		server = await startScriptedServer(request =>
			request.model === 'breaks'
				? [{chunk: roleChunk()}, {chunk: contentChunk('partial ')}, {chunk: errorPayload('The server had an error')}]
				: streamScript(['never']),
		);
		const run = new ArenaRun([chain(server.baseURL, 'coder', ['breaks', 'up'])], {messages, idleTimeoutMs: 2000, maxRetries: 0}, {countTokens: text => text.length});
		const [result] = await run.start();

		expect(result).toMatchObject({state: 'error', text: 'partial ', served_spec: 'local:breaks', fallbacks: []});
		expect(server.requests.map(request => request.model)).toEqual(['breaks']);
	});

	it('reports the last failure when every model fails before its first token', async () => {
		server = await startScriptedServer(request => [{status: request.model === 'a' ? 503 : 502, body: {error: {message: 'down'}}}]);
		const run = new ArenaRun([chain(server.baseURL, 'coder', ['a', 'b'])], {messages, idleTimeoutMs: 2000, maxRetries: 0});
		const [result] = await run.start();

		expect(result).toMatchObject({state: 'error', served_spec: 'local:b', fallbacks: [{spec: 'local:a', error_status: 503}]});
		expect(result!.error?.status).toBe(502);
	});

	it('leaves plain models as they were: served by themselves, no fallbacks', async () => {
		server = await startScriptedServer(() => streamScript(['ok']));
		const run = new ArenaRun([member(server.baseURL, 'plain')], {messages, idleTimeoutMs: 2000, maxRetries: 0}, {countTokens: text => text.length});
		const [result] = await run.start();
		expect(result).toMatchObject({state: 'done', served_spec: 'local:plain', fallbacks: []});
	});
});

describe('the accumulator across a fallback', () => {
	it('keeps the first request as the start: a later member\'s stamps, refined or not, never move it', () => {
		const target = chain('http://127.0.0.1:9/v1', 'coder', ['a', 'b']);
		const accumulator = new ModelRunAccumulator(target);
		accumulator.apply({type: 'request', at: 1000});
		accumulator.apply({type: 'request', at: 1010, refined: true});
		accumulator.fallBack(target.chain!.members[1]!, {message: 'HTTP 503', status: 503});
		accumulator.apply({type: 'request', at: 1500});
		accumulator.apply({type: 'request', at: 1510, refined: true});
		accumulator.apply({type: 'content', at: 1600, text: 'hi'});
		accumulator.apply({type: 'end', at: 1700});
		const result = accumulator.result(text => text.length);
		expect(result.ttft_ms).toBe(590);
		expect(result.total_ms).toBe(690);
		expect(result.served_spec).toBe('local:b');
		expect(result.fallbacks).toEqual([{spec: 'local:a', error_message: 'HTTP 503', error_status: 503}]);
	});

	it('refuses to fall back once a token has arrived', () => {
		const target = chain('http://127.0.0.1:9/v1', 'coder', ['a', 'b']);
		const accumulator = new ModelRunAccumulator(target);
		accumulator.apply({type: 'request', at: 0});
		accumulator.apply({type: 'reasoning', at: 10, text: 'hmm'});
		expect(() => accumulator.fallBack(target.chain!.members[1]!, {message: 'x'})).toThrow(/first token/);
	});
});
