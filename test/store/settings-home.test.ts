import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ConfigError, UsageError} from '../../source/core/errors.js';
import {openSettings} from '../../source/store/settings.js';

let arenaHome: string;
let settingsFile: string;
beforeEach(() => {
	arenaHome = mkdtempSync(path.join(tmpdir(), 'arena-settings-home-'));
	settingsFile = path.join(arenaHome, 'settings.json');
});
afterEach(() => rmSync(arenaHome, {recursive: true, force: true}));

const open = () => openSettings({ARENA_HOME: arenaHome});
const fileContents = () => JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;

describe('home settings', () => {
	it('are empty before anything is saved', () => {
		expect(open().home()).toEqual({});
	});

	it('round-trip through settings.json and a fresh store reads them back', async () => {
		const stored = await open().updateHome({
			models: ['demo:swift', 'fast', 'demo:swift', ' chain:cheap '],
			mode: 'blind',
			system: 'Answer briefly.',
			temperature: 0.7,
			maxTokens: 512,
			theme: 'light',
		});
		const expected = {
			models: ['demo:swift', 'fast', 'chain:cheap'],
			mode: 'blind',
			system: 'Answer briefly.',
			temperature: 0.7,
			maxTokens: 512,
			theme: 'light',
		};
		expect(stored).toEqual(expected);
		expect(open().home()).toEqual(expected);
		expect(fileContents()['home']).toEqual(expected);
	});

	it('changes only the fields given; null removes a field and undefined leaves it', async () => {
		await open().updateHome({temperature: 1.2, maxTokens: 100, system: 'Be terse.'});
		const after = await open().updateHome({temperature: null, maxTokens: undefined, theme: 'dark'});
		expect(after).toEqual({maxTokens: 100, system: 'Be terse.', theme: 'dark'});
		expect(open().home()).toEqual(after);
		expect(fileContents()['home']).not.toHaveProperty('temperature');
	});

	it('keeps an empty system prompt, which means none', async () => {
		await open().updateHome({system: ''});
		expect(open().home()).toEqual({system: ''});
	});

	it.each([
		['a temperature above 2', {temperature: 2.5}, /^temperature must be a number from 0 to 2, got 2\.5$/],
		['a negative temperature', {temperature: -0.1}, /^temperature must be a number from 0 to 2/],
		['a temperature that is not a number', {temperature: Number.NaN}, /^temperature must be a number/],
		['a fractional max tokens', {maxTokens: 12.5}, /^maxTokens must be a whole number of tokens, 1 or more, got 12\.5$/],
		['zero max tokens', {maxTokens: 0}, /^maxTokens must be a whole number/],
		['an unknown theme', {theme: 'blue' as never}, /^theme must be "auto", "dark", "light", got "blue"$/],
		['an unknown mode', {mode: 'secret' as never}, /^mode must be "named" or "blind"/],
		['an empty model name', {models: ['demo:swift', '  ']}, /^models must be a list/],
	])('rejects %s with a one-line message and writes nothing', async (_what, patch, message) => {
		await open().updateHome({temperature: 1});
		const before = readFileSync(settingsFile, 'utf8');
		const attempt = open().updateHome(patch);
		await expect(attempt).rejects.toThrow(UsageError);
		await expect(open().updateHome(patch)).rejects.toThrow(message);
		await attempt.catch((error: Error) => expect(error.message).not.toContain('\n'));
		expect(readFileSync(settingsFile, 'utf8')).toBe(before);
	});

	it('leaves every other section as it was', async () => {
		const settings = open();
		await settings.addProvider('local', {baseURL: 'http://127.0.0.1:11434/v1'});
		await settings.savePool('coding', ['demo:swift', 'demo:steady']);
		await settings.saveAlias('fast', 'local:llama3.2:3b');
		const before = fileContents();
		await settings.updateHome({models: ['fast', 'demo:thinker'], theme: 'dark'});
		const after = fileContents();
		expect(after['home']).toEqual({models: ['fast', 'demo:thinker'], theme: 'dark'});
		delete after['home'];
		expect(after).toEqual(before);
	});

	it('an invalid home section is a ConfigError naming the file and field, and the other sections still work', async () => {
		const original = JSON.stringify({
			providers: {local: {baseURL: 'http://127.0.0.1:11434/v1'}},
			pools: {},
			home: {temperature: 9, theme: 'dark'},
		});
		writeFileSync(settingsFile, original);
		const settings = open();
		expect(() => settings.home()).toThrow(ConfigError);
		expect(() => settings.home()).toThrow(`settings file ${settingsFile} is invalid at home.temperature`);
		await expect(settings.updateHome({theme: 'light'})).rejects.toThrow(/home\.temperature/);
		expect(readFileSync(settingsFile, 'utf8')).toBe(original);

		// A bad home screen state must not stop runs or other settings.
		expect(settings.providers()).toEqual({local: {baseURL: 'http://127.0.0.1:11434/v1'}});
		await settings.savePool('coding', ['demo:swift', 'demo:steady']);
		expect(open().pools()).toEqual({coding: ['demo:swift', 'demo:steady']});
		expect(fileContents()['home']).toEqual({temperature: 9, theme: 'dark'});
	});

	it('a home section that is not an object is reported as such', () => {
		writeFileSync(settingsFile, JSON.stringify({home: ['dark']}));
		expect(() => open().home()).toThrow(/invalid at home: expected an object/);
	});
});
