import {afterEach, expect, test} from 'vitest';
import {helpItems} from '../../source/ui/keymap.js';
import {PromptApp} from '../../source/ui/prompt-app.js';
import {promptTui} from '../../source/ui/run-app.js';
import {cleanupInk, createTerminal, driveTerminal, keys, renderInk} from '../helpers/ink-harness.js';

afterEach(cleanupInk);

const helpText = (item: {keys: string; description: string}) => `${item.keys} ${item.description}`;

test('shows the models that will answer, whether they are simulated, and echoes what is typed', async () => {
	let submitted: string | null | undefined;
	const ui = await renderInk(
		<PromptApp models={['demo:swift', 'demo:thinker']} simulated onDone={prompt => (submitted = prompt)} />,
		{columns: 100, rows: 20},
	);
	const frame = await ui.waitForFrame('demo:thinker');
	expect(frame).toContain('demo:swift');
	expect(frame).toContain('simulated');
	for (const item of helpItems(['SUBMIT', 'DISMISS'])) expect(frame).toContain(helpText(item));
	// Enter on an empty prompt does nothing.
	await ui.press(keys.enter);
	expect(submitted).toBeUndefined();
	await ui.type('Why is the sky blue?');
	await ui.waitForFrame('Why is the sky blue?');
	await ui.press(keys.enter);
	await ui.waitFor(() => submitted !== undefined);
	expect(submitted).toBe('Why is the sky blue?');
	// The prompt box does not linger above the run that follows.
	await ui.waitForFrame(frame => !frame.includes('demo:swift'));
});

test('promptTui resolves with the typed prompt and hands the terminal back', async () => {
	const terminal = createTerminal({columns: 100, rows: 20});
	const ui = driveTerminal(terminal);
	const answer = promptTui({models: ['demo:swift'], simulated: true, ...terminal.streams});
	await ui.type('hello there');
	await ui.press(keys.enter);
	expect(await answer).toBe('hello there');
	expect(terminal.stdin.rawMode).toBe(false);
});

test.each([
	['Esc', keys.escape],
	['Ctrl+C', keys.ctrlC],
])('%s leaves promptTui without a prompt', async (_name, key) => {
	const terminal = createTerminal({columns: 100, rows: 20});
	const ui = driveTerminal(terminal);
	const answer = promptTui({models: ['demo:swift'], simulated: false, ...terminal.streams});
	await ui.type('half a thought');
	await ui.press(key);
	expect(await answer).toBeNull();
});

test('promptTui without a keyboard (piped stdin) asks nothing and returns null', async () => {
	const terminal = createTerminal({columns: 100, rows: 20, isTTY: false});
	expect(await promptTui({models: ['demo:swift'], simulated: false, ...terminal.streams})).toBeNull();
	expect(terminal.stdout.frames).toEqual([]);
});
