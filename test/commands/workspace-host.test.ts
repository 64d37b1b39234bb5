import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ArenaWorkspaceHost} from '../../source/commands/workspace-host.js';
import {UsageError} from '../../source/core/errors.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {resolveArenaPaths} from '../../source/store/paths.js';
import {openSettings} from '../../source/store/settings.js';
import type {RunOptions, WorkspaceConversation} from '../../source/ui/workspace/workspace-types.js';
import {useCommandSandbox} from '../helpers/command-sandbox.js';

const sandbox = useCommandSandbox();
const MODELS = ['demo:swift', 'demo:steady'];
const NO_OPTIONS: RunOptions = {system: '', temperature: null, maxTokens: null};

let env: NodeJS.ProcessEnv;
let host: ArenaWorkspaceHost;

function newHost(saving = true): ArenaWorkspaceHost {
	return new ArenaWorkspaceHost({
		settings: openSettings(env),
		start: {models: MODELS, mode: 'named', options: NO_OPTIONS, theme: 'auto', notice: null, saving},
		flags: {},
		env,
		cwd: sandbox.home,
	});
}

beforeEach(() => {
	// The demo streams 20× faster than it would for a person, so a turn takes a fraction of a second.
	env = {...sandbox.env, ARENA_DEMO_SPEED: '20'};
	host = newHost();
});

afterEach(async () => {
	await host.close();
});

const newestTurn = (conversation: WorkspaceConversation) => conversation.turns().at(-1)!;

describe('conversations', () => {
	it('stores each turn with its number under one conversation, each model seeing its own answers', async () => {
		const conversation = await host.startConversation(MODELS, NO_OPTIONS, 'Write a haiku about rain');
		expect(conversation.specs).toEqual(MODELS);
		expect(conversation.simulated).toBe(true);
		const first = await newestTurn(conversation).run.start();
		expect(first.map(result => result.state)).toEqual(['done', 'done']);
		await newestTurn(conversation).judging!.onScore(0, 8, null);

		let runs = host.listRuns();
		expect(runs).toHaveLength(1);
		expect(runs[0]).toMatchObject({prompt: 'Write a haiku about rain', mode: 'named', turn: 1, models: MODELS, scored_count: 1});
		const conversationId = runs[0]!.conversation_id;
		expect(conversationId).toMatch(/^[0-9A-Z]{26}$/);

		const second = conversation.followUp('Now one about snow');
		expect(second.turn).toBe(2);
		// Each model's second request carries its own first answer, not the other model's.
		const conversations = second.run.params.conversations!;
		for (const [index, result] of first.entries()) {
			expect(conversations[index]).toEqual([
				{role: 'user', content: 'Write a haiku about rain'},
				{role: 'assistant', content: result.text},
				{role: 'user', content: 'Now one about snow'},
			]);
		}
		expect(first[0]!.text).not.toBe(first[1]!.text);
		await second.run.start();

		runs = host.listRuns();
		expect(runs.map(run => [run.prompt, run.turn, run.conversation_id])).toEqual([
			['Now one about snow', 2, conversationId],
			['Write a haiku about rain', 1, conversationId],
		]);
		expect(host.recentPrompts()).toEqual(['Now one about snow', 'Write a haiku about rain']);
	});

	it('refuses a follow-up before every answer of the last turn has ended', async () => {
		const conversation = await host.startConversation(MODELS, NO_OPTIONS, 'a long one');
		expect(() => conversation.followUp('too early')).toThrow(new UsageError('wait for every answer before following up'));
		await newestTurn(conversation).run.start();
		expect(() => conversation.followUp('  ')).toThrow(UsageError);
		expect(conversation.turns()).toHaveLength(1);
	});

	it('rejects an unknown model before any request, and no models at all', async () => {
		await expect(host.startConversation(['demo:nonesuch', 'demo:swift'], NO_OPTIONS, 'x')).rejects.toThrow(/unknown demo model "demo:nonesuch"/);
		await expect(host.startConversation([], NO_OPTIONS, 'x')).rejects.toThrow(new UsageError('no models: press m on home to pick some'));
		expect(host.listRuns()).toEqual([]);
	});

	it('releases the previous conversation\'s demo server when the next conversation starts', async () => {
		const first = await host.startConversation(MODELS, NO_OPTIONS, 'round one');
		await newestTurn(first).run.start();
		first.stop();
		const second = await host.startConversation(MODELS, NO_OPTIONS, 'round two');
		await newestTurn(second).run.start();
		const firstServer = newestTurn(first).run.targets[0]!.endpoint.baseURL;
		expect(firstServer).not.toBe(newestTurn(second).run.targets[0]!.endpoint.baseURL);
		await expect(fetch(`${firstServer}/models`)).rejects.toThrow();
	});

	it('with saving off, runs are not stored and judging is on screen only', async () => {
		await host.close();
		host = newHost(false);
		const conversation = await host.startConversation(MODELS, NO_OPTIONS, 'not kept');
		expect(newestTurn(conversation).judging).toBeUndefined();
		await newestTurn(conversation).run.start();
		expect(host.listRuns()).toEqual([]);
	});
});

describe('readPromptFile', () => {
	const file = (name: string, content: string | Buffer) => {
		const target = path.join(sandbox.home, name);
		writeFileSync(target, content);
		return target;
	};

	it('reads a text file relative to where arena was started, without its final newline', async () => {
		file('prompt.md', 'Explain closures.\nWith an example.\n');
		await expect(host.readPromptFile('prompt.md')).resolves.toBe('Explain closures.\nWith an example.');
		await expect(host.readPromptFile(`  ${path.join(sandbox.home, 'prompt.md')}  `)).resolves.toBe('Explain closures.\nWith an example.');
	});

	const oneLineUsageError = async (attempt: Promise<string>, pattern: RegExp) => {
		const error = await attempt.then(
			() => undefined,
			(failure: unknown) => failure,
		);
		expect(error).toBeInstanceOf(UsageError);
		const message = (error as Error).message;
		expect(message).toMatch(pattern);
		expect(message).not.toContain('\n');
	};

	it('says why a path cannot be a prompt, in one line', async () => {
		const missing = path.join(sandbox.home, 'missing.md');
		await oneLineUsageError(host.readPromptFile('missing.md'), new RegExp(`^cannot read ${escape(missing)}: no such file$`));
		mkdirSync(path.join(sandbox.home, 'folder'));
		await oneLineUsageError(host.readPromptFile('folder'), /folder is not a file$/);
		file('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
		await oneLineUsageError(host.readPromptFile('image.png'), /image\.png looks binary; pick a text file$/);
		file('huge.log', 'x'.repeat(1024 * 1024 + 1));
		await oneLineUsageError(host.readPromptFile('huge.log'), /huge\.log is 1024 KiB; a prompt file must be under 1 MiB$/);
		await oneLineUsageError(host.readPromptFile('   '), /^type the path of a prompt file$/);
	});

	it('accepts a file of exactly 1 MiB', async () => {
		file('limit.txt', 'y'.repeat(1024 * 1024));
		await expect(host.readPromptFile('limit.txt')).resolves.toHaveLength(1024 * 1024);
	});
});

describe('battles', () => {
	it('refuses a blind battle with one model, saying how many it needs', async () => {
		const attempt = host.startBattle(['demo:swift'], NO_OPTIONS, 'who wins?');
		await expect(attempt).rejects.toThrow(new UsageError('a blind battle needs at least two different models, got 1; press m to pick more'));
		await expect(host.startBattle(['demo:swift', 'demo:swift'], NO_OPTIONS, 'x')).rejects.toThrow(/got 1; press m to pick more/);
	});
});

describe('redactSecrets', () => {
	it('replaces the value of every key variable it knows, and leaves other text alone', async () => {
		await host.close();
		env = {...env, OPENAI_API_KEY: 'sk-test-abcdefghijklmnop'};
		host = newHost();
		const text = 'the key is sk-test-abcdefghijklmnop, do not share it';
		expect(await host.redactSecrets(text)).toBe('the key is [redacted], do not share it');
		expect(await host.redactSecrets('nothing secret here')).toBe('nothing secret here');
	});
});

describe('settings and closing', () => {
	it('saveHome writes what home shows to settings.json, and a new session reads it back', async () => {
		await host.saveHome({models: ['demo:steady', 'demo:swift'], mode: 'blind', options: {system: 'Be brief.', temperature: 0.5, maxTokens: 300}});
		const settingsFile = path.join(resolveArenaPaths(env).configDir, 'settings.json');
		expect(host.settingsInfo().settingsFile).toBe(settingsFile);
		const stored = JSON.parse(readFileSync(settingsFile, 'utf8')) as {home: unknown};
		expect(stored.home).toEqual({models: ['demo:steady', 'demo:swift'], mode: 'blind', system: 'Be brief.', temperature: 0.5, maxTokens: 300});

		// An empty system prompt and provider defaults are removed, not stored as values.
		await host.saveHome({options: {system: '', temperature: null, maxTokens: null}, theme: 'light'});
		expect(openSettings(env).home()).toEqual({models: ['demo:steady', 'demo:swift'], mode: 'blind', theme: 'light'});
	});

	it('close() cancels what streams, waits until it is stored, and stops the demo server', async () => {
		const conversation = await host.startConversation(MODELS, NO_OPTIONS, 'interrupted by quitting');
		const {baseURL} = newestTurn(conversation).run.targets[0]!.endpoint;
		const models = await fetch(`${baseURL}/models`);
		expect(models.ok).toBe(true);
		await models.arrayBuffer();

		await host.close();

		const store = openHistoryStore(resolveArenaPaths(env).databaseFile);
		try {
			const runs = store.listRuns();
			expect(runs.map(run => run.prompt)).toEqual(['interrupted by quitting']);
			expect(runs[0]!.answer_count).toBe(2);
		} finally {
			store.close();
		}
		await expect(fetch(`${baseURL}/models`)).rejects.toThrow();
		// Closing twice is harmless (afterEach closes again).
		await host.close();
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
