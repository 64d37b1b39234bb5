import {parseOpenRouterPricing} from '../core/cost.js';
import type {ProviderEndpoint} from './types.js';

/**
 * OpenRouter quotes every model's price on its public `GET /models`. It is
 * read without a key (the listing is public), so no key is ever sent here.
 */

const OPENROUTER_PROVIDER_NAME = 'openrouter';
const OPENROUTER_HOST = 'openrouter.ai';

/** A provider named `openrouter`, or any provider whose base URL is on openrouter.ai. */
export function isOpenRouter(endpoint: Pick<ProviderEndpoint, 'name' | 'baseURL'>): boolean {
	if (endpoint.name.toLowerCase() === OPENROUTER_PROVIDER_NAME) return true;
	try {
		const host = new URL(endpoint.baseURL).hostname.toLowerCase();
		return host === OPENROUTER_HOST || host.endsWith(`.${OPENROUTER_HOST}`);
	} catch {
		return false;
	}
}

/** Prices by OpenRouter model id, USD per 1M tokens. Throws on a network error, a non-2xx status or a timeout. */
export async function fetchOpenRouterPrices(
	endpoint: Pick<ProviderEndpoint, 'baseURL'>,
	options: {timeoutMs?: number} = {},
): Promise<Record<string, {input_per_m: number; output_per_m: number}>> {
	const response = await fetch(`${endpoint.baseURL.replace(/\/+$/, '')}/models`, {
		headers: {accept: 'application/json'},
		signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
	});
	if (!response.ok) {
		await response.body?.cancel();
		throw new Error(`OpenRouter /models answered HTTP ${response.status}`);
	}
	return parseOpenRouterPricing(await response.json());
}
