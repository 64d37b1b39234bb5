import {useState} from 'react';
import {afterEach, expect, test} from 'vitest';
import {PromptEditor} from '../../../source/ui/components/prompt-editor.js';
import {EMPTY_EDITOR, type EditorState, editorWithText} from '../../../source/ui/editor/editor-state.js';
import {cleanupInk, keys, renderInk, SGR_DIM, withColor} from '../../helpers/ink-harness.js';
import {frameLines} from '../frame.js';

afterEach(cleanupInk);

const PASTE_START = '\u001B[200~';
const PASTE_END = '\u001B[201~';
const CTRL_J = '\n';
const CTRL_O = '\u000F';

interface Recorded {
	submits: string[];
	leaves: number;
	loads: number;
	/** The parent's state after its latest render. */
	state: EditorState;
}

interface EditorHostProps {
	initial?: EditorState;
	history?: readonly string[];
	width?: number;
	maxRows?: number;
	focus?: boolean;
	label?: string;
	placeholder?: string;
	/** What the workspace does: a submitted prompt clears the editor. */
	clearOnSubmit?: boolean;
	recorded: Recorded;
}

/** A parent that owns the state, as the workspace will. */
function EditorHost({
	initial = EMPTY_EDITOR,
	history = [],
	width = 40,
	maxRows = 5,
	focus = true,
	label = 'prompt',
	placeholder = 'Ask every model something',
	clearOnSubmit = false,
	recorded,
}: EditorHostProps) {
	const [state, setState] = useState(initial);
	recorded.state = state;
	return (
		<PromptEditor
			state={state}
			onChange={setState}
			onSubmit={text => {
				recorded.submits.push(text);
				if (clearOnSubmit) setState(EMPTY_EDITOR);
			}}
			onLeave={() => (recorded.leaves += 1)}
			onLoadFile={() => (recorded.loads += 1)}
			history={history}
			focus={focus}
			width={width}
			maxRows={maxRows}
			label={label}
			placeholder={placeholder}
		/>
	);
}

function record(): Recorded {
	return {submits: [], leaves: 0, loads: 0, state: EMPTY_EDITOR};
}

test('typing shows the text in a box labelled with the prompt marker; Enter submits it', async () => {
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} clearOnSubmit />, {columns: 60, rows: 20});
	const empty = await ui.waitForFrame('Ask every model something');
	expect(frameLines(empty)[0]).toMatch(/^╭─ prompt ─+╮$/);
	await ui.type('Hello there');
	const typed = await ui.waitForFrame('› Hello there');
	expect(typed).not.toContain('Ask every model something');
	await ui.press(keys.enter);
	await ui.waitFor(() => recorded.submits.length === 1);
	expect(recorded.submits).toEqual(['Hello there']);
	await ui.waitForFrame('Ask every model something');
});

test('text read together with a trailing Enter (typed ahead) is inserted and then submitted', async () => {
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} />, {columns: 60, rows: 20});
	await ui.press('quick question\r');
	await ui.waitFor(() => recorded.submits.length === 1);
	expect(recorded.submits).toEqual(['quick question']);
});

test('Ctrl+J starts a new line, and Enter then submits both lines', async () => {
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} />, {columns: 60, rows: 20});
	await ui.type('first line');
	await ui.press(CTRL_J);
	await ui.type('second line');
	const frame = await ui.waitForFrame('2 lines');
	const lines = frameLines(frame);
	const first = lines.findIndex(line => line.includes('first line'));
	expect(lines[first + 1]).toContain('second line');
	expect(recorded.submits).toEqual([]);
	await ui.press(keys.enter);
	await ui.waitFor(() => recorded.submits.length === 1);
	expect(recorded.submits).toEqual(['first line\nsecond line']);
});

test('a bracketed paste of three lines inserts them without submitting, even split across reads', async () => {
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} />, {columns: 60, rows: 20});
	// Terminals send pasted line breaks as CR, the same byte as Enter.
	await ui.press(`${PASTE_START}alpha\r`);
	await ui.press(`beta\rgamma${PASTE_END}`);
	const frame = await ui.waitForFrame('3 lines');
	expect(frame).toContain('alpha');
	expect(frame).toContain('beta');
	expect(frame).toContain('gamma');
	expect(recorded.state.text).toBe('alpha\nbeta\ngamma');
	expect(recorded.submits).toEqual([]);
	// The paste is over: Enter submits again.
	await ui.press(keys.enter);
	await ui.waitFor(() => recorded.submits.length === 1);
	expect(recorded.submits).toEqual(['alpha\nbeta\ngamma']);
});

test('keys arriving faster than React renders are all applied, in order', async () => {
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} />, {columns: 60, rows: 20});
	await ui.waitFor(() => ui.stdin.acceptsInput);
	// Several reads in one tick, with no render in between.
	for (const chunk of ['a', 'b', 'c', keys.left, 'X', keys.backspace, 'Y']) ui.stdin.write(chunk);
	await ui.waitForFrame('abYc');
	expect(recorded.state.text).toBe('abYc');
});

test('↑ on an empty editor recalls earlier prompts and ↓ returns to the empty draft', async () => {
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} history={['latest question', 'older question']} />, {
		columns: 60,
		rows: 20,
	});
	await ui.waitForFrame('↑ older prompts');
	await ui.press(keys.up);
	const latest = await ui.waitForFrame('latest question');
	expect(latest).toContain('earlier prompt 1/2');
	await ui.press(keys.up);
	await ui.waitForFrame('older question');
	await ui.press(keys.down);
	await ui.press(keys.down);
	await ui.waitForFrame('Ask every model something');
	expect(recorded.state.text).toBe('');
	await ui.press(keys.up);
	await ui.waitForFrame('latest question');
	await ui.press(keys.enter);
	await ui.waitFor(() => recorded.submits.length === 1);
	expect(recorded.submits).toEqual(['latest question']);
});

test('Esc calls onLeave and Ctrl+O calls onLoadFile, leaving the text alone', async () => {
	for (const [key, count] of [
		[keys.escape, (recorded: ReturnType<typeof record>) => recorded.leaves],
		[CTRL_O, (recorded: ReturnType<typeof record>) => recorded.loads],
	] as const) {
		const recorded = record();
		const ui = await renderInk(<EditorHost recorded={recorded} initial={editorWithText('keep me')} />, {columns: 60, rows: 20});
		await ui.waitForFrame('keep me');
		await ui.press(key);
		await ui.waitFor(() => count(recorded) === 1);
		expect(recorded.state.text).toBe('keep me');
		expect(recorded.submits).toEqual([]);
		await cleanupInk();
	}
});

test('keys read after Esc, before the parent takes the focus away, are not typed into the text', async () => {
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} initial={editorWithText('keep me')} />, {columns: 60, rows: 20});
	await ui.waitForFrame('keep me');
	// This host never takes the focus away; what follows Esc at once still belongs to what comes next.
	await ui.press(keys.escape);
	await ui.press('m');
	await ui.waitFor(() => recorded.leaves === 1);
	expect(recorded.state.text).toBe('keep me');
});

test('long text never makes the box taller than maxRows + 2, and the cursor row stays in view', async () => {
	const recorded = record();
	const text = Array.from({length: 12}, (_, index) => `row number ${index + 1}`).join('\n');
	const ui = await renderInk(<EditorHost recorded={recorded} initial={editorWithText(text)} maxRows={4} width={30} />, {
		columns: 60,
		rows: 20,
	});
	const atEnd = await ui.waitForFrame('row number 12');
	expect(frameLines(atEnd)).toHaveLength(6);
	expect(atEnd).toContain('12 lines');
	expect(atEnd).toContain('↑ 8 more');
	expect(atEnd).not.toContain('row number 8');
	for (let step = 0; step < 11; step += 1) await ui.press(keys.up);
	const atTop = await ui.waitForFrame('row number 1 ');
	expect(frameLines(atTop)).toHaveLength(6);
	expect(atTop).toContain('↓ 8 more');
	expect(atTop).not.toContain('row number 5');
	// Typing at the top lands there, in view.
	await ui.press(keys.home);
	await ui.type('>');
	await ui.waitForFrame('>row number 1 ');
	for (const frame of ui.stdout.frames) expect(frameLines(frame).length).toBeLessThanOrEqual(6);
});

test('one long wrapped line scrolls with the cursor too, and every line fits the width', async () => {
	const recorded = record();
	const words = Array.from({length: 30}, (_, index) => `word${index}`).join(' ');
	const ui = await renderInk(<EditorHost recorded={recorded} initial={editorWithText(words)} maxRows={3} width={24} />, {
		columns: 60,
		rows: 20,
	});
	const frame = await ui.waitForFrame('word29');
	expect(frameLines(frame)).toHaveLength(5);
	for (const line of frameLines(frame)) expect([...line].length).toBeLessThanOrEqual(24);
	expect(frame).not.toContain('word0 ');
	await ui.press(keys.home);
	const start = await ui.waitForFrame('word0 ');
	expect(start).not.toContain('word29');
});

test('without focus keys are ignored, and there is no prompt marker or cursor', async () => {
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} focus={false} initial={editorWithText('idle text')} />, {
		columns: 60,
		rows: 20,
	});
	const frame = await ui.waitForFrame('idle text');
	expect(frame).not.toContain('›');
	expect(ui.stdin.acceptsInput).toBe(false);
	await withColor(async () => {
		const focused = await renderInk(<EditorHost recorded={record()} initial={editorWithText('busy')} />, {columns: 60, rows: 20});
		await focused.waitForFrame(frame => frame.includes('busy'));
		const raw = focused.stdout.writes.join('');
		// The cursor is an inverse cell after the text, the label is bold.
		expect(raw).toMatch(/busy(?:\u001B\[[\d;]*m)*\u001B\[7m \u001B\[27m/);
		expect(raw).toMatch(/\u001B\[1m(?:\u001B\[[\d;]*m)* prompt /);
	});
});

test('the placeholder is dimmed, and controls in the label or the text never reach the terminal', async () => {
	await withColor(async () => {
		const ui = await renderInk(<EditorHost recorded={record()} label={'evil\u001B]0;title\u0007 label'} placeholder="type here" />, {
			columns: 60,
			rows: 20,
		});
		await ui.waitForFrame('evil label');
		expect(ui.stdout.writes.join('')).toContain(`${SGR_DIM}ype here`);
		expect(ui.stdout.writes.join('')).not.toContain('\u001B]0;');
	});
	const recorded = record();
	const ui = await renderInk(<EditorHost recorded={recorded} initial={{text: 'a\u001B[2Jb', cursor: 0, recall: null}} />, {
		columns: 60,
		rows: 20,
	});
	await ui.waitForFrame('a');
	expect(ui.stdout.writes.join('')).not.toContain('\u001B[2J');
});
