import {afterEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {CLI, Terminal} from '../helpers/tmux.js';

let terminal: Terminal | undefined;
afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

describe('a blind battle in a real terminal', () => {
	it('runs three suite rounds anonymously, reveals after each vote, and the leaderboard counts the three votes', async () => {
		terminal = Terminal.start({columns: 120, rows: 40, env: {ARENA_DEMO_SPEED: '8'}});
		const marker = '__battled';
		terminal.type(`node ${CLI} battle --suite coding-5 --rounds 3; echo ${marker}=$?`);

		const votes = [
			{key: 'a', verdict: 'You voted: A is better'},
			{key: 'b', verdict: 'You voted: B is better'},
			{key: 't', verdict: 'You voted: tie'},
		];
		for (const [index, vote] of votes.entries()) {
			const round = index + 1;
			const ready = await terminal.waitFor(
				screen => screen.includes(`coding-5 · task ${round}/5`) && screen.includes('which is better?'),
				20_000,
				`round ${round} ready to vote`,
			);
			// Before the vote: two anonymous sides, one neutral note, no names anywhere.
			expect(ready).toContain('Model A');
			expect(ready).toContain('Model B');
			expect(ready).toContain('simulated models');
			expect(ready).not.toContain('demo:');
			expect(ready).toMatch(/a\/b\/t\/x vote/);

			terminal.press(vote.key);
			const revealed = await terminal.waitFor(
				screen => /Model A was demo:\w+ \(simulated\) · rating/.test(screen) && /Model B was demo:\w+ \(simulated\) · rating/.test(screen),
				10_000,
				`round ${round} reveal`,
			);
			expect(revealed).toContain(vote.verdict);
			expect(revealed).toContain(`${round}/5 judged`);
			terminal.press('n');
		}

		const done = await terminal.waitForText(`${marker}=0`, 10_000);
		expect(done).toContain('arena battle done: 3 rounds, 3 blind votes saved');
		expect(done).toContain('suite coding-5: 3/5 tasks judged; run the same command to continue');

		const leaderboard = await runCli(['leaderboard', '--json'], {env: {ARENA_HOME: terminal.home}});
		expect(leaderboard.status).toBe(0);
		const rows = JSON.parse(leaderboard.stdout) as Array<{model: string; battles: number; ties: number}>;
		const rated = rows.filter(row => row.battles > 0);
		expect(rated.length).toBeGreaterThanOrEqual(2);
		expect(rated.every(row => row.model.startsWith('demo:'))).toBe(true);
		// Each vote is one battle for each of its two models.
		expect(rated.reduce((sum, row) => sum + row.battles, 0)).toBe(6);
		expect(rated.reduce((sum, row) => sum + row.ties, 0)).toBe(2);
	});
});
