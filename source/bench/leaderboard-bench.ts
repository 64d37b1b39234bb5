/**
 * The leaderboard as `arena leaderboard` computes it, from a real SQLite store:
 * 100,000 stored battles among 10 models, read back, rated with 1000 bootstrap
 * rounds, and joined with the per-model answer statistics. The budget
 * is under a second. Filling the store is not timed.
 */

import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {loadLeaderboard} from '../core/leaderboard.js';
import {createRandom, type Random} from '../core/random.js';
import {simulateBattles} from '../core/rating.js';
import {median} from '../core/stats.js';
import type {RatingBenchResult} from './rating-bench.js';
import {type HistoryStore, openHistoryStore} from '../store/history-store.js';

/** The same figures as the in-memory rating benchmark, for the whole path from the store. */
export type LeaderboardBenchResult = RatingBenchResult;

const BATTLES = 100_000;
const MODELS = 10;
const BOOTSTRAP_ROUNDS = 1000;
const RUNS = 5;
/** A few stored runs per model, so the speed and score columns are computed too. */
const RUNS_PER_MODEL = 20;

export async function benchLeaderboard(): Promise<LeaderboardBenchResult> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'arena-leaderboard-bench-'));
	const store = openHistoryStore(path.join(directory, 'arena.db'));
	try {
		const trueRatings: Record<string, number> = {};
		for (let index = 0; index < MODELS; index++) trueRatings[`bench:model-${index}`] = 1000 + (index - (MODELS - 1) / 2) * 60;
		const random = createRandom(11);
		const firstVote = Date.UTC(2025, 0, 1) / 1000;
		const imported = store.importBattles(
			simulateBattles(trueRatings, BATTLES, random).map((battle, index) => ({...battle, blind: true, tstamp: firstVote + index})),
			{source: 'bench'},
		);
		if (imported.imported !== BATTLES) throw new Error(`expected ${BATTLES} stored battles, stored ${imported.imported}`);
		seedAnswers(store, Object.keys(trueRatings), random);

		const runsMs: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			const started = performance.now();
			const leaderboard = loadLeaderboard(store, {}, {bootstrapRounds: BOOTSTRAP_ROUNDS});
			runsMs.push(performance.now() - started);
			if (leaderboard.rows.length !== MODELS || leaderboard.votes !== BATTLES) {
				throw new Error(`expected ${MODELS} models and ${BATTLES} votes, got ${leaderboard.rows.length} and ${leaderboard.votes}`);
			}
			// Let the event loop breathe between runs, as the real command would.
			await new Promise(resolve => setImmediate(resolve));
		}

		return {battles: BATTLES, models: MODELS, rounds: BOOTSTRAP_ROUNDS, medianMs: median(runsMs)!, runsMs};
	} finally {
		store.close();
		rmSync(directory, {recursive: true, force: true});
	}
}

function seedAnswers(store: HistoryStore, models: readonly string[], random: Random): void {
	for (let run = 0; run < RUNS_PER_MODEL; run++) {
		const saved = store.saveRun({
			prompt: `bench prompt ${run}`,
			answers: models.map(spec => ({
				spec,
				provider: 'bench',
				model: spec.slice('bench:'.length),
				text: 'answer',
				state: 'done' as const,
				ttft_ms: 100 + random.float() * 400,
				total_ms: 1000 + random.float() * 4000,
				tokens_per_s: 20 + random.float() * 100,
				output_tokens: 200,
			})),
		});
		for (const answerId of saved.answerIds) store.setScore(answerId, Math.round(random.float() * 10));
	}
}
