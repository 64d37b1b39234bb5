import {readFileSync} from 'node:fs';
import {createServer} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startScriptedServer, streamScript, type ScriptedServer} from '../helpers/sse-server.js';
import {CLI, Terminal} from '../helpers/tmux.js';

let terminal: Terminal | undefined;
let server: ScriptedServer | undefined;
afterEach(async () => {
	terminal?.close();
	terminal = undefined;
	await server?.close();
	server = undefined;
});

async function closedPortURL(): Promise<string> {
	const probe = createServer();
	await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
	const {port} = probe.address() as {port: number};
	await new Promise<void>(resolve => probe.close(() => resolve()));
	return `http://127.0.0.1:${port}/v1`;
}

/** The row the select list's pointer is on. */
function highlighted(screen: string): string {
	return screen.split('\n').find(line => line.includes('❯')) ?? '';
}

describe('first run in a real terminal', () => {
	it('offers the loopback "Ollama", and picking it adds the provider and runs two of its models', async () => {
		server = await startScriptedServer(request => streamScript([`Hello from ${request.model} `, 'via fake Ollama']), {
			models: ['tiny-a', 'tiny-b'],
		});
		terminal = Terminal.start({
			columns: 120,
			rows: 40,
			env: {ARENA_OLLAMA_URL: server.baseURL, ARENA_LMSTUDIO_URL: await closedPortURL()},
		});
		const marker = '__first_run_exit';
		terminal.type(`node ${CLI}; echo ${marker}=$?`);

		await terminal.waitForText('Add ollama · local server at');
		expect(terminal.screen()).toContain('2 models');
		expect(terminal.screen()).toContain('Try the demo');
		// Key variables in the test's own environment may be offered first; move to Ollama.
		for (let moves = 0; !highlighted(terminal.screen()).includes('Add ollama') && moves < 10; moves++) {
			const before = highlighted(terminal.screen());
			terminal.press('Down');
			await terminal.waitFor(screen => highlighted(screen) !== before, 5000, 'the pointer to move');
		}
		terminal.press('Enter');

		await terminal.waitForText('Pick a model of ollama to run');
		terminal.press('Enter');
		await terminal.waitForText('Compare tiny-a with a second model?');
		terminal.press('Down');
		await terminal.waitFor(screen => highlighted(screen).includes('tiny-b'), 5000, 'tiny-b highlighted');
		terminal.press('Enter');

		// The usual prompt screen, with the two chosen models.
		await terminal.waitFor(screen => screen.includes('ollama:tiny-a') && screen.includes('ollama:tiny-b'), 10_000, 'the prompt screen');
		// Keys typed in the instant between the first-run screen closing and the prompt taking
		// the keyboard can be lost; type again only while the box is still empty.
		for (let attempt = 0; attempt < 5 && !terminal.screen().includes('say hello'); attempt++) {
			if (!/│\s*›?\s*say/.test(terminal.screen())) terminal.write('say hello');
			await terminal.waitForText('say hello', 2000).catch(() => undefined);
		}
		await terminal.waitForText('say hello');
		terminal.press('Enter');
		const done = await terminal.waitFor(screen => (screen.match(/done · TTFT/g) ?? []).length === 2, 15_000, 'both answers');
		expect(done).toContain('Hello from tiny-a via fake Ollama');
		expect(done).toContain('Hello from tiny-b via fake Ollama');
		terminal.press('q');
		const finished = await terminal.waitForText(new RegExp(`${marker}=\\d+`));
		expect(Number(new RegExp(`${marker}=(\\d+)`).exec(finished)![1])).toBe(0);

		expect(server.requests.map(request => request.model).sort()).toEqual(['tiny-a', 'tiny-b']);
		const settings = JSON.parse(readFileSync(path.join(terminal.home, 'settings.json'), 'utf8'));
		expect(settings.providers.ollama).toEqual({baseURL: server.baseURL});
	});

	it('offers the demo when it finds nothing, and remembers the choice', async () => {
		const nothing = await closedPortURL();
		terminal = Terminal.start({columns: 120, rows: 40, env: {ARENA_OLLAMA_URL: nothing, ARENA_LMSTUDIO_URL: nothing, ARENA_DEMO_SPEED: '4'}});
		const withoutKeys =
			'env -u OPENAI_API_KEY -u OPENROUTER_API_KEY -u DEEPSEEK_API_KEY -u GROQ_API_KEY -u TOGETHER_API_KEY -u MISTRAL_API_KEY -u GEMINI_API_KEY';
		terminal.type(`${withoutKeys} node ${CLI}; echo first=$?`);
		await terminal.waitForText('Found no provider');
		expect(highlighted(terminal.screen())).toContain('Try the demo');
		terminal.press('Enter');
		await terminal.waitFor(screen => screen.includes('demo:swift') && screen.includes('simulated'), 10_000, 'the home screen with the demo');
		terminal.press('Escape');
		await terminal.waitForText('l leaderboard');
		terminal.press('q');
		await terminal.waitForText('first=0');
		// The next start opens home with the demo, not this screen again.
		terminal.type(`${withoutKeys} node ${CLI}; echo second=$?`);
		const home = await terminal.waitFor(screen => screen.includes('demo:swift') && screen.includes('named run'), 10_000, 'home on the second start');
		expect(home).not.toContain('Found no provider');
		terminal.press('Escape');
		await terminal.waitForText('l leaderboard');
		terminal.press('q');
		await terminal.waitForText('second=0');
	});
});
