import {UsageError} from './errors.js';
import type {ModelSpec} from './types.js';

/**
 * Split `PROVIDER:MODEL` at the first colon only, so model ids may contain
 * colons (`ollama:llama3.2:3b`) and slashes (`or:deepseek/deepseek-r1`).
 */
export function parseModelSpec(spec: string): ModelSpec {
	const trimmed = spec.trim();
	const colon = trimmed.indexOf(':');
	if (colon <= 0 || colon === trimmed.length - 1) {
		throw new UsageError(
			`model "${spec}" is not PROVIDER:MODEL; write it like openai:gpt-4o-mini or demo:swift`,
		);
	}
	const provider = trimmed.slice(0, colon);
	const model = trimmed.slice(colon + 1);
	if (/\s/.test(provider)) {
		throw new UsageError(`provider name "${provider}" in "${spec}" may not contain spaces`);
	}
	return {spec: trimmed, provider, model};
}
