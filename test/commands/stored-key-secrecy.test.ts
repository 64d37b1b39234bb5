import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {secretValues} from '../../source/commands/export.js';
import {runCli} from '../helpers/cli.js';
import {startScriptedServer, streamScript, type ScriptedServer} from '../helpers/sse-server.js';

const KEY = 'sk-stored-9d41be77c0aa52f1';
let home: string;
let env: Record<string, string>;
let server: ScriptedServer | undefined;
beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'arena-secrecy-'));
	env = {ARENA_HOME: home};
});
afterEach(async () => {
	await server?.close();
	server = undefined;
	rmSync(home, {recursive: true, force: true});
});

function everyFileBut(directory: string, skip: string): string[] {
	return readdirSync(directory, {recursive: true, withFileTypes: true})
		.filter(entry => entry.isFile() && entry.name !== skip)
		.map(entry => path.join(entry.parentPath, entry.name));
}

describe('a stored key stays secret', () => {
	it('is used for requests but never appears in output, errors, models, doctor, exports or any other file arena wrote', async () => {
		// The second model's server quotes the key back in its error, as some gateways do.
		server = await startScriptedServer(
			request =>
				request.model === 'echo'
					? [{status: 401, body: {error: {message: `Incorrect API key provided: ${request.headers.authorization}`}}}]
					: streamScript(['fine ', 'answer']),
			{models: ['good', 'echo']},
		);
		const add = await runCli(['providers', 'add', 'gw', '--base-url', server.baseURL, '--store-key'], {env, input: KEY});
		expect(add.status).toBe(0);

		const outputs = [
			add,
			await runCli(['providers', 'list'], {env}),
			await runCli(['providers', 'list', '--json'], {env}),
			await runCli(['run', 'hi', '-m', 'gw:good', '-m', 'gw:echo', '--json', '--retries', '0'], {env}),
			await runCli(['models', '--json'], {env}),
			await runCli(['doctor', '-m', 'gw:echo'], {env}),
			await runCli(['export', 'runs'], {env}),
		];
		// The key was really sent.
		expect(server.requests.some(request => request.headers.authorization === `Bearer ${KEY}`)).toBe(true);
		const run = outputs[3]!;
		expect(run.stdout).toContain('Incorrect API key provided: Bearer ***');
		expect(outputs[6]!.stdout).toContain('fine answer');

		for (const output of outputs) expect(output.stdout + output.stderr).not.toContain(KEY);
		const written = everyFileBut(home, 'keys.json');
		expect(written.some(file => file.endsWith('arena.db'))).toBe(true);
		for (const file of written) expect(readFileSync(file).includes(KEY), file).toBe(false);
		expect(await secretValues(env)).toContain(KEY);
	});
});
