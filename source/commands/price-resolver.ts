import {lookupPrice, type ModelPrice} from '../core/cost.js';
import {parseModelSpec} from '../core/spec.js';
import type {RunTarget} from '../core/types.js';
import {fetchOpenRouterPrices, isOpenRouter} from '../providers/openrouter-prices.js';
import type {SettingsStore} from '../store/settings.js';

/** OpenRouter's cached figures are refreshed when older than this. */
const OPENROUTER_CACHE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface ResolvePricesOptions {
	/** Refresh OpenRouter prices older than this; a day by default. */
	maxAgeMs?: number;
	now?: () => Date;
	/** Called when OpenRouter could not be read; the cached or shipped price is used instead. */
	onWarning?: (message: string) => void;
}

/**
 * Prices for these specs: the user's own, else OpenRouter's (read from its
 * /models when the provider is OpenRouter and the cached figure is missing or
 * stale, then cached in settings), else the shipped table. A failed OpenRouter
 * read never fails the caller.
 */
export async function resolvePrices(
	specs: readonly string[],
	settings: SettingsStore,
	options: ResolvePricesOptions = {},
): Promise<Map<string, ModelPrice | null>> {
	const now = (options.now ?? (() => new Date()))();
	const maxAge = options.maxAgeMs ?? OPENROUTER_CACHE_MAX_AGE_MS;
	const stored = settings.prices();
	const wanted = new Map<string, string[]>();
	for (const spec of new Set(specs)) {
		const own = Object.hasOwn(stored, spec) ? stored[spec] : undefined;
		if (own?.source === 'user') continue;
		if (own && now.getTime() - Date.parse(own.updated_at) < maxAge) continue;
		let parsed;
		try {
			parsed = parseModelSpec(spec);
		} catch {
			continue;
		}
		const endpoint = settings.provider(parsed.provider);
		if (!endpoint || !isOpenRouter(endpoint)) continue;
		wanted.set(parsed.provider, [...(wanted.get(parsed.provider) ?? []), spec]);
	}
	for (const [provider, providerSpecs] of wanted) {
		const endpoint = settings.provider(provider)!;
		try {
			const fetched = await fetchOpenRouterPrices(endpoint);
			const found: Record<string, {input_per_m: number; output_per_m: number}> = {};
			for (const spec of providerSpecs) {
				const model = parseModelSpec(spec).model;
				if (Object.hasOwn(fetched, model)) found[spec] = fetched[model]!;
			}
			await settings.cacheOpenRouterPrices(found);
		} catch (error) {
			options.onWarning?.(`could not read prices from ${provider} (${(error as Error).message}); using cached or shipped prices`);
		}
	}
	const current = settings.prices();
	return new Map(specs.map(spec => [spec, lookupPrice(spec, current)]));
}

/** Every spec a run may be served by: each target, and each member of a chain. */
function servableTargets(targets: readonly RunTarget[]): RunTarget[] {
	return targets.flatMap(target => [target, ...(target.chain?.members ?? [])]);
}

/** Sets `price` on each target (and chain member) in place. Demo models have no price. */
export async function attachPrices(targets: readonly RunTarget[], settings: SettingsStore, options: ResolvePricesOptions = {}): Promise<void> {
	const priced = servableTargets(targets).filter(target => !target.simulated && !target.chain);
	const prices = await resolvePrices(priced.map(target => target.spec), settings, options);
	for (const target of priced) target.price = prices.get(target.spec) ?? null;
}
