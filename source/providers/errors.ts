/**
 * Turning whatever a server or the network throws at us into one short line a
 * user can act on. Everything here is pure so each body shape can be tested
 * without a server.
 */
import {STATUS_CODES} from 'node:http';

/** Messages end up in a pane's status line and in JSON output; keep them short. */
export const MAX_MESSAGE_LENGTH = 300;

const ELLIPSIS = '…';

/** What a server said went wrong, pulled out of whichever JSON shape it used. */
export interface ErrorPayloadSummary {
	message?: string;
	code?: string | number;
}

/**
 * Collapses whitespace (servers love multi-line messages), removes any secret
 * that might have been echoed back (some gateways quote the bad key), and caps
 * the length.
 */
export function toOneLine(text: string, secrets: readonly string[] = []): string {
	let line = scrubSecrets(text, secrets).replace(/\s+/g, ' ').trim();
	if (line.length > MAX_MESSAGE_LENGTH) {
		line = line.slice(0, MAX_MESSAGE_LENGTH - ELLIPSIS.length).trimEnd() + ELLIPSIS;
	}
	return line;
}

export function scrubSecrets(text: string, secrets: readonly string[]): string {
	let scrubbed = text;
	for (const secret of secrets) {
		// Very short values would redact ordinary words; a real key is never that short.
		if (secret.length < 4) continue;
		scrubbed = scrubbed.split(secret).join('***');
	}
	return scrubbed;
}

export function looksLikeHtml(body: string): boolean {
	return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<title|<h1|<center)/i.test(body);
}

/** Reason phrase for a status ("Bad Gateway"), from the server if it sent one. */
export function reasonPhrase(status: number, statusText?: string): string | undefined {
	const fromServer = statusText?.trim();
	if (fromServer) return fromServer;
	return STATUS_CODES[status];
}

/**
 * Finds the human message in any of the error shapes seen in the wild:
 * `{"error":{"message","code"}}` (OpenAI and most others), `{"error":"text"}`,
 * Gemini's `[{"error":{…}}]`, `{"message"}`, FastAPI's `{"detail"}` (a string
 * or a list of `{msg}`), and OpenRouter's `metadata.raw` with the upstream text.
 */
export function summarizeErrorPayload(payload: unknown, depth = 0): ErrorPayloadSummary {
	if (depth > 4 || payload === null || payload === undefined) return {};
	if (typeof payload === 'string') {
		return payload.trim() ? {message: payload} : {};
	}
	if (Array.isArray(payload)) {
		for (const item of payload) {
			const summary = summarizeErrorPayload(item, depth + 1);
			if (summary.message) return summary;
		}
		return {};
	}
	if (typeof payload !== 'object') return {message: String(payload)};

	const record = payload as Record<string, unknown>;
	const code = pickCode(record);

	if ('error' in record && record.error !== null && record.error !== undefined && record.error !== false) {
		const inner = summarizeErrorPayload(record.error, depth + 1);
		if (inner.message) return {message: inner.message, code: inner.code ?? code};
	}

	let message = firstString(record.message, record.msg, record.error_message, record.error_description);
	if (!message && record.detail !== undefined) {
		message = detailMessage(record.detail, depth);
	}
	if (!message) return code === undefined ? {} : {code};

	const upstream = upstreamMessage(record.metadata, depth);
	if (upstream && !message.includes(upstream)) message = `${message}: ${upstream}`;
	return code === undefined ? {message} : {message, code};
}

/** "HTTP 401: Incorrect API key provided" from a status and the raw response body. */
export function describeHttpError(status: number, body: string, statusText?: string): string {
	const prefix = `HTTP ${status}`;
	const reason = reasonPhrase(status, statusText);
	const trimmed = body.trim();
	if (!trimmed) return reason ? `${prefix}: ${reason}` : prefix;
	if (looksLikeHtml(trimmed)) {
		return `${prefix}: ${reason ?? 'error'} (HTML error page from the server or a gateway)`;
	}

	const parsed = parseJson(trimmed);
	if (parsed.ok) {
		const {message} = summarizeErrorPayload(parsed.value);
		if (message) return `${prefix}: ${message}`;
		// JSON we do not understand: a compact rendering still tells the user more than nothing.
		return `${prefix}: ${reason ? `${reason} ` : ''}${JSON.stringify(parsed.value)}`;
	}
	return `${prefix}: ${trimmed}`;
}

/**
 * An error sent inside the stream (status 200 already sent), e.g. OpenAI's
 * `{"error":{…}}`, OpenRouter's chunk with a top-level `error`, vLLM's payload.
 * `status` is set when the payload carries an HTTP-like code (OpenRouter does).
 */
export function describeStreamErrorPayload(
	payload: unknown,
	options: {afterTokens: boolean},
): {message: string; status?: number} {
	const {message, code} = summarizeErrorPayload(payload);
	const where = options.afterTokens ? 'server error mid-stream' : 'server error';
	const text = message ?? 'the server sent an error without a message';
	const codeText = code !== undefined && !text.includes(String(code)) ? ` (code ${code})` : '';
	const status = httpStatusFrom(code) ?? httpStatusFrom(statusField(payload));
	const described = `${where}: ${text}${codeText}`;
	return status === undefined ? {message: described} : {message: described, status};
}

/**
 * The most specific reason in an error's `cause` chain: undici wraps the real
 * socket error ("other side closed", "connect ECONNREFUSED 127.0.0.1:9") in a
 * bland "fetch failed"/"terminated" TypeError.
 */
export function describeNetworkCause(error: unknown): string {
	const chain: Array<{message: string; code?: string}> = [];
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current !== null && current !== undefined; depth++) {
		if (typeof current === 'object') {
			const record = current as {message?: unknown; code?: unknown; cause?: unknown};
			const message = typeof record.message === 'string' ? record.message : '';
			const code = typeof record.code === 'string' ? record.code : undefined;
			chain.push(code === undefined ? {message} : {message, code});
			current = record.cause;
		} else {
			chain.push({message: String(current)});
			break;
		}
	}

	const bland = /^(fetch failed|terminated|connection error\.?|network error)$/i;
	const specific = [...chain].reverse().find(link => link.message && !bland.test(link.message));
	if (specific) {
		return specific.code && !specific.message.includes(specific.code)
			? `${specific.message} (${specific.code})`
			: specific.message;
	}
	const withCode = chain.find(link => link.code);
	if (withCode?.code) return withCode.code;
	return chain.find(link => link.message)?.message ?? 'unknown network error';
}

/** "0.3 s", "60 s": idle timeouts are configured in seconds on the command line. */
export function formatSeconds(milliseconds: number): string {
	const seconds = milliseconds / 1000;
	const rounded = Number.isInteger(seconds) ? String(seconds) : String(Number(seconds.toFixed(3)));
	return `${rounded} s`;
}

function parseJson(text: string): {ok: true; value: unknown} | {ok: false} {
	if (!/^[[{"]/.test(text)) return {ok: false};
	try {
		return {ok: true, value: JSON.parse(text)};
	} catch {
		return {ok: false};
	}
}

function firstString(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim()) return value;
	}
	return undefined;
}

function pickCode(record: Record<string, unknown>): string | number | undefined {
	for (const value of [record.code, record.type]) {
		if (typeof value === 'number' || (typeof value === 'string' && value)) return value;
	}
	return undefined;
}

function detailMessage(detail: unknown, depth: number): string | undefined {
	if (typeof detail === 'string') return detail.trim() ? detail : undefined;
	if (Array.isArray(detail)) {
		const parts = detail
			.map(item => {
				if (typeof item === 'string') return item;
				if (item && typeof item === 'object') {
					return firstString((item as Record<string, unknown>).msg, (item as Record<string, unknown>).message);
				}
				return undefined;
			})
			.filter((part): part is string => Boolean(part));
		return parts.length > 0 ? parts.join('; ') : undefined;
	}
	return summarizeErrorPayload(detail, depth + 1).message;
}

/** OpenRouter hides the upstream provider's own message in `metadata.raw`, often as JSON text. */
function upstreamMessage(metadata: unknown, depth: number): string | undefined {
	if (!metadata || typeof metadata !== 'object') return undefined;
	const raw = (metadata as Record<string, unknown>).raw;
	if (typeof raw === 'string' && raw.trim()) {
		const parsed = parseJson(raw.trim());
		if (parsed.ok) return summarizeErrorPayload(parsed.value, depth + 1).message;
		return looksLikeHtml(raw) ? undefined : raw;
	}
	if (raw && typeof raw === 'object') return summarizeErrorPayload(raw, depth + 1).message;
	return undefined;
}

function statusField(payload: unknown): unknown {
	if (!payload || typeof payload !== 'object') return undefined;
	const record = payload as Record<string, unknown>;
	return record.status ?? record.status_code;
}

function httpStatusFrom(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) && number >= 400 && number <= 599 ? number : undefined;
}
