/**
 * Text for an HTML page. Everything a user or a model can name (model specs,
 * titles) reaches the report through `htmlText`, so no name can close a tag,
 * open a script or bend an attribute, and no control character or bidi
 * override can make a name read as something else.
 */

import {singleLine} from '../core/format-table.js';

const ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

// Bidi embeddings, overrides and isolates: they can make "gpt-4" display as another name.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** One line of text, safe in element content and in a quoted attribute value. */
export function htmlText(text: string): string {
	return singleLine(text)
		.replace(BIDI_CONTROLS, '')
		.replace(/[&<>"']/g, character => ENTITIES[character]!);
}

/**
 * A name cut to `maxCharacters` for a chart label with little room. The cut is
 * in the middle ("deepseek:dee…chat-v15"): names of one family share their
 * start, and the end (version, size, date) is what tells them apart.
 */
export function shortName(text: string, maxCharacters: number): string {
	const characters = [...singleLine(text).replace(BIDI_CONTROLS, '')];
	if (characters.length <= maxCharacters) return characters.join('');
	const kept = Math.max(2, maxCharacters - 1);
	const head = Math.ceil(kept * 0.55);
	return `${characters.slice(0, head).join('')}…${characters.slice(characters.length - (kept - head)).join('')}`;
}

/** A number for an SVG attribute: at most two decimals, so output stays small and identical run to run. */
export function svgNumber(value: number): string {
	return String(Math.round(value * 100) / 100);
}
