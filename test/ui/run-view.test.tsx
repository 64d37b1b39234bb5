import {afterEach, describe, expect, test} from 'vitest';
import {RunApp} from '../../source/ui/run-app.js';
import {cleanupInk, renderInk, SGR_DIM, withColor} from '../helpers/ink-harness.js';
import {scriptedRun} from './fake-run.js';
import {frameLines, lineIndexOf, paneText} from './frame.js';

afterEach(cleanupInk);

const numbered = (prefix: string, count: number) =>
	Array.from({length: count}, (_, index) => `${prefix} ${String(index + 1).padStart(3, '0')}`).join('\n');

describe('layout', () => {
	test('panes sit side by side at 120 columns and stack at 60', async () => {
		const models = [{spec: 'demo:swift', simulated: true}, {spec: 'demo:steady', simulated: true}];
		const wide = scriptedRun(models);
		const wideUi = await renderInk(<RunApp run={wide.run} />, {columns: 120, rows: 30});
		void wide.run.start();
		const wideFrame = await wideUi.waitForFrame('demo:steady');
		expect(lineIndexOf(wideFrame, 'demo:swift')).toBe(lineIndexOf(wideFrame, 'demo:steady'));

		const narrow = scriptedRun(models);
		const narrowUi = await renderInk(<RunApp run={narrow.run} />, {columns: 60, rows: 30});
		void narrow.run.start();
		const narrowFrame = await narrowUi.waitForFrame('demo:steady');
		expect(lineIndexOf(narrowFrame, 'demo:steady')).toBeGreaterThan(lineIndexOf(narrowFrame, 'demo:swift'));
		for (const line of frameLines(narrowFrame)) expect(line.length).toBeLessThanOrEqual(60);
		wide.run.cancel();
		narrow.run.cancel();
	});

	test('panes re-flow when the terminal is resized', async () => {
		const {run, streams} = scriptedRun([{spec: 'p:left'}, {spec: 'p:right'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 120, rows: 30});
		void run.start();
		streams[0]!.request(0).content('word '.repeat(40), 10);
		let frame = await ui.waitForFrame('p:right');
		expect(lineIndexOf(frame, 'p:left')).toBe(lineIndexOf(frame, 'p:right'));
		ui.stdout.resize(60, 30);
		frame = await ui.waitForFrame(frame => lineIndexOf(frame, 'p:right') > lineIndexOf(frame, 'p:left'));
		// The text is re-wrapped to the new pane width.
		for (const row of paneText(frame, 'p:left')) expect(row.length).toBeLessThanOrEqual(56);
		run.cancel();
	});

	test('the whole view fits the terminal however long the answers get', async () => {
		for (const [columns, rows, paneCount] of [[100, 30, 3], [60, 24, 4], [160, 20, 4]] as const) {
			const {run, streams} = scriptedRun(Array.from({length: paneCount}, (_, index) => ({spec: `p:model-${index}`})));
			const ui = await renderInk(<RunApp run={run} />, {columns, rows});
			void run.start();
			for (const stream of streams) stream.request(0).content(numbered('row', 300));
			const frame = await ui.waitForFrame(frame => frame.includes('row 300'));
			// One row spare: Ink redraws the whole screen when output reaches the terminal height.
			expect(frameLines(frame).length).toBeLessThanOrEqual(rows - 1);
			for (const line of frameLines(frame)) expect(line.length).toBeLessThanOrEqual(columns);
			run.cancel();
			await ui.unmount();
		}
	});
});

describe('status line', () => {
	test('shows TTFT, tok/s, tokens and elapsed computed from the stream timestamps', async () => {
		const {run, streams} = scriptedRun([{spec: 'lab:fast'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 120, rows: 20});
		void run.start();
		const stream = streams[0]!;
		stream.request(0);
		expect(paneText(await ui.waitForFrame('waiting'), 'lab:fast')[1]).toMatch(/^waiting · TTFT — /);

		stream.content('one two three', 250);
		const streaming = paneText(await ui.waitForFrame('streaming'), 'lab:fast')[1]!;
		// Before the server reports usage the count is ours, and says so.
		expect(streaming).toContain('TTFT 250 ms');
		expect(streaming).toContain('~3 tok');

		stream.content(' four', 2250).usage(101, 2300).finish(2300);
		const status = paneText(await ui.waitForFrame('done'), 'lab:fast')[1]!;
		// (101 - 1) tokens over the 2.0 s between the first and the last token.
		expect(status).toBe('done · TTFT 250 ms · 50.0 tok/s · 101 tok · 2.3 s');
	});

	test('thinking while reasoning arrives, and a countdown while a rate limit is retried', async () => {
		const {run, streams} = scriptedRun([{spec: 'lab:thinker'}, {spec: 'lab:busy'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 120, rows: 20});
		void run.start();
		streams[0]!.request(0).reasoning('Let me see', 40);
		const busy = streams[1]!;
		busy.request(0).push({type: 'retry', at: performance.now(), attempt: 1, delayMs: 3000, reason: '429 Too Many Requests'});
		const frame = await ui.waitForFrame(frame => frame.includes('thinking') && frame.includes('retrying'));
		expect(paneText(frame, 'lab:thinker')[1]).toMatch(/^thinking · TTFT 40 ms/);
		expect(paneText(frame, 'lab:busy')[1]).toMatch(/^rate limited, retrying in [23]s/);
		run.cancel();
	});

	test('a simulated model is labelled so', async () => {
		const {run} = scriptedRun([{spec: 'demo:swift', simulated: true}, {spec: 'real:model'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 120, rows: 20});
		const frame = await ui.waitForFrame('real:model');
		expect(paneText(frame, 'demo:swift')[0]).toMatch(/^demo:swift simulated/);
		expect(paneText(frame, 'real:model')[0]).not.toContain('simulated');
	});
});

describe('answer text', () => {
	test('reasoning is dimmed and set apart while the model thinks, then folds to one line when the answer starts', async () => {
		await withColor(async () => {
			const {run, streams} = scriptedRun([{spec: 'lab:thinker'}]);
			const ui = await renderInk(<RunApp run={run} />, {columns: 100, rows: 20});
			void run.start();
			streams[0]!.request(0).reasoning('First, consider the base case.\nThen recurse.', 10);
			await ui.waitForFrame('Then recurse.');
			const raw = ui.stdout.writes.at(-1)!;
			expect(raw).toMatch(new RegExp(`${escapeRegExp(SGR_DIM)}[^\\n]*┊ First, consider the base case\\.`));

			streams[0]!.content('The answer is 42.', 20);
			const frame = await ui.waitForFrame('The answer is 42.');
			const pane = paneText(frame, 'lab:thinker');
			expect(pane).toContain('▸ reasoning · 7 words (space shows)');
			expect(frame).not.toContain('First, consider');
			run.cancel();
		});
	});

	test('the newest text stays visible while a long answer streams', async () => {
		const {run, streams} = scriptedRun([{spec: 'lab:long'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 80, rows: 20});
		void run.start();
		const stream = streams[0]!.request(0);
		stream.content(numbered('line', 200));
		let frame = await ui.waitForFrame('line 200');
		expect(frame).not.toContain('line 001');
		stream.content('\nline 201 arrives last');
		frame = await ui.waitForFrame('line 201 arrives last');
		expect(frame).not.toContain('line 100');
		run.cancel();
	});

	test('a code block gets a language label, a frame and syntax colour', async () => {
		const answer = 'Here:\n```rust\nfn main() {\n    println!("hi"); // greet\n}\n```\nDone.';
		await withColor(async () => {
			const {run, streams} = scriptedRun([{spec: 'lab:coder'}]);
			const ui = await renderInk(<RunApp run={run} />, {columns: 100, rows: 20});
			void run.start();
			streams[0]!.request(0).content(answer, 10).finish(20);
			await ui.waitForFrame('Done.');
			const raw = ui.stdout.writes.at(-1)!;
			// Keyword magenta (35), string green (32).
			expect(raw).toMatch(/\u001B\[35mfn\u001B\[39m/);
			expect(raw).toMatch(/\u001B\[32m"hi"\u001B\[39m/);
		});
		const {run, streams} = scriptedRun([{spec: 'lab:coder'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 100, rows: 20});
		void run.start();
		streams[0]!.request(0).content(answer, 10).finish(20);
		const pane = paneText(await ui.waitForFrame('Done.'), 'lab:coder');
		const label = pane.findIndex(row => row.startsWith('╭─ rust '));
		expect(label).toBeGreaterThan(pane.indexOf('Here:'));
		expect(pane.slice(label + 1, label + 4)).toEqual(['│ fn main() {', '│     println!("hi"); // greet', '│ }']);
		expect(pane[label + 4]).toMatch(/^╰─+$/);
		expect(pane[label + 5]).toBe('Done.');
	});

	test('an error shows its message under the partial text, and the other model carries on', async () => {
		const {run, streams} = scriptedRun([{spec: 'lab:flaky'}, {spec: 'lab:steady'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 120, rows: 20});
		void run.start();
		streams[0]!.request(0).content('The first half of an answer', 100).fail('connection reset by the server', 200);
		streams[1]!.request(0).content('Still going', 100);
		const frame = await ui.waitForFrame('connection reset');
		const flaky = paneText(frame, 'lab:flaky');
		expect(flaky[1]).toMatch(/^error · /);
		expect(flaky.slice(2, 4)).toEqual(['The first half of an answer', '✗ connection reset by the server']);
		expect(paneText(frame, 'lab:steady')[1]).toMatch(/^streaming/);

		streams[1]!.content(' and finished.', 300).finish(300);
		const done = await ui.waitForFrame('and finished.');
		expect(paneText(done, 'lab:steady')[1]).toMatch(/^done/);
	});

	test('terminal control sequences from the model never reach the terminal', async () => {
		const hostile = [
			'clip\u001B]52;c;cm0gLXJmIH4=\u0007board ',
			'\u001B[2Jclear ',
			'\u001B]8;;http://x\u0007link\u001B]8;;\u0007 ',
			'title\u001B]0;pwned\u001B\\ ',
			'c1\u009B31mcsi ',
			'dcs\u001BPq#0\u001B\\ end',
		].join('');
		const {run, streams} = scriptedRun([{spec: 'lab:hostile'}]);
		const ui = await renderInk(<RunApp run={run} title={'prompt\u001B[2J'} />, {columns: 120, rows: 20});
		void run.start();
		// Split mid-sequence, the way a stream can deliver it.
		const stream = streams[0]!.request(0).reasoning('think\u001B[31m', 5);
		for (let index = 0; index < hostile.length; index += 7) stream.content(hostile.slice(index, index + 7));
		stream.fail('bad \u001B]52;c;eA==\u0007gateway', 300, 502);
		const frame = await ui.waitForFrame('bad gateway');
		// Colour is off, so the only escape sequences a frame could hold are the model's.
		for (const write of ui.stdout.writes) expect(write).not.toMatch(/[\u001B\u0007\u009B]/);
		expect(frame).toContain('clipboard clear link title c1csi dcs end');
		expect(frame).not.toContain('pwned');
		expect(frame).not.toContain('cm0gLXJmIH4');
	});
});

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
