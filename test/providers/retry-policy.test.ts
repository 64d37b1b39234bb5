import {describe, expect, it} from 'vitest';
import {
	backoffDelay,
	isRetryableStatus,
	MAX_RETRY_AFTER_MS,
	parseRetryAfter,
	shouldRetryResponse,
} from '../../source/providers/retry-policy.js';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('retry decisions', () => {
	it('retries 408, 409, 429 and 5xx only', () => {
		expect([400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504].filter(isRetryableStatus)).toEqual([
			408, 409, 429, 500, 502, 503, 504,
		]);
	});

	it('lets x-should-retry override the status', () => {
		expect(shouldRetryResponse(503, headers({'x-should-retry': 'false'}))).toBe(false);
		expect(shouldRetryResponse(400, headers({'x-should-retry': 'true'}))).toBe(true);
		expect(shouldRetryResponse(503, headers({}))).toBe(true);
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds, milliseconds and HTTP dates', () => {
		expect(parseRetryAfter(headers({'retry-after': '2'}))).toBe(2000);
		expect(parseRetryAfter(headers({'retry-after': '0.5'}))).toBe(500);
		expect(parseRetryAfter(headers({'retry-after-ms': '250', 'retry-after': '9'}))).toBe(250);
		const now = Date.parse('2025-01-01T00:00:00Z');
		expect(parseRetryAfter(headers({'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT'}), now)).toBe(7000);
	});

	it('caps long waits and floors past dates at zero', () => {
		expect(parseRetryAfter(headers({'retry-after': '3600'}))).toBe(MAX_RETRY_AFTER_MS);
		const now = Date.parse('2025-01-01T00:00:10Z');
		expect(parseRetryAfter(headers({'retry-after': 'Wed, 01 Jan 2025 00:00:00 GMT'}), now)).toBe(0);
	});

	it('ignores absent or unreadable values', () => {
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter(headers({}))).toBeUndefined();
		expect(parseRetryAfter(headers({'retry-after': 'soon'}))).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	it('doubles from 500 ms with up to 25 % jitter', () => {
		expect([0, 1, 2].map(retry => backoffDelay(retry, () => 0))).toEqual([500, 1000, 2000]);
		expect([0, 1, 2].map(retry => backoffDelay(retry, () => 1))).toEqual([375, 750, 1500]);
	});

	it('stays bounded however many retries are configured', () => {
		expect(backoffDelay(20, () => 0)).toBe(8000);
	});
});
