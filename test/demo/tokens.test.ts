import {encode} from 'gpt-tokenizer';
import {describe, expect, it} from 'vitest';
import {countTokens, joinPieces, splitIntoTokenPieces, takeTokenBudget} from '../../source/demo/tokens.js';

const mixedText = 'Café naïve 日本語のテキスト 👩‍👩‍👧 family ｆｕｌｌ width, and ```code```.\n';

describe('splitIntoTokenPieces', () => {
	it('splits into whole-character pieces that add back up to the text and its token count', () => {
		const pieces = splitIntoTokenPieces(mixedText);
		expect(joinPieces(pieces)).toBe(mixedText);
		expect(pieces.reduce((sum, piece) => sum + piece.tokens, 0)).toBe(encode(mixedText).length);
		expect(pieces.every(piece => piece.text.length > 0 && !piece.text.includes('\uFFFD'))).toBe(true);
		// Multi-token characters stay in one piece instead of being cut in half.
		expect(pieces.some(piece => piece.tokens > 1)).toBe(true);
	});

	it('returns nothing for empty text', () => {
		expect(splitIntoTokenPieces('')).toEqual([]);
		expect(countTokens('')).toBe(0);
	});
});

describe('takeTokenBudget', () => {
	const pieces = splitIntoTokenPieces(mixedText.repeat(5));

	it('keeps the longest prefix that re-tokenizes within the budget', () => {
		for (const budget of [1, 7, 20, 33]) {
			const kept = takeTokenBudget(pieces, budget);
			const text = joinPieces(kept);
			expect(mixedText.repeat(5).startsWith(text)).toBe(true);
			expect(countTokens(text)).toBeLessThanOrEqual(budget);
			expect(countTokens(text)).toBeGreaterThanOrEqual(budget - 3);
		}
	});

	it('keeps everything when the budget is large enough, and nothing at zero', () => {
		expect(takeTokenBudget(pieces, 10_000)).toBe(pieces);
		expect(takeTokenBudget(pieces, 0)).toEqual([]);
	});
});
