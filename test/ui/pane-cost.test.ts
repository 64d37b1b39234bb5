import {expect, test} from 'vitest';
import type {LiveModelView} from '../../source/core/metrics.js';
import {anonymousPaneDisplay} from '../../source/ui/battle/anonymous-pane.js';
import {livePaneDisplay} from '../../source/ui/pane-display.js';

const price = {input_per_m: 0.5, output_per_m: 2, source: 'user' as const, updated_at: '2026-01-01T00:00:00.000Z'};

const view = (overrides: Partial<LiveModelView>): LiveModelView => ({
	target: {spec: 'p:m', provider: 'p', model: 'm', endpoint: {name: 'p', baseURL: 'http://127.0.0.1:1/v1'}, price},
	state: 'done',
	text: 'answer',
	reasoning: '',
	ttft_ms: 100,
	first_content_ms: 100,
	elapsed_ms: 900,
	output_tokens: 800,
	tokens_estimated: false,
	tokens_per_s: 40,
	finish_reason: 'stop',
	error: null,
	retry: null,
	input_tokens: 1200,
	server_cost_usd: null,
	...overrides,
});

test("a finished pane's status line ends with the answer's cost", () => {
	// 1200 × 0.5 / 1e6 + 800 × 2 / 1e6
	expect(livePaneDisplay(view({}), 0).status.at(-1)).toBe('$0.0022');
	// Counted locally: marked as an estimate.
	expect(livePaneDisplay(view({tokens_estimated: true}), 0).status.at(-1)).toBe('~$0.0022');
	// The server's usage.cost is shown as reported.
	expect(livePaneDisplay(view({server_cost_usd: 0.0131}), 0).status.at(-1)).toBe('$0.013');
});

test('no cost while streaming, nor without a price', () => {
	expect(livePaneDisplay(view({state: 'streaming'}), 0).status.join(' ')).not.toContain('$');
	const unpriced = view({});
	unpriced.target = {...unpriced.target, price: null};
	expect(livePaneDisplay(unpriced, 0).status.join(' ')).not.toContain('$');
});

test('a blind battle pane never shows a cost, priced or reported by the server', () => {
	for (const state of ['streaming', 'done', 'error', 'cancelled'] as const) {
		const display = anonymousPaneDisplay(view({state, server_cost_usd: 0.0131}), 'Model A', 0);
		expect(display.status.join(' ')).not.toContain('$');
	}
});
