import {afterEach, describe, expect, it} from 'vitest';
import type {ThemeSetting} from '../../../source/store/settings.js';
import {nextTheme, parseFieldEdit, type RunOptions, SettingsView, type SettingsViewProps} from '../../../source/ui/workspace/settings-view.js';
import {cleanupInk, keys, renderInk} from '../../helpers/ink-harness.js';

afterEach(cleanupInk);

type Change = Parameters<SettingsViewProps['onChange']>[0];

const INFO: SettingsViewProps['info'] = {
	settingsFile: '/home/user/.config/arena/settings.json',
	databaseFile: '/home/user/.local/share/arena/arena.db',
	providers: [
		{name: 'openai', baseURL: 'https://api.openai.com/v1', keyVariable: 'OPENAI_API_KEY', keyPresent: true},
		{name: 'groq', baseURL: 'https://api.groq.com/openai/v1', keyVariable: 'GROQ_API_KEY', keyPresent: false},
		{name: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', keyVariable: null, keyPresent: false},
	],
};

/**
 * Renders the view the way the workspace does: it owns the options, applies
 * each change and passes the new values back down.
 */
async function renderSettings(initial: Partial<RunOptions> = {}, initialTheme: ThemeSetting = 'auto', size = {columns: 100, rows: 24}) {
	const state = {
		options: {system: '', temperature: null, maxTokens: null, ...initial} as RunOptions,
		theme: initialTheme,
		changes: [] as Change[],
		backs: 0,
	};
	let ui!: Awaited<ReturnType<typeof renderInk>>;
	const element = () => (
		<SettingsView
			options={state.options}
			theme={state.theme}
			info={INFO}
			onChange={patch => {
				state.changes.push(patch);
				state.options = {...state.options, ...patch.options};
				if (patch.theme) state.theme = patch.theme;
				void ui.rerender(element());
			}}
			onBack={() => state.backs++}
			focus
			width={size.columns}
			rows={size.rows}
		/>
	);
	ui = await renderInk(element(), size);
	return {ui, state};
}

const lineOf = (frame: string, label: string) => frame.split('\n').find(line => line.includes(label)) ?? '';

describe('SettingsView', () => {
	it('shows the run options, the providers without any key, and where the files are', async () => {
		const secret = 'sk-proj-never-drawn-9876';
		process.env['OPENAI_API_KEY_FOR_TEST'] = secret;
		try {
			const {ui} = await renderSettings({system: 'Answer briefly.\nCite sources.', temperature: 0.7, maxTokens: null}, 'dark');
			const frame = await ui.waitForFrame('Providers');
			expect(lineOf(frame, 'System prompt')).toMatch(/^› System prompt\s+Answer briefly\. ⏎ Cite sources\./);
			expect(lineOf(frame, 'Temperature')).toMatch(/Temperature\s+0\.7$/);
			expect(lineOf(frame, 'Max tokens')).toMatch(/Max tokens\s+provider default$/);
			expect(lineOf(frame, 'Theme')).toContain('[dark]');
			expect(lineOf(frame, 'openai')).toMatch(/openai\s+https:\/\/api\.openai\.com\/v1 \$OPENAI_API_KEY set/);
			expect(lineOf(frame, 'groq')).toContain('$GROQ_API_KEY missing');
			expect(lineOf(frame, 'ollama')).toContain('no key needed');
			expect(lineOf(frame, 'settings ')).toContain('/home/user/.config/arena/settings.json');
			expect(lineOf(frame, 'history ')).toContain('/home/user/.local/share/arena/arena.db');
			expect(frame).not.toContain(secret);
			expect(frame.split('\n').length).toBeLessThanOrEqual(24);
		} finally {
			delete process.env['OPENAI_API_KEY_FOR_TEST'];
		}
	});

	it('edits the temperature in place: a valid value is passed on, an invalid one is explained and kept back', async () => {
		const {ui, state} = await renderSettings({temperature: 0.7});
		await ui.waitForFrame('Temperature');
		await ui.press(keys.down);
		await ui.waitForFrame(frame => lineOf(frame, 'Temperature').startsWith('›'));
		await ui.press(keys.enter);
		await ui.waitForFrame('empty for the provider');
		// Replace 0.7 with 3: out of range.
		for (let index = 0; index < 3; index++) await ui.press(keys.backspace);
		await ui.type('3');
		await ui.waitForFrame(frame => /Temperature\s+3/.test(lineOf(frame, 'Temperature')));
		await ui.press(keys.enter);
		let frame = await ui.waitForFrame('✗ temperature must be a number from 0 to 2');
		expect(state.changes).toEqual([]);
		expect(frame.split('\n').filter(line => line.includes('temperature must be'))).toHaveLength(1);
		await ui.press(keys.backspace);
		await ui.type('1.2');
		await ui.press(keys.enter);
		frame = await ui.waitForFrame(current => /Temperature\s+1\.2$/.test(lineOf(current, 'Temperature')));
		expect(frame).not.toContain('✗');
		expect(state.changes).toEqual([{options: {temperature: 1.2}}]);
	});

	it('rejects text that is not a number', async () => {
		const {ui, state} = await renderSettings();
		await ui.waitForFrame('Temperature');
		await ui.press(keys.down);
		await ui.press(keys.enter);
		await ui.type('warm');
		await ui.press(keys.enter);
		await ui.waitForFrame('✗ temperature must be a number from 0 to 2');
		expect(state.changes).toEqual([]);
	});

	it('empty max tokens clears it back to the provider default; a fraction is refused', async () => {
		const {ui, state} = await renderSettings({maxTokens: 512});
		await ui.waitForFrame(frame => /Max tokens\s+512$/.test(lineOf(frame, 'Max tokens')));
		await ui.press(keys.down);
		await ui.press(keys.down);
		await ui.press(keys.enter);
		await ui.type('.5');
		await ui.press(keys.enter);
		await ui.waitForFrame('✗ max tokens must be a whole number, 1 or more');
		expect(state.changes).toEqual([]);
		for (let index = 0; index < 5; index++) await ui.press(keys.backspace);
		await ui.press(keys.enter);
		await ui.waitForFrame(frame => /Max tokens\s+provider default$/.test(lineOf(frame, 'Max tokens')));
		expect(state.changes).toEqual([{options: {maxTokens: null}}]);
	});

	it('edits the system prompt; \\n typed in it is a new line', async () => {
		const {ui, state} = await renderSettings();
		await ui.waitForFrame('System prompt');
		await ui.press(keys.enter);
		await ui.type('Be terse.\\nUse Python.');
		await ui.press(keys.enter);
		await ui.waitForFrame(frame => lineOf(frame, 'System prompt').includes('Be terse. ⏎ Use Python.'));
		expect(state.changes).toEqual([{options: {system: 'Be terse.\nUse Python.'}}]);
	});

	it('esc cancels an edit without passing anything on, and esc again goes back', async () => {
		const {ui, state} = await renderSettings({system: 'Keep me.'});
		await ui.waitForFrame('Keep me.');
		await ui.press(keys.enter);
		await ui.type(' Changed');
		await ui.waitForFrame('Keep me. Changed');
		await ui.press(keys.escape);
		await ui.waitForFrame(frame => lineOf(frame, 'System prompt').endsWith('Keep me.'));
		expect(state.backs).toBe(0);
		await ui.press(keys.escape);
		await ui.waitFor(() => state.backs === 1);
		expect(state.changes).toEqual([]);
	});

	it('cycles the theme with enter and the arrow keys', async () => {
		const {ui, state} = await renderSettings({}, 'auto');
		await ui.waitForFrame('[auto]');
		for (let index = 0; index < 3; index++) await ui.press(keys.down);
		await ui.waitForFrame(frame => lineOf(frame, 'Theme').startsWith('›'));
		await ui.press(keys.enter);
		await ui.waitForFrame('[dark]');
		await ui.press(keys.right);
		await ui.waitForFrame('[light]');
		await ui.press(keys.right);
		await ui.waitForFrame('[auto]');
		await ui.press(keys.left);
		await ui.waitForFrame('[light]');
		expect(state.changes).toEqual([{theme: 'dark'}, {theme: 'light'}, {theme: 'auto'}, {theme: 'light'}]);
	});

	it('the help bar follows the field: edit a text field, change the theme, save or cancel an edit', async () => {
		const {ui} = await renderSettings();
		let frame = await ui.waitForFrame('Providers');
		for (const help of ['↑↓ field', 'enter edit', 'esc back']) expect(frame).toContain(help);
		expect(frame).not.toContain('change');
		for (let index = 0; index < 3; index++) await ui.press(keys.down);
		frame = await ui.waitForFrame(current => lineOf(current, 'Theme').startsWith('›'));
		expect(frame).toContain('enter/←→ change');
		expect(frame).not.toContain('enter edit');
		await ui.press(keys.up);
		await ui.press(keys.enter);
		frame = await ui.waitForFrame('enter save');
		expect(frame).toContain('esc cancel');
		expect(frame).not.toContain('esc back');
	});

	it('k and j move between fields as ↑ and ↓ do', async () => {
		const {ui} = await renderSettings();
		await ui.waitForFrame('System prompt');
		await ui.type('j');
		await ui.type('j');
		await ui.waitForFrame(frame => lineOf(frame, 'Max tokens').startsWith('›'));
		await ui.type('k');
		await ui.waitForFrame(frame => lineOf(frame, 'Temperature').startsWith('›'));
	});

	it('fits a short terminal by summing up the providers it cannot show', async () => {
		const many = Array.from({length: 12}, (_, index) => ({name: `p${index}`, baseURL: `http://127.0.0.1:${9000 + index}/v1`, keyVariable: null, keyPresent: false}));
		const ui = await renderInk(
			<SettingsView options={{system: '', temperature: null, maxTokens: null}} theme="auto" info={{...INFO, providers: many}} onChange={() => {}} onBack={() => {}} focus width={80} rows={20} />,
			{columns: 80, rows: 20},
		);
		const frame = await ui.waitForFrame('more');
		expect(frame.split('\n').length).toBeLessThanOrEqual(20);
		expect(frame).toMatch(/…and \d+ more/);
	});
});

describe('parseFieldEdit', () => {
	it.each([
		['temperature', '0', {temperature: 0}],
		['temperature', '2', {temperature: 2}],
		['temperature', ' .5 ', {temperature: 0.5}],
		['temperature', '', {temperature: null}],
		['maxTokens', '4096', {maxTokens: 4096}],
		['maxTokens', '  ', {maxTokens: null}],
		['system', '  ', {system: ''}],
	] as const)('%s %j means %j', (field, text, patch) => {
		expect(parseFieldEdit(field, text)).toEqual({ok: true, patch});
	});

	it.each([
		['temperature', '2.01'],
		['temperature', '-1'],
		['temperature', '0x1'],
		['temperature', '1e0'],
		['maxTokens', '0'],
		['maxTokens', '1.5'],
		['maxTokens', '99999999999999999999'],
	] as const)('%s %j is refused', (field, text) => {
		expect(parseFieldEdit(field, text).ok).toBe(false);
	});

	it('cycles themes both ways', () => {
		expect(nextTheme('auto', 1)).toBe('dark');
		expect(nextTheme('light', 1)).toBe('auto');
		expect(nextTheme('auto', -1)).toBe('light');
	});
});
