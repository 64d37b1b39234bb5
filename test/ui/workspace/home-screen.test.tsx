import {useState} from 'react';
import {afterEach, describe, expect, test} from 'vitest';
import {EMPTY_EDITOR, type EditorState} from '../../../source/ui/editor/editor-state.js';
import {chipLabels, type HomeAction, HomeScreen, type HomeScreenProps, matchingSet} from '../../../source/ui/workspace/home-screen.js';
import type {WorkspaceMode} from '../../../source/ui/workspace/workspace-types.js';
import {cleanupInk, keys, renderInk} from '../../helpers/ink-harness.js';
import {frameLines} from '../frame.js';

afterEach(cleanupInk);

const CTRL_J = '\n';
const CTRL_O = '\u000F';

interface Recorded {
	actions: HomeAction[];
	editor: EditorState;
	editing: boolean;
	files: string[];
}

type HomeProps = Partial<Omit<HomeScreenProps, 'editor' | 'onEditorChange' | 'editing' | 'onEditingChange' | 'onAction'>> & {recorded: Recorded};

/** Owns the editor and the focus as the workspace does, and records what home asks for. */
function Home({recorded, ...overrides}: HomeProps) {
	const [editor, setEditor] = useState<EditorState>(EMPTY_EDITOR);
	const [editing, setEditing] = useState(true);
	recorded.editor = editor;
	recorded.editing = editing;
	return (
		<HomeScreen
			editor={editor}
			onEditorChange={setEditor}
			editing={editing}
			onEditingChange={setEditing}
			models={['alpha:one', 'beta:two']}
			mode="named"
			options={{system: '', temperature: 0.7, maxTokens: null}}
			history={[]}
			notice={null}
			busy={null}
			readPromptFile={async file => {
				recorded.files.push(file);
				throw new Error(`cannot read ${file}: no such file\n    at readFile (node:fs)`);
			}}
			onAction={action => recorded.actions.push(action)}
			keyboard
			columns={80}
			rows={24}
			{...overrides}
		/>
	);
}

function record(): Recorded {
	return {actions: [], editor: EMPTY_EDITOR, editing: true, files: []};
}

async function renderHome(props: Omit<HomeProps, 'recorded'> = {}) {
	const recorded = record();
	const ui = await renderInk(<Home recorded={recorded} {...props} />, {columns: 80, rows: 24});
	await ui.waitForFrame('prompt');
	return {ui, recorded};
}

const lineWith = (frame: string, text: string) => frameLines(frame).find(line => line.includes(text)) ?? '';
/** The editor's top border, which carries its label. */
const editorTop = (frame: string) => frameLines(frame).find(line => line.startsWith('╭─')) ?? '';
const editorHelp = 'enter send';
const menuHelp = 'r run (named)';

/** Leaves the editor for the menu and waits until the menu's keys are what the help bar shows. */
async function toMenu(ui: Awaited<ReturnType<typeof renderInk>>) {
	await ui.press(keys.escape);
	await ui.waitForFrame(frame => frame.includes(menuHelp) && !frame.includes(editorHelp));
}

describe('the editor', () => {
	test('typing goes into the editor, letters that are menu keys included', async () => {
		const {ui, recorded} = await renderHome();
		await ui.type('rbq mols');
		const frame = await ui.waitForFrame('› rbq mols');
		expect(recorded.actions).toEqual([]);
		expect(recorded.editor.text).toBe('rbq mols');
		expect(editorTop(frame)).toMatch(/^╭─ prompt ─/);
	});

	test('Ctrl+J starts a new line and Enter sends both lines in the current mode', async () => {
		const {ui, recorded} = await renderHome();
		await ui.type('first line');
		await ui.press(CTRL_J);
		await ui.type('second line');
		const frame = await ui.waitForFrame('2 lines');
		expect(frame).toContain('first line');
		expect(frame).toContain('second line');
		expect(recorded.actions).toEqual([]);
		await ui.press(keys.enter);
		await ui.waitFor(() => recorded.actions.length === 1);
		expect(recorded.actions).toEqual([{kind: 'send', prompt: 'first line\nsecond line', mode: 'named'}]);
	});

	test('pasting several lines keeps them in the editor; only a typed Enter sends', async () => {
		const {ui, recorded} = await renderHome();
		// Terminals send pasted line breaks as CR, the same byte as Enter.
		await ui.press('\u001B[200~Review this:\r');
		await ui.press('def f(): pass\u001B[201~');
		await ui.waitForFrame('2 lines');
		expect(recorded.actions).toEqual([]);
		await ui.press(keys.enter);
		await ui.waitFor(() => recorded.actions.length === 1);
		expect(recorded.actions).toEqual([{kind: 'send', prompt: 'Review this:\ndef f(): pass', mode: 'named'}]);
	});

	test('Enter in blind mode sends a blind battle; Enter on an empty editor sends nothing', async () => {
		const {ui, recorded} = await renderHome({mode: 'blind'});
		await ui.press(keys.enter);
		await ui.type('which is better?');
		await ui.press(keys.enter);
		await ui.waitFor(() => recorded.actions.length > 0);
		expect(recorded.actions).toEqual([{kind: 'send', prompt: 'which is better?', mode: 'blind'}]);
	});

	test('↑ on an empty editor recalls the newest earlier prompt, then older ones; ↓ comes back', async () => {
		const {ui, recorded} = await renderHome({history: ['newest prompt', 'older prompt']});
		await ui.waitForFrame('↑ older prompts');
		await ui.press(keys.up);
		let frame = await ui.waitForFrame('› newest prompt');
		expect(frame).toContain('earlier prompt 1/2');
		await ui.press(keys.up);
		frame = await ui.waitForFrame('› older prompt');
		expect(frame).toContain('earlier prompt 2/2');
		await ui.press(keys.down);
		await ui.waitForFrame('› newest prompt');
		await ui.press(keys.enter);
		await ui.waitFor(() => recorded.actions.length === 1);
		expect(recorded.actions[0]).toEqual({kind: 'send', prompt: 'newest prompt', mode: 'named'});
	});

	test('↑ in an editor with text does not replace it with an earlier prompt', async () => {
		const {ui, recorded} = await renderHome({history: ['newest prompt']});
		await ui.type('my draft');
		await ui.press(keys.up);
		await ui.type('!');
		await ui.waitFor(() => recorded.editor.text === '!my draft');
		expect(ui.lastFrame()).not.toContain('newest prompt');
	});
});

describe('the menu', () => {
	test('Esc leaves the editor for the menu and the help bar changes to the menu keys; i comes back', async () => {
		const {ui, recorded} = await renderHome();
		let frame = ui.lastFrame();
		expect(frame).toContain(editorHelp);
		expect(frame).toContain('ctrl+j new line');
		expect(frame).not.toContain(menuHelp);
		await toMenu(ui);
		frame = ui.lastFrame();
		for (const item of ['i/enter edit prompt', 'r run (named)', 'b battle (blind)', 'm models', 's suite', 'l leaderboard', 'h history', 'o settings', 'q quit']) {
			expect(frame).toContain(item);
		}
		expect(recorded.editing).toBe(false);
		expect(editorTop(frame)).toContain(' prompt (i to edit) ');
		await ui.press('i');
		await ui.waitForFrame(editorHelp);
		await ui.type('x');
		await ui.waitFor(() => recorded.editor.text === 'x');
	});

	test('r sends the prompt as a named run and b as a blind battle, whatever the mode', async () => {
		const {ui, recorded} = await renderHome({mode: 'blind'});
		await ui.type('compare these');
		await toMenu(ui);
		await ui.press('r');
		await ui.waitFor(() => recorded.actions.length === 1);
		await ui.press('b');
		await ui.waitFor(() => recorded.actions.length === 2);
		expect(recorded.actions).toEqual([
			{kind: 'send', prompt: 'compare these', mode: 'named'},
			{kind: 'send', prompt: 'compare these', mode: 'blind'},
		]);
	});

	test.each([
		['m', 'models'],
		['s', 'suites'],
		['l', 'leaderboard'],
		['h', 'history'],
		['o', 'settings'],
	] as const)('%s opens %s', async (key, screen) => {
		const {ui, recorded} = await renderHome();
		await toMenu(ui);
		await ui.press(key);
		await ui.waitFor(() => recorded.actions.length === 1);
		expect(recorded.actions).toEqual([{kind: 'open', screen}]);
	});

	test('q quits', async () => {
		const {ui, recorded} = await renderHome();
		await toMenu(ui);
		await ui.press('q');
		await ui.waitFor(() => recorded.actions.length === 1);
		expect(recorded.actions).toEqual([{kind: 'quit'}]);
	});

	test('r with an empty editor goes back to editing and asks the workspace for a prompt instead of running', async () => {
		const {ui, recorded} = await renderHome();
		await toMenu(ui);
		await ui.press('r');
		await ui.waitForFrame(frame => frame.includes(editorHelp) && !frame.includes(menuHelp));
		expect(recorded.editing).toBe(true);
		// An empty prompt is the workspace's cue to say "type a prompt first"; nothing is started.
		expect(recorded.actions).toEqual([{kind: 'send', prompt: '', mode: 'named'}]);
		await ui.type('now typed');
		await ui.waitFor(() => recorded.editor.text === 'now typed');
	});
});

describe('loading a prompt from a file', () => {
	test('Ctrl+O asks for a path; a bad path shows its reason on one line and the question stays', async () => {
		const {ui, recorded} = await renderHome();
		await ui.press(CTRL_O);
		let frame = await ui.waitForFrame('load prompt from file:');
		expect(frame).toContain('enter load · esc cancel');
		await ui.type('nope.md');
		await ui.waitForFrame('load prompt from file: nope.md');
		await ui.press(keys.enter);
		frame = await ui.waitForFrame('✗ cannot read nope.md: no such file');
		expect(recorded.files).toEqual(['nope.md']);
		// Only the first line of the reason: no stack, no second row.
		expect(frame).not.toContain('at readFile');
		expect(frameLines(frame).filter(line => line.includes('nope.md'))).toHaveLength(2);
		expect(frame).toContain('load prompt from file:');
		await ui.press(keys.escape);
		frame = await ui.waitForFrame(current => !current.includes('load prompt from file'));
		expect(frame).not.toContain('✗');
		expect(recorded.editor.text).toBe('');
	});

	test('a good file fills the editor and hands the keyboard back to it', async () => {
		const {ui, recorded} = await renderHome({
			readPromptFile: async file => {
				recorded.files.push(file);
				return 'Summarise this:\nthe file body';
			},
		});
		await toMenu(ui);
		await ui.press(CTRL_O);
		await ui.waitForFrame('load prompt from file:');
		await ui.type('prompt.md');
		await ui.press(keys.enter);
		const frame = await ui.waitForFrame(current => current.includes('the file body') && !current.includes('load prompt from file'));
		expect(frame).toContain('Summarise this:');
		expect(frame).toContain('2 lines');
		expect(recorded.files).toEqual(['prompt.md']);
		expect(recorded.editing).toBe(true);
		expect(recorded.editor.text).toBe('Summarise this:\nthe file body');
		await ui.press(keys.enter);
		await ui.waitFor(() => recorded.actions.length === 1);
		expect(recorded.actions[0]).toEqual({kind: 'send', prompt: 'Summarise this:\nthe file body', mode: 'named'});
	});
});

describe('what home shows', () => {
	test('models that are exactly a saved set are shown under its name', async () => {
		const sets = {coding: ['b:two', 'a:one'], other: ['a:one', 'c:three']};
		expect(matchingSet(['a:one', 'b:two'], sets)).toBe('coding');
		expect(matchingSet(['a:one'], sets)).toBeNull();
		expect(matchingSet(['a:one', 'b:two', 'c:three'], sets)).toBeNull();
		const {ui} = await renderHome({models: ['a:one', 'b:two'], setName: 'coding'});
		expect(lineWith(ui.lastFrame(), 'a:one')).toMatch(/^set coding +a:one +b:two/);
	});

	test('chips show each provider in named mode and hide it in blind mode', async () => {
		const models = ['openai:gpt-4o-mini', 'ollama:llama3.2:3b', 'bare-alias'];
		expect(chipLabels(models, 'named')).toEqual(['openai:gpt-4o-mini', 'ollama:llama3.2:3b', 'bare-alias']);
		expect(chipLabels(models, 'blind')).toEqual(['gpt-4o-mini', 'llama3.2:3b', 'bare-alias']);

		const recorded = record();
		const element = (mode: WorkspaceMode) => <Home recorded={recorded} models={models} mode={mode} />;
		const ui = await renderInk(element('named'), {columns: 80, rows: 24});
		let frame = await ui.waitForFrame('mode: named run');
		let chips = lineWith(frame, 'models ');
		expect(chips).toContain('openai:gpt-4o-mini');
		expect(chips).toContain('ollama:llama3.2:3b');
		expect(frameLines(frame)[0]).toMatch(/named run$/);
		await ui.rerender(element('blind'));
		frame = await ui.waitForFrame('mode: blind battle');
		chips = lineWith(frame, 'models ');
		expect(chips).toContain('gpt-4o-mini');
		expect(chips).toContain('llama3.2:3b');
		expect(frame).not.toContain('openai');
		expect(frame).not.toContain('ollama');
		expect(frameLines(frame)[0]).toMatch(/blind battle$/);
	});

	test('the run options are on one line, with a way to change them', async () => {
		const {ui} = await renderHome({options: {system: 'Be brief.\nNo lists.', temperature: 0.2, maxTokens: 512}});
		const line = lineWith(ui.lastFrame(), 'options ');
		expect(line).toContain('temperature 0.2 · max tokens 512 · system "Be brief. No lists."');
	});

	test('no models yet: home says how to pick some', async () => {
		const {ui} = await renderHome({models: []});
		expect(ui.lastFrame()).toContain('no models yet: press esc, then m to pick some');
	});

	test('a notice from the workspace shows on one line, and while busy a spinner shows and Enter cannot send twice', async () => {
		const recorded = record();
		const element = (props: Partial<HomeScreenProps>) => <Home recorded={recorded} {...props} />;
		const ui = await renderInk(element({notice: {text: 'unknown provider "x"\nsecond line', tone: 'error'}}), {columns: 80, rows: 24});
		const frame = await ui.waitForFrame('✗ unknown provider "x" second line');
		expect(frameLines(frame).filter(line => line.includes('unknown provider'))).toHaveLength(1);
		await ui.type('abc');
		await ui.rerender(element({busy: 'starting 2 models…'}));
		const spinning = await ui.waitForFrame('starting 2 models…');
		expect(spinning).not.toContain('unknown provider');
		// Nothing listens while busy: a key pressed now is not taken.
		await ui.waitFor(() => !ui.stdin.acceptsInput);
		ui.stdin.write(keys.enter);
		ui.stdin.write('z');
		await ui.rerender(element({busy: null}));
		await ui.type('d');
		await ui.waitFor(() => recorded.editor.text === 'abcd');
		expect(recorded.actions).toEqual([]);
	});

	test('at 80×24 no frame is taller than 23 rows or wider than 80 columns, whatever is open', async () => {
		const longPrompt = Array.from({length: 40}, (_, index) => `line ${index + 1} of a long prompt`).join('\n');
		const frames: string[] = [];
		const {ui} = await renderHome({
			models: Array.from({length: 12}, (_, index) => `provider${index}:a-rather-long-model-name-${index}`),
			options: {system: 'x'.repeat(200), temperature: 1, maxTokens: 4096},
			history: [longPrompt],
			notice: {text: 'n'.repeat(300), tone: 'info'},
		});
		await ui.press(keys.up);
		frames.push(await ui.waitForFrame('line 40 of a long prompt'));
		await toMenu(ui);
		frames.push(ui.lastFrame());
		await ui.press(CTRL_O);
		frames.push(await ui.waitForFrame('load prompt from file:'));
		await ui.type('missing.md');
		await ui.press(keys.enter);
		frames.push(await ui.waitForFrame('✗ cannot read missing.md'));
		for (const frame of [...frames, ...ui.stdout.frames.filter(frame => frame !== '')]) {
			const lines = frameLines(frame);
			expect(lines.length).toBeLessThanOrEqual(23);
			for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
		}
	});
});
