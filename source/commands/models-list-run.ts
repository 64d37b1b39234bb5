import {UsageError} from '../core/errors.js';
import {listModels, type ModelListing} from '../providers/models-endpoint.js';
import type {ProviderEndpoint} from '../providers/types.js';
import {openSettings} from '../store/settings.js';
import {EXIT_FAILED, EXIT_OK, reportFatal} from './exit.js';

export interface ProviderModels {
	provider: string;
	ok: boolean;
	/** Full specs, ready for -m: `openai:gpt-4o-mini`. */
	models: string[];
	error: string | null;
}

/** Queries every configured provider (or one) at once; one failing provider never hides the others. */
export async function collectProviderModels(
	endpoints: readonly ProviderEndpoint[],
	options: {timeoutMs?: number; env?: NodeJS.ProcessEnv} = {},
): Promise<ProviderModels[]> {
	const listings = await Promise.all(endpoints.map(endpoint => listModels(endpoint, options)));
	return endpoints.map((endpoint, index) => toProviderModels(endpoint.name, listings[index]!));
}

function toProviderModels(provider: string, listing: ModelListing): ProviderModels {
	return listing.ok
		? {provider, ok: true, models: listing.models.map(model => `${provider}:${model}`), error: null}
		: {provider, ok: false, models: [], error: listing.error};
}

export async function modelsListCommand(provider: string | undefined, options: {json?: boolean}): Promise<number> {
	try {
		const settings = openSettings();
		const names = Object.keys(settings.providers());
		if (provider !== undefined && !names.includes(provider)) {
			throw new UsageError(
				`no provider named "${provider}"` + (names.length > 0 ? ` (configured: ${names.join(', ')})` : '; add one with `arena providers add NAME`'),
			);
		}
		const selected = provider === undefined ? names : [provider];
		if (selected.length === 0) {
			if (options.json) process.stdout.write('[]\n');
			else process.stdout.write('no providers configured; add one with `arena providers add NAME` (e.g. `arena providers add ollama`), or try `arena --demo`\n');
			return EXIT_OK;
		}
		const results = await collectProviderModels(selected.map(name => settings.provider(name)!));
		if (options.json) {
			process.stdout.write(`${JSON.stringify(results)}\n`);
		} else {
			for (const result of results) {
				if (!result.ok) {
					process.stdout.write(`${result.provider}: failed: ${result.error}\n`);
					continue;
				}
				const count = result.models.length;
				process.stdout.write(`${result.provider}: ${count} ${count === 1 ? 'model' : 'models'}\n`);
				for (const spec of result.models) process.stdout.write(`  ${spec}\n`);
			}
		}
		return results.every(result => result.ok) ? EXIT_OK : EXIT_FAILED;
	} catch (error) {
		return reportFatal(error);
	}
}
