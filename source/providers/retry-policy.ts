/**
 * When to retry a failed request (before the first token only) and how long
 * to wait. Pure functions; the streaming code owns the loop and the sleep.
 */

export const DEFAULT_MAX_RETRIES = 2;
/** A server asking us to come back in an hour should not freeze a comparison run. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8000;

interface HeaderSource {
	get(name: string): string | null;
}

/** 408 timeout, 409 lock conflict, 429 rate limit and 5xx are worth another try. */
export function isRetryableStatus(status: number): boolean {
	return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Like the OpenAI SDK: an explicit `x-should-retry` header from the server wins. */
export function shouldRetryResponse(status: number, headers?: HeaderSource): boolean {
	const explicit = headers?.get('x-should-retry');
	if (explicit === 'true') return true;
	if (explicit === 'false') return false;
	return isRetryableStatus(status);
}

/**
 * Milliseconds the server asked us to wait, from `retry-after-ms`, or
 * `Retry-After` as seconds or an HTTP-date. Capped; undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(headers: HeaderSource | undefined, nowMs: number = Date.now()): number | undefined {
	if (!headers) return undefined;
	const milliseconds = headers.get('retry-after-ms');
	if (milliseconds !== null && milliseconds.trim() !== '') {
		const value = Number(milliseconds);
		if (Number.isFinite(value) && value >= 0) return clampDelay(value);
	}

	const header = headers.get('retry-after')?.trim();
	if (!header) return undefined;
	if (/^\d+(\.\d+)?$/.test(header)) return clampDelay(Number(header) * 1000);
	const date = Date.parse(header);
	if (Number.isNaN(date)) return undefined;
	return clampDelay(date - nowMs);
}

/**
 * Exponential backoff for retry number `retryIndex` (0 for the first retry):
 * 500 ms, 1 s, 2 s… with up to 25 % jitter taken off so parallel streams that
 * failed together do not come back in lockstep.
 */
export function backoffDelay(retryIndex: number, random: () => number = Math.random): number {
	const base = Math.min(BASE_BACKOFF_MS * 2 ** retryIndex, MAX_BACKOFF_MS);
	return Math.round(base * (1 - 0.25 * random()));
}

function clampDelay(milliseconds: number): number {
	return Math.round(Math.min(Math.max(milliseconds, 0), MAX_RETRY_AFTER_MS));
}
