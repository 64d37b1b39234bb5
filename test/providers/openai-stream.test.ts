/**
 * streamChat through the real openai SDK against a real loopback server, one
 * test per server behaviour listed in PROVIDERS.md.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {
	CANCELLED_MESSAGE,
	HTML_INSTEAD_OF_STREAM_MESSAGE,
	INCOMPLETE_STREAM_MESSAGE,
	MALFORMED_STREAM_MESSAGE,
	streamChat,
} from '../../source/providers/openai-stream.js';
import type {StreamEvent, StreamRequest} from '../../source/providers/types.js';
import {
	chatChunk,
	contentChunk,
	errorPayload,
	finishChunk,
	reasoningChunk,
	roleChunk,
	startScriptedServer,
	streamScript,
	usageChunk,
	type Script,
	type ScriptedServer,
	type ScriptHandler,
} from '../helpers/sse-server.js';

const servers: ScriptedServer[] = [];
const keyVariables: string[] = [];

afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
	for (const name of keyVariables.splice(0)) delete process.env[name];
});

async function serve(script: Script | ScriptHandler): Promise<ScriptedServer> {
	const server = await startScriptedServer(script);
	servers.push(server);
	return server;
}

function requestFor(server: {baseURL: string}, overrides: Partial<StreamRequest> = {}): StreamRequest {
	return {
		endpoint: {name: 'local', baseURL: server.baseURL},
		model: 'test-model',
		messages: [{role: 'user', content: 'Say hello'}],
		signal: new AbortController().signal,
		idleTimeoutMs: 5000,
		...overrides,
	};
}

async function collect(request: StreamRequest): Promise<StreamEvent[]> {
	const events: StreamEvent[] = [];
	for await (const event of streamChat(request)) events.push(event);
	return events;
}

async function run(script: Script | ScriptHandler, overrides: Partial<StreamRequest> = {}) {
	const server = await serve(script);
	const events = await collect(requestFor(server, overrides));
	return {server, events};
}

/** Events without timestamps, for readable equality checks. */
function shapes(events: StreamEvent[]): Array<Record<string, unknown>> {
	return events.map(({at: _at, ...rest}) => rest);
}

function textOf(events: StreamEvent[], type: 'content' | 'reasoning'): string {
	return events
		.filter((event): event is Extract<StreamEvent, {type: 'content' | 'reasoning'}> => event.type === type)
		.map(event => event.text)
		.join('');
}

function terminal(events: StreamEvent[]): StreamEvent {
	return events.at(-1)!;
}

function expectOneTerminalLast(events: StreamEvent[]): void {
	const terminals = events.filter(event => event.type === 'end' || event.type === 'error');
	expect(terminals).toHaveLength(1);
	expect(terminal(events)).toBe(terminals[0]);
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!condition()) {
		if (performance.now() > deadline) throw new Error('condition not met in time');
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

function useKey(name: string, value: string): void {
	process.env[name] = value;
	keyVariables.push(name);
}

describe('streamChat: provider stream shapes', () => {
	it('reads the OpenAI shape: role chunk, content, finish, separate usage chunk, unknown fields', async () => {
		const noise = {system_fingerprint: 'fp_1', service_tier: 'default', obfuscation: 'x9Qz', usage: null};
		const {server, events} = await run(
			[
				{chunk: roleChunk(noise)},
				{chunk: contentChunk('Hello', noise)},
				{chunk: contentChunk(', world', noise)},
				{chunk: finishChunk('stop', noise)},
				{
					chunk: usageChunk({
						prompt_tokens: 9,
						completion_tokens: 3,
						total_tokens: 12,
						completion_tokens_details: {reasoning_tokens: 0},
					}),
				},
				{done: true},
			],
			{maxTokens: 64, temperature: 0.2},
		);

		expect(shapes(events)).toEqual([
			{type: 'request'},
			{type: 'request', refined: true},
			{type: 'content', text: 'Hello'},
			{type: 'content', text: ', world'},
			{type: 'finish', reason: 'stop'},
			{type: 'usage', source: 'usage', outputTokens: 3, inputTokens: 9, reasoningTokens: 0},
			{type: 'end'},
		]);
		expect(server.requests[0]!.body).toEqual({
			model: 'test-model',
			messages: [{role: 'user', content: 'Say hello'}],
			stream: true,
			stream_options: {include_usage: true},
			max_tokens: 64,
			temperature: 0.2,
		});
	});

	it('reads DeepSeek reasoning_content, then content, with usage on the finish chunk and keep-alives', async () => {
		const {events} = await run([
			{raw: ': keep-alive\n\n'},
			{chunk: chatChunk({role: 'assistant', content: null, reasoning_content: ''})},
			{chunk: reasoningChunk('Think')},
			{chunk: reasoningChunk('ing.')},
			{raw: ': keep-alive\n\n'},
			{chunk: contentChunk('Answer')},
			{
				chunk: chatChunk({content: '.'}, 'stop', {
					usage: {
						prompt_tokens: 12,
						completion_tokens: 40,
						total_tokens: 52,
						completion_tokens_details: {reasoning_tokens: 38},
					},
				}),
			},
			{done: true},
		]);

		expect(shapes(events)).toEqual([
			{type: 'request'},
			{type: 'request', refined: true},
			{type: 'reasoning', text: 'Think'},
			{type: 'reasoning', text: 'ing.'},
			{type: 'content', text: 'Answer'},
			{type: 'content', text: '.'},
			{type: 'usage', source: 'usage', outputTokens: 40, inputTokens: 12, reasoningTokens: 38},
			{type: 'finish', reason: 'stop'},
			{type: 'end'},
		]);
	});

	it('reads OpenRouter reasoning once even with reasoning_details, and reports usage.cost', async () => {
		const details = (text: string) => [{type: 'reasoning.text', text, format: 'unknown', index: 0}];
		const {events} = await run([
			{raw: ': OPENROUTER PROCESSING\n\n'},
			{chunk: chatChunk({role: 'assistant', content: '', reasoning: 'Let me ', reasoning_details: details('Let me ')})},
			{chunk: chatChunk({role: 'assistant', content: '', reasoning: 'see.', reasoning_details: details('see.')})},
			{chunk: chatChunk({role: 'assistant', content: '', reasoning: null, reasoning_details: [{type: 'reasoning.encrypted', data: 'opaque'}]})},
			{chunk: chatChunk({role: 'assistant', content: 'Yes.'})},
			{chunk: chatChunk({role: 'assistant', content: ''}, 'stop', {native_finish_reason: 'stop'})},
			{chunk: usageChunk({prompt_tokens: 5, completion_tokens: 7, total_tokens: 12, cost: 0.000123})},
			{done: true},
		]);

		expect(textOf(events, 'reasoning')).toBe('Let me see.');
		expect(textOf(events, 'content')).toBe('Yes.');
		expect(shapes(events.filter(event => event.type === 'usage'))).toEqual([
			{type: 'usage', source: 'usage', outputTokens: 7, inputTokens: 5, cost: 0.000123},
		]);
		expect(terminal(events).type).toBe('end');
	});

	it('reads Mistral Magistral typed content parts as reasoning and content', async () => {
		const {events} = await run([
			{chunk: roleChunk()},
			{chunk: chatChunk({content: [{type: 'thinking', thinking: [{type: 'text', text: 'Two plus '}]}]})},
			{chunk: chatChunk({content: [{type: 'thinking', thinking: [{type: 'text', text: 'two.'}]}]})},
			{chunk: chatChunk({content: [{type: 'text', text: 'Four'}]})},
			{chunk: chatChunk({content: '.'}, 'stop')},
			{done: true},
		]);

		expect(shapes(events)).toEqual([
			{type: 'request'},
			{type: 'request', refined: true},
			{type: 'reasoning', text: 'Two plus '},
			{type: 'reasoning', text: 'two.'},
			{type: 'content', text: 'Four'},
			{type: 'content', text: '.'},
			{type: 'finish', reason: 'stop'},
			{type: 'end'},
		]);
	});

	it('reads Groq usage from x_groq.usage on the finish chunk', async () => {
		const {events} = await run([
			{chunk: roleChunk({x_groq: {id: 'req_1'}})},
			{chunk: contentChunk('Fast')},
			{chunk: finishChunk('stop', {x_groq: {id: 'req_1', usage: {prompt_tokens: 4, completion_tokens: 1, total_tokens: 5}}})},
			{done: true},
		]);

		expect(shapes(events.filter(event => event.type === 'usage'))).toEqual([
			{type: 'usage', source: 'x_groq', outputTokens: 1, inputTokens: 4},
		]);
		expect(terminal(events).type).toBe('end');
	});

	it('reads llama.cpp timings.predicted_n', async () => {
		const {events} = await run([
			{chunk: contentChunk('Local')},
			{
				chunk: finishChunk('stop', {
					timings: {prompt_n: 6, prompt_ms: 12.5, predicted_n: 17, predicted_ms: 210, predicted_per_second: 80.9},
				}),
			},
			{done: true},
		]);

		expect(shapes(events.filter(event => event.type === 'usage'))).toEqual([
			{type: 'usage', source: 'timings', outputTokens: 17, inputTokens: 6},
		]);
	});

	it('reads old Ollama: role in every delta, finish_reason "" until the end, no usage', async () => {
		const ollama = (content: string, finish: string) => chatChunk({role: 'assistant', content}, finish);
		const {events} = await run([
			{chunk: ollama('Hi', '')},
			{chunk: ollama(' there', '')},
			{chunk: ollama('', 'stop')},
			{done: true},
		]);

		expect(shapes(events)).toEqual([
			{type: 'request'},
			{type: 'request', refined: true},
			{type: 'content', text: 'Hi'},
			{type: 'content', text: ' there'},
			{type: 'finish', reason: 'stop'},
			{type: 'end'},
		]);
	});

	it('normalises Together\'s finish_reason "eos" to "stop"', async () => {
		const {events} = await run([
			{chunk: chatChunk({role: 'assistant', content: 'Done'})},
			{chunk: chatChunk({role: 'assistant', content: ''}, 'eos', {usage: {prompt_tokens: 3, completion_tokens: 1}})},
			{done: true},
		]);

		expect(events.find(event => event.type === 'finish')).toMatchObject({reason: 'stop'});
		expect(terminal(events).type).toBe('end');
	});

	it('accepts CRLF line endings and "data:" without a space, including the [DONE] marker', async () => {
		const line = (payload: object) => `data:${JSON.stringify(payload)}\r\n\r\n`;
		const started = performance.now();
		const {events} = await run([
			{raw: ': hello\r\n\r\n'},
			{raw: line(contentChunk('One'))},
			{raw: line(contentChunk(' two'))},
			{raw: line(finishChunk('length'))},
			{raw: 'data:[DONE]\r\n\r\n'},
			// The server never closes: the end must come from the marker itself.
			{keepOpen: true},
		]);

		expect(textOf(events, 'content')).toBe('One two');
		expect(events.find(event => event.type === 'finish')).toMatchObject({reason: 'length'});
		expect(terminal(events).type).toBe('end');
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('treats a JSON body from a server that ignored stream:true as one complete answer', async () => {
		const completion = {
			id: 'chatcmpl-1',
			object: 'chat.completion',
			choices: [{index: 0, message: {role: 'assistant', content: 'Whole answer'}, finish_reason: 'stop'}],
			usage: {prompt_tokens: 3, completion_tokens: 2},
		};
		const {events} = await run([{status: 200, body: completion}]);

		expect(shapes(events)).toEqual([
			{type: 'request'},
			{type: 'request', refined: true},
			{type: 'content', text: 'Whole answer'},
			{type: 'usage', source: 'usage', outputTokens: 2, inputTokens: 3},
			{type: 'finish', reason: 'stop'},
			{type: 'end'},
		]);
	});
});

describe('streamChat: HTTP errors before the stream', () => {
	it.each([
		[401, {error: {message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key'}}, 'HTTP 401: Incorrect API key provided.'],
		[403, {error: {message: 'Project does not have access to model', type: 'invalid_request_error'}}, 'HTTP 403: Project does not have access to model'],
		[404, {error: {message: 'The model `nope` does not exist', code: 'model_not_found'}}, 'HTTP 404: The model `nope` does not exist'],
		[429, {error: {message: 'Rate limit reached for requests', type: 'requests'}}, 'HTTP 429: Rate limit reached for requests'],
		[500, {error: {message: 'The server had an error while processing your request.'}}, 'HTTP 500: The server had an error while processing your request.'],
		[503, {message: 'Service overloaded, try later'}, 'HTTP 503: Service overloaded, try later'],
		[422, {detail: [{loc: ['body', 'messages'], msg: 'field required', type: 'missing'}]}, 'HTTP 422: field required'],
	])('reports HTTP %i with the message from the JSON body', async (status, body, expected) => {
		const {events} = await run([{status, body}], {maxRetries: 0});

		expect(shapes(events)).toEqual([{type: 'request'}, {type: 'error', message: expected, status}]);
	});

	it("reads Gemini's array-shaped error body", async () => {
		const body = [{error: {code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT'}}];
		const {events} = await run([{status: 400, body}]);

		expect(terminal(events)).toMatchObject({
			type: 'error',
			status: 400,
			message: 'HTTP 400: API key not valid. Please pass a valid API key.',
		});
	});

	it('names an HTML error page instead of dumping it', async () => {
		const html = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
		const {events} = await run([{status: 502, headers: {'content-type': 'text/html'}, body: html}], {maxRetries: 0});

		expect(terminal(events)).toEqual({
			type: 'error',
			at: expect.any(Number),
			status: 502,
			message: 'HTTP 502: Bad Gateway (HTML error page from the server or a gateway)',
		});
	});

	it('explains a web page served with status 200 (a base URL pointing at a web UI)', async () => {
		const {events} = await run([{head: {headers: {'content-type': 'text/html; charset=utf-8'}}}, {raw: '<!doctype html><html><body>App</body></html>'}]);

		expect(shapes(events)).toEqual([
			{type: 'request'},
			{type: 'request', refined: true},
			{type: 'error', message: HTML_INSTEAD_OF_STREAM_MESSAGE},
		]);
	});

	it('turns an unusable base URL into an error event rather than a throw', async () => {
		const events = await collect(requestFor({baseURL: 'not a url'}));

		expect(events.at(-1)).toMatchObject({type: 'error', message: 'invalid base URL for provider local: not a url'});
		expectOneTerminalLast(events);
	});

	it('does not retry a 400', async () => {
		const {server, events} = await run([{status: 400, body: {error: {message: 'bad request'}}}]);

		expect(server.requests).toHaveLength(1);
		expect(events.some(event => event.type === 'retry')).toBe(false);
	});
});

describe('streamChat: retries before the first token', () => {
	it('waits as long as Retry-After says, announces the retry, then streams', async () => {
		const {server, events} = await run(({index}) =>
			index === 0
				? [{status: 429, headers: {'retry-after': '1'}, body: {error: {message: 'Slow down'}}}]
				: streamScript(['Second', ' time']),
		);

		expect(shapes(events)).toEqual([
			{type: 'request'},
			{type: 'retry', attempt: 1, delayMs: 1000, status: 429, reason: 'HTTP 429: Slow down'},
			{type: 'content', text: 'Second'},
			{type: 'content', text: ' time'},
			{type: 'finish', reason: 'stop'},
			{type: 'end'},
		]);
		expect(server.requests).toHaveLength(2);
		expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
	});

	it('gives up after maxRetries and reports the last failure', async () => {
		const {server, events} = await run(
			[{status: 503, headers: {'retry-after': '0'}, body: {error: {message: 'Overloaded'}}}],
			{maxRetries: 2},
		);

		expect(server.requests).toHaveLength(3);
		expect(shapes(events)).toEqual([
			{type: 'request'},
			{type: 'retry', attempt: 1, delayMs: 0, status: 503, reason: 'HTTP 503: Overloaded'},
			{type: 'retry', attempt: 2, delayMs: 0, status: 503, reason: 'HTTP 503: Overloaded'},
			{type: 'error', status: 503, message: 'HTTP 503: Overloaded'},
		]);
	});

	it('retries a connection reset before the headers', async () => {
		const {server, events} = await run(({index}) => (index === 0 ? [{destroy: true}] : streamScript(['ok'])));

		expect(server.requests).toHaveLength(2);
		const retry = events.find(event => event.type === 'retry');
		expect(retry).toMatchObject({attempt: 1});
		expect((retry as {reason: string}).reason).toMatch(/^connection failed \(.+\)$/);
		expect(textOf(events, 'content')).toBe('ok');
		expect(terminal(events).type).toBe('end');
	});

	it('reports a refused connection after retrying it', async () => {
		const server = await startScriptedServer([]);
		const baseURL = server.baseURL;
		await server.close();

		const events = await collect(requestFor({baseURL}, {maxRetries: 1}));

		expect(events.map(event => event.type)).toEqual(['request', 'retry', 'error']);
		expect(terminal(events)).toMatchObject({type: 'error'});
		expect((terminal(events) as {message: string}).message).toMatch(/^connection failed \(.*ECONNREFUSED.*\)$/);
	});

	it('never retries once tokens have arrived', async () => {
		const {server, events} = await run([{chunk: contentChunk('partial')}, {destroy: true}]);

		expect(server.requests).toHaveLength(1);
		expect(events.some(event => event.type === 'retry')).toBe(false);
	});
});

describe('streamChat: failures during the stream keep the partial text', () => {
	it('reports an OpenAI-style error payload mid-stream', async () => {
		const {events} = await run([
			{chunk: contentChunk('Once upon')},
			{chunk: contentChunk(' a time')},
			{chunk: errorPayload('The server had an error while processing your request.')},
			{done: true},
		]);

		expect(textOf(events, 'content')).toBe('Once upon a time');
		expect(terminal(events)).toMatchObject({
			type: 'error',
			message: 'server error mid-stream: The server had an error while processing your request. (code server_error)',
		});
		expectOneTerminalLast(events);
	});

	it('reports an OpenRouter error chunk with finish_reason "error" and its status code', async () => {
		const {events} = await run([
			{chunk: chatChunk({role: 'assistant', content: 'Partial'})},
			{
				chunk: chatChunk({content: ''}, 'error', {
					error: {code: 502, message: 'Provider disconnected unexpectedly'},
				}),
			},
			{done: true},
		]);

		expect(textOf(events, 'content')).toBe('Partial');
		expect(terminal(events)).toMatchObject({
			type: 'error',
			status: 502,
			message: 'server error mid-stream: Provider disconnected unexpectedly (code 502)',
		});
		expectOneTerminalLast(events);
	});

	it('reports a vLLM error payload even though [DONE] follows it', async () => {
		const {events} = await run([
			{chunk: contentChunk('abc')},
			{raw: 'data: {"error": {"object": "error", "message": "CUDA out of memory", "type": "InternalServerError", "param": null, "code": 500}}\n\n'},
			{done: true},
		]);

		expect(textOf(events, 'content')).toBe('abc');
		expect(terminal(events)).toMatchObject({
			type: 'error',
			status: 500,
			message: 'server error mid-stream: CUDA out of memory (code 500)',
		});
		expectOneTerminalLast(events);
	});

	it('reports a connection reset mid-stream', async () => {
		const {events} = await run([{chunk: contentChunk('Half an ')}, {chunk: contentChunk('answer')}, {delayMs: 20}, {destroy: true}]);

		expect(textOf(events, 'content')).toBe('Half an answer');
		expect((terminal(events) as {message: string}).message).toMatch(/^connection lost mid-stream \(.+\)$/);
	});

	it('reports a clean EOF with neither finish_reason nor [DONE] (Ollama error style)', async () => {
		const {events} = await run([{chunk: contentChunk('Some text')}, {chunk: chatChunk({role: 'assistant', content: ''})}]);

		expect(textOf(events, 'content')).toBe('Some text');
		expect(shapes([terminal(events)])).toEqual([{type: 'error', message: INCOMPLETE_STREAM_MESSAGE}]);
	});

	it('ends normally at EOF after a finish_reason even without [DONE]', async () => {
		const {events} = await run([{chunk: contentChunk('Done')}, {chunk: finishChunk('stop')}]);

		expect(terminal(events).type).toBe('end');
		expectOneTerminalLast(events);
	});

	it('reports a data line that is not JSON', async () => {
		const {events} = await run([{chunk: contentChunk('ok ')}, {raw: 'data: {"choices": [oops\n\n'}, {done: true}]);

		expect(textOf(events, 'content')).toBe('ok ');
		expect(shapes([terminal(events)])).toEqual([{type: 'error', message: MALFORMED_STREAM_MESSAGE}]);
	});
});

describe('streamChat: end of stream and silence', () => {
	it('ends promptly at [DONE] when the server keeps the socket open, and releases it', async () => {
		const started = performance.now();
		const {server, events} = await run([...streamScript(['Hello']), {keepOpen: true}], {idleTimeoutMs: 10_000});

		// The server would hold the connection forever; only the marker can end this.
		expect(performance.now() - started).toBeLessThan(1500);
		expect(terminal(events).type).toBe('end');
		await waitUntil(() => server.requests[0]!.closedAt !== undefined);
	});

	it('fails with an idle timeout when the stream goes silent', async () => {
		const {events} = await run([{chunk: contentChunk('Then nothing')}, {keepOpen: true}], {idleTimeoutMs: 300});

		expect(textOf(events, 'content')).toBe('Then nothing');
		const lastToken = events.find(event => event.type === 'content')!;
		const failure = terminal(events);
		expect(shapes([failure])).toEqual([{type: 'error', message: 'no data for 0.3 s (idle timeout)'}]);
		expect(failure.at - lastToken.at).toBeGreaterThanOrEqual(290);
		expect(failure.at - lastToken.at).toBeLessThan(2000);
	});

	it('fails with an idle timeout while waiting for headers, without retrying', async () => {
		const {server, events} = await run([{delayMs: 5000}, ...streamScript(['late'])], {idleTimeoutMs: 300});

		expect(shapes(events)).toEqual([{type: 'request'}, {type: 'error', message: 'no data for 0.3 s (idle timeout)'}]);
		expect(events[1]!.at - events[0]!.at).toBeLessThan(2000);
		expect(server.requests).toHaveLength(1);
	});

	it('counts keep-alive comments as signs of life', async () => {
		const keepAlives: Script = [];
		for (let beat = 0; beat < 6; beat++) keepAlives.push({delayMs: 100}, {raw: ': keep-alive\n\n'});
		const {events} = await run([{head: {}}, ...keepAlives, ...streamScript(['Worth the wait'])], {idleTimeoutMs: 300});

		expect(textOf(events, 'content')).toBe('Worth the wait');
		expect(terminal(events).type).toBe('end');
	});

	it('closes the connection when the consumer stops reading early', async () => {
		const server = await serve([{chunk: contentChunk('first')}, {keepOpen: true}]);
		for await (const event of streamChat(requestFor(server))) {
			if (event.type === 'content') break;
		}
		await waitUntil(() => server.requests[0]!.closedAt !== undefined);
	});
});

describe('streamChat: cancellation', () => {
	it('stops at once with "cancelled" when the signal aborts mid-stream', async () => {
		const server = await serve(streamScript(Array.from({length: 100}, (_, index) => `t${index} `), {delayBetweenMs: 30}));
		const controller = new AbortController();
		const events: StreamEvent[] = [];
		let abortedAt = 0;
		for await (const event of streamChat(requestFor(server, {signal: controller.signal}))) {
			events.push(event);
			if (event.type === 'content' && event.text === 't2 ') {
				abortedAt = performance.now();
				controller.abort();
			}
		}

		expect(shapes([terminal(events)])).toEqual([{type: 'error', message: CANCELLED_MESSAGE}]);
		expect(textOf(events, 'content')).toBe('t0 t1 t2 ');
		expect(terminal(events).at - abortedAt).toBeLessThan(500);
		expectOneTerminalLast(events);
	});

	it('cancels during a retry wait without waiting it out', async () => {
		const server = await serve([{status: 429, headers: {'retry-after': '30'}, body: {error: {message: 'later'}}}]);
		const controller = new AbortController();
		const events: StreamEvent[] = [];
		for await (const event of streamChat(requestFor(server, {signal: controller.signal}))) {
			events.push(event);
			if (event.type === 'retry') setTimeout(() => controller.abort(), 50);
		}

		expect(events.find(event => event.type === 'retry')).toMatchObject({delayMs: 30_000});
		const retry = events.find(event => event.type === 'retry')!;
		expect(shapes([terminal(events)])).toEqual([{type: 'error', message: CANCELLED_MESSAGE}]);
		expect(terminal(events).at - retry.at).toBeLessThan(1000);
		expect(server.requests).toHaveLength(1);
	});

	it('cancels while waiting for the headers', async () => {
		const server = await serve([{delayMs: 5000}, ...streamScript(['late'])]);
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		const events = await collect(requestFor(server, {signal: controller.signal}));

		expect(shapes(events)).toEqual([{type: 'request'}, {type: 'error', message: CANCELLED_MESSAGE}]);
		expect(events[1]!.at - events[0]!.at).toBeLessThan(1000);
	});
});

describe('streamChat: API keys', () => {
	it('reports a missing key variable without sending anything', async () => {
		const server = await serve(streamScript(['never']));
		delete process.env.ARENA_TEST_MISSING_KEY;
		const events = await collect(
			requestFor(server, {endpoint: {name: 'remote', baseURL: server.baseURL, apiKeyEnv: 'ARENA_TEST_MISSING_KEY'}}),
		);

		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({type: 'error'});
		const {message} = events[0] as {message: string};
		expect(message).toContain('environment variable ARENA_TEST_MISSING_KEY is not set');
		expect(message).toContain('arena providers add remote');
		expect(server.requests).toHaveLength(0);
	});

	it('sends the key from the variable and never lets it into a message', async () => {
		const key = 'sk-test-5f3a9c1b7e2d4a60';
		useKey('ARENA_TEST_KEY', key);
		const echoing = await serve([{status: 401, body: {error: {message: `Incorrect API key provided: ${key}. Check it.`}}}]);
		const failed = await collect(
			requestFor(echoing, {endpoint: {name: 'remote', baseURL: echoing.baseURL, apiKeyEnv: 'ARENA_TEST_KEY'}}),
		);
		expect(echoing.requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
		expect(terminal(failed)).toMatchObject({type: 'error', status: 401, message: 'HTTP 401: Incorrect API key provided: ***. Check it.'});

		const midStream = await serve([{chunk: contentChunk('hi')}, {chunk: errorPayload(`bad key ${key}`)}]);
		const failedLater = await collect(
			requestFor(midStream, {endpoint: {name: 'remote', baseURL: midStream.baseURL, apiKeyEnv: 'ARENA_TEST_KEY'}}),
		);
		for (const event of [...failed, ...failedLater]) {
			expect(JSON.stringify(event)).not.toContain(key);
		}
		expect(terminal(failedLater)).toMatchObject({type: 'error'});
	});

	it('sends a placeholder key to servers that need none', async () => {
		const {server} = await run(streamScript(['hi']));

		expect(server.requests[0]!.headers.authorization).toMatch(/^Bearer \S+$/);
	});
});

describe('streamChat: timestamps', () => {
	it('stamps each event when it arrives, on a monotonic clock', async () => {
		const {server, events} = await run([
			{head: {}},
			{delayMs: 200},
			{chunk: contentChunk('first')},
			{delayMs: 300},
			{chunk: contentChunk('second')},
			{chunk: finishChunk()},
			{done: true},
		]);

		const request = events.find(event => event.type === 'request')!;
		const [first, second] = events.filter(event => event.type === 'content');
		// Server and client share performance.now(): a token cannot be stamped before it was written.
		expect(request.at).toBeLessThanOrEqual(server.requests[0]!.receivedAt);
		expect(first!.at).toBeGreaterThanOrEqual(server.requests[0]!.firstTokenAt!);
		expect(first!.at - request.at).toBeGreaterThanOrEqual(200);
		// Stamped as each arrives, not when the stream is over.
		expect(second!.at - first!.at).toBeGreaterThanOrEqual(200);
		for (let index = 1; index < events.length; index++) {
			expect(events[index]!.at).toBeGreaterThanOrEqual(events[index - 1]!.at);
		}
	});
});
