import {createServer as createHttpServer} from 'node:http';
import {createServer} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {DEFAULT_LMSTUDIO_URL, DEFAULT_OLLAMA_URL, localProbeTargets, scanForProviders} from '../../source/providers/first-run-scan.js';
import {startScriptedServer, type ScriptedServer} from '../helpers/sse-server.js';

const servers: ScriptedServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
});

async function closedPortURL(): Promise<string> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return `http://127.0.0.1:${port}/v1`;
}

describe('first-run scan', () => {
	it('offers the providers whose key variables are set, and a loopback server posing as Ollama with its models', async () => {
		const ollama = await startScriptedServer([], {models: ['qwen3:8b', 'llama3.2:3b']});
		servers.push(ollama);
		const found = await scanForProviders({
			env: {
				OPENAI_API_KEY: 'sk-fake-openai',
				GROQ_API_KEY: 'gsk-fake',
				DEEPSEEK_API_KEY: '   ',
				ARENA_OLLAMA_URL: ollama.baseURL,
				ARENA_LMSTUDIO_URL: await closedPortURL(),
			},
		});
		expect(found).toEqual([
			{name: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', reason: 'key'},
			{name: 'groq', baseURL: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', reason: 'key'},
			{name: 'ollama', baseURL: ollama.baseURL, reason: 'local', models: ['llama3.2:3b', 'qwen3:8b']},
		]);
	});

	it('finds LM Studio too, and never sends a key to a local port', async () => {
		const authorizations: Array<string | undefined> = [];
		const lmstudio = createHttpServer((request, response) => {
			authorizations.push(request.headers.authorization);
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({object: 'list', data: [{id: 'local-model'}]}));
		});
		await new Promise<void>(resolve => lmstudio.listen(0, '127.0.0.1', resolve));
		const {port} = lmstudio.address() as {port: number};
		try {
			const found = await scanForProviders({
				env: {
					OPENROUTER_API_KEY: 'sk-or-fake',
					ARENA_OLLAMA_URL: await closedPortURL(),
					ARENA_LMSTUDIO_URL: `http://127.0.0.1:${port}/v1`,
				},
			});
			expect(found.map(provider => provider.name)).toEqual(['openrouter', 'lmstudio']);
			expect(found[1]!.models).toEqual(['local-model']);
			expect(authorizations).toEqual([undefined]);
		} finally {
			await new Promise<void>(resolve => {
				lmstudio.close(() => resolve());
				lmstudio.closeAllConnections();
			});
		}
	});

	it('finds nothing when no variable is set and nothing answers, within the short probe timeout', async () => {
		const startedAt = Date.now();
		const found = await scanForProviders({env: {ARENA_OLLAMA_URL: await closedPortURL(), ARENA_LMSTUDIO_URL: await closedPortURL()}});
		expect(found).toEqual([]);
		expect(Date.now() - startedAt).toBeLessThan(2000);
	});

	it('probes the default loopback ports unless told otherwise', () => {
		expect(localProbeTargets({})).toEqual([
			{name: 'ollama', baseURL: DEFAULT_OLLAMA_URL},
			{name: 'lmstudio', baseURL: DEFAULT_LMSTUDIO_URL},
		]);
		expect(DEFAULT_OLLAMA_URL).toBe('http://127.0.0.1:11434/v1');
		expect(DEFAULT_LMSTUDIO_URL).toBe('http://127.0.0.1:1234/v1');
	});
});
