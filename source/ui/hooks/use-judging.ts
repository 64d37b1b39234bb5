import type {Key} from 'ink';
import {useMemo} from 'react';
import {DEFAULT_RUBRIC_WEIGHTS, rubricScore, type RubricWeights, validateRubricWeights} from '../../core/rubric.js';
import {initialJudgements, judge, type Judgements, type JudgingAction, type VoteWinner} from '../judging-state.js';
import {type Command, commandFor, digitValue, viewCommands} from '../keymap.js';
import {completedMarks, openRubricForm, type RubricFormAction, rubricFormReducer, type RubricFormState} from '../rubric-form-state.js';
import {type JudgingCallbacks, useJudgementSaver} from './use-judgement-saver.js';
import {useRefState} from './use-ref-state.js';

const VOTES: Partial<Record<Command, VoteWinner>> = {
	VOTE_LEFT: 'model_a',
	VOTE_RIGHT: 'model_b',
	VOTE_TIE: 'tie',
	VOTE_BOTH_BAD: 'tie (bothbad)',
};
const FORM_MOVES: Partial<Record<Command, RubricFormAction>> = {
	RUBRIC_NEXT: {type: 'next'},
	RUBRIC_PREV: {type: 'previous'},
	RUBRIC_LESS: {type: 'adjust', delta: -1},
	RUBRIC_MORE: {type: 'adjust', delta: 1},
};

/** The judging keys that make sense for this many panes: votes for two, a ranking for three or more. */
export function judgingCommands(paneCount: number): Command[] {
	return viewCommands.judging.filter(command => {
		if (command in VOTES) return paneCount === 2;
		if (command === 'PICK_BEST') return paneCount >= 3;
		return true;
	});
}

export interface JudgingOptions {
	/** The judgements on screen when the view is drawn again (back from a diff); saved ones are not saved again. */
	initial?: Judgements;
	paneCount: number;
	callbacks: JudgingCallbacks | undefined;
	/** Need not be normalised. */
	rubricWeights: RubricWeights | undefined;
	/** Every change of the judgements, as they now stand. */
	onJudgements?: (judgements: Judgements) => void;
}

export interface Judging {
	judgements: Judgements;
	/** The rubric form being filled in, if any; it has the keyboard while open. */
	rubricForm: RubricFormState | null;
	/** Normalised. */
	weights: RubricWeights;
	/** Why something the user judged is not saved, if it is not. */
	saveError: string | null;
	/** Whether the form is open right now (ahead of the next render). */
	formOpen: () => boolean;
	/** A key while the form is open; returns the command the form leaves to the view (Ctrl+C). */
	handleFormKey: (input: string, key: Key) => Command | undefined;
	/** A judging command on the focused pane; false when `command` is not one. */
	handleCommand: (command: Command, input: string, focusIndex: number) => boolean;
	/**
	 * A pane was sampled again: its score, and any vote or ranking it was part of,
	 * no longer describe what is on screen. Only the screen forgets; what was saved stays.
	 */
	forgetPane: (index: number) => void;
}

/**
 * The judging half of the run view: scores, the vote or ranking, and the
 * rubric form. State is read through refs so keys typed faster than frames
 * each act on what the previous key left.
 */
export function useJudging({paneCount, callbacks, rubricWeights, onJudgements, initial}: JudgingOptions): Judging {
	const [judgements, readJudgements, writeJudgements] = useRefState(() => initial ?? initialJudgements(paneCount));
	const [rubricForm, readRubricForm, writeRubricForm] = useRefState<RubricFormState | null>(() => null);
	const saver = useJudgementSaver(callbacks);
	const weights = useMemo(() => validateRubricWeights(rubricWeights ?? DEFAULT_RUBRIC_WEIGHTS), [rubricWeights]);

	const apply = (action: JudgingAction) => {
		const {state, change} = judge(readJudgements(), action);
		if (change === null) return;
		writeJudgements(state);
		onJudgements?.(state);
		saver.save(change);
	};

	const handleFormKey = (input: string, key: Key): Command | undefined => {
		const form = readRubricForm();
		const command = commandFor(viewCommands.rubricForm, input, key);
		if (form === null || command === undefined) return undefined;
		if (command === 'RUBRIC_CANCEL') {
			writeRubricForm(null);
			return undefined;
		}
		if (command === 'RUBRIC_SAVE') {
			const marks = completedMarks(form);
			// The form says what is missing; Enter does nothing until then.
			if (marks === null) return undefined;
			writeRubricForm(null);
			apply({type: 'score', index: form.paneIndex, score: rubricScore(marks, weights), rubric: marks});
			return undefined;
		}
		const value = command === 'RUBRIC_MARK' ? digitValue(input) : null;
		const action = value === null ? FORM_MOVES[command] : ({type: 'mark', value} as const);
		if (action) {
			writeRubricForm(rubricFormReducer(form, action));
			return undefined;
		}
		return command;
	};

	const handleCommand = (command: Command, input: string, focusIndex: number): boolean => {
		const winner = VOTES[command];
		if (winner !== undefined) {
			apply({type: 'vote', winner});
			return true;
		}
		switch (command) {
			case 'SCORE': {
				const score = digitValue(input);
				if (score !== null) apply({type: 'score', index: focusIndex, score});
				return true;
			}
			case 'CLEAR_SCORE': {
				apply({type: 'clear-score', index: focusIndex});
				return true;
			}
			case 'PICK_BEST': {
				apply({type: 'pick-best', index: focusIndex});
				return true;
			}
			case 'RUBRIC': {
				writeRubricForm(openRubricForm(focusIndex, readJudgements().rubrics[focusIndex] ?? null));
				return true;
			}
			default:
				return false;
		}
	};

	return {
		judgements,
		rubricForm,
		weights,
		saveError: saver.error,
		formOpen: () => readRubricForm() !== null,
		handleFormKey,
		handleCommand,
		forgetPane: index => {
			const current = readJudgements();
			const next = {
				scores: current.scores.map((score, pane) => (pane === index ? null : score)),
				rubrics: current.rubrics.map((rubric, pane) => (pane === index ? null : rubric)),
				vote: null,
				ranking: null,
			};
			writeJudgements(next);
			onJudgements?.(next);
		},
	};
}
