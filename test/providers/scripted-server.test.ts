/**
 * The shared loopback server helper, checked through the real SDK so other
 * suites can rely on it.
 */
import OpenAI from 'openai';
import {afterEach, describe, expect, it} from 'vitest';
import {startScriptedServer, tokenStreamScript, type ScriptedServer} from '../helpers/sse-server.js';

let server: ScriptedServer | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe('startScriptedServer', () => {
	it('lists its models on GET /models', async () => {
		server = await startScriptedServer([], {models: ['swift', 'steady']});
		const client = new OpenAI({apiKey: 'unused', baseURL: server.baseURL, maxRetries: 0});

		const page = await client.models.list();

		expect(page.data.map(model => model.id)).toEqual(['swift', 'steady']);
	});

	it('streams N tokens with a matching usage count, and records the request', async () => {
		server = await startScriptedServer(({model}) => tokenStreamScript(model === 'big' ? 500 : 3));
		const client = new OpenAI({apiKey: 'unused', baseURL: server.baseURL, maxRetries: 0});

		const stream = await client.chat.completions.create({
			model: 'big',
			messages: [{role: 'user', content: 'go'}],
			stream: true,
			stream_options: {include_usage: true},
		});
		let text = '';
		let completionTokens: number | undefined;
		for await (const chunk of stream) {
			text += chunk.choices[0]?.delta.content ?? '';
			completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
		}

		expect(text.split(' ').filter(Boolean)).toHaveLength(500);
		expect(text.startsWith('tok0 tok1 ')).toBe(true);
		expect(completionTokens).toBe(500);
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0]).toMatchObject({index: 0, model: 'big', path: '/v1/chat/completions'});
		expect(server.requests[0]!.firstTokenAt).toBeGreaterThanOrEqual(server.requests[0]!.receivedAt);
	});

	it('closes connections it holds open when closed', async () => {
		server = await startScriptedServer([{keepOpen: true}]);
		const response = await fetch(`${server.baseURL}/chat/completions`, {method: 'POST', body: '{}'});
		const reading = response.text().then(
			() => 'ended',
			() => 'reset',
		);

		await server.close();
		server = undefined;

		expect(['ended', 'reset']).toContain(await reading);
	});
});
