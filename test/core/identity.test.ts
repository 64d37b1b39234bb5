import {describe, expect, it} from 'vitest';
import {findIdentityWords, IDENTITY_WORDS, namesAModel} from '../../source/core/identity.js';

describe('identity words', () => {
	it('flags answers that say which model or vendor wrote them', () => {
		const selfIdentifying = [
			'As ChatGPT, I cannot browse the web.',
			'I am Claude, an AI assistant made by Anthropic.',
			"I'm a large language model trained by OpenAI.",
			'I am Gemini, a model from Google DeepMind.',
			'我是 DeepSeek-V3, here to help.',
			'Qwen2.5 here: the answer is 42.',
			'This is GPT-4o speaking.',
			'As an AI developed by Meta, I think…',
			'I am Llama 3.',
			'Hello! I am Mistral Large.',
			'I am Kimi, made by Moonshot AI.',
			'Grok here, built by xAI.',
			'Phi-3 is a small model by Microsoft.',
			'Command-R+ at your service (Cohere).',
			'我是Qwen，由阿里云开发。',
			'我是DeepSeek开发的模型',
		];
		for (const answer of selfIdentifying) expect(namesAModel(answer), answer).toBe(true);
	});

	it('reports each distinct word once, lowercase, whatever the case in the text', () => {
		expect(findIdentityWords('CLAUDE says hi. claude again. Anthropic.')).toEqual(['claude', 'anthropic']);
		expect(findIdentityWords('gpt-4o and GPT-4 and gpt-4.1 and gpt4-turbo')).toEqual(['gpt-4o', 'gpt-4']);
		expect(findIdentityWords('llama3 and qwen2.5-coder and deepseek-r1')).toEqual(['deepseek', 'qwen', 'llama']);
	});

	it('does not flag ordinary words that merely contain a name', () => {
		const ordinary = [
			'Store the metadata alongside the file.',
			'Use yield to make a generator.',
			'Your philosophy of error handling matters.',
			'A palmtop computer from the nineties.',
			'Metaprogramming with decorators.',
			'Big-O: the lookup is O(1) on average.',
			'The claudeville_config variable and my_openai_key are identifiers.',
			'Take a moonshot at it.',
			'The golden ratio phi is about 1.618.',
			'The yield curve; yielding control to the event loop.',
			'A command-line tool with a --command-run flag.',
			'Return the flattened list; the recursion depth is bounded.',
		];
		for (const text of ordinary) expect(findIdentityWords(text), text).toEqual([]);
	});

	it('flags "llama" even as the animal, as FastChat does', () => {
		// Documented trade-off: a missed self-identification biases the board; a false flag costs one vote.
		expect(findIdentityWords('A llama is a South American camelid.')).toEqual(['llama']);
	});

	it('lists the names the issue requires, all lowercase', () => {
		for (const word of ['chatgpt', 'gpt-4', 'claude', 'anthropic', 'openai', 'gemini', 'deepseek', 'qwen', 'llama', 'mistral', 'kimi']) {
			expect(IDENTITY_WORDS).toContain(word);
		}
		for (const word of IDENTITY_WORDS) expect(word).toBe(word.toLowerCase());
	});

	it('gives the same answer when called repeatedly (no regex state leaks between calls)', () => {
		const answer = 'I am Claude.';
		expect([namesAModel(answer), namesAModel(answer), namesAModel(answer)]).toEqual([true, true, true]);
		expect(namesAModel('nothing to see')).toBe(false);
	});
});
