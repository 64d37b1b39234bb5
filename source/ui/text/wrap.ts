import stringWidth from 'string-width';

/**
 * Line wrapping done here rather than by Ink, so a pane knows exactly how many
 * terminal rows its text takes and can cap its height to the screen.
 */

// eslint-disable-next-line no-control-regex
const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;
const TAB_AS_SPACES = '    ';

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Terminal columns a string occupies. ASCII (the common case) skips the Unicode tables. */
export function displayWidth(text: string): number {
	return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

export function expandTabs(text: string): string {
	return text.includes('\t') ? text.replaceAll('\t', TAB_AS_SPACES) : text;
}

/** Splits `text` so the head is at most `width` columns; a wide character never straddles the cut. */
export function splitAtWidth(text: string, width: number): [head: string, rest: string] {
	if (PRINTABLE_ASCII.test(text)) return [text.slice(0, width), text.slice(width)];
	let used = 0;
	let cut = 0;
	for (const {segment} of graphemes.segment(text)) {
		const segmentWidth = stringWidth(segment);
		if (used + segmentWidth > width) break;
		used += segmentWidth;
		cut += segment.length;
	}
	// A single character wider than the line still has to go somewhere.
	if (cut === 0 && text.length > 0 && width > 0) {
		const first = graphemes.segment(text)[Symbol.iterator]().next().value?.segment ?? text[0]!;
		cut = first.length;
	}
	return [text.slice(0, cut), text.slice(cut)];
}

/** Cuts `text` to `width` columns, marking the cut with an ellipsis. */
export function truncateToWidth(text: string, width: number): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	const [head] = splitAtWidth(text, width - 1);
	return `${head}…`;
}

/**
 * Word-wraps one line of prose (no newlines) to `width` columns. Leading
 * indentation is kept on the first row; words longer than a row are broken.
 */
export function wrapWords(line: string, width: number): string[] {
	const text = expandTabs(line);
	if (width <= 0) return [text];
	if (displayWidth(text) <= width) return [text];
	const rows: string[] = [];
	let current = '';
	let currentWidth = 0;
	for (const token of text.match(/\s+|\S+/g) ?? []) {
		const isSpace = /^\s/.test(token);
		const tokenWidth = displayWidth(token);
		if (currentWidth + tokenWidth <= width) {
			current += token;
			currentWidth += tokenWidth;
			continue;
		}
		if (isSpace) {
			// A wrap point: the space itself is dropped.
			if (current !== '') rows.push(current.trimEnd());
			current = '';
			currentWidth = 0;
			continue;
		}
		if (current.trim() !== '') {
			rows.push(current.trimEnd());
			current = '';
			currentWidth = 0;
		}
		let rest = token;
		while (displayWidth(rest) > width - currentWidth) {
			const [head, tail] = splitAtWidth(rest, width - currentWidth);
			rows.push(current + head);
			current = '';
			currentWidth = 0;
			rest = tail;
		}
		current += rest;
		currentWidth += displayWidth(rest);
	}
	if (current !== '' || rows.length === 0) rows.push(current.trimEnd());
	return rows;
}

/** Breaks styled pieces into rows of exactly `width` columns or fewer, without looking for word boundaries (code). */
export function hardWrap<Piece extends {text: string}>(pieces: readonly Piece[], rowWidth: number): Piece[][] {
	const width = Math.max(1, rowWidth);
	const rows: Piece[][] = [];
	let row: Piece[] = [];
	let used = 0;
	for (const piece of pieces) {
		let rest = expandTabs(piece.text);
		while (rest !== '') {
			const room = width - used;
			const restWidth = displayWidth(rest);
			if (restWidth <= room) {
				row.push({...piece, text: rest});
				used += restWidth;
				break;
			}
			const [head, tail] = splitAtWidth(rest, room);
			if (head !== '') row.push({...piece, text: head});
			rows.push(row);
			row = [];
			used = 0;
			rest = tail;
		}
	}
	rows.push(row);
	return rows;
}
