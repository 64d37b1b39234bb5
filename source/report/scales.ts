/**
 * Axes for the report's charts: "nice" tick values (1, 2, 5 × 10^n) and the
 * mapping from data to SVG coordinates. Pure arithmetic, no DOM: the page is
 * rendered as a string and has no script to measure anything.
 */

export interface Scale {
	/** Data value → SVG coordinate. */
	at(value: number): number;
	/** Tick values inside the domain, low to high. */
	ticks: number[];
	domain: [number, number];
	kind: 'linear' | 'log';
}

/** Removes binary-fraction noise (0.30000000000000004) from computed ticks. */
function clean(value: number): number {
	return Number(value.toPrecision(12));
}

function niceStep(span: number, targetTicks: number): number {
	const raw = span / Math.max(1, targetTicks);
	const magnitude = 10 ** Math.floor(Math.log10(raw));
	const normalised = raw / magnitude;
	const factor = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10;
	return factor * magnitude;
}

/**
 * A domain that covers [low, high] and ends on ticks. A single value (or none
 * spread at all) gets `minimumSpan` around it, so one model still draws an axis.
 */
export function niceDomain(low: number, high: number, targetTicks = 5, minimumSpan = 1): {domain: [number, number]; ticks: number[]} {
	if (high < low) [low, high] = [high, low];
	if (high - low < minimumSpan) {
		const middle = (low + high) / 2;
		low = middle - minimumSpan / 2;
		high = middle + minimumSpan / 2;
	}

	const step = niceStep(high - low, targetTicks);
	const start = clean(Math.floor(low / step) * step);
	const end = clean(Math.ceil(high / step) * step);
	const ticks: number[] = [];
	for (let index = 0; ; index++) {
		const tick = clean(start + index * step);
		if (tick > end + step / 1e6) break;
		ticks.push(tick);
	}

	return {domain: [start, end], ticks};
}

/** A linear scale over a nice domain, drawn from `from` to `to` (either may be larger). */
export function linearScale(low: number, high: number, from: number, to: number, options: {targetTicks?: number; minimumSpan?: number; includeZero?: boolean} = {}): Scale {
	if (options.includeZero) {
		low = Math.min(0, low);
		high = Math.max(0, high);
	}

	const {domain, ticks} = niceDomain(low, high, options.targetTicks ?? 5, options.minimumSpan ?? 1);
	const [start, end] = domain;
	return {
		at: value => from + ((value - start) / (end - start)) * (to - from),
		ticks,
		domain,
		kind: 'linear',
	};
}

/**
 * A log10 scale from the decade below `low` to the decade above `high`. Ticks
 * are the powers of ten, with 2× and 5× added when the span is short enough
 * that powers alone would leave the axis nearly bare. `low` must be positive.
 */
export function logScale(low: number, high: number, from: number, to: number): Scale {
	const lowDecade = Math.floor(Math.log10(low));
	let highDecade = Math.ceil(Math.log10(high));
	if (highDecade === lowDecade) highDecade++;
	const decades = highDecade - lowDecade;
	const multiples = decades <= 2 ? [1, 2, 5] : [1];
	const ticks: number[] = [];
	for (let decade = lowDecade; decade <= highDecade; decade++) {
		for (const multiple of multiples) {
			const tick = clean(multiple * 10 ** decade);
			if (tick <= 10 ** highDecade) ticks.push(tick);
		}
	}

	// Trim ticks far outside the data so the points use the width.
	const first = ticks.findLastIndex(tick => tick <= low);
	const last = ticks.findIndex(tick => tick >= high);
	const kept = ticks.slice(Math.max(0, first), last === -1 ? undefined : last + 1);
	const start = Math.log10(kept[0]!);
	const end = Math.log10(kept.at(-1)!);
	const span = end - start || 1;
	return {
		at: value => from + ((Math.log10(value) - start) / span) * (to - from),
		ticks: kept,
		domain: [kept[0]!, kept.at(-1)!],
		kind: 'log',
	};
}
