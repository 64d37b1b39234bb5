import {describe, expect, test} from 'vitest';
import {
	answerCost,
	formatCost,
	lookupPrice,
	mergeOpenRouterPrices,
	parseMix,
	parseOpenRouterPricing,
	projectCost,
	projectMix,
	ratingPerUsd,
	shippedPrice,
	type CostProjection,
	type ModelPrice,
	type StoredPrice,
} from '../../source/core/cost.js';
import {UsageError} from '../../source/core/errors.js';

const price = (input: number, output: number): ModelPrice => ({input_per_m: input, output_per_m: output, source: 'user', updated_at: '2026-01-01T00:00:00.000Z'});

describe('the cost of one answer', () => {
	test('is input tokens × input price + output tokens × output price, per million', () => {
		const cost = answerCost({input_tokens: 1200, output_tokens: 800, tokens_estimated: false, server_cost_usd: null}, price(0.5, 2));
		// 1200 × 0.5 / 1e6 + 800 × 2 / 1e6 = 0.0006 + 0.0016
		expect(cost).toMatchObject({cost_source: 'price', estimated: false, price_input_per_m: 0.5, price_output_per_m: 2});
		expect(cost!.cost_usd).toBeCloseTo(0.0022, 12);
		expect(formatCost(cost!)).toBe('$0.0022');
	});

	test("the server's usage.cost takes precedence over the price", () => {
		const cost = answerCost({input_tokens: 1200, output_tokens: 800, tokens_estimated: false, server_cost_usd: 0.0131}, price(0.5, 2));
		expect(cost).toMatchObject({cost_usd: 0.0131, cost_source: 'server', estimated: false});
	});

	test('usage.cost counts even when no price is known', () => {
		expect(answerCost({output_tokens: 10, tokens_estimated: true, server_cost_usd: 0.002}, null)).toMatchObject({cost_usd: 0.002, cost_source: 'server'});
	});

	test('a locally counted output or a missing input count marks the cost estimated', () => {
		const local = answerCost({input_tokens: 100, output_tokens: 500, tokens_estimated: true}, price(1, 4));
		expect(local!.estimated).toBe(true);
		expect(formatCost(local!)).toBe('~$0.0021');
		const noInput = answerCost({input_tokens: null, output_tokens: 500, tokens_estimated: false}, price(1, 4));
		expect(noInput).toMatchObject({estimated: true});
		expect(noInput!.cost_usd).toBeCloseTo(0.002, 12);
	});

	test('no price and no server cost: no cost at all', () => {
		expect(answerCost({input_tokens: 10, output_tokens: 10, tokens_estimated: false, server_cost_usd: null}, null)).toBeNull();
	});
});

describe('price lookup', () => {
	test('the shipped table matches the exact spec, a gateway vendor/model id, and a bare model id under another provider', () => {
		expect(shippedPrice('openai:gpt-4o-mini')).toMatchObject({input_per_m: 0.15, output_per_m: 0.6, source: 'shipped', matched: 'openai:gpt-4o-mini'});
		expect(shippedPrice('or:openai/gpt-4o-mini')).toMatchObject({matched: 'openai:gpt-4o-mini'});
		expect(shippedPrice('work:GPT-4o-mini')).toMatchObject({matched: 'openai:gpt-4o-mini'});
		expect(shippedPrice('ollama:llama3.2:3b')).toBeNull();
	});

	test('a table entry keyed by a bare model id is found from any provider', () => {
		const table = {'acme:coder-7b': {input_per_m: 1, output_per_m: 3}};
		expect(shippedPrice('gw:acme/coder-7b', table)).toMatchObject({output_per_m: 3});
		expect(shippedPrice('local:coder-7b', table)).toMatchObject({output_per_m: 3});
		expect(shippedPrice('local:coder-7b-instruct', table)).toBeNull();
	});

	test("the user's price beats OpenRouter's cached one, which beats the shipped table", () => {
		const spec = 'openrouter:openai/gpt-4o-mini';
		expect(lookupPrice(spec, {})).toMatchObject({source: 'shipped', output_per_m: 0.6});
		let stored: Record<string, StoredPrice> = mergeOpenRouterPrices({}, {[spec]: {input_per_m: 0.2, output_per_m: 0.7}}, '2026-02-01T00:00:00.000Z');
		expect(lookupPrice(spec, stored)).toMatchObject({source: 'openrouter', output_per_m: 0.7, updated_at: '2026-02-01T00:00:00.000Z'});
		stored = {...stored, [spec]: {input_per_m: 0.1, output_per_m: 0.3, source: 'user', updated_at: '2026-03-01T00:00:00.000Z'}};
		expect(lookupPrice(spec, stored)).toMatchObject({source: 'user', output_per_m: 0.3});
		// A later OpenRouter refresh leaves the user's own price alone.
		const refreshed = mergeOpenRouterPrices(stored, {[spec]: {input_per_m: 9, output_per_m: 9}}, '2026-04-01T00:00:00.000Z');
		expect(lookupPrice(spec, refreshed)).toMatchObject({source: 'user', output_per_m: 0.3});
	});

	test("OpenRouter's per-token strings become USD per 1M; variable or missing pricing is left out", () => {
		const parsed = parseOpenRouterPricing({
			data: [
				{id: 'openai/gpt-4o-mini', pricing: {prompt: '0.00000015', completion: '0.0000006'}},
				{id: 'openrouter/auto', pricing: {prompt: '-1', completion: '-1'}},
				{id: 'free/model', pricing: {prompt: '0', completion: '0'}},
				{id: 'no/pricing'},
			],
		});
		expect(parsed).toEqual({
			'openai/gpt-4o-mini': {input_per_m: 0.15, output_per_m: 0.6},
			'free/model': {input_per_m: 0, output_per_m: 0},
		});
	});
});

describe('projections', () => {
	const volume = {answersPerDay: 1000, days: 30};

	test('$/answer is median tokens × price, and the total scales by answers per day × days', () => {
		const projection = projectCost(
			{model: 'a:x', answers: 5, median_output_tokens: 400, median_input_tokens: 1000, median_cost_usd: null, rating: 1040, mean_score: 7.5},
			price(0.25, 2),
			volume,
		);
		// (1000 × 0.25 + 400 × 2) / 1e6 = 0.00105; × 30 000 answers = 31.5
		expect(projection.cost_per_answer_usd).toBeCloseTo(0.00105, 12);
		expect(projection.total_usd).toBeCloseTo(31.5, 9);
		expect(projection.cost_basis).toBe('price');
	});

	test('without a price the median stored cost stands in', () => {
		const projection = projectCost(
			{model: 'a:x', answers: 5, median_output_tokens: 400, median_input_tokens: 1000, median_cost_usd: 0.003, rating: null, mean_score: null},
			null,
			volume,
		);
		expect(projection).toMatchObject({cost_per_answer_usd: 0.003, cost_basis: 'stored'});
		expect(projection.total_usd).toBeCloseTo(90, 9);
	});

	test('a mix blends price, $/answer and quality by its shares', () => {
		const shares = parseMix('deepseek:v4-flash=80, qwen:coder-30b=15,deepseek:r1=5');
		expect(shares).toEqual([
			{spec: 'deepseek:v4-flash', percent: 80},
			{spec: 'qwen:coder-30b', percent: 15},
			{spec: 'deepseek:r1', percent: 5},
		]);
		const projection = (model: string, out: number, perAnswer: number, rating: number | null, score: number | null): CostProjection => ({
			model,
			answers: 3,
			median_output_tokens: 100,
			median_input_tokens: 10,
			price: price(0.1, out),
			cost_per_answer_usd: perAnswer,
			cost_basis: 'price',
			total_usd: null,
			rating,
			mean_score: score,
		});
		const mix = projectMix(
			shares,
			new Map([
				['deepseek:v4-flash', projection('deepseek:v4-flash', 0.4, 0.0002, 1000, 6)],
				['qwen:coder-30b', projection('qwen:coder-30b', 0.6, 0.0003, 980, null)],
				['deepseek:r1', projection('deepseek:r1', 2.2, 0.004, 1100, 9)],
			]),
			volume,
		);
		// 0.8 × 0.4 + 0.15 × 0.6 + 0.05 × 2.2 = 0.32 + 0.09 + 0.11
		expect(mix.blended_output_per_m).toBeCloseTo(0.52, 12);
		// 0.8 × 0.0002 + 0.15 × 0.0003 + 0.05 × 0.004 = 0.00016 + 0.000045 + 0.0002
		expect(mix.cost_per_answer_usd).toBeCloseTo(0.000405, 12);
		expect(mix.total_usd).toBeCloseTo(12.15, 9);
		// (80 × 1000 + 15 × 980 + 5 × 1100) / 100 = (80 000 + 14 700 + 5 500) / 100
		expect(mix.expected_rating).toBeCloseTo(1002, 9);
		// Scores over the 85% that has one: (80 × 6 + 5 × 9) / 85
		expect(mix.expected_mean_score).toBeCloseTo(525 / 85, 9);
		expect(mix.score_coverage_percent).toBe(85);
	});

	test('mix percentages must add up to 100', () => {
		expect(() => parseMix('a:x=80,b:y=15')).toThrow(UsageError);
		expect(() => parseMix('a:x=80,b:y=15')).toThrow(/add up to 100, got 95/);
		expect(() => parseMix('a:x=eighty')).toThrow(/positive number/);
		expect(() => parseMix('a:x=50,a:x=50')).toThrow(/twice/);
	});

	test('rating per dollar counts from the weakest rated model', () => {
		expect(ratingPerUsd(1100, 950, 0.002)).toBeCloseTo(151 / 0.002, 6);
		expect(ratingPerUsd(950, 950, 0.001)).toBeCloseTo(1000, 6);
		expect(ratingPerUsd(1100, 950, null)).toBeNull();
		expect(ratingPerUsd(null, 950, 0.002)).toBeNull();
	});
});
