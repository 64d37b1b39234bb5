import type {Command} from 'commander';

/*
 * `arena models`: the parent command. Each concern registers its own
 * subcommands from a light module (types and commander only at the top);
 * heavy work is imported inside the actions so `arena --help` stays fast.
 *
 * - models-list.ts:   `arena models [PROVIDER] [--json]` (the /models endpoints)
 * - model-prices.ts:  `arena models price SPEC --input X --output Y`, `arena models prices`
 * - model-names.ts:   `arena models alias NAME SPEC`, `arena models chain NAME SPEC1 SPEC2 …`
 */

export type ModelsSubcommandRegistrar = (models: Command) => void;

export function registerModelsCommand(program: Command, registrars: readonly ModelsSubcommandRegistrar[]): Command {
	const models = program
		.command('models')
		.description('list the models of your providers, and manage aliases, prices and fallback chains');
	for (const register of registrars) register(models);
	return models;
}
