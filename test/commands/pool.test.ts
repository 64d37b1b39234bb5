import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Command} from 'commander';
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {
	poolAddCommand,
	poolListCommand,
	poolRemoveCommand,
	poolShowCommand,
	registerPoolCommand,
} from '../../source/commands/pool.js';
import {openSettings} from '../../source/store/settings.js';
import {useCommandSandbox} from '../helpers/command-sandbox.js';

const sandbox = useCommandSandbox();
const {io, run} = sandbox;

describe('arena pool', () => {
	test('add, list, show and remove a set; it survives reopening the settings', async () => {
		const added = await run(() => poolAddCommand('coding', ['demo:swift', ' demo:thinker ', 'demo:swift'], io()));
		expect(added).toEqual({status: 0, stdout: 'saved pool coding: demo:swift demo:thinker\n', stderr: ''});
		expect(openSettings(sandbox.env).pool('coding')).toEqual(['demo:swift', 'demo:thinker']);

		await run(() => poolAddCommand('chat', ['demo:steady', 'demo:swift'], io()));
		const listed = await run(() => poolListCommand({}, io()));
		expect(listed.status).toBe(0);
		const lines = listed.stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^NAME\s+MODELS\s+SPECS$/);
		// Sorted by name, with the count and the specs of each.
		expect(lines.slice(1).map(line => line.split(/\s+/))).toEqual([
			['chat', '2', 'demo:steady', 'demo:swift'],
			['coding', '2', 'demo:swift', 'demo:thinker'],
		]);

		const json = await run(() => poolListCommand({json: true}, io()));
		expect(JSON.parse(json.stdout)).toEqual([
			{name: 'chat', models: ['demo:steady', 'demo:swift']},
			{name: 'coding', models: ['demo:swift', 'demo:thinker']},
		]);

		expect(await run(() => poolShowCommand('coding', {}, io()))).toEqual({status: 0, stdout: 'demo:swift\ndemo:thinker\n', stderr: ''});
		expect(JSON.parse((await run(() => poolShowCommand('chat', {json: true}, io()))).stdout)).toEqual({
			name: 'chat',
			models: ['demo:steady', 'demo:swift'],
		});

		expect(await run(() => poolRemoveCommand('chat', io()))).toEqual({status: 0, stdout: 'removed pool chat\n', stderr: ''});
		expect(Object.keys(openSettings(sandbox.env).pools())).toEqual(['coding']);
	});

	test('add replaces a set of the same name, and says so', async () => {
		await run(() => poolAddCommand('coding', ['demo:swift', 'demo:steady'], io()));
		const replaced = await run(() => poolAddCommand('coding', ['demo:thinker', 'demo:steady'], io()));
		expect(replaced.stdout).toBe('replaced pool coding: demo:thinker demo:steady\n');
		expect(openSettings(sandbox.env).pool('coding')).toEqual(['demo:thinker', 'demo:steady']);
	});

	test('add notes a provider that is not configured yet, but saves the set', async () => {
		await openSettings(sandbox.env).addProvider('openai', {baseURL: 'http://127.0.0.1:9/v1'});
		const added = await run(() => poolAddCommand('mixed', ['openai:gpt-4o-mini', 'or:deepseek/deepseek-r1', 'demo:swift'], io()));
		expect(added.status).toBe(0);
		expect(added.stdout.split('\n').filter(line => line.startsWith('note:'))).toEqual([
			'note: provider "or" is not configured yet; add it with `arena providers add or --base-url URL`',
		]);
		expect(openSettings(sandbox.env).pool('mixed')).toEqual(['openai:gpt-4o-mini', 'or:deepseek/deepseek-r1', 'demo:swift']);
	});

	test.each([
		['one model', 'coding', ['demo:swift'], /at least two different PROVIDER:MODEL specs, got 1/],
		['the same model twice', 'coding', ['demo:swift', ' demo:swift'], /at least two different PROVIDER:MODEL specs, got 1/],
		['a spec without a provider', 'coding', ['demo:swift', 'gpt-4o'], /model "gpt-4o" is not PROVIDER:MODEL/],
		['a name with a colon', 'a:b', ['demo:swift', 'demo:steady'], /pool name "a:b" must start with a letter or digit/],
		['a name with a space', 'my set', ['demo:swift', 'demo:steady'], /pool name "my set"/],
	])('add refuses %s with exit 2 and one line, saving nothing', async (_what, name, specs, message) => {
		const refused = await run(() => poolAddCommand(name, specs, io()));
		expect(refused.status).toBe(2);
		expect(refused.stderr).toMatch(message);
		expect(refused.stderr.trim().split('\n')).toHaveLength(1);
		expect(refused.stdout).toBe('');
		expect(openSettings(sandbox.env).pools()).toEqual({});
	});

	test('show and remove of an unknown name exit 2 with one line listing the saved sets', async () => {
		const none = await run(() => poolShowCommand('coding', {}, io()));
		expect(none.status).toBe(2);
		expect(none.stderr).toBe('arena: no pool named "coding"; no pools are saved yet: save one with `arena pool add NAME SPEC SPEC…`\n');

		await run(() => poolAddCommand('writing', ['demo:swift', 'demo:steady'], io()));
		await run(() => poolAddCommand('chat', ['demo:swift', 'demo:thinker'], io()));
		for (const attempt of [() => poolShowCommand('coding', {}, io()), () => poolRemoveCommand('coding', io())]) {
			const refused = await run(attempt);
			expect(refused).toEqual({status: 2, stdout: '', stderr: 'arena: no pool named "coding"; saved pools: chat, writing\n'});
		}
		expect(Object.keys(openSettings(sandbox.env).pools()).sort()).toEqual(['chat', 'writing']);
	});

	test('list with nothing saved says how to save a set', async () => {
		expect((await run(() => poolListCommand({}, io()))).stdout).toBe('no pools saved; save one with `arena pool add NAME SPEC SPEC…`\n');
		expect(JSON.parse((await run(() => poolListCommand({json: true}, io()))).stdout)).toEqual([]);
	});

	test('saving a set keeps the providers and an older file without pools reads as no pools', async () => {
		const file = path.join(sandbox.home, 'settings.json');
		writeFileSync(file, JSON.stringify({providers: {local: {baseURL: 'http://127.0.0.1:8080/v1'}}}));
		expect(openSettings(sandbox.env).pools()).toEqual({});
		// Opening an older file does not rewrite it.
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({providers: {local: {baseURL: 'http://127.0.0.1:8080/v1'}}});

		await run(() => poolAddCommand('local', ['local:qwen3:8b', 'local:llama3.2:3b'], io()));
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
			providers: {local: {baseURL: 'http://127.0.0.1:8080/v1'}},
			pools: {local: ['local:qwen3:8b', 'local:llama3.2:3b']},
		});
	});

	test('a pools section of the wrong shape is refused with the field named', async () => {
		writeFileSync(path.join(sandbox.home, 'settings.json'), JSON.stringify({providers: {}, pools: {coding: 'demo:swift'}}));
		const refused = await run(() => poolListCommand({}, io()));
		expect(refused.status).toBe(2);
		expect(refused.stderr).toMatch(/invalid at pools\.coding/);
	});
});

describe('arena pool on the command line', () => {
	let savedHome: string | undefined;
	// Through commander the command writes to the process's own streams.
	let stdout = '';
	let stderr = '';
	beforeEach(() => {
		savedHome = process.env['ARENA_HOME'];
		process.env['ARENA_HOME'] = sandbox.home;
		vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
			stdout += String(chunk);
			return true;
		});
		vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
			stderr += String(chunk);
			return true;
		});
	});
	afterEach(() => {
		if (savedHome === undefined) delete process.env['ARENA_HOME'];
		else process.env['ARENA_HOME'] = savedHome;
		process.exitCode = undefined;
	});

	async function parse(...args: string[]): Promise<number | undefined> {
		const program = new Command('arena').exitOverride().configureOutput({writeErr: text => (stderr += text), writeOut: text => (stdout += text)});
		registerPoolCommand(program);
		process.exitCode = undefined;
		stdout = '';
		stderr = '';
		await program.parseAsync(args, {from: 'user'});
		return process.exitCode as number | undefined;
	}

	test('add takes a name and every spec after it; remove and show take a name', async () => {
		expect(await parse('pool', 'add', 'coding', 'demo:swift', 'demo:steady', 'demo:thinker')).toBe(0);
		expect(openSettings(sandbox.env).pool('coding')).toEqual(['demo:swift', 'demo:steady', 'demo:thinker']);
		expect(await parse('pool', 'show', 'coding')).toBe(0);
		expect(stdout).toBe('demo:swift\ndemo:steady\ndemo:thinker\n');
		expect(await parse('pool', 'remove', 'coding')).toBe(0);
		expect(openSettings(sandbox.env).pools()).toEqual({});
	});

	test('add without any spec is a usage error from the parser', async () => {
		await expect(parse('pool', 'add', 'coding')).rejects.toThrow(/missing required argument 'specs'/);
		expect(openSettings(sandbox.env).pools()).toEqual({});
	});
});
