import {expect, test} from 'vitest';
import {initialRunViewState, type RunViewAction, runViewReducer} from '../../source/ui/run-view-state.js';

const apply = (paneCount: number, ...actions: RunViewAction[]) =>
	actions.reduce(runViewReducer, initialRunViewState(paneCount));

const scroll = (command: Extract<RunViewAction, {type: 'scroll'}>['command']): RunViewAction => ({
	type: 'scroll',
	command,
	totalRows: 100,
	bodyRows: 10,
});

test('focus starts on the leftmost pane and wraps both ways', () => {
	expect(apply(3).focusIndex).toBe(0);
	expect(apply(3, {type: 'focus-next'}, {type: 'focus-next'}, {type: 'focus-next'}).focusIndex).toBe(0);
	expect(apply(3, {type: 'focus-previous'}).focusIndex).toBe(2);
});

test('scrolling starts from the end, moves by line and page, clamps, and follows the end again at the bottom', () => {
	expect(apply(1, scroll('SCROLL_UP')).scrollTops).toEqual([89]);
	// A page keeps one row of context.
	expect(apply(1, scroll('PAGE_UP')).scrollTops).toEqual([81]);
	expect(apply(1, scroll('SCROLL_TOP'), scroll('SCROLL_UP')).scrollTops).toEqual([0]);
	expect(apply(1, scroll('SCROLL_TOP'), scroll('PAGE_DOWN')).scrollTops).toEqual([9]);
	expect(apply(1, scroll('SCROLL_UP'), scroll('SCROLL_DOWN')).scrollTops).toEqual([null]);
	expect(apply(1, scroll('SCROLL_TOP'), scroll('SCROLL_BOTTOM')).scrollTops).toEqual([null]);
});

test('scrolling and reasoning apply to the focused pane only', () => {
	const state = apply(2, {type: 'focus-next'}, scroll('SCROLL_TOP'), {type: 'toggle-reasoning', expanded: false});
	expect(state.scrollTops).toEqual([null, 0]);
	expect(state.reasoningChoice).toEqual([null, true]);
	expect(runViewReducer(state, {type: 'toggle-reasoning', expanded: true}).reasoningChoice).toEqual([null, false]);
});
