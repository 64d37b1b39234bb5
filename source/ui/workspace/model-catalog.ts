/**
 * Everything the model picker can offer: every configured provider's models,
 * the user's aliases and chains, and the simulated demo models. No React, so
 * the listing and the filter are tested on their own.
 */
import {lookupPrice, type StoredPrice} from '../../core/cost.js';
import {chainSpec} from '../../core/model-names.js';
import {stripTerminalControls} from '../../core/sanitize.js';
import {parseModelSpec} from '../../core/spec.js';
import {CHAIN_PROVIDER} from '../../core/types.js';
import {DEMO_MODELS} from '../../demo/models.js';
import type {ProviderEndpoint} from '../../providers/types.js';
import type {SettingsStore} from '../../store/settings.js';

export type CatalogKind = 'model' | 'alias' | 'chain' | 'demo';

export interface CatalogEntry {
	/** What `-m` takes: `provider:model`, an alias name, or `chain:NAME`. */
	spec: string;
	kind: CatalogKind;
	/** The provider serving it; for an alias, its target's; for a chain, "chain". */
	provider: string;
	/** What the row shows: "ollama:llama3.2:3b", "fast → openrouter:…", "chain:cheap (a → b)". */
	label: string;
	/** USD per 1M tokens, when known (the user's, OpenRouter's cached, or the shipped table). */
	price?: {input_per_m: number; output_per_m: number} | null;
}

export interface CatalogLoad {
	entries: CatalogEntry[];
	/** One line per provider whose models could not be listed. */
	errors: {provider: string; message: string}[];
}

export type ListModels = (endpoint: ProviderEndpoint) => Promise<{ok: true; models: string[]} | {ok: false; error: string}>;

export interface LoadCatalogOptions {
	settings: SettingsStore;
	listModels: ListModels;
}

const DEMO_PROVIDER = 'demo';

/**
 * Lists every configured provider at once (one failing provider never hides
 * the others, and nothing is thrown for it), then adds aliases, chains and the
 * demo models. Aliases and chains come first, then models by provider and id.
 */
export async function loadCatalog({settings, listModels}: LoadCatalogOptions): Promise<CatalogLoad> {
	const providers = settings.providers();
	const names = Object.keys(providers);
	const listings = await Promise.all(
		names.map(async name => {
			try {
				return await listModels(settings.provider(name)!);
			} catch (error) {
				return {ok: false as const, error: (error as Error).message};
			}
		}),
	);
	const prices = settings.prices();
	const entries: CatalogEntry[] = [];
	const errors: CatalogLoad['errors'] = [];
	names.forEach((provider, index) => {
		const listing = listings[index]!;
		if (!listing.ok) {
			errors.push({provider, message: oneLine(listing.error)});
			return;
		}
		for (const model of listing.models) {
			const spec = `${provider}:${model}`;
			entries.push({spec, kind: 'model', provider, label: oneLine(spec), price: priceOf(spec, prices)});
		}
	});

	for (const [name, target] of Object.entries(settings.aliases())) {
		entries.push({spec: name, kind: 'alias', provider: providerOf(target), label: oneLine(`${name} → ${target}`), price: priceOf(target, prices)});
	}
	// `chain:NAME` is the spec a chain is rated under, unless a provider is literally called "chain".
	const chainsByPrefix = !Object.hasOwn(providers, CHAIN_PROVIDER);
	for (const [name, members] of Object.entries(settings.chains())) {
		const spec = chainsByPrefix ? chainSpec(name) : name;
		entries.push({spec, kind: 'chain', provider: CHAIN_PROVIDER, label: oneLine(`${chainSpec(name)} (${members.join(' → ')})`)});
	}
	// A provider the user named "demo" owns `demo:` specs, so the simulated ones are not offered then.
	if (!Object.hasOwn(providers, DEMO_PROVIDER)) {
		for (const model of DEMO_MODELS) {
			const spec = `${DEMO_PROVIDER}:${model.id}`;
			entries.push({spec, kind: 'demo', provider: DEMO_PROVIDER, label: `${spec} (simulated)`, price: null});
		}
	}
	return {entries: sortCatalog(distinctBySpec(entries)), errors};
}

/** Entries whose spec or label contains every whitespace-separated word of the query, ignoring case. */
export function filterCatalog(entries: readonly CatalogEntry[], query: string): CatalogEntry[] {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return [...entries];
	return entries.filter(entry => {
		const haystack = `${entry.spec}\n${entry.label}`.toLowerCase();
		return words.every(word => haystack.includes(word));
	});
}

function sortCatalog(entries: CatalogEntry[]): CatalogEntry[] {
	const named = (entry: CatalogEntry) => entry.kind === 'alias' || entry.kind === 'chain';
	return entries.sort((left, right) => {
		if (named(left) !== named(right)) return named(left) ? -1 : 1;
		if (named(left)) return left.spec.localeCompare(right.spec);
		return left.provider.localeCompare(right.provider) || left.spec.localeCompare(right.spec);
	});
}

/** A hand-edited settings file may reuse a name; the first entry for a spec wins. */
function distinctBySpec(entries: readonly CatalogEntry[]): CatalogEntry[] {
	const seen = new Set<string>();
	return entries.filter(entry => {
		if (seen.has(entry.spec)) return false;
		seen.add(entry.spec);
		return true;
	});
}

function providerOf(spec: string): string {
	try {
		return parseModelSpec(spec).provider;
	} catch {
		return '';
	}
}

function priceOf(spec: string, stored: Readonly<Record<string, StoredPrice>>): {input_per_m: number; output_per_m: number} | null {
	let price;
	try {
		price = lookupPrice(spec, stored);
	} catch {
		return null;
	}
	return price ? {input_per_m: price.input_per_m, output_per_m: price.output_per_m} : null;
}

/** Model ids and error text come from servers: no terminal controls, one line. */
function oneLine(text: string): string {
	return stripTerminalControls(text).replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
