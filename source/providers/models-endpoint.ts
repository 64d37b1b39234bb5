/**
 * `GET {baseURL}/models` on any OpenAI-compatible server, as a list of ids or
 * one line saying why not. Used by `arena models`, `arena doctor` and the
 * first-run scan. Plain fetch: the SDK would retry, and a listing should fail fast.
 */
import {resolveApiKey} from './api-key.js';
import {describeHttpError, describeNetworkCause, toOneLine} from './errors.js';
import type {ProviderEndpoint} from './types.js';

export const DEFAULT_MODELS_TIMEOUT_MS = 10_000;

export type ModelListing =
	| {ok: true; models: string[]; elapsedMs: number}
	/** `reachable`: the server answered (with an error status or a body we cannot use). */
	| {ok: false; error: string; reachable: boolean; status?: number};

export interface ListModelsOptions {
	timeoutMs?: number;
	env?: NodeJS.ProcessEnv;
	signal?: AbortSignal;
	/** Send no key at all (probing a port that may belong to anything). */
	anonymous?: boolean;
}

export async function listModels(endpoint: ProviderEndpoint, options: ListModelsOptions = {}): Promise<ModelListing> {
	const timeoutMs = options.timeoutMs ?? DEFAULT_MODELS_TIMEOUT_MS;
	const headers: Record<string, string> = {accept: 'application/json'};
	const secrets: string[] = [];
	if (!options.anonymous) {
		try {
			const key = resolveApiKey(endpoint, options.env ?? process.env);
			if (key.source === 'missing') {
				return {ok: false, reachable: false, error: `environment variable ${key.variable} is not set`};
			}
			if (key.source === 'environment' || key.source === 'stored') {
				headers['authorization'] = `Bearer ${key.key}`;
				secrets.push(key.key);
			}
		} catch (error) {
			return {ok: false, reachable: false, error: toOneLine((error as Error).message)};
		}
	}

	const url = `${endpoint.baseURL.replace(/\/+$/, '')}/models`;
	const timeout = AbortSignal.timeout(timeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	const startedAt = performance.now();
	let response: Response;
	try {
		response = await fetch(url, {headers, signal});
	} catch (error) {
		if (timeout.aborted) return {ok: false, reachable: false, error: `no answer from ${url} within ${timeoutMs / 1000} s`};
		return {ok: false, reachable: false, error: toOneLine(`cannot reach ${url} (${describeNetworkCause(error)})`, secrets)};
	}
	let body: string;
	try {
		body = await response.text();
	} catch (error) {
		return {ok: false, reachable: true, error: toOneLine(`${url}: connection lost (${describeNetworkCause(error)})`, secrets)};
	}
	const elapsedMs = performance.now() - startedAt;
	if (!response.ok) {
		return {
			ok: false,
			reachable: true,
			status: response.status,
			error: toOneLine(describeHttpError(response.status, body, response.statusText), secrets),
		};
	}
	const models = modelIds(body);
	if (models === undefined) {
		return {ok: false, reachable: true, error: `${url} did not answer with a model list; check the base URL (most end in /v1)`};
	}
	return {ok: true, models, elapsedMs};
}

/** The ids in `{"data":[{"id"}]}` (OpenAI) or `{"models":[{"id"|"name"}]}` (some local servers). */
export function modelIds(body: string): string[] | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return undefined;
	}
	const record = parsed as {data?: unknown; models?: unknown} | null;
	const list = Array.isArray(parsed) ? parsed : Array.isArray(record?.data) ? record.data : Array.isArray(record?.models) ? record.models : undefined;
	if (!list) return undefined;
	const ids: string[] = [];
	for (const item of list) {
		if (typeof item === 'string') ids.push(item);
		else if (item && typeof item === 'object') {
			const id = (item as {id?: unknown; name?: unknown}).id ?? (item as {name?: unknown}).name;
			if (typeof id === 'string' && id !== '') ids.push(id);
		}
	}
	return [...new Set(ids)].sort((left, right) => left.localeCompare(right));
}
