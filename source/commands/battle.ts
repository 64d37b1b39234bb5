import {randomBytes} from 'node:crypto';
import path from 'node:path';
import type {Command} from 'commander';
import {type ConversationTurn, nextTurnMessages} from '../core/conversation.js';
import type {StreamFunction} from '../core/engine.js';
import {UsageError, firstLineOf} from '../core/errors.js';
import type {Random} from '../core/random.js';
import type {ModelResult, RunParams, RunTarget} from '../core/types.js';
import type {HistoryStore} from '../store/history-store.js';
import type {Suite, SuiteTask} from '../suites/suite.js';
import type {BattleHost, BattleProgress, BattleReveal, BattleRound, RevealedSide} from '../ui/battle/battle-types.js';
import type {VoteWinner} from '../ui/judging-state.js';
import {EXIT_OK, reportFatal} from './exit.js';
import {POOL_ADD_USAGE, unknownPoolMessage} from './pool.js';
import type {RunCommandOptions} from './run-setup.js';
import {findSuitePass as findPass, suiteSessionId as sessionIdFor} from './suite-pass.js';

/*
 * `arena battle`: Chatbot Arena's blind protocol in the terminal. Only
 * commander's types and light modules are imported at the top, because cli.ts
 * imports this file to register the command; the action loads the engine,
 * the store, the rating code and the UI.
 *
 * A suite battle is resumable. Its session is the suite plus the set of models
 * in the pool, and a pass number: `battle:<suite>:<pool hash>:<pass>`. Running
 * the same suite with the same models continues the first pass that still has
 * unjudged tasks (a task counts as judged once a vote was saved for it; a round
 * where a side failed is run again next time). Once every task of a pass is
 * judged, the next battle starts pass 2. A different pool is its own session.
 * Without a suite each battle is its own session, `battle:free:<ulid>`.
 */

export interface BattleCommandOptions extends Omit<RunCommandOptions, 'save'> {
	pool?: string;
	suite?: string;
	rounds?: string;
	category?: string;
}

/** Where the command reads and writes; the process's own unless a test says otherwise. */
export interface BattleIo {
	env?: NodeJS.ProcessEnv;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	/** Pair choice and sides; a fresh random seed unless given. */
	random?: Random;
}

export const HEADLESS_MESSAGE = 'a blind battle needs a person to vote: run `arena battle` in an interactive terminal (it has no --json or piped mode)';
export const NO_BATTLE_MODELS_MESSAGE = `no models for the battle: pass -m SPEC … or save a set with \`${POOL_ADD_USAGE}\``;

/** Bootstrap rounds behind the intervals that steer pair sampling; the ratings themselves do not depend on them. */
const SAMPLING_BOOTSTRAP_ROUNDS = 200;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerBattleCommand(program: Command): void {
	program
		.command('battle')
		.description('blind A/B battles: two models from the pool answer as Model A and Model B; vote, then see who was who')
		.option(
			'-m, --model <spec>',
			'a model for the pool, as PROVIDER:MODEL; repeat for each (default: every saved pool\'s models, or the demo models when no provider is configured)',
			collect,
		)
		.option('--pool <name>', 'a model set saved with `arena pool add` (with -m: both together)')
		.option('--suite <name>', 'run through the tasks of a suite (see `arena suite list`); resumes where it stopped')
		.option('--rounds <n>', 'stop after this many rounds')
		.option('--category <name>', 'category stored with each vote (a suite task\'s own category comes first)')
		.option('--demo', 'use the built-in simulated models (demo:swift, demo:steady, demo:thinker)')
		.option('--system <text>', 'system prompt (a suite task\'s own system prompt comes first)')
		.option('--max-tokens <n>', 'maximum output tokens per model')
		.option('--temperature <x>', 'sampling temperature (0 to 2)')
		.option('--idle-timeout <seconds>', 'fail a model that sends nothing for this long', '60')
		.option('--retries <n>', 'retries on 429/5xx/connection errors before the first token', '2')
		.option('--json', 'refused: a blind vote needs a person at a terminal')
		.action(async (options: BattleCommandOptions) => {
			process.exitCode = await battleCommand(options);
		});
}

/** `arena battle`: validates everything before a token is spent, then runs the battle in the TUI. */
export async function battleCommand(options: BattleCommandOptions, io: BattleIo = {}): Promise<number> {
	const env = io.env ?? process.env;
	const stdin = io.stdin ?? process.stdin;
	const stdout = io.stdout ?? process.stdout;
	let prepared: {close(): Promise<void>} | undefined;
	let store: HistoryStore | undefined;
	let session: BattleSession | undefined;
	try {
		if (options.json === true || stdout.isTTY !== true || stdin.isTTY !== true) throw new UsageError(HEADLESS_MESSAGE);
		const maxRounds = options.rounds === undefined ? null : parseRounds(options.rounds);
		const category = options.category === undefined ? null : parseCategory(options.category);

		const modules = await loadBattleModules();
		const suite = options.suite === undefined ? null : modules.loadSuite(options.suite, env);
		if (suite && suite.tasks.length === 0) throw new UsageError(`suite "${suite.name}" has no tasks`);

		const settings = modules.openSettings(env);
		const models = resolveBattleModels(options, settings.pools(), Object.keys(settings.providers()));
		const runOptions = models.kind === 'demo' ? {...options, model: undefined, demo: true} : {...options, model: models.specs};
		const setup = await modules.prepareRun(runOptions, settings, env);
		prepared = setup;
		const pool = distinctTargets(setup.targets);
		if (pool.length < 2) {
			throw new UsageError(`a blind battle needs at least two different models, got ${pool.length}; pass -m SPEC for each, or --demo`);
		}

		// Opened before any request: a corrupt or newer database stops the battle before it costs tokens.
		store = modules.openHistoryStore(modules.resolveArenaPaths(env).databaseFile);
		const place = suite ? findSuitePass(store, suite, pool) : null;
		if (suite && place) {
			// Ids of tasks since removed from the suite file do not count.
			const judged = suite.tasks.filter(task => place.judged.has(task.id)).length;
			if (place.pass > 1 && judged === 0) {
				stdout.write(`arena battle: suite ${suite.name} was fully judged with these models; starting pass ${place.pass}\n`);
			} else if (judged > 0) {
				stdout.write(`arena battle: resuming suite ${suite.name}: ${judged}/${suite.tasks.length} judged, ${suite.tasks.length - judged} to go\n`);
			}
		}
		session = new BattleSession({
			store,
			modules,
			pool,
			params: setup.params,
			system: setup.system,
			suite: suite && place ? {suite, judgedTaskIds: place.judged} : null,
			sessionId: place ? place.sessionId : `battle:free:${modules.newUlid()}`,
			maxRounds,
			category,
			random: io.random ?? modules.createRandom(randomSeed()),
		});

		const paths = modules.resolveArenaPaths(env);
		const end = await modules.battleTui(session, {
			stdin,
			stdout,
			// Inline, not in the alternate screen: a pager that uses its own leaves the frame as it was.
			workplace: {
				directories: {answers: process.cwd(), clipboardFallback: path.join(paths.dataDir, 'clipboard')},
				screen: {suspend() {}, resume() {}},
				env,
				redact: async text => {
					const {redactSecrets, secretValues} = await import('./export.js');
					return redactSecrets(text, await secretValues(env)).text;
				},
			},
		});
		session.stop();
		await session.settle();
		stdout.write(`${battleSummary(session.summary(), end)}\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	} finally {
		session?.stop();
		await session?.settle();
		store?.close();
		await prepared?.close();
	}
}

/** Which models a battle draws from: given specs, or the built-in demo models. */
export type BattleModels = {kind: 'specs'; specs: string[]} | {kind: 'demo'};

/**
 * The battle's pool, before any spec is checked against the providers:
 * `--pool NAME` is the saved set, and with -m the union of both; -m alone is
 * the -m models; with neither, --demo means the demo models, then every saved
 * set together, then the demo models when no provider is configured (a first
 * run should just work). Configured providers and no saved set is an error:
 * guessing which of their models to spend tokens on is not ours to do.
 */
export function resolveBattleModels(
	options: Pick<BattleCommandOptions, 'model' | 'pool' | 'demo'>,
	savedPools: Readonly<Record<string, readonly string[]>>,
	configuredProviders: readonly string[],
): BattleModels {
	const given = options.model ?? [];
	if (options.pool !== undefined) {
		const saved = Object.hasOwn(savedPools, options.pool) ? savedPools[options.pool]! : undefined;
		if (saved === undefined) throw new UsageError(unknownPoolMessage(options.pool, Object.keys(savedPools)));
		return {kind: 'specs', specs: unionOfSpecs([given, saved])};
	}
	// As given: a repeated -m is reported by the two-models check, not hidden here.
	if (given.length > 0) return {kind: 'specs', specs: [...given]};
	if (options.demo === true) return {kind: 'demo'};
	const names = Object.keys(savedPools).sort((a, b) => a.localeCompare(b));
	if (names.length > 0) return {kind: 'specs', specs: unionOfSpecs(names.map(name => savedPools[name]!))};
	if (configuredProviders.length === 0) return {kind: 'demo'};
	throw new UsageError(NO_BATTLE_MODELS_MESSAGE);
}

function unionOfSpecs(lists: ReadonlyArray<readonly string[]>): string[] {
	return [...new Set(lists.flat().map(spec => spec.trim()))];
}

/** The heavy modules, loaded when a battle actually runs. */
export async function loadBattleModules() {
	const [engine, leaderboard, sampling, identity, random, recorder, setup, settings, history, paths, ids, suites, ui] = await Promise.all([
		import('../core/engine.js'),
		import('../core/leaderboard.js'),
		import('../core/sampling.js'),
		import('../core/identity.js'),
		import('../core/random.js'),
		import('./run-recorder.js'),
		import('./run-setup.js'),
		import('../store/settings.js'),
		import('../store/history-store.js'),
		import('../store/paths.js'),
		import('../store/ids.js'),
		import('../suites/suite.js'),
		import('../ui/battle-app.js'),
	]);
	return {
		ArenaRun: engine.ArenaRun,
		loadLeaderboard: leaderboard.loadLeaderboard,
		chooseBattlePair: sampling.chooseBattlePair,
		pairBattleCounts: sampling.pairBattleCounts,
		findIdentityWords: identity.findIdentityWords,
		createRandom: random.createRandom,
		RunRecorder: recorder.RunRecorder,
		prepareRun: setup.prepareRun,
		buildMessages: setup.buildMessages,
		openSettings: settings.openSettings,
		openHistoryStore: history.openHistoryStore,
		resolveArenaPaths: paths.resolveArenaPaths,
		newUlid: ids.newUlid,
		loadSuite: suites.loadSuite,
		battleTui: ui.battleTui,
	};
}

export type BattleModules = Awaited<ReturnType<typeof loadBattleModules>>;

export interface BattleSessionConfig {
	store: HistoryStore;
	modules: BattleModules;
	/** Distinct specs. */
	pool: RunTarget[];
	params: Omit<RunParams, 'messages'>;
	/** Used when a task has no system prompt of its own. */
	system?: string;
	/** The suite, and the tasks of this pass judged before this battle began. */
	suite: {suite: Suite; judgedTaskIds: ReadonlySet<string>} | null;
	sessionId: string;
	maxRounds: number | null;
	/** Stored with each vote when the task has no category of its own. */
	category: string | null;
	random: Random;
	/** The provider layer; tests pass a scripted one. */
	stream?: StreamFunction;
}

export interface BattleSummary {
	rounds: number;
	/** Votes saved, flagged ones included. */
	votes: number;
	flagged: number;
	/** Rounds where a side failed or the round was stopped. */
	withoutVote: number;
	/** Votes that could not be saved, or rounds that could not be stored. */
	saveErrors: string[];
	suite: {name: string; judged: number; total: number} | null;
	sessionId: string;
}

interface RoundRecord {
	task: SuiteTask | null;
	run: {cancel(): void};
	/** Set when the run has ended (it is stored by then). */
	results: ModelResult[] | null;
	voted: boolean;
	flagged: boolean;
}

/**
 * The battle's bookkeeping, behind the BattleHost interface the view drives:
 * which tasks are left, which pair meets next, saving each round and vote,
 * and the blind-vote ratings before and after each vote.
 */
export class BattleSession implements BattleHost {
	readonly needsPrompt: boolean;
	readonly simulatedNote: string | null;
	private readonly remainingTasks: SuiteTask[];
	private readonly judged: Set<string>;
	private readonly rounds: RoundRecord[] = [];
	private readonly pending = new Set<Promise<unknown>>();
	private readonly saveErrors: string[] = [];
	private readonly plannedRounds: number | null;
	private taskCursor = 0;
	private ratings: Map<string, {rating: number; ci_low: number; ci_high: number; battles: number}>;

	constructor(private readonly config: BattleSessionConfig) {
		const {suite, pool, maxRounds} = config;
		this.needsPrompt = suite === null;
		this.judged = new Set(suite?.judgedTaskIds ?? []);
		this.remainingTasks = suite ? suite.suite.tasks.filter(task => !this.judged.has(task.id)) : [];
		const simulated = pool.filter(target => target.simulated === true).length;
		this.simulatedNote = simulated === 0 ? null : simulated === pool.length ? 'simulated models' : 'pool has simulated models';
		this.plannedRounds = suite ? Math.min(this.remainingTasks.length, maxRounds ?? Number.POSITIVE_INFINITY) : maxRounds;
		this.ratings = this.readRatings();
	}

	hasNextRound(): boolean {
		if (this.config.maxRounds !== null && this.rounds.length >= this.config.maxRounds) return false;
		return this.config.suite === null || this.taskCursor < this.remainingTasks.length;
	}

	progress(): BattleProgress {
		const suite = this.config.suite?.suite;
		return {
			plannedRounds: this.plannedRounds,
			suite: suite ? {name: suite.name, judged: this.judgedCount(), total: suite.tasks.length} : null,
		};
	}

	nextRound(prompt: string | null): BattleRound | null {
		if (!this.hasNextRound()) return null;
		const {modules, store, pool, params} = this.config;
		const suite = this.config.suite?.suite ?? null;
		const task = suite ? this.remainingTasks[this.taskCursor++]! : null;
		const text = task ? task.prompt : prompt;
		if (text === null || text.trim() === '') throw new UsageError('a round needs a prompt');

		const {left, right} = modules.chooseBattlePair(
			{models: pool.map(target => target.spec), ratings: this.ratings, pairBattles: this.pairBattles()},
			this.config.random,
		);
		const targets = [left, right].map(spec => pool.find(target => target.spec === spec)!);
		const system = task?.system ?? this.config.system;
		const record: RoundRecord = {task, run: {cancel() {}}, results: null, voted: false, flagged: false};
		this.rounds.push(record);
		const position = task && suite ? suite.tasks.indexOf(task) + 1 : 0;
		return this.startTurn(record, {
			number: this.rounds.length,
			targets,
			system,
			text,
			earlierTurns: [],
			conversationId: modules.newUlid(),
			taskInfo: task && suite ? {id: task.id, position, total: suite.tasks.length} : null,
		});
	}

	/**
	 * One turn of a round: the first prompt, or a follow-up sent to both sides,
	 * each continuing its own conversation. The vote belongs to the latest turn
	 * and is stored with its turn number, as FastChat stores `turn`.
	 */
	private startTurn(
		record: RoundRecord,
		turn: {
			number: number;
			targets: RunTarget[];
			system: string | undefined;
			text: string;
			earlierTurns: ConversationTurn[];
			conversationId: string;
			taskInfo: BattleRound['task'];
		},
	): BattleRound {
		const {modules, store, params} = this.config;
		const {task} = record;
		const suite = this.config.suite?.suite ?? null;
		const {targets, system, text, earlierTurns} = turn;
		const turnNumber = earlierTurns.length + 1;
		const run = new modules.ArenaRun(
			targets,
			{
				...params,
				messages: modules.buildMessages(text, system),
				...(earlierTurns.length > 0 ? {conversations: nextTurnMessages(system, earlierTurns, text, targets.length)} : {}),
			},
			this.config.stream ? {stream: this.config.stream} : {},
		);
		const recorder = new modules.RunRecorder(
			store,
			run,
			{
				prompt: text,
				system,
				mode: 'blind',
				category: task?.category ?? this.config.category,
				suite: suite?.name ?? null,
				task_id: task?.id ?? null,
				session_id: this.config.sessionId,
				conversation_id: turn.conversationId,
				turn: turnNumber,
			},
			{onSaveError: error => this.saveErrors.push(`round not saved: ${firstLineOf(error)}`)},
		);
		record.run = run;
		record.results = null;
		run.subscribe(event => {
			if (event.type === 'run-done') record.results = event.results;
		});
		this.track(run.start());

		return {
			number: turn.number,
			turn: turnNumber,
			prompt: text,
			run,
			task: turn.taskInfo,
			followUp: (prompt: string): BattleRound => {
				if (record.voted) throw new Error('this round already has a vote; start the next round instead');
				if (record.results === null) throw new Error('both answers must be complete before a follow-up');
				if (prompt.trim() === '') throw new UsageError('a follow-up needs a prompt');
				const answers = record.results.map(result => (result.state === 'done' ? result.text : ''));
				return this.startTurn(record, {...turn, text: prompt, earlierTurns: [...earlierTurns, {prompt: text, answers}]});
			},
			vote: (winner: VoteWinner): BattleReveal => {
				const {results} = record;
				if (record.voted) throw new Error('this round already has a vote');
				if (results === null) throw new Error('both answers must be complete before the vote');
				if (results.some(result => result.state !== 'done')) throw new Error('a side failed, so this round has no valid vote');
				// The reasoning counts too: it is on screen a key press away. So do earlier turns' answers.
				const texts = results.map((result, index) =>
					[...earlierTurns.map(earlier => earlier.answers[index] ?? ''), result.text, result.reasoning].join('\n'),
				);
				const identityWords = identityWordsIn(texts, modules.findIdentityWords);
				const before = this.ratings;
				recorder.vote(0, 1, winner, {flaggedIdentity: identityWords.length > 0});
				record.voted = true;
				record.flagged = identityWords.length > 0;
				if (task) this.judged.add(task.id);
				const after = (this.ratings = this.readRatings());
				const side = (target: RunTarget): RevealedSide => ({
					spec: target.spec,
					simulated: target.simulated === true,
					ratingBefore: before.get(target.spec)?.rating ?? null,
					ratingAfter: after.get(target.spec)?.rating ?? null,
					votesAfter: after.get(target.spec)?.battles ?? 0,
				});
				return {winner, identityWords, sides: [side(targets[0]!), side(targets[1]!)]};
			},
		};
	}

	/** Cancels any round still streaming; it is stored as cancelled, without a vote. */
	stop(): void {
		for (const round of this.rounds) if (round.results === null) round.run.cancel();
	}

	/** Waits for every round's streams to end (and so for every round to be stored). */
	async settle(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	summary(): BattleSummary {
		const votes = this.rounds.filter(round => round.voted).length;
		const flagged = this.rounds.filter(round => round.flagged).length;
		const suite = this.config.suite?.suite;
		return {
			rounds: this.rounds.length,
			votes,
			flagged,
			withoutVote: this.rounds.length - votes,
			saveErrors: [...this.saveErrors],
			suite: suite ? {name: suite.name, judged: this.judgedCount(), total: suite.tasks.length} : null,
			sessionId: this.config.sessionId,
		};
	}

	private judgedCount(): number {
		const suite = this.config.suite?.suite;
		return suite ? suite.tasks.filter(task => this.judged.has(task.id)).length : 0;
	}

	/** The default board's ratings (blind, unflagged votes), with intervals to steer sampling. */
	private readRatings(): Map<string, {rating: number; ci_low: number; ci_high: number; battles: number}> {
		const board = this.config.modules.loadLeaderboard(
			this.config.store,
			{includeNamed: false, includeFlagged: false},
			{bootstrapRounds: SAMPLING_BOOTSTRAP_ROUNDS},
		);
		const ratings = new Map<string, {rating: number; ci_low: number; ci_high: number; battles: number}>();
		for (const row of board.rows) {
			if (row.rating === null) continue;
			ratings.set(row.model, {rating: row.rating, ci_low: row.ci_low ?? row.rating, ci_high: row.ci_high ?? row.rating, battles: row.battles});
		}
		return ratings;
	}

	private pairBattles(): Map<string, number> {
		return this.config.modules.pairBattleCounts(this.config.store.battleCounts({includeNamed: false, includeFlagged: false}));
	}

	private track(promise: Promise<unknown>): void {
		const settled: Promise<unknown> = promise.then(
			() => this.pending.delete(settled),
			error => {
				this.saveErrors.push(`round not saved: ${firstLineOf(error)}`);
				this.pending.delete(settled);
			},
		);
		this.pending.add(settled);
	}
}

/**
 * Where a suite battle with this pool resumes: the first pass with a task
 * not yet judged, and the tasks of that pass already judged.
 */
export function findSuitePass(
	store: Pick<HistoryStore, 'judgedTaskIds'>,
	suite: Suite,
	pool: readonly Pick<RunTarget, 'spec'>[],
): {pass: number; sessionId: string; judged: Set<string>} {
	const place = findPass('battle', suite, pool, sessionId => store.judgedTaskIds(suite.name, {session_id: sessionId, mode: 'blind'}));
	return {pass: place.pass, sessionId: place.sessionId, judged: place.done};
}

/** `battle:coding-5:3f9a1c2b7d4e:1`: the suite, a hash of the sorted pool, the pass. */
export function suiteSessionId(suite: string, pool: readonly Pick<RunTarget, 'spec'>[], pass: number): string {
	return sessionIdFor('battle', suite, pool, pass);
}

/** What is left on the terminal after the battle. Names stay out of it too: the reveals showed them. */
export function battleSummary(summary: BattleSummary, end: 'finished' | 'quit' | 'stopped'): string {
	const lines: string[] = [];
	const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
	const parts = [`${plural(summary.votes, 'blind vote')} saved`];
	if (summary.flagged > 0) parts.push(`${summary.flagged} flagged (an answer named a model) and left out of the leaderboard`);
	if (summary.withoutVote > 0) parts.push(`${plural(summary.withoutVote, 'round')} without a vote`);
	const how = end === 'stopped' ? 'stopped' : end === 'quit' ? 'quit' : 'done';
	lines.push(`arena battle ${how}: ${plural(summary.rounds, 'round')}, ${parts.join(', ')}`);
	if (summary.suite) {
		const {name, judged, total} = summary.suite;
		lines.push(
			judged >= total
				? `suite ${name}: all ${total} tasks judged with these models`
				: `suite ${name}: ${judged}/${total} tasks judged; run the same command to continue`,
		);
	}
	for (const error of summary.saveErrors) lines.push(`warning: ${error}`);
	return lines.join('\n');
}

function identityWordsIn(texts: readonly string[], find: (text: string) => string[]): string[] {
	const words = new Set<string>();
	for (const text of texts) for (const word of find(text)) words.add(word);
	return [...words];
}

export function distinctTargets(targets: readonly RunTarget[]): RunTarget[] {
	const seen = new Set<string>();
	return targets.filter(target => !seen.has(target.spec) && seen.add(target.spec));
}

function parseRounds(raw: string): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) throw new UsageError(`--rounds must be a positive whole number, got "${raw}"`);
	return value;
}

function parseCategory(raw: string): string {
	const trimmed = raw.trim();
	if (trimmed === '') throw new UsageError('--category must not be empty');
	return trimmed;
}

export function randomSeed(): number {
	return randomBytes(4).readUInt32LE(0);
}
