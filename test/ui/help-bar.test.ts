import {describe, expect, it} from 'vitest';
import {helpBarRows} from '../../source/ui/help-bar.js';
import {viewCommands} from '../../source/ui/keymap.js';

const text = (rows: ReturnType<typeof helpBarRows>) => rows.map(row => row.map(item => `${item.keys} ${item.description}`).join('  '));

describe('help bar rows', () => {
	it('keeps every key when they fit, and then offers no ? for more', () => {
		const rows = helpBarRows(['FOLLOW_UP', 'SHOW_HELP', 'QUIT'], 80, 2);
		expect(text(rows)).toEqual(['f follow up  q quit']);
	});

	it('says ? gives fewer keys once every key is shown', () => {
		expect(text(helpBarRows(['FOLLOW_UP', 'SHOW_HELP', 'QUIT'], 80)).join(' ')).toContain('? fewer keys');
	});

	it('on a short terminal keeps two rows, how to leave, and "? all keys"', () => {
		const all = [...viewCommands.judging, ...viewCommands.answerActions, 'SHOW_HELP' as const];
		const full = helpBarRows(all, 80);
		expect(full.length).toBeGreaterThan(2);
		const compact = text(helpBarRows(all, 80, 2));
		expect(compact).toHaveLength(2);
		expect(compact.at(-1)).toMatch(/\? all keys$/);
		expect(compact.join(' ')).toContain('q quit');
		expect(compact.join(' ')).toContain('ctrl+c cancel all');
		expect(compact.join(' ')).not.toContain('pgup/pgdn');
	});
});

describe('help bar extra items', () => {
	const typing = {keys: 'type', description: 'filter'};

	it('come after the commands, on the same rows', () => {
		expect(text(helpBarRows(['LIST_OPEN', 'BACK'], 80, {extra: [typing]}))).toEqual(['enter open  esc back  type filter']);
		expect(text(helpBarRows(['LIST_OPEN', 'BACK'], 20, {extra: [typing]}))).toEqual(['enter open  esc back', 'type filter']);
	});

	it('stay when a short bar drops keys for "? all keys"', () => {
		const all = [...viewCommands.judging, ...viewCommands.answerActions, 'SHOW_HELP' as const];
		const compact = text(helpBarRows(all, 80, {maxRows: 2, extra: [typing]}));
		expect(compact).toHaveLength(2);
		expect(compact.join(' ')).toContain('type filter');
		expect(compact.join(' ')).toContain('q quit');
		expect(compact.at(-1)).toMatch(/\? all keys$/);
		// The older form, a bare row limit, still means maxRows.
		expect(helpBarRows(all, 80, 2)).toEqual(helpBarRows(all, 80, {maxRows: 2}));
	});
});
