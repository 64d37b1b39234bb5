import {type Key, render, useApp, useStdin} from 'ink';
import {useCommandKeys} from './hooks/use-command-keys.js';
import {useCallback, useEffect, useMemo} from 'react';
import type {Notice} from './components/notice-lines.js';
import {usePaneNavigation} from './hooks/use-pane-navigation.js';
import {useLatest} from './hooks/use-latest.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {formatScore} from './judging-state.js';
import {type Command, commandFor, viewCommands} from './keymap.js';
import {type StoredPane, storedPaneDisplay} from './pane-display.js';
import {RunView} from './run-view.js';
import {inkOptions, type TuiStreams} from './tui-options.js';

export type {StoredPane} from './pane-display.js';

/** A stored run as `arena history show ID` prepares it. */
export interface StoredRunDetail {
	/** Usually the prompt. */
	title: string;
	/** Shown on the right of the title row, as given. */
	createdAt: string;
	panes: StoredPane[];
	/** The saved vote or ranking, in words ("You voted: A (left) is better"); null when there is none. */
	verdict: string | null;
}

const EMBEDDED_COMMANDS: readonly Command[] = [...viewCommands.history.filter(command => command !== 'QUIT' && command !== 'DISMISS'), 'BACK', 'QUIT'];

export interface HistoryAppProps {
	detail: StoredRunDetail;
	/** Called once, just before the app exits. */
	onLeave?: () => void;
	/**
	 * False when the view is embedded in a larger app (the workspace's history
	 * browser): leaving then only calls `onLeave`, and the app keeps running.
	 */
	exitOnLeave?: boolean;
	/** Embedded: q leaves the whole app through this (Esc goes back); without it q goes back too. */
	onQuitApp?: () => void;
}

/**
 * A stored run, read-only: the same panes as a live run (focus, scrolling and
 * reasoning work) with the saved scores in their headers and the verdict below.
 * No judging keys: history is changed by judging a run, not by browsing it.
 */
export function HistoryApp({detail, onLeave, exitOnLeave = true, onQuitApp}: HistoryAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const size = useTerminalSize();
	const panes = useMemo(() => detail.panes.map(storedPaneDisplay), [detail.panes]);
	const navigation = usePaneNavigation(panes);

	const leave = useCallback(() => {
		onLeave?.();
		if (exitOnLeave) exit();
	}, [exit, onLeave, exitOnLeave]);

	// Without a keyboard nobody can leave, so the run is drawn once and the view closes.
	useEffect(() => {
		if (!isRawModeSupported) leave();
	}, [isRawModeSupported, leave]);

	const hasReasoning = panes.some(pane => pane.reasoning.length > 0);
	// Inside the workspace the stored run is a level below the list: Esc (or q) goes back to it.
	const commands: readonly Command[] = exitOnLeave ? viewCommands.history : EMBEDDED_COMMANDS;
	const helpCommands = commands.filter(command => command !== 'TOGGLE_REASONING' || hasReasoning);

	const handleKey = (input: string, key: Key) => {
		const command = commandFor(commands, input, key);
		if (command === undefined) return;
		if (command === 'QUIT' && !exitOnLeave && onQuitApp) {
			onQuitApp();
			return;
		}
		if (command === 'QUIT' || command === 'DISMISS' || command === 'BACK') {
			leave();
			return;
		}
		navigation.navigate(command);
	};
	const latestHandleKey = useLatest(handleKey);
	const onKey = useCallback((input: string, key: Key) => latestHandleKey.current(input, key), [latestHandleKey]);
	useCommandKeys(onKey, {isActive: isRawModeSupported === true});

	const notices: Notice[] = detail.verdict === null ? [] : [{text: detail.verdict, tone: 'verdict'}];
	const badges = detail.panes.map(pane => (pane.score === null ? '' : `★ ${formatScore(pane.score)}/10`));

	return (
		<RunView
			panes={panes}
			badges={badges}
			notices={notices}
			columns={size.columns}
			rows={size.rows}
			title={detail.title}
			status={detail.createdAt}
			focusIndex={navigation.viewState.focusIndex}
			scrollTops={navigation.viewState.scrollTops}
			reasoningExpanded={navigation.reasoningExpanded}
			helpCommands={isRawModeSupported ? helpCommands : []}
			onMeasure={navigation.onMeasure}
		/>
	);
}

/** `arena history show ID` on a terminal: shows the stored run until q or Esc. */
export async function historyTui(detail: StoredRunDetail, options: TuiStreams = {}): Promise<void> {
	const instance = render(<HistoryApp detail={detail} />, inkOptions(options));
	await instance.waitUntilExit();
}
