import {afterEach, describe, expect, test} from 'vitest';
import {ArenaRun} from '../../source/core/engine.js';
import type {RunTarget} from '../../source/core/types.js';
import {anonymousPaneDisplay} from '../../source/ui/battle/anonymous-pane.js';
import {livePaneDisplay} from '../../source/ui/pane-display.js';
import {RunApp} from '../../source/ui/run-app.js';
import {cleanupInk, renderInk} from '../helpers/ink-harness.js';
import {countWords, ScriptedStream} from './fake-run.js';

afterEach(cleanupInk);

/** One chain pane whose members are scripted streams, in order. */
function chainRun(memberSpecs: string[]): {run: ArenaRun; streams: ScriptedStream[]} {
	const streams = memberSpecs.map(() => new ScriptedStream());
	const members: RunTarget[] = memberSpecs.map(spec => {
		const [provider, ...rest] = spec.split(':');
		return {spec, provider: provider!, model: rest.join(':'), endpoint: {name: provider!, baseURL: 'http://127.0.0.1:9/v1'}};
	});
	const target: RunTarget = {spec: 'chain:coder', provider: 'chain', model: 'coder', endpoint: members[0]!.endpoint, chain: {name: 'coder', members}};
	const run = new ArenaRun([target], {messages: [{role: 'user', content: 'hi'}], idleTimeoutMs: 60_000}, {
		stream: request => streams[members.findIndex(member => member.model === request.model)]!.events(request),
		countTokens: countWords,
	});
	return {run, streams};
}

describe('a fallback chain\'s pane', () => {
	test('the header says which model is trying, then which served and which failed first', async () => {
		const {run, streams} = chainRun(['deepseek:v4', 'or:qwen/qwen3-coder']);
		const ui = await renderInk(<RunApp run={run} />, {columns: 140, rows: 20});
		void run.start();
		streams[0]!.request(0);
		await ui.waitForFrame('chain coder → trying deepseek:v4');
		streams[0]!.fail('HTTP 503: overloaded', 200, 503);
		await ui.waitFor(() => streams[1]!.started);
		streams[1]!.request(210).content('the answer', 400).finish(500);
		const frame = await ui.waitForFrame('all finished');
		expect(frame).toContain('chain coder → served by or:qwen/qwen3-coder (after deepseek:v4: HTTP 503)');
		expect(frame).toContain('the answer');
		// TTFT counts from the first model's request: 400 ms, not 190 (each scripted stream's clock starts a hair apart).
		expect(run.snapshot()[0]!.ttft_ms).toBeCloseTo(400, 0);
	});

	test('a blind pane shows only its side label: nothing of the chain, the served model or the fallback', async () => {
		const {run, streams} = chainRun(['deepseek:v4', 'or:qwen/qwen3-coder']);
		const done = run.start();
		streams[0]!.request(0).fail('HTTP 503: deepseek overloaded', 100, 503);
		await new Promise<void>(resolve => {
			const check = () => (streams[1]!.started ? resolve() : setImmediate(check));
			check();
		});
		streams[1]!.request(110).content('the answer', 300).finish(400);
		await done;
		const [view] = run.snapshot();
		// The named pane does show it, so the blind one hiding it is a real difference.
		expect(livePaneDisplay(view!, 500).spec).toContain('or:qwen/qwen3-coder');
		const blind = JSON.stringify(anonymousPaneDisplay(view!, 'Model A', 500));
		for (const secret of ['chain', 'coder', 'deepseek', 'qwen', '503', 'served', 'after']) expect(blind).not.toContain(secret);
		expect(blind).toContain('Model A');
	});
});
