import {afterEach, describe, expect, it} from 'vitest';
import {CLI, Terminal} from '../helpers/tmux.js';

let terminal: Terminal | undefined;
afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

const arena = `node ${CLI}`;

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

function rowOf(screen: string, text: string): number {
	return screen.split('\n').findIndex(line => line.includes(text));
}

describe('arena run in a real terminal', () => {
	it('streams two demo models side by side with live metrics, then quits cleanly with q', async () => {
		terminal = Terminal.start({columns: 120, rows: 40, env: {ARENA_DEMO_SPEED: '2'}});
		const command = launch(terminal, `${arena} run 'flatten a nested list in Python' -m demo:swift -m demo:steady`);
		const streaming = await terminal.waitForText(/streaming · TTFT \d+ ms/);
		// Both panes share a row: side by side at 120 columns.
		expect(rowOf(streaming, 'demo:swift simulated')).toBeGreaterThan(0);
		expect(rowOf(streaming, 'demo:swift simulated')).toBe(rowOf(streaming, 'demo:steady simulated'));
		expect(streaming).toContain('simulated');
		const done = await terminal.waitFor(screen => (screen.match(/done · TTFT/g) ?? []).length === 2, 20_000, 'both models done');
		expect(done).toMatch(/\d+(\.\d+)? tok\/s/);
		expect(done).toContain('q quit');
		terminal.press('q');
		expect(await command.exitStatus()).toBe(0);
	});

	it('stacks panes on a narrow terminal', async () => {
		terminal = Terminal.start({columns: 60, rows: 40, env: {ARENA_DEMO_SPEED: '4'}});
		const command = launch(terminal, `${arena} run 'Dijkstra in TypeScript' -m demo:swift -m demo:steady`);
		const screen = await terminal.waitFor(s => s.includes('demo:swift simulated') && s.includes('demo:steady simulated'), 15_000, 'both panes');
		expect(rowOf(screen, 'demo:steady simulated')).toBeGreaterThan(rowOf(screen, 'demo:swift simulated'));
		await terminal.waitFor(s => (s.match(/done · TTFT/g) ?? []).length === 2, 20_000, 'both done');
		terminal.press('q');
		expect(await command.exitStatus()).toBe(0);
	});

	it('cancels every stream on Ctrl+C mid-stream and leaves the terminal usable', async () => {
		terminal = Terminal.start({columns: 120, rows: 40, env: {ARENA_DEMO_SPEED: '0.5'}});
		const command = launch(terminal, `${arena} run 'review this Go service' -m demo:swift -m demo:thinker`);
		await terminal.waitForText(/streaming · TTFT/);
		terminal.press('C-c');
		const status = await command.exitStatus();
		expect(status).toBe(1);
		const screen = terminal.screen();
		expect((screen.match(/cancelled/g) ?? []).length).toBeGreaterThanOrEqual(2);
		// The terminal is back in cooked mode with echo, and the shell answers.
		terminal.type('stty -a | tr " " "\\n" | grep -x -e icanon -e echo | tr "\\n" "+"; echo');
		await terminal.waitForText('icanon+echo+');
		terminal.type('echo sane-$((40+2))');
		await terminal.waitForText('sane-42');
	});

	it('opens the prompt screen with no arguments and runs what is typed against the demo', async () => {
		// Port 1 is refused by fetch at once: no local server is found, so first run offers the demo first.
		const nowhere = 'http://127.0.0.1:1/v1';
		terminal = Terminal.start({columns: 140, rows: 40, env: {ARENA_DEMO_SPEED: '4', ARENA_OLLAMA_URL: nowhere, ARENA_LMSTUDIO_URL: nowhere}});
		const withoutKeys = 'env -u OPENAI_API_KEY -u OPENROUTER_API_KEY -u DEEPSEEK_API_KEY -u GROQ_API_KEY -u TOGETHER_API_KEY -u MISTRAL_API_KEY -u GEMINI_API_KEY';
		const command = launch(terminal, `${withoutKeys} ${arena}`);
		await terminal.waitForText('❯ Try the demo');
		terminal.press('Enter');
		await terminal.waitForText('demo:thinker');
		terminal.write('fix the async race in this fetch code');
		await terminal.waitForText('fix the async race in this fetch code');
		terminal.press('Enter');
		await terminal.waitFor(s => (s.match(/done · TTFT/g) ?? []).length === 3, 30_000, 'three demo models done');
		terminal.press('q');
		expect(await command.exitStatus()).toBe(0);
	});
});
