import {expect, test} from 'vitest';
import {completedMarks, openRubricForm, type RubricFormAction, rubricFormReducer} from '../../source/ui/rubric-form-state.js';

const fill = (...actions: RubricFormAction[]) => actions.reduce(rubricFormReducer, openRubricForm(0, null));
const mark = (value: number): RubricFormAction => ({type: 'mark', value});

test('marks are given in order, each moving to the next criterion', () => {
	const form = fill(mark(9), mark(7), mark(8), mark(6));
	expect(form.selected).toBe(3);
	expect(completedMarks(form)).toEqual({correctness: 9, code_quality: 7, documentation: 8, edge_cases: 6});
});

test('nothing can be saved until every criterion has a mark', () => {
	expect(completedMarks(fill(mark(9), mark(7), mark(8)))).toBeNull();
});

test('arrows move between criteria and nudge a mark within 0–10; an unmarked one nudged down is 0', () => {
	const form = fill({type: 'adjust', delta: -1}, {type: 'next'}, {type: 'adjust', delta: 1}, {type: 'adjust', delta: 1});
	expect(form.marks).toEqual([0, 2, null, null]);
	const capped = fill(mark(10), {type: 'previous'}, {type: 'adjust', delta: 1});
	expect(capped.marks[0]).toBe(10);
	expect(fill({type: 'previous'}).selected).toBe(0);
	expect(fill({type: 'next'}, {type: 'next'}, {type: 'next'}, {type: 'next'}).selected).toBe(3);
});

test('reopening the form on a pane shows the marks it was given before', () => {
	const form = openRubricForm(2, {correctness: 3, code_quality: 4, documentation: 5, edge_cases: 6});
	expect(form.paneIndex).toBe(2);
	expect(completedMarks(form)).toEqual({correctness: 3, code_quality: 4, documentation: 5, edge_cases: 6});
});
