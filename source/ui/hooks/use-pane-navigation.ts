import {useCallback, useReducer, useRef} from 'react';
import type {ModelState} from '../../core/types.js';
import type {PaneMeasure} from '../components/model-pane.js';
import type {Command} from '../keymap.js';
import {reasoningOpenByDefault} from '../pane-content.js';
import {initialRunViewState, runViewReducer, type RunViewState, type ScrollCommand} from '../run-view-state.js';

const SCROLL_COMMANDS: ReadonlySet<Command> = new Set<ScrollCommand>([
	'SCROLL_UP',
	'SCROLL_DOWN',
	'PAGE_UP',
	'PAGE_DOWN',
	'SCROLL_TOP',
	'SCROLL_BOTTOM',
]);
const ENDED: ReadonlySet<ModelState> = new Set(['done', 'error', 'cancelled']);

export interface PaneNavigation {
	viewState: RunViewState;
	/** Per pane: whether its reasoning shows right now. */
	reasoningExpanded: boolean[];
	/** Applies a focus, scroll or reasoning command; false when `command` is none of those. */
	navigate: (command: Command) => boolean;
	/** Give to RunView, so scrolling knows how tall each pane was last drawn. */
	onMeasure: (index: number, measure: PaneMeasure) => void;
}

/** Focus, scrolling and reasoning folds over a row of panes: shared by the live run and the history view. */
export function usePaneNavigation(panes: readonly {text: string; state: ModelState}[]): PaneNavigation {
	const [viewState, dispatch] = useReducer(runViewReducer, panes.length, initialRunViewState);
	const measures = useRef<PaneMeasure[]>([]);
	const {focusIndex} = viewState;
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
			dispatch({type: 'toggle-reasoning', expanded: reasoningExpanded[focusIndex] ?? false});
			return true;
		}
		if (!isScrollCommand(command)) return false;
		const measure = measures.current[focusIndex];
		// Only a finished pane scrolls: while streaming, the newest text stays in view.
		if (!ENDED.has(panes[focusIndex]?.state ?? 'waiting') || !measure || measure.totalRows === null) return true;
		dispatch({type: 'scroll', command, totalRows: measure.totalRows, bodyRows: measure.bodyRows});
		return true;
	};

	const onMeasure = useCallback((index: number, measure: PaneMeasure) => {
		measures.current[index] = measure;
	}, []);

	return {viewState, reasoningExpanded, navigate, onMeasure};
}

function isScrollCommand(command: Command): command is ScrollCommand {
	return SCROLL_COMMANDS.has(command);
}
