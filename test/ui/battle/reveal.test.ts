import {describe, expect, test} from 'vitest';
import type {RevealedSide} from '../../../source/ui/battle/battle-types.js';
import {formatRatingChange, revealLines} from '../../../source/ui/battle/reveal.js';

describe('a rating change', () => {
	test('reads before → after with a signed delta of the rounded figures', () => {
		expect(formatRatingChange(1000.4, 1016.2)).toBe('rating 1000 → 1016 (+16)');
		expect(formatRatingChange(1000, 984.4)).toBe('rating 1000 → 984 (−16)');
		expect(formatRatingChange(1000.2, 999.9)).toBe('rating 1000 → 1000 (±0)');
	});

	test('says when a model had no rating before, or has none at all', () => {
		expect(formatRatingChange(null, 1016)).toBe('rating new → 1016');
		expect(formatRatingChange(null, null)).toBe('unrated');
	});
});

describe('the reveal lines', () => {
	const sides = [
		{spec: 'p:one', simulated: false, ratingBefore: 1000, ratingAfter: 1010},
		{spec: 'demo:two', simulated: true, ratingBefore: 1000, ratingAfter: 990},
	] as [RevealedSide, RevealedSide];

	test('give the verdict, then who each side was and how its rating moved', () => {
		expect(revealLines({winner: 'model_a', sides, identityWords: []}).map(line => line.text)).toEqual([
			'You voted: A is better',
			'Model A was p:one · rating 1000 → 1010 (+10)',
			'Model B was demo:two (simulated) · rating 1000 → 990 (−10)',
		]);
	});

	test('call a rating resting on fewer than ten votes provisional, with its count', () => {
		const fresh = [
			{spec: 'p:one', simulated: false, ratingBefore: null, ratingAfter: 1861, votesAfter: 1},
			{spec: 'p:two', simulated: false, ratingBefore: 1000, ratingAfter: 990, votesAfter: 10},
		] as [RevealedSide, RevealedSide];
		expect(revealLines({winner: 'model_a', sides: fresh, identityWords: []}).map(line => line.text).slice(1)).toEqual([
			'Model A was p:one · rating new → 1861 · provisional, 1 vote',
			'Model B was p:two · rating 1000 → 990 (−10)',
		]);
	});

	test('for a flagged vote, say so and that the ratings stayed put', () => {
		const lines = revealLines({winner: 'tie', sides, identityWords: ['claude', 'openai']}).map(line => line.text);
		expect(lines).toEqual([
			'You voted: tie',
			'Model A was p:one · rating 1000, unchanged',
			'Model B was demo:two (simulated) · rating 1000, unchanged',
			'flagged: an answer names a model or vendor (claude, openai); the vote is kept but left out of the leaderboard',
		]);
	});
});
