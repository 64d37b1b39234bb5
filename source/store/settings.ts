import Conf from 'conf';
import {z} from 'zod';
import {ConfigError} from '../core/errors.js';
import {DEFAULT_RUBRIC_WEIGHTS, type RubricWeights, validateRubricWeights} from '../core/rubric.js';
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
});

export type ProviderSettings = z.infer<typeof providerSchema>;
export type Settings = z.infer<typeof settingsSchema>;

export interface SettingsStore {
	readonly file: string;
	providers(): Record<string, ProviderSettings>;
	provider(name: string): ProviderEndpoint | undefined;
	addProvider(name: string, settings: ProviderSettings): void;
	removeProvider(name: string): boolean;
	/** The rubric weights from settings (validated, normalised), or the defaults. */
	rubricWeights(): RubricWeights;
}

export function validateProviderName(name: string): void {
	if (!providerNamePattern.test(name)) {
		throw new ConfigError(
			`provider name "${name}" must start with a letter or digit and use only letters, digits, ".", "_" or "-" (no colons)`,
		);
	}
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
	let conf: Conf<Settings>;
	try {
		conf = new Conf<Settings>({
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
		removeProvider(name) {
			const providers = {...read().providers};
			if (!(name in providers)) return false;
			delete providers[name];
			conf.set('providers', providers);
			return true;
		},
	};
}
