import {afterEach, expect, test} from 'vitest';
import {MAX_FRAMES_PER_SECOND, RunApp} from '../../../source/ui/run-app.js';
import {cleanupInk, renderInk} from '../../helpers/ink-harness.js';
import {scriptedRun} from '../fake-run.js';
import {paneText} from '../frame.js';

afterEach(cleanupInk);

/** One turn of the event loop: due timers (the frame throttle) get their chance, as between socket reads. */
const nextTurn = () => new Promise(resolve => setImmediate(resolve));

test('5000 tokens as fast as they come are drawn at no more than ~30 frames a second, the last one included', async () => {
	const {run, streams} = scriptedRun([{spec: 'bench:firehose'}, {spec: 'bench:other'}]);
	let commits = 0;
	const ui = await renderInk(<RunApp run={run} onCommit={() => (commits += 1)} />, {columns: 120, rows: 30});
	const finished = run.start();
	const stream = streams[0]!.request(0);
	streams[1]!.request(0).content('short', 1).finish(2);

	const startedAt = performance.now();
	const commitsBefore = commits;
	for (let index = 0; index < 5000; index += 1) {
		stream.content(`t${index} `);
		if (index % 10 === 9) await nextTurn();
		if (index === 2500) {
			// Half-way, the newest text reaches the screen without waiting for the end.
			await ui.waitForFrame('t2500');
		}
	}
	stream.content('LAST-TOKEN').finish();
	await finished;
	await ui.waitForFrame('LAST-TOKEN');
	const elapsedSeconds = (performance.now() - startedAt) / 1000;
	const drawn = commits - commitsBefore;

	// Frames follow elapsed time, not tokens: 5000 renders would be one per token.
	expect(drawn).toBeLessThanOrEqual(Math.ceil(elapsedSeconds * MAX_FRAMES_PER_SECOND) + 2);
	expect(paneText(ui.lastFrame(), 'bench:firehose').at(-1)).toMatch(/LAST-TOKEN$/);
});

test('stream events never render inside the engine\'s callback', async () => {
	const {run, streams} = scriptedRun([{spec: 'p:one'}]);
	let commits = 0;
	const ui = await renderInk(<RunApp run={run} onCommit={() => (commits += 1)} />, {columns: 100, rows: 20});
	void run.start();
	await ui.waitForFrame('waiting');
	const commitsBefore = commits;
	const versionBefore = run.version;
	streams[0]!.request(0).content('a', 1).content('b', 2).content('c', 3);
	// Only microtasks run here: the engine applies the events, nothing is drawn yet.
	for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
	expect(run.version).toBeGreaterThan(versionBefore);
	expect(commits).toBe(commitsBefore);
	await ui.waitForFrame('abc');
	run.cancel();
});

test('elapsed time keeps moving while a model is silent', async () => {
	const {run, streams} = scriptedRun([{spec: 'p:slow'}]);
	const ui = await renderInk(<RunApp run={run} />, {columns: 100, rows: 20});
	void run.start();
	streams[0]!.request(0);
	const elapsed = () => Number(/(\d+\.\d) s$/.exec(paneText(ui.lastFrame(), 'p:slow')[1] ?? '')?.[1] ?? Number.NaN);
	await ui.waitFor(() => elapsed() >= 0);
	const first = elapsed();
	await ui.waitFor(() => elapsed() >= first + 0.2, {message: 'the elapsed time to advance'});
	expect(paneText(ui.lastFrame(), 'p:slow')[1]).toMatch(/^waiting/);
	run.cancel();
});
