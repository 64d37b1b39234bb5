import {afterEach, describe, expect, it} from 'vitest';
import {allModelsStreaming} from '../helpers/engine-events.js';
import {ArenaRun} from '../../source/core/engine.js';
import type {RunTarget} from '../../source/core/types.js';
import {
	contentChunk,
	errorPayload,
	finishChunk,
	roleChunk,
	type ScriptedServer,
	startScriptedServer,
	streamScript,
} from '../helpers/sse-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

function targets(baseURL: string, models: string[]): RunTarget[] {
	return models.map(model => ({spec: `local:${model}`, provider: 'local', model, endpoint: {name: 'local', baseURL}}));
}

const params = {messages: [{role: 'user' as const, content: 'hi'}], idleTimeoutMs: 400, maxRetries: 0};

describe('ArenaRun over a real loopback server and the real SDK', () => {
	it('keeps every failure with its own model while the healthy one finishes with its metrics', async () => {
		server = await startScriptedServer(request => {
			switch (request.model) {
				case 'good':
					return [{delayMs: 120}, ...streamScript(['Hello', ', ', 'world'], {delayBetweenMs: 20, usage: {completion_tokens: 3, prompt_tokens: 5}})];
				case 'unauthorized':
					return [{status: 401, body: {error: {message: 'Incorrect API key provided', type: 'invalid_request_error'}}}];
				case 'gateway':
					return [{status: 502, headers: {'content-type': 'text/html'}, body: '<html><body><h1>502 Bad Gateway</h1></body></html>'}];
				case 'midstream':
					return [{chunk: roleChunk()}, {chunk: contentChunk('partial ')}, {chunk: errorPayload('The server had an error while processing your request')}];
				case 'reset':
					return [{chunk: roleChunk()}, {chunk: contentChunk('half an ans')}, {delayMs: 20}, {destroy: true}];
				case 'eof':
					return [{chunk: roleChunk()}, {chunk: contentChunk('cut off')}];
				case 'silent':
					return [{chunk: roleChunk()}, {chunk: contentChunk('then nothing')}, {keepOpen: true}];
				case 'done-open':
					return [{chunk: roleChunk()}, {chunk: contentChunk('complete')}, {chunk: finishChunk('stop')}, {done: true}, {keepOpen: true}];
				default:
					return [{status: 404, body: {error: {message: 'no such model'}}}];
			}
		});
		const models = ['good', 'unauthorized', 'gateway', 'midstream', 'reset', 'eof', 'silent', 'done-open'];
		const run = new ArenaRun(targets(server.baseURL, models), params, {countTokens: text => text.length});
		const started = performance.now();
		const results = await run.start();
		const byModel = Object.fromEntries(results.map(result => [result.model, result]));

		expect(byModel['good']).toMatchObject({state: 'done', text: 'Hello, world', output_tokens: 3, tokens_estimated: false, finish_reason: 'stop', error: null});
		// The server waited 120 ms before the first token; TTFT cannot be less.
		expect(byModel['good']!.ttft_ms).toBeGreaterThanOrEqual(120);
		expect(byModel['good']!.tokens_per_s).toBeGreaterThan(0);

		expect(byModel['unauthorized']!.error).toEqual({message: expect.stringMatching(/^HTTP 401.*Incorrect API key provided/), status: 401});
		expect(byModel['gateway']!.error!.message).toMatch(/^HTTP 502/);
		expect(byModel['gateway']!.error!.message).not.toMatch(/<html|<body|<h1/i);
		expect(byModel['midstream']).toMatchObject({state: 'error', text: 'partial '});
		expect(byModel['midstream']!.error!.message).toMatch(/The server had an error/);
		expect(byModel['reset']).toMatchObject({state: 'error', text: 'half an ans'});
		expect(byModel['eof']).toMatchObject({state: 'error', text: 'cut off'});
		expect(byModel['eof']!.error!.message).toMatch(/ended before the model finished/);
		expect(byModel['silent']).toMatchObject({state: 'error', text: 'then nothing'});
		expect(byModel['silent']!.error!.message).toMatch(/idle timeout/);
		expect(byModel['done-open']).toMatchObject({state: 'done', text: 'complete', error: null});

		for (const result of results) expect(result.error?.message ?? '').not.toMatch(/\n/);
		// Nothing waited on the sockets that stayed open beyond the idle timeout.
		expect(performance.now() - started).toBeLessThan(3000);
	});

	it('measures TTFT from before the request, including a rate-limit retry', async () => {
		let attempts = 0;
		server = await startScriptedServer(() => {
			attempts += 1;
			if (attempts === 1) return [{status: 429, headers: {'retry-after': '1'}, body: {error: {message: 'Rate limit reached'}}}];
			return streamScript(['ok'], {usage: {completion_tokens: 1}});
		});
		const run = new ArenaRun(targets(server.baseURL, ['m']), {...params, maxRetries: 2}, {countTokens: text => text.length});
		const retries: number[] = [];
		run.subscribe(event => {
			if (event.type === 'stream' && event.event.type === 'retry') retries.push(event.event.delayMs);
		});
		const [result] = await run.start();
		expect(result).toMatchObject({state: 'done', text: 'ok', retries: 1});
		expect(retries).toEqual([1000]);
		expect(result!.ttft_ms).toBeGreaterThanOrEqual(1000);
	});

	it('cancels every in-flight stream at once and reports them cancelled', async () => {
		server = await startScriptedServer(() => [{chunk: roleChunk()}, {chunk: contentChunk('started')}, {keepOpen: true}]);
		const controller = new AbortController();
		const run = new ArenaRun(targets(server.baseURL, ['a', 'b', 'c']), {...params, idleTimeoutMs: 60_000}, {
			signal: controller.signal,
			countTokens: text => text.length,
		});
		const done = run.start();
		// Cancel once every model is mid-stream.
		await allModelsStreaming(run);
		const abortedAt = performance.now();
		controller.abort();
		const results = await done;
		expect(performance.now() - abortedAt).toBeLessThan(500);
		expect(results.map(result => [result.state, result.text])).toEqual([
			['cancelled', 'started'],
			['cancelled', 'started'],
			['cancelled', 'started'],
		]);
	});
});
