import {answerCost, formatCost, servedPrice} from '../core/cost.js';
import type {LiveModelView} from '../core/metrics.js';
import {stripTerminalControls} from '../core/sanitize.js';

/** How numbers read in a pane's status line. Pure, so tests can pin them. */

export function formatLatency(ms: number | null): string {
	if (ms === null) return '—';
	if (ms < 1000) return `${Math.round(ms)} ms`;
	return `${(ms / 1000).toFixed(2)} s`;
}

export function formatElapsed(ms: number): string {
	const seconds = ms / 1000;
	if (seconds < 60) return `${seconds.toFixed(1)} s`;
	const minutes = Math.floor(seconds / 60);
	const rest = Math.floor(seconds - minutes * 60);
	return `${minutes}m ${String(rest).padStart(2, '0')}s`;
}

export function formatRate(tokensPerSecond: number | null): string {
	return tokensPerSecond === null ? '— tok/s' : `${tokensPerSecond.toFixed(1)} tok/s`;
}

/** A leading "~" says the count is ours (chunks or local BPE), not the server's. */
export function formatTokens(count: number, estimated: boolean): string {
	return `${estimated ? '~' : ''}${count.toLocaleString('en-US')} tok`;
}

const RATE_LIMITED = /\b429\b|rate.?limit|too many requests/i;

/** The one word (or phrase) saying what a model is doing right now. */
export function stateLabel(view: LiveModelView, now: number): string {
	if (view.retry) {
		const seconds = Math.max(0, Math.ceil((view.retry.resumesAt - now) / 1000));
		const reason = stripTerminalControls(view.retry.reason).trim();
		if (RATE_LIMITED.test(reason)) return `rate limited, retrying in ${seconds}s`;
		// The countdown first: a long server message is what gets cut in a narrow pane.
		return reason === '' ? `retrying in ${seconds}s` : `retrying in ${seconds}s: ${reason}`;
	}
	if (view.state === 'done' && view.finish_reason && view.finish_reason !== 'stop') {
		return `done (${stripTerminalControls(view.finish_reason)})`;
	}
	return view.state;
}

export interface StatusItems {
	state: string;
	metrics: string[];
}

/** The pieces of a status line, in order of importance (the state first, so it survives narrow panes). */
export function statusItems(view: LiveModelView, now: number): StatusItems {
	return {
		state: stateLabel(view, now),
		metrics: [
			`TTFT ${formatLatency(view.ttft_ms)}`,
			formatRate(view.tokens_per_s),
			formatTokens(view.output_tokens, view.tokens_estimated),
			formatElapsed(view.elapsed_ms),
			...costItem(view),
		],
	};
}

/**
 * The answer's cost once it has ended ("$0.0012", "~$0.0012" when a token count
 * behind it is ours). Never in a blind pane: anonymous-pane.ts builds its own status.
 */
function costItem(view: LiveModelView): string[] {
	if (view.state !== 'done' && view.state !== 'error' && view.state !== 'cancelled') return [];
	if (view.output_tokens === 0 && view.server_cost_usd == null) return [];
	const cost = answerCost(view, servedPrice(view.target, view.served_spec));
	return cost === null ? [] : [formatCost(cost)];
}
