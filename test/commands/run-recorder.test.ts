import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ArenaRun, type StreamFunction} from '../../source/core/engine.js';
import type {RunTarget} from '../../source/core/types.js';
import {RunRecorder} from '../../source/commands/run-recorder.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import type {StreamEvent} from '../../source/providers/types.js';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';

const directories = temporaryDirectories();
afterEach(() => directories.cleanup());

function target(model: string): RunTarget {
	return {spec: `fake:${model}`, provider: 'fake', model, endpoint: {name: 'fake', baseURL: 'http://127.0.0.1:1/v1'}};
}

function sampler(): StreamFunction {
	const counts = new Map<string, number>();
	return async function* (request): AsyncGenerator<StreamEvent> {
		const count = (counts.get(request.model) ?? 0) + 1;
		counts.set(request.model, count);
		yield {type: 'request', at: performance.now()};
		yield {type: 'content', at: performance.now(), text: `${request.model} #${count}`};
		yield {type: 'finish', at: performance.now(), reason: 'stop'};
		yield {type: 'usage', at: performance.now(), source: 'usage', outputTokens: 2};
		yield {type: 'end', at: performance.now()};
	};
}

describe('RunRecorder', () => {
	it('stores each turn of a conversation with its number, and a vote after turn 2 says turn 2', async () => {
		const store = openHistoryStore(path.join(directories.make(), 'history.db'));
		try {
			const targets = [target('a'), target('b')];
			const first = new ArenaRun(targets, {messages: [{role: 'user', content: 'q1'}], idleTimeoutMs: 1000}, {stream: sampler()});
			new RunRecorder(store, first, {prompt: 'q1', system: undefined, mode: 'named', conversation_id: 'conv-1', turn: 1});
			await first.start();
			const second = new ArenaRun(targets, {messages: [{role: 'user', content: 'q2'}], idleTimeoutMs: 1000}, {stream: sampler()});
			const recorder = new RunRecorder(store, second, {prompt: 'q2', system: undefined, mode: 'named', conversation_id: 'conv-1', turn: 2});
			await second.start();
			recorder.vote(0, 1, 'model_b');

			const runs = store.listRuns();
			expect(runs.map(run => [run.prompt, run.turn])).toEqual(
				expect.arrayContaining([
					['q1', 1],
					['q2', 2],
				]),
			);
			const [vote] = store.votes();
			expect(vote).toMatchObject({model_a: 'fake:a', model_b: 'fake:b', winner: 'model_b', turn: 2});
		} finally {
			store.close();
		}
	});

	it('keeps a retried pane\'s earlier answer and its score, and judges the new answer from then on', async () => {
		const store = openHistoryStore(path.join(directories.make(), 'history.db'));
		try {
			const run = new ArenaRun([target('a'), target('b')], {messages: [{role: 'user', content: 'q'}], idleTimeoutMs: 1000}, {stream: sampler()});
			const recorder = new RunRecorder(store, run, {prompt: 'q', system: undefined, mode: 'named'});
			await run.start();
			recorder.score(1, 3, null);
			await run.retry(1);
			recorder.score(1, 9, null);
			recorder.vote(0, 1, 'model_b');

			const detail = store.getRun(recorder.runId!)!;
			const texts = detail.answers.map(answer => [answer.position, answer.text, answer.score?.score ?? null]);
			expect(texts).toEqual([
				[0, 'a #1', null],
				[1, 'b #1', 3],
				[2, 'b #2', 9],
			]);
			const [vote] = store.votes();
			expect(vote?.answer_b_id).toBe(detail.answers[2]!.id);
		} finally {
			store.close();
		}
	});
});
