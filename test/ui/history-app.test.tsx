import {afterEach, describe, expect, test} from 'vitest';
import {HistoryApp, historyTui, type StoredRunDetail} from '../../source/ui/history-app.js';
import {helpItems} from '../../source/ui/keymap.js';
import {cleanupInk, createTerminal, driveTerminal, keys, renderInk} from '../helpers/ink-harness.js';
import {frameLines, isFocused, paneText} from './frame.js';

afterEach(cleanupInk);

const helpText = (item: {keys: string; description: string}) => `${item.keys} ${item.description}`;
const numbered = (prefix: string, count: number) =>
	Array.from({length: count}, (_, index) => `${prefix} ${String(index + 1).padStart(3, '0')}`).join('\n');

function storedRun(overrides: Partial<StoredRunDetail> = {}): StoredRunDetail {
	return {
		title: 'Write a debounce function',
		createdAt: '2025-03-14 09:26',
		panes: [
			{
				spec: 'lab:alpha',
				text: 'function debounce(fn, ms) {}',
				reasoning: 'Think about timers first.',
				status: 'done · TTFT 250 ms · 50.0 tok/s · 101 tok · 2.3 s',
				score: 8,
				error: null,
			},
			{
				spec: 'lab:beta',
				text: 'Partial answ',
				reasoning: '',
				status: 'error · TTFT 400 ms',
				score: null,
				error: 'connection reset by the server',
			},
		],
		verdict: 'You voted: A (left) is better',
		...overrides,
	};
}

describe('HistoryApp', () => {
	test('shows each stored answer with its metrics, saved score and the verdict, read-only', async () => {
		const ui = await renderInk(<HistoryApp detail={storedRun()} />, {columns: 120, rows: 20});
		const frame = await ui.waitForFrame('lab:beta');
		expect(frameLines(frame)[0]).toMatch(/^arena › Write a debounce function +2025-03-14 09:26$/);
		const alpha = paneText(frame, 'lab:alpha');
		expect(alpha[0]).toMatch(/^lab:alpha +★ 8\/10$/);
		expect(alpha[1]).toBe('done · TTFT 250 ms · 50.0 tok/s · 101 tok · 2.3 s');
		expect(alpha).toContain('function debounce(fn, ms) {}');
		const beta = paneText(frame, 'lab:beta');
		expect(beta[0]).toBe('lab:beta');
		expect(beta).toContain('✗ connection reset by the server');
		expect(frame).toContain('You voted: A (left) is better');

		// No judging here: digits and vote keys change nothing.
		for (const key of ['3', 'b', '-', 'u']) await ui.press(key);
		await ui.press(keys.tab);
		const after = await ui.waitForFrame(frame => isFocused(frame, 'lab:beta'));
		expect(paneText(after, 'lab:alpha')[0]).toMatch(/★ 8\/10$/);
		expect(paneText(after, 'lab:beta')[0]).toBe('lab:beta');
		expect(after).toContain('You voted: A (left) is better');
		expect(after).not.toContain('Rubric for');
		expect(after).not.toContain(helpText(helpItems(['SCORE'])[0]!));
		expect(after).toContain(helpText(helpItems(['QUIT', 'DISMISS'])[0]!));
	});

	test('focus, scrolling and the reasoning fold work as in a live run', async () => {
		const detail = storedRun({
			panes: [
				{spec: 'lab:long', text: numbered('row', 60), reasoning: 'hidden musing', status: 'done', score: null, error: null},
				{spec: 'lab:short', text: 'brief', reasoning: '', status: 'done', score: 3, error: null},
			],
			verdict: null,
		});
		const ui = await renderInk(<HistoryApp detail={detail} />, {columns: 120, rows: 20});
		let frame = await ui.waitForFrame('row 060');
		expect(frame).not.toContain('You voted');
		expect(frame).not.toContain('hidden musing');
		await ui.press(keys.home);
		frame = await ui.waitForFrame(frame => paneText(frame, 'lab:long').includes('row 001'));
		expect(frame).not.toContain('row 060');
		await ui.press(keys.space);
		await ui.waitForFrame('hidden musing');
	});

	test('Esc leaves', async () => {
		let left = 0;
		const ui = await renderInk(<HistoryApp detail={storedRun()} onLeave={() => (left += 1)} />);
		await ui.waitForFrame('lab:beta');
		await ui.press(keys.escape);
		await ui.waitFor(() => left === 1);
	});

	test('a stored answer cannot steer the terminal', async () => {
		const detail = storedRun({
			title: 'prompt\u001B[2J',
			verdict: 'You voted\u001B]52;c;eA==\u0007: tie',
			panes: [
				{spec: 'lab:x', text: 'clip\u001B]52;c;cm0=\u0007board', reasoning: '', status: 'done\u001B[31m · 1 s', score: 5, error: null},
			],
		});
		const ui = await renderInk(<HistoryApp detail={detail} />);
		const frame = await ui.waitForFrame('clipboard');
		for (const write of ui.stdout.writes) expect(write).not.toMatch(/[\u001B\u0007\u009B]/);
		expect(frame).toContain('You voted: tie');
		expect(paneText(frame, 'lab:x')[1]).toBe('done · 1 s');
	});
});

describe('historyTui', () => {
	test('draws the stored run until q, then hands the terminal back', async () => {
		const terminal = createTerminal({columns: 120, rows: 20});
		const ui = driveTerminal(terminal);
		let settled = false;
		const shown = historyTui(storedRun(), terminal.streams).finally(() => (settled = true));
		await ui.press(keys.tab);
		expect(settled).toBe(false);
		await ui.press('q');
		await shown;
		const last = ui.lastFrame();
		expect(paneText(last, 'lab:alpha')[0]).toMatch(/★ 8\/10$/);
		expect(last).toContain('You voted: A (left) is better');
		expect(terminal.stdin.rawMode).toBe(false);
	});

	test('with piped stdin it draws once and returns', async () => {
		const terminal = createTerminal({columns: 120, rows: 20, isTTY: false});
		await historyTui(storedRun(), terminal.streams);
		expect(driveTerminal(terminal).lastFrame()).toContain('function debounce');
	});
});
