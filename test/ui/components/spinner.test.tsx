import {afterEach, describe, expect, test, vi} from 'vitest';
import {ProgressBar, progressBarText, Spinner, SPINNER_FRAMES, SPINNER_INTERVAL_MS} from '../../../source/ui/components/spinner.js';
import {displayWidth} from '../../../source/ui/text/wrap.js';
import {cleanupInk, renderInk, withColor} from '../../helpers/ink-harness.js';

afterEach(async () => {
	await cleanupInk();
	vi.restoreAllMocks();
	vi.unstubAllEnvs();
});

describe('Spinner', () => {
	test('its frame advances while the label stays', async () => {
		const ui = await renderInk(<Spinner label="reading history…" />, {columns: 60, rows: 5});
		expect(ui.lastFrame()).toContain(`${SPINNER_FRAMES[0]} reading history…`);
		await ui.waitForFrame(`${SPINNER_FRAMES[1]} reading history…`);
		await ui.waitForFrame(`${SPINNER_FRAMES[2]} reading history…`);
	});

	test('stops its timer when it goes away, and an inactive one starts none', async () => {
		const started = vi.spyOn(globalThis, 'setInterval');
		const cleared = vi.spyOn(globalThis, 'clearInterval');
		const ui = await renderInk(<Spinner label="working" />);
		const spinnerTimers = () => started.mock.calls.flatMap((call, index) => (call[1] === SPINNER_INTERVAL_MS ? [started.mock.results[index]!.value] : []));
		expect(spinnerTimers()).toHaveLength(1);
		await ui.unmount();
		expect(cleared.mock.calls.map(call => call[0])).toContain(spinnerTimers()[0]);

		started.mockClear();
		const still = await renderInk(<Spinner label="paused" active={false} />);
		expect(still.lastFrame()).toContain(`${SPINNER_FRAMES[0]} paused`);
		expect(spinnerTimers()).toHaveLength(0);
	});

	test('the label cannot steer the terminal or take a second line', async () => {
		const ui = await renderInk(<Spinner label={'loading\u001B[2J run\u001B]52;c;eA==\u0007\nnext'} />, {columns: 60, rows: 5});
		const frame = await ui.waitForFrame('loading');
		expect(frame).toContain('loading run next');
		for (const write of ui.stdout.writes) expect(write).not.toMatch(/\u001B\[2J|\u001B\]52|\u0007/);
	});

	test('the frame is coloured on a colour terminal, and plain on TERM=dumb', async () => {
		await withColor(async () => {
			const coloured = await renderInk(<Spinner label="busy" active={false} />);
			await coloured.waitForFrame('busy');
			expect(coloured.stdout.writes.join('')).toMatch(new RegExp(`\\u001B\\[[0-9;]+m${SPINNER_FRAMES[0]}`));
			await coloured.unmount();

			vi.stubEnv('TERM', 'dumb');
			const dumb = await renderInk(<Spinner label="busy" active={false} />);
			await dumb.waitForFrame('busy');
			expect(dumb.stdout.writes.join('')).toContain(`${SPINNER_FRAMES[0]} busy`);
			expect(dumb.stdout.writes.join('')).not.toMatch(new RegExp(`\\u001B\\[[0-9;]+m${SPINNER_FRAMES[0]}`));
		});
	});
});

describe('ProgressBar', () => {
	test('fills in proportion: empty at 0, partly, full at the end', () => {
		expect(progressBarText({done: 0, total: 5, width: 40})).toBe(`[${'-'.repeat(30)}] 0/5`);
		expect(progressBarText({done: 3, total: 5, width: 40})).toBe(`[${'#'.repeat(18)}${'-'.repeat(12)}] 3/5`);
		expect(progressBarText({done: 5, total: 5, width: 40})).toBe(`[${'#'.repeat(30)}] 5/5`);
		// Almost done is not shown as done.
		expect(progressBarText({done: 99, total: 100, width: 40})).toMatch(/^\[#+-\] 99\/100$/);
	});

	test('never exceeds its width: the bar shrinks first, then the label is cut, then the bar goes', () => {
		const label = 'coding-5 · flatten-list';
		for (const width of [80, 40, 30, 20, 14, 10, 6, 3]) {
			const text = progressBarText({done: 2, total: 5, width, label});
			expect(displayWidth(text), `width ${width}: ${text}`).toBeLessThanOrEqual(width);
			expect(text).toContain('2/5');
		}
		expect(progressBarText({done: 2, total: 5, width: 80, label})).toBe(`[${'#'.repeat(12)}${'-'.repeat(18)}] 2/5 ${label}`);
		// Room for the whole label beside a shorter bar.
		expect(progressBarText({done: 2, total: 5, width: 40, label})).toBe(`[####------] 2/5 ${label}`);
		expect(progressBarText({done: 2, total: 5, width: 20, label})).toBe('[#---] 2/5 coding-5…');
		expect(progressBarText({done: 2, total: 5, width: 6, label})).toBe('2/5 c…');
	});

	test('an empty or overfull count stays sensible', () => {
		expect(progressBarText({done: 0, total: 0, width: 20})).toBe(`[${'-'.repeat(14)}] 0/0`);
		expect(progressBarText({done: 7, total: 5, width: 20})).toBe(`[${'#'.repeat(14)}] 5/5`);
	});

	test('draws the same line in the terminal, label sanitized', async () => {
		const ui = await renderInk(<ProgressBar done={1} total={4} width={30} label={'task\u001B[31m two\nof four'} />, {columns: 60, rows: 5});
		const frame = await ui.waitForFrame('1/4');
		expect(frame.split('\n')[0]).toBe(progressBarText({done: 1, total: 4, width: 30, label: 'task two of four'}));
		expect(frame).toMatch(/^\[#+-+\] 1\/4 task two of four/);
	});
});
