/**
 * What a new user already has: key variables for the usual vendors, and a
 * local Ollama or LM Studio answering on its default port. No React, no
 * settings writes; the first-run screen decides what to add.
 */
import {listModels} from './models-endpoint.js';
import {PROVIDER_PRESETS} from './presets.js';

export interface FoundProvider {
	/** The provider name to add (the preset's). */
	name: string;
	baseURL: string;
	apiKeyEnv?: string;
	/** Why it was offered: a key variable is set, or a local server answered. */
	reason: 'key' | 'local';
	/** Known only for local servers, which were asked. */
	models?: string[];
}

/** Loopback, not "localhost": a probe must not wait on an IPv6 attempt first. */
export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434/v1';
export const DEFAULT_LMSTUDIO_URL = 'http://127.0.0.1:1234/v1';
/** A local server answers in milliseconds; the scan must not hold up the first screen. */
export const LOCAL_PROBE_TIMEOUT_MS = 800;

export interface ScanOptions {
	env?: NodeJS.ProcessEnv;
	probeTimeoutMs?: number;
}

export function localProbeTargets(env: NodeJS.ProcessEnv): Array<{name: string; baseURL: string}> {
	return [
		{name: 'ollama', baseURL: env['ARENA_OLLAMA_URL']?.trim() || DEFAULT_OLLAMA_URL},
		{name: 'lmstudio', baseURL: env['ARENA_LMSTUDIO_URL']?.trim() || DEFAULT_LMSTUDIO_URL},
	];
}

/** Key variables in preset order, then the local servers that answered with a model list. */
export async function scanForProviders(options: ScanOptions = {}): Promise<FoundProvider[]> {
	const env = options.env ?? process.env;
	const found: FoundProvider[] = [];
	for (const preset of PROVIDER_PRESETS) {
		if (preset.local || !preset.apiKeyEnv) continue;
		if (env[preset.apiKeyEnv]?.trim()) {
			found.push({name: preset.name, baseURL: preset.baseURL, apiKeyEnv: preset.apiKeyEnv, reason: 'key'});
		}
	}
	const probes = await Promise.all(
		localProbeTargets(env).map(async target => ({
			target,
			listing: await listModels({name: target.name, baseURL: target.baseURL}, {
				timeoutMs: options.probeTimeoutMs ?? LOCAL_PROBE_TIMEOUT_MS,
				// A local server needs no key; never send one of the user's keys to whatever holds the port.
				anonymous: true,
			}),
		})),
	);
	for (const {target, listing} of probes) {
		if (listing.ok) found.push({name: target.name, baseURL: target.baseURL, reason: 'local', models: listing.models});
	}
	return found;
}
