import {afterEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {CLI, Terminal} from '../helpers/tmux.js';

let terminal: Terminal | undefined;
afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

/** Both answers of the task at `position` are complete: the next-task key is offered. */
const answered = (position: number, taskId: string) => (screen: string) =>
	screen.includes(`coding-5 · task ${position}/5 ${taskId}`) && screen.includes('n/enter next task') && (screen.match(/done · TTFT/g) ?? []).length === 2;

describe('a suite run in a real terminal', () => {
	it('shows task i/5 with a progress bar, moves on with n, stops with q, and resumes at the first task not judged', async () => {
		terminal = Terminal.start({columns: 120, rows: 40, env: {ARENA_DEMO_SPEED: '8'}});
		const command = `node ${CLI} run --suite coding-5 -m demo:swift -m demo:steady`;

		terminal.type(`${command}; echo __first=$?`);
		const first = await terminal.waitFor(answered(1, 'python-flatten'), 20_000, 'task 1 answered');
		expect(first).toMatch(/coding-5 · task 1\/5 python-flatten ▕░+▏ 0\/5 judged · elapsed \d:\d\d/);
		expect(first).not.toContain('resuming');
		terminal.press('8');
		await terminal.waitFor(screen => screen.includes('★ 8/10') && screen.includes('1/5 judged'), 5_000, 'the score and the bar');
		terminal.press('n');

		const second = await terminal.waitFor(answered(2, 'js-async-race'), 20_000, 'task 2 answered');
		// The judgement of task 1 stays with task 1, and the time left is estimated from it.
		expect(second).not.toContain('★');
		expect(second).toMatch(/task 2\/5 js-async-race ▕█+░+▏ 1\/5 judged · elapsed \d:\d\d · ~\d:\d\d left/);
		terminal.press('q');
		const stopped = await terminal.waitForText('__first=0', 10_000);
		expect(stopped).toContain('arena run: coding-5 stopped: 2 tasks run, 1 judged, 0 failed · 1/5 judged in pass 1');

		// Task 2 was read but not judged, so it comes back first.
		terminal.type('clear');
		terminal.type(`${command}; echo __second=$?`);
		const resumed = await terminal.waitFor(answered(2, 'js-async-race'), 20_000, 'resumed at task 2');
		expect(resumed).toContain('resuming coding-5 at task 2/5 (1/5 judged in pass 1)');
		expect(resumed).not.toContain('python-flatten');
		terminal.press('C-c');
		await terminal.waitForText('__second=0', 10_000);

		const history = await runCli(['history', '--json'], {env: {ARENA_HOME: terminal.home}});
		expect(history.status).toBe(0);
		const runs = JSON.parse(history.stdout) as Array<{suite: string | null; task_id: string | null}>;
		expect(runs.map(run => `${run.suite} ${run.task_id}`).sort()).toEqual([
			'coding-5 js-async-race',
			'coding-5 js-async-race',
			'coding-5 python-flatten',
		]);
	});
});
