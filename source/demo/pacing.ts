/**
 * Plans when each chunk of a simulated answer is written: time to first
 * token, per-token gaps with jitter, occasional multi-token chunks (servers
 * batch under load) and rare stalls. Pure, so plans are testable and
 * reproducible from a seed.
 */
import type {DemoModel} from './models.js';
import {gaussian, randomIntBetween, type Random} from './random.js';
import type {TokenPiece} from './tokens.js';

export type PieceKind = 'reasoning' | 'content';

export interface StreamPiece extends TokenPiece {
	kind: PieceKind;
}

export interface PlannedChunk {
	kind: PieceKind;
	text: string;
	tokens: number;
	/** When to write this chunk, in ms after the request was received. */
	dueMs: number;
}

export interface StreamPlan {
	/** When the first token is due, in ms after the request was received. */
	plannedTtftMs: number;
	chunks: PlannedChunk[];
	/** When the last chunk is due (equals plannedTtftMs for an empty answer). */
	totalMs: number;
}

export interface Pace {
	/** Multiplies the pace: 10 means ten times shorter TTFT and gaps. */
	speed: number;
	/** No delays at all: every chunk is due at 0. */
	fullSpeed: boolean;
}

const multiTokenChunkChance = 0.12;
const stallChance = 0.015;
// Log-normal spread of inter-token gaps; real decode gaps are skewed, not uniform.
const gapSigma = 0.3;
const ttftSigma = 0.06;
// TTFT stays within this band of the model's typical value, so models keep their order.
const ttftBand = {min: 0.85, max: 1.15};

export function planStream(model: DemoModel, pieces: readonly StreamPiece[], random: Random, pace: Pace): StreamPlan {
	const timeScale = pace.fullSpeed ? 0 : 1 / pace.speed;
	const ttftFactor = clamp(Math.exp(ttftSigma * gaussian(random)), ttftBand.min, ttftBand.max);
	const plannedTtftMs = model.ttftMs * ttftFactor * timeScale;
	const meanGapMs = (1000 / model.tokensPerSecond) * timeScale;
	// Scale so the mean of the log-normal equals meanGapMs.
	const gapScale = meanGapMs * Math.exp((-gapSigma * gapSigma) / 2);
	const tokenGap = () => gapScale * Math.exp(gapSigma * gaussian(random));

	const chunks: PlannedChunk[] = [];
	let dueMs = plannedTtftMs;
	let index = 0;
	while (index < pieces.length) {
		const first = pieces[index];
		let size = 1;
		// The first token goes out alone, as on real servers, so TTFT is exactly plannedTtftMs.
		if (chunks.length > 0 && random() < multiTokenChunkChance) size = randomIntBetween(random, 2, 4);
		let text = first.text;
		let tokens = first.tokens;
		let end = index + 1;
		while (end < pieces.length && end - index < size && pieces[end].kind === first.kind) {
			text += pieces[end].text;
			tokens += pieces[end].tokens;
			end++;
		}

		if (chunks.length > 0) {
			const previous = chunks[chunks.length - 1];
			let gap = 0;
			for (let token = 0; token < tokens; token++) gap += tokenGap();
			// The hidden end-of-thinking tokens take time too.
			if (previous.kind !== first.kind) gap += 2 * tokenGap();
			if (random() < stallChance) gap *= 3 + 4 * random();
			dueMs += gap;
		}

		chunks.push({kind: first.kind, text, tokens, dueMs});
		index = end;
	}

	return {plannedTtftMs, chunks, totalMs: dueMs};
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
