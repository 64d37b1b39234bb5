import {useEffect, useState} from 'react';
import type {ArenaRun} from '../../core/engine.js';
import type {LiveModelView} from '../../core/metrics.js';
import type {ModelResult, ModelState} from '../../core/types.js';

export interface ArenaRunFrame {
	views: LiveModelView[];
	/** The `performance.now()` the views were taken at (for countdowns). */
	takenAt: number;
	/** Set once every model has ended. */
	results: ModelResult[] | null;
}

export interface UseArenaRunOptions {
	/** Upper bound on React updates per second from stream events. */
	maxUpdatesPerSecond?: number;
	/** How often the elapsed time ticks while nothing arrives. */
	idleTickMs?: number;
}

const DEFAULT_UPDATES_PER_SECOND = 30;
const DEFAULT_IDLE_TICK_MS = 100;
const ENDED_STATES: ReadonlySet<ModelState> = new Set(['done', 'error', 'cancelled']);

/**
 * Follows an ArenaRun for drawing. Engine events only mark the view dirty; a
 * timer turns dirt into at most `maxUpdatesPerSecond` snapshots, always with a
 * trailing one so the last token is shown. Nothing renders inside the engine's
 * event callback, so drawing can never hold up a stream or skew its timestamps.
 */
export function useArenaRun(run: ArenaRun, options: UseArenaRunOptions = {}): ArenaRunFrame {
	// One millisecond of slack keeps timer jitter from ever fitting a 31st frame into a second.
	const minimumGapMs = Math.ceil(1000 / (options.maxUpdatesPerSecond ?? DEFAULT_UPDATES_PER_SECOND)) + 1;
	const idleTickMs = options.idleTickMs ?? DEFAULT_IDLE_TICK_MS;
	const [frame, setFrame] = useState<ArenaRunFrame>(() => takeFrame(run, endedResults(run)));
	useEffect(() => {
		// A run drawn again after it ended (back to an earlier turn) starts out finished.
		let finalResults: ModelResult[] | null = endedResults(run);
		let timer: NodeJS.Timeout | undefined;
		let lastUpdateAt = Number.NEGATIVE_INFINITY;
		let drawnVersion = -1;
		let drawnAllEnded = false;
		let disposed = false;

		const update = () => {
			timer = undefined;
			if (disposed) return;
			lastUpdateAt = performance.now();
			drawnVersion = run.version;
			const next = takeFrame(run, finalResults);
			drawnAllEnded = next.views.every(view => ENDED_STATES.has(view.state));
			setFrame(next);
		};

		const scheduleUpdate = () => {
			if (timer !== undefined || disposed) return;
			const wait = Math.max(0, lastUpdateAt + minimumGapMs - performance.now());
			timer = setTimeout(update, wait);
		};

		const unsubscribe = run.subscribe(event => {
			if (event.type === 'retry-start') {
				// A pane streams again: the run is not finished until its retry is.
				finalResults = null;
				drawnAllEnded = false;
				startTicker();
			}
			if (event.type === 'run-done' || event.type === 'retry-done') {
				finalResults = event.results;
				// The last frame is the one the user waits for: draw it now, not at the next slot.
				if (timer !== undefined) clearTimeout(timer);
				timer = setTimeout(update, 0);
				return;
			}
			scheduleUpdate();
		});

		// Elapsed time and retry countdowns move even when no token arrives; once every
		// model has ended and been drawn nothing moves any more, and events still wake us.
		let ticker: NodeJS.Timeout | undefined;
		const startTicker = () => {
			if (ticker !== undefined || disposed) return;
			ticker = setInterval(() => {
				if (drawnAllEnded && drawnVersion === run.version) {
					clearInterval(ticker);
					ticker = undefined;
				} else scheduleUpdate();
			}, idleTickMs);
		};
		startTicker();

		// Events may have arrived between the first render and this subscription.
		scheduleUpdate();

		return () => {
			disposed = true;
			unsubscribe();
			if (ticker !== undefined) clearInterval(ticker);
			if (timer !== undefined) clearTimeout(timer);
		};
	}, [run, minimumGapMs, idleTickMs]);

	return frame;
}

function endedResults(run: ArenaRun): ModelResult[] | null {
	return run.retrying || !run.results ? null : [...run.results];
}

function takeFrame(run: ArenaRun, results: ModelResult[] | null): ArenaRunFrame {
	const takenAt = performance.now();
	return {views: run.snapshot(takenAt), takenAt, results};
}
