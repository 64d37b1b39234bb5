import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/core/errors.js';
import {parseModelSpec} from '../../source/core/spec.js';

describe('parseModelSpec', () => {
	it('splits at the first colon only', () => {
		expect(parseModelSpec('ollama:llama3.2:3b')).toEqual({spec: 'ollama:llama3.2:3b', provider: 'ollama', model: 'llama3.2:3b'});
	});

	it('keeps slashes in the model id', () => {
		expect(parseModelSpec('or:deepseek/deepseek-r1')).toMatchObject({provider: 'or', model: 'deepseek/deepseek-r1'});
	});

	it.each(['gpt-4o', ':gpt-4o', 'openai:', '', 'my provider:x'])('rejects %j with a usage error that shows the form', spec => {
		expect(() => parseModelSpec(spec)).toThrow(UsageError);
	});

	it('says what to write', () => {
		expect(() => parseModelSpec('gpt-4o')).toThrow(/PROVIDER:MODEL.*openai:gpt-4o-mini/);
	});
});
