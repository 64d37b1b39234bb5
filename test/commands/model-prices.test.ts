import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {openHistoryStore} from '../../source/store/history-store.js';
import {readSettingsFile} from '../../source/store/settings.js';
import {jsonLines, runCli} from '../helpers/cli.js';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';

/*
 * Prices through the built CLI (run `npm run build` first): the user's own,
 * OpenRouter's read from a loopback server posing as OpenRouter, and the cost
 * each answer gets in headless JSON and in the store.
 */

const directories = temporaryDirectories();
let home: string;
let server: Server | undefined;
let modelListings = 0;

beforeEach(() => {
	home = directories.make();
	modelListings = 0;
});
afterEach(async () => {
	if (server) {
		server.closeAllConnections();
		await new Promise(resolve => server!.close(resolve));
		server = undefined;
	}
	directories.cleanup();
});

const env = () => ({ARENA_HOME: home, NO_COLOR: '1', OR_TEST_KEY: 'sk-or-test-not-a-real-key'});
const arena = (args: string[]) => runCli(args, {env: env()});

/**
 * Poses as OpenRouter: `/models` quotes USD per token as strings, and every
 * answer reports 1000 input and 500 output tokens; `vendor/costly` also reports
 * `usage.cost`, as OpenRouter does.
 */
async function startFakeOpenRouter(): Promise<string> {
	server = createServer((request, response) => {
		if (request.method === 'GET' && request.url?.endsWith('/models')) {
			modelListings++;
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(
				JSON.stringify({
					data: [
						{id: 'vendor/cheap', pricing: {prompt: '0.000001', completion: '0.000004'}},
						{id: 'vendor/costly', pricing: {prompt: '0.00001', completion: '0.00003'}},
					],
				}),
			);
			return;
		}
		let body = '';
		request.on('data', chunk => (body += chunk));
		request.on('end', () => {
			const model = (JSON.parse(body) as {model: string}).model;
			const base = {id: 'gen-1', object: 'chat.completion.chunk', created: 0, model};
			const usage = {prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, ...(model === 'vendor/costly' ? {cost: 0.0123} : {})};
			const chunks = [
				{...base, choices: [{index: 0, delta: {role: 'assistant', content: 'Hello'}, finish_reason: null}]},
				{...base, choices: [{index: 0, delta: {content: ' there'}, finish_reason: null}]},
				{...base, choices: [{index: 0, delta: {}, finish_reason: 'stop'}]},
				{...base, choices: [], usage},
			];
			response.writeHead(200, {'content-type': 'text/event-stream'});
			response.end(`${chunks.map(chunk => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`);
		});
	});
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
}

describe('arena models price and prices', () => {
	test('a price you set is listed as yours with its date, and overrides the shipped table', async () => {
		const shipped = JSON.parse((await arena(['models', 'prices', '--json'])).stdout);
		expect(shipped.prices_as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(shipped.prices.find((row: {spec: string}) => row.spec === 'openai:gpt-4o-mini')).toMatchObject({source: 'shipped', updated_at: shipped.prices_as_of});

		const set = await arena(['models', 'price', 'openai:gpt-4o-mini', '--input', '0.2', '--output', '0.9']);
		expect(set.status).toBe(0);
		const listed = JSON.parse((await arena(['models', 'prices', '--json'])).stdout).prices.filter((row: {spec: string}) => row.spec === 'openai:gpt-4o-mini');
		expect(listed).toHaveLength(1);
		expect(listed[0]).toMatchObject({input_per_m: 0.2, output_per_m: 0.9, source: 'user'});
		expect(Date.parse(listed[0].updated_at)).toBeGreaterThan(Date.now() - 60_000);

		const table = await arena(['models', 'prices']);
		expect(table.stdout).toMatch(/openai:gpt-4o-mini +0\.2 +0\.9 +user/);
		expect(table.stdout).toContain('prices change');
	});

	test('a negative or missing price exits 2', async () => {
		const negative = await arena(['models', 'price', 'a:b', '--input', '-1', '--output', '2']);
		expect(negative.status).toBe(2);
		expect(negative.stderr).toContain('--input must be a price in USD per 1M tokens');
		expect((await arena(['models', 'price', 'a:b', '--input', '1'])).status).toBe(2);
	});
});

describe('OpenRouter pricing and the cost of each answer', () => {
	test('prices are read from OpenRouter /models and cached; usage.cost wins where reported; the store keeps both', async () => {
		const baseURL = await startFakeOpenRouter();
		expect((await arena(['providers', 'add', 'openrouter', '--base-url', baseURL, '--api-key-env', 'OR_TEST_KEY'])).status).toBe(0);

		const run = await arena(['run', '--json', '-m', 'openrouter:vendor/cheap', '-m', 'openrouter:vendor/costly', 'say hello']);
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		const [cheap, costly] = jsonLines(run.stdout);
		// 1000 × $1/1M + 500 × $4/1M
		expect(cheap).toMatchObject({spec: 'openrouter:vendor/cheap', cost_source: 'price', cost_estimated: false});
		expect(cheap.cost_usd).toBeCloseTo(0.003, 12);
		expect(costly).toMatchObject({cost_usd: 0.0123, cost_source: 'server'});
		expect(modelListings).toBe(1);

		const cached = readSettingsFile(path.join(home, 'settings.json')).prices!;
		expect(cached['openrouter:vendor/cheap']).toMatchObject({input_per_m: 1, output_per_m: 4, source: 'openrouter'});
		expect(cached['openrouter:vendor/costly']).toMatchObject({input_per_m: 10, output_per_m: 30, source: 'openrouter'});

		const store = openHistoryStore(path.join(home, 'arena.db'));
		try {
			const [latest] = store.listRuns();
			const answers = store.getRun(latest!.id)!.answers;
			expect(answers.map(answer => [answer.spec, answer.cost_source, answer.price_output_per_m])).toEqual([
				['openrouter:vendor/cheap', 'price', 4],
				['openrouter:vendor/costly', 'server', 30],
			]);
			expect(answers[0]!.cost_usd).toBeCloseTo(0.003, 12);
			expect(answers[1]!.cost_usd).toBe(0.0123);
		} finally {
			store.close();
		}

		// A fresh cache is used as is; a price the user sets wins over it.
		await arena(['models', 'price', 'openrouter:vendor/cheap', '--input', '2', '--output', '8']);
		const again = jsonLines((await arena(['run', '--json', '-m', 'openrouter:vendor/cheap', 'say hello'])).stdout)[0];
		// 1000 × $2/1M + 500 × $8/1M
		expect(again.cost_usd).toBeCloseTo(0.006, 12);
		expect(modelListings).toBe(1);
	});

	test('the leaderboard gets $/answer, value and rating per $ columns', async () => {
		const baseURL = await startFakeOpenRouter();
		await arena(['providers', 'add', 'openrouter', '--base-url', baseURL, '--api-key-env', 'OR_TEST_KEY']);
		await arena(['run', '--json', '-m', 'openrouter:vendor/cheap', '-m', 'openrouter:vendor/costly', 'say hello']);
		const store = openHistoryStore(path.join(home, 'arena.db'));
		try {
			const [latest] = store.listRuns();
			const [cheap, costly] = store.getRun(latest!.id)!.answers;
			store.setScore(cheap!.id, 6, null);
			store.setScore(costly!.id, 9, null);
			store.recordVote({run_id: latest!.id, answer_a_id: cheap!.id, answer_b_id: costly!.id, model_a: cheap!.spec, model_b: costly!.spec, winner: 'model_b', blind: true});
		} finally {
			store.close();
		}
		const board = JSON.parse((await arena(['leaderboard', '--json'])).stdout);
		const rows = Array.isArray(board) ? board : board.rows;
		const row = (spec: string) => rows.find((candidate: {model: string}) => candidate.model === spec);
		expect(row('openrouter:vendor/cheap').median_cost_usd).toBeCloseTo(0.003, 12);
		// value = mean score ÷ output $/1M: 6 ÷ 4 and 9 ÷ 30
		expect(row('openrouter:vendor/cheap').value).toBeCloseTo(1.5, 12);
		expect(row('openrouter:vendor/costly').value).toBeCloseTo(0.3, 12);
		// rating per $ = (rating − lowest rating + 1) ÷ median $/answer
		const low = Math.min(row('openrouter:vendor/cheap').rating, row('openrouter:vendor/costly').rating);
		expect(row('openrouter:vendor/costly').rating_per_usd).toBeCloseTo((row('openrouter:vendor/costly').rating - low + 1) / 0.0123, 6);
		expect(row('openrouter:vendor/cheap').rating_per_usd).toBeCloseTo(1 / 0.003, 6);

		const table = (await arena(['leaderboard', '--format', 'table'])).stdout;
		expect(table).toContain('$/answer');
		expect(table).toContain('rating/$');
	});
});
