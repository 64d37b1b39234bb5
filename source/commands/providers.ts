import {openSettings} from '../store/settings.js';
import {EXIT_OK, EXIT_USAGE, reportFatal} from './exit.js';

export async function providersAdd(name: string, options: {baseUrl: string; apiKeyEnv?: string}): Promise<number> {
	try {
		const settings = openSettings();
		const replacing = settings.provider(name) !== undefined;
		await settings.addProvider(name, {baseURL: options.baseUrl, apiKeyEnv: options.apiKeyEnv});
		const added = settings.provider(name)!;
		const key = added.apiKeyEnv ? `key from $${added.apiKeyEnv}` : 'no key';
		process.stdout.write(`${replacing ? 'updated' : 'added'} provider ${name}: ${added.baseURL} (${key})\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

export function providersList(options: {json?: boolean}): number {
	try {
		const providers = openSettings().providers();
		// Only the variable's name and whether it is set: never its value.
		const rows = Object.entries(providers).map(([name, provider]) => ({
			name,
			base_url: provider.baseURL,
			api_key_env: provider.apiKeyEnv ?? null,
			api_key_set: provider.apiKeyEnv ? Boolean(process.env[provider.apiKeyEnv]) : null,
		}));
		if (options.json) {
			process.stdout.write(`${JSON.stringify(rows)}\n`);
			return EXIT_OK;
		}
		if (rows.length === 0) {
			process.stdout.write('no providers configured; add one with `arena providers add NAME --base-url URL [--api-key-env VAR]`, or try `arena --demo`\n');
			return EXIT_OK;
		}
		const table = [
			['NAME', 'BASE URL', 'KEY'],
			...rows.map(row => [
				row.name,
				row.base_url,
				row.api_key_env === null ? '(none)' : `$${row.api_key_env}${row.api_key_set ? '' : ' (not set)'}`,
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
		if (!(await openSettings().removeProvider(name))) {
			process.stderr.write(`arena: no provider named "${name}"; see \`arena providers list\`\n`);
			return EXIT_USAGE;
		}
		process.stdout.write(`removed provider ${name}\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}
