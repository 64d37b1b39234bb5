/**
 * Turns canned text into the token-sized pieces a real model would stream,
 * using the same BPE tokenizer (o200k) that arena uses to estimate counts.
 */
import {decodeGenerator, encode} from 'gpt-tokenizer';

export interface TokenPiece {
	text: string;
	/** Usually 1; more when a character spans several tokens (some emoji, rare CJK). */
	tokens: number;
}

// Long answers (benchmarks ask for thousands of tokens) are counted on every
// request for usage; short texts are cheaper to count than to look up.
const countCache = new Map<string, number>();
const countCacheLimit = 64;
const countCacheMinLength = 2_000;

export function countTokens(text: string): number {
	if (text.length === 0) return 0;
	if (text.length < countCacheMinLength) return encode(text).length;
	const cached = countCache.get(text);
	if (cached !== undefined) return cached;
	const count = encode(text).length;
	remember(countCache, countCacheLimit, text, count);
	return count;
}

function remember<Value>(cache: Map<string, Value>, limit: number, key: string, value: Value): void {
	if (cache.size >= limit) {
		const oldest = cache.keys().next().value;
		if (oldest !== undefined) cache.delete(oldest);
	}
	cache.set(key, value);
}

// Answers repeat across requests (benchmarks send the same prompt many times),
// so keep recent splits instead of re-tokenizing.
const pieceCache = new Map<string, readonly TokenPiece[]>();
const pieceCacheLimit = 64;

/**
 * Splits text into pieces that each decode to whole characters. Per-token
 * decoding would cut multi-byte characters in half, so tokens are grouped
 * until they decode cleanly; each piece remembers how many tokens it holds.
 */
export function splitIntoTokenPieces(text: string): readonly TokenPiece[] {
	const cached = pieceCache.get(text);
	if (cached) return cached;

	const tokenIds = encode(text);
	let consumed = 0;
	// decodeGenerator pulls token ids lazily, so counting pulls between yields
	// tells how many tokens went into each decoded string.
	function* countingTokenIds(): Generator<number> {
		for (const tokenId of tokenIds) {
			consumed++;
			yield tokenId;
		}
	}

	const pieces: TokenPiece[] = [];
	let consumedBefore = 0;
	for (const pieceText of decodeGenerator(countingTokenIds())) {
		pieces.push({text: pieceText, tokens: consumed - consumedBefore});
		consumedBefore = consumed;
	}
	if (pieces.length > 0 && consumed > consumedBefore) {
		pieces[pieces.length - 1].tokens += consumed - consumedBefore;
	}

	remember(pieceCache, pieceCacheLimit, text, pieces);
	return pieces;
}

export function joinPieces(pieces: readonly TokenPiece[]): string {
	let text = '';
	for (const piece of pieces) text += piece.text;
	return text;
}

/**
 * The longest prefix of `pieces` whose text re-tokenizes to at most `budget`
 * tokens. Re-tokenizing a prefix can differ from the prefix of the tokens at
 * the cut, and usage must match what a client counts on the received text.
 */
export function takeTokenBudget(pieces: readonly TokenPiece[], budget: number): readonly TokenPiece[] {
	if (budget <= 0) return [];
	let count = 0;
	let end = 0;
	while (end < pieces.length && count + pieces[end].tokens <= budget) {
		count += pieces[end].tokens;
		end++;
	}
	if (end === pieces.length) return pieces;
	while (end > 0 && countTokens(joinPieces(pieces.slice(0, end))) > budget) end--;
	return pieces.slice(0, end);
}
