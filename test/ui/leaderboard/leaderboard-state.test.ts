import {describe, expect, it} from 'vitest';
import {initialLeaderboardViewState, leaderboardViewReducer} from '../../../source/ui/leaderboard/leaderboard-state.js';

const bestFirst = (column: number) => (column === 1 ? 'ascending' : 'descending');

describe('leaderboard view state', () => {
	it('cycles the sort column both ways, best first, and back to the top', () => {
		let state = {...initialLeaderboardViewState(0, 'descending'), selected: 5, scrollTop: 3};
		state = leaderboardViewReducer(state, {type: 'sort-next', columnCount: 3, bestFirst});
		expect(state).toMatchObject({sortColumn: 1, direction: 'ascending', selected: 0, scrollTop: 0});
		state = leaderboardViewReducer(state, {type: 'sort-previous', columnCount: 3, bestFirst});
		state = leaderboardViewReducer(state, {type: 'sort-previous', columnCount: 3, bestFirst});
		expect(state).toMatchObject({sortColumn: 2, direction: 'descending'});
		expect(leaderboardViewReducer(state, {type: 'reverse'}).direction).toBe('ascending');
	});

	it('keeps the selection inside the rows and on screen', () => {
		let state = initialLeaderboardViewState(0, 'descending');
		state = leaderboardViewReducer(state, {type: 'move', by: -1, rowCount: 10, visibleRows: 4});
		expect(state).toMatchObject({selected: 0, scrollTop: 0});
		state = leaderboardViewReducer(state, {type: 'move', by: 5, rowCount: 10, visibleRows: 4});
		expect(state).toMatchObject({selected: 5, scrollTop: 2});
		state = leaderboardViewReducer(state, {type: 'move-to', row: 'last', rowCount: 10, visibleRows: 4});
		expect(state).toMatchObject({selected: 9, scrollTop: 6});
		// A taller terminal shows more rows, so the window starts earlier.
		state = leaderboardViewReducer(state, {type: 'fit', rowCount: 10, visibleRows: 8});
		expect(state).toMatchObject({selected: 9, scrollTop: 2});
	});

	it('flips between the ratings and the matrix, each keeping its own place', () => {
		let state = leaderboardViewReducer(initialLeaderboardViewState(0, 'descending'), {type: 'move', by: 3, rowCount: 10, visibleRows: 4});
		state = leaderboardViewReducer(state, {type: 'toggle-view'});
		expect(state.view).toBe('head-to-head');
		state = leaderboardViewReducer(state, {type: 'scroll-matrix', by: 2, rowCount: 10, visibleRows: 4});
		state = leaderboardViewReducer(state, {type: 'toggle-view'});
		expect(state).toMatchObject({view: 'ratings', selected: 3, matrixTop: 2});
	});

	it('scrolls the matrix within its rows', () => {
		let state = initialLeaderboardViewState(0, 'descending');
		state = leaderboardViewReducer(state, {type: 'scroll-matrix', by: -1, rowCount: 10, visibleRows: 4});
		expect(state.matrixTop).toBe(0);
		state = leaderboardViewReducer(state, {type: 'scroll-matrix', by: 'last', rowCount: 10, visibleRows: 4});
		expect(state.matrixTop).toBe(6);
		state = leaderboardViewReducer(state, {type: 'scroll-matrix', by: 5, rowCount: 10, visibleRows: 4});
		expect(state.matrixTop).toBe(6);
		state = leaderboardViewReducer(state, {type: 'scroll-matrix', by: 'first', rowCount: 10, visibleRows: 4});
		expect(state.matrixTop).toBe(0);
		// Everything fits: nothing to scroll.
		expect(leaderboardViewReducer(state, {type: 'scroll-matrix', by: 3, rowCount: 3, visibleRows: 4}).matrixTop).toBe(0);
	});
});
