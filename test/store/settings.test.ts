import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ConfigError} from '../../source/core/errors.js';
import {resolveArenaPaths} from '../../source/store/paths.js';
import {openSettings} from '../../source/store/settings.js';

let home: string;
beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'arena-settings-'));
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

describe('settings', () => {
	it('puts every file under ARENA_HOME', () => {
		const paths = resolveArenaPaths({ARENA_HOME: home});
		expect(paths.configDir).toBe(home);
		expect(paths.databaseFile).toBe(path.join(home, 'arena.db'));
		expect(openSettings({ARENA_HOME: home}).file).toBe(path.join(home, 'settings.json'));
	});

	it('adds, lists, replaces and removes providers, storing the key variable name only', async () => {
		const settings = openSettings({ARENA_HOME: home});
		await settings.addProvider('or', {baseURL: 'https://openrouter.ai/api/v1/', apiKeyEnv: 'OPENROUTER_API_KEY'});
		expect(settings.provider('or')).toEqual({name: 'or', baseURL: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY'});
		await settings.addProvider('or', {baseURL: 'http://127.0.0.1:8080/v1'});
		expect(openSettings({ARENA_HOME: home}).provider('or')).toEqual({name: 'or', baseURL: 'http://127.0.0.1:8080/v1', apiKeyEnv: undefined});
		expect(await settings.removeProvider('or')).toBe(true);
		expect(await settings.removeProvider('or')).toBe(false);
		expect(settings.providers()).toEqual({});
	});

	it.each([
		['a name with a colon', () => openSettings({ARENA_HOME: home}).addProvider('a:b', {baseURL: 'http://x/v1'}), /no colons/],
		['a base URL that is not a URL', () => openSettings({ARENA_HOME: home}).addProvider('x', {baseURL: 'api.openai.com'}), /not a URL/],
		['a base URL with credentials', () => openSettings({ARENA_HOME: home}).addProvider('x', {baseURL: 'https://u:p@h/v1'}), /credentials/],
		['a key where a variable name belongs', () => openSettings({ARENA_HOME: home}).addProvider('x', {baseURL: 'https://h/v1', apiKeyEnv: 'sk-abc123-xyz'}), /NAME of an environment variable/],
	])('rejects %s with a clear error', async (_what, action, message) => {
		await expect(action()).rejects.toThrow(ConfigError);
		await expect(action()).rejects.toThrow(message);
	});

	it('refuses a corrupt settings file and leaves it as it was', () => {
		const file = path.join(home, 'settings.json');
		writeFileSync(file, '{"providers": {oops');
		expect(() => openSettings({ARENA_HOME: home}).providers()).toThrow(/settings.*fix or move/);
		expect(readFileSync(file, 'utf8')).toBe('{"providers": {oops');
	});

	it('refuses a settings file of the wrong shape and leaves it as it was', () => {
		const file = path.join(home, 'settings.json');
		writeFileSync(file, '{"providers": {"x": {"baseURL": 5}}}');
		expect(() => openSettings({ARENA_HOME: home}).providers()).toThrow(/providers\.x\.baseURL/);
		expect(readFileSync(file, 'utf8')).toBe('{"providers": {"x": {"baseURL": 5}}}');
	});
});
