import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {buildLeaderboard, type Leaderboard, loadLeaderboard} from '../../source/core/leaderboard.js';
import {HEAD_TO_HEAD_TITLE} from '../../source/core/leaderboard-report.js';
import type {Battle} from '../../source/core/rating.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {LeaderboardApp} from '../../source/ui/leaderboard-app.js';
import {CHART_POINT, CHART_WHISKER_LEFT, CHART_WHISKER_RIGHT} from '../../source/ui/leaderboard/rating-chart.js';
import {cleanupInk, keys, renderInk} from '../helpers/ink-harness.js';
import {judgedRuns} from '../helpers/judged-votes.js';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';

const directories = temporaryDirectories();

afterEach(async () => {
	await cleanupInk();
	directories.cleanup();
});

function battles(winner: string, loser: string, wins: number, losses: number): Battle[] {
	return [
		...Array.from({length: wins}, (): Battle => ({model_a: winner, model_b: loser, winner: 'model_a'})),
		...Array.from({length: losses}, (): Battle => ({model_a: loser, model_b: winner, winner: 'model_a'})),
	];
}

function samples(model: string, ttft: number, score: number) {
	return {model, answers: 4, failed: 0, ttft_ms: [ttft], tokens_per_s: [50], total_ms: [ttft * 10], cost_usd: [], scores: [score]};
}

/** alpha > beta > gamma by votes; gamma answers fastest; delta has answers but no votes. */
function exampleBoard(): Leaderboard {
	return buildLeaderboard(
		[...battles('x:alpha', 'x:beta', 14, 6), ...battles('x:beta', 'x:gamma', 14, 6), ...battles('x:alpha', 'x:gamma', 17, 3)],
		[samples('x:alpha', 900, 8), samples('x:beta', 500, 7), samples('x:gamma', 100, 6), samples('x:delta', 300, 9)],
		{bootstrapRounds: 200},
	);
}

const MODELS = ['x:alpha', 'x:beta', 'x:gamma', 'x:delta'];

/** Notes under the table that name models: "about 40 more x:beta vs x:gamma votes…". */
const MODEL_NOTE = /\bvs\b/;

/** Table rows only (the detail line under the table starts with ▸; notes name two models with "vs"). */
function tableLines(frame: string): string[] {
	return frame
		.split('\n')
		.filter(line => MODELS.some(model => line.includes(model)) && !line.trimStart().startsWith('▸') && !MODEL_NOTE.test(line));
}

/** The models in the order the frame shows them. */
function shownOrder(frame: string): string[] {
	return tableLines(frame).map(line => MODELS.find(model => line.includes(model))!);
}

function lineOf(frame: string, model: string): string {
	return tableLines(frame).find(line => line.includes(model))!;
}

describe('the leaderboard view', () => {
	it('opens in rating order with a bar and a 95% whisker per rated model on one scale', async () => {
		const app = await renderInk(<LeaderboardApp leaderboard={exampleBoard()} />, {columns: 140, rows: 30});
		const frame = await app.waitForFrame('x:alpha');
		expect(frame).toContain('sorted by rating ↓');
		expect(shownOrder(frame)).toEqual(['x:alpha', 'x:beta', 'x:gamma', 'x:delta']);

		const pointAt = (model: string) => lineOf(frame, model).indexOf(CHART_POINT);
		for (const model of ['x:alpha', 'x:beta', 'x:gamma']) {
			const line = lineOf(frame, model);
			expect(line).toContain(CHART_WHISKER_LEFT);
			expect(line).toContain(CHART_WHISKER_RIGHT);
			expect(line.indexOf(CHART_WHISKER_LEFT)).toBeLessThan(pointAt(model));
			expect(line.indexOf(CHART_WHISKER_RIGHT)).toBeGreaterThan(pointAt(model));
		}
		// Higher rating, further right on the shared scale.
		expect(pointAt('x:alpha')).toBeGreaterThan(pointAt('x:beta'));
		expect(pointAt('x:beta')).toBeGreaterThan(pointAt('x:gamma'));
		expect(lineOf(frame, 'x:delta')).not.toContain(CHART_POINT);
		// The help bar comes from the keymap.
		expect(frame).toMatch(/←→ sort by/);
		expect(frame).toMatch(/i reverse order/);
		expect(frame).toMatch(/q\/esc quit/);
	});

	it('sorts by another column with ←/→ and reverses with i', async () => {
		const app = await renderInk(<LeaderboardApp leaderboard={exampleBoard()} />, {columns: 140, rows: 30});
		await app.waitForFrame('x:alpha');

		await app.press(keys.left);
		let frame = await app.waitForFrame('sorted by model ↑');
		expect(shownOrder(frame)).toEqual(['x:alpha', 'x:beta', 'x:delta', 'x:gamma']);

		await app.press('i');
		frame = await app.waitForFrame('sorted by model ↓');
		expect(shownOrder(frame)).toEqual(['x:gamma', 'x:delta', 'x:beta', 'x:alpha']);

		for (let presses = 0; presses < 20 && !app.lastFrame().includes('sorted by TTFT'); presses++) await app.press(keys.right);
		frame = await app.waitForFrame('sorted by TTFT ↑');
		expect(shownOrder(frame)).toEqual(['x:gamma', 'x:delta', 'x:beta', 'x:alpha']);
		// The sorted column is marked in the header too.
		expect(frame).toMatch(/TTFT ↑/);

		await app.press(keys.right); // tok/s: all equal, so the board's order stays
		await app.press(keys.right); // p50 total
		frame = await app.waitForFrame('sorted by p50 total ↑');
		expect(shownOrder(frame)).toEqual(['x:gamma', 'x:delta', 'x:beta', 'x:alpha']);
		await app.press('i');
		frame = await app.waitForFrame('sorted by p50 total ↓');
		expect(shownOrder(frame)).toEqual(['x:alpha', 'x:beta', 'x:delta', 'x:gamma']);
	});

	it('calls a rating on fewer than ten votes provisional, whose interval would otherwise look certain', async () => {
		const board = buildLeaderboard(battles('x:new', 'x:other', 1, 0), [], {bootstrapRounds: 50});
		const app = await renderInk(<LeaderboardApp leaderboard={board} />, {columns: 140, rows: 30});
		const frame = await app.waitForFrame('▸ x:new');
		expect(frame).toMatch(/▸ x:new · rating \d+ \(95% CI [^)]*\), provisional: 1 vote/);
		const settled = await renderInk(<LeaderboardApp leaderboard={exampleBoard()} />, {columns: 140, rows: 30});
		expect(await settled.waitForFrame('▸ x:alpha')).not.toContain('provisional');
	});

	it('shows the selected model in full under the table and moves the selection with ↓', async () => {
		const app = await renderInk(<LeaderboardApp leaderboard={exampleBoard()} />, {columns: 140, rows: 30});
		let frame = await app.waitForFrame('▸ x:alpha');
		expect(frame).toMatch(/▸ x:alpha · rating \d+ \(95% CI \d+–\d+/);
		await app.press(keys.down);
		frame = await app.waitForFrame('▸ x:beta');
		expect(frame).toMatch(/▸ x:beta · rating \d+ .*20-20-0 in 40 votes/);
	});

	it('leaves on q, and on Esc, dropping the help bar', async () => {
		for (const key of ['q', keys.escape]) {
			let exits = 0;
			const app = await renderInk(<LeaderboardApp leaderboard={exampleBoard()} onExit={() => exits++} />, {columns: 140, rows: 30});
			await app.waitForFrame('x:alpha');
			await app.press(key);
			await app.waitFor(() => exits === 1, {message: 'the view to leave'});
			await app.waitForFrame(frame => !frame.includes('sort by'));
			expect(app.lastFrame()).toContain('x:alpha');
			await app.unmount();
		}
	});

	it('fits a narrow terminal: keeps the model and rating, drops what does not fit', async () => {
		const app = await renderInk(<LeaderboardApp leaderboard={exampleBoard()} />, {columns: 60, rows: 30});
		const frame = await app.waitForFrame('x:alpha');
		for (const line of tableLines(frame)) expect(line.length).toBeLessThanOrEqual(60);
		expect(lineOf(frame, 'x:alpha')).toMatch(/x:alpha\s+\d{3,4}/);
		expect(frame).not.toContain('p50 total');
	});

	it('scrolls a long board so the selection stays on screen', async () => {
		const many = buildLeaderboard([], Array.from({length: 40}, (_, index) => samples(`m:${String(index).padStart(2, '0')}`, 100 + index, 9 - index / 10)), {});
		const app = await renderInk(<LeaderboardApp leaderboard={many} />, {columns: 100, rows: 20});
		await app.waitForFrame('m:00');
		await app.press(keys.end);
		const frame = await app.waitForFrame('▸ m:39');
		expect(frame.split('\n').filter(line => line.includes('m:39'))).toHaveLength(2);
		expect(frame).not.toMatch(/^\s*—?\s*m:00/m);
		expect(frame).toMatch(/rows \d+–40 of 40/);
	});

	it('flips to the head-to-head matrix with h and back, each view’s help bar naming the other', async () => {
		const app = await renderInk(<LeaderboardApp leaderboard={exampleBoard()} />, {columns: 140, rows: 30});
		let frame = await app.waitForFrame('sorted by rating');
		expect(frame).toMatch(/h head-to-head/);

		await app.press('h');
		frame = await app.waitForFrame(HEAD_TO_HEAD_TITLE);
		expect(frame).not.toContain('sorted by');
		expect(frame).toMatch(/h ratings/);
		const lines = frame.split('\n');
		const header = lines.findIndex(line => /^\s+#1\s+#2\s+#3$/.test(line));
		expect(header).toBeGreaterThan(0);
		// Rows in rating order; each cell is the row's win rate against the column, with the battles.
		expect(lines[header + 1]).toMatch(/^#1 x:alpha\s+70% \(20\)\s+85% \(20\)$/);
		expect(lines[header + 2]).toMatch(/^#2 x:beta\s+30% \(20\)\s+70% \(20\)$/);
		expect(lines[header + 3]).toMatch(/^#3 x:gamma\s+15% \(20\)\s+30% \(20\)$/);
		// x:delta has no votes, so it has no row.
		expect(frame).not.toContain('x:delta');

		// ← sorts the ratings view; the matrix does not take it.
		await app.press(keys.left);
		expect(app.lastFrame()).toContain(HEAD_TO_HEAD_TITLE);
		await app.press('h');
		frame = await app.waitForFrame('sorted by rating ↓');
		expect(shownOrder(frame)).toEqual(['x:alpha', 'x:beta', 'x:gamma', 'x:delta']);
	});

	it('leaves off matrix columns a narrow terminal cannot hold, and says so', async () => {
		const app = await renderInk(<LeaderboardApp leaderboard={exampleBoard()} />, {columns: 30, rows: 30});
		await app.waitForFrame('x:alpha');
		await app.press('h');
		const frame = await app.waitForFrame('#1 x:alpha');
		for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(30);
		expect(frame).toMatch(/^#1 x:alpha\s+70% \(20\)$/m);
		expect(frame).toMatch(/^\+1 column off to the right/m);
	});

	it('says under the board which votes count, the position bias, and what would separate close neighbours', async () => {
		const store = openHistoryStore(path.join(directories.make(), 'arena.db'));
		try {
			judgedRuns(store, 40, 'x:alpha', 'x:beta', 'model_a');
			judgedRuns(store, 40, 'x:gamma', 'x:alpha', 'model_b');
			judgedRuns(store, 11, 'x:beta', 'x:gamma', 'model_a');
			judgedRuns(store, 9, 'x:gamma', 'x:beta', 'model_a');
			judgedRuns(store, 2, 'x:beta', 'x:gamma', 'model_a', {mode: 'named'});
			const board = loadLeaderboard(store, {}, {bootstrapRounds: 200});
			const app = await renderInk(<LeaderboardApp leaderboard={board} />, {columns: 140, rows: 30});
			const frame = await app.waitForFrame('x:alpha');
			expect(frame).toContain('100 blind votes (2 named left out; --include-named to add them)');
			expect(frame).toMatch(/Left side wins \d+% of decided votes \(95% CI [\d.]+–[\d.]+%\), n=100/);
			expect(frame).toMatch(/about [\d,]+ more x:beta vs x:gamma votes to tell #2 from #3 at 95%/);
			expect(frame).not.toMatch(/to tell #1 from #2/);
			// The notes stay on screen in the matrix view too.
			await app.press('h');
			expect(await app.waitForFrame(HEAD_TO_HEAD_TITLE)).toMatch(/to tell #2 from #3/);
		} finally {
			store.close();
		}
	});

	it('cuts the notes on a short terminal, keeping some of the board and saying how many were cut', async () => {
		const battlesAmongMany: Battle[] = [];
		const names = Array.from({length: 8}, (_, index) => `n:${index}`);
		// Neighbours that are hardly apart: a separation note for each pair.
		for (let index = 0; index + 1 < names.length; index++) battlesAmongMany.push(...battles(names[index]!, names[index + 1]!, 6, 5));
		const board = buildLeaderboard(battlesAmongMany, [], {bootstrapRounds: 100});
		const app = await renderInk(<LeaderboardApp leaderboard={board} />, {columns: 120, rows: 14});
		const frame = await app.waitForFrame('n:0');
		expect(frame).toMatch(/… \d+ more notes; `arena leaderboard --format table` prints them all/);
		expect(frame.split('\n').filter(line => /^\s*\d+\s+n:\d/.test(line)).length).toBeGreaterThanOrEqual(3);
	});
});
