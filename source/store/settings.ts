import {readFileSync} from 'node:fs';
import path from 'node:path';
import {ConfigError, UsageError} from '../core/errors.js';
import {DEFAULT_RUBRIC_WEIGHTS, type RubricWeights, validateRubricWeights} from '../core/rubric.js';
import {mergeOpenRouterPrices, type StoredPrice} from '../core/cost.js';
import {parseModelSpec} from '../core/spec.js';
import type {ProviderEndpoint} from '../providers/types.js';
import {resolveArenaPaths} from './paths.js';

/**
 * Settings are small and edited rarely; conf writes them atomically. Not for history.
 *
 * Reading is a plain JSON read with a hand-written check: every run reads
 * settings, and loading conf (with ajv) and a schema library cost ~65 ms of
 * start-up that a headless run would pay for nothing. conf is loaded only to write.
 */

const providerNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const envVarPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ProviderSettings {
	baseURL: string;
	apiKeyEnv?: string;
}

export interface Settings {
	providers: Record<string, ProviderSettings>;
	/** Weights of the optional rubric's criteria; correctness should weigh most. */
	rubric_weights?: Record<string, number>;
	/** Named model sets ("pools"), each a list of PROVIDER:MODEL specs, for `arena battle --pool NAME`. */
	pools: Record<string, string[]>;
	/** `-m NAME` stands for this PROVIDER:MODEL spec (`arena models alias`). */
	aliases?: Record<string, string>;
	/** Fallback chains: `-m NAME` tries each spec (or alias) in turn until one answers (`arena models chain`). */
	chains?: Record<string, string[]>;
	/** Prices by model spec, USD per 1M tokens: the user's own (`arena models price`) and OpenRouter's, cached. */
	prices?: Record<string, StoredPrice>;
	/**
	 * The home screen's last state, as found in the file. Checked only when asked
	 * for (`home()`), so a bad value here never stops a headless run.
	 */
	home?: unknown;
}

export type ThemeSetting = 'auto' | 'dark' | 'light';
export type HomeMode = 'named' | 'blind';

/** What the interactive home screen remembers between sessions. */
export interface HomeSettings {
	/** The model set last used on the home screen (specs, aliases or chain names). */
	models?: string[];
	mode?: HomeMode;
	/** The system prompt; '' means none. */
	system?: string;
	/** 0 to 2; absent means the provider's default. */
	temperature?: number;
	/** A positive integer; absent means the provider's default. */
	maxTokens?: number;
	theme?: ThemeSetting;
}

/** A change to the home settings: a value sets the field, null removes it, a missing key leaves it. */
export type HomeSettingsPatch = {[Field in keyof HomeSettings]?: HomeSettings[Field] | null};

export const THEME_SETTINGS: readonly ThemeSetting[] = ['auto', 'dark', 'light'];
const HOME_MODES: readonly HomeMode[] = ['named', 'blind'];
export const MAX_TEMPERATURE = 2;

const SETTINGS_FILE_NAME = 'settings.json';

export interface SettingsStore {
	readonly file: string;
	providers(): Record<string, ProviderSettings>;
	provider(name: string): ProviderEndpoint | undefined;
	addProvider(name: string, settings: ProviderSettings): Promise<void>;
	removeProvider(name: string): Promise<boolean>;
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
	savePool(name: string, specs: readonly string[]): Promise<string[]>;
	removePool(name: string): Promise<boolean>;
	/** Alias name → PROVIDER:MODEL spec. */
	aliases(): Record<string, string>;
	/** Saves (or replaces) an alias; returns the spec as stored. Fails if a chain has the name. */
	saveAlias(name: string, spec: string): Promise<string>;
	removeAlias(name: string): Promise<boolean>;
	/** Chain name → its members (specs or alias names), in the order they are tried. */
	chains(): Record<string, string[]>;
	/** Saves (or replaces) a chain of two or more members; fails if an alias has the name. */
	saveChain(name: string, members: readonly string[]): Promise<string[]>;
	removeChain(name: string): Promise<boolean>;
	/** Stored prices by spec (the user's and OpenRouter's cached figures). */
	prices(): Record<string, StoredPrice>;
	/** Sets the user's own price for a spec; it overrides OpenRouter's and the shipped table. */
	setUserPrice(spec: string, price: {input_per_m: number; output_per_m: number}): Promise<StoredPrice>;
	/** Caches prices read from OpenRouter's /models; a user's own price for the same spec is kept. */
	cacheOpenRouterPrices(prices: Record<string, {input_per_m: number; output_per_m: number}>): Promise<void>;
	/** The home screen's remembered state (validated); empty when never saved. */
	home(): HomeSettings;
	/** Applies a change (null removes a field), validates it, writes it, and returns the home settings as stored. */
	updateHome(patch: HomeSettingsPatch): Promise<HomeSettings>;
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

/**
 * Alias and chain names: like provider names, and never a colon, so `-m NAME`
 * without one can only mean an alias or a chain.
 */
export function validateModelName(kind: 'alias' | 'chain', name: string): void {
	if (!providerNamePattern.test(name)) {
		throw new UsageError(
			`${kind} name "${name}" must start with a letter or digit and use only letters, digits, ".", "_" or "-" (no colons or spaces)`,
		);
	}
}

/** A chain's members as stored: each a PROVIDER:MODEL spec or an alias name, at least two distinct. */
export function normaliseChainMembers(members: readonly string[]): string[] {
	const distinct = [...new Set(members.map(member => member.trim()))];
	for (const member of distinct) {
		if (member.includes(':')) parseModelSpec(member);
		else validateModelName('alias', member);
	}
	if (distinct.length < 2) {
		throw new UsageError(`a chain needs at least two different models (PROVIDER:MODEL or an alias), got ${distinct.length}`);
	}
	return distinct;
}

/** The specs of a model set as stored: each parsed (so a typo fails now, not mid-battle), duplicates dropped. */
export function normalisePoolSpecs(specs: readonly string[]): string[] {
	const distinct = [...new Set(specs.map(spec => parseModelSpec(spec).spec))];
	if (distinct.length < 2) {
		throw new UsageError(`a model set needs at least two different PROVIDER:MODEL specs, got ${distinct.length}`);
	}
	return distinct;
}

/** A price in USD per 1M tokens: a finite number, 0 (free) or more. */
export function validatePrice(value: number, flag: string): number {
	if (!Number.isFinite(value) || value < 0) throw new UsageError(`${flag} must be a price in USD per 1M tokens (0 or more), got "${value}"`);
	return value;
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
	const file = path.join(configDir, SETTINGS_FILE_NAME);
	const read = (): Settings => readSettingsFile(file);
	const write = async <Key extends keyof Settings>(key: Key, value: Settings[Key]): Promise<void> => {
		// Re-validate first, so a write never builds on a file the user must fix.
		read();
		const {default: Conf} = await import('conf');
		const conf = new Conf<Record<string, unknown>>({
			cwd: configDir,
			configName: 'settings',
			projectName: 'arena',
			projectSuffix: '',
			clearInvalidConfig: false,
		});
		conf.set(key, value);
	};
	return {
		file,
		providers: () => read().providers,
		provider(name) {
			const providers = read().providers;
			const found = Object.hasOwn(providers, name) ? providers[name] : undefined;
			return found ? {name, baseURL: found.baseURL, apiKeyEnv: found.apiKeyEnv} : undefined;
		},
		async addProvider(name, settings) {
			validateProviderName(name);
			const baseURL = validateBaseURL(settings.baseURL);
			if (settings.apiKeyEnv !== undefined) validateEnvVarName(settings.apiKeyEnv);
			const entry: ProviderSettings = settings.apiKeyEnv ? {baseURL, apiKeyEnv: settings.apiKeyEnv} : {baseURL};
			await write('providers', {...read().providers, [name]: entry});
		},
		rubricWeights() {
			const configured = read().rubric_weights;
			if (configured === undefined) return {...DEFAULT_RUBRIC_WEIGHTS};
			try {
				return validateRubricWeights(configured);
			} catch (error) {
				throw new ConfigError(`rubric_weights in ${file}: ${(error as Error).message}`);
			}
		},
		pools: () => read().pools,
		pool(name) {
			const pools = read().pools;
			return Object.hasOwn(pools, name) ? [...pools[name]!] : undefined;
		},
		async savePool(name, specs) {
			validatePoolName(name);
			const stored = normalisePoolSpecs(specs);
			await write('pools', {...read().pools, [name]: stored});
			return stored;
		},
		async removePool(name) {
			const pools = {...read().pools};
			if (!Object.hasOwn(pools, name)) return false;
			delete pools[name];
			await write('pools', pools);
			return true;
		},
		aliases: () => read().aliases ?? {},
		async saveAlias(name, spec) {
			validateModelName('alias', name);
			const stored = parseModelSpec(spec).spec;
			const current = read();
			if (current.chains && Object.hasOwn(current.chains, name)) {
				throw new UsageError(`"${name}" is already a chain; remove it first with \`arena models unchain ${name}\``);
			}
			await write('aliases', {...current.aliases, [name]: stored});
			return stored;
		},
		async removeAlias(name) {
			const aliases = {...read().aliases};
			if (!Object.hasOwn(aliases, name)) return false;
			delete aliases[name];
			await write('aliases', aliases);
			return true;
		},
		chains: () => read().chains ?? {},
		async saveChain(name, members) {
			validateModelName('chain', name);
			const stored = normaliseChainMembers(members);
			const current = read();
			if (current.aliases && Object.hasOwn(current.aliases, name)) {
				throw new UsageError(`"${name}" is already an alias; remove it first with \`arena models unalias ${name}\``);
			}
			await write('chains', {...current.chains, [name]: stored});
			return stored;
		},
		async removeChain(name) {
			const chains = {...read().chains};
			if (!Object.hasOwn(chains, name)) return false;
			delete chains[name];
			await write('chains', chains);
			return true;
		},
		prices: () => read().prices ?? {},
		async setUserPrice(spec, price) {
			const stored: StoredPrice = {
				input_per_m: validatePrice(price.input_per_m, '--input'),
				output_per_m: validatePrice(price.output_per_m, '--output'),
				source: 'user',
				updated_at: new Date().toISOString(),
			};
			await write('prices', {...read().prices, [parseModelSpec(spec).spec]: stored});
			return stored;
		},
		async cacheOpenRouterPrices(prices) {
			if (Object.keys(prices).length === 0) return;
			await write('prices', mergeOpenRouterPrices(read().prices ?? {}, prices, new Date().toISOString()));
		},
		async removeProvider(name) {
			const providers = {...read().providers};
			if (!Object.hasOwn(providers, name)) return false;
			delete providers[name];
			await write('providers', providers);
			return true;
		},
		home: () => readHomeSettings(read().home, file),
		async updateHome(patch) {
			const next: HomeSettings = {...readHomeSettings(read().home, file)};
			for (const field of Object.keys(patch) as (keyof HomeSettings)[]) {
				const value = patch[field];
				if (value === undefined) continue;
				if (value === null) delete next[field];
				else (next as Record<string, unknown>)[field] = validateHomeField(field, value);
			}
			await write('home', next);
			return next;
		},
	};
}

/**
 * One field of a change to the home settings, checked and normalised. Throws a
 * UsageError whose one line says what is allowed.
 */
export function validateHomeField<Field extends keyof HomeSettings>(field: Field, value: unknown): NonNullable<HomeSettings[Field]> {
	const problem = homeFieldProblem(field, value);
	if (problem !== undefined) throw new UsageError(`${field} ${problem}, got ${describeValue(value)}`);
	return (field === 'models' ? distinctModels(value as string[]) : value) as NonNullable<HomeSettings[Field]>;
}

/** Why a home setting's value is not allowed ("must be …"), or undefined when it is. */
function homeFieldProblem(field: keyof HomeSettings, value: unknown): string | undefined {
	switch (field) {
		case 'models':
			return Array.isArray(value) && value.every(model => typeof model === 'string' && model.trim() !== '')
				? undefined
				: 'must be a list of model specs, aliases or chain names';
		case 'mode':
			return HOME_MODES.includes(value as HomeMode) ? undefined : `must be ${HOME_MODES.map(mode => `"${mode}"`).join(' or ')}`;
		case 'system':
			return typeof value === 'string' ? undefined : 'must be text';
		case 'temperature':
			return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TEMPERATURE
				? undefined
				: `must be a number from 0 to ${MAX_TEMPERATURE}`;
		case 'maxTokens':
			return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? undefined : 'must be a whole number of tokens, 1 or more';
		case 'theme':
			return THEME_SETTINGS.includes(value as ThemeSetting) ? undefined : `must be ${THEME_SETTINGS.map(theme => `"${theme}"`).join(', ')}`;
		default:
			return 'is not a home setting';
	}
}

function distinctModels(models: readonly string[]): string[] {
	return [...new Set(models.map(model => model.trim()))];
}

function describeValue(value: unknown): string {
	const text = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
	return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The `home` section as found in the file, checked field by field; unknown fields are kept out. */
function readHomeSettings(raw: unknown, file: string): HomeSettings {
	if (raw === undefined) return {};
	if (!isPlainObject(raw)) throw invalidSettings(file, 'home', 'expected an object');
	const home: HomeSettings = {};
	for (const field of ['models', 'mode', 'system', 'temperature', 'maxTokens', 'theme'] as const) {
		const value = raw[field];
		if (value === undefined) continue;
		const problem = homeFieldProblem(field, value);
		if (problem !== undefined) throw invalidSettings(file, `home.${field}`, `it ${problem}`);
		(home as Record<string, unknown>)[field] = field === 'models' ? distinctModels(value as string[]) : value;
	}
	return home;
}

function invalidSettings(file: string, where: string, what: string): ConfigError {
	return new ConfigError(`settings file ${file} is invalid at ${where}: ${what}; fix or move it aside`);
}

/** Reads and checks settings.json; a missing file is empty settings. Never writes. */
export function readSettingsFile(file: string): Settings {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {providers: {}, pools: {}};
		throw new ConfigError(`cannot read settings ${file} (${(error as Error).message}); fix its permissions or move it aside`);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new ConfigError(`cannot read settings ${file} (${(error as Error).message.split('\n')[0]}); fix or move the file aside`);
	}
	const invalid = (where: string, what: string) => invalidSettings(file, where, what);
	if (!isPlainObject(data)) throw invalid('top level', 'expected an object');

	const providers: Record<string, ProviderSettings> = {};
	const rawProviders = data['providers'] ?? {};
	if (!isPlainObject(rawProviders)) throw invalid('providers', 'expected an object');
	for (const [name, raw] of Object.entries(rawProviders)) {
		if (!isPlainObject(raw)) throw invalid(`providers.${name}`, 'expected an object');
		if (typeof raw['baseURL'] !== 'string') throw invalid(`providers.${name}.baseURL`, 'expected a string');
		if (raw['apiKeyEnv'] !== undefined && typeof raw['apiKeyEnv'] !== 'string') {
			throw invalid(`providers.${name}.apiKeyEnv`, 'expected a string');
		}
		providers[name] = raw['apiKeyEnv'] === undefined ? {baseURL: raw['baseURL']} : {baseURL: raw['baseURL'], apiKeyEnv: raw['apiKeyEnv'] as string};
	}

	const pools: Record<string, string[]> = {};
	const rawPools = data['pools'] ?? {};
	if (!isPlainObject(rawPools)) throw invalid('pools', 'expected an object');
	for (const [name, raw] of Object.entries(rawPools)) {
		if (!Array.isArray(raw) || raw.some(spec => typeof spec !== 'string')) throw invalid(`pools.${name}`, 'expected a list of strings');
		pools[name] = raw as string[];
	}

	const settings: Settings = {providers, pools};
	const rawPrices = data['prices'];
	if (rawPrices !== undefined) {
		if (!isPlainObject(rawPrices)) throw invalid('prices', 'expected an object');
		const prices: Record<string, StoredPrice> = {};
		for (const [spec, raw] of Object.entries(rawPrices)) {
			if (!isPlainObject(raw)) throw invalid(`prices.${spec}`, 'expected an object');
			for (const field of ['input_per_m', 'output_per_m'] as const) {
				const value = raw[field];
				if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
					throw invalid(`prices.${spec}.${field}`, 'expected a number of USD per 1M tokens, 0 or more');
				}
			}
			if (raw['source'] !== 'user' && raw['source'] !== 'openrouter') throw invalid(`prices.${spec}.source`, 'expected "user" or "openrouter"');
			if (typeof raw['updated_at'] !== 'string') throw invalid(`prices.${spec}.updated_at`, 'expected a date string');
			prices[spec] = {
				input_per_m: raw['input_per_m'] as number,
				output_per_m: raw['output_per_m'] as number,
				source: raw['source'],
				updated_at: raw['updated_at'],
			};
		}
		settings.prices = prices;
	}
	const rawAliases = data['aliases'];
	if (rawAliases !== undefined) {
		if (!isPlainObject(rawAliases)) throw invalid('aliases', 'expected an object');
		for (const [name, spec] of Object.entries(rawAliases)) {
			if (typeof spec !== 'string') throw invalid(`aliases.${name}`, 'expected a PROVIDER:MODEL string');
		}
		settings.aliases = rawAliases as Record<string, string>;
	}
	const rawChains = data['chains'];
	if (rawChains !== undefined) {
		if (!isPlainObject(rawChains)) throw invalid('chains', 'expected an object');
		for (const [name, members] of Object.entries(rawChains)) {
			if (!Array.isArray(members) || members.length < 2 || members.some(member => typeof member !== 'string')) {
				throw invalid(`chains.${name}`, 'expected a list of two or more specs');
			}
		}
		settings.chains = rawChains as Record<string, string[]>;
	}
	const rawWeights = data['rubric_weights'];
	if (rawWeights !== undefined) {
		if (!isPlainObject(rawWeights)) throw invalid('rubric_weights', 'expected an object');
		for (const [criterion, weight] of Object.entries(rawWeights)) {
			if (typeof weight !== 'number') throw invalid(`rubric_weights.${criterion}`, 'expected a number');
		}
		settings.rubric_weights = rawWeights as Record<string, number>;
	}
	if (data['home'] !== undefined) settings.home = data['home'];
	return settings;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
