/**
 * What the leaderboard view remembers between frames: which view is up (the
 * ratings or the head-to-head matrix), the sort column and direction, the
 * selected row and the first row shown, and how far the matrix is scrolled. A
 * pure reducer, so it is tested without Ink.
 */

import type {SortDirection} from '../../core/leaderboard.js';

export type LeaderboardView = 'ratings' | 'head-to-head';

export interface LeaderboardViewState {
	view: LeaderboardView;
	/** Index into the sortable columns. */
	sortColumn: number;
	direction: SortDirection;
	/** Index into the sorted rows. */
	selected: number;
	/** First sorted row drawn. */
	scrollTop: number;
	/** First matrix row drawn; the matrix keeps its own place, so flipping back and forth loses nothing. */
	matrixTop: number;
}

export type LeaderboardViewAction =
	/** Sort by the next or previous column, best first. */
	| {type: 'sort-next'; columnCount: number; bestFirst: (column: number) => SortDirection}
	| {type: 'sort-previous'; columnCount: number; bestFirst: (column: number) => SortDirection}
	| {type: 'reverse'}
	| {type: 'move'; by: number; rowCount: number; visibleRows: number}
	| {type: 'move-to'; row: 'first' | 'last'; rowCount: number; visibleRows: number}
	/** The terminal changed size: keep the selection in view. */
	| {type: 'fit'; rowCount: number; visibleRows: number}
	| {type: 'toggle-view'}
	/** Scroll the matrix by rows, or to its first or last page. */
	| {type: 'scroll-matrix'; by: number | 'first' | 'last'; rowCount: number; visibleRows: number};

export function initialLeaderboardViewState(sortColumn: number, direction: SortDirection): LeaderboardViewState {
	return {view: 'ratings', sortColumn, direction, selected: 0, scrollTop: 0, matrixTop: 0};
}

export function leaderboardViewReducer(state: LeaderboardViewState, action: LeaderboardViewAction): LeaderboardViewState {
	switch (action.type) {
		case 'sort-next':
		case 'sort-previous': {
			if (action.columnCount === 0) return state;
			const step = action.type === 'sort-next' ? 1 : -1;
			const sortColumn = (state.sortColumn + step + action.columnCount) % action.columnCount;
			// A new order puts the best at the top, so that is where the selection goes.
			return {...state, sortColumn, direction: action.bestFirst(sortColumn), selected: 0, scrollTop: 0};
		}
		case 'reverse': {
			return {...state, direction: state.direction === 'ascending' ? 'descending' : 'ascending', selected: 0, scrollTop: 0};
		}
		case 'move': {
			return keepInView({...state, selected: state.selected + action.by}, action.rowCount, action.visibleRows);
		}
		case 'move-to': {
			return keepInView({...state, selected: action.row === 'first' ? 0 : action.rowCount - 1}, action.rowCount, action.visibleRows);
		}
		case 'fit': {
			return keepInView(state, action.rowCount, action.visibleRows);
		}
		case 'toggle-view': {
			return {...state, view: state.view === 'ratings' ? 'head-to-head' : 'ratings'};
		}
		case 'scroll-matrix': {
			const lastTop = Math.max(0, action.rowCount - Math.max(1, action.visibleRows));
			const wanted = action.by === 'first' ? 0 : action.by === 'last' ? lastTop : state.matrixTop + action.by;
			const matrixTop = Math.max(0, Math.min(wanted, lastTop));
			return matrixTop === state.matrixTop ? state : {...state, matrixTop};
		}
	}
}

function keepInView(state: LeaderboardViewState, rowCount: number, visibleRows: number): LeaderboardViewState {
	const selected = Math.min(Math.max(0, state.selected), Math.max(0, rowCount - 1));
	const window = Math.max(1, visibleRows);
	let scrollTop = Math.min(state.scrollTop, selected);
	if (selected >= scrollTop + window) scrollTop = selected - window + 1;
	scrollTop = Math.max(0, Math.min(scrollTop, Math.max(0, rowCount - window)));
	if (selected === state.selected && scrollTop === state.scrollTop) return state;
	return {...state, selected, scrollTop};
}
