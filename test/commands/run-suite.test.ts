import {spawn} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {findRunSuitePass, runSuiteCommand, type RunSuiteCommandOptions} from '../../source/commands/run-suite.js';
import {suiteSessionId} from '../../source/commands/suite-pass.js';
import type {StreamRequest} from '../../source/providers/types.js';
import {type HistoryStore, openHistoryStore} from '../../source/store/history-store.js';
import {resolveArenaPaths} from '../../source/store/paths.js';
import type {Suite} from '../../source/suites/suite.js';
import {suiteProgressRow} from '../../source/ui/suite-progress.js';
import {jsonLines, runCli} from '../helpers/cli.js';
import {createTerminal, driveTerminal, type FakeTerminal, type InkDriver, keys} from '../helpers/ink-harness.js';
import {startScriptedServer, streamScript} from '../helpers/sse-server.js';
import {CLI} from '../helpers/tmux.js';
import {modelResult, temporaryDirectories} from '../store/fixtures/store-test-kit.js';
import {type Script, scriptedProvider} from '../ui/battle/battle-fixtures.js';

const directories = temporaryDirectories();
const MODELS = ['demo:swift', 'demo:steady'];
const PAIR = MODELS.map(spec => ({spec}));

let stderr = '';
beforeEach(() => {
	stderr = '';
	vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
		stderr += String(chunk);
		return true;
	});
});

const running: RunningSuite[] = [];
afterEach(async () => {
	for (const suite of running.splice(0)) await suite.stopIfRunning();
	vi.restoreAllMocks();
	directories.cleanup();
});

const THREE_TASKS = {
	name: 'three',
	tasks: [
		{id: 'task-a', prompt: 'First question: explain recursion.', category: 'basics'},
		{id: 'task-b', prompt: 'Second question: explain closures.', category: 'functions', system: 'Answer in one line.'},
		{id: 'task-c', prompt: 'Third question: explain generators.'},
	],
};

function writeSuiteFile(directory: string, suite: object, name = 'three.json'): string {
	const file = path.join(directory, name);
	writeFileSync(file, JSON.stringify(suite, null, 2));
	return file;
}

interface RunningSuite {
	terminal: FakeTerminal;
	ui: InkDriver;
	status: Promise<number>;
	/** Every request the models received, in order. */
	requests: StreamRequest[];
	/** Everything written to the terminal, the summary after the app included. */
	output(): string;
	stopIfRunning(): Promise<void>;
}

/** `arena run --suite FILE -m demo:swift -m demo:steady` in a fake 120×40 terminal, with scripted answers. */
function startSuite(
	home: string,
	suiteFile: string,
	script: Script = () => ({text: 'A plain answer.'}),
	options: Partial<RunSuiteCommandOptions> = {},
): RunningSuite {
	const terminal = createTerminal({columns: 120, rows: 40});
	const requests: StreamRequest[] = [];
	const provider = scriptedProvider(script);
	let done = false;
	const status = runSuiteCommand(
		{suite: suiteFile, model: MODELS, idleTimeout: '10', retries: '0', ...options},
		{
			env: {ARENA_HOME: home},
			...terminal.streams,
			stream: request => {
				requests.push(request);
				return provider(request);
			},
		},
	).finally(() => (done = true));
	const started: RunningSuite = {
		terminal,
		ui: driveTerminal(terminal),
		status,
		requests,
		output: () => terminal.stdout.writes.join(''),
		async stopIfRunning() {
			if (done) return;
			terminal.stdin.write(keys.ctrlC);
			terminal.stdin.write('q');
			await status;
		},
	};
	running.push(started);
	return started;
}

/** Waits until both answers of the task on screen are complete and the next-task key is offered. */
async function answered(ui: InkDriver, position: number, total = 3): Promise<string> {
	return ui.waitForFrame(
		frame => frame.includes(`task ${position}/${total}`) && /n\/enter (next task|finish suite)/.test(frame),
		{message: `task ${position} answered`},
	);
}

function openStore(home: string): HistoryStore {
	return openHistoryStore(resolveArenaPaths({ARENA_HOME: home}).databaseFile);
}

function runsOldestFirst(store: HistoryStore) {
	return store.listRuns({suite: 'three', limit: 100}).reverse();
}

describe('arena run --suite in the terminal', () => {
	test('shows the progress row, saves each task with its suite, task id, category and session, and moves on with n', async () => {
		const home = directories.make();
		const suite = startSuite(home, writeSuiteFile(home, THREE_TASKS), undefined, {system: 'Default system prompt.'});

		const first = await answered(suite.ui, 1);
		expect(first).toMatch(/three · task 1\/3 task-a ▕░+▏ 0\/3 judged · elapsed \d:\d\d · estimating time left/);
		expect(first).toContain('First question: explain recursion.');
		// A fresh start says nothing about resuming.
		expect(first).not.toContain('resuming');
		await suite.ui.press('8');
		await suite.ui.waitForFrame(frame => frame.includes('★ 8/10') && frame.includes('1/3 judged'));
		await suite.ui.press('n');

		const second = await answered(suite.ui, 2);
		expect(second).toContain('Second question: explain closures.');
		// One task is behind us, so the time left is estimated from it.
		expect(second).toMatch(/three · task 2\/3 task-b ▕█+░+▏ 1\/3 judged · elapsed \d:\d\d · ~\d:\d\d left/);
		// Judgements belong to their task: nothing carried over.
		expect(second).not.toContain('★');
		await suite.ui.press('q');
		expect(await suite.status).toBe(0);
		expect(suite.output()).toContain('arena run: three stopped: 2 tasks run, 1 judged, 0 failed · 1/3 judged in pass 1');

		// Each task's own system prompt comes first, --system otherwise; every model gets the same messages.
		const systemOf = (request: StreamRequest) => request.messages.find(message => message.role === 'system')?.content;
		expect(suite.requests.map(request => [request.model, systemOf(request)])).toEqual([
			['swift', 'Default system prompt.'],
			['steady', 'Default system prompt.'],
			['swift', 'Answer in one line.'],
			['steady', 'Answer in one line.'],
		]);

		const store = openStore(home);
		try {
			const runs = runsOldestFirst(store);
			expect(runs.map(run => [run.task_id, run.category, run.suite, run.mode, run.models])).toEqual([
				['task-a', 'basics', 'three', 'named', MODELS],
				['task-b', 'functions', 'three', 'named', MODELS],
			]);
			const session = suiteSessionId('run', 'three', PAIR, 1);
			expect(session).toMatch(/^run:three:[0-9a-f]{12}:1$/);
			expect(runs.every(run => run.session_id === session)).toBe(true);
			const judged = store.getRun(runs[0]!.id)!;
			expect(judged.answers.map(answer => answer.score?.score ?? null)).toEqual([8, null]);
			expect(store.getRun(runs[1]!.id)!.answers.every(answer => answer.score === null)).toBe(true);
		} finally {
			store.close();
		}
	});

	test('resumes at the first task not judged, says so, and starts pass 2 once every task is judged', async () => {
		const home = directories.make();
		const file = writeSuiteFile(home, THREE_TASKS);

		const first = startSuite(home, file);
		await answered(first.ui, 1);
		await first.ui.press('8');
		await first.ui.waitForFrame('1/3 judged');
		await first.ui.press('n');
		await answered(first.ui, 2);
		await first.ui.press('a');
		await first.ui.waitForFrame(frame => frame.includes('You voted') && frame.includes('2/3 judged'));
		await first.ui.press('n');
		// Task c is read but not judged: it is run again next time.
		await answered(first.ui, 3);
		await first.ui.press('q');
		expect(await first.status).toBe(0);
		expect(first.output()).toContain('3 tasks run, 2 judged, 0 failed · 2/3 judged in pass 1; run the same command to continue');

		const second = startSuite(home, file);
		const resumed = await answered(second.ui, 3);
		expect(resumed).toContain('resuming three at task 3/3 (2/3 judged in pass 1)');
		expect(resumed).toContain('Third question: explain generators.');
		// The last task: n finishes rather than moving on.
		expect(resumed).toContain('n/enter finish suite');
		await second.ui.press('4');
		await second.ui.waitForFrame('3/3 judged');
		await second.ui.press(keys.enter);
		expect(await second.status).toBe(0);
		expect(second.output()).toContain('arena run: three done: 1 task run, 1 judged, 0 failed · pass 1 complete: all 3 tasks judged');
		expect(second.requests.every(request => request.messages.at(-1)?.content === 'Third question: explain generators.')).toBe(true);

		const third = startSuite(home, file);
		const fresh = await answered(third.ui, 1);
		expect(fresh).toContain('every task of three was judged with these models; starting pass 2');
		await third.ui.press('q');
		expect(await third.status).toBe(0);

		const store = openStore(home);
		try {
			const sessions = runsOldestFirst(store).map(run => `${run.task_id} ${run.session_id}`);
			const [pass1, pass2] = [1, 2].map(pass => suiteSessionId('run', 'three', PAIR, pass));
			expect(sessions).toEqual([`task-a ${pass1}`, `task-b ${pass1}`, `task-c ${pass1}`, `task-c ${pass1}`, `task-a ${pass2}`]);
		} finally {
			store.close();
		}
	});

	test('Ctrl+C while a task streams stops cleanly: that task is saved unjudged and comes back; what was judged stays', async () => {
		const home = directories.make();
		const file = writeSuiteFile(home, THREE_TASKS);
		const hangOnTaskB: Script = request =>
			request.messages.at(-1)?.content.startsWith('Second') ? {hang: true} : {text: 'A plain answer.'};

		const first = startSuite(home, file, hangOnTaskB);
		await answered(first.ui, 1);
		await first.ui.press('7');
		await first.ui.waitForFrame('1/3 judged');
		await first.ui.press('n');
		await first.ui.waitForFrame(frame => frame.includes('task 2/3') && frame.includes('thinking about it'));
		await first.ui.press(keys.ctrlC);
		expect(await first.status).toBe(0);
		expect(first.output()).toContain('arena run: three stopped at task 2/3: 2 tasks run, 1 judged, 0 failed · 1/3 judged in pass 1');

		const store = openStore(home);
		try {
			const [taskA, taskB] = runsOldestFirst(store).map(run => store.getRun(run.id)!);
			expect(taskA!.answers.map(answer => answer.score?.score ?? null)).toEqual([7, null]);
			expect(taskB!.task_id).toBe('task-b');
			expect(taskB!.answers.map(answer => answer.state)).toEqual(['cancelled', 'cancelled']);
		} finally {
			store.close();
		}

		const second = startSuite(home, file);
		const resumed = await answered(second.ui, 2);
		expect(resumed).toContain('resuming three at task 2/3 (1/3 judged in pass 1)');
		await second.ui.press('q');
		expect(await second.status).toBe(0);
	});

	test('a task where a model failed counts as failed, exits 1, and is run again even though it was judged', async () => {
		const home = directories.make();
		const file = writeSuiteFile(home, THREE_TASKS);
		const steadyFailsOnTaskA: Script = request =>
			request.model === 'steady' && request.messages.at(-1)?.content.startsWith('First')
				? {fail: {message: 'upstream exploded', status: 500}}
				: {text: 'A plain answer.'};

		const first = startSuite(home, file, steadyFailsOnTaskA);
		const failed = await answered(first.ui, 1);
		expect(failed).toContain('upstream exploded');
		await first.ui.press('9');
		await first.ui.waitForFrame('★ 9/10');
		// Judged, but a model failed: the task is not done.
		expect(first.ui.lastFrame()).toContain('0/3 judged');
		await first.ui.press('q');
		expect(await first.status).toBe(1);
		expect(first.output()).toContain('1 task run, 1 judged, 1 failed · 0/3 judged in pass 1');

		const second = startSuite(home, file);
		const again = await answered(second.ui, 1);
		expect(again).not.toContain('resuming');
		await second.ui.press('q');
		expect(await second.status).toBe(0);
	});

	test('n typed twice before a frame moves on one task, not two', async () => {
		const home = directories.make();
		const fourTasks = {name: 'three', tasks: [...THREE_TASKS.tasks, {id: 'task-d', prompt: 'Fourth question: explain iterators.'}]};
		const suite = startSuite(home, writeSuiteFile(home, fourTasks));
		await answered(suite.ui, 1, 4);
		await suite.ui.press('n');
		await answered(suite.ui, 2, 4);
		// Both keys reach the app before it draws task c.
		suite.terminal.stdin.write('n');
		suite.terminal.stdin.write('n');
		await answered(suite.ui, 3, 4);
		await suite.ui.press('q');
		expect(await suite.status).toBe(0);
		const store = openStore(home);
		try {
			const runs = runsOldestFirst(store);
			expect(runs.map(run => run.task_id)).toEqual(['task-a', 'task-b', 'task-c']);
			// Task c was answered in full, not skipped past.
			expect(store.getRun(runs[2]!.id)!.answers.map(answer => answer.state)).toEqual(['done', 'done']);
		} finally {
			store.close();
		}
	});

	test('--no-save: judging works on screen, nothing is kept, and nothing resumes', async () => {
		const home = directories.make();
		const file = writeSuiteFile(home, THREE_TASKS);
		const suite = startSuite(home, file, undefined, {save: false});
		const frame = await answered(suite.ui, 1);
		expect(frame).toContain('not saved (--no-save)');
		await suite.ui.press('5');
		await suite.ui.waitForFrame('1/3 judged');
		await suite.ui.press('q');
		expect(await suite.status).toBe(0);
		expect(suite.output()).toContain('1 task run, 1 judged, 0 failed · nothing saved (--no-save)');
		const store = openStore(home);
		try {
			expect(store.listRuns()).toEqual([]);
		} finally {
			store.close();
		}
	});
});

describe('where a suite run resumes', () => {
	const suite: Suite = {
		name: 'three',
		source: 'builtin',
		tasks: THREE_TASKS.tasks.map(({id, prompt}) => ({id, prompt})),
	};

	function saveTaskRun(store: HistoryStore, taskId: string, options: {pass?: number; models?: string[]; failed?: boolean; score?: number} = {}) {
		const models = options.models ?? MODELS;
		const saved = store.saveRun({
			prompt: taskId,
			mode: 'named',
			suite: 'three',
			task_id: taskId,
			session_id: suiteSessionId('run', 'three', models.map(spec => ({spec})), options.pass ?? 1),
			answers: models.map((spec, index) =>
				modelResult(
					options.failed && index === 1
						? {spec, state: 'error', error: {message: 'boom', status: 500}, text: ''}
						: {spec},
				),
			),
		});
		if (options.score !== undefined) store.setScore(saved.answerIds[0]!, options.score);
		return saved;
	}

	test('judged: a task counts once a run of it was judged and every model answered', () => {
		const store = openHistoryStore(path.join(directories.make(), 'arena.db'));
		try {
			saveTaskRun(store, 'task-a', {score: 7});
			saveTaskRun(store, 'task-b');
			saveTaskRun(store, 'task-c', {score: 5, failed: true});
			// Another set of models is another session.
			saveTaskRun(store, 'task-b', {score: 6, models: ['demo:swift', 'demo:thinker']});
			const place = findRunSuitePass(store, suite, PAIR, 'judged');
			expect(place).toEqual({pass: 1, sessionId: suiteSessionId('run', 'three', PAIR, 1), done: new Set(['task-a'])});
			// Headless only needs the run saved with every model answering.
			expect(findRunSuitePass(store, suite, PAIR, 'saved').done).toEqual(new Set(['task-a', 'task-b']));
		} finally {
			store.close();
		}
	});

	test('a pass with every task done sends the next run to the next pass; the order of -m does not matter', () => {
		const store = openHistoryStore(path.join(directories.make(), 'arena.db'));
		try {
			for (const task of suite.tasks) saveTaskRun(store, task.id, {score: 8});
			saveTaskRun(store, 'task-b', {pass: 2, score: 3});
			const reversed = [...PAIR].reverse();
			expect(findRunSuitePass(store, suite, reversed, 'judged')).toEqual({
				pass: 2,
				sessionId: suiteSessionId('run', 'three', PAIR, 2),
				done: new Set(['task-b']),
			});
		} finally {
			store.close();
		}
	});
});

describe('the suite progress row', () => {
	const base = {suite: 'coding-5', total: 5, task: {id: 'python-flatten', position: 2}, judged: 1, elapsedMs: 42_000};

	test('estimates the time left from the tasks finished so far, less what the current one has used', () => {
		const row = suiteProgressRow({...base, finishedTaskDurationsMs: [30_000], tasksLeft: 4, currentTaskElapsedMs: 12_000});
		// 30 s a task × 4 tasks to go − 12 s already spent on this one = 1:48.
		expect(row).toBe('coding-5 · task 2/5 python-flatten ▕██░░░░░░░░░░▏ 1/5 judged · elapsed 0:42 · ~1:48 left');
	});

	test('says it is still estimating until one task is behind', () => {
		const row = suiteProgressRow({...base, task: {id: 'python-flatten', position: 1}, judged: 0, finishedTaskDurationsMs: [], tasksLeft: 5, currentTaskElapsedMs: 0});
		expect(row).toBe('coding-5 · task 1/5 python-flatten ▕░░░░░░░░░░░░▏ 0/5 judged · elapsed 0:42 · estimating time left');
	});
});

describe('arena run --suite headless (the built CLI)', () => {
	let home: string;
	let env: Record<string, string>;
	beforeEach(() => {
		home = directories.make();
		env = {ARENA_HOME: home, ARENA_DEMO_SPEED: '20'};
	});

	test('runs every task of coding-5 on both models: one JSON line per model per task, a progress line per task', async () => {
		const result = await runCli(['run', '--suite', 'coding-5', '-m', 'demo:swift', '-m', 'demo:steady', '--json'], {env, timeoutMs: 30_000});
		expect(result.status).toBe(0);
		const lines = jsonLines(result.stdout);
		const taskIds = ['python-flatten', 'js-async-race', 'ts-dijkstra', 'go-service-review', 'express-pagination'];
		expect(lines.map(line => `${line.task_id} ${line.spec}`)).toEqual(taskIds.flatMap(id => [`${id} demo:swift`, `${id} demo:steady`]));
		expect(lines.map(line => line.category)).toEqual(['python', 'javascript', 'typescript', 'go', 'backend'].flatMap(category => [category, category]));
		for (const line of lines) {
			expect(line).toMatchObject({suite: 'coding-5', error: null, finish_reason: 'stop', simulated: true});
			expect(line.text.length).toBeGreaterThan(0);
		}
		const stderrLines = result.stderr.trim().split('\n');
		expect(stderrLines.slice(0, 5)).toEqual(taskIds.map((id, index) => expect.stringMatching(new RegExp(`^\\[${index + 1}/5\\] ${id} … \\d+\\.\\d s$`))));
		expect(stderrLines[5]).toBe('arena run: coding-5 done: 5 tasks run, 0 failed · pass 1 complete: all 5 tasks saved');
		expect(stderrLines).toHaveLength(6);
	});

	test('PROMPT together with --suite is a usage error', async () => {
		const result = await runCli(['run', 'flatten a list', '--suite', 'coding-5', '-m', 'demo:swift', '--json'], {env});
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe("arena: --suite runs the suite's own prompts; drop PROMPT, or drop --suite to run PROMPT\n");
	});

	test('a suite file with a bad field is a usage error that names the file, the line and the field', async () => {
		const file = path.join(home, 'broken.yaml');
		writeFileSync(file, ['name: broken', 'tasks:', '  - id: one', '    prompt: fine', '  - id: two', '    prompt: 42', ''].join('\n'));
		const result = await runCli(['run', '--suite', file, '-m', 'demo:swift', '--json'], {env});
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(`arena: ${file}:6: tasks[1].prompt must be a non-empty string\n`);
	});

	test('an unknown suite is a usage error that lists the suites', async () => {
		const result = await runCli(['run', '--suite', 'nope', '-m', 'demo:swift', '--json'], {env});
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/^arena: unknown suite "nope"; available: coding-5/);
	});

	test('Ctrl+C (SIGINT) stops the task running, and the next run resumes at that task', async () => {
		const file = writeSuiteFile(home, {
			name: 'abc',
			tasks: ['a', 'b', 'c'].map(id => ({id, prompt: `Say something about the letter ${id}.`})),
		});
		const args = ['run', '--suite', file, '-m', 'demo:swift', '-m', 'demo:steady', '--json'];

		// Interrupted as soon as task c starts: a and b are saved, c is stopped.
		const interrupted = await runUntil(args, env, stderrSoFar => stderrSoFar.includes('[3/3] c … '));
		expect(interrupted.status).toBe(1);
		expect(interrupted.stderr.split('\n')).toEqual([
			expect.stringMatching(/^\[1\/3\] a … \d+\.\d s$/),
			expect.stringMatching(/^\[2\/3\] b … \d+\.\d s$/),
			'[3/3] c … stopped',
			'arena run: abc stopped at task 3/3: 3 tasks run, 0 failed · 2/3 saved in pass 1; run the same command to continue',
			'',
		]);
		const stopped = jsonLines(interrupted.stdout);
		expect(stopped.map(line => line.task_id)).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
		expect(stopped.slice(4).some(line => line.error?.message === 'cancelled')).toBe(true);

		const resumed = await runCli(args, {env, timeoutMs: 20_000});
		expect(resumed.status).toBe(0);
		expect(resumed.stderr.split('\n')[0]).toBe('arena run: resuming abc at task 3/3 (2/3 saved in pass 1)');
		expect(resumed.stderr).toMatch(/\n\[3\/3\] c … \d+\.\d s\n/);
		expect(resumed.stderr).not.toContain('[1/3]');
		expect(jsonLines(resumed.stdout).map(line => `${line.task_id} ${line.error}`)).toEqual(['c null', 'c null']);

		const nextPass = await runCli(args, {env, timeoutMs: 20_000});
		expect(nextPass.stderr.split('\n')[0]).toBe('arena run: every task of abc was saved with these models; starting pass 2');
		expect(jsonLines(nextPass.stdout)).toHaveLength(6);
	});

	test('exits 1 when a model fails on a task, after running every task', async () => {
		const server = await startScriptedServer(request =>
			request.model === 'broken' && JSON.stringify(request.body).includes('first')
				? [{status: 500, body: {error: {message: 'upstream exploded'}}}]
				: streamScript(['an', ' answer'], {usage: {completion_tokens: 2}}),
		);
		try {
			await runCli(['providers', 'add', 'local', '--base-url', server.baseURL], {env});
			const file = writeSuiteFile(home, {name: 'pair', tasks: [{id: 'one', prompt: 'the first'}, {id: 'two', prompt: 'the second'}]});
			const result = await runCli(['run', '--suite', file, '-m', 'local:fine', '-m', 'local:broken', '--json', '--retries', '0'], {env});
			expect(result.status).toBe(1);
			expect(jsonLines(result.stdout).map(line => `${line.task_id} ${line.model} ${line.error?.status ?? 'ok'}`)).toEqual([
				'one fine ok',
				'one broken 500',
				'two fine ok',
				'two broken ok',
			]);
			expect(result.stderr).toMatch(/^\[1\/2\] one … \d+\.\d s · local:broken failed: .*upstream exploded/m);
			expect(result.stderr).toContain('2 tasks run, 1 failed · 1/2 saved in pass 1');
		} finally {
			await server.close();
		}
	});
});

/** Runs the built CLI headless and sends SIGINT the moment its stderr satisfies `when`. */
function runUntil(args: string[], env: Record<string, string>, when: (stderr: string) => boolean): Promise<{status: number | null; stdout: string; stderr: string}> {
	return new Promise((resolve, reject) => {
		const childEnv: Record<string, string | undefined> = {...process.env, ...env};
		delete childEnv['CI'];
		const child = spawn(process.execPath, [CLI, ...args], {env: childEnv, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderrText = '';
		let signalled = false;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`arena ${args.join(' ')} did not finish\n${stdout}\n${stderrText}`));
		}, 20_000);
		child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', chunk => {
			stderrText += chunk;
			if (!signalled && when(stderrText)) {
				signalled = true;
				child.kill('SIGINT');
			}
		});
		child.on('error', reject);
		child.on('close', status => {
			clearTimeout(timer);
			resolve({status, stdout, stderr: stderrText});
		});
	});
}
