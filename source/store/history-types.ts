import type {ImportableBattle} from '../core/fastchat.js';
import type {ModelError, ModelMetrics, ModelState} from '../core/types.js';

/*
 * Field names are the column names (snake_case), so what a command prints as
 * JSON, what `sqlite3` shows and what these types say are the same words.
 * docs/schema.md describes each one.
 */

export type JsonObject = {[key: string]: unknown};

/** `named`: the user saw which model wrote which answer. `blind`: they did not. */
export type RunMode = 'named' | 'blind';

/** FastChat's four outcomes. `model_a` is the left side (pane A). */
export type BattleWinner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';

export const battleWinners: readonly BattleWinner[] = ['model_a', 'model_b', 'tie', 'tie (bothbad)'];

/** Terminal states only: an answer still streaming when its run is saved is stored as `cancelled`. */
export type StoredAnswerState = 'done' | 'error' | 'cancelled';

/** `server`: the provider reported the cost (usage.cost). `price`: tokens × the price table. */
export type CostSource = 'server' | 'price';

/** A model tried before the one that served, in a fallback chain. */
export interface FallbackAttempt {
	spec: string;
	error_message: string | null;
	error_status: number | null;
}

/** Accepts a `ModelResult` from the engine as is, plus what only later stages know. */
export interface NewAnswer extends Partial<ModelMetrics> {
	spec: string;
	provider: string;
	model: string;
	text?: string;
	reasoning?: string;
	finish_reason?: string | null;
	error?: ModelError | null;
	state?: ModelState;
	retries?: number;
	/** The model that actually answered behind a fallback chain; defaults to `spec`. */
	served_spec?: string | null;
	fallbacks?: FallbackAttempt[] | null;
	/** Defaults to `server_cost_usd` (with cost_source `server`) when that is set. */
	cost_usd?: number | null;
	cost_source?: CostSource | null;
	/** The price used, in USD per million tokens, at the time of the answer. */
	price_input_per_m?: number | null;
	price_output_per_m?: number | null;
}

export interface NewRun {
	prompt: string;
	system_prompt?: string | null;
	/**
	 * Request parameters: temperature, max_tokens, idle_timeout_ms, max_retries…
	 * Stored as JSON. Never put headers or API keys here.
	 */
	params?: JsonObject;
	mode?: RunMode;
	suite?: string | null;
	task_id?: string | null;
	category?: string | null;
	/** Groups the runs of one suite pass so an interrupted pass can be resumed. */
	session_id?: string | null;
	conversation_id?: string | null;
	turn?: number;
	/** `local` for runs made here; an import label otherwise. */
	source?: string;
	arena_version?: string | null;
	/** Defaults to now. */
	created_at?: Date | string;
	/** In pane order: `answers[0]` is pane A / position 0. */
	answers: NewAnswer[];
}

export interface SavedRun {
	runId: string;
	/** In the same order as `NewRun.answers`. */
	answerIds: string[];
}

export interface RunRecord {
	id: string;
	created_at: string;
	prompt: string;
	system_prompt: string | null;
	params: JsonObject;
	mode: RunMode;
	suite: string | null;
	task_id: string | null;
	category: string | null;
	session_id: string | null;
	conversation_id: string | null;
	turn: number;
	source: string;
	arena_version: string | null;
}

export interface AnswerRecord {
	id: string;
	run_id: string;
	position: number;
	spec: string;
	provider: string;
	model: string;
	served_spec: string;
	fallbacks: FallbackAttempt[] | null;
	state: StoredAnswerState;
	text: string;
	reasoning: string;
	finish_reason: string | null;
	error_message: string | null;
	error_status: number | null;
	retries: number;
	ttft_ms: number | null;
	first_content_ms: number | null;
	total_ms: number | null;
	input_tokens: number | null;
	output_tokens: number | null;
	reasoning_tokens: number | null;
	tokens_estimated: boolean;
	tokens_per_s: number | null;
	itl_p50_ms: number | null;
	itl_p99_ms: number | null;
	cost_usd: number | null;
	cost_source: CostSource | null;
	price_input_per_m: number | null;
	price_output_per_m: number | null;
}

export interface ScoreRecord {
	answer_id: string;
	/** 0–10; a rubric score is the weighted mean of its criteria. */
	score: number;
	/** For example `{"correctness": 9, "code_quality": 7, …, "weights": {…}}`. */
	rubric: JsonObject | null;
	created_at: string;
	updated_at: string;
}

export interface NewVote {
	/** Null for a vote that belongs to no stored run. */
	run_id?: string | null;
	answer_a_id?: string | null;
	answer_b_id?: string | null;
	/** The left / A side. */
	model_a: string;
	model_b: string;
	winner: BattleWinner;
	/** Defaults to true for a run made in `blind` mode, false otherwise. */
	blind?: boolean;
	/** The answer named a model or vendor (FastChat's identity-word check). */
	flagged_identity?: boolean;
	/** Defaults to the run's category. */
	category?: string | null;
	source?: string;
	/** Defaults to the run's turn. */
	turn?: number;
	question_id?: string | null;
	judge?: string | null;
	language?: string | null;
	extra?: JsonObject | null;
	/** Defaults to now. */
	voted_at?: Date | string;
}

export interface VoteRecord {
	id: number;
	dedupe_key: string;
	run_id: string | null;
	answer_a_id: string | null;
	answer_b_id: string | null;
	model_a: string;
	model_b: string;
	winner: BattleWinner;
	blind: boolean;
	flagged_identity: boolean;
	category: string | null;
	source: string;
	turn: number;
	question_id: string | null;
	judge: string | null;
	language: string | null;
	/** Unix seconds, as FastChat writes it. */
	tstamp: number | null;
	voted_at: string;
	recorded_at: string;
	extra: JsonObject | null;
}

export interface RunDetail extends RunRecord {
	answers: Array<AnswerRecord & {score: ScoreRecord | null}>;
	votes: VoteRecord[];
}

export interface RunSummary extends RunRecord {
	/** Specs in pane order. */
	models: string[];
	answer_count: number;
	scored_count: number;
	vote_count: number;
}

export interface ListRunsOptions {
	/** Newest first; defaults to 50. */
	limit?: number;
	offset?: number;
	since?: Date | string;
	until?: Date | string;
	suite?: string;
	mode?: RunMode;
}

/** A vote from elsewhere, e.g. one object of a FastChat clean_battle file. */
export type ImportedBattle = ImportableBattle;

export interface ImportOptions {
	/** Label for where these battles come from; defaults to `import`. */
	source?: string;
}

export interface ImportResult {
	imported: number;
	duplicate: number;
	/** Records skipped because they break the schema; `index` is their place in the input. */
	rejected: Array<{index: number; reason: string}>;
}

export interface BattleFilter {
	since?: Date | string;
	until?: Date | string;
	/** Only votes cast blind. */
	blindOnly?: boolean;
	/** `false` is the same as `blindOnly: true`. */
	includeNamed?: boolean;
	/** Votes flagged by the identity-word check are left out unless this is true. */
	includeFlagged?: boolean;
	category?: string;
	source?: string;
}

/**
 * One pairwise outcome, in the order the votes were cast. Deliberately lean:
 * the leaderboard reads 100,000 of these, and every extra text column costs
 * time. `votes()` returns the full records.
 */
export interface BattleRecord {
	vote_id: number;
	model_a: string;
	model_b: string;
	winner: BattleWinner;
	blind: boolean;
	voted_at: string;
	/** The model that actually served side A / B, when the vote links to stored answers. */
	served_a: string | null;
	served_b: string | null;
}

/** How often each ordered pair had each outcome: all a Bradley-Terry fit needs. */
export interface BattleCount {
	model_a: string;
	model_b: string;
	winner: BattleWinner;
	count: number;
}

export interface AnswerStatsFilter {
	since?: Date | string;
	until?: Date | string;
	category?: string;
	source?: string;
	mode?: RunMode;
	/** `spec` (default) rates a fallback chain as itself; `served_spec` credits the model that answered. */
	groupBy?: 'spec' | 'served_spec';
}

/**
 * Raw per-model samples for the leaderboard's speed, score and cost columns;
 * core/rating turns them into medians and percentiles. Nulls are left out.
 */
export interface ModelAnswerStats {
	model: string;
	/** Every stored answer, failed ones included. */
	answers: number;
	/** Answers that ended in an error or were cancelled. */
	failed: number;
	/** Speed samples come from successful answers only. */
	ttft_ms: number[];
	first_content_ms: number[];
	tokens_per_s: number[];
	total_ms: number[];
	output_tokens: number[];
	input_tokens: number[];
	cost_usd: number[];
	scores: number[];
}

export interface StoreTotals {
	runs: number;
	answers: number;
	scores: number;
	votes: number;
}
