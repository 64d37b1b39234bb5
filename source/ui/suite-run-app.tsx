import {render, useApp} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import type {ArenaRun} from '../core/engine.js';
import {DEFAULT_RUBRIC_WEIGHTS, type RubricWeights, validateRubricWeights} from '../core/rubric.js';
import type {JudgingCallbacks} from './hooks/use-judgement-saver.js';
import {useRefState} from './hooks/use-ref-state.js';
import type {Judgements} from './judging-state.js';
import {type QuitReason, RunApp, trackSaves} from './run-app.js';
import {type SuiteRunProgress, suiteProgressRow} from './suite-progress.js';
import {inkOptions, type TuiStreams} from './tui-options.js';

export type {SuiteRunProgress} from './suite-progress.js';

/** One task of a suite, its run already started by the host. */
export interface SuiteRunTask {
	run: ArenaRun;
	/** The title row, usually the task's prompt. */
	title: string;
	/** Where this task's judgements are saved; without it (--no-save) judging works on screen only. */
	judging?: JudgingCallbacks;
	/** Every change of this task's judgements, as they now stand. */
	onJudgements?: (judgements: Judgements) => void;
}

/**
 * The suite's bookkeeping as the view sees it: which task comes next, and how
 * far the suite has come. The command implements it; the view only draws.
 */
export interface SuiteRunHost {
	/** Starts the next task's run, or returns null when no task is left. */
	nextTask(): SuiteRunTask | null;
	hasNextTask(): boolean;
	/** Where the suite stands now, for the progress row; called on every render and once a second. */
	progress(): SuiteRunProgress;
	/** Shown under the progress row while the first task is on screen ("resuming coding-5 at task 3/5"). */
	readonly note: string | null;
}

/** How a suite run ended: every task done, q (or Ctrl+C once the answers were in), or Ctrl+C while streaming. */
export type SuiteRunEnd = 'finished' | 'quit' | 'stopped';

export interface SuiteRunAppProps {
	host: SuiteRunHost;
	rubricWeights?: RubricWeights;
	/** Called once, just before the app exits. */
	onDone?: (end: SuiteRunEnd) => void;
	/** A task could not start (the store failed, say): the suite ends, and suiteRunTui rejects with it. */
	onError?: (error: unknown) => void;
	/** Drawn inside a larger app (the workspace): ending only calls onDone, the app keeps running. */
	embedded?: boolean;
}

const BACK_ONLY = ['BACK'] as const;

type Step = {kind: 'task'; number: number; task: SuiteRunTask} | {kind: 'starting'} | {kind: 'leaving'; end: SuiteRunEnd};

/**
 * A suite's tasks one after another in one Ink app, so the view flips to the
 * next task in place. Each task is a RunApp (keyed by its number, so no
 * focus, scroll or judgement carries over); the suite's progress row sits above it.
 */
export function SuiteRunApp({host, rubricWeights, onDone, onError, embedded = false}: SuiteRunAppProps) {
	const {exit} = useApp();
	// Read through a ref: "n n" typed faster than frames must not skip a task.
	const [step, readStep, setStep] = useRefState<Step>(() => ({kind: 'starting'}));
	const [lastStep, setLastStep] = useState<Extract<Step, {kind: 'task'}> | null>(null);

	const begin = useCallback(
		(number: number) => {
			let task: SuiteRunTask | null;
			try {
				task = host.nextTask();
			} catch (error) {
				onError?.(error);
				setStep({kind: 'leaving', end: 'stopped'});
				return;
			}
			if (task === null) {
				setStep({kind: 'leaving', end: 'finished'});
				return;
			}
			const next = {kind: 'task' as const, number, task};
			setStep(next);
			setLastStep(next);
		},
		[host, onError, setStep],
	);

	const started = useRef(false);
	useEffect(() => {
		if (started.current) return;
		started.current = true;
		begin(1);
	}, [begin]);

	useEffect(() => {
		if (step.kind !== 'leaving') return;
		onDone?.(step.end);
		if (!embedded) exit();
	}, [step, onDone, exit, embedded]);

	/** Leaving task `from`; a second request for the same task is a key typed twice. */
	const leaveTask = useCallback(
		(from: number, reason: QuitReason) => {
			const current = readStep();
			if (current.kind !== 'task' || current.number !== from) return;
			if (reason === 'next') {
				if (host.hasNextTask()) begin(from + 1);
				else setStep({kind: 'leaving', end: 'finished'});
				return;
			}
			setStep({kind: 'leaving', end: reason === 'cancelled' ? 'stopped' : 'quit'});
		},
		[host, begin, readStep, setStep],
	);
	const quitHandlers = useRef(new Map<number, (reason: QuitReason) => void>());
	const quitHandlerFor = (number: number) => {
		let handler = quitHandlers.current.get(number);
		if (!handler) {
			handler = (reason: QuitReason) => leaveTask(number, reason);
			quitHandlers.current.set(number, handler);
		}
		return handler;
	};

	// While leaving, the last task stays drawn: what was judged remains on screen above the summary.
	const shown = step.kind === 'task' ? step : lastStep;
	if (shown === null) return null;
	return (
		<RunApp
			key={shown.number}
			run={shown.task.run}
			title={shown.task.title}
			judging={shown.task.judging}
			rubricWeights={rubricWeights}
			onJudgements={shown.task.onJudgements}
			onQuit={quitHandlerFor(shown.number)}
			exitOnQuit={false}
			// Inside the workspace Esc ends the suite and goes back home, as it leaves every other screen.
			extraCommands={embedded ? {streaming: BACK_ONLY, finished: BACK_ONLY} : undefined}
			onExtraCommand={command => {
				if (command === 'BACK') {
					shown.task.run.cancel();
					quitHandlerFor(shown.number)('done');
				}
			}}
			suiteStep={{
				progress: () => suiteProgressRow(host.progress()),
				note: shown.number === 1 ? host.note : null,
				lastTask: !host.hasNextTask(),
			}}
		/>
	);
}

export interface SuiteRunTuiOptions extends TuiStreams {
	/** Rubric weights from settings; validated (a ConfigError) and normalised before anything is drawn. */
	rubricWeights?: RubricWeights;
	/** Called for every frame Ink draws. */
	onFrame?: () => void;
}

/**
 * Draws the suite's tasks until the user stops or the last one is done, then
 * resolves with how it ended (or rejects with why a task could not start).
 * Ctrl+C arrives as a key (raw mode): while streaming it cancels the task on
 * screen, which is still saved, unjudged. Resolves once every judgement handed
 * to the callbacks has settled. Ink's unmount restores the cursor and cooked mode.
 */
export async function suiteRunTui(host: SuiteRunHost, options: SuiteRunTuiOptions = {}): Promise<SuiteRunEnd> {
	const rubricWeights = validateRubricWeights(options.rubricWeights ?? DEFAULT_RUBRIC_WEIGHTS);
	const pendingSaves = new Set<Promise<unknown>>();
	const trackedHost: SuiteRunHost = {
		nextTask: () => {
			const task = host.nextTask();
			return task && task.judging ? {...task, judging: trackSaves(task.judging, pendingSaves)} : task;
		},
		hasNextTask: () => host.hasNextTask(),
		progress: () => host.progress(),
		get note() {
			return host.note;
		},
	};
	let end: SuiteRunEnd = 'stopped';
	let failure: {error: unknown} | undefined;
	const instance = render(
		<SuiteRunApp
			host={trackedHost}
			rubricWeights={rubricWeights}
			onDone={reason => (end = reason)}
			onError={error => (failure = {error})}
		/>,
		inkOptions(options, options.onFrame),
	);
	await instance.waitUntilExit();
	// A failed save was already shown; here it only must not be left running.
	await Promise.allSettled([...pendingSaves]);
	if (failure) throw failure.error;
	return end;
}
