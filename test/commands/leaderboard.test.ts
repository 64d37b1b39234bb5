import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {useCommandSandbox} from '../helpers/command-sandbox.js';
import {EMPTY_BOARD_MESSAGE, leaderboardCommand, parseSince, type CommandIo} from '../../source/commands/leaderboard.js';
import {openHistoryStore, type HistoryStore} from '../../source/store/history-store.js';
import {judgedRuns} from '../helpers/judged-votes.js';
import {modelResult} from '../store/fixtures/store-test-kit.js';

/*
 * The command is called directly with a temp ARENA_HOME; CLI-level tests
 * (spawning dist/cli.js) come once cli.ts registers it.
 */

const sandbox = useCommandSandbox();

/** Runs the command as a script would: stdout piped (not a TTY). */
async function leaderboard(options: Parameters<typeof leaderboardCommand>[0]): Promise<{status: number; stdout: string; stderr: string}> {
	let stdout = '';
	const io: CommandIo = {env: {ARENA_HOME: sandbox.home}, stdout: {write: (text: string) => ((stdout += text), true), isTTY: false}, stdin: {isTTY: false}};
	const status = await leaderboardCommand(options, io);
	return {status, stdout, stderr: sandbox.stderr};
}

function databaseFile(): string {
	return path.join(sandbox.home, 'arena.db');
}

/** Opens the test's store, lets `fill` write to it, and closes it again. */
function withStore(fill: (store: HistoryStore) => void): void {
	const store = openHistoryStore(databaseFile());
	try {
		fill(store);
	} finally {
		store.close();
	}
}

function jsonRows(stdout: string): Array<Record<string, unknown>> {
	return JSON.parse(stdout) as Array<Record<string, unknown>>;
}

function rowOf(rows: Array<Record<string, unknown>>, model: string): Record<string, unknown> {
	const found = rows.find(row => row['model'] === model);
	if (!found) throw new Error(`no row for ${model}`);
	return found;
}

/**
 * Two blind battles: demo:swift beats demo:steady twice, once in January and
 * once in March. demo:thinker has an answer but no vote.
 */
function seedVotes(): void {
	const store = openHistoryStore(databaseFile());
	try {
		for (const when of ['2025-01-15T12:00:00.000Z', '2025-03-15T12:00:00.000Z']) {
			const saved = store.saveRun({
				prompt: 'p',
				mode: 'blind',
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

	it('prints a readable table when piped, with the head-to-head table and the notes under it, and md and csv on request', async () => {
		seedVotes();
		const table = await leaderboard({});
		expect(table.stdout.split('\n')[0]).toMatch(/^rank\s+model\s+rating\s+95% CI/);
		expect(table.stdout).toMatch(/demo:swift.*80 ms/);
		expect(table.stdout).toContain("Head-to-head: row's win rate against column (battles)");
		expect(table.stdout).toMatch(/^1\s+demo:swift\s+100% \(2\)$/m);
		expect(table.stdout).toMatch(/^2 blind votes$/m);
		expect(table.stdout).toMatch(/^Left side wins 100% of decided votes \(95% CI \d+–100%\), n=2; /m);
		expect(table.stderr).toBe('');

		const markdown = await leaderboard({format: 'md'});
		expect(markdown.stdout.split('\n')[1]).toMatch(/^\| ---: \| --- \|/);

		expect(markdown.stdout).toContain("**Head-to-head: row's win rate against column (battles)**");
		expect(markdown.stdout).toMatch(/^- 2 blind votes$/m);

		const csv = await leaderboard({format: 'csv'});
		const lines = csv.stdout.split('\r\n');
		expect(lines[0]!.startsWith('model,rating,ci_low,ci_high,rank_ub,battles,wins,losses,ties,win_rate')).toBe(true);
		expect(lines[1]!.startsWith('demo:swift,')).toBe(true);
		// CSV is the rows alone: one header and one record per model.
		expect(lines.filter(line => line !== '')).toHaveLength(1 + 3);
	});

	it('counts blind votes only by default, and named or flagged ones on request, saying what it left out', async () => {
		withStore(store => {
			judgedRuns(store, 4, 'w:blind-pick', 'w:other', 'model_a');
			judgedRuns(store, 6, 'w:blind-pick', 'w:other', 'model_b', {mode: 'named'});
			judgedRuns(store, 1, 'w:blind-pick', 'w:other', 'model_b', {flagged: true});
		});
		const blind = await leaderboard({json: true});
		expect(rowOf(jsonRows(blind.stdout), 'w:blind-pick')).toMatchObject({battles: 4, wins: 4});
		expect(blind.stderr).toBe('');
		const table = await leaderboard({});
		expect(table.stdout).toContain('4 blind votes (6 named and 1 flagged left out; --include-named, --include-flagged to add them)');

		const named = await leaderboard({json: true, includeNamed: true});
		expect(rowOf(jsonRows(named.stdout), 'w:blind-pick')).toMatchObject({battles: 10, wins: 4, losses: 6});
		const both = await leaderboard({json: true, includeNamed: true, includeFlagged: true});
		expect(rowOf(jsonRows(both.stdout), 'w:blind-pick')).toMatchObject({battles: 11, losses: 7});
		const namedTable = await leaderboard({includeNamed: true});
		expect(namedTable.stdout).toContain('10 votes: 4 blind, 6 named (1 flagged left out; --include-flagged to add it)');
	});

	it('tells a user whose votes are all named how to count them, instead of an empty board', async () => {
		withStore(store => store.recordVote({model_a: 'n:a', model_b: 'n:b', winner: 'model_a', blind: false}));
		const result = await leaderboard({});
		expect(result.stdout).toBe('no blind votes or scores yet; 1 vote from named runs left out (--include-named counts them)\n');
		expect((await leaderboard({byCategory: true})).stdout).toBe('no votes to rate by category; 1 vote from named runs left out (--include-named counts them)\n');
		expect(jsonRows((await leaderboard({json: true, includeNamed: true})).stdout).map(row => row['model'])).toEqual(['n:a', 'n:b']);
	});

	it('prints one JSON object with the rows and the statistics with --stats', async () => {
		seedVotes();
		withStore(store => judgedRuns(store, 1, 'demo:swift', 'demo:steady', 'model_b', {mode: 'named'}));
		const result = await leaderboard({stats: true});
		expect(result.status).toBe(0);
		const stats = JSON.parse(result.stdout) as Record<string, unknown>;
		expect((stats['rows'] as unknown[]).length).toBe(3);
		expect(stats['votes']).toMatchObject({counted: 2, blind: 2, left_out_named: 1, rated: 2});
		expect(stats['position_bias']).toMatchObject({left_wins: 2, right_wins: 0});
		expect(stats['separations']).toEqual([expect.objectContaining({higher: 'demo:swift', lower: 'demo:steady'})]);
		expect(JSON.parse((await leaderboard({stats: true, json: true})).stdout)).toEqual(stats);
		// Without --stats JSON stays an array of rows, each with its head-to-head record.
		const rows = jsonRows((await leaderboard({json: true})).stdout);
		expect(rowOf(rows, 'demo:swift')['head_to_head']).toEqual({'demo:steady': {win_rate: 1, battles: 2, wins: 2, losses: 0, ties: 0}});
	});

	it('ranks on one category with --category, and shows every category side by side with --by-category', async () => {
		withStore(store => {
			judgedRuns(store, 3, 'c:coder', 'c:writer', 'model_a', {category: 'coding'});
			judgedRuns(store, 3, 'c:coder', 'c:writer', 'model_b', {category: 'writing'});
		});
		const coding = jsonRows((await leaderboard({json: true, category: 'coding'})).stdout);
		expect(coding.map(row => [row['model'], row['wins']])).toEqual([['c:coder', 3], ['c:writer', 0]]);
		const writing = jsonRows((await leaderboard({json: true, category: 'writing'})).stdout);
		expect(writing[0]).toMatchObject({model: 'c:writer', battles: 3, answers: 3});
		expect((await leaderboard({category: 'poetry'})).stdout).toBe('no votes or scores in category "poetry"\n');

		const side = await leaderboard({byCategory: true});
		expect(side.stdout.split('\n')[0]).toMatch(/^#\s+model\s+overall\s+coding\s+writing$/);
		const byCategory = jsonRows((await leaderboard({byCategory: true, json: true})).stdout);
		expect(rowOf(byCategory, 'c:coder')['ratings_by_category']).toMatchObject({coding: {battles: 3}, writing: {battles: 3}});
	});

	it('counts only votes and runs with the --source label', async () => {
		withStore(store => {
			judgedRuns(store, 2, 's:a', 's:b', 'model_a');
			judgedRuns(store, 3, 's:a', 's:b', 'model_b', {source: 'colleague'});
		});
		const rows = jsonRows((await leaderboard({json: true, source: 'colleague'})).stdout);
		expect(rowOf(rows, 's:a')).toMatchObject({battles: 3, wins: 0});
		expect(rowOf(jsonRows((await leaderboard({json: true, source: 'local'})).stdout), 's:a')).toMatchObject({battles: 2, wins: 2});
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
		[{stats: true, format: 'table'}, /--stats goes with JSON, not --format table/],
		[{category: 'coding', byCategory: true}, /--category and --by-category disagree/],
		[{category: '  '}, /--category needs a name/],
		[{source: ''}, /--source needs a name/],
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
		const finished = leaderboardCommand({}, {env: {ARENA_HOME: sandbox.home}, stdout: terminal.streams.stdout, stdin: terminal.streams.stdin});
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
		vi.stubEnv('ARENA_HOME', sandbox.home);
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
			// Since March each model has one vote, so --min-battles 2 leaves nobody.
			expect(JSON.parse(stdout)).toEqual([]);

			withStore(store => judgedRuns(store, 2, 'demo:steady', 'demo:swift', 'model_a', {mode: 'named', flagged: true, category: 'coding', source: 'lab'}));
			stdout = '';
			await program.parseAsync(
				['leaderboard', '--stats', '--include-named', '--include-flagged', '--category', 'coding', '--source', 'lab'],
				{from: 'user'},
			);
			expect(JSON.parse(stdout)).toMatchObject({votes: {counted: 2, named: 2, flagged: 2, include_named: true, include_flagged: true}});

			stdout = '';
			await program.parseAsync(['leaderboard', '--by-category', '--include-named', '--include-flagged'], {from: 'user'});
			expect(stdout.split('\n')[0]).toMatch(/^#\s+model\s+overall\s+coding$/);
		} finally {
			process.exitCode = previousExitCode;
			vi.unstubAllEnvs();
		}
	});
});
