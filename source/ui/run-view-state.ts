/**
 * What the run view remembers between frames, apart from the run itself: which
 * pane has focus, where each finished pane is scrolled, and whether the user
 * opened or folded a pane's reasoning. A pure reducer, so it is tested without Ink.
 */

export type ScrollCommand = 'SCROLL_UP' | 'SCROLL_DOWN' | 'PAGE_UP' | 'PAGE_DOWN' | 'SCROLL_TOP' | 'SCROLL_BOTTOM';

export interface RunViewState {
	focusIndex: number;
	/** First body row shown per pane; null follows the end. */
	scrollTops: readonly (number | null)[];
	/** The user's choice per pane; null means "open while thinking, folded once the answer starts". */
	reasoningChoice: readonly (boolean | null)[];
}

export type RunViewAction =
	| {type: 'focus-next'}
	| {type: 'focus-previous'}
	/** `totalRows`/`bodyRows` describe the focused pane as last drawn. */
	| {type: 'scroll'; command: ScrollCommand; totalRows: number; bodyRows: number}
	/** `expanded` is whether the focused pane's reasoning shows right now. */
	| {type: 'toggle-reasoning'; expanded: boolean};

export function initialRunViewState(paneCount: number): RunViewState {
	return {
		focusIndex: 0,
		scrollTops: Array.from({length: paneCount}, () => null),
		reasoningChoice: Array.from({length: paneCount}, () => null),
	};
}

export function runViewReducer(state: RunViewState, action: RunViewAction): RunViewState {
	const paneCount = state.scrollTops.length;
	switch (action.type) {
		case 'focus-next': {
			return {...state, focusIndex: (state.focusIndex + 1) % paneCount};
		}
		case 'focus-previous': {
			return {...state, focusIndex: (state.focusIndex - 1 + paneCount) % paneCount};
		}
		case 'scroll': {
			const maxTop = Math.max(0, action.totalRows - action.bodyRows);
			const current = state.scrollTops[state.focusIndex] ?? maxTop;
			const target = scrollTarget(action.command, current, Math.max(1, action.bodyRows - 1), maxTop);
			// Back at the bottom means following the end again.
			return {...state, scrollTops: replaceAt(state.scrollTops, state.focusIndex, target >= maxTop ? null : target)};
		}
		case 'toggle-reasoning': {
			return {...state, reasoningChoice: replaceAt(state.reasoningChoice, state.focusIndex, !action.expanded)};
		}
	}
}

function scrollTarget(command: ScrollCommand, current: number, page: number, maxTop: number): number {
	const clamp = (value: number) => Math.min(Math.max(0, value), maxTop);
	switch (command) {
		case 'SCROLL_UP':
			return clamp(current - 1);
		case 'SCROLL_DOWN':
			return clamp(current + 1);
		case 'PAGE_UP':
			return clamp(current - page);
		case 'PAGE_DOWN':
			return clamp(current + page);
		case 'SCROLL_TOP':
			return 0;
		case 'SCROLL_BOTTOM':
			return maxTop;
	}
}

function replaceAt<Item>(items: readonly Item[], index: number, item: Item): Item[] {
	const next = [...items];
	next[index] = item;
	return next;
}
