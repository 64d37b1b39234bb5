import {storedKey} from '../store/keys.js';
import type {ProviderEndpoint} from './types.js';

export type ApiKeyResolution =
	| {source: 'environment' | 'stored'; key: string}
	/** A local server: nothing configured, nothing needed. */
	| {source: 'none'}
	/** A key variable is configured, but neither it nor a stored key has a value. */
	| {source: 'missing'; variable: string};

/** The key for a provider: its environment variable first, then a key stored with --store-key. */
export function resolveApiKey(endpoint: ProviderEndpoint, env: NodeJS.ProcessEnv = process.env): ApiKeyResolution {
	const fromEnvironment = endpoint.apiKeyEnv ? env[endpoint.apiKeyEnv]?.trim() : undefined;
	if (fromEnvironment) return {source: 'environment', key: fromEnvironment};
	const stored = storedKey(endpoint.name, env);
	if (stored) return {source: 'stored', key: stored};
	return endpoint.apiKeyEnv ? {source: 'missing', variable: endpoint.apiKeyEnv} : {source: 'none'};
}
