import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
import {
	applyEditorInput,
	applyEditorKey,
	EMPTY_EDITOR,
	type EditorState,
	editorWithText,
	insertText,
	layoutEditor,
	normalisePastedText,
} from '../../../source/ui/editor/editor-state.js';
import {NO_KEY} from '../../../source/ui/keymap.js';
import {displayWidth} from '../../../source/ui/text/wrap.js';

/** Key events written the way Ink 6 reports them to a useInput handler. */
const ink = {
	char: (character: string): [string, Key] => [character, {...NO_KEY, shift: /^[A-Z]$/.test(character)}],
	enter: ['\r', {...NO_KEY, return: true}] as [string, Key],
	altEnter: ['\r', {...NO_KEY, return: true, meta: true}] as [string, Key],
	ctrlJ: ['\n', NO_KEY] as [string, Key],
	escape: ['', {...NO_KEY, escape: true, meta: true}] as [string, Key],
	tab: ['', {...NO_KEY, tab: true}] as [string, Key],
	shiftTab: ['', {...NO_KEY, tab: true, shift: true}] as [string, Key],
	left: ['', {...NO_KEY, leftArrow: true}] as [string, Key],
	right: ['', {...NO_KEY, rightArrow: true}] as [string, Key],
	up: ['', {...NO_KEY, upArrow: true}] as [string, Key],
	down: ['', {...NO_KEY, downArrow: true}] as [string, Key],
	ctrlLeft: ['', {...NO_KEY, leftArrow: true, ctrl: true}] as [string, Key],
	ctrlRight: ['', {...NO_KEY, rightArrow: true, ctrl: true}] as [string, Key],
	home: ['', {...NO_KEY, home: true}] as [string, Key],
	end: ['', {...NO_KEY, end: true}] as [string, Key],
	pageUp: ['', {...NO_KEY, pageUp: true}] as [string, Key],
	// DEL (what the Backspace key sends on most terminals) and ESC[3~ (Delete) both come as key.delete.
	backspaceAsDelete: ['', {...NO_KEY, delete: true}] as [string, Key],
	// Ctrl+H, and Backspace on terminals that send BS.
	backspace: ['', {...NO_KEY, backspace: true}] as [string, Key],
	altBackspace: ['', {...NO_KEY, delete: true, meta: true}] as [string, Key],
	ctrl: (letter: string): [string, Key] => [letter, {...NO_KEY, ctrl: true}],
	alt: (letter: string): [string, Key] => [letter, {...NO_KEY, meta: true}],
	/** A chunk of plain text read in one go: Ink passes it whole, with no key flag set. */
	chunk: (text: string): [string, Key] => [text, NO_KEY],
	pasteStart: ['[200~', NO_KEY] as [string, Key],
	pasteEnd: ['[201~', NO_KEY] as [string, Key],
};

/** An editor state written with `|` where the cursor is. */
function at(marked: string): EditorState {
	const cursor = marked.indexOf('|');
	return {text: marked.slice(0, cursor) + marked.slice(cursor + 1), cursor, recall: null};
}

/** The state as `at` writes it. */
function shown(state: EditorState): string {
	return `${state.text.slice(0, state.cursor)}|${state.text.slice(state.cursor)}`;
}

function press(state: EditorState, event: [string, Key], history: readonly string[] = []) {
	return applyEditorKey(state, event[0], event[1], history);
}

function pressAll(state: EditorState, events: Array<[string, Key]>, history: readonly string[] = []): EditorState {
	return events.reduce((current, event) => press(current, event, history).state, state);
}

function typed(text: string): EditorState {
	return pressAll(EMPTY_EDITOR, [...text].map(character => ink.char(character)));
}

describe('normalising pasted or loaded text', () => {
	test('CRLF and lone CR become newlines and tabs two spaces', () => {
		expect(normalisePastedText('one\r\ntwo\rthree\nfour\tend')).toBe('one\ntwo\nthree\nfour  end');
	});

	test('escape sequences and other controls are removed, the text around them kept', () => {
		const pasted = '\u001B[31mred\u001B[0m \u001B]0;new title\u0007bell\u0007 nul\u0000 c1\u009B2J ok';
		expect(normalisePastedText(pasted)).toBe('red bell nul c1 ok');
	});

	test('wide characters and emoji survive untouched', () => {
		expect(normalisePastedText('日本語 👍🏽 café')).toBe('日本語 👍🏽 café');
	});

	test('editorWithText normalises and puts the cursor at the end', () => {
		expect(editorWithText('a\r\nb\tc')).toEqual({text: 'a\nb  c', cursor: 6, recall: null});
	});

	test('insertText inserts at the cursor, normalised, and ends browsing history', () => {
		const browsing: EditorState = {...at('ab|cd'), recall: {index: 0, draft: ''}};
		expect(insertText(browsing, 'X\r\nY\u001B[1mZ')).toEqual({...at('abX\nYZ|cd'), recall: null});
	});
});

describe('typing, newlines and submitting', () => {
	test('printable characters are inserted at the cursor', () => {
		expect(shown(typed('hello'))).toBe('hello|');
		expect(shown(press(at('he|llo'), ink.char('Y')).state)).toBe('heY|llo');
	});

	test('Enter reports submit and leaves the text alone, even when blank', () => {
		const state = typed('two words');
		const result = press(state, ink.enter);
		expect(result.action).toBe('submit');
		expect(result.state).toBe(state);
		expect(press(at('  |'), ink.enter).action).toBe('submit');
	});

	test('Ctrl+J and Alt+Enter insert a newline instead of submitting', () => {
		const afterCtrlJ = press(at('first|'), ink.ctrlJ);
		expect(afterCtrlJ.action).toBeUndefined();
		expect(shown(afterCtrlJ.state)).toBe('first\n|');
		const afterAltEnter = press(at('a|b'), ink.altEnter);
		expect(afterAltEnter.action).toBeUndefined();
		expect(shown(afterAltEnter.state)).toBe('a\n|b');
	});

	test('Tab inserts two spaces; Shift+Tab inserts nothing', () => {
		expect(shown(press(at('a|b'), ink.tab).state)).toBe('a  |b');
		expect(shown(press(at('a|b'), ink.shiftTab).state)).toBe('a|b');
	});

	test('Esc leaves and Ctrl+O asks to load a file, text untouched', () => {
		const state = at('draft|');
		expect(press(state, ink.escape)).toEqual({state, action: 'leave'});
		expect(press(state, ink.ctrl('o'))).toEqual({state, action: 'load-file'});
	});

	test('other Ctrl and Alt combinations and page keys are never inserted', () => {
		const state = at('draft|');
		for (const event of [ink.ctrl('x'), ink.ctrl('c'), ink.ctrl('l'), ink.alt('x'), ink.alt('q'), ink.pageUp]) {
			const result = press(state, event);
			expect(result.state.text).toBe('draft');
			expect(result.action).toBeUndefined();
		}
	});
});

describe('moving the cursor', () => {
	test('←/→ move by one character, an emoji or accented letter counting as one', () => {
		expect(shown(press(at('ab|c'), ink.left).state)).toBe('a|bc');
		expect(shown(press(at('ab|c'), ink.right).state)).toBe('abc|');
		expect(shown(press(at('|abc'), ink.left).state)).toBe('|abc');
		expect(shown(press(at('abc|'), ink.right).state)).toBe('abc|');
		// A surrogate pair, a skin-tone modifier, a ZWJ family, a flag, a combining accent.
		for (const character of ['😀', '👍🏽', '👩‍👩‍👧', '🇫🇷', 'e\u0301', '日']) {
			const before = at(`x${character}|y`);
			const movedLeft = press(before, ink.left).state;
			expect(shown(movedLeft)).toBe(`x|${character}y`);
			expect(shown(press(movedLeft, ink.right).state)).toBe(`x${character}|y`);
		}
	});

	test('← and → cross line breaks', () => {
		expect(shown(press(at('ab\n|cd'), ink.left).state)).toBe('ab|\ncd');
		expect(shown(press(at('ab|\ncd'), ink.right).state)).toBe('ab\n|cd');
	});

	test('Ctrl+←/→ and Alt+B/F move by word', () => {
		expect(shown(press(at('say hello, world|'), ink.ctrlLeft).state)).toBe('say hello, |world');
		expect(shown(press(at('say hello, |world'), ink.alt('b')).state)).toBe('say |hello, world');
		expect(shown(press(at('|say hello, world'), ink.ctrlRight).state)).toBe('say| hello, world');
		expect(shown(press(at('say| hello, world'), ink.alt('f')).state)).toBe('say hello|, world');
		expect(shown(press(at('one\n|two'), ink.ctrlLeft).state)).toBe('|one\ntwo');
		expect(shown(press(at('naïve 日本語|'), ink.ctrlLeft).state)).toBe('naïve |日本語');
	});

	test('Home/End and Ctrl+A/Ctrl+E go to the start and end of the current line', () => {
		const state = at('first\nsec|ond\nthird');
		expect(shown(press(state, ink.home).state)).toBe('first\n|second\nthird');
		expect(shown(press(state, ink.ctrl('a')).state)).toBe('first\n|second\nthird');
		expect(shown(press(state, ink.end).state)).toBe('first\nsecond|\nthird');
		expect(shown(press(state, ink.ctrl('e')).state)).toBe('first\nsecond|\nthird');
	});

	test('↑/↓ move between lines keeping the column, or to the end of a shorter line', () => {
		expect(shown(press(at('abcdef\nab|c'), ink.up).state)).toBe('ab|cdef\nabc');
		expect(shown(press(at('ab|cdef\nabc'), ink.down).state)).toBe('abcdef\nab|c');
		expect(shown(press(at('abcdef|\nabc'), ink.down).state)).toBe('abcdef\nabc|');
		expect(shown(press(at('a\n\nabc|'), ink.up).state)).toBe('a\n|\nabc');
	});

	test('↑/↓ keep the display column across wide characters', () => {
		// Column 4 is after two wide characters.
		expect(shown(press(at('日本語\nabcd|'), ink.up).state)).toBe('日本|語\nabcd');
		// Column 5 falls inside 語, which is not passed.
		expect(shown(press(at('日本語\nabcde|'), ink.up).state)).toBe('日本|語\nabcde');
		expect(shown(press(at('日本|語\nabcdef'), ink.down).state)).toBe('日本語\nabcd|ef');
	});

	test('↑ on the first line of a text that is not browsing goes to its start; ↓ on the last line to its end', () => {
		expect(press(at('some te|xt'), ink.up, ['older']).state).toEqual(at('|some text'));
		expect(press(at('some\nte|xt'), ink.down, ['older']).state).toEqual(at('some\ntext|'));
	});
});

describe('recalling earlier prompts', () => {
	const history = ['newest prompt', 'middle\nprompt', 'oldest prompt'];

	test('↑ on an empty editor shows the newest prompt; more ↑ go older and stop at the oldest', () => {
		const newest = press(EMPTY_EDITOR, ink.up, history).state;
		expect(newest).toEqual({text: 'newest prompt', cursor: 13, recall: {index: 0, draft: ''}});
		const middle = press(newest, ink.up, history).state;
		expect(middle.text).toBe('middle\nprompt');
		expect(middle.recall?.index).toBe(1);
		// The cursor is on the last line of a two-line prompt: ↑ first moves within it.
		const onFirstLine = press(middle, ink.up, history).state;
		expect(shown(onFirstLine)).toBe('middle|\nprompt');
		expect(onFirstLine.recall?.index).toBe(1);
		const oldest = press(onFirstLine, ink.up, history).state;
		expect(oldest.text).toBe('oldest prompt');
		expect(press(oldest, ink.up, history).state.text).toBe('oldest prompt');
	});

	test('↓ while browsing goes newer and finally back to the draft', () => {
		const oldest = pressAll(EMPTY_EDITOR, [ink.up, ink.up, ink.up, ink.up], history);
		expect(oldest.text).toBe('oldest prompt');
		const middle = press(oldest, ink.down, history).state;
		expect(middle.text).toBe('middle\nprompt');
		const newest = press(middle, ink.down, history).state;
		expect(newest.text).toBe('newest prompt');
		expect(press(newest, ink.down, history).state).toEqual(EMPTY_EDITOR);
	});

	test('returning from history restores the draft that was kept', () => {
		const browsing: EditorState = {text: 'newest prompt', cursor: 13, recall: {index: 0, draft: 'half-written'}};
		expect(press(browsing, ink.down, history).state).toEqual({text: 'half-written', cursor: 12, recall: null});
		expect(press(browsing, ink.up, history).state.recall).toEqual({index: 1, draft: 'half-written'});
	});

	test('editing a recalled prompt ends browsing and keeps the text; ↑ then no longer recalls', () => {
		const recalled = press(EMPTY_EDITOR, ink.up, history).state;
		const edited = press(recalled, ink.char('!'), history).state;
		expect(edited).toEqual({text: 'newest prompt!', cursor: 14, recall: null});
		expect(press(edited, ink.up, history).state).toEqual({...edited, cursor: 0});
		expect(press(press(recalled, ink.backspaceAsDelete, history).state, ink.down, history).state.text).toBe('newest promp');
	});

	test('moving the cursor inside a recalled prompt keeps browsing', () => {
		const recalled = press(EMPTY_EDITOR, ink.up, history).state;
		const moved = press(recalled, ink.left, history).state;
		expect(moved.recall).toEqual({index: 0, draft: ''});
		expect(press(moved, ink.up, history).state.text).toBe('middle\nprompt');
	});

	test('↑ with no history does nothing; recalled prompts are normalised', () => {
		expect(press(EMPTY_EDITOR, ink.up, []).state).toEqual(EMPTY_EDITOR);
		expect(press(EMPTY_EDITOR, ink.up, ['a\r\nb\tc']).state.text).toBe('a\nb  c');
	});
});

describe('deleting', () => {
	test('Backspace deletes to the left whether Ink reports it as delete or backspace', () => {
		expect(shown(press(at('abc|'), ink.backspaceAsDelete).state)).toBe('ab|');
		expect(shown(press(at('abc|'), ink.backspace).state)).toBe('ab|');
		expect(shown(press(at('|abc'), ink.backspace).state)).toBe('|abc');
	});

	test('Backspace removes a whole emoji or wide character and joins lines at a line start', () => {
		expect(shown(press(at('a👍🏽|b'), ink.backspaceAsDelete).state)).toBe('a|b');
		expect(shown(press(at('a👩‍👩‍👧|'), ink.backspaceAsDelete).state)).toBe('a|');
		expect(shown(press(at('日本|語'), ink.backspaceAsDelete).state)).toBe('日|語');
		expect(shown(press(at('one\n|two'), ink.backspaceAsDelete).state)).toBe('one|two');
	});

	test('Ctrl+D deletes to the right; Alt+Backspace deletes the word before the cursor', () => {
		expect(shown(press(at('a|😀b'), ink.ctrl('d')).state)).toBe('a|b');
		expect(shown(press(at('abc|'), ink.ctrl('d')).state)).toBe('abc|');
		expect(shown(press(at('say hello|'), ink.altBackspace).state)).toBe('say |');
	});

	test('Ctrl+U deletes to the line start, Ctrl+K to the line end (joining lines at the end)', () => {
		expect(shown(press(at('one\ntw|o\nthree'), ink.ctrl('u')).state)).toBe('one\n|o\nthree');
		expect(shown(press(at('one\ntw|o\nthree'), ink.ctrl('k')).state)).toBe('one\ntw|\nthree');
		expect(shown(press(at('one|\ntwo'), ink.ctrl('k')).state)).toBe('one|two');
	});

	test('Ctrl+W deletes the previous space-separated word', () => {
		expect(shown(press(at('run foo-bar.ts|'), ink.ctrl('w')).state)).toBe('run |');
		expect(shown(press(at('run foo   |'), ink.ctrl('w')).state)).toBe('run |');
		expect(shown(press(at('one two|'), ink.alt('d')).state)).toBe('one two|');
		expect(shown(press(at('one| two'), ink.alt('d')).state)).toBe('one|');
	});
});

describe('text arriving several characters at a time', () => {
	test('text then one trailing CR is typing followed by Enter: inserted, then submitted', () => {
		const result = press(at('say |'), ink.chunk('hello\r'));
		expect(result.action).toBe('submit');
		expect(shown(result.state)).toBe('say hello|');
	});

	test('a chunk with a line break followed by more text is a paste: newlines inserted, no submit', () => {
		const result = press(EMPTY_EDITOR, ink.chunk('line one\rline two\r\nline three\r'));
		expect(result.action).toBeUndefined();
		expect(result.state.text).toBe('line one\nline two\nline three\n');
		expect(press(EMPTY_EDITOR, ink.chunk('a\nb')).state.text).toBe('a\nb');
	});

	test('a chunk of plain text is inserted with its tabs and controls normalised', () => {
		expect(shown(press(at('[|]'), ink.chunk('a\tb\u0007c')).state)).toBe('[a  bc|]');
	});

	test('what is left of an unknown escape sequence is not inserted, but bracket text is', () => {
		for (const remains of ['[1;2P', '[24;80R', '[<0;10;20M', '[?62;1;4c']) {
			expect(press(at('x|'), ink.chunk(remains)).state.text).toBe('x');
		}
		expect(press(at('x|'), ink.chunk('[a')).state.text).toBe('x[a');
	});
});

describe('bracketed paste', () => {
	function feed(events: Array<[string, Key]>, state: EditorState = EMPTY_EDITOR) {
		let pasting = false;
		const actions: string[] = [];
		for (const [input, key] of events) {
			const result = applyEditorInput(state, input, key, [], pasting);
			state = result.state;
			pasting = result.pasting;
			if (result.action) actions.push(result.action);
		}
		return {state, pasting, actions};
	}

	test('everything between the markers is inserted literally, line breaks included, and nothing submits', () => {
		const result = feed([ink.pasteStart, ink.chunk('line one\r'), ink.enter, ink.chunk('line two\rline three\r'), ink.pasteEnd]);
		expect(result.actions).toEqual([]);
		expect(result.pasting).toBe(false);
		expect(shown(result.state)).toBe('line one\n\nline two\nline three\n|');
	});

	test('a lone pasted tab becomes spaces and pasted control keys are dropped', () => {
		const result = feed([ink.pasteStart, ink.chunk('a'), ink.tab, ink.ctrl('c'), ink.escape, ink.left, ink.chunk('b'), ink.pasteEnd]);
		expect(shown(result.state)).toBe('a  b|');
		expect(result.actions).toEqual([]);
	});

	test('the paste stays open across events until the end marker; Enter submits again after it', () => {
		const open = feed([ink.pasteStart, ink.chunk('first\r')]);
		expect(open.pasting).toBe(true);
		expect(open.actions).toEqual([]);
		const closed = feed([ink.pasteStart, ink.chunk('first\r'), ink.pasteEnd, ink.enter]);
		expect(closed.actions).toEqual(['submit']);
		expect(closed.state.text).toBe('first\n');
	});

	test('a marker seen without tracking the paste is not text', () => {
		expect(press(at('x|'), ink.pasteStart).state.text).toBe('x');
		expect(press(at('x|'), ink.pasteEnd).state.text).toBe('x');
	});
});

describe('layout', () => {
	test('an empty editor is one empty row with the cursor at its start', () => {
		expect(layoutEditor(EMPTY_EDITOR, 10)).toEqual({rows: [''], cursorRow: 0, cursorColumn: 0});
	});

	test('lines are kept, empty ones included, and long ones break after the last space that fits', () => {
		const layout = layoutEditor(at('hello world again\n\nend|'), 12);
		expect(layout.rows).toEqual(['hello world ', 'again', '', 'end']);
		expect([layout.cursorRow, layout.cursorColumn]).toEqual([3, 3]);
	});

	test('a word longer than the row is broken mid-word', () => {
		expect(layoutEditor(at('abcdefghij|'), 4).rows).toEqual(['abcd', 'efgh', 'ij']);
	});

	test('wide characters count two columns and never straddle a row break', () => {
		const layout = layoutEditor(at('日本語|'), 5);
		expect(layout.rows).toEqual(['日本', '語']);
		expect([layout.cursorRow, layout.cursorColumn]).toEqual([1, 2]);
		const emoji = layoutEditor(at('a👍🏽|b'), 10);
		expect([emoji.cursorRow, emoji.cursorColumn]).toEqual([0, 3]);
	});

	test('the cursor at a row break is shown at the start of the next row', () => {
		const layout = layoutEditor(at('abcd|efgh'), 4);
		expect(layout.rows).toEqual(['abcd', 'efgh']);
		expect([layout.cursorRow, layout.cursorColumn]).toEqual([1, 0]);
	});

	test('the cursor after a full last row gets a row of its own, and only then', () => {
		const atEnd = layoutEditor(at('abcd|\nx'), 4);
		expect(atEnd.rows).toEqual(['abcd', '', 'x']);
		expect([atEnd.cursorRow, atEnd.cursorColumn]).toEqual([1, 0]);
		const elsewhere = layoutEditor(at('abc|d\nx'), 4);
		expect(elsewhere.rows).toEqual(['abcd', 'x']);
		expect([elsewhere.cursorRow, elsewhere.cursorColumn]).toEqual([0, 3]);
	});

	test('every row fits the width', () => {
		const text = 'The quick brown 狐狸 jumps over 🐕🐕🐕 the lazy dog, again and again, without end.';
		for (const width of [3, 7, 10, 16]) {
			for (const row of layoutEditor(editorWithText(text), width).rows) {
				expect(displayWidth(row)).toBeLessThanOrEqual(width);
			}
			expect(layoutEditor(editorWithText(text), width).rows.join('')).toBe(text);
		}
	});
});
