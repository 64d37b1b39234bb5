import Conf from 'conf';
import {z} from 'zod';
import {ConfigError, UsageError} from '../core/errors.js';
import {DEFAULT_RUBRIC_WEIGHTS, type RubricWeights, validateRubricWeights} from '../core/rubric.js';
import {parseModelSpec} from '../core/spec.js';
import type {ProviderEndpoint} from '../providers/types.js';
import {resolveArenaPaths} from './paths.js';

/** Settings are small and edited rarely; conf writes them atomically. Not for history. */

const providerNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const envVarPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

const providerSchema = z.object({
	baseURL: z.string(),
	apiKeyEnv: z.string().optional(),
});

const settingsSchema = z.object({
	providers: z.record(z.string(), providerSchema).default({}),
	/** Weights of the optional rubric's criteria; correctness should weigh most. */
	rubric_weights: z.record(z.string(), z.number()).optional(),
	/** Named model sets ("pools"), each a list of PROVIDER:MODEL specs, for `arena battle --pool NAME`. */
	pools: z.record(z.string(), z.array(z.string())).default({}),
});

export type ProviderSettings = z.infer<typeof providerSchema>;
export type Settings = z.infer<typeof settingsSchema>;
/** The file as written: sections with a default may be absent, so opening settings never rewrites an older file. */
type StoredSettings = z.input<typeof settingsSchema>;

export interface SettingsStore {
	readonly file: string;
	providers(): Record<string, ProviderSettings>;
	provider(name: string): ProviderEndpoint | undefined;
	addProvider(name: string, settings: ProviderSettings): void;
	removeProvider(name: string): boolean;
	/** The rubric weights from settings (validated, normalised), or the defaults. */
	rubricWeights(): RubricWeights;
	/** Every saved model set, by name. */
	pools(): Record<string, string[]>;
	pool(name: string): string[] | undefined;
	/**
	 * Saves (or replaces) a model set and returns the specs as stored: trimmed,
	 * first occurrence kept. Needs at least two distinct PROVIDER:MODEL specs.
	 * Providers are not checked here, so a set can be saved before its provider is added.
	 */
	savePool(name: string, specs: readonly string[]): string[];
	removePool(name: string): boolean;
}

export function validateProviderName(name: string): void {
	if (!providerNamePattern.test(name)) {
		throw new ConfigError(
			`provider name "${name}" must start with a letter or digit and use only letters, digits, ".", "_" or "-" (no colons)`,
		);
	}
}

export function validatePoolName(name: string): void {
	if (!providerNamePattern.test(name)) {
		throw new ConfigError(
			`pool name "${name}" must start with a letter or digit and use only letters, digits, ".", "_" or "-" (no colons or spaces)`,
		);
	}
}

/** The specs of a model set as stored: each parsed (so a typo fails now, not mid-battle), duplicates dropped. */
export function normalisePoolSpecs(specs: readonly string[]): string[] {
	const distinct = [...new Set(specs.map(spec => parseModelSpec(spec).spec))];
	if (distinct.length < 2) {
		throw new UsageError(`a model set needs at least two different PROVIDER:MODEL specs, got ${distinct.length}`);
	}
	return distinct;
}

export function validateBaseURL(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new ConfigError(`--base-url "${url}" is not a URL; give one like https://api.openai.com/v1`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new ConfigError(`--base-url "${url}" must start with http:// or https://, like http://localhost:11434/v1`);
	}
	if (parsed.username || parsed.password) {
		throw new ConfigError('--base-url must not contain credentials; put the key in an environment variable and pass --api-key-env');
	}
	return url.replace(/\/+$/, '');
}

export function validateEnvVarName(name: string): void {
	if (!envVarPattern.test(name)) {
		throw new ConfigError(`--api-key-env takes the NAME of an environment variable (like OPENAI_API_KEY), not a key`);
	}
}

export function openSettings(env: NodeJS.ProcessEnv = process.env): SettingsStore {
	const {configDir} = resolveArenaPaths(env);
	let conf: Conf<StoredSettings>;
	try {
		conf = new Conf<StoredSettings>({
			cwd: configDir,
			configName: 'settings',
			projectName: 'arena',
			projectSuffix: '',
			defaults: {providers: {}},
			clearInvalidConfig: false,
		});
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new ConfigError(`cannot read settings in ${configDir}/settings.json (${reason}); fix or move the file aside`);
	}
	const read = (): Settings => {
		const parsed = settingsSchema.safeParse(conf.store);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new ConfigError(
				`settings file ${conf.path} is invalid at ${issue?.path.join('.') || 'top level'}: ${issue?.message}; fix or move it aside`,
			);
		}
		return parsed.data;
	};
	return {
		file: conf.path,
		providers: () => read().providers,
		provider(name) {
			const found = read().providers[name];
			return found ? {name, baseURL: found.baseURL, apiKeyEnv: found.apiKeyEnv} : undefined;
		},
		addProvider(name, settings) {
			validateProviderName(name);
			const baseURL = validateBaseURL(settings.baseURL);
			if (settings.apiKeyEnv !== undefined) validateEnvVarName(settings.apiKeyEnv);
			const providers = {...read().providers, [name]: {baseURL, ...(settings.apiKeyEnv ? {apiKeyEnv: settings.apiKeyEnv} : {})}};
			conf.set('providers', providers);
		},
		rubricWeights() {
			const configured = read().rubric_weights;
			if (configured === undefined) return {...DEFAULT_RUBRIC_WEIGHTS};
			try {
				return validateRubricWeights(configured);
			} catch (error) {
				throw new ConfigError(`rubric_weights in ${conf.path}: ${(error as Error).message}`);
			}
		},
		pools: () => read().pools,
		pool(name) {
			const pools = read().pools;
			return Object.hasOwn(pools, name) ? [...pools[name]!] : undefined;
		},
		savePool(name, specs) {
			validatePoolName(name);
			const stored = normalisePoolSpecs(specs);
			conf.set('pools', {...read().pools, [name]: stored});
			return stored;
		},
		removePool(name) {
			const pools = {...read().pools};
			if (!Object.hasOwn(pools, name)) return false;
			delete pools[name];
			conf.set('pools', pools);
			return true;
		},
		removeProvider(name) {
			const providers = {...read().providers};
			if (!(name in providers)) return false;
			delete providers[name];
			conf.set('providers', providers);
			return true;
		},
	};
}
