/**
 * Well-known OpenAI-compatible providers, so `arena providers add groq` needs
 * no URL. Local servers need no key: they ignore the Authorization header.
 */

export interface ProviderPreset {
	name: string;
	baseURL: string;
	/** The variable the vendor's own docs tell users to export; absent for local servers. */
	apiKeyEnv?: string;
	/** True for servers that run on this machine (probed on first run, no key). */
	local: boolean;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
	{name: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', local: false},
	{name: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY', local: false},
	// DeepSeek documents both https://api.deepseek.com and …/v1; /v1 keeps `${baseURL}/models` uniform with the others.
	{name: 'deepseek', baseURL: 'https://api.deepseek.com/v1', apiKeyEnv: 'DEEPSEEK_API_KEY', local: false},
	{name: 'groq', baseURL: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', local: false},
	{name: 'together', baseURL: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY', local: false},
	{name: 'mistral', baseURL: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY', local: false},
	// Gemini's OpenAI-compatible endpoint, not its native API.
	{name: 'gemini', baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai', apiKeyEnv: 'GEMINI_API_KEY', local: false},
	{name: 'ollama', baseURL: 'http://localhost:11434/v1', local: true},
	{name: 'lmstudio', baseURL: 'http://localhost:1234/v1', local: true},
	{name: 'vllm', baseURL: 'http://localhost:8000/v1', local: true},
	{name: 'llamacpp', baseURL: 'http://localhost:8080/v1', local: true},
];

export function findPreset(name: string): ProviderPreset | undefined {
	return PROVIDER_PRESETS.find(preset => preset.name === name);
}

export const PRESET_NAMES: readonly string[] = PROVIDER_PRESETS.map(preset => preset.name);

/**
 * What `providers add NAME` stores: the flags win over the preset, and a name
 * that is not a preset must bring its own base URL.
 */
export function resolveProviderAddition(
	name: string,
	options: {baseUrl?: string; apiKeyEnv?: string},
): {baseURL: string; apiKeyEnv?: string} | {error: string} {
	const preset = findPreset(name);
	const baseURL = options.baseUrl ?? preset?.baseURL;
	if (baseURL === undefined) {
		return {
			error:
				`"${name}" is not a preset; give its URL with --base-url (presets: ${PRESET_NAMES.join(', ')})`,
		};
	}
	const apiKeyEnv = options.apiKeyEnv ?? preset?.apiKeyEnv;
	return apiKeyEnv === undefined ? {baseURL} : {baseURL, apiKeyEnv};
}
