import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startScriptedServer, streamScript, type ScriptedServer} from '../helpers/sse-server.js';

const KEY = 'sk-doctor-secret-7a1c9e0b55';
let home: string;
let env: Record<string, string>;
const servers: ScriptedServer[] = [];
beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'arena-doctor-'));
	env = {ARENA_HOME: home};
});
afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
	rmSync(home, {recursive: true, force: true});
});

async function serve(...args: Parameters<typeof startScriptedServer>) {
	const server = await startScriptedServer(...args);
	servers.push(server);
	return server;
}

async function addProvider(name: string, baseURL: string, apiKeyEnv?: string) {
	const args = ['providers', 'add', name, '--base-url', baseURL];
	if (apiKeyEnv) args.push('--api-key-env', apiKeyEnv);
	expect((await runCli(args, {env})).status).toBe(0);
}

function rowOf(stdout: string, provider: string): string {
	return stdout.split('\n').find(line => line.startsWith(`${provider} `)) ?? '';
}

describe('arena doctor', () => {
	it('passes a healthy provider: key present (name only), reachable, models counted, a tiny streamed answer with its TTFT', async () => {
		const server = await serve([{delayMs: 30}, ...streamScript(['OK'])], {models: ['tiny-1', 'tiny-2']});
		await addProvider('local', server.baseURL, 'LOCAL_KEY');

		const result = await runCli(['doctor'], {env: {...env, LOCAL_KEY: KEY}});
		expect(result.status).toBe(0);
		const row = rowOf(result.stdout, 'local');
		expect(row).toContain('ok $LOCAL_KEY set');
		expect(row).toMatch(/ok reachable \(\d+ ms\)/);
		expect(row).toContain('ok 2 listed');
		const ttft = Number(/TTFT (\d+) ms/.exec(row)?.[1]);
		// The server waited 30 ms before answering; the TTFT shown includes it.
		expect(ttft).toBeGreaterThanOrEqual(25);
		expect(row).toMatch(/PASS$/);
		expect(result.stdout).toContain('all 1 provider passes');
		expect(result.stdout + result.stderr).not.toContain(KEY);

		// The first listed model, a tiny answer, streamed, with the key.
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0]!.model).toBe('tiny-1');
		expect(server.requests[0]!.body.stream).toBe(true);
		expect(server.requests[0]!.body.max_tokens).toBeLessThanOrEqual(8);
		expect(server.requests[0]!.body.messages).toEqual([{role: 'user', content: 'Say OK'}]);
		expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
	});

	it('fails, with exit 1, a provider whose key is missing and one whose answer errors; the healthy one still passes', async () => {
		const healthy = await serve(streamScript(['OK']), {models: ['good']});
		const broken = await serve([{status: 500, body: {error: {message: 'model crashed'}}}], {models: ['bad']});
		await addProvider('healthy', healthy.baseURL);
		await addProvider('broken', broken.baseURL);
		await addProvider('keyless', healthy.baseURL, 'DOCTOR_UNSET_KEY');

		const result = await runCli(['doctor', '--model', 'healthy:chosen'], {env});
		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(/^PROVIDER\s+KEY\s+ENDPOINT\s+MODELS\s+ANSWER\s+RESULT/m);
		expect(rowOf(result.stdout, 'healthy')).toMatch(/ok none needed.*chosen: TTFT \d+ ms\s+PASS$/);
		expect(rowOf(result.stdout, 'broken')).toMatch(/FAIL bad: HTTP 500: model crashed\s+FAIL$/);
		expect(rowOf(result.stdout, 'keyless')).toMatch(/FAIL \$DOCTOR_UNSET_KEY not set.*FAIL$/);
		expect(result.stdout).toContain('2 of 3 providers fail');
		// --model picked the model for the healthy provider.
		expect(healthy.requests.map(request => request.model)).toEqual(['chosen']);
	});

	it('uses a stored key when the key variable is not set', async () => {
		const server = await serve(streamScript(['OK']), {models: ['m']});
		await addProvider('local', server.baseURL, 'DOCTOR_STORED_VAR');
		const stored = await runCli(['providers', 'add', 'local', '--base-url', server.baseURL, '--api-key-env', 'DOCTOR_STORED_VAR', '--store-key'], {
			env,
			input: KEY,
		});
		expect(stored.status).toBe(0);
		const result = await runCli(['doctor', 'local'], {env});
		expect(result.status).toBe(0);
		expect(rowOf(result.stdout, 'local')).toContain('ok stored key');
		expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
		expect(result.stdout + result.stderr).not.toContain(KEY);
	});
});
