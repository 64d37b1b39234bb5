import {afterEach, expect, test} from 'vitest';
import {COARSE_DIFF_NOTE, DiffView, type DiffViewProps} from '../../../source/ui/components/diff-view.js';
import {displayWidth} from '../../../source/ui/text/wrap.js';
import {cleanupInk, renderInk, withColor} from '../../helpers/ink-harness.js';
import {frameLines} from '../frame.js';

afterEach(cleanupInk);

const SEPARATOR = ' │ ';

function props(overrides: Partial<DiffViewProps> & Pick<DiffViewProps, 'left' | 'right'>): DiffViewProps {
	return {width: 100, rows: 20, scrollTop: 0, ...overrides};
}

/** The two columns of a side-by-side row, trailing padding removed. */
function columns(line: string): [string, string] {
	const cut = line.indexOf(SEPARATOR);
	if (cut === -1) throw new Error(`not a side-by-side row: ${JSON.stringify(line)}`);
	return [line.slice(0, cut).trimEnd(), line.slice(cut + SEPARATOR.length).trimEnd()];
}

async function withNoColor<T>(body: () => Promise<T>): Promise<T> {
	const previous = process.env['NO_COLOR'];
	process.env['NO_COLOR'] = '1';
	try {
		return await body();
	} finally {
		if (previous === undefined) delete process.env['NO_COLOR'];
		else process.env['NO_COLOR'] = previous;
	}
}

async function withoutNoColor<T>(body: () => Promise<T>): Promise<T> {
	const previous = process.env['NO_COLOR'];
	delete process.env['NO_COLOR'];
	try {
		return await body();
	} finally {
		if (previous !== undefined) process.env['NO_COLOR'] = previous;
	}
}

const fox = {
	left: {title: 'model-a', text: 'The quick brown fox jumps over the lazy dog.'},
	right: {title: 'model-b', text: 'The slow brown fox leaps over the lazy dog.'},
};

test('the two answers stand side by side under titles that count the changed words', async () => {
	const ui = await withoutNoColor(() => renderInk(<DiffView {...props(fox)} />, {columns: 100, rows: 30}));
	const lines = frameLines(ui.lastFrame());
	expect(columns(lines[0]!)).toEqual(['model-a · −2 words', 'model-b · +2 words']);
	expect(columns(lines[1]!)).toEqual([fox.left.text, fox.right.text]);
	expect(lines).toHaveLength(2);
	expect(ui.lastFrame()).not.toContain('[-');
});

/** Texts drawn bold, escape sequences inside them removed. */
function boldSpans(raw: string): string[] {
	// eslint-disable-next-line no-control-regex
	return [...raw.matchAll(/\u001B\[1m([\s\S]*?)\u001B\[22m/g)].map(match => match[1]!.replace(/\u001B\[[\d;]*m/g, ''));
}

test('removed and added words are drawn in bold colour, shared words plainly', async () => {
	await withColor(async () => {
		const ui = await withoutNoColor(() => renderInk(<DiffView {...props(fox)} />, {columns: 100, rows: 30}));
		await ui.waitForFrame('quick');
		const raw = ui.stdout.writes.at(-1)!;
		const bold = boldSpans(raw);
		expect(bold).toEqual(expect.arrayContaining(['quick', 'jumps', 'slow', 'leaps']));
		expect(bold.some(text => text.includes('brown') || text.includes('lazy'))).toBe(false);
		// Removed and added differ in colour, not only in which column they are.
		// eslint-disable-next-line no-control-regex
		const colourBefore = (word: string) => /(\u001B\[[39]\dm)(?:\u001B\[[\d;]*m)*$/.exec(raw.slice(0, raw.indexOf(word)))?.[1];
		expect(colourBefore('quick')).toBeDefined();
		expect(colourBefore('slow')).toBeDefined();
		expect(colourBefore('quick')).not.toBe(colourBefore('slow'));
	});
});

test('with NO_COLOR the changes are spelled out as [-removed-] and {+added+}', async () => {
	const ui = await withNoColor(() => renderInk(<DiffView {...props({...fox, width: 120})} />, {columns: 120, rows: 30}));
	const lines = frameLines(ui.lastFrame());
	expect(columns(lines[1]!)).toEqual(['The [-quick-] brown fox [-jumps-] over the lazy dog.', 'The {+slow+} brown fox {+leaps+} over the lazy dog.']);
});

test('below 80 columns the answers are stacked, each under its own title', async () => {
	const ui = await withoutNoColor(() => renderInk(<DiffView {...props({...fox, width: 60})} />, {columns: 60, rows: 30}));
	expect(frameLines(ui.lastFrame()).map(line => line.trimEnd())).toEqual(['model-a · −2 words', fox.left.text, '', 'model-b · +2 words', fox.right.text]);
});

test('columns line up again after a paragraph that grew on one side', async () => {
	const shared = 'Intro both answers share.\n';
	const left = `${shared}Short middle.\nShared ending.`;
	const right = `${shared}A much longer middle paragraph that needs several rows in a forty-eight column half.\nShared ending.`;
	const ui = await withoutNoColor(() =>
		renderInk(<DiffView {...props({left: {title: 'a', text: left}, right: {title: 'b', text: right}})} />, {columns: 100, rows: 30}),
	);
	const lines = frameLines(ui.lastFrame()).slice(1).map(columns);
	expect(lines[0]).toEqual(['Intro both answers share.', 'Intro both answers share.']);
	const endingRow = lines.findIndex(([leftColumn]) => leftColumn === 'Shared ending.');
	expect(endingRow).toBeGreaterThan(2);
	expect(lines[endingRow]![1]).toBe('Shared ending.');
	// The shorter middle is padded with blank rows rather than pulling the ending up.
	expect(lines.slice(2, endingRow).every(([leftColumn]) => leftColumn === '')).toBe(true);
});

function numberedLines(prefix: string, count: number): string {
	return Array.from({length: count}, (_, index) => `${prefix} line ${index + 1}`).join('\n');
}

test('the frame never exceeds rows; it scrolls by scrollTop and reports what there is to scroll', async () => {
	const measures: Array<[number, number]> = [];
	const view = (scrollTop: number) => (
		<DiffView
			{...props({left: {title: 'a', text: numberedLines('left', 40)}, right: {title: 'b', text: numberedLines('right', 40)}, rows: 10, scrollTop})}
			onMeasure={(contentRows, viewportRows) => measures.push([contentRows, viewportRows])}
		/>
	);
	const ui = await withoutNoColor(() => renderInk(view(0), {columns: 100, rows: 30}));
	let lines = frameLines(ui.lastFrame());
	expect(lines).toHaveLength(10);
	expect(columns(lines[1]!)).toEqual(['left line 1', 'right line 1']);
	expect(measures.at(-1)).toEqual([40, 9]);

	await ui.rerender(view(5));
	lines = frameLines(ui.lastFrame());
	expect(lines).toHaveLength(10);
	expect(columns(lines[0]!)[0]).toContain('a · ');
	expect(columns(lines[1]!)).toEqual(['left line 6', 'right line 6']);

	// Past the end it shows the last page rather than blank rows.
	await ui.rerender(view(10_000));
	lines = frameLines(ui.lastFrame());
	expect(lines).toHaveLength(10);
	expect(columns(lines.at(-1)!)).toEqual(['left line 40', 'right line 40']);
	expect(columns(lines[1]!)).toEqual(['left line 32', 'right line 32']);

	// Scrolling alone does not re-measure.
	expect(measures).toHaveLength(1);
});

test('every row fits the width, whatever the text: long words, wide characters, tabs', async () => {
	const left = `${'x'.repeat(150)}\n日本語のテキスト`.repeat(3) + '\n\tindented\tcode';
	const right = `${'y'.repeat(150)}\n日本語の文章です`.repeat(3) + '\n\tindented\tcode';
	for (const width of [30, 79, 80, 81, 120]) {
		const ui = await renderInk(<DiffView {...props({left: {title: 'left model with a very long name indeed', text: left}, right: {title: 'b', text: right}, width, rows: 40})} />, {
			columns: width,
			rows: 50,
		});
		const lines = frameLines(ui.lastFrame());
		expect(lines.length).toBeLessThanOrEqual(40);
		for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
		expect(ui.lastFrame()).toContain('indented');
		expect(ui.lastFrame()).not.toContain('\t');
		await ui.unmount();
	}
});

test('a diff too big to align word by word says it is coarse', async () => {
	const ui = await withoutNoColor(() =>
		renderInk(<DiffView {...props({left: {title: 'a', text: 'x '.repeat(20_000)}, right: {title: 'b', text: 'y '.repeat(20_000)}, rows: 8})} />, {
			columns: 100,
			rows: 30,
		}),
	);
	const lines = frameLines(ui.lastFrame());
	expect(lines).toHaveLength(8);
	expect(columns(lines[0]!)).toEqual(['a · −20000 words', 'b · +20000 words']);
	expect(lines[1]).toBe(COARSE_DIFF_NOTE.slice(0, 99) + '…');
});

test('terminal control sequences in an answer or a title are never drawn', async () => {
	const ui = await renderInk(
		<DiffView
			{...props({
				left: {title: 'evil\u001B]0;retitled\u0007 model', text: 'before \u001B[2J\u001B]52;c;aGk=\u0007after'},
				right: {title: 'b', text: 'before after'},
			})}
		/>,
		{columns: 100, rows: 30},
	);
	const raw = ui.stdout.writes.join('');
	expect(raw).not.toContain('\u001B]');
	expect(raw).not.toContain('retitled');
	expect(raw).not.toContain('\u001B[2J');
	expect(columns(frameLines(ui.lastFrame())[1]!)).toEqual(['before after', 'before after']);
	expect(columns(frameLines(ui.lastFrame())[0]!)[0]).toBe('evil model · −0 words');
});
