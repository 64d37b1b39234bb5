import {describe, expect, it} from 'vitest';
import {composeAnswer, detectTopic, requestedAnswerTokens, type TopicId} from '../../source/demo/answers/index.js';
import type {DemoModelId} from '../../source/demo/models.js';
import {countTokens} from '../../source/demo/tokens.js';

const modelIds: DemoModelId[] = ['swift', 'steady', 'thinker'];

const promptsByTopic: Array<[TopicId, string]> = [
	['flatten-list', 'How do I flatten a nested list in Python?'],
	['flatten-list', 'I have [[1, [2]], 3] in python, a nested list; make it one list'],
	['async-race', 'Why is my variable undefined after fetch().then()? Fix this async/await race.'],
	['async-race', 'Fix the bug: the promise result is read before it resolves'],
	['dijkstra', "Implement Dijkstra's algorithm in TypeScript using a priority queue"],
	['dijkstra', 'shortest path in a weighted graph, TypeScript please'],
	['go-review', 'Review my Go service for security and performance issues'],
	['go-review', 'Please audit this golang HTTP handler'],
	['express-pagination', 'Write an Express endpoint with pagination and filtering'],
	['express-pagination', 'Add a paginated REST endpoint that filters products by category'],
	['generic', 'What is the capital of France?'],
	['generic', 'Write a haiku about autumn'],
];

describe('detectTopic', () => {
	it.each(promptsByTopic)('recognises %s in "%s"', (topic, prompt) => {
		expect(detectTopic(prompt)).toBe(topic);
	});
});

describe('canned answers', () => {
	const samplePrompts = [...new Map(promptsByTopic.map(([topic, prompt]) => [topic, prompt])).values()];

	it.each(samplePrompts)('every model answers "%s" in valid Markdown of a few hundred tokens', prompt => {
		const contents = new Set<string>();
		for (const modelId of modelIds) {
			const answer = composeAnswer(modelId, prompt, countTokens);
			const fences = answer.content.match(/^```/gm) ?? [];
			expect(fences.length % 2).toBe(0);
			expect(fences.length).toBeGreaterThanOrEqual(2);
			expect(countTokens(answer.content)).toBeGreaterThan(100);
			expect(countTokens(answer.content)).toBeLessThan(1000);
			expect(answer.contentTokenTarget).toBeNull();
			if (modelId === 'thinker') expect(countTokens(answer.reasoning ?? '')).toBeGreaterThan(80);
			else expect(answer.reasoning).toBeUndefined();
			contents.add(answer.content);
		}
		expect(contents.size).toBe(modelIds.length);
	});

	it('quotes an unrecognised prompt on one line, shell-safe in the suggested command', () => {
		const answer = composeAnswer('swift', "What's the\nweather like?", countTokens);
		expect(answer.content).toContain('"What\'s the weather like?"');
		expect(answer.content).toContain(`arena run 'What'\\''s the weather like?' -m`);
	});

	it('shortens a very long unrecognised prompt when quoting it', () => {
		const answer = composeAnswer('steady', `Tell me a story about ${'dragons and '.repeat(40)}`, countTokens);
		expect(answer.content).toMatch(/> Tell me a story about dragons and[^\n]{0,100}…\n/);
	});
});

describe('requested answer length', () => {
	it.each([
		['Write 4000 tokens about testing', 4000],
		['A 1,500-token essay on caching', 1500],
		['Give me 250 tokens', 250],
		['Explain closures', null],
		['Write 1000000 tokens', 32_768],
	])('reads "%s" as %s tokens', (prompt, expected) => {
		expect(requestedAnswerTokens(prompt)).toBe(expected);
	});

	it('makes the answer at least that long, on top of the topic answer', () => {
		const answer = composeAnswer('steady', 'Flatten a nested list in Python, in 3000 tokens', countTokens);
		expect(answer.topic).toBe('flatten-list');
		expect(answer.contentTokenTarget).toBe(3000);
		expect(answer.content).toContain('def flatten');
		expect(countTokens(answer.content)).toBeGreaterThanOrEqual(3000);
	});
});

describe('demo answers in a blind battle', () => {
	it('never name a model or vendor, so demo battles are not flagged', async () => {
		const {namesAModel, findIdentityWords} = await import('../../source/core/identity.js');
		const prompts = ['what is the capital of France?', ...promptsByTopic.map(([, prompt]) => prompt)];
		for (const prompt of prompts) {
			for (const modelId of modelIds) {
				const answer = composeAnswer(modelId, prompt, countTokens);
				const text = `${answer.reasoning ?? ''}\n${answer.content}`;
				expect(findIdentityWords(text), prompt).toEqual([]);
				expect(namesAModel(text)).toBe(false);
				// Nor a demo model's own name: in a blind battle that would say who is who.
				for (const id of modelIds) expect(text, `${modelId} on "${prompt}"`).not.toMatch(new RegExp(`demo:${id}\\b`));
			}
		}
	});
});
