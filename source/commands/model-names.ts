import type {Command} from 'commander';
import type {SettingsStore} from '../store/settings.js';
import {EXIT_OK, EXIT_USAGE, reportFatal} from './exit.js';

/*
 * Aliases and fallback chains, saved in settings:
 *
 *   arena models alias NAME SPEC             -m NAME stands for SPEC
 *   arena models aliases [--json]            list them
 *   arena models unalias NAME
 *   arena models chain NAME SPEC1 SPEC2 …    -m NAME tries SPEC1, then SPEC2… (members may be aliases)
 *   arena models chains [--json]             list them
 *   arena models unchain NAME
 *
 * A chain is rated on the leaderboard as `chain:NAME`; each answer also records
 * the member that served it. Only types at the top: actions import the rest.
 */

export interface ModelNamesIo {
	env?: NodeJS.ProcessEnv;
	stdout?: Pick<NodeJS.WriteStream, 'write'>;
}

export function registerModelNames(models: Command): void {
	models
		.command('alias')
		.description('let `-m NAME` stand for a PROVIDER:MODEL spec (replaces an alias of the same name)')
		.argument('<name>', 'a short name without colons, e.g. coder')
		.argument('<spec>', 'the model as PROVIDER:MODEL')
		.action(async (name: string, spec: string) => {
			process.exitCode = await aliasCommand(name, spec);
		});
	models
		.command('aliases')
		.description('list model aliases')
		.option('--json', 'print JSON')
		.action(async (options: {json?: boolean}) => {
			process.exitCode = await listNamesCommand('aliases', options);
		});
	models
		.command('unalias')
		.description('remove a model alias')
		.argument('<name>')
		.action(async (name: string) => {
			process.exitCode = await removeNameCommand('alias', name);
		});
	models
		.command('chain')
		.description('save a fallback chain: `-m NAME` tries each model in turn until one starts answering')
		.argument('<name>', 'a short name without colons, e.g. coder')
		.argument('<specs...>', 'two or more models (PROVIDER:MODEL or alias names), in the order to try them')
		.action(async (name: string, specs: string[]) => {
			process.exitCode = await chainCommand(name, specs);
		});
	models
		.command('chains')
		.description('list fallback chains')
		.option('--json', 'print JSON')
		.action(async (options: {json?: boolean}) => {
			process.exitCode = await listNamesCommand('chains', options);
		});
	models
		.command('unchain')
		.description('remove a fallback chain')
		.argument('<name>')
		.action(async (name: string) => {
			process.exitCode = await removeNameCommand('chain', name);
		});
}

async function settingsFor(io: ModelNamesIo): Promise<SettingsStore> {
	const {openSettings} = await import('../store/settings.js');
	return openSettings(io.env);
}

export async function aliasCommand(name: string, spec: string, io: ModelNamesIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const settings = await settingsFor(io);
		const replacing = Object.hasOwn(settings.aliases(), name);
		const stored = await settings.saveAlias(name, spec);
		stdout.write(`${replacing ? 'replaced' : 'saved'} alias ${name} → ${stored}\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

export async function chainCommand(name: string, members: readonly string[], io: ModelNamesIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const settings = await settingsFor(io);
		const replacing = Object.hasOwn(settings.chains(), name);
		// Resolve first, so a member naming nothing (or a cycle) is refused now rather than failing a run later.
		const [{resolveModelReference}, {normaliseChainMembers}] = await Promise.all([
			import('../core/model-names.js'),
			import('../store/settings.js'),
		]);
		const chains = {...settings.chains(), [name]: normaliseChainMembers(members)};
		resolveModelReference(name, {aliases: settings.aliases(), chains, providers: settings.providers()});
		const stored = await settings.saveChain(name, members);
		stdout.write(`${replacing ? 'replaced' : 'saved'} chain ${name}: ${stored.join(' → ')} (rated as chain:${name})\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

export async function listNamesCommand(kind: 'aliases' | 'chains', options: {json?: boolean}, io: ModelNamesIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const settings = await settingsFor(io);
		if (kind === 'aliases') {
			const aliases = settings.aliases();
			if (options.json) stdout.write(`${JSON.stringify(aliases)}\n`);
			else if (Object.keys(aliases).length === 0) stdout.write('no aliases; add one with `arena models alias NAME PROVIDER:MODEL`\n');
			else for (const [name, spec] of Object.entries(aliases)) stdout.write(`${name}\t${spec}\n`);
		} else {
			const chains = settings.chains();
			if (options.json) stdout.write(`${JSON.stringify(chains)}\n`);
			else if (Object.keys(chains).length === 0) stdout.write('no chains; add one with `arena models chain NAME SPEC1 SPEC2 …`\n');
			else for (const [name, members] of Object.entries(chains)) stdout.write(`${name}\t${members.join(' → ')}\n`);
		}
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

export async function removeNameCommand(kind: 'alias' | 'chain', name: string, io: ModelNamesIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const settings = await settingsFor(io);
		const removed = kind === 'alias' ? await settings.removeAlias(name) : await settings.removeChain(name);
		if (!removed) {
			process.stderr.write(`arena: no ${kind} named "${name}"; see \`arena models ${kind === 'alias' ? 'aliases' : 'chains'}\`\n`);
			return EXIT_USAGE;
		}
		stdout.write(`removed ${kind} ${name}\n`);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}
