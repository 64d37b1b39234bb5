import {afterEach, describe, expect, it} from 'vitest';
import type {CatalogEntry, CatalogLoad} from '../../../source/ui/workspace/model-catalog.js';
import {ModelPicker, type ModelPickerProps} from '../../../source/ui/workspace/model-picker.js';
import {cleanupInk, keys, renderInk} from '../../helpers/ink-harness.js';

afterEach(cleanupInk);

const CTRL_S = '\u0013';

const model = (spec: string, extra: Partial<CatalogEntry> = {}): CatalogEntry => ({
	spec,
	kind: spec.startsWith('demo:') ? 'demo' : 'model',
	provider: spec.slice(0, spec.indexOf(':')),
	label: spec,
	...extra,
});

const CATALOG: CatalogLoad = {
	entries: [
		{spec: 'fast', kind: 'alias', provider: 'ollama', label: 'fast → ollama:llama3.2:3b'},
		model('demo:steady'),
		model('demo:swift'),
		model('demo:thinker'),
		model('ollama:llama3.2:3b'),
		model('openrouter:deepseek/deepseek-r1', {price: {input_per_m: 0.55, output_per_m: 2.19}}),
	],
	errors: [{provider: 'groq', message: 'HTTP 401: Invalid API Key'}],
};

interface Outcome {
	done: (string[] | null)[];
	saved: {name: string; specs: string[]}[];
}

async function renderPicker(props: Partial<ModelPickerProps> = {}, size = {columns: 100, rows: 24}) {
	const outcome: Outcome = {done: [], saved: []};
	const element = (overrides: Partial<ModelPickerProps> = {}) => (
		<ModelPicker
			catalog={CATALOG}
			selected={[]}
			sets={{}}
			onDone={specs => outcome.done.push(specs)}
			onSaveSet={async (name, specs) => {
				outcome.saved.push({name, specs});
			}}
			focus
			width={size.columns}
			rows={size.rows}
			{...props}
			{...overrides}
		/>
	);
	const ui = await renderInk(element(), size);
	return {ui, outcome, element};
}

/** The list row of a spec (its label starts right after the checkbox). */
const rowOf = (frame: string, spec: string) => frame.split('\n').find(line => line.includes(`] ${spec}`)) ?? '';
const filterIs = (frame: string, filter: string) => frame.split('\n').some(line => line.trimEnd() === `filter: ${filter}`);

describe('ModelPicker', () => {
	it('shows a moving loading line until the catalog arrives, then the models with the failed providers dimmed', async () => {
		const {ui, element} = await renderPicker({catalog: null, providerCount: 3});
		const first = await ui.waitForFrame('loading models from 3 providers…');
		// The spinner moves: a later frame differs from the first.
		await ui.waitForFrame(frame => frame.includes('loading models') && frame !== first);
		await ui.rerender(element({catalog: CATALOG}));
		const frame = await ui.waitForFrame('demo:swift');
		expect(frame).not.toContain('loading models');
		expect(frame).toContain('groq: HTTP 401: Invalid API Key');
		expect(frame).toContain('fast → ollama:llama3.2:3b');
		expect(frame).toContain('0 selected');
		expect(rowOf(frame, 'openrouter:deepseek/deepseek-r1')).toContain('$0.55/$2.19 per 1M');
		// The first row is highlighted with a pointer, visible without colour.
		expect(rowOf(frame, 'fast →')).toMatch(/^› \[ \] fast/);
	});

	it('space picks the highlighted model, enter returns the picks in the order they were made', async () => {
		const {ui, outcome} = await renderPicker();
		await ui.waitForFrame('demo:thinker');
		await ui.press(keys.down);
		await ui.press(keys.down);
		await ui.press(keys.down);
		await ui.press(keys.space);
		let frame = await ui.waitForFrame('1 selected');
		expect(rowOf(frame, 'demo:thinker')).toMatch(/^› \[x\] demo:thinker/);
		expect(frame).toContain('pick at least two to compare');
		await ui.press(keys.up);
		await ui.press(keys.up);
		await ui.press(keys.space);
		frame = await ui.waitForFrame('2 selected');
		expect(frame).toContain('1. demo:thinker  2. demo:steady');
		expect(frame).not.toContain('pick at least two');
		// Space again unpicks.
		await ui.press(keys.space);
		await ui.waitForFrame('1 selected');
		await ui.press(keys.space);
		await ui.waitForFrame('2 selected');
		await ui.press(keys.enter);
		await ui.waitFor(() => outcome.done.length > 0);
		expect(outcome.done).toEqual([['demo:thinker', 'demo:steady']]);
	});

	it('starts from the given selection and allows one model, with a warning', async () => {
		const {ui, outcome} = await renderPicker({selected: ['ollama:llama3.2:3b']});
		const frame = await ui.waitForFrame('1 selected');
		expect(rowOf(frame, 'ollama:llama3.2:3b')).toContain('[x]');
		expect(frame).toContain('pick at least two to compare');
		await ui.press(keys.enter);
		await ui.waitFor(() => outcome.done.length > 0);
		expect(outcome.done).toEqual([['ollama:llama3.2:3b']]);
	});

	it('enter with nothing picked explains instead of leaving', async () => {
		const {ui, outcome} = await renderPicker();
		await ui.waitForFrame('demo:swift');
		await ui.press(keys.enter);
		await ui.waitForFrame('nothing picked: space picks the highlighted model');
		expect(outcome.done).toEqual([]);
	});

	it('esc goes back without a choice', async () => {
		const {ui, outcome} = await renderPicker({selected: ['demo:swift']});
		await ui.waitForFrame('demo:swift');
		await ui.press(keys.space);
		await ui.press(keys.escape);
		await ui.waitFor(() => outcome.done.length > 0);
		expect(outcome.done).toEqual([null]);
	});

	it('typing filters the list, backspace edits the filter, and space picks from what is shown', async () => {
		const {ui, outcome} = await renderPicker();
		await ui.waitForFrame('demo:swift');
		await ui.type('thi');
		let frame = await ui.waitForFrame('filter: thi');
		expect(frame).toContain('demo:thinker');
		expect(frame).not.toContain('demo:swift');
		expect(frame).toContain('1 of 6 shown');
		await ui.press(keys.backspace);
		await ui.press(keys.backspace);
		frame = await ui.waitForFrame(current => filterIs(current, 't'));
		expect(frame).toContain('demo:steady');
		await ui.type('hink');
		await ui.waitForFrame(current => current.includes('filter: think') && !current.includes('demo:steady'));
		await ui.press(keys.space);
		await ui.waitForFrame('1 selected');
		await ui.press(keys.enter);
		await ui.waitFor(() => outcome.done.length > 0);
		expect(outcome.done).toEqual([['demo:thinker']]);
	});

	it('letters and digits the list would take as keys (j, k, 1-9) only filter', async () => {
		const catalog: CatalogLoad = {entries: [model('acme:kilo-1'), model('acme:kilo-2'), model('acme:kilo-3')], errors: []};
		const {ui, outcome} = await renderPicker({catalog});
		await ui.waitForFrame('acme:kilo-3');
		// "k" would move the highlight up (to the last row) and "1" would choose the first row.
		await ui.type('k');
		await ui.waitForFrame('filter: k');
		await ui.type('1');
		let frame = await ui.waitForFrame('filter: k1');
		expect(frame).toContain('nothing matches');
		await ui.press(keys.backspace);
		frame = await ui.waitForFrame(current => filterIs(current, 'k') && current.includes('acme:kilo-3'));
		expect(rowOf(frame, 'acme:kilo-1')).toMatch(/^›/);
		await ui.press(keys.space);
		frame = await ui.waitForFrame('1 selected');
		expect(rowOf(frame, 'acme:kilo-1')).toContain('[x]');
		expect(outcome.done).toEqual([]);
	});

	it('tab opens the saved sets; choosing one replaces the selection', async () => {
		const {ui, outcome} = await renderPicker({
			selected: ['fast'],
			sets: {coding: ['demo:swift', 'demo:thinker'], quick: ['demo:swift', 'demo:steady']},
		});
		await ui.waitForFrame('1 selected');
		await ui.press(keys.tab);
		let frame = await ui.waitForFrame('Saved model sets');
		expect(frame).toContain('coding (2): demo:swift · demo:thinker');
		expect(frame).toContain('quick (2): demo:swift · demo:steady');
		await ui.press(keys.down);
		await ui.press(keys.enter);
		frame = await ui.waitForFrame('using set quick');
		expect(frame).toContain('1. demo:swift  2. demo:steady');
		expect(frame).toContain('2 selected');
		expect(rowOf(frame, 'fast →')).toContain('[ ]');
		await ui.press(keys.enter);
		await ui.waitFor(() => outcome.done.length > 0);
		expect(outcome.done).toEqual([['demo:swift', 'demo:steady']]);
	});

	it('coming back from the saved sets keeps the highlighted row', async () => {
		const {ui} = await renderPicker();
		await ui.waitForFrame('demo:swift');
		await ui.press(keys.down);
		await ui.press(keys.down);
		await ui.waitForFrame(frame => rowOf(frame, 'demo:swift').startsWith('›'));
		await ui.press(keys.tab);
		await ui.waitForFrame('no saved sets yet');
		await ui.press(keys.tab);
		const frame = await ui.waitForFrame('demo:swift');
		expect(rowOf(frame, 'demo:swift')).toMatch(/^›/);
		await ui.press(keys.space);
		expect(rowOf(await ui.waitForFrame('1 selected'), 'demo:swift')).toContain('[x]');
	});

	it('ctrl+s names and saves the selection as a set, which then shows among the saved sets', async () => {
		const {ui, outcome} = await renderPicker({selected: ['demo:swift', 'demo:thinker']});
		await ui.waitForFrame('2 selected');
		await ui.press(CTRL_S);
		await ui.waitForFrame('save 2 as set:');
		await ui.type('coding');
		await ui.waitForFrame('save 2 as set: coding');
		await ui.press(keys.enter);
		await ui.waitForFrame('saved set coding (2 models)');
		expect(outcome.saved).toEqual([{name: 'coding', specs: ['demo:swift', 'demo:thinker']}]);
		await ui.press(keys.tab);
		await ui.waitForFrame('coding (2): demo:swift · demo:thinker');
	});

	it('shows why a set could not be saved, and esc returns from the name to the list', async () => {
		const {ui, outcome} = await renderPicker({
			selected: ['fast'],
			onSaveSet: async () => {
				throw new Error('a model set needs at least two different PROVIDER:MODEL specs, got 1');
			},
		});
		await ui.waitForFrame('1 selected');
		await ui.press(CTRL_S);
		await ui.type('solo');
		await ui.press(keys.enter);
		let frame = await ui.waitForFrame('✗ a model set needs at least two different PROVIDER:MODEL specs, got 1');
		expect(frame).toContain('save 1 as set: solo');
		await ui.press(keys.escape);
		frame = await ui.waitForFrame('type to filter');
		expect(frame).not.toContain('save 1 as set');
		expect(outcome.done).toEqual([]);
		// Typing goes to the filter again.
		await ui.type('dem');
		await ui.waitForFrame('filter: dem');
	});

	it('ctrl+s with nothing picked says what to do first', async () => {
		const {ui} = await renderPicker();
		await ui.waitForFrame('demo:swift');
		await ui.press(CTRL_S);
		const frame = await ui.waitForFrame('pick models first');
		expect(frame).not.toContain('as set:');
	});

	it('never draws more rows than it is given, scrolling a long list', async () => {
		const entries = Array.from({length: 120}, (_, index) => model(`openrouter:vendor/model-${String(index).padStart(3, '0')}`));
		const errors = Array.from({length: 5}, (_, index) => ({provider: `p${index}`, message: 'cannot reach http://127.0.0.1:1/v1 (ECONNREFUSED)'}));
		const {ui} = await renderPicker({catalog: {entries, errors}}, {columns: 80, rows: 24});
		let frame = await ui.waitForFrame('model-000');
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
		expect(frame).toContain('…and 3 more providers could not be listed');
		for (let step = 0; step < 30; step++) await ui.press(keys.down);
		frame = await ui.waitForFrame(current => rowOf(current, 'openrouter:vendor/model-030').startsWith('›'));
		expect(frame).not.toContain('model-000');
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
		for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('the help bar says what the models, the saved sets and the set name each accept', async () => {
		const {ui} = await renderPicker({selected: ['demo:swift', 'demo:thinker']});
		let frame = await ui.waitForFrame('2 selected');
		for (const help of ['↑↓ move', 'space pick/unpick', 'enter use these', 'tab models/saved sets', 'ctrl+s save as set', 'esc back', 'type filter']) {
			expect(frame).toContain(help);
		}
		await ui.press(keys.tab);
		frame = await ui.waitForFrame('Saved model sets');
		expect(frame).toContain('enter use set');
		expect(frame).toContain('esc back');
		expect(frame).not.toContain('type filter');
		expect(frame).not.toContain('space pick/unpick');
		await ui.press(keys.tab);
		await ui.waitForFrame('type filter');
		await ui.press(CTRL_S);
		frame = await ui.waitForFrame('save 2 as set:');
		expect(frame).toContain('enter save');
		expect(frame).toContain('esc cancel');
		expect(frame).not.toContain('tab models/saved sets');
		expect(frame).not.toContain('type filter');
	});

	it('shift+tab switches lists too, and typing on the saved sets does not filter the models', async () => {
		const {ui} = await renderPicker({sets: {coding: ['demo:swift', 'demo:thinker']}});
		await ui.waitForFrame('demo:swift');
		await ui.press(keys.shiftTab);
		await ui.waitForFrame('coding (2)');
		await ui.type('zz');
		await ui.press(keys.shiftTab);
		const frame = await ui.waitForFrame('type to filter');
		expect(frame).toContain('6 of 6 shown');
	});

	it('takes no keys without focus', async () => {
		const {ui, outcome, element} = await renderPicker({focus: false});
		await ui.waitForFrame('demo:swift');
		await ui.rerender(element({focus: false, catalog: {...CATALOG}}));
		expect(ui.stdin.acceptsInput).toBe(false);
		expect(outcome.done).toEqual([]);
	});
});
