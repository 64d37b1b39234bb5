import type {Command} from 'commander';
import {UsageError} from '../core/errors.js';
import type {SettingsStore} from '../store/settings.js';
import {EXIT_OK, reportFatal} from './exit.js';

/*
 * `arena pool`: named model sets, saved in settings, for `arena battle --pool NAME`.
 * Only types at the top: cli.ts imports this file to register the command,
 * and `arena --help` must not load conf or zod. Actions import them.
 */

export const POOL_ADD_USAGE = 'arena pool add NAME SPEC SPEC…';

export interface PoolCommandOptions {
	json?: boolean;
}

/** Where the command reads settings and writes output; the process's own unless a test says otherwise. */
export interface PoolCommandIo {
	env?: NodeJS.ProcessEnv;
	stdout?: Pick<NodeJS.WriteStream, 'write'>;
}

export function registerPoolCommand(program: Command): void {
	const pool = program.command('pool').description('named model sets ("pools") for `arena battle --pool NAME`');
	pool
		.command('add')
		.description('save a model set under NAME, replacing one of the same name')
		.argument('<name>', 'a short name, e.g. coding (letters, digits, ".", "_" or "-")')
		.argument('<specs...>', 'two or more models as PROVIDER:MODEL')
		.action(async (name: string, specs: string[]) => {
			process.exitCode = await poolAddCommand(name, specs);
		});
	pool
		.command('list')
		.description('list the saved model sets')
		.option('--json', 'print JSON')
		.action(async (options: PoolCommandOptions) => {
			process.exitCode = await poolListCommand(options);
		});
	pool
		.command('show')
		.description('print the models of a set, one spec per line')
		.argument('<name>', 'a name from `arena pool list`')
		.option('--json', 'print JSON')
		.action(async (name: string, options: PoolCommandOptions) => {
			process.exitCode = await poolShowCommand(name, options);
		});
	pool
		.command('remove')
		.description('delete a saved model set')
		.argument('<name>', 'a name from `arena pool list`')
		.action(async (name: string) => {
			process.exitCode = await poolRemoveCommand(name);
		});
}

/** `arena pool add NAME SPEC SPEC…`: saves the set, saying whether it replaced one. */
export async function poolAddCommand(name: string, specs: readonly string[], io: PoolCommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const settings = await settingsFor(io);
		const replacing = settings.pool(name) !== undefined;
		const stored = await settings.savePool(name, specs);
		stdout.write(`${replacing ? 'replaced' : 'saved'} pool ${name}: ${stored.join(' ')}\n`);
		// Saving before the provider exists is allowed; say so now rather than at battle time.
		const [{DEMO_PROVIDER}, {parseModelSpec}] = await Promise.all([import('./run-setup.js'), import('../core/spec.js')]);
		const configured = settings.providers();
		const missing = [...new Set(stored.map(spec => parseModelSpec(spec).provider))].filter(
			provider => provider !== DEMO_PROVIDER && !Object.hasOwn(configured, provider),
		);
		for (const provider of missing) {
			stdout.write(`note: provider "${provider}" is not configured yet; add it with \`arena providers add ${provider} --base-url URL\`\n`);
		}
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/** `arena pool list`: every set with its models. */
export async function poolListCommand(options: PoolCommandOptions, io: PoolCommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const [settings, {renderJson, renderPlainTable}] = await Promise.all([settingsFor(io), import('../core/format-table.js')]);
		const pools = Object.entries(settings.pools()).sort(([a], [b]) => a.localeCompare(b));
		if (options.json) {
			stdout.write(renderJson(pools.map(([name, specs]) => ({name, models: specs}))));
			return EXIT_OK;
		}
		if (pools.length === 0) {
			stdout.write(`no pools saved; save one with \`${POOL_ADD_USAGE}\`\n`);
			return EXIT_OK;
		}
		stdout.write(
			renderPlainTable({
				headers: ['NAME', 'MODELS', 'SPECS'],
				align: ['left', 'right', 'left'],
				rows: pools.map(([name, specs]) => [name, String(specs.length), specs.join(' ')]),
			}),
		);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/** `arena pool show NAME`: the specs, one a line, so a script can read them. */
export async function poolShowCommand(name: string, options: PoolCommandOptions, io: PoolCommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const specs = savedPool(await settingsFor(io), name);
		if (options.json) {
			const {renderJson} = await import('../core/format-table.js');
			stdout.write(renderJson({name, models: specs}));
			return EXIT_OK;
		}
		const {singleLine} = await import('../core/format-table.js');
		stdout.write(specs.map(spec => `${singleLine(spec)}\n`).join(''));
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/** `arena pool remove NAME`. */
export async function poolRemoveCommand(name: string, io: PoolCommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const settings = await settingsFor(io);
		savedPool(settings, name);
		await settings.removePool(name);
		stdout.write(`removed pool ${name}\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/** The specs of a saved set; an unknown name is a usage error that lists the saved ones. */
export function savedPool(settings: Pick<SettingsStore, 'pool' | 'pools'>, name: string): string[] {
	const specs = settings.pool(name);
	if (specs !== undefined) return specs;
	throw new UsageError(unknownPoolMessage(name, Object.keys(settings.pools())));
}

export function unknownPoolMessage(name: string, saved: readonly string[]): string {
	const names = [...saved].sort((a, b) => a.localeCompare(b));
	return names.length === 0
		? `no pool named "${name}"; no pools are saved yet: save one with \`${POOL_ADD_USAGE}\``
		: `no pool named "${name}"; saved pools: ${names.join(', ')}`;
}

async function settingsFor(io: PoolCommandIo): Promise<SettingsStore> {
	const {openSettings} = await import('../store/settings.js');
	return openSettings(io.env ?? process.env);
}
