import {existsSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {useCommandSandbox} from '../helpers/command-sandbox.js';
import {historyListCommand, historyShowCommand, NO_RUNS_MESSAGE} from '../../source/commands/history.js';
import type {CommandIo} from '../../source/commands/leaderboard.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {modelResult} from '../store/fixtures/store-test-kit.js';

const sandbox = useCommandSandbox();

function pipedIo(output: {text: string}): CommandIo {
	return {env: {ARENA_HOME: sandbox.home}, stdout: {write: (text: string) => ((output.text += text), true), isTTY: false}, stdin: {isTTY: false}};
}

async function list(options: Parameters<typeof historyListCommand>[0]) {
	const output = {text: ''};
	const status = await historyListCommand(options, pipedIo(output));
	return {status, stdout: output.text, stderr: sandbox.stderr};
}

async function show(id: string, options: Parameters<typeof historyShowCommand>[1] = {}) {
	const output = {text: ''};
	const status = await historyShowCommand(id, options, pipedIo(output));
	return {status, stdout: output.text, stderr: sandbox.stderr};
}

interface Seeded {
	judgedId: string;
	plainId: string;
	laterIds: string[];
}

/** A judged run (scores and a vote) in March, a plain one in April, and three more in May. */
function seedRuns(): Seeded {
	const store = openHistoryStore(path.join(sandbox.home, 'arena.db'));
	try {
		const judged = store.saveRun({
			prompt: 'Flatten a nested list in Python\nwith recursion, please',
			system_prompt: 'You are terse.',
			params: {temperature: 0.2, max_tokens: 512},
			created_at: '2025-03-01T10:00:00.000Z',
			answers: [
				modelResult({spec: 'demo:swift', text: 'def flatten(items):\n    return [x for x in items]\u001B]52;c;cHduZWQ=\u0007', ttft_ms: 120, tokens_per_s: 55.5}),
				modelResult({spec: 'demo:steady', text: 'Use itertools.chain.', reasoning: 'The user wants recursion.', state: 'error', error: {message: 'stream went silent for 30 s', status: null}}),
			],
		});
		store.setScore(judged.answerIds[0]!, 8.5, {correctness: 9, code_quality: 8});
		store.recordVote({
			run_id: judged.runId,
			answer_a_id: judged.answerIds[0],
			answer_b_id: judged.answerIds[1],
			model_a: 'demo:swift',
			model_b: 'demo:steady',
			winner: 'model_a',
		});
		const plain = store.saveRun({prompt: 'Say hello', created_at: '2025-04-01T10:00:00.000Z', answers: [modelResult({spec: 'demo:thinker'})]});
		const laterIds = [1, 2, 3].map(day => store.saveRun({prompt: `Later ${day}`, created_at: `2025-05-0${day}T10:00:00.000Z`, answers: [modelResult({spec: 'demo:swift'})]}).runId);
		return {judgedId: judged.runId, plainId: plain.runId, laterIds};
	} finally {
		store.close();
	}
}

describe('arena history', () => {
	it('says there are no runs yet without creating the database', async () => {
		expect(await list({})).toMatchObject({status: 0, stdout: `${NO_RUNS_MESSAGE}\n`});
		expect(JSON.parse((await list({json: true})).stdout)).toEqual([]);
		expect(existsSync(path.join(sandbox.home, 'arena.db'))).toBe(false);
	});

	it('lists runs newest first with an id prefix, time, models, judgement and the prompt\'s first line', async () => {
		const {judgedId, plainId, laterIds} = seedRuns();
		const {status, stdout} = await list({});
		expect(status).toBe(0);
		const lines = stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^id\s+when\s+models\s+judged\s+prompt$/);
		const order = [...laterIds].reverse().concat(plainId, judgedId);
		const shownIds = lines.slice(1).map(line => line.split(/\s+/)[0]!);
		// Prefixes: at least 12 characters, and as many more as it takes to tell these runs apart.
		expect(shownIds.every(id => id.length >= 12)).toBe(true);
		expect(new Set(shownIds).size).toBe(shownIds.length);
		expect(shownIds.map((shown, index) => order[index]!.startsWith(shown))).toEqual(order.map(() => true));
		const judgedLine = lines.find(line => line.startsWith(shownIds[4]!))!;
		expect(judgedLine).toContain('demo:swift, demo:steady');
		expect(judgedLine).toContain('1 score, 1 vote');
		expect(judgedLine).toContain('Flatten a nested list in Python with recursion, please');
		expect(lines.find(line => line.startsWith(shownIds[3]!))).toMatch(/demo:thinker\s+no\s+Say hello/);
	});

	it('lists only --limit runs and says more exist', async () => {
		const {laterIds} = seedRuns();
		const {stdout} = await list({limit: '2'});
		const ids = stdout.split('\n').slice(1, 3).map(line => line.split(/\s+/)[0]!);
		expect(ids).toHaveLength(2);
		expect(laterIds[2]!.startsWith(ids[0]!)).toBe(true);
		expect(laterIds[1]!.startsWith(ids[1]!)).toBe(true);
		expect(stdout).toContain('the newest 2 shown');
		expect((await list({limit: '0'})).status).toBe(2);
	});

	it('prints JSON summaries with a judged flag', async () => {
		const {judgedId} = seedRuns();
		const runs = JSON.parse((await list({json: true})).stdout) as Array<Record<string, unknown>>;
		expect(runs).toHaveLength(5);
		expect(runs.find(run => run['id'] === judgedId)).toMatchObject({
			judged: true,
			models: ['demo:swift', 'demo:steady'],
			scored_count: 1,
			vote_count: 1,
			prompt: 'Flatten a nested list in Python\nwith recursion, please',
		});
		expect(runs.filter(run => run['judged'] === false)).toHaveLength(4);
	});
});

describe('arena history show', () => {
	it('prints a run by a unique prefix with answers, metrics, scores and votes, stripped of terminal controls', async () => {
		const {judgedId} = seedRuns();
		const {status, stdout} = await show(judgedId.slice(0, 14).toLowerCase());
		expect(status).toBe(0);
		expect(stdout).toContain(`run ${judgedId}`);
		expect(stdout).toContain('    Flatten a nested list in Python\n    with recursion, please');
		expect(stdout).toContain('system:\n    You are terse.');
		expect(stdout).toMatch(/── A · demo:swift · done · TTFT 120 ms · 55\.5 tok\/s .*score 8\.5/);
		expect(stdout).toContain('rubric: correctness 9, code quality 8');
		expect(stdout).toMatch(/── B · demo:steady · error .*not scored/);
		expect(stdout).toContain('error: stream went silent for 30 s');
		expect(stdout).toContain('reasoning:\n    The user wants recursion.');
		expect(stdout).toContain('A (demo:swift) beat B (demo:steady)');
		expect(stdout).toContain('    def flatten(items):');
		expect(stdout).not.toContain('\u001B');
	});

	it('prints the stored run as JSON, raw text included', async () => {
		const {judgedId} = seedRuns();
		const detail = JSON.parse((await show(judgedId, {json: true})).stdout) as {
			id: string;
			answers: Array<{spec: string; text: string; score: {score: number} | null; ttft_ms: number}>;
			votes: Array<{winner: string}>;
		};
		expect(detail.id).toBe(judgedId);
		expect(detail.answers.map(answer => answer.spec)).toEqual(['demo:swift', 'demo:steady']);
		expect(detail.answers[0]).toMatchObject({score: {score: 8.5}, ttft_ms: 120});
		expect(detail.answers[0]!.text).toContain('\u001B]52;');
		expect(detail.votes).toEqual([expect.objectContaining({winner: 'model_a'})]);
	});

	it('refuses an ambiguous prefix and an unknown id with exit 2 and a clear message', async () => {
		const seeded = seedRuns();
		const {judgedId, plainId} = seeded;
		let shared = 0;
		while (judgedId[shared] === plainId[shared]) shared++;
		const prefix = judgedId.slice(0, shared);
		const {laterIds} = seeded;
		const matching = [judgedId, plainId, ...laterIds].filter(id => id.startsWith(prefix));
		const ambiguous = await show(prefix);
		expect(ambiguous.status).toBe(2);
		expect(ambiguous.stderr).toContain(`"${prefix}" is ambiguous: it matches ${matching.length} runs (`);
		for (const id of matching) expect(ambiguous.stderr).toContain(id);
		expect(ambiguous.stderr).toMatch(/give more characters\n$/);

		sandbox.clearStderr();
		const unknown = await show('ZZZZZZZZ');
		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toMatch(/no run matches "ZZZZZZZZ"; see `arena history`/);
		expect(unknown.stdout).toBe('');
	});

	it('says there are no runs when the database does not exist, without creating it', async () => {
		const result = await show('01ABC');
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/no run matches "01ABC"/);
		expect(existsSync(path.join(sandbox.home, 'arena.db'))).toBe(false);
	});
});

describe('registerHistoryCommand', () => {
	it('wires `history` and `history show` as commander parses them', async () => {
		const {Command} = await import('commander');
		const {registerHistoryCommand} = await import('../../source/commands/history.js');
		const {judgedId} = seedRuns();
		vi.stubEnv('ARENA_HOME', sandbox.home);
		let stdout = '';
		vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
			stdout += String(chunk);
			return true;
		});
		const program = new Command('arena').exitOverride();
		registerHistoryCommand(program);
		const previousExitCode = process.exitCode;
		try {
			await program.parseAsync(['history', '--json', '--limit', '1'], {from: 'user'});
			expect(process.exitCode).toBe(0);
			const listed = JSON.parse(stdout) as Array<{prompt: string}>;
			expect(listed.map(run => run.prompt)).toEqual(['Later 3']);

			stdout = '';
			await program.parseAsync(['history', 'show', judgedId.slice(0, 20), '--json'], {from: 'user'});
			expect(process.exitCode).toBe(0);
			expect((JSON.parse(stdout) as {id: string}).id).toBe(judgedId);
		} finally {
			process.exitCode = previousExitCode;
			vi.unstubAllEnvs();
		}
	});
});

describe('arena history show on a terminal', () => {
	it('opens the stored run read-only, with its scores and verdict, and returns 0 on q', async () => {
		const {createTerminal, driveTerminal} = await import('../helpers/ink-harness.js');
		const {judgedId} = seedRuns();
		const terminal = createTerminal({columns: 140, rows: 30});
		const finished = historyShowCommand(judgedId, {}, {env: {ARENA_HOME: sandbox.home}, stdout: terminal.streams.stdout, stdin: terminal.streams.stdin});
		const screen = driveTerminal(terminal);
		const frame = await screen.waitForFrame(text => text.includes('You voted') && text.includes('demo:steady'));
		expect(frame).toContain('Flatten a nested list in Python with recursion, please');
		expect(frame).toContain('You voted: A (demo:swift) beat B (demo:steady)');
		expect(frame).toMatch(/TTFT 120 ms/);
		await screen.press('q');
		expect(await finished).toBe(0);
	});
});
