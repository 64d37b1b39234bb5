import type {BattleProgress} from './battle-types.js';

/**
 * The progress row of a battle: where it stands (task i/N or round i/N), a bar,
 * the time spent and an estimate of the time left. Pure, so the arithmetic is
 * tested without a clock.
 */

export interface ProgressRowInput {
	progress: BattleProgress;
	/** The round on screen (1-based), or the one about to start while its prompt is typed. */
	roundNumber: number;
	/** The suite position of the task on screen, if any. */
	taskPosition: number | null;
	/** How long each finished round took, from its start until the user moved on. */
	finishedRoundDurationsMs: readonly number[];
	/** Time spent on the round on screen so far. */
	currentRoundElapsedMs: number;
	/** Time since the battle started. */
	elapsedMs: number;
	/** Columns for the bar itself. */
	barWidth?: number;
}

const DEFAULT_BAR_WIDTH = 16;

/** "1:05", "12:00", "1:02:03": a clock, since these are durations the user watches go by. */
export function formatClock(ms: number): string {
	const totalSeconds = Math.max(0, Math.floor(ms / 1000));
	const hours = Math.floor(totalSeconds / 3600);
	const minutes = Math.floor((totalSeconds % 3600) / 60);
	const seconds = totalSeconds % 60;
	const paddedSeconds = String(seconds).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${paddedSeconds}` : `${minutes}:${paddedSeconds}`;
}

/** A bar of `width` cells, `fraction` of them full. */
export function progressBar(fraction: number, width: number = DEFAULT_BAR_WIDTH): string {
	const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
	const full = Math.round(clamped * width);
	return `▕${'█'.repeat(full)}${'░'.repeat(width - full)}▏`;
}

/**
 * Time left: the mean round so far times the rounds still to come, less what
 * the round on screen has already used. Null until a round has finished (no
 * basis yet) or when the battle has no planned end.
 */
export function estimateRemainingMs(
	finishedRoundDurationsMs: readonly number[],
	roundsLeftIncludingCurrent: number | null,
	currentRoundElapsedMs: number,
): number | null {
	if (roundsLeftIncludingCurrent === null || finishedRoundDurationsMs.length === 0) return null;
	if (roundsLeftIncludingCurrent <= 0) return 0;
	const meanRound = finishedRoundDurationsMs.reduce((sum, duration) => sum + duration, 0) / finishedRoundDurationsMs.length;
	return Math.max(0, meanRound * roundsLeftIncludingCurrent - currentRoundElapsedMs);
}

/**
 * "task 2/5 ▕████░░░░▏ 1/5 judged · elapsed 0:42 · ~1:24 left". With a suite the
 * bar shows its judged tasks; otherwise rounds against --rounds, when given.
 */
export function progressRow(input: ProgressRowInput): string {
	const {progress, roundNumber, taskPosition, finishedRoundDurationsMs} = input;
	const parts: string[] = [];
	const barWidth = input.barWidth ?? DEFAULT_BAR_WIDTH;
	if (progress.suite) {
		const {name, judged, total} = progress.suite;
		const where = taskPosition === null ? name : `${name} · task ${taskPosition}/${total}`;
		parts.push(`${where} ${progressBar(judged / total, barWidth)} ${judged}/${total} judged`);
	} else if (progress.plannedRounds !== null) {
		const finished = finishedRoundDurationsMs.length;
		parts.push(`round ${roundNumber}/${progress.plannedRounds} ${progressBar(finished / progress.plannedRounds, barWidth)}`);
	} else {
		parts.push(`round ${roundNumber}`);
	}
	parts.push(`elapsed ${formatClock(input.elapsedMs)}`);
	const roundsLeft = progress.plannedRounds === null ? null : progress.plannedRounds - finishedRoundDurationsMs.length;
	const remaining = estimateRemainingMs(finishedRoundDurationsMs, roundsLeft, input.currentRoundElapsedMs);
	if (remaining !== null) parts.push(`~${formatClock(remaining)} left`);
	else if (roundsLeft !== null && roundsLeft > 0) parts.push('estimating time left');
	return parts.join(' · ');
}
