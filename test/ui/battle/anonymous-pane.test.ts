import {describe, expect, test} from 'vitest';
import type {LiveModelView} from '../../../source/core/metrics.js';
import {anonymousFailure, anonymousPaneDisplay, noVoteNotice} from '../../../source/ui/battle/anonymous-pane.js';
import {target} from './battle-fixtures.js';

function view(overrides: Partial<LiveModelView>): LiveModelView {
	return {
		target: target('acmecloud:hyperion-70b', true),
		state: 'done',
		text: 'an answer',
		reasoning: '',
		ttft_ms: 120,
		first_content_ms: 130,
		elapsed_ms: 900,
		output_tokens: 42,
		tokens_estimated: false,
		tokens_per_s: 55.5,
		finish_reason: 'stop',
		error: null,
		retry: null,
		...overrides,
	};
}

const shown = (display: ReturnType<typeof anonymousPaneDisplay>) => JSON.stringify(display);

describe('a blind pane', () => {
	test('is labelled by its side only, with no simulated badge, and keeps the speed figures', () => {
		const display = anonymousPaneDisplay(view({}), 'Model A', 0);
		expect(display.spec).toBe('Model A');
		expect(display.simulated).toBe(false);
		expect(display.status).toEqual(['done', 'TTFT 120 ms', '55.5 tok/s', '42 tok', '0.9 s']);
		expect(shown(display)).not.toMatch(/acmecloud|hyperion/);
	});

	test('shows a failure as its HTTP status only, never the provider\'s message', () => {
		const failed = view({state: 'error', error: {message: 'model hyperion-70b not found on https://api.acmecloud.example/v1', status: 404}});
		const display = anonymousPaneDisplay(failed, 'Model B', 0);
		expect(display.error).toEqual({message: 'Model B failed: HTTP 404', status: null});
		expect(shown(display)).not.toMatch(/acmecloud|hyperion/);
		expect(anonymousFailure('Model A', {message: 'connection reset by acmecloud', status: null})).toBe('Model A failed');
	});

	test('hides a retry\'s reason but keeps its countdown', () => {
		const retrying = view({state: 'waiting', retry: {attempt: 1, resumesAt: 2_500, reason: 'acmecloud: 429 hyperion-70b is overloaded'}});
		const display = anonymousPaneDisplay(retrying, 'Model A', 1_000);
		expect(display.status[0]).toBe('retrying in 2s');
		expect(shown(display)).not.toMatch(/acmecloud|hyperion|overloaded/);
	});

	test('keeps only finish reasons every server uses alike', () => {
		expect(anonymousPaneDisplay(view({finish_reason: 'length'}), 'A', 0).status[0]).toBe('done (length)');
		expect(anonymousPaneDisplay(view({finish_reason: 'max_tokens'}), 'A', 0).status[0]).toBe('done (length)');
		expect(anonymousPaneDisplay(view({finish_reason: 'end_turn'}), 'A', 0).status[0]).toBe('done');
		expect(anonymousPaneDisplay(view({finish_reason: 'STOP'}), 'A', 0).status[0]).toBe('done');
	});
});

test('the no-vote notice names the side that failed, or both', () => {
	expect(noVoteNotice([{state: 'done'}, {state: 'done'}])).toBeNull();
	expect(noVoteNotice([{state: 'done'}, {state: 'error'}])).toBe('no vote: Model B failed');
	expect(noVoteNotice([{state: 'cancelled'}, {state: 'done'}])).toBe('no vote: Model A failed');
	expect(noVoteNotice([{state: 'error'}, {state: 'error'}])).toBe('no vote: both models failed');
});
