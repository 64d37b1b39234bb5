import {describe, expect, test} from 'vitest';
import {estimateRemainingMs, formatClock, progressBar, progressRow} from '../../../source/ui/battle/progress.js';

test('a clock reads m:ss, and h:mm:ss past an hour', () => {
	expect(formatClock(0)).toBe('0:00');
	expect(formatClock(65_400)).toBe('1:05');
	expect(formatClock(3_723_000)).toBe('1:02:03');
});

test('the bar fills in proportion and never overflows', () => {
	expect(progressBar(0, 4)).toBe('▕░░░░▏');
	expect(progressBar(0.5, 4)).toBe('▕██░░▏');
	expect(progressBar(3, 4)).toBe('▕████▏');
});

describe('time left', () => {
	test('is the mean round times the rounds to come, less what the current round has used', () => {
		expect(estimateRemainingMs([10_000, 20_000], 3, 5_000)).toBe(40_000);
		expect(estimateRemainingMs([10_000], 1, 30_000)).toBe(0);
	});

	test('is unknown before a round has finished, or without a planned end', () => {
		expect(estimateRemainingMs([], 3, 0)).toBeNull();
		expect(estimateRemainingMs([10_000], null, 0)).toBeNull();
	});
});

describe('the progress row', () => {
	test('with a suite: the task, judged tasks, elapsed and time left', () => {
		const row = progressRow({
			progress: {plannedRounds: 3, suite: {name: 'coding-5', judged: 3, total: 5}},
			roundNumber: 2,
			taskPosition: 4,
			finishedRoundDurationsMs: [30_000],
			currentRoundElapsedMs: 10_000,
			elapsedMs: 40_000,
			barWidth: 5,
		});
		expect(row).toBe('coding-5 · task 4/5 ▕███░░▏ 3/5 judged · elapsed 0:40 · ~0:50 left');
	});

	test('without a suite: rounds against --rounds, or just the round', () => {
		const base = {taskPosition: null, finishedRoundDurationsMs: [], currentRoundElapsedMs: 0, elapsedMs: 5_000, barWidth: 4};
		expect(progressRow({...base, progress: {plannedRounds: 2, suite: null}, roundNumber: 1})).toBe(
			'round 1/2 ▕░░░░▏ · elapsed 0:05 · estimating time left',
		);
		expect(progressRow({...base, progress: {plannedRounds: null, suite: null}, roundNumber: 4})).toBe('round 4 · elapsed 0:05');
	});
});
