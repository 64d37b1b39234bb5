import {describe, expect, it} from 'vitest';
import {initialLeaderboardViewState, leaderboardViewReducer} from '../../../source/ui/leaderboard/leaderboard-state.js';

const bestFirst = (column: number) => (column === 1 ? 'ascending' : 'descending');

describe('leaderboard view state', () => {
	it('cycles the sort column both ways, best first, and back to the top', () => {
		let state = {...initialLeaderboardViewState(0, 'descending'), selected: 5, scrollTop: 3};
		state = leaderboardViewReducer(state, {type: 'sort-next', columnCount: 3, bestFirst});
		expect(state).toEqual({sortColumn: 1, direction: 'ascending', selected: 0, scrollTop: 0});
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
});
