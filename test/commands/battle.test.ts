import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {
	battleCommand,
	type BattleCommandOptions,
	battleSummary,
	HEADLESS_MESSAGE,
	NO_BATTLE_MODELS_MESSAGE,
	resolveBattleModels,
	suiteSessionId,
} from '../../source/commands/battle.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {openSettings} from '../../source/store/settings.js';
import {createTerminal, driveTerminal, type FakeTerminal} from '../helpers/ink-harness.js';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';
import {
	cleanupDirectories,
	numberedTasks,
	type RunningBattle,
	type Script,
	startBattle,
	suiteOf,
	target,
	temporaryStoreFile,
} from '../ui/battle/battle-fixtures.js';

const directories = temporaryDirectories();
const running: RunningBattle[] = [];
let stderr = '';

beforeEach(() => {
	stderr = '';
	vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
		stderr += String(chunk);
		return true;
	});
});

afterEach(async () => {
	vi.restoreAllMocks();
	for (const battle of running.splice(0)) await battle.close();
	cleanupDirectories();
	directories.cleanup();
});

async function battle(setup: Parameters<typeof startBattle>[0]): Promise<RunningBattle> {
	const started = await startBattle(setup);
	running.push(started);
	return started;
}

const POOL = [target('p:alpha'), target('q:beta'), target('r:gamma')];
const answers: Script = () => ({text: 'Recursion is a function calling itself.'});

/** The spec revealed for a side, read off the screen as the user sees it. */
function revealedSpec(frame: string, label: 'Model A' | 'Model B'): string {
	const match = new RegExp(`${label} was (\\S+)`).exec(frame);
	if (!match) throw new Error(`no reveal for ${label} in:\n${frame}`);
	return match[1]!;
}

describe('arena battle refuses, with exit 2 and one line, before anything runs', () => {
	function call(options: BattleCommandOptions, terminal: Partial<FakeTerminal['streams']> = createTerminal().streams) {
		const home = directories.make();
		return {home, status: battleCommand(options, {env: {ARENA_HOME: home}, ...terminal})};
	}

	test('headless: --json, or no terminal to vote in', async () => {
		const attempts: Array<[BattleCommandOptions, Partial<FakeTerminal['streams']>]> = [
			[{json: true, demo: true}, createTerminal().streams],
			[{demo: true}, {...createTerminal().streams, stdout: {isTTY: false, write: () => true} as unknown as NodeJS.WriteStream}],
			[{demo: true}, {...createTerminal().streams, stdin: createTerminal({isTTY: false}).streams.stdin}],
		];
		for (const [options, streams] of attempts) {
			stderr = '';
			const attempt = call(options, streams);
			expect(await attempt.status).toBe(2);
			expect(stderr).toBe(`arena: ${HEADLESS_MESSAGE}\n`);
			// Nothing was stored: a refused battle leaves no trace.
			expect(existsSync(path.join(attempt.home, 'arena.db'))).toBe(false);
		}
	});

	test('an unknown --pool, a bad --rounds, an unknown suite, or fewer than two models', async () => {
		const cases: Array<[BattleCommandOptions, RegExp]> = [
			[{pool: 'coding', demo: true}, /no pool named "coding"; no pools are saved yet: save one with `arena pool add NAME SPEC SPEC…`/],
			[{rounds: '0', demo: true}, /--rounds must be a positive whole number, got "0"/],
			[{rounds: 'many', demo: true}, /--rounds must be a positive whole number/],
			[{suite: 'no-such-suite', demo: true}, /unknown suite "no-such-suite"; available: coding-5/],
			[{model: ['demo:swift', 'demo:swift']}, /at least two different models, got 1/],
		];
		for (const [options, message] of cases) {
			stderr = '';
			expect(await call(options).status).toBe(2);
			expect(stderr).toMatch(message);
			expect(stderr.trim().split('\n')).toHaveLength(1);
		}
	});
});

describe('the battle pool', () => {
	const saved = {duo: ['demo:swift', 'demo:steady'], other: ['demo:steady', 'demo:thinker']};

	test('--pool is the saved set, and with -m the union of both', () => {
		expect(resolveBattleModels({pool: 'duo'}, saved, ['p'])).toEqual({kind: 'specs', specs: ['demo:swift', 'demo:steady']});
		expect(resolveBattleModels({pool: 'duo', model: ['p:alpha', ' demo:steady']}, saved, ['p'])).toEqual({
			kind: 'specs',
			specs: ['p:alpha', 'demo:steady', 'demo:swift'],
		});
		// --pool wins over --demo: the user named the models.
		expect(resolveBattleModels({pool: 'other', demo: true}, saved, [])).toEqual({kind: 'specs', specs: ['demo:steady', 'demo:thinker']});
	});

	test('-m alone is the -m models, as given', () => {
		expect(resolveBattleModels({model: ['p:alpha', 'p:alpha']}, saved, ['p'])).toEqual({kind: 'specs', specs: ['p:alpha', 'p:alpha']});
	});

	test('with neither: every saved set together, else the demo models when no provider is configured, else an error', () => {
		expect(resolveBattleModels({}, saved, ['p'])).toEqual({kind: 'specs', specs: ['demo:swift', 'demo:steady', 'demo:thinker']});
		expect(resolveBattleModels({demo: true}, saved, ['p'])).toEqual({kind: 'demo'});
		expect(resolveBattleModels({}, {}, [])).toEqual({kind: 'demo'});
		expect(() => resolveBattleModels({}, {}, ['p'])).toThrow(NO_BATTLE_MODELS_MESSAGE);
		expect(NO_BATTLE_MODELS_MESSAGE).toBe('no models for the battle: pass -m SPEC … or save a set with `arena pool add NAME SPEC SPEC…`');
	});

	test('an unknown --pool names the saved sets', () => {
		expect(() => resolveBattleModels({pool: 'coding'}, saved, [])).toThrow('no pool named "coding"; saved pools: duo, other');
	});

	test('battleCommand refuses an unknown --pool, or configured providers with nothing to battle, before anything is stored', async () => {
		const home = directories.make();
		const env = {ARENA_HOME: home};
		const settings = openSettings(env);
		await settings.addProvider('p', {baseURL: 'http://127.0.0.1:9/v1'});
		const refuse = async (options: BattleCommandOptions, message: string) => {
			stderr = '';
			expect(await battleCommand(options, {env, ...createTerminal().streams})).toBe(2);
			expect(stderr).toBe(message);
			expect(existsSync(path.join(home, 'arena.db'))).toBe(false);
		};
		await refuse({}, `arena: ${NO_BATTLE_MODELS_MESSAGE}\n`);
		await refuse({pool: 'coding'}, 'arena: no pool named "coding"; no pools are saved yet: save one with `arena pool add NAME SPEC SPEC…`\n');
		await settings.savePool('duo', ['demo:swift', 'demo:steady']);
		await refuse({pool: 'coding', model: ['demo:swift']}, 'arena: no pool named "coding"; saved pools: duo\n');
	});

	/** Plays one suite round and returns the session the round was stored under, which names the exact pool. */
	async function playOneRound(options: BattleCommandOptions, env: NodeJS.ProcessEnv): Promise<string> {
		const terminal = createTerminal({columns: 120, rows: 40});
		const ui = driveTerminal(terminal);
		const status = battleCommand({...options, suite: 'coding-5', rounds: '1'}, {env, ...terminal.streams});
		await ui.waitForFrame('which is better?', {timeoutMs: 10_000});
		await ui.press('a');
		await ui.waitForFrame('You voted');
		await ui.press('n');
		expect(await status).toBe(0);
		const store = openHistoryStore(path.join(env['ARENA_HOME']!, 'arena.db'));
		try {
			const sessions = store.listRuns({suite: 'coding-5'}).map(run => run.session_id);
			expect(sessions).toHaveLength(1);
			return sessions[0]!;
		} finally {
			store.close();
		}
	}

	const specs = (...names: string[]) => names.map(name => ({spec: `demo:${name}`}));

	test('battles draw from the saved sets: --pool, --pool with -m, and every set when neither is given', async () => {
		const cases: Array<[BattleCommandOptions, string[]]> = [
			[{pool: 'duo'}, ['swift', 'steady']],
			[{pool: 'duo', model: ['demo:thinker']}, ['swift', 'steady', 'thinker']],
			[{}, ['swift', 'steady', 'thinker']],
		];
		for (const [options, expected] of cases) {
			const home = directories.make();
			const env = {ARENA_HOME: home, ARENA_DEMO_SPEED: '40'};
			const settings = openSettings(env);
			// A configured provider: without saved sets this would be refused, not fall back to the demo.
			await settings.addProvider('p', {baseURL: 'http://127.0.0.1:9/v1'});
			// --pool saves only its own set, so the union can only come from -m; with neither, both sets are saved.
			for (const [name, models] of Object.entries(saved)) {
				if (options.pool === undefined || name === options.pool) await settings.savePool(name, models);
			}
			expect(await playOneRound(options, env)).toBe(suiteSessionId('coding-5', specs(...expected), 1));
		}
	}, 30_000);
});

describe('votes', () => {
	test('are stored blind, with model_a the side shown as Model A, and the task\'s category (else --category)', async () => {
		const tasks = numberedTasks(2, index => (index === 0 ? {category: 'algorithms'} : {category: undefined}));
		const {ui, store, ended} = await battle({pool: POOL, script: answers, suite: suiteOf('cats', tasks), category: 'misc'});
		const seen: Array<{a: string; b: string}> = [];
		for (const key of ['a', 'b']) {
			await ui.waitForFrame(frame => frame.includes('which is better?'));
			await ui.press(key);
			const frame = await ui.waitForFrame('You voted');
			seen.push({a: revealedSpec(frame, 'Model A'), b: revealedSpec(frame, 'Model B')});
			await ui.press('n');
		}
		expect(await ended).toBe('finished');

		const votes = store.votes({includeNamed: true, includeFlagged: true});
		expect(votes).toHaveLength(2);
		expect(votes.map(vote => ({a: vote.model_a, b: vote.model_b}))).toEqual(seen);
		expect(votes.map(vote => vote.winner)).toEqual(['model_a', 'model_b']);
		expect(votes.map(vote => vote.category)).toEqual(['algorithms', 'misc']);
		expect(votes.every(vote => vote.blind && !vote.flagged_identity)).toBe(true);
		for (const vote of votes) {
			// The stored answers back the sides: A is position 0 of its run.
			const run = store.getRun(vote.run_id!)!;
			expect(run).toMatchObject({mode: 'blind', suite: 'cats'});
			expect(run.answers.find(answer => answer.id === vote.answer_a_id)).toMatchObject({position: 0, spec: vote.model_a});
			expect(run.answers.find(answer => answer.id === vote.answer_b_id)).toMatchObject({position: 1, spec: vote.model_b});
		}
		// A model never meets itself.
		expect(votes.every(vote => vote.model_a !== vote.model_b)).toBe(true);
	});

	test('on an answer that names a model are stored flagged and reported so in the summary', async () => {
		const script: Script = (_request, side) => ({text: side === 1 ? 'I am ChatGPT, and recursion is simple.' : 'Recursion is simple.'});
		const {ui, store, session} = await battle({pool: POOL, script, suite: suiteOf('s', numberedTasks(1))});
		await ui.waitForFrame('which is better?');
		await ui.press('b');
		await ui.waitForFrame('flagged: an answer names a model or vendor (chatgpt)');
		expect(store.votes({includeFlagged: true})).toMatchObject([{flagged_identity: true, blind: true, winner: 'model_b'}]);
		expect(store.votes()).toHaveLength(0);
		expect(battleSummary(session.summary(), 'finished')).toContain(
			'1 round, 1 blind vote saved, 1 flagged (an answer named a model) and left out of the leaderboard',
		);
	});
});

describe('a suite battle', () => {
	test('keeps what was judged when quit midway, and the same battle again resumes at the next task', async () => {
		const databaseFile = temporaryStoreFile();
		const suite = suiteOf('four', numberedTasks(4));
		const first = await battle({pool: POOL, script: answers, suite, databaseFile});
		for (const round of [1, 2]) {
			await first.ui.waitForFrame(frame => frame.includes(`task ${round}/4`) && frame.includes('which is better?'));
			await first.ui.press('a');
			await first.ui.waitForFrame('You voted');
			await first.ui.press('n');
		}
		// Quit at the third task, before voting on it.
		await first.ui.waitForFrame(frame => frame.includes('task 3/4') && frame.includes('which is better?'));
		await first.ui.press('q');
		expect(await first.ended).toBe('quit');
		expect(battleSummary(first.session.summary(), 'quit')).toBe(
			'arena battle quit: 3 rounds, 2 blind votes saved, 1 round without a vote\nsuite four: 2/4 tasks judged; run the same command to continue',
		);
		await first.close();

		// The pool in another order is the same session.
		const second = await battle({pool: [...POOL].reverse(), script: answers, suite, databaseFile});
		let frame = await second.ui.waitForFrame('which is better?');
		expect(frame).toContain('Question number 3');
		expect(frame).toContain('four · task 3/4');
		expect(frame).toContain('2/4 judged');
		for (const round of [3, 4]) {
			await second.ui.waitForFrame(frame => frame.includes(`task ${round}/4`) && frame.includes('which is better?'));
			await second.ui.press('t');
			await second.ui.waitForFrame('You voted');
			await second.ui.press('n');
		}
		expect(await second.ended).toBe('finished');
		expect(battleSummary(second.session.summary(), 'finished')).toContain('suite four: all 4 tasks judged with these models');
		const sessions = new Set(second.store.listRuns({suite: 'four'}).map(run => run.session_id));
		expect(sessions).toEqual(new Set([suiteSessionId('four', POOL, 1)]));
		await second.close();

		// A complete pass: the next battle starts the suite over, as pass 2.
		const third = await battle({pool: POOL, script: answers, suite, databaseFile});
		frame = await third.ui.waitForFrame('which is better?');
		expect(frame).toContain('four · task 1/4');
		expect(frame).toContain('0/4 judged');
	});

	test('runs a task again next time when a side failed on it', async () => {
		const databaseFile = temporaryStoreFile();
		const suite = suiteOf('retry', numberedTasks(2));
		const failFirst: Script = (request, side) =>
			request.messages.at(-1)?.content.includes('number 1') && side === 1 ? {fail: {message: 'boom', status: 500}} : {text: 'ok'};
		const first = await battle({pool: POOL, script: failFirst, suite, databaseFile});
		await first.ui.waitForFrame('no vote: Model B failed');
		await first.ui.press('n');
		await first.ui.waitForFrame(frame => frame.includes('task 2/2') && frame.includes('which is better?'));
		await first.ui.press('a');
		await first.ui.waitForFrame('You voted');
		await first.ui.press('n');
		expect(await first.ended).toBe('finished');
		await first.close();

		const second = await battle({pool: POOL, script: answers, suite, databaseFile});
		const frame = await second.ui.waitForFrame('which is better?');
		expect(frame).toContain('retry · task 1/2');
		expect(frame).toContain('1/2 judged');
	});
});

test('a suite session is the suite, the set of models and the pass', () => {
	const pool = [{spec: 'p:a'}, {spec: 'q:b'}];
	expect(suiteSessionId('coding-5', pool, 1)).toBe(suiteSessionId('coding-5', [...pool].reverse(), 1));
	expect(suiteSessionId('coding-5', pool, 1)).toMatch(/^battle:coding-5:[0-9a-f]{12}:1$/);
	expect(suiteSessionId('coding-5', pool, 2)).not.toBe(suiteSessionId('coding-5', pool, 1));
	expect(suiteSessionId('coding-5', [...pool, {spec: 'r:c'}], 1)).not.toBe(suiteSessionId('coding-5', pool, 1));
});

describe('arena battle with the demo models', () => {
	test('runs suite rounds in the terminal, prints a summary, and says where a second battle resumes', async () => {
		const home = directories.make();
		const env = {ARENA_HOME: home, ARENA_DEMO_SPEED: '40'};
		const play = async (rounds: number) => {
			const terminal = createTerminal({columns: 120, rows: 40});
			const ui = driveTerminal(terminal);
			const status = battleCommand({suite: 'coding-5', rounds: String(rounds), demo: true}, {env, ...terminal.streams});
			for (let round = 1; round <= rounds; round++) {
				const frame = await ui.waitForFrame('which is better?', {timeoutMs: 10_000});
				expect(frame).not.toContain('demo:');
				expect(frame).toContain('simulated models');
				await ui.press('a');
				await ui.waitForFrame(frame => /Model A was demo:\w+ \(simulated\)/.test(frame));
				await ui.press('n');
			}
			expect(await status).toBe(0);
			return terminal.stdout.writes.join('');
		};

		const firstOutput = await play(2);
		expect(firstOutput).toContain('arena battle done: 2 rounds, 2 blind votes saved');
		expect(firstOutput).toContain('suite coding-5: 2/5 tasks judged; run the same command to continue');
		const secondOutput = await play(1);
		expect(secondOutput).toContain('arena battle: resuming suite coding-5: 2/5 judged, 3 to go');
		expect(secondOutput).toContain('coding-5 · task 3/5');

		const store = openHistoryStore(path.join(home, 'arena.db'));
		try {
			const votes = store.votes();
			expect(votes.map(vote => vote.category)).toEqual(['python', 'javascript', 'typescript']);
			expect(votes.every(vote => vote.blind && vote.model_a.startsWith('demo:') && vote.model_b.startsWith('demo:'))).toBe(true);
		} finally {
			store.close();
		}
	}, 30_000);
});
