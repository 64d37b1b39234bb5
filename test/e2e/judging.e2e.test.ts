import {afterEach, describe, expect, it} from 'vitest';
import {jsonLines, runCli} from '../helpers/cli.js';
import {CLI, Terminal} from '../helpers/tmux.js';

let terminal: Terminal | undefined;
afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

describe('judging in a real terminal', () => {
	it('scores both answers, votes, quits, and the leaderboard shows it', async () => {
		terminal = Terminal.start({columns: 120, rows: 40, env: {ARENA_DEMO_SPEED: '6'}});
		const marker = '__judged';
		terminal.type(`node ${CLI} run 'flatten a nested list in Python' -m demo:swift -m demo:steady; echo ${marker}=$?`);
		const finished = await terminal.waitFor(s => (s.match(/done · TTFT/g) ?? []).length === 2, 20_000, 'both models done');
		// Judging keys appear in the help bar only once the answers are complete.
		expect(finished).toMatch(/1-9\/0 score/);
		expect(finished).toMatch(/a\/b\/t\/x vote/);

		terminal.press('9');
		await terminal.waitForText('★ 9/10');
		terminal.press('Tab');
		terminal.press('4');
		await terminal.waitForText('★ 4/10');
		// A changed mind: the final score is the one that counts.
		terminal.press('6');
		await terminal.waitForText('★ 6/10');
		terminal.press('b');
		await terminal.waitForText('You voted: B (right) is better');
		terminal.press('a');
		await terminal.waitForText('You voted: A (left) is better');
		terminal.press('q');
		await terminal.waitForText(`${marker}=0`);

		// `arena run` is a named run: its votes count only with --include-named.
		const leaderboard = await runCli(['leaderboard', '--json', '--include-named'], {env: {ARENA_HOME: terminal.home}});
		expect(leaderboard.status).toBe(0);
		const rows = JSON.parse(leaderboard.stdout) as Array<Record<string, unknown>>;
		const swift = rows.find(row => row['model'] === 'demo:swift')!;
		const steady = rows.find(row => row['model'] === 'demo:steady')!;
		expect(swift).toMatchObject({battles: 1, wins: 1, losses: 0, ties: 0, mean_score: 9, scored_answers: 1});
		expect(steady).toMatchObject({battles: 1, wins: 0, losses: 1, mean_score: 6, scored_answers: 1});
		expect(swift['rating'] as number).toBeGreaterThan(steady['rating'] as number);
		expect(swift['median_ttft_ms']).toEqual(expect.any(Number));

		const history = await runCli(['history', '--json'], {env: {ARENA_HOME: terminal.home}});
		expect(history.status).toBe(0);
		expect(JSON.stringify(JSON.parse(history.stdout))).toContain('flatten a nested list in Python');
	});
});
