import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {EMPTY_BOARD_MESSAGE, leaderboardCommand, parseSince, type CommandIo} from '../../source/commands/leaderboard.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {modelResult, temporaryDirectories} from '../store/fixtures/store-test-kit.js';

/*
 * The command is called directly with a temp ARENA_HOME; CLI-level tests
 * (spawning dist/cli.js) come once cli.ts registers it.
 */

const directories = temporaryDirectories();
let home: string;
let stderr: string;

beforeEach(() => {
	home = directories.make();
	stderr = '';
	vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
		stderr += String(chunk);
		return true;
	});
});

afterEach(() => {
	vi.restoreAllMocks();
	directories.cleanup();
});

/** Runs the command as a script would: stdout piped (not a TTY). */
async function leaderboard(options: Parameters<typeof leaderboardCommand>[0]): Promise<{status: number; stdout: string; stderr: string}> {
	let stdout = '';
	const io: CommandIo = {env: {ARENA_HOME: home}, stdout: {write: (text: string) => ((stdout += text), true), isTTY: false}, stdin: {isTTY: false}};
	const status = await leaderboardCommand(options, io);
	return {status, stdout, stderr};
}

function databaseFile(): string {
	return path.join(home, 'arena.db');
}

/** Two judged runs: demo:swift beats demo:steady twice, once in January and once in March. */
function seedVotes(): void {
	const store = openHistoryStore(databaseFile());
	try {
		for (const when of ['2025-01-15T12:00:00.000Z', '2025-03-15T12:00:00.000Z']) {
			const saved = store.saveRun({
				prompt: 'p',
				created_at: when,
				answers: [modelResult({spec: 'demo:swift', ttft_ms: 80}), modelResult({spec: 'demo:steady', ttft_ms: 400})],
			});
			store.setScore(saved.answerIds[0]!, 9);
			store.recordVote({
				run_id: saved.runId,
				answer_a_id: saved.answerIds[0],
				answer_b_id: saved.answerIds[1],
				model_a: 'demo:swift',
				model_b: 'demo:steady',
				winner: 'model_a',
				voted_at: when,
			});
		}
		store.saveRun({prompt: 'q', created_at: '2025-02-01T12:00:00.000Z', answers: [modelResult({spec: 'demo:thinker'})]});
	} finally {
		store.close();
	}
}

describe('arena leaderboard', () => {
	it('says how to get started on an empty store, exits 0, and does not create the database', async () => {
		const result = await leaderboard({});
		expect(result).toMatchObject({status: 0, stdout: `${EMPTY_BOARD_MESSAGE}\n`});
		expect(existsSync(databaseFile())).toBe(false);

		const json = await leaderboard({json: true});
		expect(json.status).toBe(0);
		expect(JSON.parse(json.stdout)).toEqual([]);
		expect(existsSync(databaseFile())).toBe(false);
	});

	it('prints JSON rows, best first, with unrated models after the rated ones', async () => {
		seedVotes();
		const result = await leaderboard({json: true});
		expect(result.status).toBe(0);
		const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
		expect(rows.map(row => row['model'])).toEqual(['demo:swift', 'demo:steady', 'demo:thinker']);
		expect(rows[0]).toMatchObject({battles: 2, wins: 2, win_rate: 1, mean_score: 9, median_ttft_ms: 80, scored_answers: 2});
		expect(rows[2]).toMatchObject({rating: null, battles: 0});
		expect(result.stderr).toBe('');
	});

	it('prints a readable table when piped, and md and csv on request', async () => {
		seedVotes();
		const table = await leaderboard({});
		expect(table.stdout.split('\n')[0]).toMatch(/^rank\s+model\s+rating\s+95% CI/);
		expect(table.stdout).toMatch(/demo:swift.*80 ms/);

		const markdown = await leaderboard({format: 'md'});
		expect(markdown.stdout.split('\n')[1]).toMatch(/^\| ---: \| --- \|/);

		const csv = await leaderboard({format: 'csv'});
		const lines = csv.stdout.split('\r\n');
		expect(lines[0]!.startsWith('model,rating,ci_low,ci_high,rank_ub,battles,wins,losses,ties,win_rate')).toBe(true);
		expect(lines[1]!.startsWith('demo:swift,')).toBe(true);
	});

	it('counts only votes since --since, given as a date or a date and time', async () => {
		seedVotes();
		const sinceMarch = JSON.parse((await leaderboard({json: true, since: '2025-03-01'})).stdout) as Array<Record<string, unknown>>;
		expect(sinceMarch.find(row => row['model'] === 'demo:swift')).toMatchObject({battles: 1, wins: 1});
		const sinceLater = JSON.parse((await leaderboard({json: true, since: '2025-03-20T00:00Z'})).stdout) as unknown[];
		expect(sinceLater).toEqual([]);
	});

	it('leaves out models below --min-battles', async () => {
		seedVotes();
		const rows = JSON.parse((await leaderboard({json: true, minBattles: '2'})).stdout) as Array<Record<string, unknown>>;
		expect(rows.map(row => row['model'])).toEqual(['demo:swift', 'demo:steady']);
		const none = await leaderboard({minBattles: '3'});
		expect(none).toMatchObject({status: 0});
		expect(none.stdout).toMatch(/no model has 3 or more votes/);
	});

	it.each([
		[{since: 'last tuesday'}, /--since "last tuesday" is not a date/],
		[{since: '2025-02-30'}, /--since "2025-02-30" is not a date/],
		[{format: 'xml'}, /unknown --format "xml"/],
		[{format: 'csv', json: true}, /disagree/],
		[{minBattles: '-1'}, /--min-battles must be a whole number/],
	])('rejects %o with exit 2 and one line on stderr', async (options, message) => {
		const result = await leaderboard(options);
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(message);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
	});

	it('refuses a corrupt database with exit 2 and leaves the file untouched', async () => {
		const garbage = 'this is not a database, just some text that happens to be here\n'.repeat(20);
		writeFileSync(databaseFile(), garbage);
		const result = await leaderboard({json: true});
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/^arena: .*arena\.db/);
		expect(result.stdout).toBe('');
		expect(readFileSync(databaseFile(), 'utf8')).toBe(garbage);
	});
});

describe('--since dates', () => {
	it('reads a bare date as local midnight and honours an explicit offset', () => {
		expect(parseSince('2025-03-01').getTime()).toBe(new Date(2025, 2, 1).getTime());
		expect(parseSince('2025-03-01T10:30:00Z').toISOString()).toBe('2025-03-01T10:30:00.000Z');
		expect(parseSince('2025-03-01T10:30+02:00').toISOString()).toBe('2025-03-01T08:30:00.000Z');
		expect(() => parseSince('2025-13-01')).toThrow(/not a date/);
		expect(() => parseSince('2025-03-01T25:00')).toThrow(/not a date/);
	});
});

describe('arena leaderboard on a terminal', () => {
	it('opens the browsable view and returns 0 when the user presses q', async () => {
		const {createTerminal, driveTerminal} = await import('../helpers/ink-harness.js');
		seedVotes();
		const terminal = createTerminal({columns: 140, rows: 30});
		const finished = leaderboardCommand({}, {env: {ARENA_HOME: home}, stdout: terminal.streams.stdout, stdin: terminal.streams.stdin});
		const screen = driveTerminal(terminal);
		await screen.waitForFrame(frame => frame.includes('sorted by rating') && frame.includes('demo:swift'));
		expect(screen.lastFrame()).toMatch(/q\/esc quit/);
		await screen.press('q');
		expect(await finished).toBe(0);
		expect(terminal.stdin.rawMode).toBe(false);
	});
});

describe('registerLeaderboardCommand', () => {
	it('wires the options as commander parses them', async () => {
		const {Command} = await import('commander');
		const {registerLeaderboardCommand} = await import('../../source/commands/leaderboard.js');
		seedVotes();
		vi.stubEnv('ARENA_HOME', home);
		let stdout = '';
		vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
			stdout += String(chunk);
			return true;
		});
		const program = new Command('arena').exitOverride();
		registerLeaderboardCommand(program);
		const previousExitCode = process.exitCode;
		try {
			await program.parseAsync(['leaderboard', '--json', '--min-battles', '2', '--since', '2025-03-01'], {from: 'user'});
			expect(process.exitCode).toBe(0);
		} finally {
			process.exitCode = previousExitCode;
			vi.unstubAllEnvs();
		}
		const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
		// Since March each model has one vote, so --min-battles 2 leaves nobody.
		expect(rows).toEqual([]);
	});
});
