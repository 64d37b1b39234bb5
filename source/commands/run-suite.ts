import {firstLineOf} from '../core/errors.js';
import {ArenaRun, type StreamFunction} from '../core/engine.js';
import {rubricRecord, type RubricWeights} from '../core/rubric.js';
import type {ModelResult, RunParams, RunTarget} from '../core/types.js';
import {type HistoryStore, openHistoryStore} from '../store/history-store.js';
import {resolveArenaPaths} from '../store/paths.js';
import {openSettings} from '../store/settings.js';
import {loadSuite, type Suite, type SuiteTask} from '../suites/suite.js';
import type {Judgements} from '../ui/judging-state.js';
import type {SuiteRunEnd, SuiteRunHost, SuiteRunProgress, SuiteRunTask} from '../ui/suite-run-app.js';
import {EXIT_FAILED, EXIT_OK, reportFatal} from './exit.js';
import {toJsonLine} from './run.js';
import {RunRecorder} from './run-recorder.js';
import {buildMessages, type PreparedRun, prepareRun, type RunCommandOptions} from './run-setup.js';
import {findSuitePass, type SuitePass, suiteSessionId} from './suite-pass.js';

/*
 * `arena run --suite NAME -m A -m B`: every task of a suite goes to every
 * model, one task at a time. Each run is saved as a named run with the suite,
 * the task id, the task's category and a session id,
 * `run:<suite>:<hash of the sorted specs>:<pass>` (see suite-pass.ts).
 *
 * Resuming. Running the same suite with the same models continues the first
 * pass that still has a task not done, at its first such task; once every
 * task of a pass is done, the next run starts a new pass. What "done" means:
 * - in the terminal, a task is done once a run of it was judged (a score, a
 *   vote or a ranking) and every model answered it; a task that was not
 *   judged, or where a model failed or was stopped, is run again;
 * - headless (--json, or no terminal) there is nothing to judge, so a task is
 *   done once its run is saved with every model answering.
 * Both count runs of the same session, so a headless pass is picked up by a
 * terminal run as "nothing judged yet", and a judged task is never re-run headless.
 * With --no-save nothing is kept, so every run starts at the first task.
 */

export interface RunSuiteCommandOptions extends RunCommandOptions {
	suite: string;
}

/** Where the command reads and writes; the process's own unless a test says otherwise. */
export interface RunSuiteIo {
	env?: NodeJS.ProcessEnv;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	stderr?: NodeJS.WriteStream;
	/** The provider layer; tests pass a scripted one. */
	stream?: StreamFunction;
}

/** What makes a task of the current pass count as done, and so skipped on resume. */
export type TaskDoneRule = 'judged' | 'saved';

/** How many runs of one suite are read to find where it stands; far more than any pass holds. */
const SUITE_RUNS_READ_LIMIT = 1_000_000;

/** `arena run --suite NAME`: validates everything before a token is spent, then runs the remaining tasks. */
export async function runSuiteCommand(options: RunSuiteCommandOptions, io: RunSuiteIo = {}): Promise<number> {
	const env = io.env ?? process.env;
	const stdin = io.stdin ?? process.stdin;
	const stdout = io.stdout ?? process.stdout;
	const stderr = io.stderr ?? process.stderr;
	let prepared: PreparedRun | undefined;
	let store: HistoryStore | undefined;
	let session: SuiteRunSession | undefined;
	try {
		const suite = loadSuite(options.suite, env);
		const settings = openSettings(env);
		prepared = await prepareRun(options, settings, env);
		// Judging needs keys as well as a screen; without either the suite runs headless.
		const headless = options.json === true || stdout.isTTY !== true || stdin.isTTY !== true;
		const rule: TaskDoneRule = headless ? 'saved' : 'judged';
		const rubricWeights = headless ? undefined : settings.rubricWeights();

		// Opened before any request: a corrupt or newer database stops the suite before it costs tokens.
		store = options.save === false ? undefined : openHistoryStore(resolveArenaPaths(env).databaseFile);
		const place: SuitePass = store
			? findRunSuitePass(store, suite, prepared.targets, rule)
			: {pass: 1, sessionId: suiteSessionId('run', suite.name, prepared.targets, 1), done: new Set()};
		session = new SuiteRunSession({
			suite,
			place,
			rule,
			targets: prepared.targets,
			params: prepared.params,
			system: prepared.system,
			store,
			rubricWeights,
			stream: io.stream,
		});
		if (headless) return await runHeadless(session, stdout, stderr);

		const {suiteRunTui} = await import('../ui/suite-run-app.js');
		const end = await suiteRunTui(session, {stdin, stdout, rubricWeights});
		session.stop();
		await session.settle();
		stdout.write(`${suiteRunSummary(session.summary(), end)}\n`);
		return session.summary().failed > 0 ? EXIT_FAILED : EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	} finally {
		session?.stop();
		await session?.settle();
		store?.close();
		await prepared?.close();
	}
}

/**
 * Every remaining task in order: one JSON line per model per task on stdout
 * (in -m order), one progress line per task on stderr. SIGINT or SIGTERM
 * stops the task on screen (it is saved as cancelled, and run again next time);
 * a second one ends the process the usual way.
 */
async function runHeadless(session: SuiteRunSession, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<number> {
	let interrupted = false;
	const onInterrupt = () => {
		interrupted = true;
		session.stop();
	};
	process.once('SIGINT', onInterrupt);
	process.once('SIGTERM', onInterrupt);
	try {
		if (session.note) stderr.write(`arena run: ${session.note}\n`);
		const total = session.suite.tasks.length;
		while (!interrupted) {
			const started = session.nextTask();
			if (started === null) break;
			const {task, position, run} = started;
			stderr.write(`[${position}/${total}] ${task.id} … `);
			const startedAt = performance.now();
			const results = await run.start();
			for (const [index, result] of results.entries()) {
				const line = {...toJsonLine(result, run.targets[index]?.simulated === true, run.targets[index]), suite: session.suite.name, task_id: task.id, category: task.category ?? null};
				stdout.write(`${JSON.stringify(line)}\n`);
			}
			stderr.write(`${taskOutcome(results, performance.now() - startedAt)}\n`);
		}
	} finally {
		process.off('SIGINT', onInterrupt);
		process.off('SIGTERM', onInterrupt);
	}
	await session.settle();
	const summary = session.summary();
	stderr.write(`${suiteRunSummary(summary, interrupted ? 'stopped' : 'finished')}\n`);
	if (summary.saveErrors.length > 0) return EXIT_FAILED;
	// An interrupted suite did not finish its tasks: exit 1, as `arena run` does when cancelled.
	return interrupted || summary.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

/** "3.1 s", "3.1 s · demo:x failed: HTTP 500", or "stopped": the end of a task's stderr progress line. */
export function taskOutcome(results: readonly ModelResult[], elapsedMs: number): string {
	if (results.some(result => result.state === 'cancelled')) return 'stopped';
	const seconds = `${(elapsedMs / 1000).toFixed(1)} s`;
	const failures = results.filter(result => result.state === 'error');
	if (failures.length === 0) return seconds;
	return [seconds, ...failures.map(result => `${result.spec} failed: ${(result.error?.message ?? 'failed').split('\n')[0]}`)].join(' · ');
}

/**
 * Where this suite stands with these models: the first pass with a task not
 * yet done by `rule`, and the tasks of that pass that are.
 */
export function findRunSuitePass(
	store: Pick<HistoryStore, 'listRuns' | 'getRun'>,
	suite: Suite,
	models: readonly Pick<RunTarget, 'spec'>[],
	rule: TaskDoneRule,
): SuitePass {
	const runsBySession = new Map<string, {id: string; task_id: string; judged: boolean}[]>();
	for (const run of store.listRuns({suite: suite.name, mode: 'named', limit: SUITE_RUNS_READ_LIMIT})) {
		if (run.session_id === null || run.task_id === null) continue;
		const runs = runsBySession.get(run.session_id) ?? [];
		runs.push({id: run.id, task_id: run.task_id, judged: run.scored_count + run.vote_count > 0});
		runsBySession.set(run.session_id, runs);
	}
	const everyModelAnswered = (runId: string) => store.getRun(runId)?.answers.every(answer => answer.state === 'done') ?? false;
	return findSuitePass('run', suite, models, sessionId => {
		const done = new Set<string>();
		for (const run of runsBySession.get(sessionId) ?? []) {
			if (done.has(run.task_id) || (rule === 'judged' && !run.judged)) continue;
			if (everyModelAnswered(run.id)) done.add(run.task_id);
		}
		return done;
	});
}

/** The suite's tasks not done yet, in suite order, each with its 1-based place in the suite. */
export function remainingTasks(suite: Suite, done: ReadonlySet<string>): PlannedTask[] {
	return suite.tasks.flatMap((task, index) => (done.has(task.id) ? [] : [{task, position: index + 1}]));
}

/** Said before the first task when this is not a fresh start: "resuming coding-5 at task 3/5 (2/5 judged in pass 1)". */
export function resumeNote(suite: Suite, place: SuitePass, rule: TaskDoneRule): string | null {
	const total = suite.tasks.length;
	const first = remainingTasks(suite, place.done)[0];
	if (place.done.size > 0 && first) {
		return `resuming ${suite.name} at task ${first.position}/${total} (${place.done.size}/${total} ${doneWord(rule)} in pass ${place.pass})`;
	}
	if (place.pass > 1) return `every task of ${suite.name} was ${doneWord(rule)} with these models; starting pass ${place.pass}`;
	return null;
}

function doneWord(rule: TaskDoneRule): string {
	return rule === 'judged' ? 'judged' : 'saved';
}

export interface PlannedTask {
	task: SuiteTask;
	/** 1-based place in the suite. */
	position: number;
}

export interface StartedSuiteTask extends SuiteRunTask, PlannedTask {}

export interface SuiteRunSessionConfig {
	suite: Suite;
	/** The pass this session continues, and its tasks done before it began. */
	place: SuitePass;
	rule: TaskDoneRule;
	targets: RunTarget[];
	params: Omit<RunParams, 'messages'>;
	/** Used when a task has no system prompt of its own. */
	system: string | undefined;
	/** Undefined with --no-save. */
	store: HistoryStore | undefined;
	/** For rubric scores; only the terminal has them. */
	rubricWeights?: RubricWeights;
	/** The provider layer; tests pass a scripted one. */
	stream?: StreamFunction;
}

export interface SuiteRunSummary {
	suite: string;
	total: number;
	pass: number;
	rule: TaskDoneRule;
	/** Tasks started in this session, a stopped one included. */
	run: number;
	/** Tasks the user judged in this session. */
	judged: number;
	/** Tasks where a model failed. */
	failed: number;
	/** The suite position of the task the session was stopped in, if one was. */
	stoppedAt: number | null;
	/** Tasks of the pass done (by the rule), earlier sessions included. */
	done: number;
	saved: boolean;
	/** Runs that could not be saved. */
	saveErrors: string[];
}

interface TaskRecord extends PlannedTask {
	run: ArenaRun;
	startedAt: number;
	/** Set when the user moved on (or the session ended). */
	endedAt: number | null;
	/** Set once every model has ended (the run is saved by then). */
	results: ModelResult[] | null;
	judged: boolean;
}

/**
 * A suite run's bookkeeping, behind the SuiteRunHost interface the view
 * drives and the loop the headless mode runs: which task is next, starting and
 * saving each task's run, and how far the pass has come.
 */
export class SuiteRunSession implements SuiteRunHost {
	readonly note: string | null;
	readonly suite: Suite;
	private readonly plan: PlannedTask[];
	private readonly records: TaskRecord[] = [];
	private readonly pending = new Set<Promise<unknown>>();
	private readonly saveErrors: string[] = [];
	private readonly startedAt = performance.now();

	constructor(private readonly config: SuiteRunSessionConfig) {
		this.suite = config.suite;
		this.plan = remainingTasks(config.suite, config.place.done);
		this.note = config.store ? resumeNote(config.suite, config.place, config.rule) : null;
	}

	hasNextTask(): boolean {
		return this.records.length < this.plan.length;
	}

	nextTask(): StartedSuiteTask | null {
		const now = performance.now();
		const previous = this.records.at(-1);
		if (previous && previous.endedAt === null) previous.endedAt = now;
		if (!this.hasNextTask()) return null;

		const {task, position} = this.plan[this.records.length]!;
		const {store, suite, place, targets, params} = this.config;
		const system = task.system ?? this.config.system;
		const run = new ArenaRun(targets, {...params, messages: buildMessages(task.prompt, system)}, this.config.stream ? {stream: this.config.stream} : {});
		const metadata = {
			prompt: task.prompt,
			system,
			mode: 'named' as const,
			category: task.category ?? null,
			suite: suite.name,
			task_id: task.id,
			session_id: place.sessionId,
		};
		// In the terminal a failed save is shown and judging says why it cannot be saved; headless it ends the suite.
		const recorder =
			store &&
			new RunRecorder(
				store,
				run,
				metadata,
				this.config.rule === 'judged' ? {onSaveError: error => this.saveErrors.push(`task ${task.id} not saved: ${firstLineOf(error)}`)} : {},
			);
		const record: TaskRecord = {task, position, run, startedAt: now, endedAt: null, results: null, judged: false};
		run.subscribe(event => {
			if (event.type === 'run-done') record.results = event.results;
		});
		this.records.push(record);
		this.track(run.start());

		const weights = this.config.rubricWeights;
		const started: StartedSuiteTask = {
			task,
			position,
			run,
			title: task.prompt,
			onJudgements: (judgements: Judgements) => {
				record.judged = hasJudgement(judgements);
			},
		};
		if (recorder) {
			started.judging = {
				onScore: (index, score, rubric) => recorder.score(index, score, rubric && rubricRecord(rubric, weights)),
				onVote: ({leftIndex, rightIndex, winner}) => recorder.vote(leftIndex, rightIndex, winner),
				onRanking: ordered => recorder.ranking(ordered),
			};
		}
		return started;
	}

	progress(): SuiteRunProgress {
		const now = performance.now();
		const current = this.records.at(-1);
		const finished = this.records.filter(record => record.endedAt !== null);
		return {
			suite: this.suite.name,
			total: this.suite.tasks.length,
			task: current ? {id: current.task.id, position: current.position} : {id: '', position: 0},
			judged: this.doneCount(),
			finishedTaskDurationsMs: finished.map(record => record.endedAt! - record.startedAt),
			tasksLeft: this.plan.length - finished.length,
			currentTaskElapsedMs: current && current.endedAt === null ? now - current.startedAt : 0,
			elapsedMs: now - this.startedAt,
		};
	}

	/** Cancels a task still streaming; it is saved as cancelled, and run again next time. */
	stop(): void {
		for (const record of this.records) if (record.results === null) record.run.cancel();
	}

	/** Waits for every task's streams to end (and so for every run to be saved). */
	async settle(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	summary(): SuiteRunSummary {
		const stopped = this.records.find(record => record.results?.some(result => result.state === 'cancelled'));
		return {
			suite: this.suite.name,
			total: this.suite.tasks.length,
			pass: this.config.place.pass,
			rule: this.config.rule,
			run: this.records.length,
			judged: this.records.filter(record => record.judged).length,
			failed: this.records.filter(record => record.results?.some(result => result.state === 'error')).length,
			stoppedAt: stopped ? stopped.position : null,
			done: this.doneCount(),
			saved: this.config.store !== undefined,
			saveErrors: [...this.saveErrors],
		};
	}

	/** Tasks of the pass done so far by the session's rule: those done before it, and those done in it. */
	private doneCount(): number {
		let done = this.config.place.done.size;
		for (const record of this.records) {
			const answered = record.results !== null && record.results.every(result => result.state === 'done');
			if (answered && (this.config.rule === 'saved' || record.judged)) done++;
		}
		return done;
	}

	private track(promise: Promise<unknown>): void {
		const settled: Promise<unknown> = promise.then(
			() => this.pending.delete(settled),
			error => {
				this.saveErrors.push(firstLineOf(error));
				this.pending.delete(settled);
			},
		);
		this.pending.add(settled);
	}
}

/** Whether the user has decided anything about a run: a score, a vote or a ranking. */
export function hasJudgement(judgements: Judgements): boolean {
	return judgements.scores.some(score => score !== null) || judgements.vote !== null || (judgements.ranking?.length ?? 0) > 0;
}

/**
 * The one line left after a suite run: "arena run: coding-5 stopped at task 2/5: 2 tasks run,
 * 1 judged, 0 failed · 1/5 judged in pass 1; run the same command to resume".
 */
export function suiteRunSummary(summary: SuiteRunSummary, end: SuiteRunEnd): string {
	const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
	const how = end === 'finished' ? 'done' : summary.stoppedAt !== null ? `stopped at task ${summary.stoppedAt}/${summary.total}` : 'stopped';
	const counts = [plural(summary.run, 'task') + ' run'];
	if (summary.rule === 'judged') counts.push(`${summary.judged} judged`);
	counts.push(`${summary.failed} failed`);
	let where: string;
	if (!summary.saved) where = 'nothing saved (--no-save)';
	else if (summary.done >= summary.total) where = `pass ${summary.pass} complete: all ${summary.total} tasks ${doneWord(summary.rule)}`;
	else where = `${summary.done}/${summary.total} ${doneWord(summary.rule)} in pass ${summary.pass}; run the same command to continue`;
	const warnings = summary.saveErrors.length > 0 ? ` · warning: ${summary.saveErrors[0]}` : '';
	return `arena run: ${summary.suite} ${how}: ${counts.join(', ')} · ${where}${warnings}`;
}
