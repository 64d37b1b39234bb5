/**
 * Tables as text: aligned plain text for a terminal or pipe, GitHub Markdown,
 * RFC 4180 CSV and JSON. Pure and generic, so the leaderboard, history and the
 * exports share one set of escaping rules.
 *
 * Plain and Markdown tables are for people: they take cells already formatted
 * as text and sanitise them. CSV and JSON are for programs: they take raw values
 * and keep them exact.
 */

import stringWidth from 'string-width';
import {stripTerminalControls} from './sanitize.js';

export type Align = 'left' | 'right';

/** A table for people: every cell already formatted. */
export interface TextTable {
	headers: readonly string[];
	/** Per column; left when absent. Numbers read best right-aligned. */
	align?: readonly Align[];
	rows: ReadonlyArray<readonly string[]>;
}

// eslint-disable-next-line no-control-regex
const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Terminal columns a string occupies. */
export function textWidth(text: string): number {
	return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/**
 * One line of text that is safe to print: terminal control sequences removed,
 * and line breaks and tabs turned into spaces so a cell cannot break the grid.
 */
export function singleLine(text: string): string {
	return stripTerminalControls(text).replace(/[\t\n\r]+/g, ' ');
}

/** Cuts `text` to at most `width` terminal columns, marking the cut with an ellipsis. */
export function truncateText(text: string, width: number): string {
	if (width <= 0) return '';
	if (textWidth(text) <= width) return text;
	let kept = '';
	let keptWidth = 0;
	for (const {segment} of graphemes.segment(text)) {
		const segmentWidth = textWidth(segment);
		if (keptWidth + segmentWidth > width - 1) break;
		kept += segment;
		keptWidth += segmentWidth;
	}
	return `${kept}…`;
}

function padCell(text: string, width: number, align: Align): string {
	const padding = ' '.repeat(Math.max(0, width - textWidth(text)));
	return align === 'right' ? padding + text : text + padding;
}

/**
 * Aligned columns separated by two spaces, a header line first; no trailing
 * spaces, so the output diffs and greps cleanly. Ends with a newline.
 */
export function renderPlainTable(table: TextTable, options: {gap?: string} = {}): string {
	const gap = options.gap ?? '  ';
	const headers = table.headers.map(singleLine);
	const rows = table.rows.map(row => row.map(singleLine));
	const widths = headers.map((header, column) => Math.max(textWidth(header), ...rows.map(row => textWidth(row[column] ?? ''))));
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, column) => padCell(cell, widths[column] ?? 0, table.align?.[column] ?? 'left'))
			.join(gap)
			.trimEnd();
	return [line(headers), ...rows.map(line)].map(text => `${text}\n`).join('');
}

/** A Markdown cell: a pipe would end the cell and a newline the row, so both are escaped. */
export function markdownCell(text: string): string {
	return singleLine(text).replaceAll('\\', '\\\\').replaceAll('|', '\\|').trim();
}

/**
 * A GitHub-flavoured Markdown table: header, delimiter row with alignment
 * colons, one line per row. Ends with a newline.
 */
export function renderMarkdownTable(table: TextTable): string {
	const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |\n`;
	const delimiter = table.headers.map((_, column) => ((table.align?.[column] ?? 'left') === 'right' ? '---:' : '---'));
	return line(table.headers) + `| ${delimiter.join(' | ')} |\n` + table.rows.map(line).join('');
}

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, a double quote,
 * CR or LF (or starts/ends with a space, which some readers trim), with quotes
 * doubled. `null`/`undefined` is the empty field; numbers keep full precision;
 * objects are written as JSON.
 */
export function csvField(value: unknown): string {
	const text = csvText(value);
	return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	if (value instanceof Date) return value.toISOString();
	return JSON.stringify(value);
}

/** RFC 4180 CSV: a header record, then one record per row, every record ending in CRLF. */
export function renderCsv(headers: readonly string[], records: ReadonlyArray<readonly unknown[]>): string {
	return [headers, ...records].map(record => `${record.map(csvField).join(',')}\r\n`).join('');
}

/** CSV of objects: one column per key, in the order given, headed by the key. */
export function renderObjectsCsv<Row extends object>(keys: ReadonlyArray<keyof Row & string>, rows: readonly Row[]): string {
	return renderCsv(
		keys,
		rows.map(row => keys.map(key => row[key])),
	);
}

/**
 * JSON for programs, one document with a trailing newline. Non-finite numbers
 * (which JSON cannot hold) become null rather than breaking the output.
 */
export function renderJson(value: unknown, options: {pretty?: boolean} = {}): string {
	const replacer = (_key: string, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? null : item);
	return `${JSON.stringify(value, replacer, options.pretty ? 2 : undefined)}\n`;
}
