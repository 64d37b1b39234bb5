import {chmodSync, closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs';
import path from 'node:path';
import {ConfigError} from '../core/errors.js';
import {resolveArenaPaths} from './paths.js';

/**
 * API keys the user chose to store (`arena providers add NAME --store-key`).
 * They live in their own file, readable by the owner only, so settings.json can
 * be shared or backed up without them. An environment variable always wins.
 */

const KEYS_FILE_NAME = 'keys.json';
const OWNER_ONLY = 0o600;

export function keysFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(resolveArenaPaths(env).configDir, KEYS_FILE_NAME);
}

/** Every stored key by provider name; a missing file is none. Never throws for a missing file. */
export function readStoredKeys(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
	const file = keysFile(env);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
		throw new ConfigError(`cannot read stored keys ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); fix its permissions`);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		// The parser's message would quote the file, i.e. the keys.
		throw new ConfigError(`stored keys ${file} are not valid JSON; remove the file and store the keys again`);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new ConfigError(`stored keys ${file} must be an object of provider name to key; remove the file and store the keys again`);
	}
	const keys: Record<string, string> = {};
	for (const [name, value] of Object.entries(data)) {
		if (typeof value === 'string' && value.trim() !== '') keys[name] = value.trim();
	}
	return keys;
}

export function storedKey(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	const keys = readStoredKeys(env);
	return Object.hasOwn(keys, name) ? keys[name] : undefined;
}

export function storeKey(name: string, key: string, env: NodeJS.ProcessEnv = process.env): void {
	const trimmed = key.trim();
	if (trimmed === '') throw new ConfigError('the key is empty; pipe it on stdin, e.g. `printf %s "$KEY" | arena providers add NAME --store-key`');
	if (/\s/.test(trimmed)) throw new ConfigError('the key contains whitespace; give the key alone, on one line');
	writeKeys({...readStoredKeys(env), [name]: trimmed}, env);
}

export function removeStoredKey(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
	const keys = readStoredKeys(env);
	if (!Object.hasOwn(keys, name)) return false;
	delete keys[name];
	writeKeys(keys, env);
	return true;
}

/** "sk-…1234": at most the first 3 and last 4 characters; a short key shows nothing of itself. */
export function maskKey(key: string): string {
	if (key.length < 16) return '****';
	return `${key.slice(0, 3)}…${key.slice(-4)}`;
}

function writeKeys(keys: Record<string, string>, env: NodeJS.ProcessEnv): void {
	const file = keysFile(env);
	const temporary = `${file}.${process.pid}.tmp`;
	// Created owner-only from the first byte: a chmod afterwards would leave a window.
	const descriptor = openSync(temporary, 'wx', OWNER_ONLY);
	try {
		writeSync(descriptor, `${JSON.stringify(keys, null, '\t')}\n`);
	} finally {
		closeSync(descriptor);
	}
	try {
		chmodSync(temporary, OWNER_ONLY);
		renameSync(temporary, file);
	} catch (error) {
		try {
			unlinkSync(temporary);
		} catch {
			// Already gone.
		}
		throw error;
	}
	const mode = statSync(file).mode & 0o777;
	if (mode !== OWNER_ONLY) {
		throw new ConfigError(`stored keys ${file} have mode ${mode.toString(8)}, not 600; the file system does not keep permissions`);
	}
}
