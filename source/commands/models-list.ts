import type {Command} from 'commander';

/** `arena models [PROVIDER] [--json]`: what each configured provider's /models endpoint offers. */
export function registerModelsList(models: Command): void {
	models
		.argument('[provider]', 'list only this provider\'s models')
		.option('--json', 'print one JSON array: [{provider, ok, models, error}]')
		.action(async (provider: string | undefined, options: {json?: boolean}) => {
			const {modelsListCommand} = await import('./models-list-run.js');
			process.exitCode = await modelsListCommand(provider, options);
		});
}
