import {SHIPPED_PRICES, type ShippedPrice} from '../prices/prices.js';
import {UsageError} from './errors.js';
import type {RunTarget} from './types.js';

/**
 * Prices, the cost of one answer, and projections of a month's spend. Pure:
 * the settings, the shipped table and OpenRouter's figures are handed in.
 * Every price is USD per 1M tokens.
 */

/** Where a price came from: set by the user, read from OpenRouter's /models, or the bundled table. */
export type PriceSource = 'user' | 'openrouter' | 'shipped';

/** A price as settings store it, keyed by model spec. */
export interface StoredPrice {
	input_per_m: number;
	output_per_m: number;
	source: 'user' | 'openrouter';
	/** ISO time the price was set or fetched. */
	updated_at: string;
}

export interface ModelPrice {
	input_per_m: number;
	output_per_m: number;
	source: PriceSource;
	/** When it was set or fetched; for the shipped table, the table's date. */
	updated_at: string | null;
	/** The table entry that matched, for shipped prices ("openai:gpt-4o-mini"). */
	matched?: string;
}

/**
 * The shipped-table keys a spec may match, most specific first:
 * 1. the spec itself, `PROVIDER:MODEL` (`openai:gpt-4o-mini`);
 * 2. for a gateway id `VENDOR/MODEL` (OpenRouter's `openai/gpt-4o-mini`), `VENDOR:MODEL`;
 * 3. the bare model id (the part after the last `/`) under any vendor, so a
 *    provider named `work` serving `gpt-4o-mini` still finds its price.
 * Matching ignores case.
 */
export function shippedPriceCandidates(spec: string): {exact: string[]; bareModel: string} {
	const colon = spec.indexOf(':');
	const model = (colon === -1 ? spec : spec.slice(colon + 1)).toLowerCase();
	const exact = [spec.toLowerCase()];
	const slash = model.indexOf('/');
	if (slash > 0) exact.push(`${model.slice(0, slash)}:${model.slice(slash + 1)}`);
	return {exact, bareModel: model.slice(model.lastIndexOf('/') + 1)};
}

export function shippedPrice(
	spec: string,
	table: Readonly<Record<string, ShippedPrice>> = SHIPPED_PRICES,
	asOf: string | null = null,
): ModelPrice | null {
	const lowered = new Map(Object.entries(table).map(([key, price]) => [key.toLowerCase(), {key, price}]));
	const {exact, bareModel} = shippedPriceCandidates(spec);
	let found = exact.map(key => lowered.get(key)).find(entry => entry !== undefined);
	if (!found) {
		for (const [key, entry] of lowered) {
			if (key.slice(key.indexOf(':') + 1) === bareModel) {
				found = entry;
				break;
			}
		}
	}
	if (!found) return null;
	return {input_per_m: found.price.input_per_m, output_per_m: found.price.output_per_m, source: 'shipped', updated_at: asOf, matched: found.key};
}

/**
 * The price for a spec. A stored price (the user's, or OpenRouter's cached
 * figure, which never replaces the user's: see `mergeOpenRouterPrices`) wins
 * over the shipped table.
 */
export function lookupPrice(
	spec: string,
	stored: Readonly<Record<string, StoredPrice>>,
	shipped: (spec: string) => ModelPrice | null = spec => shippedPrice(spec),
): ModelPrice | null {
	const own = Object.hasOwn(stored, spec) ? stored[spec] : undefined;
	if (own) return {input_per_m: own.input_per_m, output_per_m: own.output_per_m, source: own.source, updated_at: own.updated_at};
	return shipped(spec);
}

/** OpenRouter figures merged into the stored prices; a user's own price for the same spec stays. */
export function mergeOpenRouterPrices(
	stored: Readonly<Record<string, StoredPrice>>,
	fetched: Readonly<Record<string, {input_per_m: number; output_per_m: number}>>,
	updatedAt: string,
): Record<string, StoredPrice> {
	const merged: Record<string, StoredPrice> = {...stored};
	for (const [spec, price] of Object.entries(fetched)) {
		if (merged[spec]?.source === 'user') continue;
		merged[spec] = {input_per_m: price.input_per_m, output_per_m: price.output_per_m, source: 'openrouter', updated_at: updatedAt};
	}
	return merged;
}

/**
 * OpenRouter's `GET /models` body to prices per model id. It quotes USD per
 * token as strings (`"pricing": {"prompt": "0.00000015", "completion": "0.0000006"}`);
 * models without both figures are left out.
 */
export function parseOpenRouterPricing(body: unknown): Record<string, {input_per_m: number; output_per_m: number}> {
	const prices: Record<string, {input_per_m: number; output_per_m: number}> = {};
	const data = typeof body === 'object' && body !== null ? (body as {data?: unknown}).data : undefined;
	if (!Array.isArray(data)) return prices;
	for (const entry of data) {
		if (typeof entry !== 'object' || entry === null) continue;
		const {id, pricing} = entry as {id?: unknown; pricing?: unknown};
		if (typeof id !== 'string' || typeof pricing !== 'object' || pricing === null) continue;
		const perToken = pricing as {prompt?: unknown; completion?: unknown};
		const input = Number(perToken.prompt);
		const output = Number(perToken.completion);
		// OpenRouter marks "variable" pricing (its auto router) with -1.
		if (typeof perToken.prompt !== 'string' && typeof perToken.prompt !== 'number') continue;
		if (typeof perToken.completion !== 'string' && typeof perToken.completion !== 'number') continue;
		if (!Number.isFinite(input) || !Number.isFinite(output) || input < 0 || output < 0) continue;
		prices[id] = {input_per_m: roundPrice(input * 1_000_000), output_per_m: roundPrice(output * 1_000_000)};
	}
	return prices;
}

/** Per-token strings times a million carry float noise (0.15000000000000002). */
function roundPrice(perMillion: number): number {
	return Number(perMillion.toPrecision(12));
}

/** What an answer's cost is computed from: a ModelResult or a LiveModelView has these. */
export interface CostInputs {
	input_tokens?: number | null;
	output_tokens: number | null;
	tokens_estimated: boolean;
	server_cost_usd?: number | null;
}

export interface AnswerCost {
	cost_usd: number;
	/** `server`: usage.cost as reported. `price`: tokens × the price. */
	cost_source: 'server' | 'price';
	/** True when a token count behind a price-based cost was counted locally or missing. */
	estimated: boolean;
	price_input_per_m: number | null;
	price_output_per_m: number | null;
}

/**
 * The cost of one answer. The server's `usage.cost` wins when it reports one;
 * otherwise input tokens × input price + output tokens × output price. Without
 * the server's input count the input side is left out and the cost is marked
 * estimated, as it is when the output count is ours. Null without either.
 */
export function answerCost(inputs: CostInputs, price: ModelPrice | null | undefined): AnswerCost | null {
	const server = inputs.server_cost_usd;
	const priceInput = price ? price.input_per_m : null;
	const priceOutput = price ? price.output_per_m : null;
	if (typeof server === 'number' && Number.isFinite(server) && server >= 0) {
		return {cost_usd: server, cost_source: 'server', estimated: false, price_input_per_m: priceInput, price_output_per_m: priceOutput};
	}
	if (!price || inputs.output_tokens === null) return null;
	const inputTokens = inputs.input_tokens ?? null;
	const cost = ((inputTokens ?? 0) * price.input_per_m + inputs.output_tokens * price.output_per_m) / 1_000_000;
	return {
		cost_usd: cost,
		cost_source: 'price',
		estimated: inputs.tokens_estimated || inputTokens === null,
		price_input_per_m: priceInput,
		price_output_per_m: priceOutput,
	};
}

/** "$0.0012", "~$0.0012" when estimated: two significant figures below a dollar, cents above. */
export function formatCost(cost: Pick<AnswerCost, 'cost_usd' | 'estimated'>): string {
	return `${cost.estimated ? '~' : ''}${formatDollars(cost.cost_usd)}`;
}

export function formatDollars(usd: number): string {
	if (usd === 0) return '$0';
	if (usd >= 100) return `$${Math.round(usd).toLocaleString('en-US')}`;
	if (usd >= 1) return `$${usd.toFixed(2)}`;
	if (usd < 0.000_001) return '<$0.000001';
	return `$${Number(usd.toPrecision(2)).toString()}`;
}

// ---------------------------------------------------------------------------
// Value columns

/**
 * BT rating per dollar, defined as (rating − lowest rating on the board + 1)
 * ÷ median $/answer. Ratings are relative (centred on 1000), so dividing the
 * raw figure would mostly measure the centre; counting from the weakest rated
 * model (plus 1 so it does not read 0) makes "points bought per dollar"
 * comparable between models on the same board. Null without a rating or a
 * positive cost.
 */
export function ratingPerUsd(rating: number | null, lowestRating: number | null, medianCostUsd: number | null): number | null {
	if (rating === null || lowestRating === null || medianCostUsd === null || !(medianCostUsd > 0)) return null;
	return (rating - lowestRating + 1) / medianCostUsd;
}

// ---------------------------------------------------------------------------
// Projections: `arena cost`

/** One model's measurements from the user's own runs. */
export interface ModelMeasurement {
	model: string;
	answers: number;
	median_output_tokens: number | null;
	median_input_tokens: number | null;
	/** Median of the stored per-answer costs, used when no price is known. */
	median_cost_usd: number | null;
	rating: number | null;
	mean_score: number | null;
}

export interface CostProjection {
	model: string;
	answers: number;
	median_output_tokens: number | null;
	median_input_tokens: number | null;
	price: ModelPrice | null;
	/** Median tokens × price; the median stored cost when no price is known. */
	cost_per_answer_usd: number | null;
	cost_basis: 'price' | 'stored' | null;
	/** cost_per_answer_usd × answers per day × days. */
	total_usd: number | null;
	rating: number | null;
	mean_score: number | null;
}

export interface ProjectionVolume {
	answersPerDay: number;
	days: number;
}

export function projectCost(measurement: ModelMeasurement, price: ModelPrice | null, volume: ProjectionVolume): CostProjection {
	let perAnswer: number | null = null;
	let basis: CostProjection['cost_basis'] = null;
	if (price && measurement.median_output_tokens !== null) {
		perAnswer =
			((measurement.median_input_tokens ?? 0) * price.input_per_m + measurement.median_output_tokens * price.output_per_m) / 1_000_000;
		basis = 'price';
	} else if (measurement.median_cost_usd !== null) {
		perAnswer = measurement.median_cost_usd;
		basis = 'stored';
	}
	return {
		model: measurement.model,
		answers: measurement.answers,
		median_output_tokens: measurement.median_output_tokens,
		median_input_tokens: measurement.median_input_tokens,
		price,
		cost_per_answer_usd: perAnswer,
		cost_basis: basis,
		total_usd: perAnswer === null ? null : perAnswer * volume.answersPerDay * volume.days,
		rating: measurement.rating,
		mean_score: measurement.mean_score,
	};
}

export interface MixShare {
	spec: string;
	/** Percent of answers routed to this model. */
	percent: number;
}

/** `a:b=80,c:d=20` → shares. Percentages must be positive numbers summing to 100. */
export function parseMix(text: string): MixShare[] {
	const shares: MixShare[] = [];
	for (const part of text.split(',').map(piece => piece.trim()).filter(piece => piece !== '')) {
		const equals = part.lastIndexOf('=');
		if (equals <= 0) throw new UsageError(`--mix: "${part}" must be SPEC=PERCENT, like deepseek:v4-flash=80`);
		const spec = part.slice(0, equals).trim();
		const raw = part.slice(equals + 1).trim();
		const percent = Number(raw);
		if (raw === '' || !Number.isFinite(percent) || percent <= 0) {
			throw new UsageError(`--mix: the percentage of ${spec} must be a positive number, got "${raw}"`);
		}
		if (shares.some(share => share.spec === spec)) throw new UsageError(`--mix: ${spec} is listed twice`);
		shares.push({spec, percent});
	}
	if (shares.length === 0) throw new UsageError('--mix needs at least one SPEC=PERCENT');
	const sum = shares.reduce((total, share) => total + share.percent, 0);
	if (Math.abs(sum - 100) > 1e-9) {
		throw new UsageError(`--mix percentages must add up to 100, got ${Number(sum.toPrecision(12))}`);
	}
	return shares;
}

export interface MixProjection {
	shares: MixShare[];
	/** Σ share × output price per 1M; null when a model in the mix has no price. */
	blended_output_per_m: number | null;
	blended_input_per_m: number | null;
	/** Σ share × $/answer; null when a model in the mix has no $/answer. */
	cost_per_answer_usd: number | null;
	total_usd: number | null;
	/**
	 * Σ share × rating over the models that have one, divided by the share they
	 * cover (so a model never voted on does not drag the figure towards 0).
	 */
	expected_rating: number | null;
	expected_mean_score: number | null;
	/** Percent of the mix behind each quality figure. */
	rating_coverage_percent: number;
	score_coverage_percent: number;
}

export function projectMix(shares: readonly MixShare[], projections: ReadonlyMap<string, CostProjection>, volume: ProjectionVolume): MixProjection {
	const weighted = (value: (projection: CostProjection) => number | null): number | null => {
		let total = 0;
		for (const share of shares) {
			const figure = value(projections.get(share.spec)!);
			if (figure === null) return null;
			total += (share.percent / 100) * figure;
		}
		return total;
	};
	const qualityMean = (value: (projection: CostProjection) => number | null): {mean: number | null; coverage: number} => {
		let total = 0;
		let covered = 0;
		for (const share of shares) {
			const figure = value(projections.get(share.spec)!);
			if (figure === null) continue;
			total += share.percent * figure;
			covered += share.percent;
		}
		return {mean: covered === 0 ? null : total / covered, coverage: covered};
	};
	const perAnswer = weighted(projection => projection.cost_per_answer_usd);
	const rating = qualityMean(projection => projection.rating);
	const score = qualityMean(projection => projection.mean_score);
	return {
		shares: [...shares],
		blended_output_per_m: weighted(projection => projection.price?.output_per_m ?? null),
		blended_input_per_m: weighted(projection => projection.price?.input_per_m ?? null),
		cost_per_answer_usd: perAnswer,
		total_usd: perAnswer === null ? null : perAnswer * volume.answersPerDay * volume.days,
		expected_rating: rating.mean,
		expected_mean_score: score.mean,
		rating_coverage_percent: rating.coverage,
		score_coverage_percent: score.coverage,
	};
}

/** The price of whichever model served a result: a chain's member, or the target itself. */
export function servedPrice(target: RunTarget | undefined, servedSpec: string | undefined): ModelPrice | null {
	if (!target) return null;
	if (target.chain) {
		const member = target.chain.members.find(candidate => candidate.spec === servedSpec);
		return member?.price ?? null;
	}
	return target.price ?? null;
}
