import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startScriptedServer, type ScriptedServer} from '../helpers/sse-server.js';

let home: string;
let env: Record<string, string>;
const servers: ScriptedServer[] = [];
beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'arena-models-'));
	env = {ARENA_HOME: home};
});
afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
	rmSync(home, {recursive: true, force: true});
});

/** A loopback port nothing listens on any more: connecting is refused at once. */
async function closedPort(): Promise<number> {
	const {createServer} = await import('node:net');
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

async function addProvider(name: string, baseURL: string, apiKeyEnv?: string) {
	const args = ['providers', 'add', name, '--base-url', baseURL];
	if (apiKeyEnv) args.push('--api-key-env', apiKeyEnv);
	expect((await runCli(args, {env})).status).toBe(0);
}

describe('arena models', () => {
	it('lists every provider\'s models; a failing provider shows its error, the others still list, and the exit is 1', async () => {
		const local = await startScriptedServer([], {models: ['qwen3:8b', 'llama3.2:3b']});
		servers.push(local);
		await addProvider('local', local.baseURL);
		const port = await closedPort();
		await addProvider('down', `http://127.0.0.1:${port}/v1`);

		const result = await runCli(['models'], {env});
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('local: 2 models');
		expect(result.stdout).toContain('  local:llama3.2:3b');
		expect(result.stdout).toContain('  local:qwen3:8b');
		expect(result.stdout).toMatch(/down: failed: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/models \(.*ECONNREFUSED/);

		const json = await runCli(['models', '--json'], {env});
		expect(json.status).toBe(1);
		expect(JSON.parse(json.stdout)).toEqual([
			{provider: 'local', ok: true, models: ['local:llama3.2:3b', 'local:qwen3:8b'], error: null},
			{provider: 'down', ok: false, models: [], error: expect.stringMatching(/ECONNREFUSED/)},
		]);
	});

	it('lists one provider with PROVIDER, sends its key, and exits 0 when it answers', async () => {
		const server = await startScriptedServer([], {models: ['gpt-test']});
		servers.push(server);
		let authorization: string | undefined;
		const {createServer} = await import('node:http');
		// A server that insists on the key, to show it is sent.
		const guarded = createServer((request, response) => {
			authorization = request.headers.authorization;
			response.writeHead(authorization === 'Bearer sk-models-test-key-0001' ? 200 : 401, {'content-type': 'application/json'});
			response.end(JSON.stringify(authorization ? {data: [{id: 'm1'}]} : {error: {message: 'missing key'}}));
		});
		await new Promise<void>(resolve => guarded.listen(0, '127.0.0.1', resolve));
		const port = (guarded.address() as {port: number}).port;
		try {
			await addProvider('guarded', `http://127.0.0.1:${port}/v1`, 'GUARDED_KEY');
			await addProvider('other', server.baseURL);
			const result = await runCli(['models', 'guarded', '--json'], {env: {...env, GUARDED_KEY: 'sk-models-test-key-0001'}});
			expect(result.status).toBe(0);
			expect(JSON.parse(result.stdout)).toEqual([{provider: 'guarded', ok: true, models: ['guarded:m1'], error: null}]);
			expect(authorization).toBe('Bearer sk-models-test-key-0001');

			const unknown = await runCli(['models', 'nope'], {env});
			expect(unknown.status).toBe(2);
			expect(unknown.stderr).toMatch(/no provider named "nope"/);
		} finally {
			await new Promise<void>(resolve => {
				guarded.close(() => resolve());
				guarded.closeAllConnections();
			});
		}
	});

	it('reports an HTTP error from /models in one line', async () => {
		const {createServer} = await import('node:http');
		const failing = createServer((_request, response) => {
			response.writeHead(401, {'content-type': 'application/json'});
			response.end(JSON.stringify({error: {message: 'Incorrect API key provided'}}));
		});
		await new Promise<void>(resolve => failing.listen(0, '127.0.0.1', resolve));
		const port = (failing.address() as {port: number}).port;
		try {
			await addProvider('bad', `http://127.0.0.1:${port}/v1`);
			const result = await runCli(['models'], {env});
			expect(result.status).toBe(1);
			expect(result.stdout.trim()).toBe('bad: failed: HTTP 401: Incorrect API key provided');
		} finally {
			await new Promise<void>(resolve => {
				failing.close(() => resolve());
				failing.closeAllConnections();
			});
		}
	});
});
