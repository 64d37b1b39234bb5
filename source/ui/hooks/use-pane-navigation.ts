import {useCallback, useReducer, useRef} from 'react';
import type {ModelState} from '../../core/types.js';
import type {PaneMeasure} from '../components/model-pane.js';
import {type Command, SCROLLING} from '../keymap.js';
import {reasoningOpenByDefault} from '../pane-content.js';
import {initialRunViewState, runViewReducer, type RunViewState, type ScrollCommand} from '../run-view-state.js';

const SCROLL_COMMANDS: ReadonlySet<Command> = new Set<ScrollCommand>(SCROLLING);
const ENDED: ReadonlySet<ModelState> = new Set(['done', 'error', 'cancelled']);

export interface PaneNavigation {
	viewState: RunViewState;
	/** Per pane: whether its reasoning shows right now. */
	reasoningExpanded: boolean[];
	/** Applies a focus, scroll or reasoning command; false when `command` is none of those. */
	navigate: (command: Command) => boolean;
	/** The focused pane as of the last command, even before React has re-rendered. */
	currentFocus: () => number;
	/** Give to RunView, so scrolling knows how tall each pane was last drawn. */
	onMeasure: (index: number, measure: PaneMeasure) => void;
}

/** Focus, scrolling and reasoning folds over a row of panes: shared by the live run and the history view. */
export function usePaneNavigation(panes: readonly {text: string; state: ModelState}[]): PaneNavigation {
	const [viewState, dispatchToReact] = useReducer(runViewReducer, panes.length, initialRunViewState);
	// Keys that arrive together are handled before React re-renders, so the newest state
	// is kept here too (the reducer is pure: both copies see the same actions in order).
	const latest = useRef<RunViewState>(viewState);
	const dispatch = (action: Parameters<typeof runViewReducer>[1]) => {
		latest.current = runViewReducer(latest.current, action);
		dispatchToReact(action);
	};
	const measures = useRef<PaneMeasure[]>([]);
	const currentFocus = useCallback(() => latest.current.focusIndex, []);
	const reasoningExpanded = panes.map(
		(pane, index) => viewState.reasoningChoice[index] ?? reasoningOpenByDefault(pane.text),
	);

	const navigate = (command: Command): boolean => {
		if (command === 'FOCUS_NEXT') {
			dispatch({type: 'focus-next'});
			return true;
		}
		if (command === 'FOCUS_PREV') {
			dispatch({type: 'focus-previous'});
			return true;
		}
		if (command === 'TOGGLE_REASONING') {
			const focused = latest.current.focusIndex;
			const expanded = latest.current.reasoningChoice[focused] ?? reasoningOpenByDefault(panes[focused]?.text ?? '');
			dispatch({type: 'toggle-reasoning', expanded});
			return true;
		}
		if (!isScrollCommand(command)) return false;
		const focused = latest.current.focusIndex;
		const measure = measures.current[focused];
		// Only a finished pane scrolls: while streaming, the newest text stays in view.
		if (!ENDED.has(panes[focused]?.state ?? 'waiting') || !measure || measure.totalRows === null) return true;
		dispatch({type: 'scroll', command, totalRows: measure.totalRows, bodyRows: measure.bodyRows});
		return true;
	};

	const onMeasure = useCallback((index: number, measure: PaneMeasure) => {
		measures.current[index] = measure;
	}, []);

	return {viewState, reasoningExpanded, navigate, currentFocus, onMeasure};
}

function isScrollCommand(command: Command): command is ScrollCommand {
	return SCROLL_COMMANDS.has(command);
}
