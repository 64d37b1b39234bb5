import {afterEach, describe, expect, test} from 'vitest';
import type {RubricScores} from '../../source/core/rubric.js';
import {helpItems, keyBindings} from '../../source/ui/keymap.js';
import {type Judgements, type JudgingCallbacks, type PairVote, RunApp, runTui} from '../../source/ui/run-app.js';
import {cleanupInk, createTerminal, driveTerminal, keys, renderInk} from '../helpers/ink-harness.js';
import {scriptedRun} from './fake-run.js';
import {frameLines, isFocused, paneText} from './frame.js';

afterEach(cleanupInk);

const helpText = (item: {keys: string; description: string}) => `${item.keys} ${item.description}`;
const header = (frame: string, spec: string) => paneText(frame, spec)[0]!;

type Call =
	| {callback: 'onScore'; index: number; score: number | null; rubric: RubricScores | null}
	| {callback: 'onVote'; vote: PairVote}
	| {callback: 'onRanking'; ordered: number[]};

/** Callbacks that record every call; `fail` decides per call whether (and how) to fail. */
function recorder(fail: (call: Call) => 'throw' | 'reject' | 'ok' = () => 'ok') {
	const calls: Call[] = [];
	const handle = (call: Call): void | Promise<void> => {
		calls.push(call);
		const outcome = fail(call);
		if (outcome === 'throw') throw new Error(`the database is locked (${call.callback})`);
		if (outcome === 'reject') return Promise.reject(new Error('disk I/O error\nsecond line'));
		return Promise.resolve();
	};
	const judging: JudgingCallbacks = {
		onScore: (index, score, rubric) => handle({callback: 'onScore', index, score, rubric}),
		onVote: vote => handle({callback: 'onVote', vote}),
		onRanking: ordered => handle({callback: 'onRanking', ordered}),
	};
	return {calls, judging};
}

/** A run whose models have all answered, drawn and waiting for judgement. */
async function finishedRun(specs: string[], props: Partial<Parameters<typeof RunApp>[0]> = {}, size = {columns: 120, rows: 24}) {
	const {run, streams} = scriptedRun(specs.map(spec => ({spec})));
	const ui = await renderInk(<RunApp run={run} {...props} />, size);
	void run.start();
	for (const [index, stream] of streams.entries()) stream.request(0).content(`answer from model ${index}`, 10).finish(20);
	await ui.waitForFrame('all finished');
	return ui;
}

describe('judging waits for every model', () => {
	test('while a model streams the judging keys do nothing and are not offered; once all end they are', async () => {
		const {calls, judging} = recorder();
		const {run, streams} = scriptedRun([{spec: 'p:one'}, {spec: 'p:two'}]);
		const ui = await renderInk(<RunApp run={run} judging={judging} />, {columns: 160, rows: 24});
		void run.start();
		streams[0]!.request(0).content('first answer', 10).finish(20);
		streams[1]!.request(0).content('still typing', 10);
		const streaming = await ui.waitForFrame('1/2 finished');
		for (const key of ['8', '0', 'a', 'x', '-', 'u', 'w']) await ui.press(key);
		// The focus moving proves the keys before it were handled (and ignored).
		await ui.press(keys.tab);
		const afterKeys = await ui.waitForFrame(frame => isFocused(frame, 'p:two'));
		expect(calls).toEqual([]);
		expect(afterKeys).not.toContain('★');
		expect(afterKeys).not.toContain('You voted');
		expect(afterKeys).not.toContain('Rubric for');
		for (const command of ['SCORE', 'CLEAR_SCORE', 'RUBRIC'] as const) {
			expect(streaming).not.toContain(helpText(helpItems([command])[0]!));
		}
		expect(streaming).not.toContain(keyBindings.VOTE_LEFT.keys + '/');

		streams[1]!.finish(30);
		const finished = await ui.waitForFrame('all finished');
		for (const item of helpItems(['SCORE', 'CLEAR_SCORE', 'RUBRIC', 'VOTE_LEFT', 'VOTE_RIGHT', 'VOTE_TIE', 'VOTE_BOTH_BAD', 'QUIT'])) {
			expect(finished).toContain(helpText(item));
		}
		// Ranking is for three or more panes.
		expect(finished).not.toContain(helpText(helpItems(['PICK_BEST'])[0]!));
		await ui.press('8');
		await ui.waitFor(() => calls.length === 1);
		// The focus is where the user left it, on the right pane.
		expect(calls[0]).toEqual({callback: 'onScore', index: 1, score: 8, rubric: null});
	});
});

describe('scores', () => {
	test('digits score the focused pane (0 is 10), a new digit replaces the score, and - clears it', async () => {
		const {calls, judging} = recorder();
		const ui = await finishedRun(['p:one', 'p:two'], {judging});
		expect(isFocused(ui.lastFrame(), 'p:one')).toBe(true);

		await ui.press('8');
		let frame = await ui.waitForFrame(frame => header(frame, 'p:one').endsWith('★ 8/10'));
		expect(header(frame, 'p:two')).not.toContain('★');

		await ui.press(keys.tab);
		await ui.press('0');
		frame = await ui.waitForFrame(frame => header(frame, 'p:two').endsWith('★ 10/10'));
		await ui.press('3');
		frame = await ui.waitForFrame(frame => header(frame, 'p:two').endsWith('★ 3/10'));
		expect(frame).not.toContain('10/10');
		expect(header(frame, 'p:one')).toMatch(/★ 8\/10$/);

		await ui.press('-');
		frame = await ui.waitForFrame(frame => !header(frame, 'p:two').includes('★'));
		expect(header(frame, 'p:one')).toMatch(/★ 8\/10$/);
		expect(calls).toEqual([
			{callback: 'onScore', index: 0, score: 8, rubric: null},
			{callback: 'onScore', index: 1, score: 10, rubric: null},
			{callback: 'onScore', index: 1, score: 3, rubric: null},
			{callback: 'onScore', index: 1, score: null, rubric: null},
		]);
	});

	test('without callbacks (--no-save) judging still shows, and the view says nothing is saved', async () => {
		const ui = await finishedRun(['p:one', 'p:two']);
		expect(frameLines(ui.lastFrame())[0]).toMatch(/all finished · not saved \(--no-save\)$/);
		await ui.press('6');
		await ui.press('b');
		const frame = await ui.waitForFrame('You voted: B (right) is better');
		expect(header(frame, 'p:one')).toMatch(/★ 6\/10$/);
	});
});

describe('two panes: a vote', () => {
	test('a, b, t and x vote left, right, tie and both bad; each new vote replaces the verdict', async () => {
		const {calls, judging} = recorder();
		const ui = await finishedRun(['p:one', 'p:two'], {judging});
		expect(ui.lastFrame()).not.toContain('You voted');
		expect(ui.lastFrame()).not.toContain('not saved');
		const verdicts: Array<[string, string, PairVote['winner']]> = [
			['a', 'You voted: A (left) is better', 'model_a'],
			['b', 'You voted: B (right) is better', 'model_b'],
			['t', 'You voted: tie', 'tie'],
			['x', 'You voted: both are bad', 'tie (bothbad)'],
		];
		for (const [key, verdict] of verdicts) {
			await ui.press(key);
			const frame = await ui.waitForFrame(verdict);
			// Only the newest verdict is on screen.
			expect(frameLines(frame).filter(line => line.includes('You voted'))).toEqual([verdict]);
		}
		expect(calls).toEqual(
			verdicts.map(([, , winner]) => ({callback: 'onVote', vote: {leftIndex: 0, rightIndex: 1, winner}})),
		);
	});

	test('stacked panes (a narrow terminal) are named top and bottom', async () => {
		const ui = await finishedRun(['p:one', 'p:two'], {}, {columns: 60, rows: 30});
		await ui.press('a');
		await ui.waitForFrame('You voted: A (top) is better');
	});
});

describe('three or more panes: a ranking', () => {
	test('w (or Enter) picks the focused pane as the next best; picking a ranked pane redoes from there', async () => {
		const {calls, judging} = recorder();
		const ui = await finishedRun(['p:one', 'p:two', 'p:three'], {judging}, {columns: 150, rows: 24});
		const finished = ui.lastFrame();
		expect(finished).toContain(helpText(helpItems(['PICK_BEST'])[0]!));
		expect(finished).not.toContain(helpText(helpItems(['VOTE_LEFT', 'VOTE_RIGHT'])[0]!));

		await ui.press('a');
		await ui.press(keys.tab);
		await ui.press('w');
		let frame = await ui.waitForFrame('Your ranking: p:two > …');
		expect(header(frame, 'p:two')).toMatch(/#1$/);

		await ui.press(keys.tab);
		await ui.press(keys.enter);
		frame = await ui.waitForFrame('Your ranking: p:two > p:three > p:one');
		expect(header(frame, 'p:three')).toMatch(/#2$/);
		// The last pane left needs no pick.
		expect(header(frame, 'p:one')).toMatch(/#3$/);

		// Picking #2 again takes it (and what follows) back out.
		await ui.press('w');
		frame = await ui.waitForFrame('Your ranking: p:two > …');
		expect(header(frame, 'p:three')).not.toContain('#');
		// `a` is no vote with three panes.
		expect(calls).toEqual([
			{callback: 'onRanking', ordered: [1]},
			{callback: 'onRanking', ordered: [1, 2, 0]},
			{callback: 'onRanking', ordered: [1]},
		]);
	});
});

describe('the rubric form', () => {
	test('u opens it for the focused pane; the score is the weighted mean, saved with the marks', async () => {
		const {calls, judging} = recorder();
		const ui = await finishedRun(['p:one', 'p:two'], {judging}, {columns: 120, rows: 30});
		await ui.press(keys.tab);
		await ui.press('u');
		let frame = await ui.waitForFrame('Rubric for p:two');
		expect(frame).toContain('mark every criterion to save');
		// The help bar now lists the form's keys, not the judging ones.
		expect(frame).toContain(helpText(helpItems(['RUBRIC_SAVE'])[0]!));
		expect(frame).not.toContain(helpText(helpItems(['SCORE'])[0]!));

		await ui.type('978');
		// Not every criterion has a mark: Enter does nothing yet.
		await ui.press(keys.enter);
		expect(ui.lastFrame()).toContain('Rubric for p:two');
		await ui.press('6');
		frame = await ui.waitForFrame('= 7.8/10, the weighted mean');
		expect(frame).toMatch(/correctness +9\/10 +weight 40%/);
		expect(frame).toMatch(/edge cases +6\/10 +weight 20%/);
		expect(calls).toEqual([]);

		await ui.press(keys.enter);
		frame = await ui.waitForFrame(frame => !frame.includes('Rubric for'));
		expect(header(frame, 'p:two')).toMatch(/★ 7\.8\/10$/);
		expect(calls).toEqual([
			{
				callback: 'onScore',
				index: 1,
				score: 7.8,
				rubric: {correctness: 9, code_quality: 7, documentation: 8, edge_cases: 6},
			},
		]);
	});

	test('the weights come from the options; ← gives a 0; Esc leaves without saving; reopening shows the marks', async () => {
		const {calls, judging} = recorder();
		const weights = {correctness: 1, code_quality: 1, documentation: 1, edge_cases: 1};
		const ui = await finishedRun(['p:one', 'p:two'], {judging, rubricWeights: weights}, {columns: 120, rows: 30});
		await ui.press('u');
		await ui.waitForFrame('weight 25%');
		await ui.press(keys.left);
		await ui.press(keys.down);
		await ui.type('555');
		await ui.waitForFrame('= 3.75/10, the weighted mean');
		await ui.press(keys.enter);
		await ui.waitFor(() => calls.length === 1);
		expect(calls[0]).toMatchObject({index: 0, score: 3.75, rubric: {correctness: 0, code_quality: 5}});

		await ui.press('u');
		await ui.waitForFrame(frame => /correctness +0\/10/.test(frame));
		await ui.press('0');
		await ui.waitForFrame(frame => /correctness +10\/10/.test(frame));
		await ui.press(keys.escape);
		const frame = await ui.waitForFrame(frame => !frame.includes('Rubric for'));
		expect(header(frame, 'p:one')).toMatch(/★ 3\.75\/10$/);
		expect(calls).toHaveLength(1);
	});
});

describe('a failed save', () => {
	test('shows one red line and the view carries on; saving that judgement again clears it', async () => {
		let failures = 0;
		const {calls, judging} = recorder(call => {
			if (call.callback === 'onScore' && failures === 0) return (failures += 1), 'throw';
			if (call.callback === 'onVote' && failures === 1) return (failures += 1), 'reject';
			return 'ok';
		});
		const ui = await finishedRun(['p:one', 'p:two'], {judging});
		await ui.press('7');
		let frame = await ui.waitForFrame('could not save: the database is locked (onScore)');
		// What the user chose is still shown; the line says it was not kept.
		expect(header(frame, 'p:one')).toMatch(/★ 7\/10$/);

		await ui.press('a');
		frame = await ui.waitForFrame('could not save: disk I/O error (and 1 more)');
		expect(frame).not.toContain('second line');
		expect(frame).toContain('You voted: A (left) is better');

		// Pressing the same key again retries that save; the score is still unsaved and still said so.
		await ui.press('a');
		frame = await ui.waitForFrame(frame => !frame.includes('disk I/O error'));
		expect(frame).toContain('could not save: the database is locked (onScore)');
		await ui.press('7');
		frame = await ui.waitForFrame(frame => !frame.includes('could not save'));
		// And the app is as usable as before.
		await ui.press(keys.tab);
		await ui.press('9');
		frame = await ui.waitForFrame(frame => header(frame, 'p:two').endsWith('★ 9/10'));
		expect(calls.map(call => call.callback)).toEqual(['onScore', 'onVote', 'onVote', 'onScore', 'onScore']);
	});
});

/** Presses `key` until `done` holds: for when no frame can say the app is ready for it. */
async function pressUntil(ui: ReturnType<typeof driveTerminal>, key: string, done: () => boolean): Promise<void> {
	const deadline = performance.now() + 4000;
	while (!done()) {
		if (performance.now() > deadline) throw new Error(`pressing ${JSON.stringify(key)} never took effect`);
		await ui.press(key);
	}
}

describe('runTui', () => {
	test('returns the final judgements and waits for saves still in flight', async () => {
		const terminal = createTerminal({columns: 120, rows: 24});
		const ui = driveTerminal(terminal);
		const {run, streams} = scriptedRun([{spec: 'p:one'}, {spec: 'p:two'}]);
		const heldSaves: Array<() => void> = [];
		const saved: string[] = [];
		const judging: JudgingCallbacks = {
			onScore: (index, score) =>
				new Promise<void>(resolve => {
					heldSaves.push(() => {
						saved.push(`score ${index}=${score}`);
						resolve();
					});
				}),
			onVote: vote => void saved.push(`vote ${vote.winner}`),
			onRanking: () => undefined,
		};
		let settled = false;
		const outcome = runTui(run, {...terminal.streams, judging}).finally(() => (settled = true));
		for (const stream of streams) stream.request(0).content('an answer', 10).finish(20);
		await run.start();
		// Ink may draw only the last frame here (CI), so the sign that judging is open is the first save.
		await pressUntil(ui, '4', () => heldSaves.length > 0);
		await ui.press('9');
		await ui.press('b');
		await ui.press('q');
		// The app has handed the terminal back but the score saves have not finished: no result yet.
		await ui.waitFor(() => !terminal.stdin.rawMode);
		for (let turn = 0; turn < 5; turn += 1) await new Promise(resolve => setImmediate(resolve));
		expect(settled).toBe(false);
		for (const release of heldSaves) release();
		const {quit, judgements} = await outcome;
		expect(quit).toBe('done');
		expect(saved).toEqual(['vote model_b', 'score 0=4', 'score 0=9']);
		expect(judgements).toEqual<Judgements>({
			scores: [9, null],
			rubrics: [null, null],
			vote: {leftIndex: 0, rightIndex: 1, winner: 'model_b'},
			ranking: null,
		});
	});

	test('Ctrl+C after the run leaves like q, keeping what was judged', async () => {
		const terminal = createTerminal({columns: 120, rows: 24});
		const ui = driveTerminal(terminal);
		const {calls, judging} = recorder();
		const {run, streams} = scriptedRun([{spec: 'p:one'}, {spec: 'p:two'}, {spec: 'p:three'}]);
		const outcome = runTui(run, {...terminal.streams, judging});
		for (const stream of streams) stream.request(0).content('an answer', 10).finish(20);
		await run.start();
		await pressUntil(ui, 'w', () => calls.length > 0);
		await ui.press(keys.ctrlC);
		const {quit, judgements} = await outcome;
		expect(quit).toBe('done');
		expect(judgements.ranking).toEqual([0]);
		expect(terminal.stdin.rawMode).toBe(false);
	});

	test('weights that are not valid are refused before anything is drawn', async () => {
		const terminal = createTerminal();
		const {run} = scriptedRun([{spec: 'p:one'}]);
		await expect(
			runTui(run, {...terminal.streams, rubricWeights: {correctness: -1, code_quality: 1, documentation: 1, edge_cases: 1}}),
		).rejects.toThrow(/correctness must be a number above 0/);
		expect(terminal.stdout.writes).toEqual([]);
	});
});

describe('keys that arrive together', () => {
	test('Tab, a score and a vote typed in one burst are each handled, in order', async () => {
		const {calls, judging} = recorder();
		const ui = await finishedRun(['p:left', 'p:right'], {judging});
		// A fast typist, a paste or a terminal multiplexer can deliver several keys in one read.
		await ui.press('9\t4b');
		await ui.waitFor(() => calls.length === 3);
		expect(calls).toEqual([
			{callback: 'onScore', index: 0, score: 9, rubric: null},
			{callback: 'onScore', index: 1, score: 4, rubric: null},
			{callback: 'onVote', vote: {leftIndex: 0, rightIndex: 1, winner: 'model_b'}},
		]);
		const frame = await ui.waitForFrame('You voted');
		expect(header(frame, 'p:left')).toContain('★ 9/10');
		expect(header(frame, 'p:right')).toContain('★ 4/10');
	});
});
