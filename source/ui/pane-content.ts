import type {ModelError, ModelState} from '../core/types.js';
import {stripTerminalControls} from '../core/sanitize.js';
import {codeColor, theme} from './theme.js';
import {highlightLine, isHighlighted} from './text/highlight.js';
import {type AnswerLine, IncrementalLines, MarkdownClassifier} from './text/markdown.js';
import {displayWidth, hardWrap, truncateToWidth, wrapWords} from './text/wrap.js';

/**
 * Turns what a model has said so far into terminal rows of an exact width, so a
 * pane can show precisely the rows that fit. Pure: no Ink, no React.
 */

export interface Segment {
	text: string;
	color?: string;
	dim?: boolean;
	bold?: boolean;
}

/** One terminal row, at most the body width wide. */
export type DisplayLine = Segment[];

export interface PaneBodySource {
	/** Raw model text, only ever appended to; sanitised here, before anything is measured or drawn. */
	text: string;
	reasoning: string;
	state: ModelState;
	error: ModelError | null;
	reasoningExpanded: boolean;
	/** The key that shows/hides reasoning, for the hint on the reasoning line. */
	reasoningKey: string;
	/** Raw text: every line as written, spaces kept, no code frames or highlighting (the `m` toggle). */
	raw?: boolean;
}

type BodyLine =
	| AnswerLine
	| {kind: 'reasoning-summary'; words: number}
	| {kind: 'reasoning-heading'}
	| {kind: 'reasoning'; text: string}
	| {kind: 'gap'}
	| {kind: 'error'; message: string}
	| {kind: 'placeholder'; text: string}
	| {kind: 'raw'; text: string};

const CODE_GUTTER = '│ ';
const REASONING_GUTTER = '┊ ';

/** Whether reasoning is open when the user has not chosen: while the model thinks, and until the answer starts. */
export function reasoningOpenByDefault(text: string): boolean {
	return text.length === 0;
}

const asIs = () => ({next: (line: string) => line, peek: (line: string) => line});

/**
 * Per-pane memory of the lines already split, sanitised and classified, so each
 * frame only processes what arrived since the last one. One per pane; pass the
 * same one on every frame.
 */
export class PaneTextCache {
	readonly answer = new IncrementalLines<AnswerLine>(() => new MarkdownClassifier());
	readonly reasoning = new IncrementalLines<string>(asIs);
	readonly rawAnswer = new IncrementalLines<string>(asIs);
}

/** Raw lines, in the same shape the markdown classifier gives, so blank-line trimming treats both alike. */
function rawLines(text: string, cache: PaneTextCache): BodyLine[] {
	return dropLeadingBlankLines(cache.rawAnswer.lines(text).map(line => ({kind: 'prose' as const, text: line}))).map(line => ({
		kind: 'raw' as const,
		// Tabs have no width of their own in a terminal cell grid; indentation must survive.
		text: line.kind === 'prose' ? line.text.replaceAll('\t', '    ') : '',
	}));
}

function bodyLines(source: PaneBodySource, cache: PaneTextCache): BodyLine[] {
	const lines: BodyLine[] = [];
	const answer: BodyLine[] = source.raw ? rawLines(source.text, cache) : dropLeadingBlankLines(cache.answer.lines(source.text));
	const reasoning = trimBlankLines(cache.reasoning.lines(source.reasoning));
	const hasAnswer = answer.length > 0;
	if (reasoning.length > 0) {
		if (source.reasoningExpanded) {
			lines.push({kind: 'reasoning-heading'});
			for (const line of reasoning) lines.push({kind: 'reasoning', text: line});
		} else {
			lines.push({kind: 'reasoning-summary', words: reasoning.reduce((total, line) => total + countWords(line), 0)});
		}
		if (hasAnswer) lines.push({kind: 'gap'});
	}
	if (hasAnswer) {
		for (const line of answer) lines.push(line);
	} else if (reasoning.length === 0 && source.state === 'waiting') {
		lines.push({kind: 'placeholder', text: 'waiting for the first token…'});
	}
	if (source.error && source.state === 'error') {
		lines.push({kind: 'error', message: stripTerminalControls(source.error.message).replaceAll('\n', ' ')});
	}
	return lines;
}

function isBlank(line: AnswerLine | string): boolean {
	return typeof line === 'string' ? line.trim() === '' : line.kind === 'prose' && line.text.trim() === '';
}

/** Models often open with a newline or two; those rows would only push the answer down. */
function dropLeadingBlankLines(lines: AnswerLine[]): AnswerLine[] {
	let start = 0;
	while (start < lines.length && isBlank(lines[start]!)) start += 1;
	return start === 0 ? lines : lines.slice(start);
}

function trimBlankLines(lines: string[]): string[] {
	let start = 0;
	let end = lines.length;
	while (start < end && isBlank(lines[start]!)) start += 1;
	while (end > start && isBlank(lines[end - 1]!)) end -= 1;
	return start === 0 && end === lines.length ? lines : lines.slice(start, end);
}

function countWords(text: string): number {
	return text.match(/\S+/g)?.length ?? 0;
}

function renderLine(line: BodyLine, width: number, source: PaneBodySource): DisplayLine[] {
	switch (line.kind) {
		case 'prose': {
			return wrapWords(line.text, width).map(row => [{text: row}]);
		}
		case 'heading': {
			return wrapWords(line.text, width).map(row => [{text: row, bold: true}]);
		}
		case 'fence-open': {
			const label = line.language === '' ? 'code' : line.language;
			const head = '╭─ ';
			const shownLabel = truncateToWidth(label, Math.max(1, width - displayWidth(head) - 1));
			const fill = Math.max(0, width - displayWidth(head) - displayWidth(shownLabel) - 1);
			return [[
				{text: head, color: theme.codeFrame},
				{text: shownLabel, color: theme.codeLabel, bold: true},
				{text: ` ${'─'.repeat(fill)}`, color: theme.codeFrame},
			]];
		}
		case 'code': {
			const tokens = isHighlighted(line.language)
				? highlightLine(line.text, line.language)
				: [{text: line.text, kind: 'plain' as const}];
			const pieces: Segment[] = tokens.map(token => ({text: token.text, color: codeColor[token.kind]}));
			return hardWrap(pieces, Math.max(1, width - CODE_GUTTER.length)).map(row => [
				{text: CODE_GUTTER, color: theme.codeFrame},
				...row,
			]);
		}
		case 'fence-close': {
			return [[{text: `╰${'─'.repeat(Math.max(0, width - 1))}`, color: theme.codeFrame}]];
		}
		case 'reasoning-heading': {
			return [[{text: truncateToWidth(`▾ reasoning (${source.reasoningKey} hides)`, width), dim: true}]];
		}
		case 'reasoning': {
			return wrapWords(line.text, Math.max(1, width - REASONING_GUTTER.length)).map(row => [
				{text: REASONING_GUTTER + row, dim: true},
			]);
		}
		case 'reasoning-summary': {
			const summary = `▸ reasoning · ${line.words.toLocaleString('en-US')} words (${source.reasoningKey} shows)`;
			return [[{text: truncateToWidth(summary, width), dim: true}]];
		}
		case 'gap': {
			return [[]];
		}
		case 'error': {
			return [[{text: truncateToWidth(`✗ ${line.message}`, width), color: theme.error}]];
		}
		case 'placeholder': {
			return [[{text: truncateToWidth(line.text, width), dim: true}]];
		}
		case 'raw': {
			return line.text === '' ? [[]] : hardWrap([{text: line.text}], width);
		}
	}
}

/** Every row of the body, top to bottom. For finished answers, which can be scrolled. */
export function paneBody(source: PaneBodySource, width: number, cache = new PaneTextCache()): DisplayLine[] {
	const rows: DisplayLine[] = [];
	for (const line of bodyLines(source, cache)) rows.push(...renderLine(line, width, source));
	return rows;
}

/**
 * The last `count` rows of the body, wrapping only the lines needed to fill them,
 * so a long answer streaming at full speed costs the same per frame as a short one.
 */
export function paneTail(
	source: PaneBodySource,
	width: number,
	count: number,
	cache = new PaneTextCache(),
): {rows: DisplayLine[]; hiddenAbove: boolean} {
	const lines = bodyLines(source, cache);
	const collected: DisplayLine[][] = [];
	let total = 0;
	let index = lines.length - 1;
	for (; index >= 0 && total < count; index -= 1) {
		const rendered = renderLine(lines[index]!, width, source);
		collected.push(rendered);
		total += rendered.length;
	}
	const rows = collected.reverse().flat();
	const hiddenAbove = index >= 0 || rows.length > count;
	return {rows: rows.slice(Math.max(0, rows.length - count)), hiddenAbove};
}

/** Which rows a pane shows: the tail while following, otherwise from `scrollTop`, clamped. */
export function visibleRange(totalRows: number, height: number, scrollTop: number | null): {start: number; end: number} {
	const maxTop = Math.max(0, totalRows - height);
	const start = scrollTop === null ? maxTop : Math.min(Math.max(0, scrollTop), maxTop);
	return {start, end: Math.min(totalRows, start + height)};
}
