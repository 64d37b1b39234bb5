import type {LiveModelView} from '../../core/metrics.js';
import type {ModelError, ModelResult} from '../../core/types.js';
import {formatElapsed, formatLatency, formatRate, formatTokens} from '../format.js';
import type {PaneDisplay} from '../pane-display.js';
import {stateColor, theme} from '../theme.js';

/**
 * A blind pane: what one side of a battle may show before the vote. Anything a
 * provider or model put into words is left out, because such words can name it:
 * error messages and retry reasons quote model ids and URLs, and finish reasons
 * differ by vendor ("end_turn", "STOP"). Speed stays, which the protocol accepts.
 * Pure, so the rule is tested without Ink.
 */

export const SIDE_LABELS = ['Model A', 'Model B'] as const;
export const SIDE_LETTERS = ['A', 'B'] as const;

/** Finish reasons every OpenAI-compatible server uses alike; any other is shown as plain "done". */
const NEUTRAL_FINISH_REASONS: Readonly<Record<string, string>> = {
	length: 'length',
	max_tokens: 'length',
	content_filter: 'filtered',
};

export function anonymousPaneDisplay(view: LiveModelView, label: string, now: number): PaneDisplay {
	return {
		spec: label,
		simulated: false,
		state: view.state,
		text: view.text,
		reasoning: view.reasoning,
		error: view.state === 'error' ? {message: anonymousFailure(label, view.error), status: null} : null,
		status: [
			anonymousStateLabel(view, now),
			`TTFT ${formatLatency(view.ttft_ms)}`,
			formatRate(view.tokens_per_s),
			formatTokens(view.output_tokens, view.tokens_estimated),
			formatElapsed(view.elapsed_ms),
		],
		statusColor: view.retry ? theme.warning : stateColor[view.state],
	};
}

/** "Model B failed: HTTP 404": the status code only, never the provider's own words. */
export function anonymousFailure(label: string, error: ModelError | null): string {
	const status = error?.status;
	return typeof status === 'number' && Number.isInteger(status) && status > 0 ? `${label} failed: HTTP ${status}` : `${label} failed`;
}

function anonymousStateLabel(view: LiveModelView, now: number): string {
	if (view.retry) {
		const seconds = Math.max(0, Math.ceil((view.retry.resumesAt - now) / 1000));
		return `retrying in ${seconds}s`;
	}
	if (view.state === 'done' && view.finish_reason) {
		const neutral = NEUTRAL_FINISH_REASONS[view.finish_reason.toLowerCase()];
		if (neutral) return `done (${neutral})`;
	}
	return view.state;
}

/** The sides that have no usable answer: an error, or cut short. Empty when both answered. */
export function failedSides(results: readonly Pick<ModelResult, 'state'>[]): number[] {
	return results.flatMap((result, index) => (result.state === 'done' ? [] : [index]));
}

/** "no vote: Model B failed", "no vote: both models failed"; null when both answered. */
export function noVoteNotice(results: readonly Pick<ModelResult, 'state'>[]): string | null {
	const failed = failedSides(results);
	if (failed.length === 0) return null;
	if (failed.length >= 2) return 'no vote: both models failed';
	return `no vote: ${SIDE_LABELS[failed[0]!] ?? 'a model'} failed`;
}
