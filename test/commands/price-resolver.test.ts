import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {resolvePrices} from '../../source/commands/price-resolver.js';
import {ConfigError} from '../../source/core/errors.js';
import {isOpenRouter} from '../../source/providers/openrouter-prices.js';
import {openSettings} from '../../source/store/settings.js';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';

const directories = temporaryDirectories();
let home: string;
let server: Server | undefined;
let status = 200;
let listings = 0;

beforeEach(() => {
	home = directories.make();
	status = 200;
	listings = 0;
});
afterEach(async () => {
	if (server) {
		server.closeAllConnections();
		await new Promise(resolve => server!.close(resolve));
		server = undefined;
	}
	directories.cleanup();
});

async function startModels(): Promise<string> {
	server = createServer((_request, response) => {
		listings++;
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(status === 200 ? JSON.stringify({data: [{id: 'openai/gpt-4o-mini', pricing: {prompt: '0.0000002', completion: '0.0000008'}}]}) : '{"error":{"message":"down"}}');
	});
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/v1`;
}

test('OpenRouter is recognised by its provider name or its host', () => {
	expect(isOpenRouter({name: 'openrouter', baseURL: 'http://127.0.0.1:9/v1'})).toBe(true);
	expect(isOpenRouter({name: 'or', baseURL: 'https://openrouter.ai/api/v1'})).toBe(true);
	expect(isOpenRouter({name: 'or', baseURL: 'https://api.openai.com/v1'})).toBe(false);
});

test('a stale OpenRouter price is refreshed; an unreachable OpenRouter falls back to the cache with a warning', async () => {
	const settings = openSettings({ARENA_HOME: home});
	await settings.addProvider('openrouter', {baseURL: await startModels()});
	const spec = 'openrouter:openai/gpt-4o-mini';

	const first = await resolvePrices([spec], settings);
	expect(first.get(spec)).toMatchObject({source: 'openrouter', input_per_m: 0.2, output_per_m: 0.8});
	expect(listings).toBe(1);

	// A day later the cache is stale; OpenRouter is down, so the cached figure stands.
	status = 503;
	const warnings: string[] = [];
	const later = () => new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
	const second = await resolvePrices([spec], settings, {now: later, onWarning: message => warnings.push(message)});
	expect(listings).toBe(2);
	expect(second.get(spec)).toMatchObject({source: 'openrouter', output_per_m: 0.8});
	expect(warnings.join('\n')).toContain('HTTP 503');

	// With nothing cached at all, the shipped table answers.
	const other = openSettings({ARENA_HOME: directories.make()});
	await other.addProvider('openrouter', {baseURL: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/v1`});
	expect((await resolvePrices([spec], other)).get(spec)).toMatchObject({source: 'shipped', matched: 'openai:gpt-4o-mini'});
});

test("an OpenRouter refresh never replaces the user's own price", async () => {
	const settings = openSettings({ARENA_HOME: home});
	await settings.addProvider('openrouter', {baseURL: await startModels()});
	const spec = 'openrouter:openai/gpt-4o-mini';
	await settings.setUserPrice(spec, {input_per_m: 0.01, output_per_m: 0.02});
	await settings.cacheOpenRouterPrices({[spec]: {input_per_m: 5, output_per_m: 5}});
	expect((await resolvePrices([spec], settings)).get(spec)).toMatchObject({source: 'user', output_per_m: 0.02});
	// The user's price is final: OpenRouter is not even asked.
	expect(listings).toBe(0);
});

test('a broken prices section in settings.json is a clear configuration error', () => {
	writeFileSync(path.join(home, 'settings.json'), JSON.stringify({providers: {}, prices: {'a:b': {input_per_m: -1, output_per_m: 1, source: 'user', updated_at: 'x'}}}));
	expect(() => openSettings({ARENA_HOME: home}).prices()).toThrow(ConfigError);
	expect(() => openSettings({ARENA_HOME: home}).prices()).toThrow(/prices\.a:b\.input_per_m/);
});
