import {Box, type Key, Text, useInput} from 'ink';
import {useCallback, useEffect, useLayoutEffect, useRef} from 'react';
import {stripTerminalControls} from '../../core/sanitize.js';
import {applyEditorInput, type EditorState, layoutEditor} from '../editor/editor-state.js';
import {useLatest} from '../hooks/use-latest.js';
import {theme} from '../theme.js';
import {displayWidth, splitAtWidth, truncateToWidth} from '../text/wrap.js';

export interface PromptEditorProps {
	state: EditorState;
	onChange(state: EditorState): void;
	onSubmit(text: string): void;
	onLeave?(): void;
	onLoadFile?(): void;
	/** Earlier prompts, newest first. */
	history?: readonly string[];
	/** Whether keys go to the editor; the parent computes it from isRawModeSupported. */
	focus: boolean;
	/** Outer width, borders included. */
	width: number;
	/** Most text rows shown; the box scrolls to keep the cursor visible. */
	maxRows: number;
	placeholder?: string;
	/** Drawn in the top border, e.g. "prompt" or "follow-up to every pane". */
	label?: string;
}

const NO_HISTORY: readonly string[] = [];
// Without colour, focus still shows: the prompt marker, a bold label and the cursor cell.
const PROMPT_MARKER = '› ';
const NO_MARKER = '  ';
const MARKER_WIDTH = 2;
const SIDE_BORDERS = 2;
const RIGHT_PADDING = 1;
const MIN_WIDTH = 8;
const INFO_SEPARATOR = ' · ';
/** Room the label keeps before the border's indicators are dropped for it. */
const MIN_LABEL_WIDTH = 10;
// States sent to onChange and not yet seen back as props; bounded in case a parent drops some.
const MAX_UNCONFIRMED = 64;
/** How long keys are held back after Esc or Ctrl+O if the parent leaves the editor focused. */
const HAND_OFF_MS = 150;

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/**
 * The multi-line prompt editor: a round-bordered box with the label in its top
 * border, the text soft-wrapped, and a line count or history hint in its
 * bottom border. It is at most `maxRows` + 2 rows tall.
 *
 * The parent owns the state. Keys can arrive faster than React re-renders
 * (a paste or fast typing read in several chunks in one tick), so each key is
 * applied to the newest state this component produced, kept in a ref, not to
 * the last `state` prop; a state the parent sets itself (cleared after a
 * submit, a loaded file) replaces it when it arrives.
 */
export function PromptEditor({
	state,
	onChange,
	onSubmit,
	onLeave,
	onLoadFile,
	history = NO_HISTORY,
	focus,
	width,
	maxRows,
	placeholder = '',
	label = '',
}: PromptEditorProps) {
	const newest = useRef(state);
	const unconfirmed = useRef<EditorState[]>([]);
	// Whether a bracketed paste is open. It lives here, not in EditorState: it is about the
	// terminal's input stream (the paste can span several input events), not about the text.
	const pasting = useRef(false);
	const scrollTop = useRef(0);
	const latestProps = useLatest({onChange, onSubmit, onLeave, onLoadFile, history});

	useLayoutEffect(() => {
		const index = unconfirmed.current.indexOf(state);
		if (index === -1) {
			// Set by the parent, not by a key here: that is now the text being edited.
			newest.current = state;
			unconfirmed.current = [];
		} else {
			// One of ours came back; any later ones are still on their way and stay newest.
			unconfirmed.current.splice(0, index + 1);
		}
	}, [state]);

	// Set the moment this editor hands the keyboard on (Esc, Ctrl+O), before the parent re-renders
	// with focus off: keys read in between belong to whatever comes next, not to the text. Cleared
	// when the focus changes, or shortly after should the parent keep the editor focused.
	const handedOff = useRef(false);
	const handOff = () => {
		handedOff.current = true;
		setTimeout(() => (handedOff.current = false), HAND_OFF_MS).unref?.();
	};
	useEffect(() => {
		// A paste cut off by a focus change must not leave Enter inserting newlines forever.
		if (!focus) pasting.current = false;
		handedOff.current = false;
	}, [focus]);

	const handleInput = useCallback(
		(input: string, key: Key) => {
			if (handedOff.current) return;
			const props = latestProps.current;
			const before = newest.current;
			const result = applyEditorInput(before, input, key, props.history, pasting.current);
			pasting.current = result.pasting;
			if (result.state !== before) {
				newest.current = result.state;
				unconfirmed.current.push(result.state);
				if (unconfirmed.current.length > MAX_UNCONFIRMED) unconfirmed.current.shift();
				props.onChange(result.state);
			}
			if (result.action === 'submit') props.onSubmit(result.state.text);
			else if (result.action === 'leave') {
				if (props.onLeave) handOff();
				props.onLeave?.();
			} else if (result.action === 'load-file') {
				if (props.onLoadFile) handOff();
				props.onLoadFile?.();
			}
		},
		[latestProps],
	);
	useInput(handleInput, {isActive: focus});

	const outerWidth = Math.max(MIN_WIDTH, Math.floor(width));
	const textWidth = Math.max(1, outerWidth - SIDE_BORDERS - MARKER_WIDTH - RIGHT_PADDING);
	const layout = layoutEditor(state, textWidth);
	const shownRows = Math.max(1, Math.min(Math.floor(maxRows), layout.rows.length));
	const top = scrollPosition(scrollTop.current, layout.cursorRow, shownRows, layout.rows.length);
	useLayoutEffect(() => {
		scrollTop.current = top;
	});
	const hiddenBelow = layout.rows.length - top - shownRows;

	const lineCount = state.text.split('\n').length;
	const bottomInfo: string[] = [];
	if (state.recall !== null) bottomInfo.push(`earlier prompt ${state.recall.index + 1}/${history.length}`);
	else if (focus && state.text === '' && history.length > 0) bottomInfo.push('↑ older prompts');
	if (lineCount > 1) bottomInfo.push(`${lineCount} lines`);
	if (hiddenBelow > 0) bottomInfo.push(`↓ ${hiddenBelow} more`);

	const borderColor = focus ? theme.focusedBorder : theme.border;
	const shownLabel = stripTerminalControls(label).replaceAll('\n', ' ');
	return (
		<Box flexDirection="column" width={outerWidth} flexShrink={0}>
			<BorderLine
				corners={['╭', '╮']}
				width={outerWidth}
				color={borderColor}
				title={shownLabel}
				titleBold={focus}
				info={top > 0 ? `↑ ${top} more` : ''}
			/>
			<Box
				flexDirection="column"
				width={outerWidth}
				borderStyle="round"
				borderTop={false}
				borderBottom={false}
				borderColor={borderColor}
				paddingRight={RIGHT_PADDING}
			>
				{state.text === '' ? (
					<Placeholder text={placeholder} width={textWidth} focus={focus} />
				) : (
					layout.rows.slice(top, top + shownRows).map((row, index) => (
						<EditorRow
							key={top + index}
							row={row}
							marker={focus && index === 0 ? PROMPT_MARKER : NO_MARKER}
							cursorColumn={focus && top + index === layout.cursorRow ? layout.cursorColumn : null}
						/>
					))
				)}
			</Box>
			<BorderLine corners={['╰', '╯']} width={outerWidth} color={borderColor} title="" titleBold={false} info={bottomInfo.join(INFO_SEPARATOR)} />
		</Box>
	);
}

/** First row shown: moves only as far as needed to keep the cursor in view, so the text does not jump. */
function scrollPosition(previousTop: number, cursorRow: number, shownRows: number, totalRows: number): number {
	let top = Math.min(previousTop, cursorRow);
	if (cursorRow >= top + shownRows) top = cursorRow - shownRows + 1;
	return Math.max(0, Math.min(top, totalRows - shownRows));
}

function EditorRow({row, marker, cursorColumn}: {row: string; marker: string; cursorColumn: number | null}) {
	if (cursorColumn === null) {
		return (
			<Text wrap="truncate-end">
				{marker}
				{stripTerminalControls(row)}
			</Text>
		);
	}
	const [before, rest] = splitAtWidth(row, cursorColumn);
	const underCursor = firstGrapheme(rest);
	return (
		<Text wrap="truncate-end">
			{marker}
			{stripTerminalControls(before)}
			<Text inverse>{underCursor === '' ? ' ' : stripTerminalControls(underCursor)}</Text>
			{stripTerminalControls(rest.slice(underCursor.length))}
		</Text>
	);
}

function Placeholder({text, width, focus}: {text: string; width: number; focus: boolean}) {
	const shown = truncateToWidth(stripTerminalControls(text).replaceAll('\n', ' '), width);
	if (!focus) {
		return (
			<Text wrap="truncate-end">
				{NO_MARKER}
				<Text dimColor>{shown}</Text>
			</Text>
		);
	}
	// The cursor sits on the placeholder's first character, as in a shell's suggestion.
	const first = firstGrapheme(shown);
	return (
		<Text wrap="truncate-end">
			{PROMPT_MARKER}
			<Text inverse>{first === '' ? ' ' : first}</Text>
			<Text dimColor>{shown.slice(first.length)}</Text>
		</Text>
	);
}

function firstGrapheme(text: string): string {
	if (text === '') return '';
	return graphemes.segment(text)[Symbol.iterator]().next().value?.segment ?? '';
}

/** A top or bottom border with a title on the left and dim indicators on the right, exactly `width` columns. */
function BorderLine({
	corners,
	width,
	color,
	title,
	titleBold,
	info,
}: {
	corners: [left: string, right: string];
	width: number;
	/** Undefined under NO_COLOR: the terminal's own colour. */
	color: string | undefined;
	title: string;
	titleBold: boolean;
	info: string;
}) {
	// One rule character stays next to each corner so the box still reads as a box.
	const room = width - 4;
	let titlePart = title === '' ? '' : ` ${title} `;
	let infoPart = info === '' ? '' : ` ${info} `;
	if (displayWidth(titlePart) + displayWidth(infoPart) > room) {
		const titleRoom = Math.max(room - displayWidth(infoPart), Math.min(displayWidth(titlePart), MIN_LABEL_WIDTH));
		if (titlePart !== '') titlePart = ` ${truncateToWidth(title, Math.max(0, titleRoom - 2))} `;
		if (displayWidth(titlePart) + displayWidth(infoPart) > room) infoPart = '';
		if (displayWidth(titlePart) > room) titlePart = '';
	}
	const fill = Math.max(0, room - displayWidth(titlePart) - displayWidth(infoPart));
	return (
		<Text wrap="truncate-end">
			<Text color={color}>{`${corners[0]}─`}</Text>
			{titlePart === '' ? null : (
				<Text bold={titleBold} color={titleBold ? theme.title : undefined}>
					{titlePart}
				</Text>
			)}
			<Text color={color}>{'─'.repeat(fill)}</Text>
			{infoPart === '' ? null : <Text dimColor>{infoPart}</Text>}
			<Text color={color}>{`─${corners[1]}`}</Text>
		</Text>
	);
}
