import {afterEach, describe, expect, test, vi} from 'vitest';
import {helpItems, keyBindings} from '../../source/ui/keymap.js';
import {RunApp, runTui} from '../../source/ui/run-app.js';
import {cleanupInk, createTerminal, driveTerminal, keys, renderInk} from '../helpers/ink-harness.js';
import {scriptedRun} from './fake-run.js';
import {isFocused, paneText} from './frame.js';

afterEach(cleanupInk);

const numbered = (prefix: string, count: number) =>
	Array.from({length: count}, (_, index) => `${prefix} ${String(index + 1).padStart(3, '0')}`).join('\n');

const helpText = (item: {keys: string; description: string}) => `${item.keys} ${item.description}`;

describe('keys in the run view', () => {
	test('Tab, Shift+Tab and the arrows move the focus between panes, wrapping around', async () => {
		const {run} = scriptedRun([{spec: 'p:one'}, {spec: 'p:two'}, {spec: 'p:three'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 120, rows: 20});
		const focusedPane = () => ['p:one', 'p:two', 'p:three'].filter(spec => isFocused(ui.lastFrame(), spec));
		await ui.waitForFrame('p:three');
		expect(focusedPane()).toEqual(['p:one']);
		await ui.press(keys.tab);
		await ui.waitFor(() => focusedPane()[0] === 'p:two');
		await ui.press(keys.right);
		await ui.waitFor(() => focusedPane()[0] === 'p:three');
		await ui.press(keys.tab);
		await ui.waitFor(() => focusedPane()[0] === 'p:one');
		await ui.press(keys.shiftTab);
		await ui.waitFor(() => focusedPane()[0] === 'p:three');
		await ui.press(keys.left);
		await ui.waitFor(() => focusedPane()[0] === 'p:two');
		expect(focusedPane()).toEqual(['p:two']);
	});

	test('space shows and hides the focused pane\'s reasoning only', async () => {
		const {run, streams} = scriptedRun([{spec: 'p:left'}, {spec: 'p:right'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 120, rows: 20});
		void run.start();
		for (const [index, stream] of streams.entries()) {
			stream.request(0).reasoning(`private musing ${index}`, 10).content(`answer ${index}`, 20).finish(30);
		}
		await ui.waitForFrame('all finished');
		expect(ui.lastFrame()).not.toContain('private musing');
		await ui.press(keys.tab);
		await ui.press(keys.space);
		let frame = await ui.waitForFrame('private musing 1');
		expect(frame).not.toContain('private musing 0');
		expect(paneText(frame, 'p:right')).toContain('▾ reasoning (space hides)');
		await ui.press(keys.space);
		frame = await ui.waitForFrame(frame => !frame.includes('private musing'));
		expect(paneText(frame, 'p:right')).toContain('▸ reasoning · 3 words (space shows)');
	});

	test('once done, the focused pane scrolls by line, page and to either end; the other pane stays put', async () => {
		const {run, streams} = scriptedRun([{spec: 'p:alpha'}, {spec: 'p:beta'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 120, rows: 20});
		void run.start();
		streams[0]!.request(0).content(numbered('alpha', 100), 10).finish(20);
		streams[1]!.request(0).content(numbered('beta', 100), 10);
		await ui.waitForFrame('beta 100');
		// While beta streams, scrolling it would hide the newest text, so keys leave it alone.
		await ui.press(keys.tab);
		await ui.press(keys.home);
		expect(ui.lastFrame()).toContain('beta 100');
		streams[1]!.finish(30);
		await ui.waitForFrame('all finished');

		const beta = () => paneText(ui.lastFrame(), 'p:beta').slice(2);
		const alpha = () => paneText(ui.lastFrame(), 'p:alpha').slice(2);
		const bodyRows = beta().length;
		expect(beta().at(-1)).toBe('beta 100');

		await ui.press(keys.home);
		await ui.waitFor(() => beta()[0] === 'beta 001');
		expect(paneText(ui.lastFrame(), 'p:beta')[0]).toMatch(new RegExp(`p:beta +1–${bodyRows}/100$`));
		await ui.press(keys.down);
		await ui.waitFor(() => beta()[0] === 'beta 002');
		await ui.press(keys.pageDown);
		await ui.waitFor(() => beta()[0] === `beta ${String(2 + bodyRows - 1).padStart(3, '0')}`);
		await ui.press(keys.up);
		await ui.waitFor(() => beta()[0] === `beta ${String(1 + bodyRows - 1).padStart(3, '0')}`);
		await ui.press(keys.pageUp);
		await ui.waitFor(() => beta()[0] === 'beta 001');
		// The unfocused pane still shows its end.
		expect(alpha().at(-1)).toBe('alpha 100');
		await ui.press(keys.end);
		await ui.waitFor(() => beta().at(-1) === 'beta 100');
	});

	test('the help bar lists the keymap\'s keys for what can be done now', async () => {
		const {run, streams} = scriptedRun([{spec: 'p:one'}, {spec: 'p:two'}]);
		const ui = await renderInk(<RunApp run={run} />, {columns: 160, rows: 20});
		void run.start();
		streams[0]!.request(0).content('hi', 10);
		const running = await ui.waitForFrame('streaming');
		for (const item of helpItems(['FOCUS_NEXT', 'FOCUS_PREV', 'CANCEL', 'QUIT'])) expect(running).toContain(helpText(item));
		// Nothing to scroll yet, and no reasoning to show.
		expect(running).not.toContain(helpText(helpItems(['SCROLL_UP', 'SCROLL_DOWN'])[0]!));
		expect(running).not.toContain(keyBindings.TOGGLE_REASONING.keys);

		streams[0]!.finish(20);
		streams[1]!.request(0).reasoning('hmm', 5).content('ok', 10).finish(20);
		const finished = await ui.waitForFrame('all finished');
		for (const item of helpItems(['SCROLL_UP', 'SCROLL_DOWN', 'PAGE_UP', 'PAGE_DOWN', 'TOGGLE_REASONING', 'QUIT'])) {
			expect(finished).toContain(helpText(item));
		}
		expect(finished).not.toContain(helpText(helpItems(['CANCEL'])[0]!));
	});
});

/**
 * runTui renders the way the CLI does (throttled, not Ink's debug mode), and when
 * CI is set Ink draws only the final frame; so these tests wait on the run and on
 * the keyboard being listened to, and read the frame left on screen at the end.
 */
describe('runTui', () => {
	const states = (run: {snapshot(): Array<{state: string}>}) => run.snapshot().map(view => view.state);

	test('Ctrl+C mid-stream cancels every stream at once, shows it, and hands the terminal back', async () => {
		const terminal = createTerminal({columns: 120, rows: 20});
		const ui = driveTerminal(terminal);
		const {run, streams} = scriptedRun([{spec: 'p:one'}, {spec: 'p:two'}]);
		const outcome = runTui(run, {...terminal.streams, title: 'Explain monads'});
		for (const stream of streams) stream.request(0).content('partial words', 10);
		await ui.waitFor(() => states(run).every(state => state === 'streaming') && terminal.stdin.rawMode);

		await ui.press(keys.ctrlC);
		const {results, quit} = await outcome;
		expect(quit).toBe('cancelled');
		expect(results.map(result => result.state)).toEqual(['cancelled', 'cancelled']);
		expect(results.map(result => result.text)).toEqual(['partial words', 'partial words']);
		const last = ui.lastFrame();
		expect(last).toContain('Explain monads');
		expect(paneText(last, 'p:one')[1]).toMatch(/^cancelled/);
		expect(paneText(last, 'p:two')[1]).toMatch(/^cancelled/);
		expect(paneText(last, 'p:one')).toContain('partial words');
		// Raw mode off and the cursor shown again: the shell gets a normal terminal back.
		expect(terminal.stdin.rawMode).toBe(false);
		expect(terminal.stdout.writes.join('')).toContain('\u001B[?25h');
	});

	test('after the run the view stays open for reading until q', async () => {
		const terminal = createTerminal({columns: 120, rows: 20});
		const ui = driveTerminal(terminal);
		const {run, streams} = scriptedRun([{spec: 'p:one'}, {spec: 'p:two'}]);
		let settled = false;
		const outcome = runTui(run, terminal.streams).finally(() => (settled = true));
		for (const stream of streams) stream.request(0).content(numbered('line', 40), 10).finish(20);
		await run.start();
		// Still interactive after the last model finished: a key goes through and it has not quit.
		await ui.press(keys.tab);
		expect(settled).toBe(false);

		await ui.press('q');
		const {results, quit} = await outcome;
		expect(quit).toBe('done');
		expect(results.map(result => result.state)).toEqual(['done', 'done']);
		const last = ui.lastFrame();
		expect(last).toContain('all finished');
		expect(isFocused(last, 'p:two')).toBe(true);
		expect(terminal.stdin.rawMode).toBe(false);
	});

	test('q while models are still streaming cancels them and quits', async () => {
		const terminal = createTerminal({columns: 120, rows: 20});
		const ui = driveTerminal(terminal);
		const {run, streams} = scriptedRun([{spec: 'p:fast'}, {spec: 'p:slow'}]);
		const outcome = runTui(run, terminal.streams);
		streams[0]!.request(0).content('done already', 10).finish(20);
		streams[1]!.request(0).content('still', 10);
		await ui.waitFor(() => states(run).join() === 'done,streaming');
		await ui.press('q');
		const {results, quit} = await outcome;
		expect(quit).toBe('cancelled');
		expect(results.map(result => result.state)).toEqual(['done', 'cancelled']);
	});

	test('a token flood is drawn at no more than ~30 frames a second on the real render path', async () => {
		const terminal = createTerminal({columns: 120, rows: 30});
		const {run, streams} = scriptedRun([{spec: 'p:flood'}]);
		let frames = 0;
		const startedAt = performance.now();
		const outcome = runTui(run, {...terminal.streams, onFrame: () => (frames += 1)});
		const ui = driveTerminal(terminal);
		const stream = streams[0]!.request(0);
		for (let index = 0; index < 5000; index += 1) {
			stream.content(`t${index} `);
			if (index % 10 === 9) await new Promise(resolve => setImmediate(resolve));
			if (index === 2500) {
				// Frames keep coming while tokens do, not only at the end.
				const framesSoFar = frames;
				await ui.waitFor(() => frames > framesSoFar);
			}
		}
		stream.finish();
		await run.start();
		const elapsedSeconds = (performance.now() - startedAt) / 1000;
		const framesDuringRun = frames;
		await ui.press('q');
		await outcome;
		expect(framesDuringRun).toBeLessThanOrEqual(Math.ceil(elapsedSeconds * 30) + 2);
	});

	test('without streams given it draws on process.stdout (how the CLI calls it)', async () => {
		const drawn: string[] = [];
		const write = vi.spyOn(process.stdout, 'write').mockImplementation(((
			chunk: string,
			encodingOrDone?: BufferEncoding | (() => void),
			done?: () => void,
		) => {
			drawn.push(String(chunk));
			// Ink waits for the write callback before it reports the exit.
			(typeof encodingOrDone === 'function' ? encodingOrDone : done)?.();
			return true;
		}) as typeof process.stdout.write);
		try {
			const {stdin} = createTerminal({isTTY: false}).streams;
			const {run, streams} = scriptedRun([{spec: 'p:default'}]);
			const outcome = runTui(run, {stdin});
			streams[0]!.request(0).content('to the real stdout', 10).finish(20);
			expect((await outcome).quit).toBe('done');
		} finally {
			write.mockRestore();
		}
		expect(drawn.join('')).toContain('to the real stdout');
	});

	test('with piped stdin there are no keys: no help bar, no crash, and it closes when the run ends', async () => {
		const terminal = createTerminal({columns: 120, rows: 20, isTTY: false});
		const ui = driveTerminal(terminal);
		const {run, streams} = scriptedRun([{spec: 'p:one'}]);
		const outcome = runTui(run, terminal.streams);
		streams[0]!.request(0).content('piped along', 10).finish(20);
		const {results, quit} = await outcome;
		expect(quit).toBe('done');
		expect(results[0]!.text).toBe('piped along');
		const last = ui.lastFrame();
		expect(last).toContain('piped along');
		expect(last).not.toContain(helpText(helpItems(['QUIT'])[0]!));
	});
});
