/**
 * List prices for common models, in USD per 1M tokens, bundled into the build.
 *
 * PRICES CHANGE. These were written down on PRICES_AS_OF from the vendors'
 * public price pages as the author knew them, and are a starting point only:
 * `arena models price SPEC --input X --output Y` overrides any entry, and
 * OpenRouter's own /models pricing is read automatically for OpenRouter
 * providers. Update this file (and the date) when you refresh the figures.
 *
 * Keys are `vendor:model`. How a model spec finds its entry is documented on
 * `shippedPriceCandidates` in core/cost.ts: exact spec first, then the
 * vendor/model form of a gateway id, then the bare model id under any vendor.
 */

export const PRICES_AS_OF = '2026-11-28';

export interface ShippedPrice {
	input_per_m: number;
	output_per_m: number;
}

export const SHIPPED_PRICES: Readonly<Record<string, ShippedPrice>> = {
	'openai:gpt-4o-mini': {input_per_m: 0.15, output_per_m: 0.6},
	'openai:gpt-4o': {input_per_m: 2.5, output_per_m: 10},
	'openai:gpt-4.1': {input_per_m: 2, output_per_m: 8},
	'openai:gpt-4.1-mini': {input_per_m: 0.4, output_per_m: 1.6},
	'openai:gpt-4.1-nano': {input_per_m: 0.1, output_per_m: 0.4},
	'openai:o4-mini': {input_per_m: 1.1, output_per_m: 4.4},
	'openai:o3-mini': {input_per_m: 1.1, output_per_m: 4.4},
	'openai:gpt-5': {input_per_m: 1.25, output_per_m: 10},
	'openai:gpt-5-mini': {input_per_m: 0.25, output_per_m: 2},
	'anthropic:claude-sonnet-4': {input_per_m: 3, output_per_m: 15},
	'anthropic:claude-3.5-haiku': {input_per_m: 0.8, output_per_m: 4},
	'anthropic:claude-opus-4': {input_per_m: 15, output_per_m: 75},
	'deepseek:deepseek-chat': {input_per_m: 0.27, output_per_m: 1.1},
	'deepseek:deepseek-reasoner': {input_per_m: 0.55, output_per_m: 2.19},
	'google:gemini-2.5-flash': {input_per_m: 0.3, output_per_m: 2.5},
	'google:gemini-2.5-pro': {input_per_m: 1.25, output_per_m: 10},
	'mistral:codestral-latest': {input_per_m: 0.3, output_per_m: 0.9},
	'mistral:mistral-small-latest': {input_per_m: 0.1, output_per_m: 0.3},
	'groq:llama-3.3-70b-versatile': {input_per_m: 0.59, output_per_m: 0.79},
	'groq:llama-3.1-8b-instant': {input_per_m: 0.05, output_per_m: 0.08},
	'qwen:qwen-2.5-coder-32b-instruct': {input_per_m: 0.07, output_per_m: 0.16},
};
