/**
 * Which two models meet in the next blind battle.
 *
 * Uniform pairs waste votes: once two models are far apart, another vote
 * between them tells us almost nothing. Chatbot Arena samples pairs with
 * weights that favour new models and close matchups; arena does the same with
 * what a personal leaderboard knows: how often each pair has met, and how much
 * their 95% intervals overlap. Every pair keeps a floor weight, so no matchup
 * is ever starved and the ratings stay connected.
 *
 * Which model sits on the left is a separate fair coin, never tied to the pair
 * choice, because the leaderboard measures position bias from those sides.
 */
import {UsageError} from './errors.js';
import type {Random} from './random.js';

/** What we know about one unordered pair. */
export interface PairStats {
	/** Battles the two have had (any sides). */
	battles: number;
	/** |rating_a − rating_b| on the Elo scale, when both are rated. */
	ratingGap?: number | null;
	/** 0 (intervals disjoint) … 1 (one inside the other), when both have proper intervals. */
	intervalOverlap?: number | null;
}

export interface ModelRatingInterval {
	rating: number;
	ci_low: number;
	ci_high: number;
}

export interface SamplingInput {
	/** Candidate specs; duplicates are ignored. */
	models: string[];
	/** Current leaderboard rows, if any: rating and 95% CI per model. */
	ratings?: ReadonlyMap<string, ModelRatingInterval>;
	/** Battles so far per unordered pair; key = pairKey(a, b). */
	pairBattles?: ReadonlyMap<string, number>;
}

export interface BattlePair {
	left: string;
	right: string;
}

/** Every pair's weight is at least this, so a settled pair still comes up now and then. */
export const MIN_PAIR_WEIGHT = 0.05;

const ELO_BASE = 10;
const ELO_SCALE = 400;

/** The same key for (a, b) and (b, a). */
export function pairKey(a: string, b: string): string {
	const [first, second] = a < b ? [a, b] : [b, a];
	// JSON keeps the key unambiguous whatever characters a spec contains.
	return JSON.stringify([first, second]);
}

/** Battles per unordered pair, from battle rows (a `count` column is honoured, as in grouped counts). */
export function pairBattleCounts(battles: Iterable<{model_a: string; model_b: string; count?: number}>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const battle of battles) {
		if (battle.model_a === battle.model_b) continue;
		const key = pairKey(battle.model_a, battle.model_b);
		counts.set(key, (counts.get(key) ?? 0) + (battle.count ?? 1));
	}
	return counts;
}

/**
 * How much two 95% intervals overlap, as a share of the narrower one: 1 when
 * one lies inside the other, 0 when they are disjoint. `null` when either is
 * a point (no bootstrap was run), which says nothing about uncertainty.
 */
export function intervalOverlap(a: ModelRatingInterval, b: ModelRatingInterval): number | null {
	const narrowerWidth = Math.min(a.ci_high - a.ci_low, b.ci_high - b.ci_low);
	if (!(narrowerWidth > 0)) return null;
	const shared = Math.min(a.ci_high, b.ci_high) - Math.max(a.ci_low, b.ci_low);
	return Math.min(1, Math.max(0, shared / narrowerWidth));
}

/**
 * How informative the next vote between a pair would be, as a sampling weight:
 * MIN_PAIR_WEIGHT + 1/(1 + battles) + uncertainty, where uncertainty is the
 * interval overlap, or without intervals how close an even match the rating gap
 * predicts (1 at no gap), or 1 when nothing is known.
 */
export function pairWeight(stats: PairStats): number {
	const battles = Math.max(0, stats.battles);
	let uncertainty = 1;
	if (stats.intervalOverlap !== undefined && stats.intervalOverlap !== null) {
		uncertainty = Math.min(1, Math.max(0, stats.intervalOverlap));
	} else if (stats.ratingGap !== undefined && stats.ratingGap !== null && Number.isFinite(stats.ratingGap)) {
		// 4·p·(1−p) is 1 for an even match and falls towards 0 as one side becomes a sure winner.
		const winProbability = 1 / (1 + ELO_BASE ** (-Math.abs(stats.ratingGap) / ELO_SCALE));
		uncertainty = 4 * winProbability * (1 - winProbability);
	}
	return MIN_PAIR_WEIGHT + 1 / (1 + battles) + uncertainty;
}

/** The statistics `chooseBattlePair` weighs for one pair. */
export function pairStats(input: SamplingInput, a: string, b: string): PairStats {
	const battles = input.pairBattles?.get(pairKey(a, b)) ?? 0;
	const ratingA = input.ratings?.get(a);
	const ratingB = input.ratings?.get(b);
	if (!ratingA || !ratingB) return {battles, ratingGap: null, intervalOverlap: null};
	return {battles, ratingGap: Math.abs(ratingA.rating - ratingB.rating), intervalOverlap: intervalOverlap(ratingA, ratingB)};
}

/** Every unordered pair of distinct models with its weight, in a fixed order. */
export function weighPairs(input: SamplingInput): Array<{first: string; second: string; weight: number}> {
	const models = distinctModels(input.models);
	const pairs: Array<{first: string; second: string; weight: number}> = [];
	for (let firstIndex = 0; firstIndex < models.length; firstIndex++) {
		for (let secondIndex = firstIndex + 1; secondIndex < models.length; secondIndex++) {
			const first = models[firstIndex]!;
			const second = models[secondIndex]!;
			pairs.push({first, second, weight: pairWeight(pairStats(input, first, second))});
		}
	}
	return pairs;
}

/**
 * Picks an informative pair (few battles, overlapping intervals), never a
 * model with itself, and puts either one on the left with probability ½.
 * Throws UsageError when there are fewer than two distinct models.
 */
export function chooseBattlePair(input: SamplingInput, random: Random): BattlePair {
	const pairs = weighPairs(input);
	if (pairs.length === 0) {
		const count = distinctModels(input.models).length;
		throw new UsageError(`a blind battle needs at least two different models, got ${count}; add models with -m or --pool`);
	}

	const total = pairs.reduce((sum, pair) => sum + pair.weight, 0);
	let target = random.float() * total;
	// Floating-point sums can leave `target` a hair past the last weight: fall back to the last pair.
	let chosen = pairs.at(-1)!;
	for (const pair of pairs) {
		target -= pair.weight;
		if (target < 0) {
			chosen = pair;
			break;
		}
	}

	// A separate draw: sides must not depend on which pair was picked or in what order models were listed.
	return random.int(2) === 0 ? {left: chosen.first, right: chosen.second} : {left: chosen.second, right: chosen.first};
}

function distinctModels(models: readonly string[]): string[] {
	return [...new Set(models)];
}
