import {type Key, render, useApp, useInput, useStdin} from 'ink';
import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import type {ArenaRun} from '../core/engine.js';
import type {ModelResult} from '../core/types.js';
import type {PaneMeasure} from './components/model-pane.js';
import {useArenaRun} from './hooks/use-arena-run.js';
import {useLatest} from './hooks/use-latest.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {type Command, commandFor} from './keymap.js';
import {reasoningOpenByDefault} from './pane-content.js';
import {PromptApp} from './prompt-app.js';
import {RunView} from './run-view.js';
import {initialRunViewState, runViewReducer, type ScrollCommand} from './run-view-state.js';

export type QuitReason = 'done' | 'cancelled';

/** The frame rate cap; also the cap on snapshot updates in useArenaRun. */
export const MAX_FRAMES_PER_SECOND = 30;
/** After a cancel, how long to wait for streams to report "cancelled" before leaving anyway. */
const CANCEL_GRACE_MS = 1500;

const ENDED = new Set(['done', 'error', 'cancelled']);

const COMMANDS_WHILE_RUNNING: readonly Command[] = ['FOCUS_NEXT', 'FOCUS_PREV', 'TOGGLE_REASONING', 'CANCEL', 'QUIT'];
const COMMANDS_WHEN_FINISHED: readonly Command[] = [
	'FOCUS_NEXT',
	'FOCUS_PREV',
	'SCROLL_UP',
	'SCROLL_DOWN',
	'PAGE_UP',
	'PAGE_DOWN',
	'SCROLL_TOP',
	'SCROLL_BOTTOM',
	'TOGGLE_REASONING',
	'QUIT',
];
const SCROLL_COMMANDS: ReadonlySet<Command> = new Set<ScrollCommand>([
	'SCROLL_UP',
	'SCROLL_DOWN',
	'PAGE_UP',
	'PAGE_DOWN',
	'SCROLL_TOP',
	'SCROLL_BOTTOM',
]);

export interface RunAppProps {
	run: ArenaRun;
	title?: string;
	/** Called once, just before the app exits. */
	onQuit?: (reason: QuitReason) => void;
	/** Called after every committed render; lets tests and the benchmark count frames. */
	onCommit?: () => void;
}

/**
 * The live run: owns only view state (focus, scroll, reasoning open/closed) and
 * turns key presses into commands. Streams, metrics and cancellation live in the engine.
 */
export function RunApp({run, title, onQuit, onCommit}: RunAppProps) {
	const frame = useArenaRun(run, {maxUpdatesPerSecond: MAX_FRAMES_PER_SECOND});
	const {isRawModeSupported} = useStdin();
	const {exit} = useApp();
	const size = useTerminalSize();
	const [viewState, dispatch] = useReducer(runViewReducer, run.targets.length, initialRunViewState);
	const {focusIndex} = viewState;
	const [quitting, setQuitting] = useState<QuitReason | null>(null);
	const measures = useRef<PaneMeasure[]>([]);

	const finished = frame.results !== null;
	const views = frame.views;
	const reasoningExpanded = views.map(
		(view, index) => viewState.reasoningChoice[index] ?? reasoningOpenByDefault(view.text),
	);

	useEffect(() => {
		onCommit?.();
	});

	const leave = useCallback(
		(reason: QuitReason) => {
			onQuit?.(reason);
			exit();
		},
		[exit, onQuit],
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
			setQuitting('done');
			return;
		}
		run.cancel();
		setQuitting('cancelled');
	};

	const scroll = (command: ScrollCommand) => {
		const measure = measures.current[focusIndex];
		// Only a finished pane scrolls: while streaming, the newest text stays in view.
		if (!ENDED.has(views[focusIndex]?.state ?? '') || !measure || measure.totalRows === null) return;
		dispatch({type: 'scroll', command, totalRows: measure.totalRows, bodyRows: measure.bodyRows});
	};

	const commands = finished ? COMMANDS_WHEN_FINISHED : COMMANDS_WHILE_RUNNING;
	const hasReasoning = views.some(view => view.reasoning.length > 0);
	const helpCommands = commands.filter(command => command !== 'TOGGLE_REASONING' || hasReasoning);

	const handleKey = (input: string, key: Key) => {
		const command = commandFor(commands, input, key);
		if (command === undefined) return;
		if (command === 'CANCEL' || command === 'QUIT') {
			requestQuit();
			return;
		}
		if (command === 'FOCUS_NEXT') {
			dispatch({type: 'focus-next'});
			return;
		}
		if (command === 'FOCUS_PREV') {
			dispatch({type: 'focus-previous'});
			return;
		}
		if (command === 'TOGGLE_REASONING') {
			dispatch({type: 'toggle-reasoning', expanded: reasoningExpanded[focusIndex] ?? false});
			return;
		}
		if (isScrollCommand(command)) scroll(command);
	};
	const latestHandleKey = useLatest(handleKey);
	const onKey = useCallback((input: string, key: Key) => latestHandleKey.current(input, key), [latestHandleKey]);
	useInput(onKey, {isActive: isRawModeSupported === true});

	const onMeasure = useCallback((index: number, measure: PaneMeasure) => {
		measures.current[index] = measure;
	}, []);

	return (
		<RunView
			views={views}
			now={frame.takenAt}
			columns={size.columns}
			rows={size.rows}
			title={title}
			status={runStatus(views, quitting, finished)}
			focusIndex={focusIndex}
			scrollTops={viewState.scrollTops}
			reasoningExpanded={reasoningExpanded}
			// Keys are of no use once leaving (or without a keyboard), so the bar goes.
			helpCommands={isRawModeSupported && quitting === null ? helpCommands : []}
			onMeasure={onMeasure}
		/>
	);
}

function isScrollCommand(command: Command): command is ScrollCommand {
	return SCROLL_COMMANDS.has(command);
}

function runStatus(views: readonly {state: string}[], quitting: QuitReason | null, finished: boolean): string {
	if (quitting === 'cancelled' && !finished) return 'cancelling…';
	const ended = views.filter(view => ENDED.has(view.state)).length;
	return finished ? 'all finished' : `${ended}/${views.length} finished`;
}

export interface TuiStreams {
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
}

export interface RunTuiOptions extends TuiStreams {
	/** Shown on the title row, usually the prompt. */
	title?: string;
	/** Called for every frame Ink draws (after its frame cap); the benchmark counts frames with it. */
	onFrame?: () => void;
}

export interface RunTuiOutcome {
	results: ModelResult[];
	/** 'cancelled' when the user left (Ctrl+C or q) before every model had finished. */
	quit: QuitReason;
}

/**
 * Starts the run and draws it until the user leaves. Ctrl+C (or q while
 * streaming) cancels every stream at once; after the run the view stays open
 * for reading until q. Ink's unmount restores the cursor and cooked mode.
 */
export async function runTui(run: ArenaRun, options: RunTuiOptions = {}): Promise<RunTuiOutcome> {
	let quit: QuitReason = 'done';
	const stdin = options.stdin ?? process.stdin;
	const onQuit = (reason: QuitReason) => {
		if (quit !== 'cancelled') quit = reason;
	};
	const instance = render(<RunApp run={run} title={options.title} onQuit={onQuit} />, {
		stdin,
		stdout: options.stdout ?? process.stdout,
		exitOnCtrlC: false,
		maxFps: MAX_FRAMES_PER_SECOND,
		patchConsole: false,
		onRender: options.onFrame ? () => options.onFrame?.() : undefined,
	});

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
	return {results: await finished, quit};
}

export interface PromptTuiOptions extends TuiStreams {
	models: string[];
	simulated: boolean;
}

/** The minimal home screen: which models will run and a prompt box. Resolves with the prompt, or null on Esc/Ctrl+C. */
export async function promptTui(options: PromptTuiOptions): Promise<string | null> {
	const stdin = options.stdin ?? process.stdin;
	// Nothing can be typed without a keyboard; the caller reads a piped prompt itself.
	if (stdin.isTTY !== true) return null;
	let answer: string | null = null;
	const instance = render(
		<PromptApp models={options.models} simulated={options.simulated} onDone={prompt => (answer = prompt)} />,
		{stdin, stdout: options.stdout ?? process.stdout, exitOnCtrlC: false, maxFps: MAX_FRAMES_PER_SECOND, patchConsole: false},
	);
	await instance.waitUntilExit();
	return answer;
}
