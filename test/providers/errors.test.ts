import {describe, expect, it} from 'vitest';
import {
	describeHttpError,
	describeNetworkCause,
	describeStreamErrorPayload,
	formatSeconds,
	MAX_MESSAGE_LENGTH,
	summarizeErrorPayload,
	toOneLine,
} from '../../source/providers/errors.js';

describe('describeHttpError', () => {
	it('uses error.message from the usual OpenAI body', () => {
		const body = JSON.stringify({error: {message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key'}});
		expect(describeHttpError(401, body)).toBe('HTTP 401: Incorrect API key provided.');
	});

	it("reads Gemini's array body", () => {
		const body = JSON.stringify([{error: {code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED'}}]);
		expect(describeHttpError(429, body)).toBe('HTTP 429: Resource has been exhausted (e.g. check quota).');
	});

	it('reads {"message"}, {"detail"} and {"error": "text"}', () => {
		expect(describeHttpError(404, '{"message":"model not found"}')).toBe('HTTP 404: model not found');
		expect(describeHttpError(400, '{"detail":"Invalid model name"}')).toBe('HTTP 400: Invalid model name');
		expect(describeHttpError(404, '{"error":"model \\"llama9\\" not found, try pulling it first"}')).toBe(
			'HTTP 404: model "llama9" not found, try pulling it first',
		);
	});

	it("joins FastAPI's validation details", () => {
		const body = JSON.stringify({detail: [{msg: 'field required'}, {msg: 'value is not a valid float'}]});
		expect(describeHttpError(422, body)).toBe('HTTP 422: field required; value is not a valid float');
	});

	it("adds OpenRouter's upstream message from metadata.raw", () => {
		const raw = JSON.stringify({error: {message: 'max_tokens is too large'}});
		const body = JSON.stringify({error: {message: 'Provider returned error', code: 400, metadata: {raw, provider_name: 'X'}}});
		expect(describeHttpError(400, body)).toBe('HTTP 400: Provider returned error: max_tokens is too large');
	});

	it('keeps plain-text bodies', () => {
		expect(describeHttpError(500, 'Internal Server Error\n')).toBe('HTTP 500: Internal Server Error');
	});

	it('names HTML pages with the reason phrase instead of dumping them', () => {
		const html = '<!DOCTYPE html><html><head><title>502</title></head><body><h1>Bad Gateway</h1></body></html>';
		expect(describeHttpError(502, html)).toBe('HTTP 502: Bad Gateway (HTML error page from the server or a gateway)');
		expect(describeHttpError(504, '\n  <html><body>cloudflare</body></html>')).toBe(
			'HTTP 504: Gateway Timeout (HTML error page from the server or a gateway)',
		);
	});

	it('falls back to the reason phrase for an empty body', () => {
		expect(describeHttpError(503, '')).toBe('HTTP 503: Service Unavailable');
		expect(describeHttpError(599, '')).toBe('HTTP 599');
	});

	it('shows JSON it does not understand compactly', () => {
		expect(describeHttpError(500, '{"oops": true}')).toBe('HTTP 500: Internal Server Error {"oops":true}');
	});
});

describe('summarizeErrorPayload', () => {
	it('returns message and code from nested shapes', () => {
		expect(summarizeErrorPayload({error: {message: 'boom', code: 'server_error'}})).toEqual({message: 'boom', code: 'server_error'});
		expect(summarizeErrorPayload({message: 'x', type: 'BadRequestError', code: 400})).toEqual({message: 'x', code: 400});
		expect(summarizeErrorPayload('plain')).toEqual({message: 'plain'});
		expect(summarizeErrorPayload([])).toEqual({});
		expect(summarizeErrorPayload(null)).toEqual({});
	});
});

describe('describeStreamErrorPayload', () => {
	it('says whether tokens had already arrived and carries the code', () => {
		expect(describeStreamErrorPayload({message: 'overloaded', type: 'server_error'}, {afterTokens: true})).toEqual({
			message: 'server error mid-stream: overloaded (code server_error)',
		});
		expect(describeStreamErrorPayload({message: 'no credits'}, {afterTokens: false})).toEqual({
			message: 'server error: no credits',
		});
	});

	it('takes an HTTP-like code as the status', () => {
		expect(describeStreamErrorPayload({code: 502, message: 'Provider disconnected'}, {afterTokens: true})).toEqual({
			message: 'server error mid-stream: Provider disconnected (code 502)',
			status: 502,
		});
		expect(describeStreamErrorPayload({code: 'rate_limit', message: 'slow'}, {afterTokens: true}).status).toBeUndefined();
	});

	it('still says something when the payload has no message', () => {
		expect(describeStreamErrorPayload({}, {afterTokens: true}).message).toBe(
			'server error mid-stream: the server sent an error without a message',
		);
	});
});

describe('toOneLine', () => {
	it('collapses whitespace and newlines', () => {
		expect(toOneLine('  line one\n\n\tline   two \r\n')).toBe('line one line two');
	});

	it('caps the length with an ellipsis', () => {
		const line = toOneLine('word '.repeat(200));
		expect(line.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
		expect(line.endsWith('…')).toBe(true);
	});

	it('scrubs every occurrence of a secret', () => {
		expect(toOneLine('key sk-abc123 rejected (sk-abc123)', ['sk-abc123'])).toBe('key *** rejected (***)');
	});
});

describe('describeNetworkCause', () => {
	it('digs the socket error out of undici wrappers', () => {
		const socketError = Object.assign(new Error('other side closed'), {code: 'UND_ERR_SOCKET'});
		const wrapped = new TypeError('terminated', {cause: socketError});
		expect(describeNetworkCause(wrapped)).toBe('other side closed (UND_ERR_SOCKET)');
	});

	it('does not repeat a code already in the message', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {code: 'ECONNREFUSED'});
		expect(describeNetworkCause(new TypeError('fetch failed', {cause: refused}))).toBe('connect ECONNREFUSED 127.0.0.1:9');
	});

	it('falls back to the outer message', () => {
		expect(describeNetworkCause(new TypeError('terminated'))).toBe('terminated');
	});
});

describe('formatSeconds', () => {
	it('prints whole and fractional seconds', () => {
		expect(formatSeconds(60_000)).toBe('60 s');
		expect(formatSeconds(300)).toBe('0.3 s');
		expect(formatSeconds(1500)).toBe('1.5 s');
	});
});
