import {estimateRemainingMs, formatClock, progressBar} from './battle/progress.js';

/** Where a suite run stands, as the command knows it; suiteProgressRow turns it into the row above the panes. */
export interface SuiteRunProgress {
	suite: string;
	/** Tasks in the suite. */
	total: number;
	/** The task on screen: its id and its 1-based place in the suite. */
	task: {id: string; position: number};
	/** Tasks of this pass judged so far, earlier sessions included. */
	judged: number;
	/** How long each task finished in this session took, from its start until the user moved on. */
	finishedTaskDurationsMs: readonly number[];
	/** Tasks still to run in this session, the one on screen included. */
	tasksLeft: number;
	/** Time spent on the task on screen so far. */
	currentTaskElapsedMs: number;
	/** Time since this session started. */
	elapsedMs: number;
}

const BAR_WIDTH = 12;

/**
 * "coding-5 · task 2/5 python-flatten ▕███░░░▏ 1/5 judged · elapsed 0:42 · ~1:05 left".
 * The bar fills with judged tasks; the time left is the mean task so far
 * times the tasks to go, so it appears once one task is behind the user.
 */
export function suiteProgressRow(progress: SuiteRunProgress): string {
	const {suite, total, task, judged} = progress;
	const parts = [
		`${suite} · task ${task.position}/${total} ${task.id} ${progressBar(judged / total, BAR_WIDTH)} ${judged}/${total} judged`,
		`elapsed ${formatClock(progress.elapsedMs)}`,
	];
	const remaining = estimateRemainingMs(progress.finishedTaskDurationsMs, progress.tasksLeft, progress.currentTaskElapsedMs);
	if (remaining !== null) parts.push(`~${formatClock(remaining)} left`);
	else if (progress.tasksLeft > 0) parts.push('estimating time left');
	return parts.join(' · ');
}
