import type {Command} from 'commander';

/*
 * `arena models price SPEC --input X --output Y` and `arena models prices [--json]`.
 * Light at the top (commander types only); the work is imported inside the actions.
 */

export function registerModelPrices(models: Command): void {
	models
		.command('price')
		.description('set your own price for a model, in USD per 1M tokens (overrides OpenRouter and the shipped table)')
		.argument('<spec>', 'PROVIDER:MODEL, e.g. deepseek:deepseek-chat')
		.requiredOption('--input <usd>', 'USD per 1M input tokens')
		.requiredOption('--output <usd>', 'USD per 1M output tokens')
		.action(async (spec: string, options: {input: string; output: string}) => {
			const {modelsPrice} = await import('./model-prices-actions.js');
			process.exitCode = await modelsPrice(spec, options);
		});
	models
		.command('prices')
		.description('list known prices with their source (user, openrouter, shipped) and date')
		.option('--json', 'print JSON')
		.action(async (options: {json?: boolean}) => {
			const {modelsPrices} = await import('./model-prices-actions.js');
			process.exitCode = modelsPrices(options);
		});
}
