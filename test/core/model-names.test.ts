import {describe, expect, it} from 'vitest';
import {resolveModelReference, type ModelNames} from '../../source/core/model-names.js';

const names: ModelNames = {
	aliases: {coder: 'or:qwen/qwen3-coder', fast: 'groq:llama-3.1-8b-instant'},
	chains: {
		robust: ['deepseek:v4', 'coder'],
		wider: ['robust', 'fast', 'or:qwen/qwen3-coder'],
		loop: ['deepseek:v4', 'back'],
		back: ['ollama:llama3.2:3b', 'loop'],
		broken: ['deepseek:v4', 'nothing'],
	},
	providers: {or: {}, deepseek: {}, groq: {}},
};

describe('resolving -m NAME', () => {
	it('keeps a PROVIDER:MODEL spec as typed, colons in the model included', () => {
		expect(resolveModelReference('ollama:llama3.2:3b', names)).toEqual({
			kind: 'spec',
			spec: {spec: 'ollama:llama3.2:3b', provider: 'ollama', model: 'llama3.2:3b'},
		});
	});

	it('turns an alias into its spec', () => {
		expect(resolveModelReference('coder', names)).toEqual({kind: 'spec', spec: {spec: 'or:qwen/qwen3-coder', provider: 'or', model: 'qwen/qwen3-coder'}});
	});

	it('turns a chain into chain:NAME with its members, aliases resolved', () => {
		const resolved = resolveModelReference('robust', names);
		expect(resolved.kind).toBe('chain');
		if (resolved.kind !== 'chain') return;
		expect(resolved.spec).toEqual({spec: 'chain:robust', provider: 'chain', model: 'robust'});
		expect(resolved.members.map(member => member.spec)).toEqual(['deepseek:v4', 'or:qwen/qwen3-coder']);
		expect(resolveModelReference('chain:robust', names)).toEqual(resolved);
	});

	it('splices a chain inside a chain in place, dropping repeats', () => {
		const resolved = resolveModelReference('wider', names);
		expect(resolved.kind === 'chain' && resolved.members.map(member => member.spec)).toEqual([
			'deepseek:v4',
			'or:qwen/qwen3-coder',
			'groq:llama-3.1-8b-instant',
		]);
	});

	it('refuses a chain that contains itself', () => {
		expect(() => resolveModelReference('loop', names)).toThrow(/chain "loop" contains itself \(loop → back → loop\)/);
	});

	it('names the unknown member of a chain', () => {
		expect(() => resolveModelReference('broken', names)).toThrow(/chain "broken" names "nothing"/);
	});

	it('says how to fix an unknown bare name, as a usage error', () => {
		let caught: unknown;
		try {
			resolveModelReference('x', names);
		} catch (error) {
			caught = error;
		}
		expect((caught as Error).name).toBe('UsageError');
		expect((caught as Error).message).toBe(
			'unknown model or alias "x"; use PROVIDER:MODEL or define it with `arena models alias x PROVIDER:MODEL`',
		);
		expect(() => resolveModelReference('chain:nope', names)).toThrow(/unknown chain "nope"/);
	});

	it('leaves chain:MODEL to a provider the user named "chain"', () => {
		const withChainProvider = {...names, providers: {...names.providers, chain: {}}};
		expect(resolveModelReference('chain:robust', withChainProvider)).toMatchObject({kind: 'spec', spec: {provider: 'chain', model: 'robust'}});
	});
});
