import {describe, expect, test} from 'vitest';
import {displayWidth, hardWrap, splitAtWidth, truncateToWidth, wrapWords} from '../../../source/ui/text/wrap.js';

describe('wrapWords', () => {
	test('breaks prose at spaces, never past the width, keeping every word in order', () => {
		const text = 'The quick brown fox jumps over the lazy dog and keeps running far beyond the hills';
		const rows = wrapWords(text, 20);
		expect(rows.length).toBeGreaterThan(3);
		for (const row of rows) expect(displayWidth(row)).toBeLessThanOrEqual(20);
		expect(rows.join(' ')).toBe(text);
	});

	test('a word longer than the row is split across rows', () => {
		const rows = wrapWords(`see ${'x'.repeat(25)} end`, 10);
		for (const row of rows) expect(displayWidth(row)).toBeLessThanOrEqual(10);
		expect(rows.join('').replaceAll(' ', '')).toBe(`see${'x'.repeat(25)}end`);
	});

	test('wide characters count as two columns', () => {
		const rows = wrapWords('漢字漢字漢字漢字', 5);
		expect(rows).toEqual(['漢字', '漢字', '漢字', '漢字']);
	});

	test('keeps indentation on the first row and expands tabs', () => {
		expect(wrapWords('  - item', 40)).toEqual(['  - item']);
		expect(wrapWords('\tx', 40)).toEqual(['    x']);
	});

	test('an empty line is one empty row', () => {
		expect(wrapWords('', 10)).toEqual(['']);
	});
});

describe('hardWrap', () => {
	test('cuts styled pieces at the width and keeps each piece its style', () => {
		const rows = hardWrap([{text: 'abcdef', kind: 'a'}, {text: 'ghij', kind: 'b'}], 4);
		expect(rows.map(row => row.map(piece => piece.text).join(''))).toEqual(['abcd', 'efgh', 'ij']);
		expect(rows[1]).toEqual([{text: 'ef', kind: 'a'}, {text: 'gh', kind: 'b'}]);
	});
});

describe('truncateToWidth and splitAtWidth', () => {
	test('truncation marks the cut and fits the width', () => {
		expect(truncateToWidth('hello world', 8)).toBe('hello w…');
		expect(truncateToWidth('short', 8)).toBe('short');
	});

	test('a wide character never straddles the cut', () => {
		expect(splitAtWidth('a漢b', 2)).toEqual(['a', '漢b']);
	});
});
