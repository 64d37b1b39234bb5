import type {BattleWinner} from '../../source/core/rating.js';
import type {HistoryStore} from '../../source/store/history-store.js';
import {modelResult} from '../store/fixtures/store-test-kit.js';

/**
 * Votes for leaderboard tests, stored the way the app stores them: a two-model
 * run, then a vote on its two answers.
 */

export interface JudgedRunOptions {
	votedAt?: string;
	leftMetrics?: Parameters<typeof modelResult>[0];
	rightMetrics?: Parameters<typeof modelResult>[0];
	/** `blind` (the default here) as `arena battle` stores it; `named` as `arena run` does. */
	mode?: 'blind' | 'named';
	/** The identity-word check fired on one of the answers. */
	flagged?: boolean;
	category?: string;
	source?: string;
}

/** Stores one two-model run and a vote on it; `left` is side A. */
export function judgedRun(store: HistoryStore, left: string, right: string, winner: BattleWinner, options: JudgedRunOptions = {}) {
	const saved = store.saveRun({
		prompt: `${left} vs ${right}`,
		created_at: options.votedAt,
		mode: options.mode ?? 'blind',
		category: options.category,
		source: options.source,
		answers: [modelResult({...options.leftMetrics, spec: left}), modelResult({...options.rightMetrics, spec: right})],
	});
	store.recordVote({
		run_id: saved.runId,
		answer_a_id: saved.answerIds[0],
		answer_b_id: saved.answerIds[1],
		model_a: left,
		model_b: right,
		winner,
		flagged_identity: options.flagged,
		source: options.source,
		voted_at: options.votedAt,
	});
	return saved;
}

/** The same vote `times` times, each on its own run. */
export function judgedRuns(store: HistoryStore, times: number, left: string, right: string, winner: BattleWinner, options: JudgedRunOptions = {}): void {
	for (let index = 0; index < times; index++) judgedRun(store, left, right, winner, options);
}
