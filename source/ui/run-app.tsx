import {Box, type Key, render, Text, useApp, useStdin} from 'ink';
import {useCommandKeys} from './hooks/use-command-keys.js';
import {type ReactNode, useCallback, useEffect, useState} from 'react';
import type {ArenaRun} from '../core/engine.js';
import {DEFAULT_RUBRIC_WEIGHTS, type RubricWeights, validateRubricWeights} from '../core/rubric.js';
import {stripTerminalControls} from '../core/sanitize.js';
import type {ModelResult} from '../core/types.js';
import type {Notice} from './components/notice-lines.js';
import {useArenaRun} from './hooks/use-arena-run.js';
import type {JudgingCallbacks} from './hooks/use-judgement-saver.js';
import {judgingCommands, useJudging} from './hooks/use-judging.js';
import {useLatest} from './hooks/use-latest.js';
import {usePaneNavigation} from './hooks/use-pane-navigation.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {initialJudgements, type Judgements, paneBadge, verdictLine} from './judging-state.js';
import {COMPACT_HELP_BELOW_ROWS, COMPACT_HELP_ROWS} from './help-bar.js';
import {type Command, commandFor, viewCommands} from './keymap.js';
import {gridColumns} from './layout.js';
import {livePaneDisplay} from './pane-display.js';
import {PromptApp} from './prompt-app.js';
import {RunView} from './run-view.js';
import {truncateToWidth} from './text/wrap.js';
import {theme} from './theme.js';
import {inkOptions, keyboardInput, MAX_FRAMES_PER_SECOND, type TuiStreams} from './tui-options.js';

export type {JudgingCallbacks} from './hooks/use-judgement-saver.js';
export type {Judgements, PairVote, VoteWinner} from './judging-state.js';
export {MAX_FRAMES_PER_SECOND, type TuiStreams} from './tui-options.js';
// One entry point for the commands, which import the UI lazily.
export {historyTui, type StoredPane, type StoredRunDetail} from './history-app.js';

/** 'next': the user moved on to the next task of a suite (only offered with `suiteStep`). */
export type QuitReason = 'done' | 'cancelled' | 'next';

/** When the run is one task of a suite run. */
export interface SuiteStep {
	/** The progress row above the panes as it stands now; read on every render and once a second. */
	progress: () => string;
	/** A row under it ("resuming coding-5 at task 3/5"), if any. */
	note?: string | null;
	/** No task follows: n/Enter finishes the suite rather than moving on. Either way the app leaves with 'next'. */
	lastTask: boolean;
}

/** The elapsed clock and time-left estimate of a suite move even when nothing streams. */
const PROGRESS_TICK_MS = 1000;

/** After a cancel, how long to wait for streams to report "cancelled" before leaving anyway. */
const CANCEL_GRACE_MS = 1500;

const ENDED = new Set(['done', 'error', 'cancelled']);
const NOT_SAVED = 'not saved (--no-save)';

export interface RunAppProps {
	run: ArenaRun;
	title?: string;
	/** Called once, just before the app exits. */
	onQuit?: (reason: QuitReason) => void;
	/** Called after every committed render; lets tests and the benchmark count frames. */
	onCommit?: () => void;
	/** Where judgements are saved; without it judging works on screen only. */
	judging?: JudgingCallbacks;
	/** For the rubric form; need not be normalised. */
	rubricWeights?: RubricWeights;
	/** Every change of the judgements, as they now stand. */
	onJudgements?: (judgements: Judgements) => void;
	/** Set when the run is a task of a suite: a progress row, and n/Enter for the next task once judging is open. */
	suiteStep?: SuiteStep;
	/** False when a parent app decides what leaving means (the suite run moves on); onQuit still says why. */
	exitOnQuit?: boolean;
	/**
	 * Commands a parent adds (the workspace's answer actions): offered while
	 * streaming and once judging is open, before Ctrl+C and q, and handed to
	 * `onExtraCommand` with the focused pane.
	 */
	extraCommands?: {streaming?: readonly Command[]; finished?: readonly Command[]};
	onExtraCommand?: (command: Command, focusIndex: number, controls: RunAppControls) => void;
	/** While true every key goes elsewhere (the parent's follow-up editor has the keyboard). */
	keysSuspended?: boolean;
	/** Drawn under the panes, taking `rows` terminal rows (a follow-up editor, the last action's message). */
	footer?: {node: ReactNode; rows: number} | null;
	/** Per pane: show the answer as raw text rather than rendered markdown. */
	rawPanes?: readonly boolean[];
	/** What was judged before the view was last unmounted (it shows again; nothing is saved again). */
	initialJudgements?: Judgements;
	/** Ctrl+C while streaming stops the streams and keeps the view (the workspace); q still leaves. */
	cancelKeepsView?: boolean;
}

/** What a parent may do to the run view from an extra command. */
export interface RunAppControls {
	/** A pane was sampled again: forget its judgements on screen (stored ones stay). */
	forgetPane: (index: number) => void;
}

/**
 * The live run: owns only view state (focus, scroll, reasoning, judgements) and
 * turns key presses into commands. Streams, metrics and cancellation live in
 * the engine; saving lives behind the judging callbacks.
 */
export function RunApp({
	run,
	title,
	onQuit,
	onCommit,
	judging,
	rubricWeights,
	onJudgements,
	suiteStep,
	exitOnQuit = true,
	extraCommands,
	onExtraCommand,
	keysSuspended = false,
	footer = null,
	rawPanes,
	initialJudgements: judgedBefore,
	cancelKeepsView = false,
}: RunAppProps) {
	const frame = useArenaRun(run, {maxUpdatesPerSecond: MAX_FRAMES_PER_SECOND});
	const {isRawModeSupported} = useStdin();
	const {exit} = useApp();
	const size = useTerminalSize();
	const panes = frame.views.map((view, index) => ({...livePaneDisplay(view, frame.takenAt), raw: rawPanes?.[index] === true}));
	const navigation = usePaneNavigation(panes);
	const {focusIndex} = navigation.viewState;
	const [quitting, setQuitting] = useState<QuitReason | null>(null);
	// A short terminal keeps the help bar to two rows; ? shows every key, and ? again fewer.
	const [helpExpanded, setHelpExpanded] = useState(false);
	const shortTerminal = size.rows < COMPACT_HELP_BELOW_ROWS;
	const judgingState = useJudging({
		paneCount: run.targets.length,
		callbacks: judging,
		rubricWeights,
		onJudgements,
		initial: judgedBefore,
	});
	const {judgements, rubricForm} = judgingState;

	const finished = frame.results !== null;
	const paneCount = panes.length;
	// Judging waits for every model: an answer still arriving cannot be judged fairly.
	const judgingOpen = finished && quitting === null;
	const formOpen = judgingOpen && rubricForm !== null;

	useEffect(() => {
		onCommit?.();
	});

	const leave = useCallback(
		(reason: QuitReason) => {
			onQuit?.(reason);
			if (exitOnQuit) exit();
		},
		[exit, onQuit, exitOnQuit],
	);

	// Leave once the cancelled streams have been drawn as cancelled, or after a grace period.
	useEffect(() => {
		if (quitting === null) return;
		if (finished) {
			leave(quitting);
			return;
		}
		const timer = setTimeout(() => leave(quitting), CANCEL_GRACE_MS);
		return () => clearTimeout(timer);
	}, [quitting, finished, leave]);

	// Without a keyboard nobody can press q, so a finished run closes by itself.
	useEffect(() => {
		if (!isRawModeSupported && finished && quitting === null) leave('done');
	}, [isRawModeSupported, finished, quitting, leave]);

	const requestQuit = () => {
		if (quitting !== null) {
			// A second press while streams wind down: leave now.
			leave(quitting);
			return;
		}
		if (finished) {
			// Judgements were saved as they were made; there is nothing left to write.
			setQuitting('done');
			return;
		}
		run.cancel();
		setQuitting('cancelled');
	};

	const baseCommands = judgingOpen ? withNextTask(judgingCommands(paneCount), suiteStep) : viewCommands.streaming;
	const commands = withExtras(baseCommands, [
		...((judgingOpen ? extraCommands?.finished : extraCommands?.streaming) ?? []),
		...(shortTerminal ? (['SHOW_HELP'] as const) : []),
	]);
	const hasReasoning = panes.some(pane => pane.reasoning.length > 0);
	const helpCommands = formOpen
		? viewCommands.rubricForm.filter(command => command !== 'CANCEL')
		: commands.filter(
				command =>
					(command !== 'TOGGLE_REASONING' || hasReasoning) &&
					// Ctrl+C still leaves a finished run, but "cancel all" has nothing left to cancel.
					(command !== 'CANCEL' || !finished),
			);

	const handleKey = (input: string, key: Key) => {
		// The rubric form, while open, has the keyboard; it hands back only what it does not handle (Ctrl+C).
		const formHasKeys = judgingOpen && judgingState.formOpen();
		const command = formHasKeys ? judgingState.handleFormKey(input, key) : commandFor(commands, input, key);
		if (command === undefined) return;
		if (command === 'CANCEL' && cancelKeepsView && !finished && quitting === null) {
			// "cancel all" stops the streams and stays: what arrived can still be read and judged.
			run.cancel();
			return;
		}
		if (command === 'CANCEL' || command === 'QUIT') {
			requestQuit();
			return;
		}
		if (command === 'SHOW_HELP') {
			setHelpExpanded(expanded => !expanded);
			return;
		}
		if (command === 'NEXT_TASK' || command === 'FINISH_SUITE') {
			leave('next');
			return;
		}
		if (navigation.navigate(command)) return;
		if (judgingOpen && judgingState.handleCommand(command, input, navigation.currentFocus())) return;
		onExtraCommand?.(command, navigation.currentFocus(), {forgetPane: judgingState.forgetPane});
	};
	const latestHandleKey = useLatest(handleKey);
	const onKey = useCallback((input: string, key: Key) => latestHandleKey.current(input, key), [latestHandleKey]);
	useCommandKeys(onKey, {isActive: isRawModeSupported === true && !keysSuspended});

	const specs = panes.map(pane => pane.spec);
	const verdict = verdictLine(judgements, specs, gridColumns(paneCount, size.columns) > 1);
	const notices: Notice[] = [];
	if (verdict !== null) notices.push({text: verdict, tone: 'verdict'});
	if (judgingState.saveError !== null) notices.push({text: judgingState.saveError, tone: 'error'});
	const status = runStatus(panes, quitting, finished);
	const headerRows = (suiteStep ? 1 + (suiteStep.note ? 1 : 0) : 0) + (footer?.rows ?? 0);

	const view = (
		<RunView
			panes={panes}
			badges={panes.map((_, index) => paneBadge(judgements, index))}
			notices={notices}
			rubricForm={formOpen ? {form: rubricForm, weights: judgingState.weights} : null}
			columns={size.columns}
			rows={size.rows - headerRows}
			title={title}
			status={finished && !judging ? `${status} · ${NOT_SAVED}` : status}
			focusIndex={focusIndex}
			scrollTops={navigation.viewState.scrollTops}
			reasoningExpanded={navigation.reasoningExpanded}
			// Keys are of no use once leaving (or without a keyboard), so the bar goes; a footer editor shows its own.
			helpCommands={isRawModeSupported && quitting === null && !keysSuspended ? helpCommands : []}
			helpMaxRows={shortTerminal && !helpExpanded && !formOpen ? COMPACT_HELP_ROWS : undefined}
			onMeasure={navigation.onMeasure}
		/>
	);
	if (footer) {
		return (
			<Box flexDirection="column">
				{view}
				{footer.node}
			</Box>
		);
	}
	if (!suiteStep) return view;
	return (
		<Box flexDirection="column">
			<ProgressRow progress={suiteStep.progress} width={size.columns} />
			{suiteStep.note ? (
				<Text wrap="truncate-end" color={theme.warning}>
					{truncateToWidth(stripTerminalControls(suiteStep.note), size.columns)}
				</Text>
			) : null}
			{view}
		</Box>
	);
}

/**
 * The suite's next-task key joins the judging keys, just before Ctrl+C and q.
 * With three or more panes Enter stays "pick next best" (it comes first); n still moves on.
 */
function withNextTask(commands: Command[], suiteStep: SuiteStep | undefined): Command[] {
	if (!suiteStep) return commands;
	const next: Command = suiteStep.lastTask ? 'FINISH_SUITE' : 'NEXT_TASK';
	const leaveAt = commands.findIndex(command => command === 'CANCEL' || command === 'QUIT');
	const at = leaveAt === -1 ? commands.length : leaveAt;
	return [...commands.slice(0, at), next, ...commands.slice(at)];
}

/** A parent's commands join the view's own, just before Ctrl+C and q. */
function withExtras(commands: readonly Command[], extras: readonly Command[]): Command[] {
	if (extras.length === 0) return [...commands];
	const leaveAt = commands.findIndex(command => command === 'CANCEL' || command === 'QUIT');
	const at = leaveAt === -1 ? commands.length : leaveAt;
	return [...commands.slice(0, at), ...extras.filter(extra => !commands.includes(extra)), ...commands.slice(at)];
}

/** Its own component, so the clock's tick redraws one row rather than every pane. */
function ProgressRow({progress, width}: {progress: () => string; width: number}) {
	const [, setTick] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setTick(tick => tick + 1), PROGRESS_TICK_MS);
		return () => clearInterval(timer);
	}, []);
	return (
		<Text wrap="truncate-end" bold>
			{truncateToWidth(stripTerminalControls(progress()), width)}
		</Text>
	);
}

function runStatus(panes: readonly {state: string}[], quitting: QuitReason | null, finished: boolean): string {
	if (quitting === 'cancelled' && !finished) return 'cancelling…';
	const ended = panes.filter(pane => ENDED.has(pane.state)).length;
	return finished ? 'all finished' : `${ended}/${panes.length} finished`;
}

export interface RunTuiOptions extends TuiStreams {
	/** Shown on the title row, usually the prompt. */
	title?: string;
	/** Called for every frame Ink draws (after its frame cap); the benchmark counts frames with it. */
	onFrame?: () => void;
	/** Where judgements are saved as they are made. Without it (--no-save) judging works on screen only. */
	judging?: JudgingCallbacks;
	/** Rubric weights from settings; validated (a ConfigError) and normalised before anything is drawn. */
	rubricWeights?: RubricWeights;
}

export interface RunTuiOutcome {
	results: ModelResult[];
	/** 'cancelled' when the user left (Ctrl+C or q) before every model had finished. */
	quit: QuitReason;
	/** The judgements as they stood when the user left: the final ones count. */
	judgements: Judgements;
}

/**
 * Starts the run and draws it until the user leaves. Ctrl+C (or q while
 * streaming) cancels every stream at once; after the run the view stays open
 * for reading and judging until q. Resolves once every judgement handed to
 * the callbacks has settled, so the caller may close its store right after.
 * Ink's unmount restores the cursor and cooked mode.
 */
export async function runTui(run: ArenaRun, options: RunTuiOptions = {}): Promise<RunTuiOutcome> {
	const rubricWeights = validateRubricWeights(options.rubricWeights ?? DEFAULT_RUBRIC_WEIGHTS);
	let quit: QuitReason = 'done';
	let judgements = initialJudgements(run.targets.length);
	const pendingSaves = new Set<Promise<unknown>>();
	const judging = options.judging ? trackSaves(options.judging, pendingSaves) : undefined;
	const stdin = keyboardInput(options.stdin);
	const onQuit = (reason: QuitReason) => {
		if (quit !== 'cancelled') quit = reason;
	};
	const instance = render(
		<RunApp
			run={run}
			title={options.title}
			onQuit={onQuit}
			judging={judging}
			rubricWeights={rubricWeights}
			onJudgements={latest => (judgements = latest)}
		/>,
		inkOptions({stdin, stdout: options.stdout}, options.onFrame),
	);

	// With no raw mode, Ctrl+C arrives as a signal rather than a key.
	const onInterrupt = () => {
		quit = 'cancelled';
		run.cancel();
	};
	const listensForSignal = stdin.isTTY !== true;
	if (listensForSignal) process.on('SIGINT', onInterrupt);

	const finished = run.start();
	try {
		await instance.waitUntilExit();
	} catch (error) {
		run.cancel();
		await finished;
		throw error;
	} finally {
		if (listensForSignal) process.off('SIGINT', onInterrupt);
	}
	// A failed save was already shown; here it only must not be left running.
	await Promise.allSettled([...pendingSaves]);
	return {results: await finished, quit, judgements};
}

/** Wraps each callback so the caller can wait for saves still in flight when the user leaves. */
export function trackSaves(callbacks: JudgingCallbacks, pending: Set<Promise<unknown>>): JudgingCallbacks {
	const tracked = <Args extends unknown[]>(callback: (...args: Args) => void | Promise<void>) =>
		(...args: Args): void | Promise<void> => {
			const result = callback(...args);
			if (result === undefined || typeof result.then !== 'function') return result;
			const settled: Promise<unknown> = Promise.resolve(result).then(
				(): unknown => pending.delete(settled),
				(): unknown => pending.delete(settled),
			);
			pending.add(settled);
			return result;
		};
	return {
		onScore: tracked(callbacks.onScore.bind(callbacks)),
		onVote: tracked(callbacks.onVote.bind(callbacks)),
		onRanking: tracked(callbacks.onRanking.bind(callbacks)),
	};
}

export interface PromptTuiOptions extends TuiStreams {
	models: string[];
	simulated: boolean;
}

/** The minimal home screen: which models will run and a prompt box. Resolves with the prompt, or null on Esc/Ctrl+C. */
export async function promptTui(options: PromptTuiOptions): Promise<string | null> {
	const stdin = keyboardInput(options.stdin);
	// Nothing can be typed without a keyboard; the caller reads a piped prompt itself.
	if (stdin.isTTY !== true) return null;
	let answer: string | null = null;
	const instance = render(
		<PromptApp models={options.models} simulated={options.simulated} onDone={prompt => (answer = prompt)} />,
		inkOptions({stdin, stdout: options.stdout}),
	);
	await instance.waitUntilExit();
	return answer;
}
