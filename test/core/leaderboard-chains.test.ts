import {describe, expect, it} from 'vitest';
import {loadLeaderboard} from '../../source/core/leaderboard.js';
import {judgedRuns} from '../helpers/judged-votes.js';
import {useTemporaryStore} from '../store/fixtures/store-test-kit.js';

const store = useTemporaryStore();

describe('a fallback chain on the leaderboard', () => {
	it('is rated as itself, while its answers also count in the speed columns of the model that served them', () => {
		// chain:robust beat k:plain 6–2; every chain answer was served by k:backup after k:primary failed, at a slow 900 ms TTFT.
		const chainAnswer = {
			spec: 'chain:robust',
			served_spec: 'k:backup',
			fallbacks: [{spec: 'k:primary', error_message: 'HTTP 503', error_status: 503}],
			ttft_ms: 900,
		};
		judgedRuns(store(), 6, 'chain:robust', 'k:plain', 'model_a', {leftMetrics: chainAnswer, rightMetrics: {spec: 'k:plain', ttft_ms: 100}});
		judgedRuns(store(), 2, 'k:plain', 'chain:robust', 'model_a', {leftMetrics: {spec: 'k:plain', ttft_ms: 100}, rightMetrics: chainAnswer});
		// k:backup answered twice on its own, fast, and was never voted on.
		judgedRuns(store(), 2, 'k:backup', 'k:plain', 'tie', {leftMetrics: {spec: 'k:backup', ttft_ms: 100}, rightMetrics: {spec: 'k:plain', ttft_ms: 100}});

		const board = loadLeaderboard(store(), {}, {bootstrapRounds: 50});
		const row = (model: string) => board.rows.find(candidate => candidate.model === model)!;

		expect(row('chain:robust')).toMatchObject({wins: 6, losses: 2, answers: 8, median_ttft_ms: 900});
		// k:backup's own 2 answers and the 8 it served for the chain; its votes are only its own (2 ties).
		expect(row('k:backup')).toMatchObject({answers: 10, median_ttft_ms: 900, battles: 2});
		// The member that failed first served nothing, so it has no row.
		expect(board.rows.some(candidate => candidate.model === 'k:primary')).toBe(false);
		expect(row('k:plain').answers).toBe(10);
	});
});
