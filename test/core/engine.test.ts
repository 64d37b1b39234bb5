import {describe, expect, it} from 'vitest';
import {allModelsStreaming} from '../helpers/engine-events.js';
import {ArenaRun, type StreamFunction} from '../../source/core/engine.js';
import type {EngineEvent, RunTarget} from '../../source/core/types.js';
import type {StreamEvent, StreamRequest} from '../../source/providers/types.js';

function target(model: string): RunTarget {
	return {spec: `fake:${model}`, provider: 'fake', model, endpoint: {name: 'fake', baseURL: 'http://127.0.0.1:1/v1'}};
}

const params = {messages: [{role: 'user' as const, content: 'hi'}], idleTimeoutMs: 1000};
const wait = (ms: number, signal?: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		});
	});

/** A fake provider whose behaviour per model is scripted by the test. */
function scripted(scripts: Record<string, (request: StreamRequest) => AsyncGenerator<StreamEvent>>): StreamFunction {
	return request => scripts[request.model]!(request);
}

async function* answer(words: string[], gapMs: number, request: StreamRequest): AsyncGenerator<StreamEvent> {
	yield {type: 'request', at: performance.now()};
	for (const word of words) {
		await wait(gapMs, request.signal);
		if (request.signal.aborted) {
			yield {type: 'error', at: performance.now(), message: 'cancelled'};
			return;
		}
		yield {type: 'content', at: performance.now(), text: word};
	}
	yield {type: 'finish', at: performance.now(), reason: 'stop'};
	yield {type: 'usage', at: performance.now(), source: 'usage', outputTokens: words.length};
	yield {type: 'end', at: performance.now()};
}

describe('ArenaRun', () => {
	it('runs every model concurrently, not one after another', async () => {
		const run = new ArenaRun([target('a'), target('b'), target('c')], params, {
			stream: request => answer(['x', 'y', 'z'], 100, request),
		});
		const started = performance.now();
		const results = await run.start();
		const elapsed = performance.now() - started;
		expect(results.map(result => result.state)).toEqual(['done', 'done', 'done']);
		// Three models of ~300 ms each: concurrent is ~300 ms, sequential would be ~900 ms.
		expect(elapsed).toBeLessThan(800);
		expect(results[0]!.text).toBe('xyz');
		expect(results[0]!.output_tokens).toBe(3);
	});

	it('keeps a failure with its own model while the others finish', async () => {
		const run = new ArenaRun([target('good'), target('bad'), target('throws')], params, {
			stream: scripted({
				good: request => answer(['fine'], 10, request),
				async *bad() {
					yield {type: 'request', at: performance.now()};
					yield {type: 'content', at: performance.now(), text: 'half'};
					yield {type: 'error', at: performance.now(), message: 'HTTP 500: boom', status: 500};
				},
				// A bug in a provider must not take the run down.
				// eslint-disable-next-line require-yield
				async *throws() {
					throw new Error('unexpected failure\nwith a stack');
				},
			}),
			countTokens: text => text.length,
		});
		const results = await run.start();
		expect(results[0]).toMatchObject({state: 'done', text: 'fine', error: null});
		expect(results[1]).toMatchObject({state: 'error', text: 'half', error: {message: 'HTTP 500: boom', status: 500}});
		expect(results[2]).toMatchObject({state: 'error', error: {message: 'unexpected failure', status: null}});
	});

	it('cancels every stream at once through one signal', async () => {
		const controller = new AbortController();
		const run = new ArenaRun([target('a'), target('b')], params, {
			signal: controller.signal,
			stream: request => answer(Array.from({length: 1000}, () => 'w'), 20, request),
			countTokens: text => text.length,
		});
		const done = run.start();
		// Cancel once every model is mid-stream.
		await allModelsStreaming(run);
		const cancelledAt = performance.now();
		controller.abort();
		const results = await done;
		expect(performance.now() - cancelledAt).toBeLessThan(200);
		expect(results.map(result => result.state)).toEqual(['cancelled', 'cancelled']);
		expect(results.every(result => result.text.length > 0)).toBe(true);
	});

	it('tells subscribers about every event, each model finishing, and the end of the run', async () => {
		const run = new ArenaRun([target('a'), target('b')], params, {stream: request => answer(['1', '2'], 5, request)});
		const seen: EngineEvent[] = [];
		run.subscribe(event => seen.push(event));
		await run.start();
		expect(seen.filter(event => event.type === 'model-done').map(event => (event as {index: number}).index).sort()).toEqual([0, 1]);
		expect(seen.at(-1)?.type).toBe('run-done');
		expect(seen.filter(event => event.type === 'stream' && event.event.type === 'content')).toHaveLength(4);
		expect(run.version).toBe(seen.length);
		const views = run.snapshot();
		expect(views.map(view => view.state)).toEqual(['done', 'done']);
	});

	it('passes the request parameters to the provider', async () => {
		const requests: StreamRequest[] = [];
		const run = new ArenaRun([target('a')], {...params, maxTokens: 50, temperature: 0.2, maxRetries: 4}, {
			stream: request => {
				requests.push(request);
				return answer(['ok'], 1, request);
			},
		});
		await run.start();
		expect(requests[0]).toMatchObject({model: 'a', maxTokens: 50, temperature: 0.2, maxRetries: 4, idleTimeoutMs: 1000});
	});
});
