import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {listModels} from '../../../source/providers/models-endpoint.js';
import type {ProviderEndpoint} from '../../../source/providers/types.js';
import {openSettings, type SettingsStore} from '../../../source/store/settings.js';
import {type CatalogEntry, filterCatalog, loadCatalog} from '../../../source/ui/workspace/model-catalog.js';
import {startScriptedServer, type ScriptedServer} from '../../helpers/sse-server.js';

let arenaHome: string;
let settings: SettingsStore;
const servers: {close(): Promise<void>}[] = [];

beforeEach(() => {
	arenaHome = mkdtempSync(path.join(tmpdir(), 'arena-catalog-'));
	settings = openSettings({ARENA_HOME: arenaHome});
});
afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
	rmSync(arenaHome, {recursive: true, force: true});
});

async function modelsServer(models: string[]): Promise<ScriptedServer> {
	const server = await startScriptedServer([], {models});
	servers.push(server);
	return server;
}

/** A server that refuses every request with 401, as a provider does for a wrong key. */
async function unauthorisedServer(): Promise<string> {
	const server: Server = createServer((request, response) => {
		request.resume();
		response.writeHead(401, {'content-type': 'application/json'});
		response.end(JSON.stringify({error: {message: 'Incorrect API key provided', type: 'invalid_request_error'}}));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	servers.push({
		close: () =>
			new Promise<void>(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	});
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const SECRET = 'sk-test-secret-never-shown-1234';
const listWithEnv = (env: NodeJS.ProcessEnv) => (endpoint: ProviderEndpoint) => listModels(endpoint, {env, timeoutMs: 5000});

describe('loadCatalog', () => {
	it('lists every provider, keeps each failure as one line, and adds aliases, chains and the demo models in order', async () => {
		const local = await modelsServer(['llama3.2:3b', 'qwen2.5:7b']);
		const broken = await unauthorisedServer();
		await settings.addProvider('ollama', {baseURL: local.baseURL});
		await settings.addProvider('openrouter', {baseURL: broken, apiKeyEnv: 'OPENROUTER_TEST_KEY'});
		await settings.addProvider('groq', {baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'GROQ_TEST_KEY_UNSET'});
		await settings.saveAlias('fast', 'ollama:llama3.2:3b');
		await settings.saveChain('cheap', ['fast', 'ollama:qwen2.5:7b']);

		const catalog = await loadCatalog({settings, listModels: listWithEnv({OPENROUTER_TEST_KEY: SECRET})});

		expect(catalog.entries.map(entry => [entry.kind, entry.spec, entry.label])).toEqual([
			['chain', 'chain:cheap', 'chain:cheap (fast → ollama:qwen2.5:7b)'],
			['alias', 'fast', 'fast → ollama:llama3.2:3b'],
			['demo', 'demo:steady', 'demo:steady (simulated)'],
			['demo', 'demo:swift', 'demo:swift (simulated)'],
			['demo', 'demo:thinker', 'demo:thinker (simulated)'],
			['model', 'ollama:llama3.2:3b', 'ollama:llama3.2:3b'],
			['model', 'ollama:qwen2.5:7b', 'ollama:qwen2.5:7b'],
		]);
		expect(catalog.entries.find(entry => entry.spec === 'fast')?.provider).toBe('ollama');
		expect(catalog.errors.map(error => error.provider).sort()).toEqual(['groq', 'openrouter']);
		const openrouterError = catalog.errors.find(error => error.provider === 'openrouter')!.message;
		expect(openrouterError).toMatch(/401/);
		expect(openrouterError).toContain('Incorrect API key provided');
		expect(catalog.errors.find(error => error.provider === 'groq')!.message).toContain('GROQ_TEST_KEY_UNSET is not set');
		for (const error of catalog.errors) expect(error.message).not.toContain('\n');
		expect(JSON.stringify(catalog)).not.toContain(SECRET);
	});

	it('asks the providers at once rather than one after another', async () => {
		await settings.addProvider('a', {baseURL: 'http://127.0.0.1:1/v1'});
		await settings.addProvider('b', {baseURL: 'http://127.0.0.1:2/v1'});
		const asked: string[] = [];
		const pending: (() => void)[] = [];
		const loading = loadCatalog({
			settings,
			listModels: endpoint => {
				asked.push(endpoint.name);
				return new Promise(resolve => pending.push(() => resolve({ok: true, models: [`${endpoint.name}-model`]})));
			},
		});
		// Both requests are out before either has answered.
		await expect.poll(() => asked.sort()).toEqual(['a', 'b']);
		for (const answer of pending) answer();
		const catalog = await loading;
		expect(catalog.entries.filter(entry => entry.kind === 'model').map(entry => entry.spec)).toEqual(['a:a-model', 'b:b-model']);
	});

	it('turns a listing that throws into an error line instead of failing', async () => {
		await settings.addProvider('flaky', {baseURL: 'http://127.0.0.1:1/v1'});
		const catalog = await loadCatalog({
			settings,
			listModels: async () => {
				throw new Error('socket hang up\nat somewhere');
			},
		});
		expect(catalog.errors).toEqual([{provider: 'flaky', message: 'socket hang up at somewhere'}]);
		expect(catalog.entries.map(entry => entry.spec)).toEqual(['demo:steady', 'demo:swift', 'demo:thinker']);
	});

	it('strips terminal controls from model ids a server sends', async () => {
		const server = await modelsServer(['evil\u001B]0;pwned\u0007model']);
		await settings.addProvider('x', {baseURL: server.baseURL});
		const catalog = await loadCatalog({settings, listModels: listWithEnv({})});
		const row = catalog.entries.find(entry => entry.kind === 'model')!;
		expect(row.label).toBe('x:evilmodel');
		expect(row.label).not.toContain('\u001B');
	});

	it('attaches known prices, the user’s own first', async () => {
		const server = await modelsServer(['my-model']);
		await settings.addProvider('acme', {baseURL: server.baseURL});
		await settings.setUserPrice('acme:my-model', {input_per_m: 1.5, output_per_m: 6});
		const catalog = await loadCatalog({settings, listModels: listWithEnv({})});
		expect(catalog.entries.find(entry => entry.spec === 'acme:my-model')?.price).toEqual({input_per_m: 1.5, output_per_m: 6});
		expect(catalog.entries.find(entry => entry.spec === 'demo:swift')?.price).toBeNull();
	});

	it('does not offer the simulated models when a provider is named "demo"', async () => {
		const server = await modelsServer(['real-one']);
		await settings.addProvider('demo', {baseURL: server.baseURL});
		const catalog = await loadCatalog({settings, listModels: listWithEnv({})});
		expect(catalog.entries.map(entry => entry.spec)).toEqual(['demo:real-one']);
		expect(catalog.entries[0]!.kind).toBe('model');
	});
});

describe('filterCatalog', () => {
	const entry = (spec: string, label = spec): CatalogEntry => ({spec, kind: 'model', provider: spec.split(':')[0]!, label});
	const entries = [
		entry('ollama:llama3.2:3b'),
		entry('openrouter:meta-llama/llama-3.3-70b'),
		entry('openrouter:deepseek/deepseek-r1'),
		{spec: 'fast', kind: 'alias', provider: 'groq', label: 'fast → groq:llama-3.1-8b'} satisfies CatalogEntry,
	];

	it('keeps everything for an empty or blank query', () => {
		expect(filterCatalog(entries, '')).toEqual(entries);
		expect(filterCatalog(entries, '   ')).toEqual(entries);
	});

	it('needs every word, in any order, ignoring case', () => {
		expect(filterCatalog(entries, 'LLAMA router').map(found => found.spec)).toEqual(['openrouter:meta-llama/llama-3.3-70b']);
		expect(filterCatalog(entries, '70b llama').map(found => found.spec)).toEqual(['openrouter:meta-llama/llama-3.3-70b']);
		expect(filterCatalog(entries, 'llama').map(found => found.spec)).toEqual([
			'ollama:llama3.2:3b',
			'openrouter:meta-llama/llama-3.3-70b',
			'fast',
		]);
		expect(filterCatalog(entries, 'llama nothing-like-this')).toEqual([]);
	});

	it('matches an alias by its target as shown in the label', () => {
		expect(filterCatalog(entries, 'groq').map(found => found.spec)).toEqual(['fast']);
	});
});
