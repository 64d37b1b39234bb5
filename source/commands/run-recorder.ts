import {answerCost, servedPrice} from '../core/cost.js';
import type {ArenaRun} from '../core/engine.js';
import type {ModelResult} from '../core/types.js';
import type {BattleWinner, HistoryStore, NewVote, RunMode} from '../store/history-store.js';

export interface RunMetadata {
	prompt: string;
	system: string | undefined;
	mode: RunMode;
	category?: string | null;
	suite?: string | null;
	task_id?: string | null;
	session_id?: string | null;
	/** Set for every turn of a conversation (follow-ups); `turn` counts from 1. */
	conversation_id?: string | null;
	turn?: number;
}

/**
 * Saves a run the moment it ends, then turns each judgement from the TUI into
 * its own committed transaction. Judging is only offered once every model has
 * ended, so the answer ids always exist by the time a key is pressed.
 */
export class RunRecorder {
	private saved: {runId: string; answerIds: string[]} | undefined;
	private saveFailure: string | undefined;

	/**
	 * `onSaveError`: when given, a failed save is reported there and the run's
	 * other listeners still hear that it ended (the battle view must not hang);
	 * judgements then fail with the reason. Without it the error propagates, and
	 * `run.start()` rejects.
	 */
	constructor(
		private readonly store: HistoryStore,
		private readonly run: ArenaRun,
		private readonly metadata: RunMetadata,
		options: {onSaveError?: (error: unknown) => void} = {},
	) {
		const {onSaveError} = options;
		run.subscribe(event => {
			if (event.type === 'retry-done') {
				this.saveRetry(event.index, event.result, onSaveError);
				return;
			}
			if (event.type !== 'run-done') return;
			if (!onSaveError) {
				this.save(event.results);
				return;
			}
			try {
				this.save(event.results);
			} catch (error) {
				this.saveFailure = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
				onSaveError(error);
			}
		});
	}

	get runId(): string | undefined {
		return this.saved?.runId;
	}

	/**
	 * A pane sampled again joins the same run as a further answer; from now on
	 * judging that pane judges the new answer. Earlier judgements stay stored.
	 */
	private saveRetry(index: number, result: ModelResult, onSaveError: ((error: unknown) => void) | undefined): void {
		try {
			const {runId, answerIds} = this.ids();
			answerIds[index] = this.store.addAnswer(runId, this.withCost(index, result));
		} catch (error) {
			if (!onSaveError) throw error;
			onSaveError(error);
		}
	}

	private withCost(index: number, result: ModelResult) {
		const cost = answerCost(result, servedPrice(this.run.targets[index], result.served_spec));
		return cost === null
			? result
			: {
				...result,
				cost_usd: cost.cost_usd,
				cost_source: cost.cost_source,
				price_input_per_m: cost.price_input_per_m,
				price_output_per_m: cost.price_output_per_m,
			};
	}

	private save(results: ModelResult[]): void {
		const {params} = this.run;
		this.saved = this.store.saveRun({
			prompt: this.metadata.prompt,
			system_prompt: this.metadata.system ?? null,
			params: {
				temperature: params.temperature ?? null,
				max_tokens: params.maxTokens ?? null,
				idle_timeout_ms: params.idleTimeoutMs,
				max_retries: params.maxRetries ?? null,
			},
			mode: this.metadata.mode,
			category: this.metadata.category ?? null,
			suite: this.metadata.suite ?? null,
			task_id: this.metadata.task_id ?? null,
			session_id: this.metadata.session_id ?? null,
			conversation_id: this.metadata.conversation_id ?? null,
			turn: this.metadata.turn ?? 1,
			answers: results.map((result, index) => this.withCost(index, result)),
		});
	}

	private ids(): {runId: string; answerIds: string[]} {
		if (this.saveFailure !== undefined) throw new Error(`the run was not saved: ${this.saveFailure}`);
		if (!this.saved) throw new Error('the run has not been saved yet');
		return this.saved;
	}

	score(index: number, score: number | null, rubric: Record<string, unknown> | null): void {
		const answerId = this.ids().answerIds[index]!;
		if (score === null) this.store.clearScore(answerId);
		else this.store.setScore(answerId, score, rubric);
	}

	/**
	 * `flaggedIdentity`: an answer named a model or vendor, so the vote is kept
	 * but left off the default leaderboard.
	 */
	vote(leftIndex: number, rightIndex: number, winner: BattleWinner, options: {flaggedIdentity?: boolean} = {}): void {
		this.store.recordVote({...this.pairVote(leftIndex, rightIndex, winner), flagged_identity: options.flaggedIdentity ?? false});
	}

	/**
	 * A ranking, best first, becomes pairwise outcomes: each ranked pane beats every
	 * pane ranked after it and every unranked pane. Replacing the run's votes in one
	 * transaction makes a changed ranking the one that counts.
	 */
	ranking(orderedIndices: number[]): void {
		const {runId} = this.ids();
		const paneCount = this.run.targets.length;
		const ranked = new Set(orderedIndices);
		const votes: NewVote[] = [];
		for (const [rank, better] of orderedIndices.entries()) {
			const worse = [...orderedIndices.slice(rank + 1)];
			for (let index = 0; index < paneCount; index++) if (!ranked.has(index)) worse.push(index);
			for (const loser of worse) {
				// model_a is always the pane further left, so position stays meaningful.
				const [left, right] = better < loser ? [better, loser] : [loser, better];
				votes.push(this.pairVote(left, right, better === left ? 'model_a' : 'model_b'));
			}
		}
		this.store.replaceRunVotes(runId, votes);
	}

	private pairVote(leftIndex: number, rightIndex: number, winner: BattleWinner): NewVote {
		const {runId, answerIds} = this.ids();
		const specs = this.run.targets.map(target => target.spec);
		return {
			run_id: runId,
			answer_a_id: answerIds[leftIndex]!,
			answer_b_id: answerIds[rightIndex]!,
			model_a: specs[leftIndex]!,
			model_b: specs[rightIndex]!,
			winner,
			blind: this.metadata.mode === 'blind',
		};
	}
}
