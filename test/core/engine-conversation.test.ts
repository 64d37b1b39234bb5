import {describe, expect, it} from 'vitest';
import {ArenaRun, type StreamFunction} from '../../source/core/engine.js';
import type {EngineEvent, RunTarget} from '../../source/core/types.js';
import type {ChatMessage, StreamEvent, StreamRequest} from '../../source/providers/types.js';

function target(model: string): RunTarget {
	return {spec: `fake:${model}`, provider: 'fake', model, endpoint: {name: 'fake', baseURL: 'http://127.0.0.1:1/v1'}};
}

/** Answers with the model name and how many times it has been asked, so samples can be told apart. */
function counting(seen: StreamRequest[]): StreamFunction {
	const asked = new Map<string, number>();
	return async function* (request): AsyncGenerator<StreamEvent> {
		seen.push(request);
		const count = (asked.get(request.model) ?? 0) + 1;
		asked.set(request.model, count);
		yield {type: 'request', at: performance.now()};
		await new Promise(resolve => setTimeout(resolve, 5));
		yield {type: 'content', at: performance.now(), text: `${request.model} sample ${count}`};
		yield {type: 'finish', at: performance.now(), reason: 'stop'};
		yield {type: 'usage', at: performance.now(), source: 'usage', outputTokens: 3};
		yield {type: 'end', at: performance.now()};
	};
}

const user = (content: string): ChatMessage => ({role: 'user', content});

describe('ArenaRun conversations', () => {
	it('sends each model its own conversation when a follow-up turn carries one per model', async () => {
		const seen: StreamRequest[] = [];
		const conversations: ChatMessage[][] = [
			[user('q1'), {role: 'assistant', content: 'a says'}, user('q2')],
			[user('q1'), {role: 'assistant', content: 'b says'}, user('q2')],
		];
		const run = new ArenaRun([target('a'), target('b')], {messages: [user('q2')], conversations, idleTimeoutMs: 1000}, {stream: counting(seen)});
		await run.start();
		const byModel = Object.fromEntries(seen.map(request => [request.model, request.messages]));
		expect(byModel['a']).toEqual(conversations[0]);
		expect(byModel['b']).toEqual(conversations[1]);
	});
});

describe('ArenaRun.retry', () => {
	it('samples one pane again and leaves the others as they were', async () => {
		const seen: StreamRequest[] = [];
		const run = new ArenaRun([target('a'), target('b')], {messages: [user('q')], idleTimeoutMs: 1000}, {stream: counting(seen)});
		const events: EngineEvent[] = [];
		run.subscribe(event => events.push(event));
		const first = await run.start();
		expect(first.map(result => result.text)).toEqual(['a sample 1', 'b sample 1']);

		const retried = await run.retry(1);
		expect(retried.text).toBe('b sample 2');
		expect(run.results?.map(result => result.text)).toEqual(['a sample 1', 'b sample 2']);
		expect(seen.filter(request => request.model === 'a')).toHaveLength(1);
		expect(seen.at(-1)?.messages).toEqual([user('q')]);
		const types = events.map(event => event.type);
		expect(types.indexOf('retry-start')).toBeGreaterThan(types.indexOf('run-done'));
		const done = events.find(event => event.type === 'retry-done');
		expect(done).toMatchObject({index: 1, results: [{text: 'a sample 1'}, {text: 'b sample 2'}]});
		// The live view of the retried pane is the new sample, measured afresh.
		expect(run.snapshot()[1]?.text).toBe('b sample 2');
	});

	it('refuses before the run has ended and while the same pane is already retrying', async () => {
		const run = new ArenaRun([target('a'), target('b')], {messages: [user('q')], idleTimeoutMs: 1000}, {stream: counting([])});
		await expect(run.retry(0)).rejects.toThrow(/after the run has ended/);
		await run.start();
		const pending = run.retry(0);
		await expect(run.retry(0)).rejects.toThrow(/already being retried/);
		await pending;
		expect(run.retrying).toBe(false);
	});

	it('can retry after the run was cancelled, and cancel stops a retry', async () => {
		const slow: StreamFunction = async function* (request) {
			yield {type: 'request', at: performance.now()};
			await new Promise<void>(resolve => {
				if (request.signal.aborted) return resolve();
				const timer = setTimeout(resolve, 5000);
				request.signal.addEventListener('abort', () => {
					clearTimeout(timer);
					resolve();
				});
			});
			if (request.signal.aborted) {
				yield {type: 'error', at: performance.now(), message: 'cancelled'};
				return;
			}
			yield {type: 'content', at: performance.now(), text: 'late'};
			yield {type: 'end', at: performance.now()};
		};
		const run = new ArenaRun([target('a'), target('b')], {messages: [user('q')], idleTimeoutMs: 10_000}, {stream: slow});
		const started = run.start();
		run.cancel();
		expect((await started).map(result => result.state)).toEqual(['cancelled', 'cancelled']);
		const retry = run.retry(0);
		expect(run.retrying).toBe(true);
		run.cancel();
		expect((await retry).state).toBe('cancelled');
	});
});
