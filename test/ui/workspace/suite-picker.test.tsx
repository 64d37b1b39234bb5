import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {listSuiteChoices, type SuiteChoice, SuitePicker, type SuitePickerProps, suiteActionText} from '../../../source/ui/workspace/suite-picker.js';
import {cleanupInk, keys, renderInk} from '../../helpers/ink-harness.js';
import {temporaryDirectories} from '../../store/fixtures/store-test-kit.js';
import {frameLines} from '../frame.js';

const directories = temporaryDirectories();

afterEach(async () => {
	await cleanupInk();
	directories.cleanup();
});

const coding5: SuiteChoice = {name: 'coding-5', title: 'Five coding tasks', taskCount: 5, source: 'builtin'};
const sql: SuiteChoice = {name: 'sql-drills', title: 'Joins and window functions', taskCount: 1, source: 'file'};
const writing: SuiteChoice = {name: 'writing', title: 'writing', taskCount: 3, source: 'file'};

function highlighted(frame: string): string | undefined {
	return frameLines(frame)
		.find(line => line.startsWith('› '))
		?.slice(2);
}

function picker(overrides: Partial<SuitePickerProps> = {}) {
	const calls = {picked: [] as string[], back: 0};
	const props: SuitePickerProps = {
		suites: [coding5, sql, writing],
		mode: 'named',
		models: ['demo:fast', 'demo:slow', 'demo:tiny'],
		onPick: name => calls.picked.push(name),
		onBack: () => (calls.back += 1),
		focus: true,
		width: 100,
		rows: 12,
		...overrides,
	};
	return {props, calls};
}

describe('listSuiteChoices', () => {
	test('the built-in suites, then the user’s runnable files, as `arena suite list` finds them', async () => {
		const home = directories.make();
		const suitesDir = path.join(home, 'suites');
		mkdirSync(suitesDir, {recursive: true});
		writeFileSync(
			path.join(suitesDir, 'sql.json'),
			JSON.stringify({name: 'sql-drills', description: 'Joins and window functions', tasks: [{id: 'join', prompt: 'Write a join'}]}),
		);
		writeFileSync(path.join(suitesDir, 'bare.json'), JSON.stringify([{id: 'one', prompt: 'a'}, {id: 'two', prompt: 'b'}]));
		writeFileSync(path.join(suitesDir, 'broken.json'), '{"tasks": [');
		writeFileSync(path.join(suitesDir, 'shadow.json'), JSON.stringify({name: 'coding-5', tasks: [{id: 'x', prompt: 'y'}]}));

		const choices = await listSuiteChoices({ARENA_HOME: home});
		expect(choices[0]).toMatchObject({name: 'coding-5', taskCount: 5, source: 'builtin'});
		expect(choices[0]!.title).toMatch(/coding/i);
		expect(choices.slice(1)).toEqual([
			{name: 'bare', title: 'bare', taskCount: 2, source: 'file'},
			{name: 'sql-drills', title: 'Joins and window functions', taskCount: 1, source: 'file'},
		]);
	});

	test('with no suites directory only the built-in ones are offered', async () => {
		const choices = await listSuiteChoices({ARENA_HOME: directories.make()});
		expect(choices.map(choice => choice.name)).toEqual(['coding-5']);
	});
});

describe('suiteActionText', () => {
	test('says what Enter will do in each mode', () => {
		expect(suiteActionText(coding5, 'named', 3)).toBe('run coding-5 (5 tasks) against 3 models, named');
		expect(suiteActionText(sql, 'named', 1)).toBe('run sql-drills (1 task) against 1 model, named');
		expect(suiteActionText(coding5, 'blind', 2)).toBe('blind battle over coding-5 (5 tasks) with 2 models');
	});

	test('says why nothing can start with too few models', () => {
		expect(suiteActionText(coding5, 'blind', 1)).toBe('a blind battle needs two models or more, 1 chosen: pick models on home (m)');
		expect(suiteActionText(coding5, 'named', 0)).toBe('a run needs a model, 0 chosen: pick models on home (m)');
	});
});

describe('SuitePicker', () => {
	test('lists the suites and says what Enter will do; ↓ then Enter picks that suite', async () => {
		const {props, calls} = picker();
		const ui = await renderInk(<SuitePicker {...props} />);
		let frame = await ui.waitForFrame('coding-5');
		expect(frameLines(frame)[0]).toBe('arena › suites · named run · 3 models');
		expect(highlighted(frame)).toMatch(/^coding-5 +5 tasks +built-in +Five coding tasks$/);
		expect(frame).toMatch(/ {2}sql-drills +1 task +file +Joins and window functions/);
		// A suite without a description shows no title next to its name.
		expect(frame).toMatch(/ {2}writing +3 tasks +file\n/);
		expect(frame).toContain('enter run coding-5 (5 tasks) against 3 models, named');
		expect(frame).toContain('esc back');

		await ui.press(keys.down);
		frame = await ui.waitForFrame(frame => highlighted(frame)?.startsWith('sql-drills') === true);
		expect(frame).toContain('enter run sql-drills (1 task) against 3 models, named');
		await ui.press(keys.enter);
		await ui.waitFor(() => calls.picked.length === 1);
		expect(calls.picked).toEqual(['sql-drills']);
		expect(calls.back).toBe(0);
	});

	test('Home/End and ↑ move the highlight; Esc goes back', async () => {
		const {props, calls} = picker();
		const ui = await renderInk(<SuitePicker {...props} />);
		await ui.waitForFrame('coding-5');
		await ui.press(keys.end);
		await ui.waitForFrame(frame => highlighted(frame)?.startsWith('writing') === true);
		await ui.press(keys.up);
		await ui.waitForFrame(frame => highlighted(frame)?.startsWith('sql-drills') === true);
		await ui.press(keys.home);
		await ui.waitForFrame(frame => highlighted(frame)?.startsWith('coding-5') === true);
		await ui.press(keys.escape);
		await ui.waitFor(() => calls.back === 1);
		expect(calls.picked).toEqual([]);
	});

	test('blind mode offers a battle, and with one model Enter starts nothing and says why', async () => {
		const {props, calls} = picker({mode: 'blind', models: ['demo:fast', 'demo:slow']});
		const ui = await renderInk(<SuitePicker {...props} />);
		let frame = await ui.waitForFrame('blind battle over coding-5 (5 tasks) with 2 models');
		expect(frameLines(frame)[0]).toBe('arena › suites · blind battle · 2 models');
		// Model names stay hidden in blind mode.
		expect(frame).not.toContain('demo:fast');

		await ui.rerender(<SuitePicker {...props} models={['demo:fast']} />);
		frame = await ui.waitForFrame('a blind battle needs two models or more, 1 chosen');
		await ui.press(keys.enter);
		await ui.press(keys.down);
		await ui.waitForFrame(frame => highlighted(frame)?.startsWith('sql-drills') === true);
		expect(calls.picked).toEqual([]);
	});

	test('a spinner while the suites are read, then the list; an error is shown on its own line', async () => {
		const {props} = picker({suites: null});
		const ui = await renderInk(<SuitePicker {...props} />);
		let frame = await ui.waitForFrame('reading suites…');
		expect(highlighted(frame)).toBeUndefined();
		await ui.rerender(<SuitePicker {...props} suites={[coding5]} error={'cannot start the suite: no\u001B[2J models'} />);
		frame = await ui.waitForFrame('coding-5');
		expect(frame).toContain('✗ cannot start the suite: no models');
		for (const write of ui.stdout.writes) expect(write).not.toContain('\u001B[2J');
	});

	test('a long list scrolls within its rows and keeps the highlight in view', async () => {
		const many = Array.from({length: 30}, (_, index): SuiteChoice => ({
			name: `suite-${String(index + 1).padStart(2, '0')}`,
			title: `Suite number ${index + 1}`,
			taskCount: index + 1,
			source: 'file',
		}));
		for (const rows of [4, 8, 12]) {
			const {props, calls} = picker({suites: many, rows, width: 50});
			const ui = await renderInk(<SuitePicker {...props} />, {columns: 50, rows: 30});
			let frame = await ui.waitForFrame('suite-01');
			expect(frameLines(frame).length, `rows ${rows}`).toBeLessThanOrEqual(rows);
			await ui.press(keys.pageDown);
			await ui.press(keys.pageDown);
			frame = await ui.waitForFrame(frame => highlighted(frame) !== undefined && !highlighted(frame)!.startsWith('suite-01'));
			expect(frameLines(frame).length, `rows ${rows}`).toBeLessThanOrEqual(rows);
			for (const line of frameLines(frame)) expect(line.length).toBeLessThanOrEqual(50);
			await ui.press(keys.end);
			frame = await ui.waitForFrame(frame => highlighted(frame)?.startsWith('suite-30') === true);
			await ui.press(keys.enter);
			await ui.waitFor(() => calls.picked.length === 1);
			expect(calls.picked).toEqual(['suite-30']);
			await ui.unmount();
		}
	});

	test('without focus it takes no keys and shows no help', async () => {
		const {props} = picker({focus: false});
		const ui = await renderInk(<SuitePicker {...props} />);
		const frame = await ui.waitForFrame('coding-5');
		expect(frame).not.toContain('esc back');
		expect(ui.stdin.acceptsInput).toBe(false);
	});
});
