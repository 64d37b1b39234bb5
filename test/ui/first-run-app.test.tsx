import {afterEach, expect, test} from 'vitest';
import type {FoundProvider} from '../../source/providers/first-run-scan.js';
import {FirstRunApp, type FirstRunChoice, type ModelsLoad, ScanningFirstRun} from '../../source/ui/first-run-app.js';
import {cleanupInk, keys, renderInk} from '../helpers/ink-harness.js';

afterEach(cleanupInk);

const openai: FoundProvider = {name: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', reason: 'key'};
const ollama: FoundProvider = {name: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', reason: 'local', models: ['llama3.2:3b']};

test('a key provider lists its models on demand; one model runs alone without asking for a second', async () => {
	let choice: FirstRunChoice | undefined;
	let resolveLoad: (load: ModelsLoad) => void = () => {};
	const ui = await renderInk(
		<FirstRunApp
			found={[openai, ollama]}
			lookedFor="looked everywhere"
			loadModels={() => new Promise(resolve => (resolveLoad = resolve))}
			onDone={picked => (choice = picked)}
		/>,
		{columns: 100, rows: 20},
	);
	const frame = await ui.waitForFrame('Add openai · key in $OPENAI_API_KEY');
	expect(frame).toContain('Add ollama · local server at http://127.0.0.1:11434/v1 · 1 model');
	await ui.press(keys.enter);
	await ui.waitForFrame('listing the models of openai');
	resolveLoad({ok: true, models: ['gpt-x']});
	await ui.waitForFrame('Pick a model of openai to run');
	await ui.press(keys.enter);
	await ui.waitFor(() => choice !== undefined);
	expect(choice).toEqual({kind: 'provider', provider: openai, models: ['gpt-x']});
});

test('when the models cannot be listed it says why and offers to add the provider anyway, or the demo', async () => {
	let choice: FirstRunChoice | undefined;
	const ui = await renderInk(
		<FirstRunApp
			found={[openai]}
			lookedFor="looked everywhere"
			loadModels={async () => ({ok: false, error: 'HTTP 401: Incorrect API key provided'})}
			onDone={picked => (choice = picked)}
		/>,
		{columns: 120, rows: 20},
	);
	await ui.waitForFrame('Add openai');
	await ui.press(keys.enter);
	const failed = await ui.waitForFrame('cannot list the models of openai: HTTP 401: Incorrect API key provided');
	expect(failed).toContain('Add openai anyway');
	expect(failed).toContain('Try the demo');
	await ui.press(keys.enter);
	await ui.waitFor(() => choice !== undefined);
	expect(choice).toEqual({kind: 'add-only', provider: openai});
});

test('with nothing found it says what it looked for, and Esc leaves', async () => {
	let choice: FirstRunChoice | undefined;
	const ui = await renderInk(
		<FirstRunApp found={[]} lookedFor="looked for OPENAI_API_KEY" loadModels={async () => ({ok: true, models: []})} onDone={picked => (choice = picked)} />,
		{columns: 120, rows: 20},
	);
	const frame = await ui.waitForFrame('Found no provider (looked for OPENAI_API_KEY)');
	expect(frame).toMatch(/❯ Try the demo/);
	await ui.press(keys.escape);
	await ui.waitFor(() => choice !== undefined);
	expect(choice).toEqual({kind: 'quit'});
});

test('/ filters a long model list as you type, and the filtered pick is what runs', async () => {
	let choice: FirstRunChoice | undefined;
	const models = ['openai/gpt-4o-mini', 'deepseek/deepseek-chat', 'qwen/qwen3-coder', 'deepseek/deepseek-r1', 'meta-llama/llama-3.3-70b'];
	const router: FoundProvider = {name: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY', reason: 'key'};
	const ui = await renderInk(
		<FirstRunApp found={[router]} lookedFor="" loadModels={async () => ({ok: true, models})} onDone={picked => (choice = picked)} />,
		{columns: 100, rows: 24},
	);
	await ui.waitForFrame('Add openrouter');
	await ui.press(keys.enter);
	await ui.waitForFrame('/ filter');
	await ui.press('/');
	for (const character of 'deep r1') await ui.press(character);
	const filtered = await ui.waitForFrame('1 of 5');
	expect(filtered).toContain('filter: deep r1');
	expect(filtered).toContain('deepseek/deepseek-r1');
	expect(filtered).not.toContain('qwen/qwen3-coder');
	expect(filtered).not.toContain('deepseek/deepseek-chat');
	// Backspace widens the filter again.
	for (let count = 0; count < 3; count++) await ui.press(keys.backspace);
	await ui.waitForFrame('2 of 5');
	for (const character of ' r1') await ui.press(character);
	await ui.waitForFrame('1 of 5');
	// Enter ends the filter (the list keeps it); the next Enter picks.
	await ui.press(keys.enter);
	await ui.waitFor(() => !ui.lastFrame().includes('type to filter'));
	await ui.press(keys.enter);
	const second = await ui.waitForFrame('Compare deepseek/deepseek-r1 with a second model?');
	expect(second).toContain('qwen/qwen3-coder');
	await ui.press(keys.enter);
	await ui.waitFor(() => choice !== undefined);
	expect(choice).toEqual({kind: 'provider', provider: router, models: ['deepseek/deepseek-r1']});
});

test('a spinner says what is being looked for until the scan ends, then the choices show', async () => {
	let finishScan!: (found: FoundProvider[]) => void;
	const scan = new Promise<FoundProvider[]>(resolve => (finishScan = resolve));
	const ui = await renderInk(
		<ScanningFirstRun scan={scan} lookedFor="looked everywhere" loadModels={async () => ({ok: true, models: []})} onDone={() => {}} />,
	);
	const scanning = await ui.waitForFrame('looking for providers');
	expect(scanning).not.toContain('Try the demo');
	finishScan([]);
	const offered = await ui.waitForFrame('Try the demo');
	expect(offered).not.toContain('looking for providers');
});
