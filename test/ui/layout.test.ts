import {describe, expect, test} from 'vitest';
import {gridColumns, gridLayout, MIN_PANE_WIDTH, packItems} from '../../source/ui/layout.js';

describe('gridColumns', () => {
	test('panes sit side by side while each keeps its minimum width', () => {
		expect(gridColumns(2, 120)).toBe(2);
		expect(gridColumns(3, 120)).toBe(3);
		expect(gridColumns(2, MIN_PANE_WIDTH * 2 - 1)).toBe(1);
		expect(gridColumns(5, 300)).toBe(3);
	});

	test('rows are evened out: four panes three-wide become two by two', () => {
		expect(gridColumns(4, 120)).toBe(2);
		expect(gridColumns(4, 160)).toBe(4);
	});
});

describe('gridLayout', () => {
	test('pane heights share the available rows by grid row', () => {
		expect(gridLayout(4, 120, 36)).toMatchObject({columns: 2, rows: 2, paneWidth: 60, paneHeight: 18});
		expect(gridLayout(2, 60, 30)).toMatchObject({columns: 1, rows: 2, paneWidth: 60, paneHeight: 15});
	});

	test('a tiny terminal still gets a header, a status line and a row of text per pane', () => {
		expect(gridLayout(4, 40, 10).paneHeight).toBe(5);
	});
});

test('packItems fills rows greedily without passing the width', () => {
	const rows = packItems(['aaaa', 'bbbb', 'cccc'], 11, ' · ', text => text.length);
	expect(rows).toEqual([['aaaa', 'bbbb'], ['cccc']]);
});
