/**
 * Small descriptive statistics shared by metrics, ratings and the leaderboard.
 *
 * Every function that takes a list of samples skips `null`, `undefined`, NaN and
 * ±Infinity, so a column such as "TTFT of every run" can be passed as it is stored
 * (failed runs have no TTFT). A list with no usable value gives `null`, never 0:
 * "no data" must not look like "zero milliseconds".
 */

export type Samples = ArrayLike<number | null | undefined>;

/** The finite numbers in `samples`, sorted ascending, in a fresh array. */
export function sortedFinite(samples: Samples): Float64Array {
	let finiteCount = 0;
	for (let index = 0; index < samples.length; index++) {
		const value = samples[index];
		if (typeof value === 'number' && Number.isFinite(value)) finiteCount++;
	}

	const sorted = new Float64Array(finiteCount);
	let next = 0;
	for (let index = 0; index < samples.length; index++) {
		const value = samples[index];
		if (typeof value === 'number' && Number.isFinite(value)) sorted[next++] = value;
	}

	// Float64Array#sort compares numerically, unlike Array#sort.
	return sorted.sort();
}

/**
 * The `p`-th percentile (0 ≤ p ≤ 100) of samples already sorted ascending, with
 * linear interpolation between the two nearest ranks (NumPy's default "linear"
 * method, Hyndman & Fan type 7). Use this when taking several percentiles of one
 * list, to sort once.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
	assertPercent(p);
	const count = sorted.length;
	if (count === 0) return null;
	if (count === 1) return sorted[0];

	const position = ((count - 1) * p) / 100;
	const lowerIndex = Math.floor(position);
	const upperIndex = Math.min(lowerIndex + 1, count - 1);
	const fraction = position - lowerIndex;
	const lower = sorted[lowerIndex];
	const upper = sorted[upperIndex];
	return fraction === 0 ? lower : lower + fraction * (upper - lower);
}

/** The `p`-th percentile (0 ≤ p ≤ 100) with linear interpolation; `null` when there is no finite sample. */
export function percentile(samples: Samples, p: number): number | null {
	assertPercent(p);
	return percentileOfSorted(sortedFinite(samples), p);
}

/** The median (the 50th percentile, averaging the middle two for an even count); `null` when empty. */
export function median(samples: Samples): number | null {
	return percentile(samples, 50);
}

/** The arithmetic mean of the finite samples; `null` when empty. */
export function mean(samples: Samples): number | null {
	let sum = 0;
	let count = 0;
	for (let index = 0; index < samples.length; index++) {
		const value = samples[index];
		if (typeof value === 'number' && Number.isFinite(value)) {
			sum += value;
			count++;
		}
	}

	return count === 0 ? null : sum / count;
}

export interface ProportionInterval {
	/** successes / trials. */
	estimate: number;
	low: number;
	high: number;
}

/**
 * The Wilson score interval for a binomial proportion. Unlike the textbook
 * "p ± z·sqrt(p(1-p)/n)" it stays inside [0, 1] and keeps honest width at
 * 0 or n successes, which matters for a handful of votes. `z` = 1.96 gives 95%.
 * Returns `null` when there are no trials.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): ProportionInterval | null {
	if (!(trials > 0)) return null;
	if (successes < 0 || successes > trials) {
		throw new RangeError(`successes (${successes}) must be between 0 and trials (${trials})`);
	}

	const estimate = successes / trials;
	const zSquared = z * z;
	const denominator = 1 + zSquared / trials;
	const centre = (estimate + zSquared / (2 * trials)) / denominator;
	const halfWidth = (z * Math.sqrt((estimate * (1 - estimate)) / trials + zSquared / (4 * trials * trials))) / denominator;
	return {
		estimate,
		low: Math.max(0, centre - halfWidth),
		high: Math.min(1, centre + halfWidth),
	};
}

function assertPercent(p: number): void {
	if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, got ${p}`);
}
