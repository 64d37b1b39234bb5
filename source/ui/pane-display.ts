import type {LiveModelView} from '../core/metrics.js';
import {stripTerminalControls} from '../core/sanitize.js';
import type {ModelError, ModelState} from '../core/types.js';
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
}

export function livePaneDisplay(view: LiveModelView, now: number): PaneDisplay {
	const status = statusItems(view, now);
	return {
		spec: view.target.spec,
		simulated: view.target.simulated === true,
		state: view.state,
		text: view.text,
		reasoning: view.reasoning,
		error: view.error,
		status: [status.state, ...status.metrics],
		statusColor: view.retry ? theme.warning : stateColor[view.state],
	};
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
