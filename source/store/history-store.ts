import {createHash} from 'node:crypto';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {StoreError, errorCode, isCorruptionCode} from './errors.js';
import {
	battleWinners,
	type AnswerRecord,
	type AnswerStatsFilter,
	type BattleCount,
	type BattleFilter,
	type BattleRecord,
	type BattleWinner,
	type CostSource,
	type ImportOptions,
	type ImportResult,
	type ImportedBattle,
	type JsonObject,
	type ListRunsOptions,
	type ModelAnswerStats,
	type NewAnswer,
	type NewRun,
	type NewVote,
	type RunDetail,
	type RunMode,
	type RunRecord,
	type RunSummary,
	type SavedRun,
	type ScoreRecord,
	type StoreTotals,
	type StoredAnswerState,
	type VoteRecord,
} from './history-types.js';
import {newUlid} from './ids.js';
import {corruptFileError, inspectExistingFile, migrate} from './migrations.js';

export * from './history-types.js';
export {StoreError, type StoreErrorKind} from './errors.js';
export {SCHEMA_VERSION} from './migrations.js';

/**
 * Every run, answer, score and vote arena keeps. One implementation, SQLite;
 * every method is synchronous and every write is committed before it returns.
 */
export interface HistoryStore {
	/** Absolute path of the database file. */
	readonly path: string;
	/** Saves a run and all its answers in one transaction. */
	saveRun(run: NewRun): SavedRun;
	/**
	 * Adds another answer to a saved run, at the next free position: a pane
	 * sampled again. The earlier answer and its judgements stay. Returns the new answer's id.
	 */
	addAnswer(runId: string, answer: NewAnswer): string;
	/** Sets or replaces the one score of an answer (the last one counts). */
	setScore(answerId: string, score: number, rubric?: JsonObject | null): ScoreRecord;
	/** Returns false when the answer had no score. */
	clearScore(answerId: string): boolean;
	/**
	 * Records a pairwise vote. Within a run, voting again on the same two
	 * answers (in either order) replaces the earlier vote.
	 */
	recordVote(vote: NewVote): VoteRecord;
	/** Replaces all of a run's votes at once, e.g. when a 3+ pane ranking is redone. */
	replaceRunVotes(runId: string, votes: NewVote[]): VoteRecord[];
	/** Returns false when there was no such vote. */
	clearVote(voteId: number): boolean;
	/** Newest first. */
	listRuns(options?: ListRunsOptions): RunSummary[];
	/** Every run of a conversation, by turn (a turn's newest run last), with answers: what a follow-up was built on. */
	conversationRuns(conversationId: string): RunDetail[];
	/**
	 * Distinct prompts the user ran here (local runs outside suites), newest
	 * first by each prompt's latest run; at most `limit` (default 100). What the
	 * prompt editor recalls with ↑.
	 */
	recentPrompts(limit?: number): string[];
	getRun(runId: string): RunDetail | null;
	/** Run ids equal to or starting with `idOrPrefix` (at most 10). */
	resolveRunId(idOrPrefix: string): string[];
	/** Task ids of a suite with at least one judged run: what a resumed pass can skip. */
	judgedTaskIds(suite: string, options?: {session_id?: string; mode?: RunMode}): string[];
	/** Pairwise outcomes in the order they were cast, for the rating code. */
	battles(filter?: BattleFilter): BattleRecord[];
	/** Outcome counts per ordered pair, under the same filter. */
	battleCounts(filter?: BattleFilter): BattleCount[];
	/** Full vote records (imported fields included) in the order they were cast, for exports. */
	votes(filter?: BattleFilter): VoteRecord[];
	/** Per-model samples for the speed, score and cost columns, sorted by model. */
	answerStats(filter?: AnswerStatsFilter): ModelAnswerStats[];
	/** All good records in one transaction; importing the same records again adds nothing. */
	importBattles(records: Iterable<ImportedBattle>, options?: ImportOptions): ImportResult;
	totals(): StoreTotals;
	close(): void;
}

/** How long a writer waits for another arena process to finish its transaction. */
const busyTimeoutMs = 5000;

/**
 * Opens (creating if needed) the history database at `file`.
 *
 * Durability: WAL with `synchronous = FULL`. WAL with NORMAL already survives
 * a killed process; FULL also fsyncs the WAL on each commit, so a judgement
 * survives a power cut too. Judgements come a few a minute, so the fsync
 * (a few milliseconds) is never felt, and an import is a single commit.
 *
 * Throws StoreError (kind `corrupt`, `newer-schema`, `foreign` or `io`) without
 * writing to a file it refuses.
 */
export function openHistoryStore(file: string): HistoryStore {
	const resolved = path.resolve(file);
	try {
		mkdirSync(path.dirname(resolved), {recursive: true});
	} catch (error) {
		throw new StoreError('io', `cannot create the directory for ${resolved}: ${(error as Error).message}`, {cause: error});
	}
	inspectExistingFile(resolved);
	let db: Database.Database | undefined;
	try {
		db = new Database(resolved, {timeout: busyTimeoutMs});
		const journalMode = db.pragma('journal_mode = WAL', {simple: true});
		if (journalMode !== 'wal') {
			throw new StoreError('io', `${resolved}: SQLite refused write-ahead logging (journal mode is ${String(journalMode)}); is it on a network filesystem?`);
		}
		db.pragma('synchronous = FULL');
		db.pragma('foreign_keys = ON');
		migrate(db, resolved);
		return new SqliteHistoryStore(db, resolved);
	} catch (error) {
		db?.close();
		throw translateError(error, resolved, 'open');
	}
}

function translateError(error: unknown, file: string, action: string): Error {
	if (error instanceof StoreError) {
		return error;
	}
	const code = errorCode(error);
	const message = (error as Error)?.message ?? String(error);
	if (isCorruptionCode(code)) {
		return corruptFileError(file, message, error);
	}
	if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
		return new StoreError(
			'io',
			`${file} stayed locked by another arena process for ${busyTimeoutMs / 1000} s while trying to ${action}; try again`,
			{cause: error},
		);
	}
	if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
		return new StoreError('not-found', `cannot ${action}: it refers to a run or answer that is not in ${file}`, {cause: error});
	}
	if (code?.startsWith('SQLITE_CONSTRAINT')) {
		return new StoreError('invalid', `cannot ${action}: ${message}`, {cause: error});
	}
	if (code?.startsWith('SQLITE_')) {
		return new StoreError('io', `cannot ${action} in ${file}: ${message}`, {cause: error});
	}
	return error instanceof Error ? error : new Error(message);
}

function invalid(message: string): StoreError {
	return new StoreError('invalid', message);
}

function toIsoTimestamp(value: Date | string | number, field: string): string {
	const date = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(date.getTime())) {
		throw invalid(`${field} "${String(value)}" is not a date or time`);
	}
	return date.toISOString();
}

/** Infinity or NaN would break JSON exports and medians; they mean "not measured". */
function finiteOrNull(value: number | null | undefined): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function nonEmptyString(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalid(`${field} must be a non-empty string`);
	}
	return value;
}

function optionalString(value: unknown, field: string): string | null {
	if (value === undefined || value === null) {
		return null;
	}
	if (typeof value === 'number' && Number.isFinite(value)) {
		return String(value);
	}
	if (typeof value !== 'string') {
		throw invalid(`${field} must be a string`);
	}
	return value;
}

function positiveInteger(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw invalid(`${field} must be a whole number of at least 1, got ${String(value)}`);
	}
	return value;
}

function parseJsonObject(text: string | null): JsonObject | null {
	return text === null ? null : (JSON.parse(text) as JsonObject);
}

function storedState(answer: NewAnswer): StoredAnswerState {
	if (answer.state === 'error' || answer.state === 'cancelled') {
		return answer.state;
	}
	if (answer.state === 'done' || answer.state === undefined) {
		return answer.error ? 'error' : 'done';
	}
	// Still waiting or streaming when the run was saved: the stream was cut.
	return 'cancelled';
}

const costSources: readonly CostSource[] = ['server', 'price'];

function answerRow(runId: string, position: number, answer: NewAnswer): Record<string, unknown> {
	const where = `answer ${position} (${String(answer.spec)})`;
	nonEmptyString(answer.spec, `${where}: spec`);
	nonEmptyString(answer.provider, `${where}: provider`);
	nonEmptyString(answer.model, `${where}: model`);
	const serverCost = finiteOrNull(answer.server_cost_usd);
	const explicitCost = finiteOrNull(answer.cost_usd);
	const costUsd = explicitCost ?? serverCost;
	const costSource = answer.cost_source ?? (explicitCost === null && serverCost !== null ? 'server' : null);
	if (costSource !== null && !costSources.includes(costSource)) {
		throw invalid(`${where}: cost_source must be "server" or "price", got "${String(costSource)}"`);
	}
	return {
		id: newUlid(),
		run_id: runId,
		position,
		spec: answer.spec,
		provider: answer.provider,
		model: answer.model,
		served_spec: answer.served_spec ?? answer.spec,
		fallbacks_json: answer.fallbacks && answer.fallbacks.length > 0 ? JSON.stringify(answer.fallbacks) : null,
		state: storedState(answer),
		text: answer.text ?? '',
		reasoning: answer.reasoning ?? '',
		finish_reason: answer.finish_reason ?? null,
		error_message: answer.error?.message ?? null,
		error_status: answer.error?.status ?? null,
		retries: answer.retries ?? 0,
		ttft_ms: finiteOrNull(answer.ttft_ms),
		first_content_ms: finiteOrNull(answer.first_content_ms),
		total_ms: finiteOrNull(answer.total_ms),
		input_tokens: finiteOrNull(answer.input_tokens),
		output_tokens: finiteOrNull(answer.output_tokens),
		reasoning_tokens: finiteOrNull(answer.reasoning_tokens),
		tokens_estimated: answer.tokens_estimated ? 1 : 0,
		tokens_per_s: finiteOrNull(answer.tokens_per_s),
		itl_p50_ms: finiteOrNull(answer.itl_p50_ms),
		itl_p99_ms: finiteOrNull(answer.itl_p99_ms),
		cost_usd: costUsd,
		cost_source: costUsd === null ? null : costSource,
		price_input_per_m: finiteOrNull(answer.price_input_per_m),
		price_output_per_m: finiteOrNull(answer.price_output_per_m),
	};
}

type Row = Record<string, unknown>;

function runFromRow(row: Row): RunRecord {
	return {
		id: row.id as string,
		created_at: row.created_at as string,
		prompt: row.prompt as string,
		system_prompt: row.system_prompt as string | null,
		params: JSON.parse(row.params_json as string) as JsonObject,
		mode: row.mode as RunMode,
		suite: row.suite as string | null,
		task_id: row.task_id as string | null,
		category: row.category as string | null,
		session_id: row.session_id as string | null,
		conversation_id: row.conversation_id as string | null,
		turn: row.turn as number,
		source: row.source as string,
		arena_version: row.arena_version as string | null,
	};
}

function answerFromRow(row: Row): AnswerRecord {
	return {
		id: row.id as string,
		run_id: row.run_id as string,
		position: row.position as number,
		spec: row.spec as string,
		provider: row.provider as string,
		model: row.model as string,
		served_spec: row.served_spec as string,
		fallbacks: row.fallbacks_json === null ? null : (JSON.parse(row.fallbacks_json as string) as AnswerRecord['fallbacks']),
		state: row.state as StoredAnswerState,
		text: row.text as string,
		reasoning: row.reasoning as string,
		finish_reason: row.finish_reason as string | null,
		error_message: row.error_message as string | null,
		error_status: row.error_status as number | null,
		retries: row.retries as number,
		ttft_ms: row.ttft_ms as number | null,
		first_content_ms: row.first_content_ms as number | null,
		total_ms: row.total_ms as number | null,
		input_tokens: row.input_tokens as number | null,
		output_tokens: row.output_tokens as number | null,
		reasoning_tokens: row.reasoning_tokens as number | null,
		tokens_estimated: row.tokens_estimated === 1,
		tokens_per_s: row.tokens_per_s as number | null,
		itl_p50_ms: row.itl_p50_ms as number | null,
		itl_p99_ms: row.itl_p99_ms as number | null,
		cost_usd: row.cost_usd as number | null,
		cost_source: row.cost_source as CostSource | null,
		price_input_per_m: row.price_input_per_m as number | null,
		price_output_per_m: row.price_output_per_m as number | null,
	};
}

function scoreFromRow(row: Row): ScoreRecord {
	return {
		answer_id: row.answer_id as string,
		score: row.score as number,
		rubric: parseJsonObject(row.rubric_json as string | null),
		created_at: row.created_at as string,
		updated_at: row.updated_at as string,
	};
}

function voteFromRow(row: Row): VoteRecord {
	return {
		id: row.id as number,
		dedupe_key: row.dedupe_key as string,
		run_id: row.run_id as string | null,
		answer_a_id: row.answer_a_id as string | null,
		answer_b_id: row.answer_b_id as string | null,
		model_a: row.model_a as string,
		model_b: row.model_b as string,
		winner: row.winner as BattleWinner,
		blind: row.blind === 1,
		flagged_identity: row.flagged_identity === 1,
		category: row.category as string | null,
		source: row.source as string,
		turn: row.turn as number,
		question_id: row.question_id as string | null,
		judge: row.judge as string | null,
		language: row.language as string | null,
		tstamp: row.tstamp as number | null,
		voted_at: row.voted_at as string,
		recorded_at: row.recorded_at as string,
		extra: parseJsonObject(row.extra_json as string | null),
	};
}

function validWinner(winner: unknown): winner is BattleWinner {
	return typeof winner === 'string' && (battleWinners as readonly string[]).includes(winner);
}

function validatePair(modelA: unknown, modelB: unknown, winner: unknown): string | null {
	if (typeof modelA !== 'string' || modelA.trim() === '') {
		return 'model_a must be a non-empty string';
	}
	if (typeof modelB !== 'string' || modelB.trim() === '') {
		return 'model_b must be a non-empty string';
	}
	if (modelA === modelB) {
		return `model_a and model_b are both "${modelA}"; a model cannot battle itself`;
	}
	if (!validWinner(winner)) {
		return `winner must be one of ${battleWinners.map((name) => `"${name}"`).join(', ')}, got ${JSON.stringify(winner)}`;
	}
	return null;
}

const voteColumns = [
	'dedupe_key',
	'run_id',
	'answer_a_id',
	'answer_b_id',
	'model_a',
	'model_b',
	'winner',
	'blind',
	'flagged_identity',
	'category',
	'source',
	'turn',
	'question_id',
	'judge',
	'language',
	'tstamp',
	'voted_at',
	'recorded_at',
	'extra_json',
] as const;

const answerColumns = [
	'id',
	'run_id',
	'position',
	'spec',
	'provider',
	'model',
	'served_spec',
	'fallbacks_json',
	'state',
	'text',
	'reasoning',
	'finish_reason',
	'error_message',
	'error_status',
	'retries',
	'ttft_ms',
	'first_content_ms',
	'total_ms',
	'input_tokens',
	'output_tokens',
	'reasoning_tokens',
	'tokens_estimated',
	'tokens_per_s',
	'itl_p50_ms',
	'itl_p99_ms',
	'cost_usd',
	'cost_source',
	'price_input_per_m',
	'price_output_per_m',
] as const;

function prepareStatements(db: Database.Database) {
	return {
		insertRun: db.prepare(`
			INSERT INTO runs (id, created_at, prompt, system_prompt, params_json, mode, suite, task_id, category,
				session_id, conversation_id, turn, source, arena_version)
			VALUES (@id, @created_at, @prompt, @system_prompt, @params_json, @mode, @suite, @task_id, @category,
				@session_id, @conversation_id, @turn, @source, @arena_version)`),
		insertAnswer: db.prepare(
			`INSERT INTO answers (${answerColumns.join(', ')}) VALUES (${answerColumns.map((column) => `@${column}`).join(', ')})`,
		),
		upsertScore: db.prepare(`
			INSERT INTO scores (answer_id, score, rubric_json, created_at, updated_at)
			VALUES (@answer_id, @score, @rubric_json, @now, @now)
			ON CONFLICT (answer_id) DO UPDATE SET
				score = excluded.score, rubric_json = excluded.rubric_json, updated_at = excluded.updated_at
			RETURNING *`),
		deleteScore: db.prepare('DELETE FROM scores WHERE answer_id = ?'),
		answerRunIds: db.prepare('SELECT id, run_id FROM answers WHERE id IN (?, ?)'),
		upsertVote: db.prepare(`
			INSERT INTO votes (${voteColumns.join(', ')})
			VALUES (@dedupe_key, @run_id, @answer_a_id, @answer_b_id, @model_a, @model_b, @winner,
				coalesce(@blind, (SELECT mode = 'blind' FROM runs WHERE id = @run_id), 0),
				@flagged_identity,
				coalesce(@category, (SELECT category FROM runs WHERE id = @run_id)),
				@source,
				coalesce(@turn, (SELECT turn FROM runs WHERE id = @run_id), 1),
				@question_id, @judge, @language, @tstamp, @voted_at, @recorded_at, @extra_json)
			ON CONFLICT (dedupe_key) DO UPDATE SET
				${voteColumns
					.filter((column) => column !== 'dedupe_key')
					.map((column) => `${column} = excluded.${column}`)
					.join(', ')}
			RETURNING *`),
		// Positional parameters: binding by name costs a lookup per column, which
		// shows at 100,000 rows.
		insertImportedVote: db.prepare(`
			INSERT INTO votes (${voteColumns.join(', ')})
			VALUES (${voteColumns.map(() => '?').join(', ')})
			ON CONFLICT (dedupe_key) DO NOTHING`),
		deleteRunVotes: db.prepare('DELETE FROM votes WHERE run_id = ?'),
		deleteVote: db.prepare('DELETE FROM votes WHERE id = ?'),
		runById: db.prepare('SELECT * FROM runs WHERE id = ?'),
		runExists: db.prepare('SELECT 1 FROM runs WHERE id = ?').pluck(),
		answersOfRun: db.prepare(`
			SELECT a.*, s.answer_id AS score_answer_id, s.score AS score_value, s.rubric_json AS score_rubric_json,
				s.created_at AS score_created_at, s.updated_at AS score_updated_at
			FROM answers a LEFT JOIN scores s ON s.answer_id = a.id
			WHERE a.run_id = ? ORDER BY a.position`),
		votesOfRun: db.prepare('SELECT * FROM votes WHERE run_id = ? ORDER BY voted_at, id'),
		runIdsByPrefix: db.prepare(
			"SELECT id FROM runs WHERE id = @value OR (id >= @value AND id < @value || '~') ORDER BY id = @value DESC, id LIMIT 10",
		).pluck(),
		totals: db.prepare(`
			SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM answers) AS answers,
				(SELECT count(*) FROM scores) AS scores, (SELECT count(*) FROM votes) AS votes`),
	};
}

class SqliteHistoryStore implements HistoryStore {
	private readonly statements: ReturnType<typeof prepareStatements>;
	private readonly filteredStatements = new Map<string, Database.Statement>();

	constructor(
		private readonly db: Database.Database,
		readonly path: string,
	) {
		this.statements = prepareStatements(db);
	}

	/** Runs `work`, turning SQLite errors into StoreErrors that say what failed and what to do. */
	private guarded<T>(action: string, work: () => T): T {
		try {
			return work();
		} catch (error) {
			throw translateError(error, this.path, action);
		}
	}

	/** Statements whose WHERE clause depends on the filter, prepared once per shape. */
	private filtered(sql: string, mode: 'objects' | 'raw' | 'pluck' = 'objects'): Database.Statement {
		const key = `${mode}:${sql}`;
		let statement = this.filteredStatements.get(key);
		if (!statement) {
			statement = this.db.prepare(sql);
			if (mode === 'raw') {
				statement.raw(true);
			} else if (mode === 'pluck') {
				statement.pluck(true);
			}
			this.filteredStatements.set(key, statement);
		}
		return statement;
	}

	saveRun(run: NewRun): SavedRun {
		if (typeof run.prompt !== 'string') {
			throw invalid('a run needs a prompt');
		}
		if (!Array.isArray(run.answers) || run.answers.length === 0) {
			throw invalid('a run needs at least one answer');
		}
		const mode = run.mode ?? 'named';
		if (mode !== 'named' && mode !== 'blind') {
			throw invalid(`mode must be "named" or "blind", got "${String(mode)}"`);
		}
		const runId = newUlid();
		const runRow = {
			id: runId,
			created_at: toIsoTimestamp(run.created_at ?? new Date(), 'created_at'),
			prompt: run.prompt,
			system_prompt: run.system_prompt ?? null,
			params_json: JSON.stringify(run.params ?? {}),
			mode,
			suite: optionalString(run.suite, 'suite'),
			task_id: optionalString(run.task_id, 'task_id'),
			category: optionalString(run.category, 'category'),
			session_id: optionalString(run.session_id, 'session_id'),
			conversation_id: optionalString(run.conversation_id, 'conversation_id'),
			turn: positiveInteger(run.turn ?? 1, 'turn'),
			source: nonEmptyString(run.source ?? 'local', 'source'),
			arena_version: run.arena_version ?? null,
		};
		const answerRows = run.answers.map((answer, position) => answerRow(runId, position, answer));
		return this.guarded('save the run', () => {
			this.db
				.transaction(() => {
					this.statements.insertRun.run(runRow);
					for (const row of answerRows) {
						this.statements.insertAnswer.run(row);
					}
				})
				.immediate();
			return {runId, answerIds: answerRows.map((row) => row.id as string)};
		});
	}

	addAnswer(runId: string, answer: NewAnswer): string {
		return this.guarded('add the answer', () =>
			this.db
				.transaction(() => {
					const found = this.db.prepare('SELECT max(position) AS last FROM answers WHERE run_id = ?').get(runId) as {last: number | null};
					if (found.last === null) throw new StoreError('not-found', `cannot add the answer: no run ${runId}`);
					const row = answerRow(runId, found.last + 1, answer);
					this.statements.insertAnswer.run(row);
					return row.id as string;
				})
				.immediate(),
		);
	}

	setScore(answerId: string, score: number, rubric?: JsonObject | null): ScoreRecord {
		if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 10) {
			throw invalid(`a score must be a number from 0 to 10, got ${String(score)}`);
		}
		return this.guarded('save the score', () => {
			try {
				const row = this.statements.upsertScore.get({
					answer_id: answerId,
					score,
					rubric_json: rubric ? JSON.stringify(rubric) : null,
					now: new Date().toISOString(),
				}) as Row;
				return scoreFromRow(row);
			} catch (error) {
				if (errorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
					throw new StoreError('not-found', `cannot score answer ${answerId}: no such answer`, {cause: error});
				}
				throw error;
			}
		});
	}

	clearScore(answerId: string): boolean {
		return this.guarded('clear the score', () => this.statements.deleteScore.run(answerId).changes > 0);
	}

	private voteRow(vote: NewVote): Row {
		const problem = validatePair(vote.model_a, vote.model_b, vote.winner);
		if (problem) {
			throw invalid(`cannot record the vote: ${problem}`);
		}
		const runId = vote.run_id ?? null;
		const answerA = vote.answer_a_id ?? null;
		const answerB = vote.answer_b_id ?? null;
		if (answerA !== null && answerA === answerB) {
			throw invalid('cannot record the vote: answer_a_id and answer_b_id are the same answer');
		}
		if (runId !== null && this.statements.runExists.get(runId) === undefined) {
			throw new StoreError('not-found', `cannot record the vote: no run ${runId}`);
		}
		const linked = [answerA, answerB].filter((id): id is string => id !== null);
		if (linked.length > 0) {
			const found = this.statements.answerRunIds.all(linked[0], linked[1] ?? linked[0]) as Array<{id: string; run_id: string}>;
			for (const answerId of linked) {
				const answer = found.find((row) => row.id === answerId);
				if (!answer) {
					throw new StoreError('not-found', `cannot record the vote: no answer ${answerId}`);
				}
				if (runId !== null && answer.run_id !== runId) {
					throw invalid(`cannot record the vote: answer ${answerId} belongs to run ${answer.run_id}, not ${runId}`);
				}
			}
		}
		if (vote.turn !== undefined) {
			positiveInteger(vote.turn, 'turn');
		}
		const votedAt = vote.voted_at === undefined ? new Date() : new Date(toIsoTimestamp(vote.voted_at, 'voted_at'));
		// The pair is unordered: judging the same two answers again replaces the
		// earlier vote even when the second round put them on swapped sides.
		const pairKey = [answerA ?? `model:${vote.model_a}`, answerB ?? `model:${vote.model_b}`].sort().join('|');
		return {
			dedupe_key: runId === null ? `vote:${newUlid()}` : `run:${runId}:${pairKey}`,
			run_id: runId,
			answer_a_id: answerA,
			answer_b_id: answerB,
			model_a: vote.model_a,
			model_b: vote.model_b,
			winner: vote.winner,
			blind: vote.blind === undefined ? null : vote.blind ? 1 : 0,
			flagged_identity: vote.flagged_identity ? 1 : 0,
			category: optionalString(vote.category, 'category'),
			source: nonEmptyString(vote.source ?? 'local', 'source'),
			turn: vote.turn ?? null,
			question_id: optionalString(vote.question_id, 'question_id'),
			judge: optionalString(vote.judge, 'judge'),
			language: optionalString(vote.language, 'language'),
			tstamp: votedAt.getTime() / 1000,
			voted_at: votedAt.toISOString(),
			recorded_at: new Date().toISOString(),
			extra_json: vote.extra ? JSON.stringify(vote.extra) : null,
		};
	}

	recordVote(vote: NewVote): VoteRecord {
		return this.guarded('record the vote', () => {
			const row = this.voteRow(vote);
			return voteFromRow(this.statements.upsertVote.get(row) as Row);
		});
	}

	replaceRunVotes(runId: string, votes: NewVote[]): VoteRecord[] {
		return this.guarded('replace the run votes', () =>
			this.db
				.transaction(() => {
					if (this.statements.runExists.get(runId) === undefined) {
						throw new StoreError('not-found', `cannot replace votes: no run ${runId}`);
					}
					this.statements.deleteRunVotes.run(runId);
					return votes.map((vote) => {
						if (vote.run_id != null && vote.run_id !== runId) {
							throw invalid(`cannot replace votes of run ${runId} with a vote of run ${vote.run_id}`);
						}
						return voteFromRow(this.statements.upsertVote.get(this.voteRow({...vote, run_id: runId})) as Row);
					});
				})
				.immediate(),
		);
	}

	clearVote(voteId: number): boolean {
		return this.guarded('clear the vote', () => this.statements.deleteVote.run(voteId).changes > 0);
	}

	listRuns(options: ListRunsOptions = {}): RunSummary[] {
		const conditions: string[] = [];
		const parameters: Row = {
			limit: Math.max(0, Math.floor(options.limit ?? 50)),
			offset: Math.max(0, Math.floor(options.offset ?? 0)),
		};
		if (options.since !== undefined) {
			conditions.push('r.created_at >= @since');
			parameters.since = toIsoTimestamp(options.since, 'since');
		}
		if (options.until !== undefined) {
			conditions.push('r.created_at < @until');
			parameters.until = toIsoTimestamp(options.until, 'until');
		}
		if (options.suite !== undefined) {
			conditions.push('r.suite = @suite');
			parameters.suite = options.suite;
		}
		if (options.mode !== undefined) {
			conditions.push('r.mode = @mode');
			parameters.mode = options.mode;
		}
		const sql = `
			SELECT r.*,
				(SELECT json_group_array(spec) FROM (SELECT spec FROM answers WHERE run_id = r.id ORDER BY position)) AS models_json,
				(SELECT count(*) FROM answers WHERE run_id = r.id) AS answer_count,
				(SELECT count(*) FROM scores s JOIN answers a ON a.id = s.answer_id WHERE a.run_id = r.id) AS scored_count,
				(SELECT count(*) FROM votes WHERE run_id = r.id) AS vote_count
			FROM runs r
			${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
			ORDER BY r.created_at DESC, r.id DESC
			LIMIT @limit OFFSET @offset`;
		return this.guarded('list runs', () =>
			(this.filtered(sql).all(parameters) as Row[]).map((row) => ({
				...runFromRow(row),
				models: JSON.parse(row.models_json as string) as string[],
				answer_count: row.answer_count as number,
				scored_count: row.scored_count as number,
				vote_count: row.vote_count as number,
			})),
		);
	}

	recentPrompts(limit = 100): string[] {
		// Imported and suite runs are not prompts the user typed, and blank prompts recall nothing.
		const sql = `
			SELECT prompt FROM runs
			WHERE source = 'local' AND suite IS NULL AND trim(prompt) <> ''
			GROUP BY prompt
			ORDER BY max(created_at) DESC, max(id) DESC
			LIMIT @limit`;
		return this.guarded('read recent prompts', () =>
			this.filtered(sql, 'pluck').all({limit: Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 100}) as string[],
		);
	}

	conversationRuns(conversationId: string): RunDetail[] {
		const ids = this.guarded('read the conversation', () =>
			this.db.prepare('SELECT id FROM runs WHERE conversation_id = ? ORDER BY turn, created_at, id').pluck().all(conversationId) as string[],
		);
		return ids.map(id => this.getRun(id)).filter((run): run is RunDetail => run !== null);
	}

	getRun(runId: string): RunDetail | null {
		return this.guarded('read the run', () => {
			const runRow = this.statements.runById.get(runId) as Row | undefined;
			if (!runRow) {
				return null;
			}
			const answers = (this.statements.answersOfRun.all(runId) as Row[]).map((row) => ({
				...answerFromRow(row),
				score:
					row.score_answer_id === null
						? null
						: scoreFromRow({
								answer_id: row.score_answer_id,
								score: row.score_value,
								rubric_json: row.score_rubric_json,
								created_at: row.score_created_at,
								updated_at: row.score_updated_at,
							}),
			}));
			const votes = (this.statements.votesOfRun.all(runId) as Row[]).map(voteFromRow);
			return {...runFromRow(runRow), answers, votes};
		});
	}

	resolveRunId(idOrPrefix: string): string[] {
		const value = idOrPrefix.trim().toUpperCase();
		if (value === '') {
			return [];
		}
		return this.guarded('find the run', () => this.statements.runIdsByPrefix.all({value}) as string[]);
	}

	judgedTaskIds(suite: string, options: {session_id?: string; mode?: RunMode} = {}): string[] {
		const conditions = ['r.suite = @suite', 'r.task_id IS NOT NULL'];
		const parameters: Row = {suite};
		if (options.session_id !== undefined) {
			conditions.push('r.session_id = @session_id');
			parameters.session_id = options.session_id;
		}
		if (options.mode !== undefined) {
			conditions.push('r.mode = @mode');
			parameters.mode = options.mode;
		}
		const sql = `
			SELECT DISTINCT r.task_id FROM runs r
			WHERE ${conditions.join(' AND ')}
				AND (EXISTS (SELECT 1 FROM votes v WHERE v.run_id = r.id)
					OR EXISTS (SELECT 1 FROM scores s JOIN answers a ON a.id = s.answer_id WHERE a.run_id = r.id))
			ORDER BY r.task_id`;
		return this.guarded('read suite progress', () => this.filtered(sql, 'pluck').all(parameters) as string[]);
	}

	private battleWhere(filter: BattleFilter): {where: string; parameters: Row} {
		const conditions: string[] = [];
		const parameters: Row = {};
		if (filter.since !== undefined) {
			conditions.push('v.voted_at >= @since');
			parameters.since = toIsoTimestamp(filter.since, 'since');
		}
		if (filter.until !== undefined) {
			conditions.push('v.voted_at < @until');
			parameters.until = toIsoTimestamp(filter.until, 'until');
		}
		if (filter.blindOnly === true || filter.includeNamed === false) {
			conditions.push('v.blind = 1');
		}
		if (filter.includeFlagged !== true) {
			conditions.push('v.flagged_identity = 0');
		}
		if (filter.category !== undefined) {
			conditions.push('v.category = @category');
			parameters.category = filter.category;
		}
		if (filter.source !== undefined) {
			conditions.push('v.source = @source');
			parameters.source = filter.source;
		}
		return {where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', parameters};
	}

	battles(filter: BattleFilter = {}): BattleRecord[] {
		const {where, parameters} = this.battleWhere(filter);
		const sql = `
			SELECT v.id, v.model_a, v.model_b, v.winner, v.blind, v.voted_at,
				CASE WHEN v.answer_a_id IS NULL THEN NULL ELSE (SELECT served_spec FROM answers WHERE id = v.answer_a_id) END,
				CASE WHEN v.answer_b_id IS NULL THEN NULL ELSE (SELECT served_spec FROM answers WHERE id = v.answer_b_id) END
			FROM votes v
			${where}
			ORDER BY v.voted_at, v.id`;
		// Raw rows turned into objects here: better-sqlite3 builds row objects
		// property by property, which made 100,000 battles take twice as long.
		return this.guarded('read battles', () =>
			(this.filtered(sql, 'raw').all(parameters) as unknown[][]).map((row) => ({
				vote_id: row[0] as number,
				model_a: row[1] as string,
				model_b: row[2] as string,
				winner: row[3] as BattleWinner,
				blind: row[4] === 1,
				voted_at: row[5] as string,
				served_a: row[6] as string | null,
				served_b: row[7] as string | null,
			})),
		);
	}

	battleCounts(filter: BattleFilter = {}): BattleCount[] {
		const {where, parameters} = this.battleWhere(filter);
		const sql = `
			SELECT v.model_a, v.model_b, v.winner, count(*) AS count
			FROM votes v
			${where}
			GROUP BY v.model_a, v.model_b, v.winner
			ORDER BY v.model_a, v.model_b, v.winner`;
		return this.guarded('count battles', () => this.filtered(sql).all(parameters) as BattleCount[]);
	}

	votes(filter: BattleFilter = {}): VoteRecord[] {
		const {where, parameters} = this.battleWhere(filter);
		const sql = `SELECT v.* FROM votes v ${where} ORDER BY v.voted_at, v.id`;
		return this.guarded('read votes', () => (this.filtered(sql).all(parameters) as Row[]).map(voteFromRow));
	}

	answerStats(filter: AnswerStatsFilter = {}): ModelAnswerStats[] {
		const groupColumn = filter.groupBy === 'served_spec' ? 'a.served_spec' : 'a.spec';
		const conditions: string[] = [];
		const parameters: Row = {};
		if (filter.since !== undefined) {
			conditions.push('r.created_at >= @since');
			parameters.since = toIsoTimestamp(filter.since, 'since');
		}
		if (filter.until !== undefined) {
			conditions.push('r.created_at < @until');
			parameters.until = toIsoTimestamp(filter.until, 'until');
		}
		if (filter.category !== undefined) {
			conditions.push('r.category = @category');
			parameters.category = filter.category;
		}
		if (filter.source !== undefined) {
			conditions.push('r.source = @source');
			parameters.source = filter.source;
		}
		if (filter.mode !== undefined) {
			conditions.push('r.mode = @mode');
			parameters.mode = filter.mode;
		}
		const sql = `
			SELECT ${groupColumn} AS model,
				(a.state <> 'done' OR a.error_message IS NOT NULL) AS failed,
				a.ttft_ms, a.first_content_ms, a.tokens_per_s, a.total_ms, a.output_tokens, a.input_tokens, a.cost_usd,
				s.score
			FROM answers a
			JOIN runs r ON r.id = a.run_id
			LEFT JOIN scores s ON s.answer_id = a.id
			${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
			ORDER BY r.created_at, a.run_id, a.position`;
		const rows = this.guarded('read answer statistics', () => this.filtered(sql).all(parameters) as Row[]);
		const byModel = new Map<string, ModelAnswerStats>();
		const push = (samples: number[], value: unknown) => {
			if (typeof value === 'number') {
				samples.push(value);
			}
		};
		for (const row of rows) {
			const model = row.model as string;
			let stats = byModel.get(model);
			if (!stats) {
				stats = {
					model,
					answers: 0,
					failed: 0,
					ttft_ms: [],
					first_content_ms: [],
					tokens_per_s: [],
					total_ms: [],
					output_tokens: [],
					input_tokens: [],
					cost_usd: [],
					scores: [],
				};
				byModel.set(model, stats);
			}
			stats.answers++;
			if (row.failed === 1) {
				stats.failed++;
			} else {
				push(stats.ttft_ms, row.ttft_ms);
				push(stats.first_content_ms, row.first_content_ms);
				push(stats.tokens_per_s, row.tokens_per_s);
				push(stats.total_ms, row.total_ms);
				push(stats.output_tokens, row.output_tokens);
				push(stats.input_tokens, row.input_tokens);
			}
			push(stats.cost_usd, row.cost_usd);
			push(stats.scores, row.score);
		}
		return [...byModel.values()].sort((left, right) => (left.model < right.model ? -1 : left.model > right.model ? 1 : 0));
	}

	importBattles(records: Iterable<ImportedBattle>, options: ImportOptions = {}): ImportResult {
		const defaultSource = nonEmptyString(options.source ?? 'import', 'source');
		const recordedAt = new Date().toISOString();
		const rows: unknown[][] = [];
		const rejected: ImportResult['rejected'] = [];
		const occurrences = new Map<string, number>();
		let index = -1;
		for (const record of records) {
			index++;
			const built = importedRow(record, defaultSource, recordedAt, occurrences);
			if (typeof built === 'string') {
				rejected.push({index, reason: built});
			} else {
				rows.push(voteColumns.map((column) => built[column]));
			}
		}
		return this.guarded('import battles', () => {
			const imported = this.db
				.transaction(() => {
					let inserted = 0;
					for (const row of rows) {
						inserted += this.statements.insertImportedVote.run(row).changes;
					}
					return inserted;
				})
				.immediate();
			return {imported, duplicate: rows.length - imported, rejected};
		});
	}

	totals(): StoreTotals {
		return this.guarded('count rows', () => this.statements.totals.get() as StoreTotals);
	}

	close(): void {
		if (this.db.open) {
			this.db.close();
		}
	}
}

/**
 * Without a key of its own, an imported battle is identified by its content
 * plus how many identical records came before it in the same input. Importing
 * a file twice therefore adds nothing, while a file that really holds the same
 * minimal record ({model_a, model_b, winner}) ten times keeps all ten.
 */
function importedRow(
	record: ImportedBattle,
	defaultSource: string,
	recordedAt: string,
	occurrences: Map<string, number>,
): Record<(typeof voteColumns)[number], unknown> | string {
	if (record === null || typeof record !== 'object') {
		return 'not an object';
	}
	const problem = validatePair(record.model_a, record.model_b, record.winner);
	if (problem) {
		return problem;
	}
	const tstamp = record.tstamp ?? null;
	if (tstamp !== null && (typeof tstamp !== 'number' || !Number.isFinite(tstamp))) {
		return `tstamp must be a number of seconds, got ${JSON.stringify(tstamp)}`;
	}
	const votedAt = tstamp === null ? recordedAt : new Date(tstamp * 1000);
	if (votedAt instanceof Date && Number.isNaN(votedAt.getTime())) {
		return `tstamp ${tstamp} is out of range`;
	}
	const turn = record.turn ?? 1;
	if (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 1) {
		return `turn must be a whole number of at least 1, got ${JSON.stringify(record.turn)}`;
	}
	if (record.blind !== undefined && typeof record.blind !== 'boolean') {
		return `anony/blind must be true or false, got ${JSON.stringify(record.blind)}`;
	}
	let category: string | null;
	let questionId: string | null;
	let judge: string | null;
	let language: string | null;
	try {
		category = optionalString(record.category, 'category');
		questionId = optionalString(record.question_id, 'question_id');
		judge = optionalString(record.judge, 'judge');
		language = optionalString(record.language, 'language');
	} catch (error) {
		return (error as Error).message;
	}
	const source = record.source ?? defaultSource;
	if (typeof source !== 'string' || source.trim() === '') {
		return 'source must be a non-empty string';
	}
	let dedupeKey: string;
	if (record.dedupe_key !== undefined) {
		if (typeof record.dedupe_key !== 'string' || record.dedupe_key === '') {
			return 'dedupe_key must be a non-empty string';
		}
		dedupeKey = record.dedupe_key;
	} else {
		const identity = JSON.stringify([
			record.model_a,
			record.model_b,
			record.winner,
			tstamp,
			questionId,
			turn,
			judge,
			record.blind === true,
		]);
		const hash = createHash('sha1').update(identity).digest('hex');
		const seen = occurrences.get(hash) ?? 0;
		occurrences.set(hash, seen + 1);
		dedupeKey = seen === 0 ? `import:${hash}` : `import:${hash}#${seen + 1}`;
	}
	return {
		dedupe_key: dedupeKey,
		run_id: null,
		answer_a_id: null,
		answer_b_id: null,
		model_a: record.model_a,
		model_b: record.model_b,
		winner: record.winner,
		blind: record.blind ? 1 : 0,
		flagged_identity: record.flagged_identity ? 1 : 0,
		category,
		source,
		turn,
		question_id: questionId,
		judge,
		language,
		tstamp,
		voted_at: typeof votedAt === 'string' ? votedAt : votedAt.toISOString(),
		recorded_at: recordedAt,
		extra_json: record.extra && Object.keys(record.extra).length > 0 ? JSON.stringify(record.extra) : null,
	};
}
