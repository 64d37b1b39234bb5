import {RUBRIC_CRITERIA, RUBRIC_MAX_SCORE, RUBRIC_MIN_SCORE, type RubricScores} from '../core/rubric.js';

/**
 * The small rubric form for one pane: a mark per criterion, one criterion
 * selected. Digits set the selected mark and move on; ←/→ nudge it (the only
 * way to give a 0, since the 0 key means 10 everywhere). Pure reducer.
 */

export interface RubricFormState {
	paneIndex: number;
	/** In RUBRIC_CRITERIA order; null until marked. */
	marks: (number | null)[];
	/** Index into RUBRIC_CRITERIA. */
	selected: number;
}

export type RubricFormAction =
	| {type: 'mark'; value: number}
	| {type: 'next'}
	| {type: 'previous'}
	| {type: 'adjust'; delta: number};

/** Opens on the first criterion, prefilled with the pane's earlier rubric if it has one. */
export function openRubricForm(paneIndex: number, previous: RubricScores | null): RubricFormState {
	return {
		paneIndex,
		marks: RUBRIC_CRITERIA.map(criterion => previous?.[criterion] ?? null),
		selected: 0,
	};
}

export function rubricFormReducer(state: RubricFormState, action: RubricFormAction): RubricFormState {
	const last = RUBRIC_CRITERIA.length - 1;
	switch (action.type) {
		case 'mark': {
			return {
				...state,
				marks: replaceAt(state.marks, state.selected, clampMark(action.value)),
				selected: Math.min(last, state.selected + 1),
			};
		}
		case 'next': {
			return {...state, selected: Math.min(last, state.selected + 1)};
		}
		case 'previous': {
			return {...state, selected: Math.max(0, state.selected - 1)};
		}
		case 'adjust': {
			// An unmarked criterion nudged down lands on 0, nudged up on 1.
			const current = state.marks[state.selected] ?? (action.delta < 0 ? RUBRIC_MIN_SCORE - action.delta : RUBRIC_MIN_SCORE);
			return {...state, marks: replaceAt(state.marks, state.selected, clampMark(current + action.delta))};
		}
	}
}

/** The marks once every criterion has one; null while any is missing. */
export function completedMarks(state: RubricFormState): RubricScores | null {
	if (state.marks.some(mark => mark === null)) return null;
	const scores = {} as RubricScores;
	for (const [index, criterion] of RUBRIC_CRITERIA.entries()) scores[criterion] = state.marks[index]!;
	return scores;
}

function clampMark(value: number): number {
	return Math.min(RUBRIC_MAX_SCORE, Math.max(RUBRIC_MIN_SCORE, Math.round(value)));
}

function replaceAt<Item>(items: readonly Item[], index: number, item: Item): Item[] {
	const next = [...items];
	next[index] = item;
	return next;
}
