import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {storedRunView} from '../../../source/commands/history.js';
import {openHistoryStore, type HistoryStore} from '../../../source/store/history-store.js';
import type {RunSummary} from '../../../source/store/history-types.js';
import type {StoredRunDetail} from '../../../source/ui/history-app.js';
import {filterRuns, HistoryBrowser, type HistoryBrowserProps, promptFirstLine, relativeTime} from '../../../source/ui/workspace/history-browser.js';
import {cleanupInk, keys, renderInk} from '../../helpers/ink-harness.js';
import {modelResult, temporaryDirectories} from '../../store/fixtures/store-test-kit.js';
import {frameLines, paneText} from '../frame.js';
import {runSummary} from './workspace-fixtures.js';

const directories = temporaryDirectories();
const openStores: HistoryStore[] = [];

afterEach(async () => {
	await cleanupInk();
	for (const store of openStores.splice(0)) store.close();
	directories.cleanup();
});

const MINUTE = 60_000;
const ago = (milliseconds: number) => new Date(Date.now() - milliseconds).toISOString();

let nextId = 0;
function summary(overrides: Partial<RunSummary> = {}): RunSummary {
	nextId += 1;
	return runSummary({
		id: `01RUN${String(nextId).padStart(21, '0')}`,
		created_at: ago(3 * MINUTE),
		prompt: `prompt number ${nextId}`,
		models: ['demo:fast', 'demo:slow'],
		...overrides,
	});
}

function numberedRuns(count: number): RunSummary[] {
	return Array.from({length: count}, (_, index) => summary({prompt: `task ${String(index + 1).padStart(2, '0')}`, created_at: ago((index + 1) * MINUTE)}));
}

function detailFor(title: string): StoredRunDetail {
	return {
		title,
		createdAt: '2025-03-14 09:26',
		panes: [
			{spec: 'demo:fast', text: `answer to ${title}`, reasoning: '', status: 'done · TTFT 120 ms', score: 7, error: null},
			{spec: 'demo:slow', text: 'the other answer', reasoning: '', status: 'done', score: null, error: null},
		],
		verdict: null,
	};
}

function deferred<Value>() {
	let resolve!: (value: Value) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<Value>((resolvePromise, rejectPromise) => {
		resolve = resolvePromise;
		reject = rejectPromise;
	});
	return {promise, resolve, reject};
}

/** The row the user sees highlighted (marked with ›), marker removed. */
function highlighted(frame: string): string | undefined {
	return frameLines(frame)
		.find(line => line.startsWith('› '))
		?.slice(2);
}

function listRows(frame: string): string[] {
	return frameLines(frame).filter(line => /^[› ] /.test(line) && !line.includes('when'));
}

function browser(overrides: Partial<HistoryBrowserProps> = {}) {
	const calls = {back: 0, loaded: [] as string[]};
	const props: HistoryBrowserProps = {
		runs: numberedRuns(5),
		loadDetail: async runId => {
			calls.loaded.push(runId);
			return detailFor(runId);
		},
		onBack: () => (calls.back += 1),
		focus: true,
		width: 100,
		rows: 20,
		...overrides,
	};
	return {props, calls, element: <HistoryBrowser {...props} />};
}

describe('relativeTime', () => {
	const now = Date.parse('2025-06-15T12:00:00.000Z');
	const at = (milliseconds: number) => new Date(now - milliseconds).toISOString();

	test('says how long ago in the largest whole unit', () => {
		expect(relativeTime(at(2_000), now)).toBe('just now');
		expect(relativeTime(at(42_000), now)).toBe('42s ago');
		expect(relativeTime(at(3 * MINUTE + 59_000), now)).toBe('3m ago');
		expect(relativeTime(at(5 * 60 * MINUTE), now)).toBe('5h ago');
		expect(relativeTime(at(2 * 24 * 60 * MINUTE), now)).toBe('2d ago');
		expect(relativeTime(at(95 * 24 * 60 * MINUTE), now)).toBe('3mo ago');
		expect(relativeTime(at(800 * 24 * 60 * MINUTE), now)).toBe('2y ago');
	});

	test('a time ahead of this clock is "just now", an unreadable one is shown as given', () => {
		expect(relativeTime(at(-5 * MINUTE), now)).toBe('just now');
		expect(relativeTime('yesterday\u001B[2J', now)).toBe('yesterday');
	});
});

describe('filterRuns and promptFirstLine', () => {
	const runs = [
		summary({prompt: 'Flatten a nested list in Python', models: ['openai:gpt-4o', 'ollama:llama3']}),
		summary({prompt: 'Write a Go HTTP handler', models: ['openai:gpt-4o-mini', 'demo:fast']}),
		summary({prompt: 'Explain PYTHON decorators', models: ['demo:slow']}),
	];

	test('every word must appear in the prompt or a model name, ignoring case', () => {
		expect(filterRuns(runs, '').map(run => run.prompt)).toEqual(runs.map(run => run.prompt));
		expect(filterRuns(runs, 'python').map(run => run.prompt)).toEqual(['Flatten a nested list in Python', 'Explain PYTHON decorators']);
		expect(filterRuns(runs, 'gpt-4o').map(run => run.prompt)).toEqual(['Flatten a nested list in Python', 'Write a Go HTTP handler']);
		expect(filterRuns(runs, 'python  llama').map(run => run.prompt)).toEqual(['Flatten a nested list in Python']);
		expect(filterRuns(runs, 'rust')).toEqual([]);
	});

	test('the first non-blank line of a prompt, without terminal controls', () => {
		expect(promptFirstLine('\n  \nFix this bug\u001B]52;c;eA==\u0007:\n```js\ncode\n```')).toBe('Fix this bug:');
		expect(promptFirstLine('')).toBe('');
	});
});

describe('HistoryBrowser', () => {
	test('shows a spinner while the runs are read, and Esc still goes back', async () => {
		const {props, calls} = browser({runs: null});
		const ui = await renderInk(<HistoryBrowser {...props} />);
		const reading = await ui.waitForFrame('reading history…');
		expect(reading).toContain('esc back');
		expect(reading).not.toContain('type filter');
		await ui.press(keys.escape);
		await ui.waitFor(() => calls.back === 1);
		await ui.rerender(<HistoryBrowser {...props} runs={numberedRuns(2)} />);
		const frame = await ui.waitForFrame('task 02');
		expect(frame).not.toContain('reading history…');
	});

	test('one row per run with when, mode, turn, judged, models and the first line of the prompt', async () => {
		const runs = [
			summary({created_at: ago(3 * MINUTE + 5_000), prompt: 'Write a debounce function\nin TypeScript', scored_count: 2}),
			summary({created_at: ago(2 * 60 * MINUTE), mode: 'blind', turn: 2, prompt: 'Now add a cancel method', vote_count: 1}),
			summary({
				created_at: ago(3 * 24 * 60 * MINUTE),
				prompt: 'Explain\u001B[2J monads',
				models: ['openrouter:deepseek/deepseek-r1', 'ollama:llama3.2:3b', 'openai:gpt-4o-mini', 'demo:fast'],
			}),
		];
		const {props} = browser({runs, width: 120});
		const ui = await renderInk(<HistoryBrowser {...props} />, {columns: 120, rows: 20});
		const frame = await ui.waitForFrame('Explain monads');
		expect(frame).toContain('arena › history · 3 runs');
		const [first, second, third] = listRows(frame);
		expect(first).toMatch(/^› 3m ago +named +✓ +demo:fast, demo:slow +Write a debounce function$/);
		expect(second).toMatch(/^ {2}2h ago +blind +turn 2 +✓ +demo:fast, demo:slow +Now add a cancel method$/);
		// Many models are cut to their column rather than pushing the prompt off screen.
		expect(third).toMatch(/^ {2}3d ago +named +- +openrouter:deepseek.*… +Explain monads$/);
		for (const write of ui.stdout.writes) expect(write).not.toContain('\u001B[2J');
		// Without any follow-up turn, there is no turn column.
		const single = await renderInk(<HistoryBrowser {...props} runs={[runs[0]!]} />);
		expect(frameLines(await single.waitForFrame('debounce')).join('\n')).not.toContain('turn');
	});

	test('↑/↓, PgUp/PgDn and Home/End move the highlight, and the list fits its rows', async () => {
		const {props} = browser({runs: numberedRuns(40), rows: 12});
		const ui = await renderInk(<HistoryBrowser {...props} />, {columns: 100, rows: 30});
		let frame = await ui.waitForFrame('task 01');
		expect(highlighted(frame)).toContain('task 01');
		expect(frameLines(frame).length).toBeLessThanOrEqual(12);

		await ui.press(keys.down);
		frame = await ui.waitForFrame(frame => highlighted(frame)?.includes('task 02') === true);
		await ui.press(keys.up);
		await ui.press(keys.up);
		frame = await ui.waitForFrame(frame => highlighted(frame)?.includes('task 01') === true);

		await ui.press(keys.pageDown);
		frame = await ui.waitForFrame(frame => highlighted(frame)?.includes('task 01') !== true);
		const afterPage = Number(/task (\d+)/.exec(highlighted(frame)!)![1]);
		expect(afterPage).toBeGreaterThan(2);
		expect(afterPage).toBeLessThanOrEqual(listRows(frame).length);

		await ui.press(keys.end);
		frame = await ui.waitForFrame(frame => highlighted(frame)?.includes('task 40') === true);
		expect(frame).not.toContain('task 01');
		expect(frame).toContain('40/40');
		expect(frameLines(frame).length).toBeLessThanOrEqual(12);
		await ui.press(keys.down);
		await ui.press(keys.pageUp);
		frame = await ui.waitForFrame(frame => highlighted(frame)?.includes('task 40') !== true);
		expect(highlighted(frame)).toMatch(/task [23]\d/);

		await ui.press(keys.home);
		frame = await ui.waitForFrame(frame => highlighted(frame)?.includes('task 01') === true);
		expect(frameLines(frame).length).toBeLessThanOrEqual(12);
	});

	test('typing filters by prompt or model, Backspace edits, Esc clears and then goes back', async () => {
		const runs = [
			summary({prompt: 'Flatten a list in Python', models: ['openai:gpt-4o']}),
			summary({prompt: 'Sort a slice in Go', models: ['ollama:llama3']}),
			summary({prompt: 'jq one-liner for keys', models: ['demo:fast']}),
		];
		const {props, calls} = browser({runs});
		const ui = await renderInk(<HistoryBrowser {...props} />);
		let frame = await ui.waitForFrame('type to filter');
		for (const help of ['↑↓ move', 'pgup/pgdn page', 'home/end top/end', 'enter open', 'esc back', 'type filter']) expect(frame).toContain(help);

		await ui.type('llama');
		frame = await ui.waitForFrame('filter: llama');
		expect(listRows(frame)).toHaveLength(1);
		expect(highlighted(frame)).toContain('Sort a slice in Go');
		expect(frame).toContain('1 of 3 runs');
		expect(frame).toContain('esc clear filter');
		expect(frame).not.toContain('esc back');

		for (let index = 0; index < 5; index++) await ui.press(keys.backspace);
		frame = await ui.waitForFrame('type to filter');
		expect(listRows(frame)).toHaveLength(3);

		// j, k, g and G are letters here, not scroll keys.
		await ui.type('jq');
		frame = await ui.waitForFrame('filter: jq');
		expect(highlighted(frame)).toContain('jq one-liner for keys');
		await ui.type('G');
		frame = await ui.waitForFrame('filter: jqG');
		expect(frame).toContain('No run matches "jqG"');
		await ui.press(keys.backspace);
		await ui.waitForFrame(current => current.includes('filter: jq') && !current.includes('jqG'));

		await ui.type('zzz');
		frame = await ui.waitForFrame('No run matches "jqzzz"');
		expect(listRows(frame)).toHaveLength(0);

		await ui.press(keys.escape);
		frame = await ui.waitForFrame('type to filter');
		expect(listRows(frame)).toHaveLength(3);
		expect(calls.back).toBe(0);
		await ui.press(keys.escape);
		await ui.waitFor(() => calls.back === 1);
	});

	test('Enter shows a spinner while the run loads, then the run; Esc comes back to the same row', async () => {
		const loading = deferred<StoredRunDetail>();
		const runs = numberedRuns(6);
		const {props, calls} = browser({
			runs,
			loadDetail: runId => {
				calls.loaded.push(runId);
				return loading.promise;
			},
		});
		const ui = await renderInk(<HistoryBrowser {...props} />, {columns: 100, rows: 20});
		await ui.waitForFrame('task 01');
		await ui.press(keys.down);
		await ui.press(keys.down);
		await ui.waitForFrame(frame => highlighted(frame)?.includes('task 03') === true);
		await ui.press(keys.enter);
		let frame = await ui.waitForFrame('opening the run…');
		expect(calls.loaded).toEqual([runs[2]!.id]);
		expect(frame).toContain('esc cancel');
		expect(frame).not.toContain('enter open');
		expect(frame).not.toContain('type filter');

		loading.resolve(detailFor('task 03 in full'));
		frame = await ui.waitForFrame('answer to task 03 in full');
		expect(frameLines(frame)[0]).toMatch(/^arena › task 03 in full/);
		expect(paneText(frame, 'demo:fast')[0]).toMatch(/★ 7\/10$/);

		await ui.press(keys.escape);
		frame = await ui.waitForFrame('arena › history');
		expect(highlighted(frame)).toContain('task 03');
		// The list is live again: keys move the highlight.
		await ui.press(keys.down);
		await ui.waitForFrame(frame => highlighted(frame)?.includes('task 04') === true);
		expect(calls.back).toBe(0);
	});

	test('a run that cannot be loaded says why on one line, and the list stays usable', async () => {
		const {props} = browser({
			loadDetail: async () => {
				throw new Error('database is locked\nby another arena');
			},
		});
		const ui = await renderInk(<HistoryBrowser {...props} />);
		await ui.waitForFrame('task 01');
		await ui.press(keys.enter);
		let frame = await ui.waitForFrame('✗ cannot open the run: database is locked by another arena');
		expect(highlighted(frame)).toContain('task 01');
		await ui.press(keys.down);
		frame = await ui.waitForFrame(frame => highlighted(frame)?.includes('task 02') === true);
	});

	test('Esc while a run loads cancels the opening: the late result is not shown', async () => {
		const loading = deferred<StoredRunDetail>();
		const {props, calls} = browser({loadDetail: () => loading.promise});
		const ui = await renderInk(<HistoryBrowser {...props} />);
		await ui.waitForFrame('task 01');
		await ui.press(keys.enter);
		await ui.waitForFrame('opening the run…');
		await ui.press(keys.escape);
		await ui.waitForFrame(frame => !frame.includes('opening the run…'));
		loading.resolve(detailFor('too late'));
		await loading.promise;
		// Another key press proves the list still has the keyboard, and that nothing opened meanwhile.
		await ui.press(keys.down);
		const frame = await ui.waitForFrame(frame => highlighted(frame)?.includes('task 02') === true);
		expect(frame).not.toContain('answer to too late');
		expect(calls.back).toBe(0);
	});

	test('a stored run read from a real store opens with its answers and scores', async () => {
		const store = openHistoryStore(path.join(directories.make(), 'arena.db'));
		openStores.push(store);
		const saved = store.saveRun({
			prompt: 'Write a debounce function',
			created_at: ago(5 * MINUTE),
			answers: [modelResult({spec: 'demo:fast', text: 'function debounce() {}'}), modelResult({spec: 'demo:slow'})],
		});
		store.setScore(saved.answerIds[0]!, 9);
		store.saveRun({prompt: 'Older prompt', created_at: ago(60 * MINUTE), answers: [modelResult({spec: 'demo:fast'})]});
		const {props} = browser({
			runs: store.listRuns(),
			loadDetail: async runId => storedRunView(store.getRun(runId)!),
		});
		const ui = await renderInk(<HistoryBrowser {...props} />, {columns: 100, rows: 20});
		let frame = await ui.waitForFrame('Older prompt');
		expect(highlighted(frame)).toMatch(/^5m ago +named +✓ +demo:fast, demo:slow +Write a debounce function$/);
		expect(listRows(frame)[1]).toMatch(/^ {2}1h ago +named +- +demo:fast +Older prompt$/);
		await ui.press(keys.enter);
		frame = await ui.waitForFrame('function debounce() {}');
		expect(paneText(frame, 'demo:fast')[0]).toMatch(/★ 9\/10$/);
		await ui.press('q');
		frame = await ui.waitForFrame('arena › history');
		expect(highlighted(frame)).toContain('Write a debounce function');
	});

	test('inside the workspace an opened run goes back with Esc, and q leaves arena', async () => {
		let quits = 0;
		const {props} = browser({runs: numberedRuns(3), loadDetail: async () => detailFor('Stored answer'), onQuitApp: () => (quits += 1)});
		const ui = await renderInk(<HistoryBrowser {...props} />, {columns: 100, rows: 20});
		await ui.waitForFrame('arena › history');
		await ui.press(keys.enter);
		let frame = await ui.waitForFrame('Stored answer');
		expect(frame).toContain('esc back');
		expect(frame).toContain('q quit');
		await ui.press(keys.escape);
		frame = await ui.waitForFrame('arena › history');
		expect(quits).toBe(0);
		await ui.press(keys.enter);
		await ui.waitForFrame('Stored answer');
		await ui.press('q');
		await ui.waitFor(() => quits === 1);
	});

	test('never draws more rows than it is given, whatever is shown', async () => {
		for (const rows of [3, 5, 8, 14]) {
			const {props} = browser({runs: numberedRuns(30), rows, width: 60, loadDetail: async () => Promise.reject(new Error('gone'))});
			const ui = await renderInk(<HistoryBrowser {...props} />, {columns: 60, rows: 30});
			let frame = await ui.waitForFrame('task 01');
			expect(frameLines(frame).length, `rows ${rows}`).toBeLessThanOrEqual(rows);
			await ui.press(keys.enter);
			frame = await ui.waitForFrame('✗ cannot open the run: gone');
			expect(frameLines(frame).length, `rows ${rows} with an error`).toBeLessThanOrEqual(rows);
			for (const line of frameLines(frame)) expect(line.length).toBeLessThanOrEqual(60);
			await ui.unmount();
		}
	});

	test('without focus it ignores keys and shows no help', async () => {
		const {props, calls} = browser({focus: false});
		const ui = await renderInk(<HistoryBrowser {...props} />);
		const frame = await ui.waitForFrame('task 01');
		expect(frame).not.toContain('enter open');
		expect(ui.stdin.acceptsInput).toBe(false);
		expect(calls.back).toBe(0);
	});
});
