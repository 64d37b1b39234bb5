import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
	StoreError,
	openHistoryStore,
	type HistoryStore,
	type ImportedBattle,
} from '../../source/store/history-store.js';
import {modelResult, temporaryDirectories} from './fixtures/store-test-kit.js';

const directories = temporaryDirectories();
let store: HistoryStore;

beforeEach(() => {
	store = openHistoryStore(path.join(directories.make(), 'nested', 'arena.db'));
});

afterEach(() => {
	store.close();
	directories.cleanup();
});

function saveTwoModelRun(overrides: {category?: string; mode?: 'named' | 'blind'; created_at?: string} = {}) {
	return store.saveRun({
		prompt: 'Flatten a nested list in Python',
		answers: [modelResult({spec: 'openai:gpt-4o'}), modelResult({spec: 'ollama:llama3.2:3b'})],
		...overrides,
	});
}

describe('a run with its judgements', () => {
	it('reads back exactly what was saved, scored and voted', () => {
		const fast = modelResult({
			spec: 'openrouter:deepseek/deepseek-r1',
			text: 'def flatten(items):\n\t...',
			reasoning: 'The user wants recursion.',
			reasoning_tokens: 300,
			server_cost_usd: 0.00123,
			tokens_estimated: true,
		});
		const failed = modelResult({
			spec: 'ollama:llama3.2:3b',
			text: 'Partial',
			state: 'error',
			error: {message: 'stream went silent for 30 s', status: null},
			finish_reason: null,
			total_ms: null,
			tokens_per_s: null,
		});
		const {runId, answerIds} = store.saveRun({
			prompt: 'Flatten a nested list in Python',
			system_prompt: 'You are terse.',
			params: {temperature: 0.2, max_tokens: 512, idle_timeout_ms: 30000},
			category: 'coding',
			created_at: '2025-03-01T10:00:00.000Z',
			answers: [fast, {...failed, served_spec: 'ollama:qwen3:4b', fallbacks: [{spec: 'ollama:llama3.2:3b', error_message: 'HTTP 503', error_status: 503}]}],
		});
		expect(answerIds).toHaveLength(2);
		const score = store.setScore(answerIds[0], 8.5, {correctness: 9, code_quality: 8});
		const vote = store.recordVote({
			run_id: runId,
			answer_a_id: answerIds[0],
			answer_b_id: answerIds[1],
			model_a: fast.spec,
			model_b: failed.spec,
			winner: 'model_a',
			voted_at: '2025-03-01T10:01:00.000Z',
		});

		const run = store.getRun(runId);
		expect(run).toMatchObject({
			id: runId,
			created_at: '2025-03-01T10:00:00.000Z',
			prompt: 'Flatten a nested list in Python',
			system_prompt: 'You are terse.',
			params: {temperature: 0.2, max_tokens: 512, idle_timeout_ms: 30000},
			mode: 'named',
			category: 'coding',
			turn: 1,
			source: 'local',
		});
		expect(run?.answers[0]).toEqual({
			id: answerIds[0],
			run_id: runId,
			position: 0,
			spec: 'openrouter:deepseek/deepseek-r1',
			provider: 'openrouter',
			model: 'deepseek/deepseek-r1',
			served_spec: 'openrouter:deepseek/deepseek-r1',
			fallbacks: null,
			state: 'done',
			text: 'def flatten(items):\n\t...',
			reasoning: 'The user wants recursion.',
			finish_reason: 'stop',
			error_message: null,
			error_status: null,
			retries: 0,
			ttft_ms: 120.5,
			first_content_ms: 130.25,
			total_ms: 900,
			input_tokens: 12,
			output_tokens: 42,
			reasoning_tokens: 300,
			tokens_estimated: true,
			tokens_per_s: 55.5,
			itl_p50_ms: 15,
			itl_p99_ms: 40,
			cost_usd: 0.00123,
			cost_source: 'server',
			price_input_per_m: null,
			price_output_per_m: null,
			score: {
				answer_id: answerIds[0],
				score: 8.5,
				rubric: {correctness: 9, code_quality: 8},
				created_at: score.created_at,
				updated_at: score.updated_at,
			},
		});
		expect(run?.answers[1]).toMatchObject({
			position: 1,
			spec: 'ollama:llama3.2:3b',
			served_spec: 'ollama:qwen3:4b',
			fallbacks: [{spec: 'ollama:llama3.2:3b', error_message: 'HTTP 503', error_status: 503}],
			state: 'error',
			text: 'Partial',
			error_message: 'stream went silent for 30 s',
			error_status: null,
			total_ms: null,
			cost_usd: null,
			cost_source: null,
			score: null,
		});
		expect(run?.votes).toEqual([vote]);
		expect(vote).toMatchObject({
			run_id: runId,
			model_a: 'openrouter:deepseek/deepseek-r1',
			model_b: 'ollama:llama3.2:3b',
			winner: 'model_a',
			blind: false,
			flagged_identity: false,
			category: 'coding',
			source: 'local',
			turn: 1,
			voted_at: '2025-03-01T10:01:00.000Z',
			tstamp: Date.parse('2025-03-01T10:01:00.000Z') / 1000,
		});
	});

	it('counts a vote on a blind run as blind unless told otherwise, and takes the run’s category', () => {
		const {runId} = saveTwoModelRun({mode: 'blind', category: 'coding'});
		const vote = store.recordVote({run_id: runId, model_a: 'openai:gpt-4o', model_b: 'ollama:llama3.2:3b', winner: 'tie'});
		expect(vote).toMatchObject({blind: true, category: 'coding'});
		const named = saveTwoModelRun();
		expect(store.recordVote({run_id: named.runId, model_a: 'openai:gpt-4o', model_b: 'ollama:llama3.2:3b', winner: 'tie'}).blind).toBe(false);
	});

	it('stores an answer still streaming at save time as cancelled', () => {
		const {runId} = store.saveRun({prompt: 'p', answers: [modelResult({spec: 'demo:a', state: 'streaming'})]});
		expect(store.getRun(runId)?.answers[0].state).toBe('cancelled');
	});

	it('keeps only the final judgement: a second vote on the same pair replaces the first', () => {
		const {runId, answerIds} = saveTwoModelRun();
		const first = store.recordVote({
			run_id: runId,
			answer_a_id: answerIds[0],
			answer_b_id: answerIds[1],
			model_a: 'openai:gpt-4o',
			model_b: 'ollama:llama3.2:3b',
			winner: 'model_a',
		});
		// Same two answers, sides swapped, changed mind.
		const second = store.recordVote({
			run_id: runId,
			answer_a_id: answerIds[1],
			answer_b_id: answerIds[0],
			model_a: 'ollama:llama3.2:3b',
			model_b: 'openai:gpt-4o',
			winner: 'tie (bothbad)',
		});
		expect(second.id).toBe(first.id);
		const votes = store.getRun(runId)?.votes ?? [];
		expect(votes).toHaveLength(1);
		expect(votes[0]).toMatchObject({model_a: 'ollama:llama3.2:3b', model_b: 'openai:gpt-4o', winner: 'tie (bothbad)'});
		expect(store.battles().map((battle) => battle.winner)).toEqual(['tie (bothbad)']);
	});

	it('keeps only the final score, and remembers when it was first given', async () => {
		const {answerIds} = saveTwoModelRun();
		const first = store.setScore(answerIds[0], 4);
		await new Promise((resolve) => setImmediate(resolve));
		const second = store.setScore(answerIds[0], 9, {correctness: 10});
		expect(second).toMatchObject({score: 9, rubric: {correctness: 10}, created_at: first.created_at});
		expect(second.updated_at >= first.updated_at).toBe(true);
		expect(store.answerStats().find((stats) => stats.model === 'openai:gpt-4o')?.scores).toEqual([9]);
		expect(store.clearScore(answerIds[0])).toBe(true);
		expect(store.clearScore(answerIds[0])).toBe(false);
		expect(store.getRun(store.listRuns()[0].id)?.answers[0].score).toBeNull();
	});

	it('replaces a whole ranking at once and clears single votes', () => {
		const {runId, answerIds} = store.saveRun({
			prompt: 'rank three',
			answers: [modelResult({spec: 'demo:a'}), modelResult({spec: 'demo:b'}), modelResult({spec: 'demo:c'})],
		});
		const pair = (left: number, right: number, winner: 'model_a' | 'model_b') => ({
			answer_a_id: answerIds[left],
			answer_b_id: answerIds[right],
			model_a: `demo:${'abc'[left]}`,
			model_b: `demo:${'abc'[right]}`,
			winner,
		});
		store.replaceRunVotes(runId, [pair(0, 1, 'model_a'), pair(0, 2, 'model_a')]);
		const redone = store.replaceRunVotes(runId, [pair(2, 0, 'model_a'), pair(2, 1, 'model_a')]);
		expect(store.battles().map((battle) => `${battle.model_a}>${battle.model_b}`)).toEqual(['demo:c>demo:a', 'demo:c>demo:b']);
		expect(store.clearVote(redone[0].id)).toBe(true);
		expect(store.clearVote(redone[0].id)).toBe(false);
		expect(store.battles()).toHaveLength(1);
	});

	it('refuses judgements that would corrupt the ratings, with a clear reason', () => {
		const {runId, answerIds} = saveTwoModelRun();
		const other = saveTwoModelRun();
		expect(() => store.setScore(answerIds[0], 11)).toThrow(/0 to 10/);
		expect(() => store.setScore('01NOPE', 5)).toThrow(StoreError);
		expect(() => store.recordVote({model_a: 'x', model_b: 'x', winner: 'model_a'})).toThrow(/cannot battle itself/);
		expect(() => store.recordVote({model_a: 'x', model_b: 'y', winner: 'left' as never})).toThrow(/winner must be one of/);
		expect(() =>
			store.recordVote({run_id: runId, answer_a_id: answerIds[0], answer_b_id: other.answerIds[1], model_a: 'x', model_b: 'y', winner: 'tie'}),
		).toThrow(/belongs to run/);
		expect(() => store.recordVote({run_id: 'NO-SUCH-RUN', model_a: 'x', model_b: 'y', winner: 'tie'})).toThrow(/no run/);
		expect(store.totals()).toMatchObject({runs: 2, scores: 0, votes: 0});
	});
});

describe('browsing history', () => {
	it('lists runs newest first with their models and judgement counts, and finds one by id prefix', () => {
		const older = saveTwoModelRun({created_at: '2025-01-01T00:00:00.000Z'});
		const newer = saveTwoModelRun({created_at: '2025-02-01T00:00:00.000Z', category: 'coding'});
		store.setScore(newer.answerIds[1], 7);
		store.recordVote({run_id: newer.runId, model_a: 'openai:gpt-4o', model_b: 'ollama:llama3.2:3b', winner: 'model_b'});

		const runs = store.listRuns();
		expect(runs.map((run) => run.id)).toEqual([newer.runId, older.runId]);
		expect(runs[0]).toMatchObject({
			models: ['openai:gpt-4o', 'ollama:llama3.2:3b'],
			answer_count: 2,
			scored_count: 1,
			vote_count: 1,
			category: 'coding',
		});
		expect(store.listRuns({since: '2025-01-15'}).map((run) => run.id)).toEqual([newer.runId]);
		expect(store.listRuns({limit: 1})).toHaveLength(1);

		expect(store.resolveRunId(newer.runId)).toEqual([newer.runId]);
		// Ids made in the same millisecond share a long prefix (monotonic ULIDs), so take the
		// shortest prefix that tells the two runs apart, lowercased: prefixes are case-insensitive.
		let length = 1;
		while (older.runId.startsWith(newer.runId.slice(0, length))) length++;
		expect(store.resolveRunId(newer.runId.slice(0, length).toLowerCase())).toEqual([newer.runId]);
		if (length > 1) expect(store.resolveRunId(newer.runId.slice(0, length - 1))).toHaveLength(2);
		expect(store.resolveRunId('ZZZZ')).toEqual([]);
		expect(store.getRun('ZZZZ')).toBeNull();
	});

	it('reports which suite tasks were already judged, so a suite can resume', () => {
		const session = 'session-1';
		const judged = store.saveRun({prompt: 't1', suite: 'coding-5', task_id: 'flatten', session_id: session, answers: [modelResult({spec: 'demo:a'})]});
		store.saveRun({prompt: 't2', suite: 'coding-5', task_id: 'race', session_id: session, answers: [modelResult({spec: 'demo:a'})]});
		store.setScore(judged.answerIds[0], 6);
		expect(store.judgedTaskIds('coding-5')).toEqual(['flatten']);
		expect(store.judgedTaskIds('coding-5', {session_id: 'another'})).toEqual([]);
	});
});

describe('battles for the rating code', () => {
	beforeEach(() => {
		const named = saveTwoModelRun({category: 'coding'});
		store.recordVote({run_id: named.runId, model_a: 'openai:gpt-4o', model_b: 'ollama:llama3.2:3b', winner: 'model_a', voted_at: '2025-01-01T00:00:00Z'});
		const blind = saveTwoModelRun({category: 'coding', mode: 'blind'});
		store.recordVote({
			run_id: blind.runId,
			model_a: 'ollama:llama3.2:3b',
			model_b: 'openai:gpt-4o',
			winner: 'model_b',
			blind: true,
			voted_at: '2025-02-01T00:00:00Z',
		});
		const flagged = saveTwoModelRun({category: 'writing', mode: 'blind'});
		store.recordVote({
			run_id: flagged.runId,
			model_a: 'openai:gpt-4o',
			model_b: 'ollama:llama3.2:3b',
			winner: 'model_a',
			blind: true,
			flagged_identity: true,
			voted_at: '2025-03-01T00:00:00Z',
		});
		store.importBattles(
			[{model_a: 'openai:gpt-4o', model_b: 'anthropic:claude', winner: 'tie', blind: true, tstamp: Date.parse('2025-04-01T00:00:00Z') / 1000, category: 'coding'}],
			{source: 'alice'},
		);
	});

	const tags = (battles: Array<{voted_at: string}>) => battles.map((battle) => battle.voted_at.slice(0, 7));

	it('returns every unflagged vote in time order by default', () => {
		expect(tags(store.battles())).toEqual(['2025-01', '2025-02', '2025-04']);
		expect(store.battles()[1]).toMatchObject({model_a: 'ollama:llama3.2:3b', model_b: 'openai:gpt-4o', winner: 'model_b', blind: true});
	});

	it('filters blind votes, flagged votes, category, source and time', () => {
		expect(tags(store.battles({blindOnly: true}))).toEqual(['2025-02', '2025-04']);
		expect(tags(store.battles({includeNamed: false}))).toEqual(['2025-02', '2025-04']);
		expect(tags(store.battles({includeFlagged: true}))).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
		expect(tags(store.battles({category: 'writing', includeFlagged: true}))).toEqual(['2025-03']);
		expect(tags(store.battles({category: 'coding'}))).toEqual(['2025-01', '2025-02', '2025-04']);
		expect(tags(store.battles({source: 'alice'}))).toEqual(['2025-04']);
		expect(tags(store.battles({source: 'local'}))).toEqual(['2025-01', '2025-02']);
		expect(tags(store.battles({since: '2025-01-15', until: '2025-03-15', includeFlagged: true}))).toEqual(['2025-02', '2025-03']);
		expect(() => store.battles({since: 'last tuesday'})).toThrow(/not a date/);
	});

	it('counts outcomes per ordered pair and gives full records under the same filters', () => {
		expect(store.battleCounts({category: 'coding'})).toEqual([
			{model_a: 'ollama:llama3.2:3b', model_b: 'openai:gpt-4o', winner: 'model_b', count: 1},
			{model_a: 'openai:gpt-4o', model_b: 'anthropic:claude', winner: 'tie', count: 1},
			{model_a: 'openai:gpt-4o', model_b: 'ollama:llama3.2:3b', winner: 'model_a', count: 1},
		]);
		expect(store.votes({includeFlagged: true, blindOnly: true}).map((vote) => [vote.flagged_identity, vote.category, vote.source])).toEqual([
			[false, 'coding', 'local'],
			[true, 'writing', 'local'],
			[false, 'coding', 'alice'],
		]);
	});

	it('reports the model that served behind a fallback chain', () => {
		const {runId, answerIds} = store.saveRun({
			prompt: 'chain',
			answers: [{...modelResult({spec: 'chain:cheap'}), served_spec: 'demo:backup'}, modelResult({spec: 'demo:other'})],
		});
		store.recordVote({run_id: runId, answer_a_id: answerIds[0], answer_b_id: answerIds[1], model_a: 'chain:cheap', model_b: 'demo:other', winner: 'model_a'});
		expect(store.battles().at(-1)).toMatchObject({model_a: 'chain:cheap', served_a: 'demo:backup', served_b: 'demo:other'});
	});
});

describe('answer statistics for the leaderboard', () => {
	it('collects per-model speed, score and cost samples, leaving failed answers out of speed', () => {
		const first = store.saveRun({
			prompt: 'one',
			answers: [
				modelResult({spec: 'demo:fast', ttft_ms: 50, tokens_per_s: 200, total_ms: 500, server_cost_usd: 0.01}),
				modelResult({spec: 'chain:cheap', ttft_ms: 900, total_ms: 2000}),
			],
		});
		store.saveRun({
			prompt: 'two',
			category: 'math',
			answers: [
				modelResult({spec: 'demo:fast', ttft_ms: 70, tokens_per_s: 180, total_ms: 700, error: {message: 'boom', status: 500}, state: 'error'}),
				{...modelResult({spec: 'chain:cheap', ttft_ms: 800}), served_spec: 'demo:fast'},
			],
		});
		store.setScore(first.answerIds[0], 8);

		const stats = store.answerStats();
		expect(stats.map((entry) => entry.model)).toEqual(['chain:cheap', 'demo:fast']);
		expect(stats[1]).toMatchObject({answers: 2, failed: 1, ttft_ms: [50], tokens_per_s: [200], total_ms: [500], cost_usd: [0.01], scores: [8]});
		expect(stats[0]).toMatchObject({answers: 2, failed: 0, ttft_ms: [900, 800]});

		const served = store.answerStats({groupBy: 'served_spec'});
		expect(served.find((entry) => entry.model === 'demo:fast')?.ttft_ms).toEqual([50, 800]);
		expect(store.answerStats({category: 'math'}).map((entry) => entry.answers)).toEqual([1, 1]);
	});
});

describe('importing battles', () => {
	const fastchatRecords = (count: number): ImportedBattle[] =>
		Array.from({length: count}, (_, index) => ({
			model_a: `model-${index % 10}`,
			model_b: `model-${(index + 1 + (index % 3)) % 10}`,
			winner: (['model_a', 'model_b', 'tie', 'tie (bothbad)'] as const)[index % 4],
			blind: true,
			tstamp: 1_700_000_000 + index * 7.25,
			question_id: `q${index.toString(16)}`,
			turn: 1,
			judge: `judge-${index % 50}`,
			language: 'English',
			extra: {is_code: index % 2 === 0},
		}));

	it('adds nothing when the same records are imported again', () => {
		const records = fastchatRecords(500);
		expect(store.importBattles(records, {source: 'lmsys'})).toEqual({imported: 500, duplicate: 0, rejected: []});
		expect(store.importBattles(records, {source: 'lmsys'})).toEqual({imported: 0, duplicate: 500, rejected: []});
		expect(store.totals().votes).toBe(500);
		const [first] = store.votes({source: 'lmsys'});
		expect(first).toMatchObject({
			model_a: 'model-0',
			model_b: 'model-1',
			winner: 'model_a',
			blind: true,
			question_id: 'q0',
			judge: 'judge-0',
			language: 'English',
			turn: 1,
			tstamp: 1_700_000_000,
			source: 'lmsys',
			run_id: null,
			extra: {is_code: true},
		});
		expect(first.voted_at).toBe(new Date(1_700_000_000 * 1000).toISOString());
	});

	it('keeps repeated identical minimal records, and a superset adds only what is new', () => {
		const same = {model_a: 'x', model_b: 'y', winner: 'model_a'};
		expect(store.importBattles([same, same, same]).imported).toBe(3);
		expect(store.importBattles([same, same, same])).toMatchObject({imported: 0, duplicate: 3});
		expect(store.importBattles([same, same, same, same])).toMatchObject({imported: 1, duplicate: 3});
		expect(store.battles()).toHaveLength(4);
	});

	it('skips bad records with their index and commits the good ones', () => {
		const result = store.importBattles([
			{model_a: 'x', model_b: 'y', winner: 'model_a'},
			{model_a: 'x', model_b: '', winner: 'model_a'},
			{model_a: 'x', model_b: 'y', winner: 'left'},
			{model_a: 'x', model_b: 'x', winner: 'tie'},
			{model_a: 'x', model_b: 'y', winner: 'tie', tstamp: 'yesterday' as never},
			{model_a: 'y', model_b: 'x', winner: 'tie', turn: 0},
		]);
		expect(result.imported).toBe(1);
		expect(result.rejected.map((entry) => entry.index)).toEqual([1, 2, 3, 4, 5]);
		expect(result.rejected[1].reason).toMatch(/winner must be one of/);
	});

	it('honours an explicit dedupe key, so an arena export imported back home adds nothing', () => {
		const {runId} = saveTwoModelRun();
		const local = store.recordVote({run_id: runId, model_a: 'openai:gpt-4o', model_b: 'ollama:llama3.2:3b', winner: 'model_a'});
		const result = store.importBattles([{model_a: local.model_a, model_b: local.model_b, winner: local.winner, dedupe_key: local.dedupe_key}]);
		expect(result).toMatchObject({imported: 0, duplicate: 1});
	});

	it('imports 100,000 FastChat battles in one transaction within seconds', () => {
		const records = fastchatRecords(100_000);
		const started = performance.now();
		const result = store.importBattles(records, {source: 'lmsys'});
		const elapsedMs = performance.now() - started;
		expect(result).toEqual({imported: 100_000, duplicate: 0, rejected: []});
		const readStarted = performance.now();
		const battles = store.battles({blindOnly: true});
		const readMs = performance.now() - readStarted;
		expect(battles).toHaveLength(100_000);
		expect(battles[99_999]).toMatchObject({model_a: records[99_999].model_a, model_b: records[99_999].model_b, winner: records[99_999].winner});
		// A generous bound: it runs in about a second on a 2-core machine.
		expect(elapsedMs + readMs).toBeLessThan(15_000);
	});
});
