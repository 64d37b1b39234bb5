import {useCallback, useRef, useState} from 'react';
import type {RubricScores} from '../../core/rubric.js';
import type {JudgementChange, PairVote} from '../judging-state.js';

/**
 * Where judgements go. The command passes these in (the UI never touches the
 * store); each is called the moment the user decides, so a judgement is
 * committed before the next key press. May return a promise.
 */
export interface JudgingCallbacks {
	/** A null score means the pane's score was cleared. `rubric` is set when the score came from the rubric form. */
	onScore(index: number, score: number | null, rubric: RubricScores | null): void | Promise<void>;
	/** Two panes only; leftIndex 0, rightIndex 1. The latest vote replaces earlier ones. */
	onVote(vote: PairVote): void | Promise<void>;
	/**
	 * Three or more panes: pane indices, best first; panes left out rank below all
	 * listed ones (see rankingVotes). Each call replaces the previous ranking; an
	 * empty list withdraws it.
	 */
	onRanking(orderedIndices: number[]): void | Promise<void>;
}

export interface JudgementSaver {
	save: (change: JudgementChange) => void;
	/** What is not saved right now, for a one-row notice; null when everything is. */
	error: string | null;
}

/** The newest settled save of one judgement (a pane's score, the vote, the ranking). */
interface SlotOutcome {
	attempt: number;
	/** Null when that save went through. */
	failure: string | null;
}

/**
 * Hands changes to the callbacks and turns a throw or rejection into an error
 * message rather than a crash. Runs from key handlers, never inside a state
 * updater (React may call those twice).
 *
 * Failures are kept per judgement: saving the vote does not excuse a score that
 * failed, but saving that score again does. A slow older save settling after a
 * newer one of the same judgement is ignored, since the newer one is what counts.
 */
export function useJudgementSaver(callbacks: JudgingCallbacks | undefined): JudgementSaver {
	const [outcomes, setOutcomes] = useState<ReadonlyMap<string, SlotOutcome>>(() => new Map());
	const attempts = useRef(0);

	const save = useCallback(
		(change: JudgementChange) => {
			if (!callbacks) return;
			attempts.current += 1;
			const attempt = attempts.current;
			const slot = slotOf(change);
			const settle = (failure: string | null) =>
				setOutcomes(current => {
					const previous = current.get(slot);
					if (previous && previous.attempt > attempt) return current;
					const next = new Map(current);
					next.set(slot, {attempt, failure});
					return next;
				});
			let pending: void | Promise<void>;
			try {
				pending = deliver(callbacks, change);
			} catch (error) {
				settle(errorMessage(error));
				return;
			}
			Promise.resolve(pending).then(
				() => settle(null),
				(error: unknown) => settle(errorMessage(error)),
			);
		},
		[callbacks],
	);

	return {save, error: describeFailures(outcomes)};
}

function slotOf(change: JudgementChange): string {
	return change.type === 'score' ? `score ${change.index}` : change.type;
}

/** The newest failure, and how many other judgements are also unsaved. */
function describeFailures(outcomes: ReadonlyMap<string, SlotOutcome>): string | null {
	const failed = [...outcomes.values()].filter(outcome => outcome.failure !== null);
	if (failed.length === 0) return null;
	const newest = failed.reduce((latest, outcome) => (outcome.attempt > latest.attempt ? outcome : latest));
	const others = failed.length - 1;
	return `could not save: ${newest.failure}${others > 0 ? ` (and ${others} more)` : ''}`;
}

function deliver(callbacks: JudgingCallbacks, change: JudgementChange): void | Promise<void> {
	switch (change.type) {
		case 'score':
			return callbacks.onScore(change.index, change.score, change.rubric);
		case 'vote':
			return callbacks.onVote({...change.vote});
		case 'ranking':
			return callbacks.onRanking([...change.ranking]);
	}
}

function errorMessage(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n')[0] || 'unknown error';
}
