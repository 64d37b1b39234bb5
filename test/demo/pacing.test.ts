import {describe, expect, it} from 'vitest';
import {DEMO_MODELS, findDemoModel, type DemoModel} from '../../source/demo/models.js';
import {planStream, type StreamPiece} from '../../source/demo/pacing.js';
import {createRandom} from '../../source/demo/random.js';

function pieces(count: number, kind: StreamPiece['kind'] = 'content'): StreamPiece[] {
	return Array.from({length: count}, (_, index) => ({kind, text: `t${index} `, tokens: 1}));
}

function model(id: string): DemoModel {
	const found = findDemoModel(id);
	if (!found) throw new Error(`no demo model ${id}`);
	return found;
}

const realistic = {speed: 1, fullSpeed: false};

describe('planStream', () => {
	it.each(DEMO_MODELS.map(demoModel => [demoModel.id, demoModel] as const))(
		'paces %s at its typical TTFT and decode speed',
		(_id, demoModel) => {
			const plan = planStream(demoModel, pieces(600), createRandom(1), realistic);
			expect(plan.plannedTtftMs).toBeGreaterThanOrEqual(0.85 * demoModel.ttftMs);
			expect(plan.plannedTtftMs).toBeLessThanOrEqual(1.15 * demoModel.ttftMs);
			expect(plan.chunks[0]?.dueMs).toBe(plan.plannedTtftMs);

			const decodeSeconds = (plan.totalMs - plan.plannedTtftMs) / 1000;
			const tokensPerSecond = (600 - 1) / decodeSeconds;
			expect(tokensPerSecond).toBeGreaterThan(0.85 * demoModel.tokensPerSecond);
			expect(tokensPerSecond).toBeLessThan(1.15 * demoModel.tokensPerSecond);
		},
	);

	it('jitters the gaps and sometimes sends several tokens in one chunk', () => {
		const plan = planStream(model('swift'), pieces(600), createRandom(2), realistic);
		const chunkSizes = plan.chunks.map(chunk => chunk.tokens);
		expect(chunkSizes.reduce((sum, size) => sum + size, 0)).toBe(600);
		expect(chunkSizes.filter(size => size > 1).length).toBeGreaterThan(10);
		expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(4);

		const gaps = plan.chunks
			.slice(1)
			.map((chunk, index) => (chunk.dueMs - plan.chunks[index].dueMs) / chunk.tokens);
		const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
		const spread = Math.sqrt(gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / gaps.length);
		expect(spread / mean).toBeGreaterThan(0.15);
		expect(gaps.every(gap => gap > 0)).toBe(true);
	});

	it('keeps reasoning and answer in separate chunks, reasoning first', () => {
		const plan = planStream(model('thinker'), [...pieces(200, 'reasoning'), ...pieces(200)], createRandom(3), realistic);
		const kinds = plan.chunks.map(chunk => chunk.kind);
		const firstContent = kinds.indexOf('content');
		expect(firstContent).toBeGreaterThan(0);
		expect(kinds.slice(0, firstContent).every(kind => kind === 'reasoning')).toBe(true);
		expect(kinds.slice(firstContent).every(kind => kind === 'content')).toBe(true);
		const reasoningTokens = plan.chunks.filter(chunk => chunk.kind === 'reasoning').reduce((sum, chunk) => sum + chunk.tokens, 0);
		expect(reasoningTokens).toBe(200);
	});

	it('is reproducible from a seed and scales with speed', () => {
		const input = pieces(300);
		const first = planStream(model('steady'), input, createRandom(42), realistic);
		const again = planStream(model('steady'), input, createRandom(42), realistic);
		const otherSeed = planStream(model('steady'), input, createRandom(43), realistic);
		const tenTimes = planStream(model('steady'), input, createRandom(42), {speed: 10, fullSpeed: false});
		expect(again).toEqual(first);
		expect(otherSeed.chunks.map(chunk => chunk.dueMs)).not.toEqual(first.chunks.map(chunk => chunk.dueMs));
		expect(tenTimes.chunks.map(chunk => chunk.text)).toEqual(first.chunks.map(chunk => chunk.text));
		expect(tenTimes.plannedTtftMs).toBeCloseTo(first.plannedTtftMs / 10, 9);
		expect(tenTimes.totalMs).toBeCloseTo(first.totalMs / 10, 9);
	});

	it('has no delays at all at full speed', () => {
		const plan = planStream(model('thinker'), pieces(100), createRandom(4), {speed: 1, fullSpeed: true});
		expect(plan.plannedTtftMs).toBe(0);
		expect(plan.chunks.every(chunk => chunk.dueMs === 0)).toBe(true);
	});

	it('plans an empty answer as finishing at its TTFT', () => {
		const plan = planStream(model('swift'), [], createRandom(5), realistic);
		expect(plan.chunks).toEqual([]);
		expect(plan.totalMs).toBe(plan.plannedTtftMs);
	});
});
