import {UsageError} from '../core/errors.js';
import {resolveProviderAddition} from '../providers/presets.js';
import {maskKey, readStoredKeys, removeStoredKey, storeKey} from '../store/keys.js';
import {openSettings} from '../store/settings.js';
import {EXIT_OK, EXIT_USAGE, reportFatal} from './exit.js';

/** `arena providers add NAME [--base-url URL] [--api-key-env VAR]`; a preset name fills in what is left out. */
export async function providersAdd(
	name: string,
	options: {baseUrl?: string; apiKeyEnv?: string; storeKey?: boolean},
	readKey: () => Promise<string> = readKeyFromStdin,
): Promise<number> {
	try {
		const resolved = resolveProviderAddition(name, options);
		if ('error' in resolved) throw new UsageError(resolved.error);
		const settings = openSettings();
		const replacing = settings.provider(name) !== undefined;
		// Read the key before anything is written, so a bad key leaves no half-added provider.
		const keyToStore = options.storeKey ? await readKey() : undefined;
		await settings.addProvider(name, resolved);
		if (keyToStore !== undefined) storeKey(name, keyToStore);
		const added = settings.provider(name)!;
		const key = keyToStore !== undefined
			? `stored key ${maskKey(keyToStore.trim())}${added.apiKeyEnv ? `; $${added.apiKeyEnv} wins when set` : ''}`
			: added.apiKeyEnv ? `key from $${added.apiKeyEnv}` : 'no key';
		process.stdout.write(`${replacing ? 'updated' : 'added'} provider ${name}: ${added.baseURL} (${key})\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

export function providersList(options: {json?: boolean}): number {
	try {
		const providers = openSettings().providers();
		const stored = readStoredKeys();
		// Only the variable's name and whether it is set, and a stored key masked: never a key.
		const rows = Object.entries(providers).map(([name, provider]) => ({
			name,
			base_url: provider.baseURL,
			api_key_env: provider.apiKeyEnv ?? null,
			api_key_set: provider.apiKeyEnv ? Boolean(process.env[provider.apiKeyEnv]) : null,
			stored_key: Object.hasOwn(stored, name) ? maskKey(stored[name]!) : null,
		}));
		if (options.json) {
			process.stdout.write(`${JSON.stringify(rows)}\n`);
			return EXIT_OK;
		}
		if (rows.length === 0) {
			process.stdout.write('no providers configured; add a preset with `arena providers add openai` (or openrouter, deepseek, groq, together, mistral, gemini, ollama, lmstudio, vllm, llamacpp), any other with `arena providers add NAME --base-url URL [--api-key-env VAR]`, or try `arena --demo`\n');
			return EXIT_OK;
		}
		const table = [
			['NAME', 'BASE URL', 'KEY'],
			...rows.map(row => [
				row.name,
				row.base_url,
				describeKey(row),
			]),
		];
		const widths = table[0]!.map((_, column) => Math.max(...table.map(row => row[column]!.length)));
		for (const row of table) {
			process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
		}
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

export async function providersRemove(name: string): Promise<number> {
	try {
		const removedKey = removeStoredKey(name);
		if (!(await openSettings().removeProvider(name)) && !removedKey) {
			process.stderr.write(`arena: no provider named "${name}"; see \`arena providers list\`\n`);
			return EXIT_USAGE;
		}
		process.stdout.write(`removed provider ${name}\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

function describeKey(row: {api_key_env: string | null; api_key_set: boolean | null; stored_key: string | null}): string {
	const parts: string[] = [];
	if (row.api_key_env !== null) parts.push(`$${row.api_key_env}${row.api_key_set ? '' : ' (not set)'}`);
	if (row.stored_key !== null) parts.push(`stored ${row.stored_key}`);
	return parts.length > 0 ? parts.join(', ') : '(none)';
}

/** The key comes on stdin, never on the command line, where `ps` and shell history would show it. */
async function readKeyFromStdin(): Promise<string> {
	if (process.stdin.isTTY) return readKeyWithoutEcho();
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8').trim();
	if (text === '') throw new UsageError('--store-key reads the key from stdin, and stdin was empty; e.g. `printf %s "$KEY" | arena providers add NAME --store-key`');
	return text;
}

/** On a terminal: raw mode, so the pasted key is not echoed onto the screen or into scrollback. */
function readKeyWithoutEcho(): Promise<string> {
	const input = process.stdin;
	process.stderr.write('paste the key, then press Enter (it will not be shown): ');
	return new Promise((resolve, reject) => {
		let typed = '';
		const done = (error?: Error) => {
			input.off('data', onData);
			input.setRawMode(false);
			input.pause();
			process.stderr.write('\n');
			if (error) reject(error);
			else resolve(typed.trim());
		};
		const onData = (chunk: Buffer) => {
			for (const character of chunk.toString('utf8')) {
				if (character === '\u0003') return done(new UsageError('cancelled; no key stored'));
				if (character === '\r' || character === '\n' || character === '\u0004') {
					return typed.trim() === '' ? done(new UsageError('no key given; nothing stored')) : done();
				}
				if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
				else typed += character;
			}
		};
		input.setRawMode(true);
		input.resume();
		input.on('data', onData);
	});
}
