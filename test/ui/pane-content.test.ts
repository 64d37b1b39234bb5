import {describe, expect, test} from 'vitest';
import {type DisplayLine, paneBody, type PaneBodySource, paneTail, visibleRange} from '../../source/ui/pane-content.js';
import {displayWidth} from '../../source/ui/text/wrap.js';

const source = (overrides: Partial<PaneBodySource>): PaneBodySource => ({
	text: '',
	reasoning: '',
	state: 'streaming',
	error: null,
	reasoningExpanded: false,
	reasoningKey: 'space',
	...overrides,
});

const plain = (rows: DisplayLine[]) => rows.map(row => row.map(segment => segment.text).join(''));

const mixedAnswer = [
	'# Plan',
	'First a long paragraph that will certainly need to be wrapped across several rows of the pane.',
	'```ts',
	'const answer: number = 42; // the answer to life, the universe and everything else as well',
	'```',
	'Then a closing line.',
].join('\n');

describe('paneBody', () => {
	test('every row fits the width exactly or less', () => {
		for (const width of [20, 34, 56]) {
			for (const row of plain(paneBody(source({text: mixedAnswer, reasoning: 'think think', reasoningExpanded: true}), width))) {
				expect(displayWidth(row)).toBeLessThanOrEqual(width);
			}
		}
	});

	test('a code block is framed with its language and a gutter on every code row', () => {
		const rows = plain(paneBody(source({text: mixedAnswer}), 40));
		const open = rows.findIndex(row => row.startsWith('╭─ ts '));
		const close = rows.findIndex(row => row.startsWith('╰─'));
		expect(open).toBeGreaterThan(-1);
		expect(close).toBeGreaterThan(open + 1);
		for (const row of rows.slice(open + 1, close)) expect(row.startsWith('│ ')).toBe(true);
		expect(rows.slice(open + 1, close).join('').replaceAll('│ ', '')).toContain('const answer: number = 42;');
	});

	test('reasoning is a dim, set-apart section when open and one summary row when folded', () => {
		const open = paneBody(source({text: 'Answer.', reasoning: 'step one\nstep two', reasoningExpanded: true}), 40);
		expect(plain(open)).toEqual(['▾ reasoning (space hides)', '┊ step one', '┊ step two', '', 'Answer.']);
		expect(open.slice(0, 3).every(row => row.every(segment => segment.dim))).toBe(true);
		const folded = plain(paneBody(source({text: 'Answer.', reasoning: 'step one\nstep two'}), 40));
		expect(folded).toEqual(['▸ reasoning · 4 words (space shows)', '', 'Answer.']);
	});

	test('an error is one red row under the partial text', () => {
		const rows = paneBody(source({text: 'partial', state: 'error', error: {message: 'connection reset\nby peer', status: null}}), 40);
		expect(plain(rows)).toEqual(['partial', '✗ connection reset by peer']);
		expect(rows[1]![0]!.color).toBe('red');
	});

	test('terminal control sequences in model text, reasoning and errors are removed before measuring', () => {
		const rows = plain(
			paneBody(
				source({
					text: 'safe\u001B]52;c;ZXZpbA==\u0007 \u001B[2Jtext \u001B]8;;http://x\u0007link\u001B]8;;\u0007',
					reasoning: 'r\u001B[31mred',
					reasoningExpanded: true,
					state: 'error',
					error: {message: 'bad\u009B2J', status: 500},
				}),
				60,
			),
		);
		expect(rows.join('\n')).not.toMatch(/[\u001B\u0007\u009B]/);
		expect(rows).toContain('safe text link');
		expect(rows).toContain('┊ rred');
	});
});

describe('paneTail', () => {
	test('is exactly the last rows of the full body', () => {
		const body = source({text: `${mixedAnswer}\n${'more words here '.repeat(30)}`, reasoning: 'why', reasoningExpanded: true});
		const full = plain(paneBody(body, 30));
		for (const count of [1, 3, 7, full.length, full.length + 5]) {
			expect(plain(paneTail(body, 30, count).rows)).toEqual(full.slice(Math.max(0, full.length - count)));
		}
		expect(paneTail(body, 30, 3).hiddenAbove).toBe(true);
		expect(paneTail(body, 30, full.length).hiddenAbove).toBe(false);
	});
});

test('visibleRange follows the end by default and clamps a scroll position', () => {
	expect(visibleRange(100, 10, null)).toEqual({start: 90, end: 100});
	expect(visibleRange(100, 10, 5)).toEqual({start: 5, end: 15});
	expect(visibleRange(100, 10, 500)).toEqual({start: 90, end: 100});
	expect(visibleRange(4, 10, null)).toEqual({start: 0, end: 4});
});
