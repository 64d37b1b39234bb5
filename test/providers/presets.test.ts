import {describe, expect, it} from 'vitest';
import {findPreset, PROVIDER_PRESETS, resolveProviderAddition} from '../../source/providers/presets.js';

describe('provider presets', () => {
	it.each([
		['openai', 'https://api.openai.com/v1', 'OPENAI_API_KEY'],
		['openrouter', 'https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY'],
		['deepseek', 'https://api.deepseek.com/v1', 'DEEPSEEK_API_KEY'],
		['groq', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY'],
		['together', 'https://api.together.xyz/v1', 'TOGETHER_API_KEY'],
		['mistral', 'https://api.mistral.ai/v1', 'MISTRAL_API_KEY'],
		['gemini', 'https://generativelanguage.googleapis.com/v1beta/openai', 'GEMINI_API_KEY'],
		['ollama', 'http://localhost:11434/v1', undefined],
		['lmstudio', 'http://localhost:1234/v1', undefined],
		['vllm', 'http://localhost:8000/v1', undefined],
		['llamacpp', 'http://localhost:8080/v1', undefined],
	])('%s fills in %s and key variable %s', (name, baseURL, apiKeyEnv) => {
		expect(resolveProviderAddition(name, {})).toEqual(apiKeyEnv === undefined ? {baseURL} : {baseURL, apiKeyEnv});
		expect(findPreset(name)?.local).toBe(apiKeyEnv === undefined);
	});

	it('has exactly the eleven documented presets', () => {
		expect(PROVIDER_PRESETS.map(preset => preset.name).sort()).toEqual(
			['deepseek', 'gemini', 'groq', 'llamacpp', 'lmstudio', 'mistral', 'ollama', 'openai', 'openrouter', 'together', 'vllm'],
		);
	});

	it('lets --base-url and --api-key-env override a preset', () => {
		expect(resolveProviderAddition('openai', {baseUrl: 'http://proxy.local/v1'})).toEqual({
			baseURL: 'http://proxy.local/v1',
			apiKeyEnv: 'OPENAI_API_KEY',
		});
		expect(resolveProviderAddition('groq', {apiKeyEnv: 'MY_GROQ'})).toEqual({
			baseURL: 'https://api.groq.com/openai/v1',
			apiKeyEnv: 'MY_GROQ',
		});
	});

	it('needs --base-url for a name that is not a preset', () => {
		const result = resolveProviderAddition('gateway', {});
		expect(result).toHaveProperty('error');
		expect((result as {error: string}).error).toMatch(/--base-url/);
		expect(resolveProviderAddition('gateway', {baseUrl: 'https://gw.example/v1', apiKeyEnv: 'GW_KEY'})).toEqual({
			baseURL: 'https://gw.example/v1',
			apiKeyEnv: 'GW_KEY',
		});
	});
});
