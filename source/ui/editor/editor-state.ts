import type {Key} from 'ink';
import {stripTerminalControls} from '../../core/sanitize.js';
import {matches} from '../keymap.js';
import {displayWidth} from '../text/wrap.js';

/**
 * The multi-line prompt editor as pure state: every key press Ink reports is a
 * function from one EditorState to the next, so the rules can be tested
 * without a terminal and several keys arriving in one tick compose.
 *
 * What Ink 6.8 hands a `useInput` handler (read from ink/build/input-parser.js,
 * parse-keypress.js and hooks/use-input.js):
 * - Input is split at escape sequences only. A run of plain characters read in
 *   one chunk (a paste, or fast typing) arrives as ONE event, with `\r`, `\n`
 *   and tabs still inside it and every key flag false.
 * - Enter is "\r" → key.return. Alt+Enter is "\x1b\r" → key.return with
 *   key.meta. Ctrl+J is "\n", which Ink names "enter" (not "return"), so it
 *   arrives as input "\n" with key.return false.
 * - Backspace sends DEL (0x7f), which Ink reports as key.delete; Ctrl+H (0x08)
 *   is key.backspace; the real Delete key (ESC [3~) is key.delete too, with the
 *   same empty input, so the two cannot be told apart: key.delete and
 *   key.backspace both delete to the left, and Ctrl+D deletes to the right.
 * - Ctrl+letter arrives as the letter with key.ctrl. Alt+letter arrives as the
 *   letter with key.meta ("\x1bb" → "b"). A bare Esc has key.escape (and meta).
 * - Bracketed paste: the terminal wraps a paste in ESC[200~ … ESC[201~. Each
 *   marker is its own CSI event that Ink does not know, so the handler gets
 *   input "[200~" / "[201~" (the ESC stripped) with every flag false, meta
 *   included. The pasted text between them comes as one or more plain events
 *   (more when the terminal delivers it in several reads, or when it contains
 *   an ESC); a lone pasted "\r" is reported as key.return and a lone tab as
 *   key.tab with empty input. `applyEditorInput` follows this with a `pasting`
 *   flag that the caller keeps between events.
 */

export interface EditorState {
	text: string; // may contain '\n'
	cursor: number; // UTF-16 offset into text, always on a code point boundary
	/** While browsing earlier prompts with ↑/↓: which one (0 = newest) and the draft to return to. */
	recall: {index: number; draft: string} | null;
}

export const EMPTY_EDITOR: EditorState = Object.freeze({text: '', cursor: 0, recall: null});

export type EditorAction = 'submit' | 'leave' | 'load-file';

export interface EditorKeyResult {
	state: EditorState;
	action?: EditorAction;
}

export interface EditorInputResult extends EditorKeyResult {
	/** Whether a bracketed paste is still open after this event; pass it back in with the next one. */
	pasting: boolean;
}

/** What Ink passes for the bracketed-paste markers ESC[200~ and ESC[201~ (see the note at the top). */
export const PASTE_START_INPUT = '[200~';
export const PASTE_END_INPUT = '[201~';

const TAB_AS_SPACES = '  ';

/** Pasted/loaded text: CRLF and lone CR become \n, tabs become two spaces, other C0/C1 controls and escape sequences are removed. */
export function normalisePastedText(text: string): string {
	return stripTerminalControls(text.replace(/\r\n?/g, '\n').replaceAll('\t', TAB_AS_SPACES));
}

/** Cursor at end, recall null, text normalised like a paste. */
export function editorWithText(text: string): EditorState {
	const normalised = normalisePastedText(text);
	return {text: normalised, cursor: normalised.length, recall: null};
}

export function insertText(state: EditorState, text: string): EditorState {
	return replaceRange(state, state.cursor, state.cursor, normalisePastedText(text));
}

/**
 * One event as Ink reports it, following bracketed paste: between the markers
 * everything is text (line breaks included) and nothing submits. `pasting` is
 * the flag returned by the previous call; the component keeps it in a ref,
 * not in EditorState, because it describes the terminal's input stream rather
 * than the text being edited.
 */
export function applyEditorInput(
	state: EditorState,
	input: string,
	key: Key,
	history: readonly string[],
	pasting: boolean,
): EditorInputResult {
	if (input === PASTE_START_INPUT) return {state, pasting: true};
	if (input === PASTE_END_INPUT) return {state, pasting: false};
	if (pasting) return {state: insertPastedEvent(state, input, key), pasting: true};
	return {...applyEditorKey(state, input, key, history), pasting: false};
}

function insertPastedEvent(state: EditorState, input: string, key: Key): EditorState {
	if (key.return) return insertText(state, '\n');
	if (key.tab) return insertText(state, '\t');
	// A control character or escape sequence inside the paste: not text, drop it.
	if (key.ctrl || key.meta || key.escape || key.delete || key.backspace || isNavigationKey(key)) return state;
	if (input === '') return state;
	return insertText(state, input);
}

/** Applies one key press as Ink reports it. `history` is earlier prompts, newest first. */
export function applyEditorKey(state: EditorState, input: string, key: Key, history: readonly string[]): EditorKeyResult {
	// The newline bindings come first: Alt+Enter is return+meta, which EDITOR_SUBMIT would also accept.
	// Shift+Enter is only told apart from Enter by terminals speaking the kitty keyboard protocol.
	if (matches('EDITOR_NEWLINE', input, key) || (key.return && key.shift)) return {state: insertText(state, '\n')};
	if (matches('EDITOR_SUBMIT', input, key)) return {state, action: 'submit'};
	if (matches('EDITOR_LEAVE', input, key)) return {state, action: 'leave'};
	if (matches('LOAD_FILE', input, key)) return {state, action: 'load-file'};
	// A lone bracketed-paste marker with nobody tracking the paste: not text.
	if (input === PASTE_START_INPUT || input === PASTE_END_INPUT) return {state};

	const {text, cursor} = state;
	const byWord = key.ctrl || key.meta;

	if (matches('EDITOR_RECALL_OLDER', input, key)) return {state: moveUp(state, history)};
	if (matches('EDITOR_RECALL_NEWER', input, key)) return {state: moveDown(state, history)};
	if (key.leftArrow) return {state: moveTo(state, byWord ? wordStartBefore(text, cursor) : previousBoundary(text, cursor))};
	if (key.rightArrow) return {state: moveTo(state, byWord ? wordEndAfter(text, cursor) : nextBoundary(text, cursor))};
	if (key.home) return {state: moveTo(state, key.ctrl ? 0 : lineStart(text, cursor))};
	if (key.end) return {state: moveTo(state, key.ctrl ? text.length : lineEnd(text, cursor))};
	if (key.delete || key.backspace) {
		const from = key.meta ? wordStartBefore(text, cursor) : previousBoundary(text, cursor);
		return {state: replaceRange(state, from, cursor, '')};
	}
	if (key.tab) return {state: key.shift ? state : insertText(state, '\t')};
	if (key.ctrl) return {state: applyControlKey(state, input)};
	if (key.meta) return {state: applyAltKey(state, input)};
	if (key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.escape || key.return || key.super || key.hyper) {
		return {state};
	}
	return applyTypedText(state, input);
}

function isNavigationKey(key: Key): boolean {
	return key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.home || key.end || key.pageUp || key.pageDown;
}

function applyControlKey(state: EditorState, input: string): EditorState {
	const {text, cursor} = state;
	switch (input) {
		case 'a':
			return moveTo(state, lineStart(text, cursor));
		case 'e':
			return moveTo(state, lineEnd(text, cursor));
		case 'b':
			return moveTo(state, previousBoundary(text, cursor));
		case 'f':
			return moveTo(state, nextBoundary(text, cursor));
		case 'u':
			return replaceRange(state, lineStart(text, cursor), cursor, '');
		case 'k': {
			// At the end of a line, Ctrl+K joins the next line to it (as in Emacs).
			const end = lineEnd(text, cursor);
			return replaceRange(state, cursor, end === cursor ? nextBoundary(text, cursor) : end, '');
		}
		case 'w':
			return replaceRange(state, spaceDelimitedWordStart(text, cursor), cursor, '');
		case 'd':
			return replaceRange(state, cursor, nextBoundary(text, cursor), '');
		default:
			// Every other Ctrl combination is some other view's command, never text.
			return state;
	}
}

function applyAltKey(state: EditorState, input: string): EditorState {
	const {text, cursor} = state;
	switch (input) {
		case 'b':
			return moveTo(state, wordStartBefore(text, cursor));
		case 'f':
			return moveTo(state, wordEndAfter(text, cursor));
		case 'd':
			return replaceRange(state, cursor, wordEndAfter(text, cursor), '');
		default:
			return state;
	}
}

// What is left of an escape sequence Ink did not recognise (shift+F1 "\x1b[1;2P", a cursor
// position report "\x1b[24;80R", a mouse report "\x1b[<0;10;20M"): Ink strips the ESC and passes
// the rest as input (vadimdemedes/ink#1013). It is not text. A digit is required so that "[a"
// typed quickly is still text.
const UNKNOWN_SEQUENCE_REMAINS = /^\[[<=>?]?\d[\d;:]*[\u0020-\u002F]*[\u0040-\u007E]$/;

function applyTypedText(state: EditorState, input: string): EditorKeyResult {
	if (input === '') return {state};
	if (input.length > 1 && UNKNOWN_SEQUENCE_REMAINS.test(input)) return {state};
	const firstBreak = input.search(/[\r\n]/);
	// "hello\r": typed faster than one read, then Enter. Anything after a line break
	// (or a break other than that one trailing CR) means the text was pasted.
	if (firstBreak !== -1 && firstBreak === input.length - 1 && input.endsWith('\r')) {
		return {state: insertText(state, input.slice(0, -1)), action: 'submit'};
	}
	return {state: insertText(state, input)};
}

// ---- Moving and editing ----

function moveTo(state: EditorState, cursor: number): EditorState {
	return cursor === state.cursor ? state : {...state, cursor};
}

/** Every edit goes through here, and an edit ends browsing earlier prompts: the text is now the user's. */
function replaceRange(state: EditorState, from: number, to: number, insert: string): EditorState {
	if (from === to && insert === '') return state;
	return {
		text: state.text.slice(0, from) + insert + state.text.slice(to),
		cursor: from + insert.length,
		recall: null,
	};
}

function lineStart(text: string, position: number): number {
	return text.lastIndexOf('\n', position - 1) + 1;
}

function lineEnd(text: string, position: number): number {
	const end = text.indexOf('\n', position);
	return end === -1 ? text.length : end;
}

function moveUp(state: EditorState, history: readonly string[]): EditorState {
	const {text, cursor, recall} = state;
	const start = lineStart(text, cursor);
	if (start > 0) return {...state, cursor: positionAtColumn(text, lineStart(text, start - 1), columnOf(text, cursor))};
	if (text === '' || recall !== null) {
		const older = recall === null ? 0 : recall.index + 1;
		if (older < history.length) return recalled(history, older, recall?.draft ?? text);
	}
	return moveTo(state, 0);
}

function moveDown(state: EditorState, history: readonly string[]): EditorState {
	const {text, cursor, recall} = state;
	const end = lineEnd(text, cursor);
	if (end < text.length) return {...state, cursor: positionAtColumn(text, end + 1, columnOf(text, cursor))};
	if (recall !== null) {
		if (recall.index > 0) return recalled(history, recall.index - 1, recall.draft);
		return {text: recall.draft, cursor: recall.draft.length, recall: null};
	}
	return moveTo(state, text.length);
}

function recalled(history: readonly string[], index: number, draft: string): EditorState {
	const text = normalisePastedText(history[index] ?? '');
	return {text, cursor: text.length, recall: {index, draft}};
}

/** Display columns from the start of the cursor's line to the cursor. */
function columnOf(text: string, position: number): number {
	return displayWidth(text.slice(lineStart(text, position), position));
}

/** The position in the line starting at `start` nearest to `column` without passing it. */
function positionAtColumn(text: string, start: number, column: number): number {
	const end = lineEnd(text, start);
	let used = 0;
	for (const {segment, index} of graphemes.segment(text.slice(start, end))) {
		const width = displayWidth(segment);
		if (used + width > column) return start + index;
		used += width;
	}
	return end;
}

// ---- Characters and words ----

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

// A user character (an emoji with skin tone, a flag, a letter with combining accents) is one
// grapheme, several code points. Segmenting only a window around the cursor keeps a key press
// cheap in a long pasted line; no real grapheme is longer than the window.
const GRAPHEME_WINDOW = 64;

function isHighSurrogate(code: number): boolean {
	return code >= 0xd8_00 && code <= 0xdb_ff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc_00 && code <= 0xdf_ff;
}

/** Start of the character before `position` (a newline is a character of its own). */
function previousBoundary(text: string, position: number): number {
	if (position <= 0) return 0;
	if (text[position - 1] === '\n') return position - 1;
	let from = Math.max(lineStart(text, position), position - GRAPHEME_WINDOW);
	if (from > 0 && isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) from -= 1;
	let last = from;
	for (const {index} of graphemes.segment(text.slice(from, position))) last = from + index;
	return last;
}

/** End of the character after `position`. */
function nextBoundary(text: string, position: number): number {
	if (position >= text.length) return text.length;
	if (text[position] === '\n') return position + 1;
	let to = Math.min(lineEnd(text, position), position + GRAPHEME_WINDOW);
	if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1)) && isLowSurrogate(text.charCodeAt(to))) to += 1;
	const first = graphemes.segment(text.slice(position, to))[Symbol.iterator]().next().value;
	return position + (first?.segment.length ?? 1);
}

const WORD_CHARACTER = /[\p{L}\p{M}\p{N}_]/u;
const SPACE_CHARACTER = /\s/u;

function codePointBefore(text: string, position: number): string {
	const low = text.charCodeAt(position - 1);
	if (position >= 2 && isLowSurrogate(low) && isHighSurrogate(text.charCodeAt(position - 2))) return text.slice(position - 2, position);
	return text.slice(position - 1, position);
}

function codePointAt(text: string, position: number): string {
	return String.fromCodePoint(text.codePointAt(position)!);
}

/** Moves left over characters that do not match `belongs`, then over those that do. */
function skipLeft(text: string, position: number, belongs: (character: string) => boolean): number {
	let at = position;
	while (at > 0 && !belongs(codePointBefore(text, at))) at -= codePointBefore(text, at).length;
	while (at > 0 && belongs(codePointBefore(text, at))) at -= codePointBefore(text, at).length;
	return at;
}

/** Alt+B, Ctrl+←: the start of this or the previous word (letters, digits, underscore). */
function wordStartBefore(text: string, position: number): number {
	return skipLeft(text, position, character => WORD_CHARACTER.test(character));
}

/** Alt+F, Ctrl+→: the end of this or the next word. */
function wordEndAfter(text: string, position: number): number {
	let at = position;
	while (at < text.length && !WORD_CHARACTER.test(codePointAt(text, at))) at += codePointAt(text, at).length;
	while (at < text.length && WORD_CHARACTER.test(codePointAt(text, at))) at += codePointAt(text, at).length;
	return at;
}

/** Ctrl+W, as in a shell: back over spaces, then over everything up to the previous space. */
function spaceDelimitedWordStart(text: string, position: number): number {
	return skipLeft(text, position, character => !SPACE_CHARACTER.test(character));
}

// ---- Layout ----

export interface EditorLayout {
	rows: string[];
	cursorRow: number;
	cursorColumn: number;
}

interface RowRange {
	start: number;
	end: number;
	/** Whether the row is the last of its line, so the position at its end belongs to it. */
	endsLine: boolean;
}

/** Soft-wraps for display at `width` columns (display width, wide chars count 2): each visual row, plus where the cursor is. */
export function layoutEditor(state: EditorState, width: number): EditorLayout {
	const rowWidth = Math.max(1, Math.floor(width));
	const ranges = wrappedRows(state.text, rowWidth);
	const cursor = Math.min(Math.max(0, state.cursor), state.text.length);
	const rows = ranges.map(range => state.text.slice(range.start, range.end));
	let cursorRow = ranges.findIndex(
		range => (range.start <= cursor && cursor < range.end) || (range.endsLine && cursor === range.end),
	);
	if (cursorRow === -1) cursorRow = ranges.length - 1;
	const row = ranges[cursorRow]!;
	let cursorColumn = displayWidth(state.text.slice(row.start, cursor));
	// The cursor after a full row has no cell left on it: it takes a row of its own, as in a terminal.
	if (cursorColumn >= rowWidth && row.endsLine && cursor === row.end) {
		rows.splice(cursorRow + 1, 0, '');
		cursorRow += 1;
		cursorColumn = 0;
	}
	return {rows, cursorRow, cursorColumn};
}

// Moving the cursor re-lays out the same text; a loaded file can be long, so the last wrap is kept.
let lastWrap: {text: string; width: number; ranges: RowRange[]} | null = null;

function wrappedRows(text: string, width: number): RowRange[] {
	if (lastWrap?.text === text && lastWrap.width === width) return lastWrap.ranges;
	const ranges: RowRange[] = [];
	let start = 0;
	for (const line of text.split('\n')) {
		for (const range of wrapLine(line, width)) {
			ranges.push({...range, start: start + range.start, end: start + range.end});
		}
		start += line.length + 1;
	}
	lastWrap = {text, width, ranges};
	return ranges;
}

// eslint-disable-next-line no-control-regex
const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;

/** Rows of one line, as offsets into it. A row breaks after the last space that fits, or mid-word when none does. */
function wrapLine(line: string, width: number): RowRange[] {
	const ascii = PRINTABLE_ASCII.test(line);
	if (ascii && line.length <= width) return [{start: 0, end: line.length, endsLine: true}];
	const rows: RowRange[] = [];
	let rowStart = 0;
	let rowWidth = 0;
	// Offset just after the last space on the current row: the preferred place to break.
	let afterSpace = -1;
	for (const {segment, index} of ascii ? asciiCharacters(line) : graphemes.segment(line)) {
		const segmentWidth = displayWidth(segment);
		if (rowWidth + segmentWidth > width && index > rowStart) {
			const breakAt = segment !== ' ' && afterSpace > rowStart ? afterSpace : index;
			rows.push({start: rowStart, end: breakAt, endsLine: false});
			rowStart = breakAt;
			rowWidth = displayWidth(line.slice(breakAt, index));
			afterSpace = -1;
		}
		rowWidth += segmentWidth;
		if (segment === ' ') afterSpace = index + 1;
	}
	rows.push({start: rowStart, end: line.length, endsLine: true});
	return rows;
}

/** Each character of an ASCII line in the shape Intl.Segmenter gives, without its cost. */
function* asciiCharacters(line: string): Generator<{segment: string; index: number}> {
	for (let index = 0; index < line.length; index += 1) yield {segment: line[index]!, index};
}
