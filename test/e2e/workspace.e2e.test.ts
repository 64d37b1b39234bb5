import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {displayWidth} from '../../source/ui/text/wrap.js';
import {CLI, shellQuote, Terminal} from '../helpers/tmux.js';

/**
 * `arena` with no command, driven the way a person drives it: keys into a
 * real terminal (a private tmux server), and every step judged by what the
 * screen shows.
 */

let terminal: Terminal | undefined;
afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

const arena = `node ${CLI}`;
const TAGLINE = 'one prompt, every model, side by side';
const PROMPT = 'flatten a nested list in Python';

/** Starts a command in the shell; `exitStatus()` later waits for it to end and returns its status. */
function launch(term: Terminal, line: string) {
	const marker = `__exit_${Math.random().toString(36).slice(2, 8)}`;
	term.type(`${line}; echo ${marker}=$?`);
	return {
		async exitStatus(timeoutMs = 15_000): Promise<number> {
			const screen = await term.waitForText(new RegExp(`${marker}=\\d+`), timeoutMs);
			return Number(new RegExp(`${marker}=(\\d+)`).exec(screen)![1]);
		},
	};
}

function rowsOf(screen: string): string[] {
	return screen.split('\n');
}

/** Home, with the prompt editor taking keys (its label loses "(i to edit)"). */
function homeEditing(screen: string): boolean {
	return screen.includes(TAGLINE) && /╭─ prompt ─/.test(screen);
}

/** Home, with the menu of single keys taking them. */
function homeMenu(screen: string): boolean {
	return screen.includes(TAGLINE) && screen.includes('i/enter edit prompt');
}

/** The model chips on home, in order. */
function chips(screen: string): string[] {
	const row = rowsOf(screen).find(line => line.startsWith('models ')) ?? '';
	return row.match(/demo:[a-z]+/g) ?? [];
}

/** The run view's title row says every answer has ended. */
function allFinished(screen: string): boolean {
	return rowsOf(screen)[0]?.includes('all finished') ?? false;
}

interface Pane {
	/** Screen rows of the top and bottom borders; bottom is -1 when the box never closes. */
	top: number;
	bottom: number;
	/** Screen columns of the left and right borders. */
	left: number;
	right: number;
	/** Drawn with a double border: the pane with the keyboard focus. */
	focused: boolean;
	/** The text between the side borders, row by row. */
	lines: string[];
}

const BORDERS = {
	single: {topLeft: '╭', topRight: '╮', bottomLeft: '╰', bottomRight: '╯', horizontal: '─', vertical: '│'},
	double: {topLeft: '╔', topRight: '╗', bottomLeft: '╚', bottomRight: '╝', horizontal: '═', vertical: '║'},
} as const;

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** A screen row as terminal cells: a wide character fills its own cell and an empty one after it. */
function cellsOf(line: string): string[] {
	const cells: string[] = [];
	for (const {segment} of graphemes.segment(line)) {
		cells.push(segment);
		for (let extra = 1; extra < displayWidth(segment); extra++) cells.push('');
	}
	return cells;
}

/**
 * The answer panes on screen: every unbroken top border (a code block's frame
 * has a label or an open end, so it is not one), followed down its two sides
 * to the bottom border in the same columns.
 */
function panesOn(screen: string): Pane[] {
	const rows = rowsOf(screen).map(cellsOf);
	const panes: Pane[] = [];
	rows.forEach((cells, top) => {
		for (let left = 0; left < cells.length; left++) {
			const style = cells[left] === BORDERS.single.topLeft ? BORDERS.single : cells[left] === BORDERS.double.topLeft ? BORDERS.double : undefined;
			if (!style) continue;
			let right = left + 1;
			while (cells[right] === style.horizontal) right++;
			if (cells[right] !== style.topRight || right - left < 3) continue;
			const lines: string[] = [];
			let bottom = -1;
			for (let row = top + 1; row < rows.length; row++) {
				const line = rows[row]!;
				if (line[left] === style.vertical && line[right] === style.vertical) {
					lines.push(line.slice(left + 1, right).join(''));
					continue;
				}
				const closed =
					line[left] === style.bottomLeft && line[right] === style.bottomRight && line.slice(left + 1, right).every(cell => cell === style.horizontal);
				if (closed) bottom = row;
				break;
			}
			panes.push({top, bottom, left, right, focused: style === BORDERS.double, lines});
			left = right;
		}
	});
	return panes;
}

/** Bottom borders of whole boxes, wherever they are: one without its top is a leftover of an earlier frame. */
function bottomBorderCount(screen: string): number {
	return (screen.match(/╰─{2,}╯|╚═{2,}╝/g) ?? []).length;
}

function occurrences(screen: string, text: string): number {
	return screen.split(text).length - 1;
}

/**
 * What is wrong with the screen as a run view of `specs` laid out for `columns`:
 * rows too wide, a pane that never closes, a border or header left over from an
 * earlier frame, a second title. Empty for a clean layout.
 */
function layoutProblems(screen: string, columns: number, specs: readonly string[]): string[] {
	const problems: string[] = [];
	const rows = rowsOf(screen);
	for (const row of rows) if (displayWidth(row) > columns) problems.push(`row wider than ${columns}: ${row}`);
	if (!/^arena › /.test(rows[0] ?? '')) problems.push('the title is not on the first row');
	if (rows.filter(row => row.startsWith('arena › ')).length !== 1) problems.push('more than one title');
	const panes = panesOn(screen);
	if (panes.length !== specs.length) problems.push(`${panes.length} panes instead of ${specs.length}`);
	for (const pane of panes) if (pane.bottom === -1) problems.push(`the pane at row ${pane.top}, column ${pane.left} never closes`);
	if (bottomBorderCount(screen) !== panes.length) problems.push(`${bottomBorderCount(screen)} bottom borders for ${panes.length} panes`);
	if (panes.length > 0 && Math.max(...panes.map(pane => pane.right)) !== columns - 1) problems.push(`the panes do not end at column ${columns}`);
	for (const spec of specs) if (occurrences(screen, `${spec} simulated`) !== 1) problems.push(`${spec} is not shown exactly once`);
	if (panes.filter(pane => pane.focused).length !== 1) problems.push('not exactly one focused pane');
	return problems;
}

function laidOutFor(screen: string, columns: number, specs: readonly string[]): boolean {
	return layoutProblems(screen, columns, specs).length === 0;
}

/**
 * Waits until the screen shows `predicate` and holds still for a poll. Ink hands
 * the keyboard to a new view in an effect that runs just after its frame is
 * written, so a key sent the instant a view appears can still reach the one
 * before; and a capture taken while a big frame is being written is torn. A
 * screen that has stopped changing has neither problem.
 */
function settled(term: Terminal, predicate: (screen: string) => boolean, timeoutMs = 10_000, what = 'a still screen'): Promise<string> {
	let previous: string | undefined;
	return term.waitFor(
		screen => {
			const still = screen === previous;
			previous = screen;
			return still && predicate(screen);
		},
		timeoutMs,
		what,
	);
}

function findPane(screen: string, spec: string): Pane | undefined {
	return panesOn(screen).find(candidate => candidate.lines[0]?.includes(`${spec} simulated`));
}

function paneOf(screen: string, spec: string): Pane {
	const pane = findPane(screen, spec);
	if (!pane) throw new Error(`no pane for ${spec} on the screen:\n${screen}`);
	return pane;
}

/** The pane's status row: "streaming · TTFT …" or "done · TTFT …"; '' when the pane is not on screen. */
function statusOf(screen: string, spec: string): string {
	return findPane(screen, spec)?.lines[1]?.trim() ?? '';
}

/** SGR sequences that set a colour (foreground or background, 16, 256 or true colour); attributes like bold are fine. */
function colourCodes(screenWithAttributes: string): string[] {
	const found: string[] = [];
	for (const match of screenWithAttributes.matchAll(/\u001B\[([0-9;:]*)m/g)) {
		const codes = match[1]!.split(';').map(code => Number(code.split(':')[0]));
		const colour = codes.some(code => (code >= 30 && code <= 37) || (code >= 40 && code <= 47) || (code >= 90 && code <= 97) || (code >= 100 && code <= 107) || code === 38 || code === 48);
		if (colour) found.push(match[0].slice(1));
	}
	return found;
}

/** The text of the newest answer of `spec`, as stored. */
function storedAnswer(home: string, spec: string): string {
	const database = new Database(path.join(home, 'arena.db'), {readonly: true, fileMustExist: true});
	try {
		const row = database
			.prepare('SELECT answers.text FROM answers JOIN runs ON runs.id = answers.run_id WHERE answers.spec = ? ORDER BY runs.created_at DESC, answers.rowid DESC LIMIT 1')
			.get(spec) as {text: string} | undefined;
		if (!row) throw new Error(`no stored answer of ${spec}`);
		return row.text;
	} finally {
		database.close();
	}
}

const TWO = ['demo:swift', 'demo:steady'] as const;
const THREE = ['demo:swift', 'demo:steady', 'demo:thinker'] as const;

describe('the interactive arena in a real terminal', () => {
	it('takes the whole flow: a two-line prompt, two picked models, a run, a follow-up, a score, a vote, the leaderboard, back and quit', async () => {
		terminal = Terminal.start({columns: 120, rows: 32, env: {ARENA_DEMO_SPEED: '8'}});
		const term = terminal;
		const command = launch(term, `${arena} --demo`);

		const home = await settled(term, homeEditing, 15_000, 'home with the editor focused');
		expect(term.alternateScreen()).toBe(true);
		expect(rowsOf(home)[0]).toMatch(/^arena · .+ named run$/);
		expect(chips(home)).toEqual(THREE);
		expect(home).toContain('ctrl+j new line');

		// A prompt across two lines: Ctrl+J breaks the line, Enter would send.
		term.write('write a python function');
		await term.waitForText('│› write a python function');
		term.press('C-j');
		term.write('that flattens lists');
		const twoLines = await term.waitForText(/│› write a python function +│\n│ {2}that flattens lists +│\n╰─+ 2 lines ─╯/);
		expect(twoLines).toContain(TAGLINE);

		// Two of the three demo models: the picker opens with the current set chosen; unpick one.
		term.press('Escape');
		await settled(term, homeMenu, 5000, 'the home menu');
		term.press('m');
		const picker = await settled(term, screen => screen.includes('[x] demo:thinker'), 10_000, 'the picker with the demo models');
		expect(picker).toContain('Models · 3 selected');
		expect(picker).toContain('[x] demo:swift');
		expect(picker).toContain('[x] demo:steady');
		term.write('thinker');
		const filtered = await settled(term, screen => screen.includes('1 of 3 shown'), 5000, 'the list filtered');
		expect(filtered).toContain('filter: thinker');
		expect(filtered).not.toContain('demo:swift (simulated)');
		term.press('Space');
		const unpicked = await settled(term, screen => screen.includes('[ ] demo:thinker'), 5000, 'demo:thinker unpicked');
		expect(unpicked).toContain('Models · 2 selected');
		term.press('Enter');
		const picked = await settled(term, screen => homeMenu(screen) && screen.includes('2 models selected'), 5000, 'home with two models');
		expect(chips(picked)).toEqual(TWO);
		// The editor kept the prompt while the picker was open.
		expect(picked).toMatch(/│ {2}write a python function +│\n│ {2}that flattens lists +│/);

		// i edits, Enter runs.
		term.press('i');
		await settled(term, homeEditing, 5000, 'the editor focused again');
		term.press('Enter');
		const turnOne = await settled(term, screen => allFinished(screen) && laidOutFor(screen, 120, TWO), 20_000, 'both answers of turn 1');
		expect(rowsOf(turnOne)[0]).toMatch(/^arena › write a python function that flattens lists /);
		expect(statusOf(turnOne, 'demo:swift')).toMatch(/^done · TTFT \d+ ms/);
		expect(statusOf(turnOne, 'demo:steady')).toMatch(/^done · TTFT \d+ ms/);
		expect(turnOne).not.toContain('demo:thinker');
		expect(turnOne).toContain('f follow up');

		// A follow-up goes to every pane as turn 2.
		term.press('f');
		await settled(term, screen => screen.includes('follow-up to every pane (turn 2)'), 5000, 'the follow-up editor');
		term.write('now make it iterative');
		await term.waitForText('│› now make it iterative');
		term.press('Enter');
		const turnTwo = await settled(
			term,
			screen => (rowsOf(screen)[0] ?? '').includes('turn 2 · now make it iterative') && allFinished(screen) && laidOutFor(screen, 120, TWO),
			20_000,
			'both answers of turn 2',
		);
		expect(paneOf(turnTwo, 'demo:swift').focused).toBe(true);

		// Judge turn 2: a score for the focused pane, then a vote.
		term.press('8');
		const scored = await settled(term, screen => screen.includes('★ 8/10'), 5000, 'the score');
		expect(paneOf(scored, 'demo:swift').lines[0]).toContain('★ 8/10');
		expect(paneOf(scored, 'demo:steady').lines[0]).not.toContain('★');
		term.press('a');
		const voted = await settled(term, screen => screen.includes('You voted: A (left) is better'), 5000, 'the verdict');
		expect(rowsOf(voted).some(row => row.startsWith('You voted: A (left) is better'))).toBe(true);

		// Esc: home, with the first prompt back in the editor and the two models.
		term.press('Escape');
		const back = await settled(term, homeEditing, 5000, 'home after the conversation');
		expect(back).toContain('│› write a python function');
		expect(chips(back)).toEqual(TWO);

		// The leaderboard: the vote was in a named run, so the default (blind) board leaves it out and says so.
		term.press('Escape');
		await settled(term, homeMenu, 5000, 'the home menu');
		term.press('l');
		const board = await settled(term, screen => screen.includes('arena leaderboard'), 10_000, 'the leaderboard');
		expect(board).toMatch(/1 (named left out|vote from named runs left out)/);
		if (board.includes('sorted by')) expect(rowsOf(board).find(row => row.startsWith('demo:swift'))).toMatch(/ 8\.0 /);
		term.press('Escape');
		const again = await settled(term, homeMenu, 5000, 'home after the leaderboard');
		expect(again).not.toContain('arena leaderboard');

		term.press('q');
		expect(await command.exitStatus()).toBe(0);
		// The terminal is given back: the alternate screen is left and the shell's lines show again.
		expect(term.alternateScreen()).toBe(false);
		expect(term.screen()).not.toContain(TAGLINE);

		const database = new Database(path.join(term.home, 'arena.db'), {readonly: true, fileMustExist: true});
		try {
			const runs = database.prepare('SELECT id, prompt, conversation_id, turn FROM runs ORDER BY turn').all() as Array<{
				id: string;
				prompt: string;
				conversation_id: string | null;
				turn: number;
			}>;
			expect(runs.map(run => [run.turn, run.prompt])).toEqual([
				[1, 'write a python function\nthat flattens lists'],
				[2, 'now make it iterative'],
			]);
			expect(runs[0]!.conversation_id).not.toBeNull();
			expect(runs[1]!.conversation_id).toBe(runs[0]!.conversation_id);
			const scores = database
				.prepare('SELECT scores.score, answers.spec, answers.run_id FROM scores JOIN answers ON answers.id = scores.answer_id')
				.all();
			expect(scores).toEqual([{score: 8, spec: 'demo:swift', run_id: runs[1]!.id}]);
			const votes = database.prepare('SELECT run_id, model_a, model_b, winner, blind, turn FROM votes').all();
			expect(votes).toEqual([{run_id: runs[1]!.id, model_a: 'demo:swift', model_b: 'demo:steady', winner: 'model_a', blind: 0, turn: 2}]);
		} finally {
			database.close();
		}
	});

	it('takes a pasted prompt of several lines as text, colour codes and all, and sends it only on Enter', async () => {
		terminal = Terminal.start({columns: 100, rows: 30, env: {ARENA_DEMO_SPEED: '8'}});
		const term = terminal;
		const command = launch(term, `${arena} --demo`);
		await settled(term, homeEditing, 15_000, 'home with the editor focused');
		// Copied from a terminal: line breaks and a colour code (which Ink 6.8 alone would crash on).
		term.paste('first line\nsecond \u001b[31mred\u001b[0m line\nthird line');
		const pasted = await term.waitForText(/╰─+ 3 lines ─╯/);
		expect(pasted).toMatch(/│› first line +│\n│ {2}second red line +│\n│ {2}third line +│/);
		expect(pasted).not.toContain('all finished');
		term.press('Enter');
		const run = await term.waitForText('all finished', 15_000);
		expect(rowsOf(run)[0]).toContain('first line second red line third line');
		term.press('q');
		expect(await command.exitStatus()).toBe(0);
	});

	it('re-lays out the panes when the terminal is resized mid-stream', async () => {
		// Slow enough that the slowest answer streams for about three seconds.
		terminal = Terminal.start({columns: 120, rows: 32, env: {ARENA_DEMO_SPEED: '4'}});
		const term = terminal;
		const command = launch(term, `${arena} --demo`);
		await settled(term, homeEditing, 15_000, 'home with the editor focused');
		term.write(PROMPT);
		await term.waitForText(`│› ${PROMPT}`);
		term.press('Enter');
		const streaming = await term.waitFor(screen => screen.includes('streaming · TTFT') && laidOutFor(screen, 120, THREE), 15_000, 'three panes streaming');
		expect(layoutProblems(streaming, 120, THREE)).toEqual([]);

		term.resize(90, 30);
		// The first clean frame for the new width, while the answers still stream.
		const narrow = await term.waitFor(screen => laidOutFor(screen, 90, THREE), 5000, 'the panes laid out for 90 columns');
		expect(narrow).toContain('streaming');
		expect(layoutProblems(narrow, 90, THREE)).toEqual([]);

		const finished = await settled(term, screen => allFinished(screen) && laidOutFor(screen, 90, THREE), 20_000, 'every answer ended at 90 columns');
		for (const spec of THREE) expect(statusOf(finished, spec)).toMatch(/^done · TTFT/);
		expect(rowsOf(finished).some(row => row.includes('esc back') && row.includes('q quit'))).toBe(true);

		term.resize(150, 40);
		const wide = await settled(term, screen => laidOutFor(screen, 150, THREE), 5000, 'the panes laid out for 150 columns');
		const panes = panesOn(wide);
		// Side by side: one row of three, left to right, not overlapping.
		expect(new Set(panes.map(pane => pane.top)).size).toBe(1);
		expect(panes.map(pane => pane.lines[0]!.trim().split(' ')[0])).toEqual(THREE);
		expect(panes[0]!.right).toBeLessThan(panes[1]!.left);
		expect(panes[1]!.right).toBeLessThan(panes[2]!.left);
		expect(rowsOf(wide).some(row => row.includes('esc back') && row.includes('q quit'))).toBe(true);

		term.press('q');
		expect(await command.exitStatus()).toBe(0);
	});

	// tmux rewraps the old, wider frame when the window narrows, into more rows than Ink drew; Ink
	// erases only the rows it drew, so without the repaint the top of the old frame stays.
	it('leaves nothing of the old home frame on screen when the terminal narrows or widens', async () => {
		terminal = Terminal.start({columns: 120, rows: 32});
		const term = terminal;
		launch(term, `${arena} --demo`);
		await settled(term, homeEditing, 15_000, 'home with the editor focused');
		term.resize(90, 30);
		// Polled, so a fix that clears the screen a moment after the resize (debounced) passes too.
		const narrow = await term.waitFor(
			screen => /^arena · .+ named run$/.test(rowsOf(screen)[0]!) && displayWidth(rowsOf(screen)[0]!) === 90 && occurrences(screen, TAGLINE) === 1,
			2000,
			'home drawn for 90 columns, alone on the screen',
		);
		expect(homeEditing(narrow)).toBe(true);
		term.resize(120, 32);
		const wide = await term.waitFor(
			screen => displayWidth(rowsOf(screen)[0]!) === 120 && occurrences(screen, TAGLINE) === 1 && rowsOf(screen).every(row => displayWidth(row) <= 120),
			2000,
			'home drawn again for 120 columns, alone on the screen',
		);
		expect(homeEditing(wide)).toBe(true);
	});

	it('stays usable at 80×24: home fits, a run shows its panes and help, and the diff opens and closes', async () => {
		terminal = Terminal.start({columns: 80, rows: 24, env: {ARENA_DEMO_SPEED: '10'}});
		const term = terminal;
		const command = launch(term, `${arena} --demo`);

		const home = await settled(term, homeEditing, 15_000, 'home with the editor focused');
		const homeRows = rowsOf(home);
		expect(homeRows[0]).toMatch(/^arena · .+ named run$/);
		expect(chips(home)).toEqual(THREE);
		expect(homeRows.some(row => /^╭─ prompt ─+╮$/.test(row))).toBe(true);
		expect(homeRows.some(row => /^╰─+.*─╯$/.test(row))).toBe(true);
		expect(homeRows.some(row => row.startsWith('enter send') && row.includes('esc menu'))).toBe(true);
		for (const row of homeRows) expect(displayWidth(row)).toBeLessThanOrEqual(80);

		// The menu's help takes two rows at 80 columns; both show, and the title stays on the first row.
		term.press('Escape');
		const menu = await settled(term, homeMenu, 5000, 'the home menu');
		const menuRows = rowsOf(menu);
		expect(menuRows[0]).toMatch(/^arena · .+ named run$/);
		const helpStart = menuRows.findIndex(row => row.startsWith('i/enter edit prompt'));
		expect(helpStart).toBeGreaterThan(0);
		expect(menuRows.slice(helpStart).join('\n')).toMatch(/l leaderboard/);
		expect(menuRows.slice(helpStart).join('\n')).toMatch(/q quit/);

		term.press('i');
		await settled(term, homeEditing, 5000, 'the editor focused');
		term.write(PROMPT);
		await term.waitForText(`│› ${PROMPT}`);
		term.press('Enter');
		const finished = await settled(term, screen => allFinished(screen) && laidOutFor(screen, 80, THREE), 20_000, 'three answers at 80×24');
		const finishedRows = rowsOf(finished);
		for (const spec of THREE) expect(statusOf(finished, spec)).toMatch(/^done · TTFT/);
		// The help bar, below the panes, whole: it starts with the first key and ends with the way out.
		const helpRow = finishedRows.findIndex(row => row.startsWith('tab/←→ pane'));
		expect(helpRow).toBeGreaterThan(Math.max(...panesOn(finished).map(pane => pane.bottom)));
		expect(finishedRows.slice(helpRow).some(row => row.includes('esc back') && row.includes('q quit'))).toBe(true);

		term.press('d');
		const diff = await settled(term, screen => screen.includes('word diff · demo:swift ⇄ demo:steady'), 5000, 'the word diff');
		const diffRows = rowsOf(diff);
		expect(diffRows[0]).toBe('word diff · demo:swift ⇄ demo:steady');
		expect(diffRows[1]).toMatch(/^demo:swift · .+│ demo:steady · /);
		expect(diffRows.some(row => row.includes('esc back'))).toBe(true);
		expect(panesOn(diff)).toHaveLength(0);
		for (const row of diffRows) expect(displayWidth(row)).toBeLessThanOrEqual(80);

		term.press('Escape');
		await settled(term, screen => allFinished(screen) && laidOutFor(screen, 80, THREE), 5000, 'the panes again after the diff');

		term.press('q');
		expect(await command.exitStatus()).toBe(0);
	});

	it('draws no colour under NO_COLOR=1, on home and on a finished run, and still shows which pane has the focus', async () => {
		terminal = Terminal.start({columns: 120, rows: 32, env: {ARENA_DEMO_SPEED: '10'}});
		const term = terminal;

		// Without NO_COLOR the same capture shows colours: the check below can see them.
		const coloured = launch(term, `${arena} --demo`);
		await settled(term, homeEditing, 15_000, 'home in colour');
		expect(colourCodes(term.screenWithAttributes())).not.toEqual([]);
		term.press('Escape');
		await settled(term, homeMenu, 5000, 'the home menu');
		term.press('q');
		expect(await coloured.exitStatus()).toBe(0);

		const command = launch(term, `NO_COLOR=1 ${arena} --demo`);
		await settled(term, homeEditing, 15_000, 'home without colour');
		const home = term.screenWithAttributes();
		expect(home).toContain(TAGLINE);
		expect(colourCodes(home)).toEqual([]);
		// The chips are marked by inverse video instead.
		expect(home).toMatch(/\u001B\[[0-9;]*7m demo:swift /);

		term.write(PROMPT);
		await term.waitForText(`│› ${PROMPT}`);
		term.press('Enter');
		const finished = await settled(term, screen => allFinished(screen) && laidOutFor(screen, 120, THREE), 20_000, 'three answers');
		expect(colourCodes(term.screenWithAttributes())).toEqual([]);
		// The focus shows as a double border, and moves with Tab.
		expect(panesOn(finished).map(pane => pane.focused)).toEqual([true, false, false]);
		term.press('Tab');
		const moved = await settled(term, screen => findPane(screen, 'demo:steady')?.focused === true, 5000, 'the focus on the second pane');
		expect(panesOn(moved).map(pane => pane.focused)).toEqual([false, true, false]);
		expect(colourCodes(term.screenWithAttributes())).toEqual([]);

		term.press('q');
		expect(await command.exitStatus()).toBe(0);
	});

	it('works with the focused answer: save, copy without a clipboard tool, open in $PAGER and back, raw Markdown, retry one pane', async () => {
		terminal = Terminal.start({columns: 120, rows: 32, env: {ARENA_DEMO_SPEED: '8', DISPLAY: '', WAYLAND_DISPLAY: ''}});
		const term = terminal;
		const workDir = path.join(term.home, 'work');
		// An empty PATH: no clipboard tool (not even tmux, though $TMUX is set) can be found.
		const emptyBin = path.join(term.home, 'bin');
		const paged = path.join(term.home, 'paged.md');
		const pager = path.join(term.home, 'pager');
		mkdirSync(workDir);
		mkdirSync(emptyBin);
		writeFileSync(pager, `#!${process.execPath}\nrequire('node:fs').copyFileSync(process.argv[2], ${JSON.stringify(paged)});\n`);
		chmodSync(pager, 0o755);
		const command = launch(
			term,
			`cd ${shellQuote(workDir)} && PATH=${shellQuote(emptyBin)} PAGER=${shellQuote(pager)} ${shellQuote(process.execPath)} ${CLI} -m demo:swift -m demo:steady`,
		);
		await settled(term, homeEditing, 15_000, 'home with the editor focused');
		term.write(PROMPT);
		await term.waitForText(`│› ${PROMPT}`);
		term.press('Enter');
		const finished = await settled(term, screen => allFinished(screen) && laidOutFor(screen, 120, TWO), 20_000, 'both answers');
		expect(paneOf(finished, 'demo:swift').focused).toBe(true);

		// s: the focused answer goes to a Markdown file in the working directory.
		term.press('s');
		const saved = await settled(term, screen => /✓ saved to \S+\.md/.test(screen), 5000, 'the save message');
		const savedFile = /✓ saved to (\S+\.md)/.exec(saved)![1]!;
		expect(path.dirname(savedFile)).toBe(workDir);
		const savedText = readFileSync(savedFile, 'utf8');
		expect(savedText).toContain('# demo:swift');
		expect(savedText).toContain(`> ${PROMPT}`);
		expect(savedText).toContain('def flatten(items):');

		// c: no clipboard tool, so a file, and the message says where and why.
		term.press('c');
		const copied = await settled(term, screen => /✓ wrote the answer to \S+\.txt/.test(screen), 5000, 'the copy message');
		const copiedFile = /✓ wrote the answer to (\S+\.txt)/.exec(copied)![1]!;
		expect(copied).toContain('no clipboard tool found');
		const clipboardDir = path.join(term.home, 'clipboard');
		expect(path.dirname(copiedFile)).toBe(clipboardDir);
		expect(readdirSync(clipboardDir)).toEqual([path.basename(copiedFile)]);
		const copiedText = readFileSync(copiedFile, 'utf8');
		expect(copiedText).toMatch(/^Use recursion: check whether each item is a list/);
		expect(copiedText).toContain('def flatten(items):');
		expect(savedText).toContain(copiedText);

		// e: $PAGER gets the terminal, and the panes come back when it exits.
		term.press('e');
		const returned = await settled(term, screen => screen.includes(`✓ back from ${pager}`) && laidOutFor(screen, 120, TWO), 10_000, 'the panes back after the pager');
		expect(term.alternateScreen()).toBe(true);
		expect(rowsOf(returned)[0]).toMatch(/^arena › flatten a nested list in Python .*all finished$/);
		expect(returned).toContain('e open in $PAGER');
		expect(existsSync(paged)).toBe(true);
		expect(readFileSync(paged, 'utf8')).toBe(copiedText);

		// m: the focused pane shows the raw Markdown, fences and all; the other pane is untouched.
		term.press('Home');
		const rendered = await settled(
			term,
			screen => findPane(screen, 'demo:swift')?.lines.some(line => line.includes('╭─ python')) === true && laidOutFor(screen, 120, TWO),
			5000,
			'the top of the answer',
		);
		expect(paneOf(rendered, 'demo:swift').lines.join('\n')).not.toContain('```');
		term.press('m');
		const raw = await settled(
			term,
			screen => findPane(screen, 'demo:swift')?.lines.some(line => line.trim() === '```python') === true && laidOutFor(screen, 120, TWO),
			5000,
			'raw Markdown',
		);
		expect(paneOf(raw, 'demo:swift').lines.join('\n')).not.toContain('╭─ python');
		expect(paneOf(raw, 'demo:steady').lines).toEqual(paneOf(rendered, 'demo:steady').lines);
		term.press('m');
		await settled(term, screen => findPane(screen, 'demo:swift')?.lines.some(line => line.includes('╭─ python')) === true, 5000, 'rendered Markdown again');

		// r: a new sample for the focused pane only.
		term.press('Tab');
		const focusedSteady = await settled(term, screen => findPane(screen, 'demo:steady')?.focused === true && laidOutFor(screen, 120, TWO), 5000, 'the focus on demo:steady');
		const swiftBefore = paneOf(focusedSteady, 'demo:swift').lines;
		term.press('r');
		const retrying = await term.waitFor(
			screen => statusOf(screen, 'demo:steady').startsWith('streaming') && screen.includes('asking demo:steady again; the other answers stay'),
			5000,
			'demo:steady streaming again',
		);
		expect(statusOf(retrying, 'demo:swift')).toBe(swiftBefore[1]!.trim());
		const retried = await settled(
			term,
			screen => allFinished(screen) && statusOf(screen, 'demo:steady').startsWith('done') && laidOutFor(screen, 120, TWO),
			20_000,
			'demo:steady done again',
		);
		expect(paneOf(retried, 'demo:swift').lines).toEqual(swiftBefore);

		term.press('q');
		expect(await command.exitStatus()).toBe(0);
		// What was saved, copied and paged is the answer as stored.
		expect(copiedText).toBe(storedAnswer(term.home, 'demo:swift'));
	});
});
