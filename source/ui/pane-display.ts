import type {LiveModelView} from '../core/metrics.js';
import {stripTerminalControls} from '../core/sanitize.js';
import type {FallbackAttempt, ModelError, ModelState} from '../core/types.js';
import {statusItems} from './format.js';
import {stateColor, theme} from './theme.js';

/**
 * What one pane draws, whether the answer is streaming now or was stored long
 * ago: the live run and the history view share the pane component through it.
 */
export interface PaneDisplay {
	spec: string;
	simulated: boolean;
	state: ModelState;
	/** Raw model text; the pane sanitises it before measuring or drawing. */
	text: string;
	reasoning: string;
	error: ModelError | null;
	/** The status row's pieces, most important first (the first survives the narrowest pane). */
	status: readonly string[];
	/** Colour of the first status piece. */
	statusColor: string | undefined;
	/** Show the answer as raw text rather than rendered markdown. */
	raw?: boolean;
}

export function livePaneDisplay(view: LiveModelView, now: number): PaneDisplay {
	const status = statusItems(view, now);
	return {
		spec: view.target.chain ? chainHeader(view.target.chain.name, view.state, view.served_spec ?? view.target.spec, view.fallbacks ?? []) : view.target.spec,
		simulated: view.target.simulated === true,
		state: view.state,
		text: view.text,
		reasoning: view.reasoning,
		error: view.error,
		status: [status.state, ...status.metrics],
		statusColor: view.retry ? theme.warning : stateColor[view.state],
	};
}

/**
 * A chain's pane header: which member is answering and which failed first, e.g.
 * `chain coder → served by or:qwen/qwen3-coder (after deepseek:v4: HTTP 503)`.
 * Never used for blind panes, which show only their side label.
 */
export function chainHeader(name: string, state: ModelState, servedSpec: string, fallbacks: readonly FallbackAttempt[]): string {
	const verb = state === 'waiting' ? 'trying' : state === 'error' || state === 'cancelled' ? 'failed at' : 'served by';
	const after = fallbacks.length === 0 ? '' : ` (after ${fallbacks.map(describeFallback).join(', ')})`;
	return `chain ${name} → ${verb} ${servedSpec}${after}`;
}

function describeFallback(attempt: FallbackAttempt): string {
	if (attempt.error_status !== null) return `${attempt.spec}: HTTP ${attempt.error_status}`;
	const message = (attempt.error_message ?? 'failed').replace(/\s+/g, ' ');
	return `${attempt.spec}: ${message.length > 40 ? `${message.slice(0, 39)}…` : message}`;
}

/** A stored answer, as the history command prepares it. */
export interface StoredPane {
	spec: string;
	text: string;
	reasoning: string;
	/** One-line metrics summary; pieces separated by " · " wrap as units. */
	status: string;
	score: number | null;
	error: string | null;
	/** How the answer ended; defaults to error when there is an error, done otherwise. */
	state?: 'done' | 'error' | 'cancelled';
	simulated?: boolean;
}

const STATUS_SEPARATOR = ' · ';

export function storedPaneDisplay(pane: StoredPane): PaneDisplay {
	const state = pane.state ?? (pane.error === null ? 'done' : 'error');
	const status = stripTerminalControls(pane.status)
		.replace(/\s+/g, ' ')
		.split(STATUS_SEPARATOR)
		.map(piece => piece.trim())
		.filter(piece => piece !== '');
	// A summary that starts with the state ("done · …") gets the state's colour, as a live pane does.
	const leadsWithState = status[0] !== undefined && status[0].split(' ')[0] === state;
	return {
		spec: pane.spec,
		simulated: pane.simulated === true,
		state,
		text: pane.text,
		reasoning: pane.reasoning,
		error: pane.error === null ? null : {message: pane.error, status: null},
		status,
		statusColor: leadsWithState || state === 'error' ? stateColor[state] : undefined,
	};
}
