/**
 * Timing helpers shared by the benchmarks. Every figure is a median over
 * interleaved runs, because the bench machine is small and noisy: running the
 * compared variants back to back in rotating order spreads drift (thermal,
 * other processes, GC) evenly over them instead of charging it to one.
 */
import {median, percentile} from '../core/stats.js';

export function medianOf(samples: readonly number[]): number {
	const value = median(samples);
	if (value === null) throw new Error('no samples to take a median of');
	return value;
}

export function percentileOf(samples: readonly number[], p: number): number {
	const value = percentile(samples, p);
	if (value === null) throw new Error(`no samples to take p${p} of`);
	return value;
}

/** After a forced collection V8 still sweeps on helper threads; on 2 cores that would steal from the next run. */
const QUIET_AFTER_COLLECTION_MS = 50;

/**
 * Between measured runs: a full collection (with --expose-gc) so one variant
 * does not pay for the garbage of the one before it, then a pause so the
 * collector's background work and sockets closed by the last run are done.
 */
export async function settleBetweenRuns(): Promise<void> {
	const collect = (globalThis as {gc?: () => void}).gc;
	collect?.();
	await new Promise(resolve => setTimeout(resolve, QUIET_AFTER_COLLECTION_MS));
}

/**
 * The order to run `count` variants in for round `round`: a rotation, so each
 * variant goes first, second, … equally often.
 */
export function rotation(count: number, round: number): number[] {
	return Array.from({length: count}, (_, index) => (index + round) % count);
}

export function round1(value: number): number {
	return Math.round(value * 10) / 10;
}

export function round3(value: number): number {
	return Math.round(value * 1000) / 1000;
}
