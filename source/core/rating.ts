/**
 * The leaderboard's rating math: pure functions over pairwise battles.
 *
 * Ratings follow Chatbot Arena (FastChat's `compute_mle_elo` / `compute_bt`):
 * a Bradley–Terry model on the Elo scale,
 *
 *     P(a beats b) = 1 / (1 + base^((R_b − R_a) / scale)),   base 10, scale 400,
 *
 * fitted by maximum likelihood, with a tie (or "both bad") counted as half a win
 * for each side. Two deliberate differences from FastChat:
 *   - Ratings are centred so that the mean over the rated models is 1000
 *     (`initRating`). FastChat pins one reference model instead; a personal
 *     leaderboard has no agreed reference model.
 *   - The fit carries a very weak Gaussian prior (see `DEFAULT_PRIOR_PRECISION`),
 *     so a model that has won (or lost) every battle gets a large but finite
 *     rating instead of drifting off to infinity.
 *
 * Everything heavy works on aggregated matchup counts, not on individual battles:
 * 100,000 battles among 10 models collapse into at most 45 pairs × 3 outcomes.
 */

import {createRandom, sampleMultinomialInto, type Random} from './random.js';
import {percentileOfSorted, wilsonInterval} from './stats.js';

export type BattleWinner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';

/** One pairwise judgement. `model_a` is the left/first side as the user saw it. */
export interface Battle {
	model_a: string;
	model_b: string;
	winner: BattleWinner;
}

/** Outcome counts for one unordered pair; `first`/`second` index `MatchupCounts.models`, first < second. */
export interface PairCounts {
	first: number;
	second: number;
	firstWins: number;
	secondWins: number;
	/** Ties and "both bad" together: each counts as half a win either way. */
	ties: number;
}

/** Battles aggregated by pair. Orientation (left/right) is not kept; the fit does not need it. */
export interface MatchupCounts {
	/** Model names, sorted, so results never depend on the order battles arrive in. */
	models: string[];
	/** One entry per pair that met at least once, sorted by (first, second). */
	pairs: PairCounts[];
	/** Number of battles aggregated (self-battles and dropped models excluded). */
	battles: number;
}

export interface ScaleOptions {
	/** Logistic base; 10 as in Elo/FastChat. */
	base?: number;
	/** Rating points for a factor of `base` in the odds; 400 as in Elo/FastChat. */
	scale?: number;
	/** The mean rating (Bradley–Terry) or starting rating (online Elo). */
	initRating?: number;
}

export interface BradleyTerryOptions extends ScaleOptions {
	/**
	 * Precision (1/variance) of a zero-mean Gaussian prior on each model's strength,
	 * in natural log-odds units. See `DEFAULT_PRIOR_PRECISION`.
	 */
	priorPrecision?: number;
}

/**
 * The default prior precision, 1e-5 in natural log-odds units: a prior standard
 * deviation of about 316 log-odds, some 55,000 Elo points. It is there only to
 * keep the maximum finite when the data cannot bound it (a model that never lost,
 * or a group of models never compared with the rest); it moves ordinary ratings
 * by about a thousandth of a point. A model that won all of 4 battles against one
 * opponent ends about 1,900 points above it, and its bootstrap interval is as wide
 * as that evidence deserves. (FastChat has no prior; its L-BFGS simply stops after
 * 100 iterations in that case.)
 */
export const DEFAULT_PRIOR_PRECISION = 1e-5;

const DEFAULT_BASE = 10;
const DEFAULT_SCALE = 400;
const DEFAULT_INIT_RATING = 1000;
const DEFAULT_ELO_K = 4;
const DEFAULT_BOOTSTRAP_ROUNDS = 1000;
/** A fixed default seed: the same votes always give the same leaderboard. */
const DEFAULT_BOOTSTRAP_SEED = 20_240_601;
const Z_95 = 1.959_963_984_540_054;

// ---------------------------------------------------------------------------
// Aggregation

export interface CountOptions {
	/** Models with fewer battles than this (self-battles excluded) are dropped, with their battles. */
	minBattles?: number;
}

/**
 * Aggregates battles into per-pair outcome counts. A battle of a model against
 * itself carries no information and is skipped. A winner outside `BattleWinner`
 * is a bug upstream and throws.
 */
export function countMatchups(battles: readonly Battle[], options: CountOptions = {}): MatchupCounts {
	const kept = keptModels(battles, options.minBattles ?? 0);
	const models = [...kept].sort();
	const indexOf = new Map(models.map((model, index) => [model, index]));
	const modelCount = models.length;

	// Dense per-pair cells: [firstWins, secondWins, ties] at 3·(first·K + second).
	const cells = new Float64Array(3 * modelCount * modelCount);
	let battleCount = 0;
	for (const battle of battles) {
		const indexA = indexOf.get(battle.model_a);
		const indexB = indexOf.get(battle.model_b);
		if (indexA === undefined || indexB === undefined || indexA === indexB) continue;

		const aIsFirst = indexA < indexB;
		const offset = 3 * (aIsFirst ? indexA * modelCount + indexB : indexB * modelCount + indexA);
		switch (battle.winner) {
			case 'model_a':
				cells[offset + (aIsFirst ? 0 : 1)]++;
				break;
			case 'model_b':
				cells[offset + (aIsFirst ? 1 : 0)]++;
				break;
			case 'tie':
			case 'tie (bothbad)':
				cells[offset + 2]++;
				break;
			default:
				throw new TypeError(`unknown battle winner: ${JSON.stringify(battle.winner)}`);
		}

		battleCount++;
	}

	const pairs: PairCounts[] = [];
	for (let first = 0; first < modelCount; first++) {
		for (let second = first + 1; second < modelCount; second++) {
			const offset = 3 * (first * modelCount + second);
			const firstWins = cells[offset];
			const secondWins = cells[offset + 1];
			const ties = cells[offset + 2];
			if (firstWins + secondWins + ties > 0) pairs.push({first, second, firstWins, secondWins, ties});
		}
	}

	return {models, pairs, battles: battleCount};
}

/** Models with at least `minBattles` valid (non-self) battles; winners are validated here too. */
function keptModels(battles: readonly Battle[], minBattles: number): Set<string> {
	const battleCounts = new Map<string, number>();
	for (const battle of battles) {
		if (!isBattleWinner(battle.winner)) throw new TypeError(`unknown battle winner: ${JSON.stringify(battle.winner)}`);
		if (battle.model_a === battle.model_b) continue;
		battleCounts.set(battle.model_a, (battleCounts.get(battle.model_a) ?? 0) + 1);
		battleCounts.set(battle.model_b, (battleCounts.get(battle.model_b) ?? 0) + 1);
	}

	const kept = new Set<string>();
	for (const [model, count] of battleCounts) if (count >= minBattles) kept.add(model);
	return kept;
}

function isBattleWinner(value: unknown): value is BattleWinner {
	return value === 'model_a' || value === 'model_b' || value === 'tie' || value === 'tie (bothbad)';
}

/** The battles whose two (distinct) models are both in `models`. */
function battlesAmong(battles: readonly Battle[], models: readonly string[]): Battle[] {
	const included = new Set(models);
	return battles.filter(battle => battle.model_a !== battle.model_b && included.has(battle.model_a) && included.has(battle.model_b));
}

// ---------------------------------------------------------------------------
// Bradley–Terry maximum likelihood

/**
 * The data a fit needs, in flat typed arrays: for pair p, `pairFirst[p]` and
 * `pairSecond[p]` are model indices, `pairTotal[p]` its battles and
 * `pairFirstScore[p]` = first's wins + ½·ties.
 */
interface PairArrays {
	modelCount: number;
	pairFirst: Int32Array;
	pairSecond: Int32Array;
	pairTotal: Float64Array;
	pairFirstScore: Float64Array;
}

function toPairArrays(counts: MatchupCounts): PairArrays {
	const pairCount = counts.pairs.length;
	const arrays: PairArrays = {
		modelCount: counts.models.length,
		pairFirst: new Int32Array(pairCount),
		pairSecond: new Int32Array(pairCount),
		pairTotal: new Float64Array(pairCount),
		pairFirstScore: new Float64Array(pairCount),
	};
	for (const [index, pair] of counts.pairs.entries()) {
		arrays.pairFirst[index] = pair.first;
		arrays.pairSecond[index] = pair.second;
		arrays.pairTotal[index] = pair.firstWins + pair.secondWins + pair.ties;
		arrays.pairFirstScore[index] = pair.firstWins + 0.5 * pair.ties;
	}

	return arrays;
}

/** Working memory for the Newton solver, reused across bootstrap rounds to avoid garbage. */
interface SolverWorkspace {
	gradient: Float64Array;
	hessian: Float64Array;
	step: Float64Array;
	trial: Float64Array;
}

function createWorkspace(modelCount: number): SolverWorkspace {
	return {
		gradient: new Float64Array(modelCount),
		hessian: new Float64Array(modelCount * modelCount),
		step: new Float64Array(modelCount),
		trial: new Float64Array(modelCount),
	};
}

/** log σ(x) = −log(1 + e^−x), computed without overflow for large |x|. */
function logSigmoid(x: number): number {
	return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** Penalised log-likelihood of strengths `theta` (natural log-odds units). */
function penalisedLogLikelihood(data: PairArrays, theta: Float64Array, priorPrecision: number): number {
	let total = 0;
	for (let pair = 0; pair < data.pairTotal.length; pair++) {
		const battles = data.pairTotal[pair];
		if (battles === 0) continue;
		const score = data.pairFirstScore[pair];
		const difference = theta[data.pairFirst[pair]] - theta[data.pairSecond[pair]];
		total += score * logSigmoid(difference) + (battles - score) * logSigmoid(-difference);
	}

	let squares = 0;
	for (let model = 0; model < theta.length; model++) squares += theta[model] * theta[model];
	return total - 0.5 * priorPrecision * squares;
}

function centre(theta: Float64Array): void {
	let sum = 0;
	for (let model = 0; model < theta.length; model++) sum += theta[model];
	const meanStrength = sum / theta.length;
	for (let model = 0; model < theta.length; model++) theta[model] -= meanStrength;
}

const NEWTON_MAX_ITERATIONS = 200;
/** Converged once no strength moves by more than this (natural units; ~2e-7 Elo points). */
const NEWTON_STEP_TOLERANCE = 1e-9;
/** Below this step size Newton is in its quadratic regime, and the line search would only see rounding noise. */
const LINE_SEARCH_SKIP_BELOW = 1e-6;

/**
 * Maximises the penalised Bradley–Terry log-likelihood in place, starting from
 * `theta` (a warm start makes bootstrap refits take 2–3 steps).
 *
 * Damped Newton: the objective is strictly concave, so the Newton direction always
 * ascends, and a backtracking (Armijo) line search keeps far-from-optimum steps
 * safe, e.g. when a model's only loss disappears from a bootstrap sample.
 * The Hessian is −(weighted graph Laplacian + prior·I). Its weakest direction is
 * "shift every rating by the same amount", which the likelihood cannot see; since
 * `theta` is kept centred, that direction is inflated (adding c·11ᵀ leaves the
 * solution unchanged when the gradient sums to zero) so the Cholesky factorisation
 * stays well conditioned.
 */
function solveStrengths(data: PairArrays, theta: Float64Array, priorPrecision: number, workspace: SolverWorkspace): void {
	const modelCount = data.modelCount;
	if (modelCount === 0) return;
	const {gradient, hessian, step, trial} = workspace;
	centre(theta);

	for (let iteration = 0; iteration < NEWTON_MAX_ITERATIONS; iteration++) {
		gradient.fill(0);
		hessian.fill(0);
		for (let pair = 0; pair < data.pairTotal.length; pair++) {
			const battles = data.pairTotal[pair];
			if (battles === 0) continue;
			const first = data.pairFirst[pair];
			const second = data.pairSecond[pair];
			const firstWinProbability = 1 / (1 + Math.exp(theta[second] - theta[first]));
			const residual = data.pairFirstScore[pair] - battles * firstWinProbability;
			const weight = battles * firstWinProbability * (1 - firstWinProbability);
			gradient[first] += residual;
			gradient[second] -= residual;
			hessian[first * modelCount + first] += weight;
			hessian[second * modelCount + second] += weight;
			hessian[first * modelCount + second] -= weight;
			hessian[second * modelCount + first] -= weight;
		}

		let trace = 0;
		for (let model = 0; model < modelCount; model++) {
			gradient[model] -= priorPrecision * theta[model];
			hessian[model * modelCount + model] += priorPrecision;
			trace += hessian[model * modelCount + model];
		}

		const shift = trace / (modelCount * modelCount);
		for (let cell = 0; cell < hessian.length; cell++) hessian[cell] += shift;
		if (!choleskyFactorInPlace(hessian, modelCount)) return;
		choleskySolve(hessian, gradient, step, modelCount);

		let largestMove = 0;
		let directionalSlope = 0;
		for (let model = 0; model < modelCount; model++) {
			largestMove = Math.max(largestMove, Math.abs(step[model]));
			directionalSlope += gradient[model] * step[model];
		}

		if (largestMove < LINE_SEARCH_SKIP_BELOW) {
			for (let model = 0; model < modelCount; model++) theta[model] += step[model];
			centre(theta);
			if (largestMove < NEWTON_STEP_TOLERANCE) return;
			continue;
		}

		const current = penalisedLogLikelihood(data, theta, priorPrecision);
		let stepLength = 1;
		for (;;) {
			for (let model = 0; model < modelCount; model++) trial[model] = theta[model] + stepLength * step[model];
			const candidate = penalisedLogLikelihood(data, trial, priorPrecision);
			if (candidate >= current + 1e-4 * stepLength * directionalSlope || stepLength < 1e-8) break;
			stepLength /= 2;
		}

		theta.set(trial);
		centre(theta);
	}
}

/**
 * Overwrites symmetric positive definite `matrix` (row-major, size×size) with its
 * lower Cholesky factor L (A = L·Lᵀ). Returns false if A is not positive definite.
 */
function choleskyFactorInPlace(matrix: Float64Array, size: number): boolean {
	for (let row = 0; row < size; row++) {
		for (let column = 0; column <= row; column++) {
			let sum = matrix[row * size + column];
			for (let k = 0; k < column; k++) sum -= matrix[row * size + k] * matrix[column * size + k];
			if (row === column) {
				if (!(sum > 0)) return false;
				matrix[row * size + row] = Math.sqrt(sum);
			} else {
				matrix[row * size + column] = sum / matrix[column * size + column];
			}
		}
	}

	return true;
}

/** Solves L·Lᵀ·x = b given the factor from `choleskyFactorInPlace`. */
function choleskySolve(factor: Float64Array, rightHandSide: ArrayLike<number>, solution: Float64Array, size: number): void {
	for (let row = 0; row < size; row++) {
		let sum = rightHandSide[row];
		for (let k = 0; k < row; k++) sum -= factor[row * size + k] * solution[k];
		solution[row] = sum / factor[row * size + row];
	}

	for (let row = size - 1; row >= 0; row--) {
		let sum = solution[row];
		for (let k = row + 1; k < size; k++) sum -= factor[k * size + row] * solution[k];
		solution[row] = sum / factor[row * size + row];
	}
}

interface ResolvedScale {
	/** Natural log-odds per rating point: ln(base) / scale. */
	logOddsPerPoint: number;
	initRating: number;
	priorPrecision: number;
}

function resolveScale(options: BradleyTerryOptions): ResolvedScale {
	const base = options.base ?? DEFAULT_BASE;
	const scale = options.scale ?? DEFAULT_SCALE;
	if (!(base > 1) || !(scale > 0)) throw new RangeError('base must be > 1 and scale > 0');
	const priorPrecision = options.priorPrecision ?? DEFAULT_PRIOR_PRECISION;
	if (!(priorPrecision > 0)) throw new RangeError('priorPrecision must be > 0');
	return {logOddsPerPoint: Math.log(base) / scale, initRating: options.initRating ?? DEFAULT_INIT_RATING, priorPrecision};
}

function strengthsToRatings(theta: ArrayLike<number>, resolved: ResolvedScale): number[] {
	return Array.from(theta, strength => resolved.initRating + strength / resolved.logOddsPerPoint);
}

/**
 * Bradley–Terry maximum-likelihood ratings on the Elo scale, one per entry of
 * `counts.models` (same order). Their mean is exactly `initRating` (1000).
 * Ties count as half a win for each side.
 */
export function fitBradleyTerry(counts: MatchupCounts, options: BradleyTerryOptions = {}): number[] {
	const resolved = resolveScale(options);
	const data = toPairArrays(counts);
	const theta = new Float64Array(data.modelCount);
	solveStrengths(data, theta, resolved.priorPrecision, createWorkspace(data.modelCount));
	return strengthsToRatings(theta, resolved);
}

// ---------------------------------------------------------------------------
// Bootstrap confidence intervals

export interface BootstrapOptions extends BradleyTerryOptions {
	/** Number of resampled refits; ≥ 1000 for stable 95% bounds. */
	rounds?: number;
	seed?: number;
	/** Two-sided coverage of the interval, 0.95 by default. */
	confidence?: number;
	/** Ratings from `fitBradleyTerry` on the same counts, used as the warm start; fitted if absent. */
	ratings?: readonly number[];
}

export interface BootstrapIntervals {
	/** Lower/upper percentile bounds, aligned with `counts.models`. */
	low: number[];
	high: number[];
	rounds: number;
}

/**
 * Percentile-bootstrap intervals for the Bradley–Terry ratings.
 *
 * Each round redraws the same number of battles with replacement. Drawing N
 * battles from the empirical distribution is a multinomial over the distinct
 * (pair, outcome) cells, so each round draws ≤ 3·pairs binomials instead of N
 * indices, then refits starting from the full-data ratings.
 */
export function bootstrapIntervals(counts: MatchupCounts, options: BootstrapOptions = {}): BootstrapIntervals {
	const resolved = resolveScale(options);
	const rounds = options.rounds ?? DEFAULT_BOOTSTRAP_ROUNDS;
	if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, got ${rounds}`);
	const confidence = options.confidence ?? 0.95;
	if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);

	const data = toPairArrays(counts);
	const modelCount = data.modelCount;
	const pairCount = data.pairTotal.length;
	const ratings = options.ratings ?? fitBradleyTerry(counts, options);
	const startingStrengths = Float64Array.from(ratings, rating => (rating - resolved.initRating) * resolved.logOddsPerPoint);

	const cellWeights = new Float64Array(3 * pairCount);
	for (const [pair, counted] of counts.pairs.entries()) {
		cellWeights[3 * pair] = counted.firstWins;
		cellWeights[3 * pair + 1] = counted.secondWins;
		cellWeights[3 * pair + 2] = counted.ties;
	}

	const random: Random = createRandom(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
	const drawn = new Float64Array(3 * pairCount);
	const resampled: PairArrays = {...data, pairTotal: new Float64Array(pairCount), pairFirstScore: new Float64Array(pairCount)};
	const theta = new Float64Array(modelCount);
	const workspace = createWorkspace(modelCount);
	// Model-major so each model's samples are one contiguous run to sort.
	const samples = new Float64Array(modelCount * rounds);

	for (let round = 0; round < rounds; round++) {
		sampleMultinomialInto(random, counts.battles, cellWeights, drawn);
		for (let pair = 0; pair < pairCount; pair++) {
			const ties = drawn[3 * pair + 2];
			resampled.pairTotal[pair] = drawn[3 * pair] + drawn[3 * pair + 1] + ties;
			resampled.pairFirstScore[pair] = drawn[3 * pair] + 0.5 * ties;
		}

		theta.set(startingStrengths);
		solveStrengths(resampled, theta, resolved.priorPrecision, workspace);
		for (let model = 0; model < modelCount; model++) {
			samples[model * rounds + round] = resolved.initRating + theta[model] / resolved.logOddsPerPoint;
		}
	}

	const tailPercent = ((1 - confidence) / 2) * 100;
	const low: number[] = [];
	const high: number[] = [];
	for (let model = 0; model < modelCount; model++) {
		const sorted = samples.subarray(model * rounds, (model + 1) * rounds).sort();
		low.push(percentileOfSorted(sorted, tailPercent)!);
		high.push(percentileOfSorted(sorted, 100 - tailPercent)!);
	}

	return {low, high, rounds};
}

/**
 * Rank(UB) as in Chatbot Arena: 1 + the number of models whose lower bound is
 * above this model's upper bound, i.e. the best rank the data cannot rule out.
 * Aligned with the input arrays.
 */
export function upperBoundRanks(low: readonly number[], high: readonly number[]): number[] {
	return high.map(upper => 1 + low.filter(lower => lower > upper).length);
}

// ---------------------------------------------------------------------------
// Online Elo

export interface OnlineEloOptions extends ScaleOptions {
	/** Update step; 4 as in FastChat. */
	k?: number;
}

/**
 * Classic sequential Elo, in the order given (pass battles oldest first). Every
 * model starts at `initRating`; updates are zero-sum, so the mean stays there.
 * Unlike Bradley–Terry it depends on order and weighs recent votes more. Shown as
 * a secondary column. Self-battles are skipped.
 */
export function onlineElo(battles: readonly Battle[], options: OnlineEloOptions = {}): Map<string, number> {
	const base = options.base ?? DEFAULT_BASE;
	const scale = options.scale ?? DEFAULT_SCALE;
	const initRating = options.initRating ?? DEFAULT_INIT_RATING;
	const k = options.k ?? DEFAULT_ELO_K;
	const ratings = new Map<string, number>();
	for (const battle of battles) {
		if (battle.model_a === battle.model_b) continue;
		const ratingA = ratings.get(battle.model_a) ?? initRating;
		const ratingB = ratings.get(battle.model_b) ?? initRating;
		const expectedA = 1 / (1 + base ** ((ratingB - ratingA) / scale));
		const update = k * (scoreOfModelA(battle.winner) - expectedA);
		ratings.set(battle.model_a, ratingA + update);
		ratings.set(battle.model_b, ratingB - update);
	}

	return ratings;
}

function scoreOfModelA(winner: BattleWinner): number {
	switch (winner) {
		case 'model_a':
			return 1;
		case 'model_b':
			return 0;
		case 'tie':
		case 'tie (bothbad)':
			return 0.5;
		default:
			throw new TypeError(`unknown battle winner: ${JSON.stringify(winner)}`);
	}
}

// ---------------------------------------------------------------------------
// Win rates and position bias

export interface ModelRecord {
	battles: number;
	wins: number;
	losses: number;
	/** Ties and "both bad". */
	ties: number;
	/** wins / battles: a tie is neither a win nor a loss but stays in the denominator. */
	win_rate: number;
}

/** Per-model battle record, aligned with `counts.models`. */
export function modelRecords(counts: MatchupCounts): ModelRecord[] {
	const records = counts.models.map(() => ({battles: 0, wins: 0, losses: 0, ties: 0, win_rate: 0}));
	for (const pair of counts.pairs) {
		const first = records[pair.first];
		const second = records[pair.second];
		const total = pair.firstWins + pair.secondWins + pair.ties;
		first.battles += total;
		second.battles += total;
		first.wins += pair.firstWins;
		first.losses += pair.secondWins;
		second.wins += pair.secondWins;
		second.losses += pair.firstWins;
		first.ties += pair.ties;
		second.ties += pair.ties;
	}

	for (const record of records) record.win_rate = record.battles === 0 ? 0 : record.wins / record.battles;
	return records;
}

/** Head-to-head table; `win_rate[i][j]` is the share of i-vs-j battles that i won (ties count as not won), `null` if they never met. */
export interface PairwiseTable {
	models: string[];
	win_rate: Array<Array<number | null>>;
	battles: number[][];
}

/** Head-to-head win rates, in the order of `modelOrder` (default: `counts.models`), like FastChat's pairwise win fraction. */
export function pairwiseTable(counts: MatchupCounts, modelOrder: readonly string[] = counts.models): PairwiseTable {
	const position = new Map(modelOrder.map((model, index) => [model, index]));
	const size = modelOrder.length;
	const wins = Array.from({length: size}, () => new Array<number>(size).fill(0));
	const battles = Array.from({length: size}, () => new Array<number>(size).fill(0));
	for (const pair of counts.pairs) {
		const row = position.get(counts.models[pair.first]);
		const column = position.get(counts.models[pair.second]);
		if (row === undefined || column === undefined) continue;
		const total = pair.firstWins + pair.secondWins + pair.ties;
		battles[row][column] = total;
		battles[column][row] = total;
		wins[row][column] = pair.firstWins;
		wins[column][row] = pair.secondWins;
	}

	const winRate = wins.map((row, rowIndex) => row.map((won, columnIndex) => {
		const total = battles[rowIndex][columnIndex];
		return total === 0 ? null : won / total;
	}));
	return {models: [...modelOrder], win_rate: winRate, battles};
}

export interface PositionBias {
	/** Battles won by the left side (`model_a`). */
	left_wins: number;
	right_wins: number;
	/** Ties and "both bad", which say nothing about side and are excluded from the rate. */
	ties: number;
	/** left_wins / (left_wins + right_wins); `null` without a decisive battle. 0.5 means no bias. */
	left_win_rate: number | null;
	/** 95% Wilson interval for `left_win_rate`. */
	ci_low: number | null;
	ci_high: number | null;
}

/**
 * How often the left side (`model_a`) wins, ties excluded. With sides assigned at
 * random, a rate whose interval excludes 0.5 means the voter favours a side.
 */
export function positionBias(battles: readonly Battle[], z = Z_95): PositionBias {
	let leftWins = 0;
	let rightWins = 0;
	let ties = 0;
	for (const battle of battles) {
		if (battle.model_a === battle.model_b) continue;
		if (battle.winner === 'model_a') leftWins++;
		else if (battle.winner === 'model_b') rightWins++;
		else ties++;
	}

	const interval = wilsonInterval(leftWins, leftWins + rightWins, z);
	return {
		left_wins: leftWins,
		right_wins: rightWins,
		ties,
		left_win_rate: interval?.estimate ?? null,
		ci_low: interval?.low ?? null,
		ci_high: interval?.high ?? null,
	};
}

// ---------------------------------------------------------------------------
// Votes needed to separate two models

export interface SeparationOptions extends ScaleOptions {
	/** Normal quantile of the intervals being separated; 1.96 for 95%. */
	z?: number;
	/** Answers above this are reported as `null` (not reachable in practice). */
	maxVotes?: number;
	/**
	 * `'intervals'` (default): until the two displayed intervals stop overlapping,
	 * which is what changes Rank(UB). `'difference'`: until a 95% Wald interval for
	 * the rating difference A − B excludes 0, i.e. until the data "tell A from B";
	 * fewer votes, and always reachable for unequal ratings.
	 */
	criterion?: 'intervals' | 'difference';
}

/** What `votesToSeparate` needs to know about each model. */
export interface RatedModel {
	model: string;
	rating: number;
	ci_low: number;
	ci_high: number;
}

/**
 * Estimates how many more direct A-vs-B votes it takes until the two models'
 * 95% intervals stop overlapping (the higher one's `ci_low` above the lower
 * one's `ci_high`). Returns 0 if they already do, and `null` when no number of
 * A-vs-B votes would do it: equal ratings, or a gap smaller than the uncertainty
 * the two models share with the rest of the leaderboard (each rating is relative
 * to the mean of all models, and A-vs-B votes say nothing about that mean).
 *
 * The model: assume the current gap Δ is the true one, so each new vote is won
 * by the higher model with p = 1 / (1 + base^(−Δ/scale)) and carries Fisher
 * information I₁ = p(1 − p)·(ln base / scale)² about the rating difference. The
 * asymptotic covariance of the mean-centred ratings is the pseudo-inverse S of
 * the Fisher information matrix J (the Bradley–Terry Laplacian with weights
 * n_ij·p_ij(1 − p_ij)·(ln base / scale)²). n more votes add n·I₁·uuᵀ to J with
 * u = e_A − e_B, so by Sherman–Morrison each model's variance becomes
 *
 *     σ_x²(n) = S_xx − n·I₁·(S·u)_x² / (1 + n·I₁·uᵀS·u).
 *
 * The current half-widths facing each other (higher rating − its ci_low, lower
 * model's ci_high − its rating) are scaled by σ_x(n)/σ_x(0), which keeps n = 0
 * consistent with the displayed bootstrap intervals, and the answer is the
 * smallest n with (scaled half-widths) < Δ. It is an estimate: the gap itself
 * will move as votes arrive.
 *
 * With `criterion: 'difference'` the test is on the difference alone: its
 * variance uᵀSu = q becomes q / (1 + n·I₁·q), so n = ⌈(z²/Δ² − 1/q) / I₁⌉.
 */
export function votesToSeparate(
	counts: MatchupCounts,
	ratedModels: readonly RatedModel[],
	modelA: string,
	modelB: string,
	options: SeparationOptions = {},
): number | null {
	const byName = new Map(ratedModels.map(rated => [rated.model, rated]));
	const ratedA = byName.get(modelA);
	const ratedB = byName.get(modelB);
	const indexA = counts.models.indexOf(modelA);
	const indexB = counts.models.indexOf(modelB);
	if (!ratedA || !ratedB || indexA < 0 || indexB < 0) throw new RangeError(`unknown model: ${!ratedA || indexA < 0 ? modelA : modelB}`);
	if (modelA === modelB) return null;

	const [higher, lower, higherIndex, lowerIndex] = ratedA.rating >= ratedB.rating
		? [ratedA, ratedB, indexA, indexB]
		: [ratedB, ratedA, indexB, indexA];
	const gap = higher.rating - lower.rating;
	if (!(gap > 1e-9)) return null;

	const z = options.z ?? Z_95;
	const maxVotes = options.maxVotes ?? 1e9;
	const base = options.base ?? DEFAULT_BASE;
	const scale = options.scale ?? DEFAULT_SCALE;
	const logOddsPerPoint = Math.log(base) / scale;

	const covariance = centredCovariance(counts, ratedModels, logOddsPerPoint);
	const size = counts.models.length;
	const varianceHigher = covariance[higherIndex * size + higherIndex];
	const varianceLower = covariance[lowerIndex * size + lowerIndex];
	// v = S·u for u = e_higher − e_lower.
	const leverageHigher = varianceHigher - covariance[higherIndex * size + lowerIndex];
	const leverageLower = covariance[lowerIndex * size + higherIndex] - varianceLower;
	const differenceVariance = leverageHigher - leverageLower;
	const winProbability = 1 / (1 + base ** (-gap / scale));
	const informationPerVote = winProbability * (1 - winProbability) * logOddsPerPoint * logOddsPerPoint;

	if (options.criterion === 'difference') {
		const votes = Math.ceil(((z * z) / (gap * gap) - 1 / differenceVariance) / informationPerVote);
		if (votes <= 0) return 0;
		return votes > maxVotes ? null : votes;
	}

	// Without bootstrap intervals (degenerate), fall back to the Wald half-widths.
	const hasIntervals = higher.ci_high > higher.ci_low || lower.ci_high > lower.ci_low;
	// A percentile interval can, rarely, sit beside its point estimate; never let a half-width go negative.
	const halfWidthHigher = Math.max(0, hasIntervals ? higher.rating - higher.ci_low : z * Math.sqrt(varianceHigher));
	const halfWidthLower = Math.max(0, hasIntervals ? lower.ci_high - lower.rating : z * Math.sqrt(varianceLower));
	if (halfWidthHigher + halfWidthLower < gap) return 0;

	const overlapAfter = (votes: number): number => {
		const shrinkage = (votes * informationPerVote) / (1 + votes * informationPerVote * differenceVariance);
		const higherAfter = Math.max(0, varianceHigher - shrinkage * leverageHigher * leverageHigher);
		const lowerAfter = Math.max(0, varianceLower - shrinkage * leverageLower * leverageLower);
		return halfWidthHigher * Math.sqrt(higherAfter / varianceHigher) + halfWidthLower * Math.sqrt(lowerAfter / varianceLower);
	};

	if (overlapAfter(maxVotes) >= gap) return null;
	let tooFew = 0;
	let enough = 1;
	while (overlapAfter(enough) >= gap) {
		tooFew = enough;
		enough *= 2;
	}

	while (enough - tooFew > 1) {
		const middle = Math.floor((tooFew + enough) / 2);
		if (overlapAfter(middle) < gap) enough = middle;
		else tooFew = middle;
	}

	return enough;
}

/**
 * Asymptotic covariance of the mean-centred ratings (rating points²): the
 * pseudo-inverse of the Fisher information J, computed as
 * (J + ρ·I + β·11ᵀ)⁻¹ − 11ᵀ/(K·(ρ + β·K)), where the prior's tiny ridge ρ keeps
 * the matrix invertible when the comparison graph is split.
 */
function centredCovariance(counts: MatchupCounts, ratedModels: readonly RatedModel[], logOddsPerPoint: number): Float64Array {
	const size = counts.models.length;
	const ratingOf = new Map(ratedModels.map(rated => [rated.model, rated.rating]));
	const information = new Float64Array(size * size);
	const pointsSquared = logOddsPerPoint * logOddsPerPoint;
	for (const pair of counts.pairs) {
		const total = pair.firstWins + pair.secondWins + pair.ties;
		const difference = (ratingOf.get(counts.models[pair.first]) ?? 0) - (ratingOf.get(counts.models[pair.second]) ?? 0);
		const probability = 1 / (1 + Math.exp(-difference * logOddsPerPoint));
		const weight = total * probability * (1 - probability) * pointsSquared;
		information[pair.first * size + pair.first] += weight;
		information[pair.second * size + pair.second] += weight;
		information[pair.first * size + pair.second] -= weight;
		information[pair.second * size + pair.first] -= weight;
	}

	const ridge = DEFAULT_PRIOR_PRECISION * pointsSquared;
	let trace = 0;
	for (let model = 0; model < size; model++) {
		information[model * size + model] += ridge;
		trace += information[model * size + model];
	}

	const shift = trace / (size * size);
	for (let cell = 0; cell < information.length; cell++) information[cell] += shift;
	choleskyFactorInPlace(information, size);

	// The all-ones direction has eigenvalue ridge + shift·K in the shifted matrix; removing it centres the ratings.
	const commonMode = 1 / (size * (ridge + shift * size));
	const covariance = new Float64Array(size * size);
	const unit = new Float64Array(size);
	const column = new Float64Array(size);
	for (let index = 0; index < size; index++) {
		unit.fill(0);
		unit[index] = 1;
		choleskySolve(information, unit, column, size);
		for (let row = 0; row < size; row++) covariance[row * size + index] = column[row] - commonMode;
	}

	return covariance;
}

// ---------------------------------------------------------------------------
// The leaderboard

export interface RatingRow extends ModelRecord {
	model: string;
	/** Bradley–Terry MLE on the Elo scale; the mean over all rows is 1000. */
	rating: number;
	/** 95% bootstrap percentile interval of `rating`. */
	ci_low: number;
	ci_high: number;
	/** 1 + number of models whose ci_low is above this model's ci_high. */
	rank_ub: number;
	/** Online Elo (K = 4) over the same battles in the given order. */
	elo: number;
}

/** Adjacent-rank separation estimate, for "about N more A-vs-B votes to tell #2 from #3". */
export interface Separation {
	higher: string;
	lower: string;
	/** More A-vs-B votes until the two 95% intervals stop overlapping; 0 if they already do, `null` if A-vs-B votes alone cannot do it. */
	votes_needed: number | null;
	/** More A-vs-B votes until the difference itself is significant at 95%; `null` only for equal ratings. */
	votes_needed_difference: number | null;
}

export interface RatingReport {
	/** Sorted by rating, highest first. */
	rows: RatingRow[];
	/** Head-to-head win rates in row order. */
	pairwise: PairwiseTable;
	/** Over every valid battle passed in, including those of models dropped by `minBattles`. */
	position_bias: PositionBias;
	/** For each pair of neighbouring rows. */
	separations: Separation[];
	/** The aggregated counts the ratings were fitted on (for `votesToSeparate`). */
	matchups: MatchupCounts;
	/** 0 when intervals were not computed (then ci_low = ci_high = rating). */
	bootstrap_rounds: number;
}

export interface ComputeRatingsOptions extends OnlineEloOptions {
	/** Bootstrap rounds for the intervals; default 1000. 0 skips the bootstrap. */
	bootstrapRounds?: number;
	/** Bootstrap seed; a fixed default keeps the leaderboard reproducible. */
	seed?: number;
	/** Models with fewer battles are left out, together with their battles. */
	minBattles?: number;
	priorPrecision?: number;
}

/**
 * The whole leaderboard computation. `battles` should be oldest first (online
 * Elo depends on order; nothing else does). Self-battles are ignored.
 */
export function computeRatings(battles: readonly Battle[], options: ComputeRatingsOptions = {}): RatingReport {
	const bootstrapRounds = options.bootstrapRounds ?? DEFAULT_BOOTSTRAP_ROUNDS;
	if (!Number.isInteger(bootstrapRounds) || bootstrapRounds < 0) {
		throw new RangeError(`bootstrapRounds must be a non-negative integer, got ${bootstrapRounds}`);
	}

	const counts = countMatchups(battles, {minBattles: options.minBattles});
	const ratings = fitBradleyTerry(counts, options);
	const intervals = bootstrapRounds > 0 && counts.models.length > 0
		? bootstrapIntervals(counts, {...options, rounds: bootstrapRounds, ratings})
		: {low: ratings, high: ratings};
	const ranks = upperBoundRanks(intervals.low, intervals.high);
	const elo = onlineElo(battlesAmong(battles, counts.models), options);
	const records = modelRecords(counts);

	const rows: RatingRow[] = counts.models.map((model, index) => ({
		model,
		rating: ratings[index],
		ci_low: intervals.low[index],
		ci_high: intervals.high[index],
		rank_ub: ranks[index],
		elo: elo.get(model) ?? options.initRating ?? DEFAULT_INIT_RATING,
		...records[index],
	}));
	rows.sort((left, right) => right.rating - left.rating || left.model.localeCompare(right.model));

	const separations: Separation[] = [];
	for (let index = 0; index + 1 < rows.length; index++) {
		separations.push({
			higher: rows[index].model,
			lower: rows[index + 1].model,
			votes_needed: votesToSeparate(counts, rows, rows[index].model, rows[index + 1].model, options),
			votes_needed_difference: votesToSeparate(counts, rows, rows[index].model, rows[index + 1].model, {...options, criterion: 'difference'}),
		});
	}

	return {
		rows,
		pairwise: pairwiseTable(counts, rows.map(row => row.model)),
		position_bias: positionBias(battles),
		separations,
		matchups: counts,
		bootstrap_rounds: counts.models.length > 0 ? bootstrapRounds : 0,
	};
}

// ---------------------------------------------------------------------------
// Simulation (tests, benchmarks, demo data)

export interface SimulationOptions extends ScaleOptions {
	/**
	 * Tie frequency for evenly matched models (default 0.2). Ties get rarer as the
	 * gap grows, and decisive outcomes are skewed so that each side's expected
	 * score (win + ½·tie) is exactly the Bradley–Terry probability: the fit then
	 * recovers the true ratings, ties and all.
	 */
	tieRate?: number;
	/** Rating points added to the left side (`model_a`) in every battle, to simulate position bias. */
	leftAdvantage?: number;
	/** Restrict battles to these pairs instead of all pairs uniformly. */
	pairs?: ReadonlyArray<readonly [string, string]>;
}

/**
 * Draws `count` battles from a Bradley–Terry world with the given true ratings:
 * a uniformly random pair, sides in random order.
 */
export function simulateBattles(
	trueRatings: Readonly<Record<string, number>>,
	count: number,
	random: Random,
	options: SimulationOptions = {},
): Battle[] {
	const base = options.base ?? DEFAULT_BASE;
	const scale = options.scale ?? DEFAULT_SCALE;
	const tieRate = options.tieRate ?? 0.2;
	const leftAdvantage = options.leftAdvantage ?? 0;
	if (!(tieRate >= 0 && tieRate <= 1)) throw new RangeError('tieRate must be in [0, 1]');

	const models = Object.keys(trueRatings);
	const pairs: Array<readonly [string, string]> = options.pairs ? [...options.pairs] : [];
	if (!options.pairs) {
		for (let first = 0; first < models.length; first++) {
			for (let second = first + 1; second < models.length; second++) pairs.push([models[first], models[second]]);
		}
	}

	if (pairs.length === 0) return [];
	const battles: Battle[] = [];
	for (let index = 0; index < count; index++) {
		const [one, other] = pairs[random.int(pairs.length)];
		const [left, right] = random.float() < 0.5 ? [one, other] : [other, one];
		const leftScore = 1 / (1 + base ** ((trueRatings[right] - trueRatings[left] - leftAdvantage) / scale));
		// tie share t ≤ 2·min(p, 1 − p), so the decisive split q = (p − t/2)/(1 − t) stays in [0, 1].
		const tieProbability = tieRate * 2 * Math.min(leftScore, 1 - leftScore);
		const draw = random.float();
		let winner: BattleWinner;
		if (draw < tieProbability) winner = draw < tieProbability / 2 ? 'tie' : 'tie (bothbad)';
		else {
			const leftWinsDecisive = (leftScore - tieProbability / 2) / (1 - tieProbability);
			winner = random.float() < leftWinsDecisive ? 'model_a' : 'model_b';
		}

		battles.push({model_a: left, model_b: right, winner});
	}

	return battles;
}
