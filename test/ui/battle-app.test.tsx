import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {loadLeaderboard} from '../../source/core/leaderboard.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {BattleApp, type BattleHost, type BattleReveal, type BattleRound} from '../../source/ui/battle-app.js';
import {helpItems, keyBindings} from '../../source/ui/keymap.js';
import {cleanupInk, keys, renderInk} from '../helpers/ink-harness.js';
import {
	cleanupDirectories,
	numberedTasks,
	type RunningBattle,
	type Script,
	startBattle,
	suiteOf,
	target,
	temporaryStoreFile,
} from './battle/battle-fixtures.js';
import {scriptedRun} from './fake-run.js';
import {paneText} from './frame.js';

const running: RunningBattle[] = [];
afterEach(async () => {
	await cleanupInk();
	for (const battle of running.splice(0)) await battle.close();
	cleanupDirectories();
});

async function battle(setup: Parameters<typeof startBattle>[0]): Promise<RunningBattle> {
	const started = await startBattle(setup);
	running.push(started);
	return started;
}

const helpText = (command: keyof typeof keyBindings) => {
	const [item] = helpItems([command]);
	return `${item!.keys} ${item!.description}`;
};
const VOTE_HELP = (() => {
	const [item] = helpItems(['VOTE_LEFT', 'VOTE_RIGHT', 'VOTE_TIE', 'VOTE_BOTH_BAD']);
	return `${item!.keys} ${item!.description}`;
})();
const votingOpen = (frame: string) => frame.includes('which is better?') || frame.includes('no vote:');

// Specs, providers and prices no answer text contains, so any sighting is a leak.
const POOL = [target('zorbcloud:quillmind-9000'), target('vexaprov:turbolisk-xl'), target('plumbex:granitebrain-2', true)];
const SPECS = POOL.map(pool => pool.spec);
const COST_BY_MODEL: Record<string, number> = {'quillmind-9000': 0.004217, 'turbolisk-xl': 0.00913, 'granitebrain-2': 0.0271};
const IDENTIFYING = [
	'zorbcloud',
	'quillmind',
	'vexaprov',
	'turbolisk',
	'plumbex',
	'granitebrain',
	'0.004217',
	'0.00913',
	'0.0271',
	// quillmind's finish reason: vendor-specific words give a vendor away.
	'end_turn',
	'.example',
];

const roundOf = (prompt: string) => Number(/number (\d+)/.exec(prompt)?.[1] ?? 0);

/** Distinctive everywhere a provider can leave its name: retry reasons, errors with URLs, finish reasons, costs. */
const revealingScript: Script = (request, side) => {
	const round = roundOf(request.messages.at(-1)?.content ?? '');
	return {
		text: `Recursion means a function calls itself on a smaller input until a base case stops it. (round ${round})`,
		reasoning: side === 0 && round % 5 === 1 ? 'First I recall what a base case is.' : undefined,
		retryReason: side === 0 && round % 4 === 0 ? `${request.endpoint.name} rate limit for ${request.model} at ${request.endpoint.baseURL}` : undefined,
		fail:
			side === 1 && round % 7 === 3
				? {message: `model ${request.model} not found at ${request.endpoint.baseURL} (${request.endpoint.name})`, status: 404}
				: undefined,
		finishReason: request.model === 'quillmind-9000' ? 'end_turn' : 'stop',
		cost: COST_BY_MODEL[request.model],
	};
};

describe('anonymity', () => {
	test('over 20 rounds no frame before a vote shows a model id, provider, price or vendor wording; the reveal shows the names', async () => {
		const rounds = 20;
		const {ui, terminal, ended} = await battle({pool: POOL, script: revealingScript, suite: suiteOf('blind-20', numberedTasks(rounds))});
		const voteKeys = ['a', 'b', 't', 'x'];
		let reveals = 0;
		let failedRounds = 0;
		for (let round = 1; round <= rounds; round++) {
			const frame = await ui.waitForFrame(frame => frame.includes(`task ${round}/${rounds}`) && votingOpen(frame), {
				message: `round ${round} to be ready to vote`,
			});
			if (frame.includes('no vote:')) {
				failedRounds += 1;
				expect(frame).toContain('no vote: Model B failed');
				expect(frame).toContain('Model B failed: HTTP 404');
			} else {
				await ui.press(voteKeys[round % voteKeys.length]!);
				const revealed = await ui.waitForFrame('You voted');
				reveals += 1;
				expect(SPECS.filter(spec => revealed.includes(spec))).toHaveLength(2);
			}
			await ui.press('n');
		}
		expect(await ended).toBe('finished');
		expect(failedRounds).toBe(3);
		expect(reveals).toBe(rounds - failedRounds);

		const beforeVotes = terminal.stdout.frames.filter(frame => !frame.includes('You voted'));
		// Enough frames to have caught every stage: waiting, retrying, streaming, done.
		expect(beforeVotes.length).toBeGreaterThanOrEqual(rounds * 2);
		expect(beforeVotes.some(frame => frame.includes('retrying in'))).toBe(true);
		expect(beforeVotes.some(frame => frame.includes('streaming ·'))).toBe(true);
		for (const frame of beforeVotes) {
			for (const word of IDENTIFYING) {
				if (frame.includes(word)) throw new Error(`"${word}" is on screen before the vote:\n${frame}`);
			}
			// One neutral note for the pool, never a badge on one side.
			expect(frame).not.toMatch(/Model [AB] +simulated/);
		}
		expect(beforeVotes.some(frame => frame.includes('pool has simulated models'))).toBe(true);
		// After the vote the names are there, the simulated one marked.
		const afterVotes = terminal.stdout.frames.filter(frame => frame.includes('You voted'));
		for (const spec of SPECS) expect(afterVotes.some(frame => frame.includes(spec))).toBe(true);
	});
});

describe('a round where a side failed', () => {
	test('has no vote: the keys are off, the screen says which side failed, and the full error is kept in the history', async () => {
		const script: Script = (request, side) =>
			side === 0 ? {fail: {message: `upstream ${request.model} exploded at ${request.endpoint.baseURL}`, status: 502}} : {text: 'fine answer'};
		const {ui, store, session, ended} = await battle({pool: POOL, script, suite: suiteOf('s', numberedTasks(2))});
		const frame = await ui.waitForFrame('no vote:');
		expect(frame).toContain('no vote: Model A failed');
		expect(paneText(frame, 'Model A')).toContain('✗ Model A failed: HTTP 502');
		expect(frame).not.toContain(VOTE_HELP);
		expect(frame).toContain(helpText('NEXT_ROUND'));

		await ui.press('a');
		await ui.press('t');
		await ui.waitFor(() => ui.lastFrame().includes('no vote: Model A failed'));
		expect(ui.lastFrame()).not.toContain('You voted');
		expect(store.votes({includeNamed: true, includeFlagged: true})).toHaveLength(0);

		await ui.press('q');
		expect(await ended).toBe('quit');
		const runs = store.listRuns({suite: 's'});
		expect(runs).toHaveLength(1);
		const stored = store.getRun(runs[0]!.id)!;
		expect(stored.mode).toBe('blind');
		expect(stored.votes).toHaveLength(0);
		expect(stored.answers[0]!.error_message).toMatch(/exploded at https:\/\/\w+\.example\/v1/);
		expect(stored.answers[0]!.error_status).toBe(502);
		expect(session.summary()).toMatchObject({rounds: 1, votes: 0, withoutVote: 1});
	});
});

describe('the reveal', () => {
	test('names both sides and shows each one\'s blind-leaderboard rating before and after the vote', async () => {
		const databaseFile = temporaryStoreFile();
		// Earlier blind votes, so both models already have a rating.
		const seed = openHistoryStore(databaseFile);
		const [first, second] = [POOL[0]!.spec, POOL[1]!.spec];
		for (const winner of ['model_a', 'model_b', 'model_a'] as const) {
			seed.recordVote({model_a: first, model_b: second, winner, blind: true});
		}
		seed.close();
		const {ui, store} = await battle({pool: POOL.slice(0, 2), script: () => ({text: 'an answer'}), suite: suiteOf('s', numberedTasks(1)), databaseFile});
		const before = new Map(loadLeaderboard(store, {}, {bootstrapRounds: 0}).rows.map(row => [row.model, row.rating!]));

		await ui.waitForFrame('which is better?');
		await ui.press('b');
		const frame = await ui.waitForFrame('You voted: B is better');
		const after = new Map(loadLeaderboard(store, {}, {bootstrapRounds: 0}).rows.map(row => [row.model, row.rating!]));
		const vote = store.votes().at(-1);
		for (const [label, spec] of [['Model A', vote!.model_a], ['Model B', vote!.model_b]] as const) {
			const was = Math.round(before.get(spec)!);
			const now = Math.round(after.get(spec)!);
			const delta = now - was;
			const signed = delta > 0 ? `+${delta}` : `−${-delta}`;
			expect(frame).toContain(`${label} was ${spec} · rating ${was} → ${now} (${signed})`);
			// The pane header says who it was, too.
			expect(paneText(frame, `${label}: ${spec}`)[0]).toContain(spec);
		}
		// B won, so B went up and A went down.
		expect(after.get(vote!.model_b)!).toBeGreaterThan(before.get(vote!.model_b)!);
		expect(paneText(frame, `Model B: ${vote!.model_b}`)[0]).toContain('✓ better');
		// The last round is over: the next key finishes rather than starting another round.
		expect(frame).toContain(helpText('FINISH_BATTLE'));
	});

	test('a vote on an answer that names a vendor is flagged: stored, said so, and the ratings do not move', async () => {
		const script: Script = (_request, side) => ({text: side === 0 ? 'As an AI model trained by Anthropic, I think recursion is neat.' : 'Recursion is neat.'});
		const {ui, store} = await battle({pool: POOL.slice(0, 2), script, suite: suiteOf('s', numberedTasks(1))});
		await ui.waitForFrame('which is better?');
		await ui.press('a');
		const frame = await ui.waitForFrame('flagged:');
		expect(frame).toContain('flagged: an answer names a model or vendor (anthropic); the vote is kept but left out of the leaderboard');
		expect(frame).toMatch(/Model A was \S+ · unrated, unchanged/);
		expect(store.votes({includeFlagged: true})).toMatchObject([{flagged_identity: true, blind: true}]);
		expect(loadLeaderboard(store, {}, {bootstrapRounds: 0}).votes).toBe(0);
	});
});

describe('keys and flow', () => {
	test('the answers can be saved, copied, diffed and shown raw before the vote, named only by their side', async () => {
		const root = mkdtempSync(path.join(os.tmpdir(), 'arena-battle-actions-'));
		try {
			const directories = {answers: path.join(root, 'answers'), clipboardFallback: path.join(root, 'clipboard')};
			const script: Script = (_request, side) => ({text: side === 0 ? 'Use a stack:\n\n```py\nstack = [root]\n```' : 'Use recursion, it reads well.'});
			// No clipboard tool on an empty PATH: the copy goes to a file.
			const workplace = {directories, screen: {suspend() {}, resume() {}}, env: {PATH: root}};
			const {ui} = await battle({pool: POOL.slice(0, 2), script, maxRounds: 1, workplace});
			await ui.waitForFrame('type the prompt for this round');
			await ui.type('walk a tree');
			await ui.press(keys.enter);
			await ui.waitForFrame('which is better?');
			expect(ui.lastFrame()).toContain(helpText('SAVE_ANSWER'));

			await ui.press('s');
			await ui.waitForFrame('saved to');
			const [saved] = readdirSync(directories.answers);
			expect(saved).toMatch(/^arena-Model-A-/);
			expect(readFileSync(path.join(directories.answers, saved!), 'utf8')).toContain('stack = [root]');

			await ui.press('C');
			await ui.waitForFrame('wrote the code to');
			const [copied] = readdirSync(directories.clipboardFallback);
			expect(readFileSync(path.join(directories.clipboardFallback, copied!), 'utf8')).toBe('stack = [root]');

			await ui.press('m');
			await ui.waitForFrame('```py');
			await ui.press('d');
			const diff = await ui.waitForFrame('word diff · Model A ⇄ Model B');
			expect(diff).toContain('Use recursion');
			await ui.press(keys.escape);
			await ui.waitForFrame('which is better?');
			// Nothing said who is who before the vote: not the screen, not the file names.
			for (const spec of POOL.slice(0, 2).map(pool => pool.spec)) {
				expect(ui.lastFrame()).not.toContain(spec);
				expect(`${saved} ${copied}`).not.toContain(spec.split(':')[1]!);
			}
		} finally {
			rmSync(root, {recursive: true, force: true});
		}
	});

	test('a follow-up before the vote continues both conversations, and the vote is stored with turn 2', async () => {
		const seen: string[][] = [];
		const script: Script = request => {
			seen.push(request.messages.map(message => `${message.role}:${message.content}`));
			return {text: `Reply to: ${request.messages.at(-1)?.content}`};
		};
		const {ui, store, ended} = await battle({pool: POOL.slice(0, 2), script, maxRounds: 1});
		await ui.waitForFrame('type the prompt for this round');
		await ui.type('what is a monad?');
		await ui.press(keys.enter);
		await ui.waitForFrame('which is better?');
		expect(ui.lastFrame()).toContain(helpText('FOLLOW_UP'));
		await ui.press('f');
		await ui.waitForFrame('follow-up to both models (turn 2)');
		await ui.type('show one in TypeScript');
		await ui.press(keys.enter);
		// The title row, not the editor's label, which also says "turn 2".
		const answered = await ui.waitForFrame(frame => frame.includes('turn 2 · show one in TypeScript') && frame.includes('which is better?'));
		expect(answered).toContain('Reply to: show one in TypeScript');
		// Each side saw its own first answer before the follow-up; nobody's name was drawn.
		const followUps = seen.filter(messages => messages.length === 3);
		expect(followUps).toHaveLength(2);
		for (const messages of followUps) {
			expect(messages).toEqual(['user:what is a monad?', 'assistant:Reply to: what is a monad?', 'user:show one in TypeScript']);
		}
		for (const spec of POOL.slice(0, 2).map(pool => pool.spec)) expect(ui.lastFrame()).not.toContain(spec);
		await ui.press('a');
		await ui.waitForFrame('You voted: A is better');
		await ui.press('n');
		expect(await ended).toBe('finished');
		const [vote] = store.votes();
		expect(vote).toMatchObject({winner: 'model_a', turn: 2, blind: true});
		const runs = store.listRuns();
		expect(runs).toHaveLength(2);
		expect(new Set(runs.map(run => run.conversation_id)).size).toBe(1);
	});

	test('without a suite each round starts with a typed prompt, and --rounds ends the battle', async () => {
		const script: Script = request => ({text: `You asked: ${request.messages.at(-1)?.content}`});
		const {ui, store, ended} = await battle({pool: POOL, script, maxRounds: 2, category: 'chat'});
		await ui.waitForFrame('type the prompt for this round');
		expect(ui.lastFrame()).toContain('round 1/2');
		await ui.type('what is a monad?');
		await ui.press(keys.enter);
		await ui.waitForFrame('which is better?');
		expect(ui.lastFrame()).toContain('You asked: what is a monad?');
		await ui.press('t');
		await ui.waitForFrame('You voted: tie');
		expect(ui.lastFrame()).toContain(helpText('NEXT_ROUND'));
		await ui.press(keys.enter);
		// The previous round's names are gone with it.
		const prompt = await ui.waitForFrame('type the prompt for this round');
		for (const spec of SPECS) expect(prompt).not.toContain(spec);
		expect(prompt).toContain('round 2/2');
		await ui.type('and a functor?');
		await ui.press(keys.enter);
		await ui.waitForFrame('which is better?');
		await ui.press('x');
		await ui.waitForFrame('You voted: both are bad');
		await ui.press('n');
		expect(await ended).toBe('finished');
		const votes = store.votes();
		expect(votes.map(vote => vote.winner)).toEqual(['tie', 'tie (bothbad)']);
		expect(votes.every(vote => vote.blind && vote.category === 'chat')).toBe(true);
	});

	test('Esc at the prompt leaves without starting a round', async () => {
		const {ui, session, ended} = await battle({pool: POOL, script: () => ({text: 'x'})});
		await ui.waitForFrame('type the prompt for this round');
		await ui.press(keys.escape);
		expect(await ended).toBe('quit');
		expect(session.summary().rounds).toBe(0);
	});

	test('Ctrl+C while both stream stops the round cleanly: stored as cancelled, without a vote', async () => {
		const {ui, store, ended} = await battle({pool: POOL, script: () => ({hang: true}), suite: suiteOf('s', numberedTasks(3))});
		await ui.waitForFrame(frame => (frame.match(/thinking about it/g) ?? []).length === 2);
		await ui.press(keys.ctrlC);
		expect(await ended).toBe('stopped');
		const [run] = store.listRuns();
		const stored = store.getRun(run!.id)!;
		expect(stored.answers.map(answer => answer.state)).toEqual(['cancelled', 'cancelled']);
		expect(stored.votes).toHaveLength(0);
	});

	test('a vote cannot be changed once the names are shown', async () => {
		const {ui, store} = await battle({pool: POOL, script: () => ({text: 'an answer'}), suite: suiteOf('s', numberedTasks(2))});
		await ui.waitForFrame('which is better?');
		await ui.press('a');
		await ui.waitForFrame('You voted: A is better');
		await ui.press('b');
		await ui.press('t');
		expect(ui.lastFrame()).toContain('You voted: A is better');
		expect(store.votes().map(vote => vote.winner)).toEqual(['model_a']);
	});

	test('the progress row counts judged tasks and, after a round, estimates the time left', async () => {
		const {ui} = await battle({pool: POOL, script: () => ({text: 'an answer'}), suite: suiteOf('five', numberedTasks(5)), maxRounds: 3});
		let frame = await ui.waitForFrame('which is better?');
		expect(frame).toContain('five · task 1/5');
		expect(frame).toContain('0/5 judged');
		expect(frame).toContain('estimating time left');
		await ui.press('a');
		frame = await ui.waitForFrame('You voted');
		expect(frame).toContain('1/5 judged');
		await ui.press('n');
		frame = await ui.waitForFrame(frame => frame.includes('task 2/5') && frame.includes('which is better?'));
		expect(frame).toMatch(/elapsed \d+:\d\d · ~\d+:\d\d left/);
	});
});

describe('against any host', () => {
	/** One round over scripted streams; `vote` decides how saving goes. */
	function oneRoundHost(vote: BattleRound['vote']) {
		const {run, streams} = scriptedRun([{spec: 'hidden:left-model'}, {spec: 'hidden:right-model'}]);
		let started = 0;
		const host: BattleHost = {
			needsPrompt: false,
			simulatedNote: null,
			hasNextRound: () => started === 0,
			progress: () => ({plannedRounds: 1, suite: null}),
			nextRound: () => {
				if (started > 0) return null;
				started += 1;
				void run.start();
				return {number: 1, prompt: 'a question', run, task: null, vote};
			},
		};
		return {host, streams};
	}
	const reveal: BattleReveal = {
		winner: 'model_a',
		identityWords: [],
		sides: [
			{spec: 'hidden:left-model', simulated: false, ratingBefore: null, ratingAfter: 1050},
			{spec: 'hidden:right-model', simulated: false, ratingBefore: null, ratingAfter: 950},
		],
	};

	test('a vote that fails to save reveals nothing and can be cast again', async () => {
		let attempts = 0;
		const {host, streams} = oneRoundHost(() => {
			attempts += 1;
			if (attempts === 1) throw new Error('database is locked\nmore detail');
			return Promise.resolve(reveal);
		});
		const ui = await renderInk(<BattleApp host={host} />, {columns: 120, rows: 24});
		for (const stream of streams) stream.request(0).content('an answer', 10).finish(20);
		await ui.waitForFrame('which is better?');
		await ui.press('a');
		let frame = await ui.waitForFrame('could not save the vote: database is locked');
		expect(frame).not.toContain('hidden:');
		expect(frame).toContain(VOTE_HELP);
		await ui.press('a');
		frame = await ui.waitForFrame('You voted: A is better');
		expect(frame).toContain('Model A was hidden:left-model · rating new → 1050');
		expect(frame).not.toContain('could not save');
		expect(attempts).toBe(2);
	});

	test('a round that cannot start ends the battle rather than crashing it', async () => {
		const {host} = oneRoundHost(() => reveal);
		const failing: BattleHost = {
			...host,
			nextRound: () => {
				throw new Error('the database is corrupt');
			},
		};
		const errors: unknown[] = [];
		const ends: string[] = [];
		const ui = await renderInk(<BattleApp host={failing} onError={error => errors.push(error)} onDone={end => ends.push(end)} />);
		await ui.waitFor(() => ends.length > 0, {message: 'the battle to end'});
		expect(errors.map(error => (error as Error).message)).toEqual(['the database is corrupt']);
		expect(ends).toEqual(['stopped']);
	});
});
