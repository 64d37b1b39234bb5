import {encode} from 'gpt-tokenizer';
import OpenAI from 'openai';
import type {ChatCompletionChunk, ChatCompletionCreateParamsStreaming} from 'openai/resources/chat/completions';
import type {CompletionUsage} from 'openai/resources/completions';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_MODELS, demoEndpoint, startDemoServer, type DemoServer} from '../../source/demo/server.js';

const codingPrompt = "Write Dijkstra's algorithm in TypeScript with a priority queue.";
const modelIds = DEMO_MODELS.map(model => model.id);

function tokenCount(text: string): number {
	return text.length === 0 ? 0 : encode(text).length;
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!condition()) {
		if (performance.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/**
 * Watches the timers the demo server sets (recognised by the caller's stack),
 * without changing how they behave: which are still pending, and when each fired.
 */
function trackDemoTimers() {
	const pending = new Set<unknown>();
	const firedAt: number[] = [];
	const realSetTimeout = globalThis.setTimeout;
	const realClearTimeout = globalThis.clearTimeout;
	const setSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
		callback: (...args: unknown[]) => void,
		delay?: number,
		...args: unknown[]
	) => {
		if (!new Error().stack?.includes('/source/demo/')) return realSetTimeout(callback, delay, ...args);
		const handle = realSetTimeout(() => {
			pending.delete(handle);
			firedAt.push(performance.now());
			callback(...args);
		}, delay);
		pending.add(handle);
		return handle;
	}) as typeof setTimeout);
	const clearSpy = vi.spyOn(globalThis, 'clearTimeout').mockImplementation(handle => {
		pending.delete(handle);
		realClearTimeout(handle);
	});
	return {
		pending,
		firedAt,
		restore() {
			setSpy.mockRestore();
			clearSpy.mockRestore();
		},
	};
}

interface StreamedAnswer {
	content: string;
	reasoning: string;
	chunks: ChatCompletionChunk[];
	usage: CompletionUsage | null;
	finishReason: string | null;
	/** Client-side: from just before the request to the first reasoning or content text. */
	timeToFirstTokenMs: number | null;
	firstTokenAt: number | null;
	lastTokenAt: number | null;
}

/** The DeepSeek-style field the SDK's types don't know. */
function reasoningOf(chunk: ChatCompletionChunk): string | null | undefined {
	return (chunk.choices[0]?.delta as {reasoning_content?: string | null} | undefined)?.reasoning_content;
}

async function streamAnswer(
	client: OpenAI,
	model: string,
	prompt: string,
	extra: Partial<ChatCompletionCreateParamsStreaming> = {},
): Promise<StreamedAnswer> {
	const requestStartedAt = performance.now();
	const stream = await client.chat.completions.create({
		model,
		messages: [{role: 'user', content: prompt}],
		stream: true,
		stream_options: {include_usage: true},
		...extra,
	});
	const answer: StreamedAnswer = {
		content: '',
		reasoning: '',
		chunks: [],
		usage: null,
		finishReason: null,
		timeToFirstTokenMs: null,
		firstTokenAt: null,
		lastTokenAt: null,
	};
	for await (const chunk of stream) {
		const arrivedAt = performance.now();
		answer.chunks.push(chunk);
		if (chunk.usage) answer.usage = chunk.usage;
		const choice = chunk.choices[0];
		if (!choice) continue;
		const text = (choice.delta.content ?? '') + (reasoningOf(chunk) ?? '');
		if (text.length > 0) {
			answer.firstTokenAt ??= arrivedAt;
			answer.timeToFirstTokenMs ??= arrivedAt - requestStartedAt;
			answer.lastTokenAt = arrivedAt;
		}
		answer.content += choice.delta.content ?? '';
		answer.reasoning += reasoningOf(chunk) ?? '';
		if (choice.finish_reason) answer.finishReason = choice.finish_reason;
	}
	return answer;
}

function clientFor(server: DemoServer): OpenAI {
	return new OpenAI({baseURL: server.baseURL, apiKey: 'demo', maxRetries: 0});
}

describe('demo server through the openai SDK', () => {
	let server: DemoServer;
	let client: OpenAI;

	beforeAll(async () => {
		server = await startDemoServer({speed: 40, seed: 7});
		client = clientFor(server);
	});
	afterAll(async () => {
		await server?.close();
	});

	it('is a loopback OpenAI-compatible endpoint named demo', () => {
		expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		expect(demoEndpoint(server)).toEqual({name: 'demo', baseURL: server.baseURL});
	});

	it('streams a different Markdown answer with a code block from each model', async () => {
		const answers = await Promise.all(modelIds.map(model => streamAnswer(client, model, codingPrompt)));
		for (const answer of answers) {
			expect(answer.finishReason).toBe('stop');
			expect(answer.content).toMatch(/```ts\n[\s\S]*dijkstra[\s\S]*\n```/);
			expect(tokenCount(answer.content)).toBeGreaterThan(100);
		}
		expect(new Set(answers.map(answer => answer.content)).size).toBe(modelIds.length);
	});

	it.each([
		['Flatten a nested list in Python', /```python\n[\s\S]*def flatten/],
		['My fetch().then() result is undefined when I read it, how do I fix this async race?', /```js\n[\s\S]*await fetch/],
		['Review this Go service for security and performance problems', /```go\n[\s\S]*QueryRowContext/],
		['Build a paginated REST endpoint in Express with filters', /```js\n[\s\S]*express[\s\S]*req\.query\.page/],
	])('answers on topic: %s', async (prompt, expected) => {
		const answer = await streamAnswer(client, 'swift', prompt);
		expect(answer.content).toMatch(expected);
	});

	it('answers any other prompt honestly, quoting it', async () => {
		const prompt = 'What is the tallest mountain on Mars?';
		for (const model of modelIds) {
			const answer = await streamAnswer(client, model, prompt);
			expect(answer.content).toContain(prompt);
			expect(answer.content).toMatch(/simulated/i);
		}
	});

	it('streams the thinker’s reasoning_content first, with content null, then the answer', async () => {
		const answer = await streamAnswer(client, 'thinker', codingPrompt);
		const withText = answer.chunks.filter(chunk => (chunk.choices[0]?.delta.content ?? '') + (reasoningOf(chunk) ?? '') !== '');
		const firstContent = withText.findIndex(chunk => (chunk.choices[0]?.delta.content ?? '') !== '');
		expect(firstContent).toBeGreaterThan(10);
		for (const chunk of withText.slice(0, firstContent)) {
			expect(chunk.choices[0]?.delta.content).toBeNull();
			expect(reasoningOf(chunk)).not.toBe('');
		}
		for (const chunk of withText.slice(firstContent)) expect(reasoningOf(chunk) ?? '').toBe('');
		expect(answer.reasoning).toMatch(/heap/i);
		expect(answer.content).toContain('```ts');

		const reasoningTokens = tokenCount(answer.reasoning);
		expect(answer.usage?.completion_tokens_details?.reasoning_tokens).toBe(reasoningTokens);
		expect(answer.usage?.completion_tokens).toBe(reasoningTokens + tokenCount(answer.content));
	});

	it.each(['swift', 'steady'])('reports usage equal to what %s streamed', async model => {
		const answer = await streamAnswer(client, model, 'Flatten a nested list in Python');
		const usage = answer.usage;
		expect(usage?.completion_tokens).toBe(tokenCount(answer.content));
		expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
		expect(usage?.prompt_tokens).toBeGreaterThan(tokenCount('Flatten a nested list in Python'));
		expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
	});

	it('writes the exact OpenAI stream shape: role chunk, deltas, finish, usage, [DONE]', async () => {
		const response = await fetch(`${server.baseURL}/chat/completions`, {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({
				model: 'swift',
				messages: [{role: 'user', content: codingPrompt}],
				stream: true,
				stream_options: {include_usage: true},
			}),
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const body = await response.text();
		expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
		const events = body
			.split('\n\n')
			.filter(Boolean)
			.map(event => event.replace(/^data: /, ''));
		expect(events.at(-1)).toBe('[DONE]');
		const payloads = events.slice(0, -1).map(event => JSON.parse(event));

		expect(payloads[0].choices[0].delta).toMatchObject({role: 'assistant', content: ''});
		const finish = payloads.at(-2);
		expect(finish.choices[0]).toMatchObject({delta: {}, finish_reason: 'stop'});
		const usage = payloads.at(-1);
		expect(usage.choices).toEqual([]);
		expect(usage.usage.completion_tokens).toBeGreaterThan(0);
		const deltas = payloads.slice(1, -2);
		for (const payload of deltas) {
			expect(payload).toMatchObject({object: 'chat.completion.chunk', model: 'swift', usage: null});
			expect(payload.choices[0].finish_reason).toBeNull();
		}
		const streamed = deltas.map(payload => payload.choices[0].delta.content).join('');
		expect(usage.usage.completion_tokens).toBe(tokenCount(streamed));
		// Like real servers, some chunks carry several tokens.
		expect(deltas.length).toBeLessThan(usage.usage.completion_tokens);
	});

	it('sends no usage chunk unless asked', async () => {
		const stream = await client.chat.completions.create({
			model: 'swift',
			messages: [{role: 'user', content: 'Flatten a nested list in Python'}],
			stream: true,
		});
		const chunks: ChatCompletionChunk[] = [];
		for await (const chunk of stream) chunks.push(chunk);
		expect(chunks.every(chunk => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
		expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
	});

	it('stops at max_tokens with finish_reason length', async () => {
		const answer = await streamAnswer(client, 'steady', codingPrompt, {max_tokens: 20});
		expect(answer.finishReason).toBe('length');
		expect(answer.usage?.completion_tokens).toBe(tokenCount(answer.content));
		expect(answer.usage?.completion_tokens).toBeLessThanOrEqual(20);
		expect(answer.usage?.completion_tokens).toBeGreaterThanOrEqual(17);

		// Reasoning counts against the budget, so a small budget never reaches the answer.
		const thinker = await streamAnswer(client, 'thinker', codingPrompt, {max_tokens: 20});
		expect(thinker.finishReason).toBe('length');
		expect(thinker.content).toBe('');
		expect(tokenCount(thinker.reasoning)).toBeLessThanOrEqual(20);
		expect(thinker.usage?.completion_tokens).toBe(tokenCount(thinker.reasoning));
	});

	it('rejects an unknown model with an OpenAI-style 404 listing the demo models', async () => {
		const request = client.chat.completions.create({
			model: 'gpt-imaginary',
			messages: [{role: 'user', content: 'hi'}],
			stream: true,
			stream_options: {include_usage: true},
		});
		const error = await request.then(
			() => null,
			(reason: unknown) => reason,
		);
		expect(error).toBeInstanceOf(OpenAI.NotFoundError);
		const apiError = error as InstanceType<typeof OpenAI.NotFoundError>;
		expect(apiError.status).toBe(404);
		expect(apiError.code).toBe('model_not_found');
		expect(apiError.type).toBe('invalid_request_error');
		expect(apiError.message).toContain('The model `gpt-imaginary` does not exist');
		expect(apiError.message).toContain('swift, steady, thinker');
	});

	it('lists the demo models at /models', async () => {
		const models = [];
		for await (const model of client.models.list()) models.push(model);
		expect(models.map(model => model.id)).toEqual(modelIds);
		expect(models.every(model => model.object === 'model')).toBe(true);
		expect((await client.models.retrieve('thinker')).id).toBe('thinker');
	});

	it('answers non-streaming requests with a plain completion', async () => {
		const completion = await client.chat.completions.create({
			model: 'thinker',
			messages: [{role: 'user', content: 'Flatten a nested list in Python'}],
		});
		const message = completion.choices[0]?.message as {content: string; reasoning_content?: string};
		expect(completion.object).toBe('chat.completion');
		expect(completion.choices[0]?.finish_reason).toBe('stop');
		expect(message.content).toContain('```python');
		expect(message.reasoning_content).toMatch(/recursion/i);
		expect(completion.usage?.completion_tokens).toBe(tokenCount(message.content) + tokenCount(message.reasoning_content ?? ''));
	});
});

describe('demo pacing', () => {
	it('gives swift, steady and thinker clearly ordered TTFT and decode speeds, measured by the client', async () => {
		const speed = 5;
		const server = await startDemoServer({speed, seed: 11});
		try {
			const client = clientFor(server);
			const answers = await Promise.all(modelIds.map(model => streamAnswer(client, model, codingPrompt, {max_tokens: 120})));
			const [swift, steady, thinker] = answers.map(answer => answer.timeToFirstTokenMs ?? Number.NaN);
			expect(swift).toBeLessThan(steady);
			expect(steady).toBeLessThan(thinker);

			for (const [index, model] of DEMO_MODELS.entries()) {
				const stat = server.stats.find(entry => entry.model === model.id);
				const answer = answers[index];
				expect(stat?.plannedTtftMs).toBeGreaterThan((0.8 * model.ttftMs) / speed);
				expect(stat?.plannedTtftMs).toBeLessThan((1.2 * model.ttftMs) / speed);
				// A token can't be seen before the server wrote it.
				expect(answer.timeToFirstTokenMs).toBeGreaterThanOrEqual((stat?.plannedTtftMs ?? 0) - 1);
				expect(stat?.firstTokenAt).not.toBeNull();

				const tokens = answer.usage?.completion_tokens ?? 0;
				const decodeSeconds = ((answer.lastTokenAt ?? 0) - (answer.firstTokenAt ?? 0)) / 1000;
				const tokensPerSecond = (tokens - 1) / decodeSeconds;
				expect(tokensPerSecond).toBeGreaterThan(0.7 * model.tokensPerSecond * speed);
				expect(tokensPerSecond).toBeLessThan(1.3 * model.tokensPerSecond * speed);
			}
		} finally {
			await server.close();
		}
	});

	it('replays the same chunks and timings for the same seed, and varies with another seed', async () => {
		const servers = await Promise.all([7, 7, 8].map(seed => startDemoServer({seed, speed: 50})));
		try {
			const runs = await Promise.all(
				servers.map(async server => {
					const answer = await streamAnswer(clientFor(server), 'thinker', codingPrompt);
					return {
						chunks: answer.chunks.map(chunk => (chunk.choices[0]?.delta.content ?? '') + (reasoningOf(chunk) ?? '')),
						plannedTtftMs: server.stats[0]?.plannedTtftMs,
					};
				}),
			);
			expect(runs[1]).toEqual(runs[0]);
			expect(runs[2].chunks.join('')).toBe(runs[0].chunks.join(''));
			expect(runs[2].chunks).not.toEqual(runs[0].chunks);
			expect(runs[2].plannedTtftMs).not.toBe(runs[0].plannedTtftMs);
		} finally {
			await Promise.all(servers.map(server => server.close()));
		}
	});

	it('streams a long answer at full speed with no delays', async () => {
		const server = await startDemoServer({fullSpeed: true, seed: 3});
		try {
			const client = clientFor(server);
			const startedAt = performance.now();
			const answers = await Promise.all(
				modelIds.concat('swift').map(model => streamAnswer(client, model, 'Write 4000 tokens about testing.')),
			);
			const elapsedMs = performance.now() - startedAt;
			for (const answer of answers) {
				expect(answer.finishReason).toBe('stop');
				expect(tokenCount(answer.content)).toBeGreaterThanOrEqual(3990);
				expect(tokenCount(answer.content)).toBeLessThanOrEqual(4000);
				expect(answer.usage?.completion_tokens).toBe(tokenCount(answer.content) + tokenCount(answer.reasoning));
				expect(answer.chunks.length).toBeGreaterThan(3000);
			}
			expect(server.stats.every(stat => stat.plannedTtftMs === 0 && stat.outcome === 'completed')).toBe(true);
			// At realistic pace this would take over a minute (4000 tokens at 45 tok/s).
			expect(elapsedMs).toBeLessThan(5_000);
		} finally {
			await server.close();
		}
	});
});

describe('demo server lifecycle', () => {
	it('stops writing and clears its timers when the client aborts, and keeps serving', async () => {
		const server = await startDemoServer({seed: 5});
		const timers = trackDemoTimers();
		try {
			const client = clientFor(server);
			const stream = await client.chat.completions.create({
				model: 'steady',
				messages: [{role: 'user', content: codingPrompt}],
				stream: true,
				stream_options: {include_usage: true},
			});
			let contentChunks = 0;
			for await (const chunk of stream) {
				if (chunk.choices[0]?.delta.content) contentChunks++;
				if (contentChunks === 3) stream.controller.abort();
			}
			expect(timers.firedAt.length).toBeGreaterThanOrEqual(3);
			const aborted = server.stats[0];
			await waitUntil(() => aborted?.outcome === 'aborted', 'the server notices the abort');
			const tokensAtAbort = aborted.tokens;
			expect(tokensAtAbort).toBeLessThan(20);
			// Hundreds of tokens were still to come at 45 tok/s, each on a timer.
			await waitUntil(() => timers.pending.size === 0, 'the pending generation timer is cleared');

			const next = await streamAnswer(client, 'steady', codingPrompt, {max_tokens: 5});
			expect(next.finishReason).toBe('length');
			expect(next.content.length).toBeGreaterThan(0);
			expect(server.stats[1]?.outcome).toBe('completed');
			// Hundreds of ms later, the aborted stream has written nothing more and
			// none of its timers fired (the next request's first one is due at its TTFT).
			expect(aborted.tokens).toBe(tokensAtAbort);
			const nextFirstTimerAt = (server.stats[1]?.receivedAt ?? 0) + (server.stats[1]?.plannedTtftMs ?? 0) - 2;
			const firedAfterAbort = timers.firedAt.filter(at => at > (aborted.finishedAt ?? 0) && at < nextFirstTimerAt);
			expect(firedAfterAbort).toEqual([]);
		} finally {
			timers.restore();
			await server.close();
		}
	});

	it('close() ends open streams and connections and resolves', async () => {
		const server = await startDemoServer({seed: 9});
		const client = clientFor(server);
		const stream = await client.chat.completions.create({
			model: 'steady',
			messages: [{role: 'user', content: codingPrompt}],
			stream: true,
		});
		const iterator = stream[Symbol.asyncIterator]();
		await iterator.next();
		const remaining = (async () => {
			try {
				while (!(await iterator.next()).done) {
					// drain until the server goes away
				}
				return 'ended';
			} catch {
				return 'failed';
			}
		})();

		await server.close();
		expect(server.stats[0]?.outcome).toBe('aborted');
		expect(await remaining).toMatch(/ended|failed/);
		await expect(
			client.chat.completions.create({model: 'swift', messages: [{role: 'user', content: 'hi'}]}),
		).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
		await server.close();
	});
});
