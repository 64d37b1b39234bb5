import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {jsonLines, runCli} from '../helpers/cli.js';
import {startScriptedServer, streamScript} from '../helpers/sse-server.js';

let home: string;
let env: Record<string, string>;
beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'arena-cli-'));
	env = {ARENA_HOME: home, ARENA_DEMO_SPEED: '20'};
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

describe('arena CLI', () => {
	it('prints help with the commands and exits 0', async () => {
		const result = await runCli(['--help'], {env});
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/Usage: arena/);
		expect(result.stdout).toMatch(/run \[options\] \[prompt\]/);
		expect(result.stdout).toMatch(/providers/);
	});

	it('exits 2 with a one-line error on an unknown option', async () => {
		const result = await runCli(['run', '--frobnicate'], {env});
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/unknown option '--frobnicate'/);
	});

	it('runs the demo models headless when nothing is configured, one JSON object per model', async () => {
		const result = await runCli(['run', 'flatten a nested list in Python', '--json'], {env});
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const lines = jsonLines(result.stdout);
		expect(lines.map(line => `${line.provider}:${line.model}`)).toEqual(['demo:swift', 'demo:steady', 'demo:thinker']);
		for (const line of lines) {
			expect(Object.keys(line)).toEqual(
				expect.arrayContaining([
					'model', 'provider', 'text', 'reasoning', 'ttft_ms', 'first_content_ms', 'total_ms', 'output_tokens',
					'tokens_estimated', 'tokens_per_s', 'itl_p50_ms', 'itl_p99_ms', 'finish_reason', 'error',
				]),
			);
			expect(line.error).toBeNull();
			expect(line.finish_reason).toBe('stop');
			expect(line.text).toMatch(/```/);
			expect(line.ttft_ms).toBeGreaterThan(0);
			expect(line.total_ms).toBeGreaterThanOrEqual(line.ttft_ms);
			expect(line.output_tokens).toBeGreaterThan(10);
			expect(line.tokens_estimated).toBe(false);
			expect(line.tokens_per_s).toBeGreaterThan(0);
			expect(line.simulated).toBe(true);
		}
		const thinker = lines[2];
		expect(thinker.reasoning.length).toBeGreaterThan(0);
		expect(thinker.first_content_ms).toBeGreaterThan(thinker.ttft_ms);
	});

	it('reads the prompt from piped stdin', async () => {
		const result = await runCli(['run', '-m', 'demo:swift', '--json'], {env, input: 'Dijkstra in TypeScript\n'});
		expect(result.status).toBe(0);
		expect(jsonLines(result.stdout)).toHaveLength(1);
	});

	it.each([
		[['run', 'hi', '-m', 'nope:model', '--json'], /unknown provider "nope".*arena providers add nope --base-url URL/],
		[['run', '-m', 'demo:swift', '--json'], /empty prompt/],
		[['run', 'hi', '-m', 'gpt-4o', '--json'], /PROVIDER:MODEL/],
		[['run', 'hi', '-m', 'demo:nonexistent', '--json'], /unknown demo model.*demo:swift/],
		[['run', 'hi', '-m', 'demo:swift', '--max-tokens', 'lots', '--json'], /--max-tokens must be a positive whole number/],
		[['run', 'hi', '-m', 'demo:swift', '--temperature', '7', '--json'], /--temperature must be between 0 and 2/],
		[['run', 'hi', '-m', 'demo:swift', '--idle-timeout', '0', '--json'], /--idle-timeout must be a positive number/],
	])('exits 2 with one clear line for bad usage: %j', async (args, message) => {
		const result = await runCli(args, {env});
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(message);
	});

	it('asks for -m when providers are configured but no model is named', async () => {
		await runCli(['providers', 'add', 'local', '--base-url', 'http://127.0.0.1:9/v1'], {env});
		const result = await runCli(['run', 'hi', '--json'], {env});
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/no models: pass -m PROVIDER:MODEL.*configured providers: local/);
	});

	it('manages providers without ever storing or printing a key', async () => {
		const secret = 'sk-test-SECRET-value-123';
		const added = await runCli(['providers', 'add', 'or', '--base-url', 'https://openrouter.ai/api/v1', '--api-key-env', 'OR_KEY'], {
			env: {...env, OR_KEY: secret},
		});
		expect(added.status).toBe(0);
		expect(added.stdout).toMatch(/added provider or: https:\/\/openrouter.ai\/api\/v1 \(key from \$OR_KEY\)/);
		const listed = await runCli(['providers', 'list', '--json'], {env: {...env, OR_KEY: secret}});
		expect(JSON.parse(listed.stdout)).toEqual([
			{name: 'or', base_url: 'https://openrouter.ai/api/v1', api_key_env: 'OR_KEY', api_key_set: true, stored_key: null},
		]);
		const table = await runCli(['providers', 'list'], {env});
		expect(table.stdout).toMatch(/or\s+https:\/\/openrouter.ai\/api\/v1\s+\$OR_KEY \(not set\)/);
		for (const output of [added, listed, table]) expect(output.stdout + output.stderr).not.toContain(secret);
		const removed = await runCli(['providers', 'remove', 'or'], {env});
		expect(removed.status).toBe(0);
		const again = await runCli(['providers', 'remove', 'or'], {env});
		expect(again.status).toBe(2);
		expect(again.stderr).toMatch(/no provider named "or"/);
	});

	it('rejects a bad base URL with exit 2', async () => {
		const result = await runCli(['providers', 'add', 'x', '--base-url', 'localhost:8080'], {env});
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/must start with http:\/\/ or https:\/\//);
	});

	it('refuses to start the interactive arena without a terminal', async () => {
		const result = await runCli([], {env});
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/needs a terminal.*arena run PROMPT/);
	});

	it('exits 1 when a model fails, still printing every model, with raw text kept in JSON', async () => {
		const secret = 'sk-live-DO-NOT-PRINT-42';
		const server = await startScriptedServer(request =>
			request.model === 'broken'
				? [{status: 500, body: {error: {message: 'upstream exploded'}}}]
				: streamScript(['\u001b]52;c;ZXZpbA==\u0007clip', ' ok'], {usage: {completion_tokens: 2}}),
		);
		try {
			await runCli(['providers', 'add', 'local', '--base-url', server.baseURL, '--api-key-env', 'LOCAL_KEY'], {env});
			const result = await runCli(['run', 'hi', '-m', 'local:fine', '-m', 'local:broken', '--json', '--retries', '0'], {
				env: {...env, LOCAL_KEY: secret},
			});
			expect(result.status).toBe(1);
			const [fine, broken] = jsonLines(result.stdout);
			expect(fine).toMatchObject({model: 'fine', error: null, text: '\u001b]52;c;ZXZpbA==\u0007clip ok'});
			expect(broken).toMatchObject({model: 'broken', text: '', error: {status: 500, message: expect.stringMatching(/upstream exploded/)}});
			expect(server.requests[0]!.headers['authorization']).toBe(`Bearer ${secret}`);
			expect(server.requests[0]!.body).toMatchObject({stream: true, stream_options: {include_usage: true}});
			expect(result.stdout + result.stderr).not.toContain(secret);
		} finally {
			await server.close();
		}
	});

	it('keeps a headless run in the history, and keeps nothing with --no-save', async () => {
		expect((await runCli(['run', 'one', '-m', 'demo:swift', '--json', '--no-save'], {env})).status).toBe(0);
		expect(JSON.parse((await runCli(['history', '--json'], {env})).stdout)).toHaveLength(0);
		const run = await runCli(['run', 'two', '-m', 'demo:swift', '-m', 'demo:thinker', '--json'], {env});
		expect(jsonLines(run.stdout)).toHaveLength(2);
		const history = JSON.parse((await runCli(['history', '--json'], {env})).stdout);
		expect(history).toHaveLength(1);
		expect(JSON.stringify(history)).toContain('two');
	});
});
