import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi} from 'vitest';
import {aliasCommand, chainCommand, listNamesCommand, removeNameCommand} from '../../source/commands/model-names.js';
import {prepareRun} from '../../source/commands/run-setup.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {openSettings} from '../../source/store/settings.js';
import {jsonLines, runCli} from '../helpers/cli.js';
import {contentChunk, errorPayload, roleChunk, type ScriptedServer, startScriptedServer, streamScript} from '../helpers/sse-server.js';
import {useCommandSandbox} from '../helpers/command-sandbox.js';

const sandbox = useCommandSandbox();
const {io, run} = sandbox;

describe('arena models alias / aliases / unalias', () => {
	test('saves, lists, replaces and removes an alias', async () => {
		expect(await run(() => aliasCommand('coder', ' or:qwen/qwen3-coder ', io()))).toEqual({
			status: 0,
			stdout: 'saved alias coder → or:qwen/qwen3-coder\n',
			stderr: '',
		});
		expect(await run(() => aliasCommand('coder', 'deepseek:v4', io()))).toMatchObject({status: 0, stdout: 'replaced alias coder → deepseek:v4\n'});
		expect(await run(() => listNamesCommand('aliases', {json: true}, io()))).toMatchObject({status: 0, stdout: '{"coder":"deepseek:v4"}\n'});
		expect(await run(() => listNamesCommand('aliases', {}, io()))).toMatchObject({stdout: 'coder\tdeepseek:v4\n'});
		expect(await run(() => removeNameCommand('alias', 'coder', io()))).toMatchObject({status: 0, stdout: 'removed alias coder\n'});
		expect(openSettings(sandbox.env).aliases()).toEqual({});
		expect(await run(() => removeNameCommand('alias', 'coder', io()))).toMatchObject({status: 2, stderr: expect.stringContaining('no alias named "coder"')});
	});

	test('refuses a name with a colon and a spec without one, with exit status 2', async () => {
		expect(await run(() => aliasCommand('or:coder', 'or:qwen', io()))).toMatchObject({status: 2, stderr: expect.stringContaining('no colons')});
		expect(await run(() => aliasCommand('coder', 'qwen', io()))).toMatchObject({status: 2, stderr: expect.stringContaining('not PROVIDER:MODEL')});
		expect(openSettings(sandbox.env).aliases()).toEqual({});
	});

	test('a name may equal a provider name, but not an existing chain', async () => {
		expect((await run(() => aliasCommand('openai', 'openai:gpt-4o-mini', io()))).status).toBe(0);
		await run(() => chainCommand('robust', ['deepseek:v4', 'openai'], io()));
		expect(await run(() => aliasCommand('robust', 'deepseek:v4', io()))).toMatchObject({status: 2, stderr: expect.stringContaining('already a chain')});
	});
});

describe('arena models chain / chains / unchain', () => {
	test('saves a chain of specs and aliases, lists it, and removes it', async () => {
		await run(() => aliasCommand('coder', 'or:qwen/qwen3-coder', io()));
		expect(await run(() => chainCommand('robust', ['deepseek:v4', 'coder'], io()))).toEqual({
			status: 0,
			stdout: 'saved chain robust: deepseek:v4 → coder (rated as chain:robust)\n',
			stderr: '',
		});
		expect(await run(() => listNamesCommand('chains', {json: true}, io()))).toMatchObject({stdout: '{"robust":["deepseek:v4","coder"]}\n'});
		expect(await run(() => removeNameCommand('chain', 'robust', io()))).toMatchObject({status: 0, stdout: 'removed chain robust\n'});
		expect(openSettings(sandbox.env).chains()).toEqual({});
	});

	test('refuses fewer than two models, unknown members and cycles, saving nothing', async () => {
		expect(await run(() => chainCommand('solo', ['deepseek:v4', 'deepseek:v4'], io()))).toMatchObject({status: 2, stderr: expect.stringContaining('at least two')});
		expect(await run(() => chainCommand('odd', ['deepseek:v4', 'nothing'], io()))).toMatchObject({status: 2, stderr: expect.stringContaining('"nothing"')});
		await run(() => chainCommand('a', ['deepseek:v4', 'groq:llama'], io()));
		await run(() => chainCommand('b', ['ollama:x', 'a'], io()));
		expect(await run(() => chainCommand('a', ['deepseek:v4', 'b'], io()))).toMatchObject({status: 2, stderr: expect.stringContaining('contains itself')});
		expect(openSettings(sandbox.env).chains()).toEqual({a: ['deepseek:v4', 'groq:llama'], b: ['ollama:x', 'a']});
	});
});

describe('prepareRun with aliases and chains', () => {
	test('-m ALIAS runs the aliased spec; -m CHAIN becomes chain:NAME with its members', async () => {
		const settings = openSettings(sandbox.env);
		await settings.addProvider('local', {baseURL: 'http://127.0.0.1:9/v1'});
		await settings.saveAlias('fast', 'local:small');
		await settings.saveChain('robust', ['local:big', 'fast']);
		const prepared = await prepareRun({model: ['fast', 'robust']}, settings, sandbox.env);
		expect(prepared.targets[0]).toMatchObject({spec: 'local:small', provider: 'local', model: 'small'});
		expect(prepared.targets[0]!.chain).toBeUndefined();
		expect(prepared.targets[1]).toMatchObject({spec: 'chain:robust', provider: 'chain', model: 'robust'});
		expect(prepared.targets[1]!.chain!.members.map(member => [member.spec, member.endpoint.baseURL])).toEqual([
			['local:big', 'http://127.0.0.1:9/v1'],
			['local:small', 'http://127.0.0.1:9/v1'],
		]);
	});

	test('an unknown bare name and a chain member on an unknown provider fail before any request', async () => {
		const settings = openSettings(sandbox.env);
		await expect(prepareRun({model: ['x']}, settings, sandbox.env)).rejects.toThrow(
			'unknown model or alias "x"; use PROVIDER:MODEL or define it with `arena models alias x PROVIDER:MODEL`',
		);
		await settings.saveChain('robust', ['nowhere:big', 'demo:swift']);
		await expect(prepareRun({model: ['robust']}, settings, sandbox.env)).rejects.toThrow(/unknown provider "nowhere"/);
	});
});

describe('a chain through the built CLI against a loopback server', () => {
	let server: ScriptedServer;
	beforeAll(async () => {
		server = await startScriptedServer(request => {
			switch (request.model) {
				case 'down':
					return [{delayMs: 60}, {status: 503, body: {error: {message: 'overloaded'}}}];
				case 'stalls':
					return [{head: {status: 200}}, {keepOpen: true}];
				case 'breaks':
					return [{chunk: roleChunk()}, {chunk: contentChunk('partial ')}, {chunk: errorPayload('The server had an error')}];
				default:
					return streamScript(['served ', 'here'], {usage: {completion_tokens: 2, prompt_tokens: 3}});
			}
		});
	});
	afterAll(async () => {
		await server.close();
	});

	test('-m CHAIN: the second model serves, JSON and the store name it and the fallback', async () => {
		const settings = openSettings(sandbox.env);
		await settings.addProvider('local', {baseURL: server.baseURL});
		await settings.saveAlias('backup', 'local:up');
		await settings.saveChain('robust', ['local:down', 'backup']);
		await settings.saveChain('fragile', ['local:breaks', 'local:up']);
		const before = server.requests.length;

		const result = await runCli(['run', '-m', 'robust', '-m', 'fragile', '-m', 'backup', '--json', '--retries', '0', 'hello'], {
			env: {ARENA_HOME: sandbox.home, NO_COLOR: '1'},
		});
		const lines = jsonLines(result.stdout);
		const bySpec = Object.fromEntries(lines.map(line => [line.spec, line]));

		expect(bySpec['chain:robust']).toMatchObject({
			text: 'served here',
			served_spec: 'local:up',
			fallbacks: [{spec: 'local:down', error_status: 503}],
			error: null,
		});
		// TTFT counts from the first model's request, so the 503's delay is in it.
		expect(bySpec['chain:robust'].ttft_ms).toBeGreaterThanOrEqual(60);
		// A failure after the first token is the chain's answer: reported, not retried on local:up.
		expect(bySpec['chain:fragile']).toMatchObject({text: 'partial ', served_spec: 'local:breaks', fallbacks: []});
		expect(bySpec['chain:fragile'].error).not.toBeNull();
		expect(bySpec['local:up']).toMatchObject({served_spec: 'local:up', fallbacks: []});
		expect(result.status).toBe(1);
		const models = server.requests.slice(before).map(request => request.model).sort();
		expect(models).toEqual(['breaks', 'down', 'up', 'up']);

		const store = openHistoryStore(path.join(sandbox.home, 'arena.db'));
		try {
			const [summary] = store.listRuns();
			const detail = store.getRun(summary!.id)!;
			const stored = Object.fromEntries(detail.answers.map(answer => [answer.spec, answer]));
			expect(stored['chain:robust']).toMatchObject({served_spec: 'local:up', fallbacks: [{spec: 'local:down', error_status: 503}]});
			expect(stored['chain:fragile']).toMatchObject({served_spec: 'local:breaks', fallbacks: null});
			// The chain is rated as itself; its answer also counts for the model that served it.
			const bySpecStats = Object.fromEntries(store.answerStats().map(stats => [stats.model, stats.answers]));
			const byServedStats = Object.fromEntries(store.answerStats({groupBy: 'served_spec'}).map(stats => [stats.model, stats.answers]));
			expect(bySpecStats).toMatchObject({'chain:robust': 1, 'local:up': 1});
			expect(byServedStats).toMatchObject({'local:up': 2});
		} finally {
			store.close();
		}
	});

	test('a model that stalls past --idle-timeout hands over to the next, and the stall is in TTFT', async () => {
		const settings = openSettings(sandbox.env);
		await settings.addProvider('local', {baseURL: server.baseURL});
		await settings.saveChain('patient', ['local:stalls', 'local:up']);
		const result = await runCli(['run', '-m', 'patient', '--json', '--retries', '0', '--idle-timeout', '0.3', 'hello'], {
			env: {ARENA_HOME: sandbox.home, NO_COLOR: '1'},
		});
		expect(result.status).toBe(0);
		const [line] = jsonLines(result.stdout);
		expect(line).toMatchObject({spec: 'chain:patient', text: 'served here', served_spec: 'local:up', fallbacks: [{spec: 'local:stalls', error_status: null}]});
		expect(line.ttft_ms).toBeGreaterThanOrEqual(300);
	});

	test('an unknown bare name exits 2 and sends nothing', async () => {
		const before = server.requests.length;
		const result = await runCli(['run', '-m', 'nope', '--json', 'hello'], {env: {ARENA_HOME: sandbox.home}});
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('unknown model or alias "nope"');
		expect(server.requests.length).toBe(before);
	});
});
