/** Seeded randomness for the demo, so a run (jitter, chunking, TTFT) can be replayed exactly from its seed. */

import {createRandom as createSeededRandom} from '../core/random.js';

/** Returns a float in [0, 1). */
export type Random = () => number;

/** The project's seeded generator (core/random), as the float source the pacing code draws from. */
export function createRandom(seed: number): Random {
	const generator = createSeededRandom(seed);
	return () => generator.float();
}

/** FNV-1a over the parts, so per-request streams derive from one seed without sharing state. */
export function deriveSeed(...parts: Array<string | number>): number {
	let hash = 0x811c9dc5;
	for (const part of parts) {
		const text = `${part}\u0000`;
		for (let index = 0; index < text.length; index++) {
			hash ^= text.charCodeAt(index);
			hash = Math.imul(hash, 0x01000193);
		}
	}
	return hash >>> 0;
}

/** Standard normal sample (Box–Muller). */
export function gaussian(random: Random): number {
	// 1 - random() keeps the logarithm away from zero.
	const radius = Math.sqrt(-2 * Math.log(1 - random()));
	return radius * Math.cos(2 * Math.PI * random());
}

export function randomIntBetween(random: Random, min: number, max: number): number {
	return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}
