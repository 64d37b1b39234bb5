import {Box, Text} from 'ink';
import {useEffect, useMemo, useRef} from 'react';
import {stripTerminalControls} from '../../core/sanitize.js';
import {type DiffSegment, diffStats, wordDiffWithInfo} from '../../core/word-diff.js';
import {theme} from '../theme.js';
import {displayWidth, expandTabs, splitAtWidth, truncateToWidth} from '../text/wrap.js';

/**
 * Two answers side by side with their word-level differences marked: the left
 * column shows what only the left answer says, the right what only the right
 * says. Columns wrap on their own and re-align after every line both answers
 * share, so a paragraph that grew on one side does not push the rest out of step.
 * Below 80 columns the two are stacked instead. The view draws exactly `rows`
 * rows or fewer, and scrolls by `scrollTop` (the parent owns the keys).
 */

export interface DiffViewProps {
	left: {title: string; text: string};
	right: {title: string; text: string};
	width: number;
	rows: number;
	scrollTop: number;
	/** Reports the scrollable rows and how many of them fit, so the parent can clamp scrollTop to contentRows − viewportRows. */
	onMeasure?(contentRows: number, viewportRows: number): void;
}

/** Below this width two columns are too narrow to read, so they are stacked. */
export const SIDE_BY_SIDE_MIN_WIDTH = 80;
const COLUMN_SEPARATOR = ' │ ';
export const COARSE_DIFF_NOTE = 'coarse diff: the answers are too long and different to align word by word; some parts are shown whole';

type Tone = 'plain' | 'removed' | 'added' | 'title' | 'muted' | 'note';

interface Piece {
	text: string;
	tone: Tone;
}

type Row = Piece[];

interface Layout {
	/** Rows that stay put while the body scrolls. */
	fixed: Row[];
	body: Row[];
}

export function DiffView({left, right, width, rows, scrollTop, onMeasure}: DiffViewProps) {
	const leftText = useMemo(() => expandTabs(stripTerminalControls(left.text)), [left.text]);
	const rightText = useMemo(() => expandTabs(stripTerminalControls(right.text)), [right.text]);
	const diff = useMemo(() => wordDiffWithInfo(leftText, rightText), [leftText, rightText]);
	const markers = noColor();
	const layout = useMemo(
		() => layoutDiff({leftTitle: left.title, rightTitle: right.title, segments: diff.segments, coarse: diff.coarse, width, markers}),
		[left.title, right.title, diff, width, markers],
	);
	const height = Math.max(0, Math.floor(rows));
	const fixed = layout.fixed.slice(0, height);
	const viewportRows = height - fixed.length;
	const contentRows = layout.body.length;
	const top = Math.max(0, Math.min(Math.floor(scrollTop), contentRows - viewportRows));
	const visible = layout.body.slice(top, top + viewportRows);

	const measure = useRef(onMeasure);
	measure.current = onMeasure;
	useEffect(() => {
		measure.current?.(contentRows, viewportRows);
	}, [contentRows, viewportRows]);

	return (
		<Box flexDirection="column" width={width}>
			{[...fixed, ...visible].map((row, index) => (
				<RowText key={index} row={row} />
			))}
		</Box>
	);
}

function RowText({row}: {row: Row}) {
	if (row.length === 0) return <Text> </Text>;
	return (
		<Text wrap="truncate-end">
			{row.map((piece, index) => (
				<PieceText key={index} piece={piece} />
			))}
		</Text>
	);
}

// Read when drawn: the theme is settled at start-up, after this module loads.
function PieceText({piece}: {piece: Piece}) {
	switch (piece.tone) {
		case 'removed':
			return (
				<Text color={theme.error} bold>
					{piece.text}
				</Text>
			);
		case 'added':
			return (
				<Text color={theme.verdict} bold>
					{piece.text}
				</Text>
			);
		case 'title':
			return (
				<Text color={theme.title} bold>
					{piece.text}
				</Text>
			);
		case 'muted':
			return <Text color={theme.muted}>{piece.text}</Text>;
		case 'note':
			return <Text color={theme.warning}>{piece.text}</Text>;
		default:
			return <Text>{piece.text}</Text>;
	}
}

/** NO_COLOR (any non-empty value) turns colour off, so changes are also spelled out as [-removed-] and {+added+}. */
function noColor(): boolean {
	const value = process.env['NO_COLOR'];
	return value !== undefined && value !== '';
}

interface LayoutInput {
	leftTitle: string;
	rightTitle: string;
	segments: readonly DiffSegment[];
	coarse: boolean;
	width: number;
	markers: boolean;
}

function layoutDiff({leftTitle, rightTitle, segments, coarse, width, markers}: LayoutInput): Layout {
	const stats = diffStats(segments);
	const removedLabel = `−${stats.removedWords} ${stats.removedWords === 1 ? 'word' : 'words'}`;
	const addedLabel = `+${stats.addedWords} ${stats.addedWords === 1 ? 'word' : 'words'}`;
	const note: Row[] = coarse ? [[{text: truncateToWidth(COARSE_DIFF_NOTE, width), tone: 'note'}]] : [];
	const totalWidth = Math.max(1, Math.floor(width));

	if (totalWidth < SIDE_BY_SIDE_MIN_WIDTH) {
		const leftPieces: Piece[] = [];
		const rightPieces: Piece[] = [];
		for (const segment of segments) {
			if (segment.kind !== 'added') appendSegment(leftPieces, segment, markers);
			if (segment.kind !== 'removed') appendSegment(rightPieces, segment, markers);
		}
		return {
			fixed: note,
			body: [
				titleRow(leftTitle, removedLabel, 'removed', totalWidth),
				...wrapPieces(leftPieces, totalWidth),
				[],
				titleRow(rightTitle, addedLabel, 'added', totalWidth),
				...wrapPieces(rightPieces, totalWidth),
			],
		};
	}

	const leftWidth = Math.floor((totalWidth - COLUMN_SEPARATOR.length) / 2);
	const rightWidth = totalWidth - COLUMN_SEPARATOR.length - leftWidth;
	const blocks = alignedBlocks(segments, markers);
	// The answers' shared final newline would end with an empty block: a blank last row.
	if (blocks.length > 1 && blocks.at(-1)!.left.length === 0 && blocks.at(-1)!.right.length === 0) blocks.pop();
	const body: Row[] = [];
	for (const block of blocks) {
		const leftRows = wrapPieces(block.left, leftWidth);
		const rightRows = wrapPieces(block.right, rightWidth);
		for (let index = 0; index < Math.max(leftRows.length, rightRows.length); index += 1) {
			body.push(sideBySide(leftRows[index] ?? [], rightRows[index] ?? [], leftWidth));
		}
	}
	const header = sideBySide(titleRow(leftTitle, removedLabel, 'removed', leftWidth), titleRow(rightTitle, addedLabel, 'added', rightWidth), leftWidth);
	return {fixed: [header, ...note], body};
}

function titleRow(title: string, statsLabel: string, statsTone: Tone, width: number): Row {
	const cleanTitle = stripTerminalControls(title).replace(/\s+/g, ' ').trim();
	const statsWidth = displayWidth(statsLabel);
	if (width < statsWidth + 4) return [{text: truncateToWidth(cleanTitle, width), tone: 'title'}];
	return [
		{text: truncateToWidth(cleanTitle, width - statsWidth - 3), tone: 'title'},
		{text: ' · ', tone: 'muted'},
		{text: statsLabel, tone: statsTone},
	];
}

function sideBySide(leftRow: Row, rightRow: Row, leftWidth: number): Row {
	const used = leftRow.reduce((total, piece) => total + displayWidth(piece.text), 0);
	const padding = ' '.repeat(Math.max(0, leftWidth - used));
	return [...leftRow, {text: padding, tone: 'plain'}, {text: COLUMN_SEPARATOR, tone: 'muted'}, ...rightRow];
}

interface Block {
	left: Piece[];
	right: Piece[];
}

/**
 * Cuts the diff at every newline both answers share: each block starts on a
 * line of its own in both columns, so the columns line up again after it.
 */
function alignedBlocks(segments: readonly DiffSegment[], markers: boolean): Block[] {
	const blocks: Block[] = [];
	let current: Block = {left: [], right: []};
	for (const segment of segments) {
		if (segment.kind === 'removed') {
			appendSegment(current.left, segment, markers);
			continue;
		}
		if (segment.kind === 'added') {
			appendSegment(current.right, segment, markers);
			continue;
		}
		const lines = segment.text.split('\n');
		for (const [index, line] of lines.entries()) {
			if (index > 0) {
				blocks.push(current);
				current = {left: [], right: []};
			}
			if (line !== '') {
				current.left.push({text: line, tone: 'plain'});
				current.right.push({text: line, tone: 'plain'});
			}
		}
	}
	blocks.push(current);
	return blocks;
}

/** Adds a segment's text to a column; newlines stay as their own pieces for the wrapper, and each changed line gets markers when colour is off. */
function appendSegment(pieces: Piece[], segment: DiffSegment, markers: boolean): void {
	const tone: Tone = segment.kind === 'same' ? 'plain' : segment.kind;
	const [open, close] = segment.kind === 'removed' ? ['[-', '-]'] : ['{+', '+}'];
	for (const [index, line] of segment.text.split('\n').entries()) {
		if (index > 0) pieces.push({text: '\n', tone: 'plain'});
		if (line === '') continue;
		pieces.push({text: markers && tone !== 'plain' ? `${open}${line}${close}` : line, tone});
	}
}

/**
 * Word-wraps styled pieces to `width` columns: "\n" pieces end a line, a space
 * at a wrap point is dropped, and a word longer than a row is broken.
 */
function wrapPieces(pieces: readonly Piece[], width: number): Row[] {
	const rowWidth = Math.max(1, width);
	const rows: Row[] = [];
	let row: Row = [];
	let used = 0;
	const endRow = () => {
		rows.push(mergeTones(row));
		row = [];
		used = 0;
	};
	for (const piece of pieces) {
		if (piece.text === '\n') {
			endRow();
			continue;
		}
		for (const token of piece.text.match(/\s+|\S+/g) ?? []) {
			const tokenWidth = displayWidth(token);
			if (used + tokenWidth <= rowWidth) {
				row.push({text: token, tone: piece.tone});
				used += tokenWidth;
				continue;
			}
			if (/^\s/.test(token)) {
				if (used > 0) endRow();
				continue;
			}
			if (used > 0) endRow();
			let rest = token;
			while (displayWidth(rest) > rowWidth) {
				const [head, tail] = splitAtWidth(rest, rowWidth);
				row.push({text: head, tone: piece.tone});
				endRow();
				rest = tail;
			}
			if (rest !== '') {
				row.push({text: rest, tone: piece.tone});
				used = displayWidth(rest);
			}
		}
	}
	endRow();
	return withoutTrailingEmptyRows(rows);
}

// An answer's final newline would otherwise leave a blank row at the end of its column.
function withoutTrailingEmptyRows(rows: Row[]): Row[] {
	let end = rows.length;
	while (end > 1 && rows[end - 1]!.every(piece => piece.text.trim() === '')) end -= 1;
	return end === rows.length ? rows : rows.slice(0, end);
}

function mergeTones(row: Row): Row {
	const merged: Row = [];
	for (const piece of row) {
		const last = merged.at(-1);
		if (last && last.tone === piece.tone) last.text += piece.text;
		else merged.push({...piece});
	}
	return merged;
}
