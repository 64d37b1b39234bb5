/**
 * Leaderboard benchmark: the budget is 100,000 battles among 10 models
 * with 1000 bootstrap rounds in under a second. Data generation is not timed.
 */

import {performance} from 'node:perf_hooks';
import {createRandom} from '../core/random.js';
import {computeRatings, simulateBattles} from '../core/rating.js';
import {median} from '../core/stats.js';

/** A timed leaderboard workload: its size, and each run's time. */
export interface RatingBenchResult {
	battles: number;
	models: number;
	rounds: number;
	medianMs: number;
	runsMs: number[];
}

const BATTLES = 100_000;
const MODELS = 10;
const BOOTSTRAP_ROUNDS = 1000;
const RUNS = 5;

export async function benchRatings(): Promise<RatingBenchResult> {
	// Ratings 60 points apart: close enough that neighbours' intervals are realistic, far enough to be ranked.
	const trueRatings: Record<string, number> = {};
	for (let index = 0; index < MODELS; index++) trueRatings[`bench-model-${index}`] = 1000 + (index - (MODELS - 1) / 2) * 60;
	const battles = simulateBattles(trueRatings, BATTLES, createRandom(7));

	const runsMs: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const started = performance.now();
		const report = computeRatings(battles, {bootstrapRounds: BOOTSTRAP_ROUNDS, seed: run});
		runsMs.push(performance.now() - started);
		if (report.rows.length !== MODELS) throw new Error(`expected ${MODELS} rated models, got ${report.rows.length}`);
		// Let the event loop breathe between runs, as the real command would.
		await new Promise(resolve => setImmediate(resolve));
	}

	return {battles: BATTLES, models: MODELS, rounds: BOOTSTRAP_ROUNDS, medianMs: median(runsMs)!, runsMs};
}
