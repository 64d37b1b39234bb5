import {afterEach, describe, expect, test} from 'vitest';
import {WorkspaceApp} from '../../../source/ui/workspace/workspace-app.js';
import {cleanupInk, keys, renderInk} from '../../helpers/ink-harness.js';
import {frameLines} from '../frame.js';
import {FakeWorkspaceHost, type FakeHostOptions, recordingScreen, runSummary} from './workspace-fixtures.js';

afterEach(cleanupInk);

const HOME_EDITING = 'enter send';
const HOME_MENU = 'r run (named)';

async function renderWorkspace(options: FakeHostOptions = {}, size = {columns: 100, rows: 30}) {
	const host = new FakeWorkspaceHost(options);
	const calls = {quit: 0, screen: [] as string[]};
	const ui = await renderInk(<WorkspaceApp host={host} screen={recordingScreen(calls.screen)} onQuit={() => (calls.quit += 1)} env={{}} />, size);
	await ui.waitForFrame(HOME_EDITING);
	return {ui, host, calls};
}

type Rendered = Awaited<ReturnType<typeof renderWorkspace>>;

const lineWith = (frame: string, start: string) => frameLines(frame).find(line => line.startsWith(start)) ?? '';
const isHome = (frame: string) => frame.includes('mode: named run') || frame.includes('mode: blind battle');

async function toMenu({ui}: Rendered) {
	await ui.press(keys.escape);
	await ui.waitForFrame(HOME_MENU);
}

async function backHome({ui}: Rendered) {
	await ui.press(keys.escape);
	return ui.waitForFrame(isHome);
}

describe('screens opened from home', () => {
	test('m opens the model picker and Esc comes back to home with the same chips', async () => {
		const rendered = await renderWorkspace();
		const {ui, host} = rendered;
		const chipsBefore = lineWith(ui.lastFrame(), 'models ');
		expect(chipsBefore).toContain('alpha:one');
		expect(chipsBefore).toContain('beta:two');
		await toMenu(rendered);
		await ui.press('m');
		const picker = await ui.waitForFrame('gamma:three');
		expect(picker).toContain('2 selected');
		expect(isHome(picker)).toBe(false);
		const home = await backHome(rendered);
		expect(lineWith(home, 'models ')).toBe(chipsBefore);
		expect(host.saved).toEqual([]);
	});

	test('o opens settings; a new temperature shows on home after Esc and is saved', async () => {
		const rendered = await renderWorkspace();
		const {ui, host} = rendered;
		expect(lineWith(ui.lastFrame(), 'options ')).toContain('temperature default');
		await toMenu(rendered);
		await ui.press('o');
		await ui.waitForFrame('Temperature');
		await ui.press(keys.down);
		await ui.press(keys.enter);
		await ui.waitForFrame('empty for the provider');
		await ui.type('1.2');
		await ui.press(keys.enter);
		// Saved: the field is no longer being edited, so the help bar offers to edit again.
		await ui.waitForFrame(frame => /Temperature\s+1\.2/.test(frame) && frame.includes('enter edit'));
		const home = await backHome(rendered);
		expect(lineWith(home, 'options ')).toContain('temperature 1.2 · max tokens default');
		await ui.waitFor(() => host.saved.length === 1);
		expect(host.saved).toEqual([{options: {system: '', temperature: 1.2, maxTokens: null}}]);
	});

	test('l with no votes yet says so, and Esc comes back', async () => {
		const rendered = await renderWorkspace();
		const {ui} = rendered;
		await toMenu(rendered);
		await ui.press('l');
		const board = await ui.waitForFrame('arena leaderboard');
		expect(board).toContain('No votes yet: vote in a blind battle');
		expect(board).toContain('esc back');
		expect(isHome(board)).toBe(false);
		await backHome(rendered);
	});

	test('h opens the history browser and Esc comes back', async () => {
		const rendered = await renderWorkspace({runs: [runSummary({prompt: 'a prompt from yesterday'})]});
		const {ui} = rendered;
		await toMenu(rendered);
		await ui.press('h');
		const history = await ui.waitForFrame('arena › history');
		expect(history).toContain('a prompt from yesterday');
		expect(isHome(history)).toBe(false);
		await backHome(rendered);
	});

	test('q on the menu quits', async () => {
		const rendered = await renderWorkspace();
		await toMenu(rendered);
		await rendered.ui.press('q');
		await rendered.ui.waitFor(() => rendered.calls.quit === 1);
		await rendered.ui.waitForFrame(frame => !isHome(frame));
	});

	test('Ctrl+C quits from the editor and from a screen opened from home', async () => {
		const editing = await renderWorkspace();
		await editing.ui.press(keys.ctrlC);
		await editing.ui.waitFor(() => editing.calls.quit === 1);

		const inSettings = await renderWorkspace();
		await toMenu(inSettings);
		await inSettings.ui.press('o');
		await inSettings.ui.waitForFrame('Temperature');
		await inSettings.ui.press(keys.ctrlC);
		await inSettings.ui.waitFor(() => inSettings.calls.quit === 1);
	});
});

describe('sending a prompt', () => {
	test('Enter opens the conversation with the models and options from home', async () => {
		const {ui, host} = await renderWorkspace({options: {system: 'Be brief.', temperature: 0.3, maxTokens: 200}});
		await ui.type('What is two plus two?');
		await ui.press(keys.enter);
		const frame = await ui.waitForFrame(current => current.includes('all finished') && current.includes('beta:two answers: What is two plus two?'));
		expect(frame).toContain('alpha:one answers: What is two plus two?');
		expect(isHome(frame)).toBe(false);
		expect(host.started).toEqual([
			{models: ['alpha:one', 'beta:two'], options: {system: 'Be brief.', temperature: 0.3, maxTokens: 200}, prompt: 'What is two plus two?'},
		]);
	});

	test('Esc from the conversation comes home with the first prompt back in the editor, even after a follow-up', async () => {
		const rendered = await renderWorkspace();
		const {ui, host} = rendered;
		await ui.type('first question');
		await ui.press(keys.enter);
		await ui.waitForFrame(frame => frame.includes('all finished') && frame.includes('beta:two answers: first question'));
		await ui.press('f');
		await ui.waitForFrame('follow-up to every pane');
		await ui.type('second question');
		await ui.press(keys.enter);
		await ui.waitForFrame(frame => frame.includes('all finished') && frame.includes('beta:two answers: second question'));
		const home = await backHome(rendered);
		expect(home).toContain('› first question');
		expect(home).not.toContain('second question');
		expect(home).toContain(HOME_EDITING);
		expect(host.conversations[0]!.stops).toBe(1);
		// The editor has the keyboard again: typing adds to the prompt.
		await ui.type('!');
		await ui.waitForFrame('› first question!');
	});

	test('n comes home for a new round with the same models and an empty editor', async () => {
		const {ui} = await renderWorkspace();
		await ui.type('round one');
		await ui.press(keys.enter);
		await ui.waitForFrame(frame => frame.includes('all finished') && frame.includes('beta:two answers: round one'));
		await ui.press('n');
		const home = await ui.waitForFrame(isHome);
		expect(home).toContain('new round with the same 2 models');
		expect(home).toContain('Ask every model the same question…');
		expect(home).not.toContain('round one');
		expect(lineWith(home, 'models ')).toContain('alpha:one');
		expect(home).toContain(HOME_EDITING);
	});

	test('q in a finished conversation quits arena', async () => {
		const rendered = await renderWorkspace();
		const {ui} = rendered;
		await ui.type('quick one');
		await ui.press(keys.enter);
		await ui.waitForFrame(frame => frame.includes('all finished') && frame.includes('beta:two answers: quick one'));
		await ui.press('q');
		await ui.waitFor(() => rendered.calls.quit === 1);
	});

	test('a host that cannot start the models leaves home showing why, on one line', async () => {
		const {ui, host} = await renderWorkspace({
			startError: new Error('unknown provider "nope" in "nope:model"; add it with `arena providers add nope --base-url URL`\n    at prepareRun'),
		});
		await ui.type('will not run');
		await ui.press(keys.enter);
		const frame = await ui.waitForFrame('✗ unknown provider "nope"');
		expect(frameLines(frame).filter(line => line.includes('nope'))).toHaveLength(1);
		expect(frame).not.toContain('at prepareRun');
		expect(isHome(frame)).toBe(true);
		// What was typed is still there to fix and send again.
		expect(frame).toContain('will not run');
		expect(host.started).toHaveLength(1);
	});

	test('r with an empty editor asks for a prompt and starts nothing', async () => {
		const rendered = await renderWorkspace();
		const {ui, host} = rendered;
		await toMenu(rendered);
		await ui.press('r');
		const frame = await ui.waitForFrame('✗ type a prompt first');
		expect(frame).toContain(HOME_EDITING);
		expect(host.started).toEqual([]);
	});

	test('b switches home to a blind battle and remembers the mode', async () => {
		const rendered = await renderWorkspace();
		const {ui, host} = rendered;
		await ui.type('pit them');
		await toMenu(rendered);
		await ui.press('b');
		// The fake host has no battles; its refusal shows on home, now in blind mode.
		const frame = await ui.waitForFrame('✗ the fake host has no battles');
		expect(frame).toContain('mode: blind battle');
		expect(frameLines(frame)[0]).toMatch(/blind battle$/);
		expect(host.saved).toContainEqual({mode: 'blind'});
	});
});

describe('at 80×24', () => {
	test('home, the conversation, its follow-up editor and the diff stay a row short of the terminal', async () => {
		const longAnswer = ({spec}: {spec: string}) => Array.from({length: 60}, (_, index) => `${spec} line ${index}`).join('\n');
		const {ui} = await renderWorkspace({script: longAnswer}, {columns: 80, rows: 24});
		await ui.type('small terminal');
		await ui.press(keys.enter);
		await ui.waitForFrame(frame => frame.includes('all finished') && frame.includes('beta:two line 59'));
		await ui.press('f');
		await ui.waitForFrame('follow-up to every pane');
		await ui.press(keys.escape);
		await ui.waitForFrame(frame => !frame.includes('follow-up to every pane'));
		await ui.press('d');
		await ui.waitForFrame('word diff');
		await ui.press(keys.escape);
		await ui.waitForFrame(frame => frame.includes('all finished'));
		await ui.press(keys.escape);
		await ui.waitForFrame(isHome);
		// Ink clears the whole screen once a frame reaches the terminal's height, which flickers.
		for (const frame of ui.stdout.frames.filter(current => current !== '')) {
			const lines = frameLines(frame);
			expect(lines.length).toBeLessThanOrEqual(23);
			for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
		}
	});
});
