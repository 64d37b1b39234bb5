import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {keysFile, maskKey, readStoredKeys, removeStoredKey, storeKey, storedKey} from '../../source/store/keys.js';
import {runCli} from '../helpers/cli.js';

const KEY = 'sk-test-4f9c2a7e81b3d6c05a1234';
let home: string;
let env: Record<string, string>;
beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'arena-keys-'));
	env = {ARENA_HOME: home};
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

describe('stored keys', () => {
	it('keeps keys in keys.json with mode 0600, apart from settings.json', () => {
		storeKey('openai', KEY, env);
		expect(statSync(keysFile(env)).mode & 0o777).toBe(0o600);
		expect(storedKey('openai', env)).toBe(KEY);
		storeKey('groq', 'gsk_other_key_value_99', env);
		expect(readStoredKeys(env)).toEqual({openai: KEY, groq: 'gsk_other_key_value_99'});
		expect(statSync(keysFile(env)).mode & 0o777).toBe(0o600);
		expect(removeStoredKey('openai', env)).toBe(true);
		expect(readStoredKeys(env)).toEqual({groq: 'gsk_other_key_value_99'});
	});

	it('masks to at most the first 3 and last 4 characters, and hides short keys entirely', () => {
		expect(maskKey(KEY)).toBe('sk-…1234');
		expect(maskKey('short-key-12')).toBe('****');
	});

	it('refuses a keys file that is not JSON without quoting it', () => {
		writeFileSync(keysFile(env), `{"openai": "${KEY}"`, {mode: 0o600});
		expect(() => readStoredKeys(env)).toThrow(/not valid JSON/);
		try {
			readStoredKeys(env);
		} catch (error) {
			expect((error as Error).message).not.toContain(KEY);
		}
	});
});

describe('arena providers add --store-key', () => {
	it('reads the key from stdin, stores it 0600, lists it masked, and never writes it to settings.json', async () => {
		const added = await runCli(['providers', 'add', 'openai', '--store-key'], {env, input: `${KEY}\n`});
		expect(added.status).toBe(0);
		expect(added.stdout).toContain('sk-…1234');
		expect(added.stdout + added.stderr).not.toContain(KEY);
		expect(statSync(path.join(home, 'keys.json')).mode & 0o777).toBe(0o600);
		expect(readFileSync(path.join(home, 'settings.json'), 'utf8')).not.toContain(KEY);

		const listed = await runCli(['providers', 'list'], {env});
		expect(listed.stdout).toMatch(/openai\s+https:\/\/api\.openai\.com\/v1\s+\$OPENAI_API_KEY \(not set\), stored sk-…1234/);
		expect(listed.stdout).not.toContain(KEY);
		const json = await runCli(['providers', 'list', '--json'], {env});
		expect(JSON.parse(json.stdout)[0].stored_key).toBe('sk-…1234');
		expect(json.stdout).not.toContain(KEY);

		const removed = await runCli(['providers', 'remove', 'openai'], {env});
		expect(removed.status).toBe(0);
		expect(readFileSync(path.join(home, 'keys.json'), 'utf8')).not.toContain(KEY);
	});

	it('fails with exit 2 and stores nothing when stdin is empty', async () => {
		const result = await runCli(['providers', 'add', 'openai', '--store-key'], {env, input: ''});
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/stdin was empty/);
		const listed = await runCli(['providers', 'list', '--json'], {env});
		expect(JSON.parse(listed.stdout)).toEqual([]);
	});
});
