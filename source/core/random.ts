/**
 * A small, fast, seeded pseudo-random generator and the samplers built on it.
 *
 * Reproducibility matters more than anything here: the same votes and the same
 * seed must give the same leaderboard (bootstrap intervals), and tests must be
 * deterministic. `Math.random` cannot be seeded, so nothing in core uses it.
 *
 * The generator is xoshiro128** (Blackman & Vigna), seeded through splitmix32 so
 * that nearby seeds (0, 1, 2…) give unrelated streams. It is not cryptographic.
 */

export interface Random {
	/** A uniform 32-bit unsigned integer. */
	uint32(): number;
	/** A uniform float in [0, 1) with 32 bits of resolution. */
	float(): number;
	/** A uniform integer in [0, maxExclusive), without modulo bias. */
	int(maxExclusive: number): number;
}

const TWO_TO_THE_32 = 4_294_967_296;

/** Creates a generator whose whole stream is fixed by `seed` (any finite number; its integer part is used). */
export function createRandom(seed: number): Random {
	if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);

	// splitmix32 spreads one seed over the 128-bit state; the state must not be all zero.
	let mixer = Math.trunc(seed) >>> 0;
	// Fold in the high bits so seeds ≥ 2^32 differ from their low 32 bits alone.
	mixer = (mixer ^ Math.trunc(Math.trunc(seed) / TWO_TO_THE_32)) >>> 0;
	const nextSeedWord = (): number => {
		mixer = (mixer + 0x9e_37_79_b9) >>> 0;
		let z = mixer;
		z = Math.imul(z ^ (z >>> 16), 0x85_eb_ca_6b);
		z = Math.imul(z ^ (z >>> 13), 0xc2_b2_ae_35);
		return (z ^ (z >>> 16)) >>> 0;
	};

	let s0 = nextSeedWord();
	let s1 = nextSeedWord();
	let s2 = nextSeedWord();
	let s3 = nextSeedWord();
	if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

	const uint32 = (): number => {
		const product = Math.imul(s1, 5);
		const result = Math.imul((product << 7) | (product >>> 25), 9);
		const shifted = s1 << 9;
		s2 ^= s0;
		s3 ^= s1;
		s1 ^= s2;
		s0 ^= s3;
		s2 ^= shifted;
		s3 = (s3 << 11) | (s3 >>> 21);
		return result >>> 0;
	};

	const float = (): number => uint32() / TWO_TO_THE_32;

	const int = (maxExclusive: number): number => {
		if (!Number.isInteger(maxExclusive) || maxExclusive <= 0 || maxExclusive > TWO_TO_THE_32) {
			throw new RangeError(`maxExclusive must be an integer in 1..2^32, got ${maxExclusive}`);
		}

		// Reject the top sliver of the 32-bit range that would make small values more likely.
		const limit = TWO_TO_THE_32 - (TWO_TO_THE_32 % maxExclusive);
		for (;;) {
			const value = uint32();
			if (value < limit) return value % maxExclusive;
		}
	};

	return {uint32, float, int};
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T>(random: Random, items: T[]): T[] {
	for (let index = items.length - 1; index > 0; index--) {
		const swapWith = random.int(index + 1);
		const held = items[index];
		items[index] = items[swapWith];
		items[swapWith] = held;
	}

	return items;
}

/**
 * Draws from Binomial(trials, probability).
 *
 * Small means use inversion (walking the CDF), which costs O(trials·p). Large
 * means use Hörmann's BTRS transformed rejection, which costs O(1) whatever
 * `trials` is, so resampling 100,000 votes is as cheap as resampling 100.
 */
export function sampleBinomial(random: Random, trials: number, probability: number): number {
	if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`trials must be a non-negative integer, got ${trials}`);
	if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability must be in [0, 1], got ${probability}`);
	if (trials === 0 || probability === 0) return 0;
	if (probability === 1) return trials;

	// Both algorithms want p ≤ 1/2; the count of failures has probability 1 - p.
	if (probability > 0.5) return trials - sampleBinomial(random, trials, 1 - probability);
	return trials * probability < 10
		? binomialByInversion(random, trials, probability)
		: binomialByTransformedRejection(random, trials, probability);
}

/**
 * Draws Multinomial(total, weights / sum(weights)) into `out` (same length as
 * `weights`) as a chain of conditional binomials: cell k gets
 * Binomial(remaining draws, w_k / remaining weight). With integer weights the
 * remaining weight is exact, so the last non-empty cell takes whatever is left.
 */
export function sampleMultinomialInto(random: Random, total: number, weights: ArrayLike<number>, out: Float64Array | Int32Array | number[]): void {
	let remainingWeight = 0;
	for (let index = 0; index < weights.length; index++) remainingWeight += weights[index];

	let remainingDraws = total;
	for (let index = 0; index < weights.length; index++) {
		const weight = weights[index];
		if (remainingDraws === 0 || weight <= 0) {
			out[index] = 0;
			continue;
		}

		const probability = weight >= remainingWeight ? 1 : weight / remainingWeight;
		const draws = sampleBinomial(random, remainingDraws, probability);
		out[index] = draws;
		remainingDraws -= draws;
		remainingWeight -= weight;
	}
}

function binomialByInversion(random: Random, trials: number, probability: number): number {
	const failure = 1 - probability;
	const oddsRatio = probability / failure;
	const recurrence = (trials + 1) * oddsRatio;
	const firstMass = Math.pow(failure, trials);
	for (;;) {
		let uniform = random.float();
		let mass = firstMass;
		let successes = 0;
		while (uniform > mass) {
			uniform -= mass;
			successes++;
			// Rounding can leave a sliver of probability past `trials`; start over then.
			if (successes > trials) break;
			mass *= recurrence / successes - oddsRatio;
		}

		if (successes <= trials) return successes;
	}
}

// log(k!) − [(k + ½)·log(k + 1) − (k + 1) + ½·log(2π)]: the Stirling-series error, tabulated for small k.
const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const STIRLING_TAIL_TABLE = (() => {
	const table = new Float64Array(10);
	let logFactorial = 0;
	for (let k = 0; k < 10; k++) {
		if (k > 0) logFactorial += Math.log(k);
		table[k] = logFactorial - LOG_SQRT_TWO_PI - (k + 0.5) * Math.log(k + 1) + (k + 1);
	}

	return table;
})();

function stirlingTail(k: number): number {
	if (k < 10) return STIRLING_TAIL_TABLE[k];
	const kPlusOneSquared = (k + 1) * (k + 1);
	return (1 / 12 - (1 / 360 - 1 / 1260 / kPlusOneSquared) / kPlusOneSquared) / (k + 1);
}

/**
 * W. Hörmann, "The generation of binomial random variates", J. Statist. Comput.
 * Simul. 46 (1993): algorithm BTRS. Valid for p ≤ 1/2 and trials·p ≥ 10.
 */
function binomialByTransformedRejection(random: Random, trials: number, probability: number): number {
	const spread = Math.sqrt(trials * probability * (1 - probability));
	const b = 1.15 + 2.53 * spread;
	const a = -0.0873 + 0.0248 * b + 0.01 * probability;
	const c = trials * probability + 0.5;
	const acceptWithoutTest = 0.92 - 4.2 / b;
	const odds = probability / (1 - probability);
	const alpha = (2.83 + 5.1 / b) * spread;
	const mode = Math.floor((trials + 1) * probability);
	const logAtMode = (mode + 0.5) * Math.log((mode + 1) / (odds * (trials - mode + 1))) + stirlingTail(mode) + stirlingTail(trials - mode);

	for (;;) {
		const u = random.float() - 0.5;
		let v = random.float();
		const us = 0.5 - Math.abs(u);
		const candidate = Math.floor(((2 * a) / us + b) * u + c);
		if (us >= 0.07 && v <= acceptWithoutTest) return candidate;
		if (candidate < 0 || candidate > trials) continue;

		v = Math.log((v * alpha) / (a / (us * us) + b));
		const logBound = logAtMode
			+ (trials + 1) * Math.log((trials - mode + 1) / (trials - candidate + 1))
			+ (candidate + 0.5) * Math.log((odds * (trials - candidate + 1)) / (candidate + 1))
			- stirlingTail(candidate)
			- stirlingTail(trials - candidate);
		if (v <= logBound) return candidate;
	}
}
