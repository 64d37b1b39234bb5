#!/usr/bin/env node
/**
 * Argument parsing only. Each command lives in source/commands and is imported
 * when it runs, so `arena --help` loads nothing but commander.
 */
import {Command, CommanderError, Option} from 'commander';
import {registerBattleCommand} from './commands/battle.js';
import {EXIT_USAGE, reportFatal} from './commands/exit.js';
import {registerExportCommand} from './commands/export.js';
import {registerHistoryCommand} from './commands/history.js';
import {registerImportCommand} from './commands/import.js';
import {registerLeaderboardCommand} from './commands/leaderboard.js';
import {registerDoctorCommand} from './commands/doctor.js';
import {registerModelNames} from './commands/model-names.js';
import {registerModelPrices} from './commands/model-prices.js';
import {registerCostCommand} from './commands/cost.js';
import {registerModelsList} from './commands/models-list.js';
import {registerModelsCommand} from './commands/models.js';
import {registerPoolCommand} from './commands/pool.js';
import {registerSuiteCommand} from './commands/suite.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command('arena')
	.description(
		'Stream one prompt to several LLMs side by side, measure TTFT and tokens/s, and rate the answers.\n' +
			'`arena` with no command opens the interactive arena: a prompt editor, your models, follow-ups, blind battles, ' +
			'the leaderboard and the history, each a key away (the options below set it up for the session).',
	)
	.version('0.1.0', '-V, --version')
	.showHelpAfterError('(run arena --help for usage)')
	.exitOverride()
	.enablePositionalOptions();

function addRunOptions(command: Command): Command {
	return command
		.option('-m, --model <spec>', 'a model as PROVIDER:MODEL, an alias or a fallback chain (see `arena models alias`, `arena models chain`); repeat for each model', collect)
		.option('--demo', 'use the built-in simulated models (demo:swift, demo:steady, demo:thinker)')
		.option('--system <text>', 'system prompt')
		.option('--max-tokens <n>', 'maximum output tokens per model')
		.option('--temperature <x>', 'sampling temperature (0 to 2)')
		.option('--idle-timeout <seconds>', 'fail a model that sends nothing for this long', '60')
		.option('--retries <n>', 'retries on 429/5xx/connection errors before the first token', '2')
		.option('--json', 'headless: print one JSON object per model per line')
		.option('--no-save', 'do not keep this run or its judgements in the history');
}

addRunOptions(
	program
		.command('run')
		.description('stream PROMPT to every -m model at once (PROMPT "-" or piped stdin reads the prompt from stdin)')
		.argument('[prompt]', 'the prompt; "-" reads stdin')
		.option('--suite <name>', 'run the tasks of a suite instead of PROMPT (see `arena suite list`); resumes at the first task not yet judged (headless: not yet saved)'),
).action(async (prompt: string | undefined, options) => {
	const {runCommand} = await import('./commands/run.js');
	process.exitCode = await runCommand(prompt, options);
});

const providers = program.command('providers').description('manage OpenAI-compatible providers');
providers
	.command('add')
	.description('add or replace a provider')
	.argument(
		'<name>',
		'short name used in model specs; a preset (openai, openrouter, deepseek, groq, together, mistral, gemini, ollama, lmstudio, vllm, llamacpp) fills in the URL and key variable',
	)
	.option('--base-url <url>', 'OpenAI-compatible base URL, e.g. https://api.openai.com/v1 (needed unless NAME is a preset)')
	.option('--api-key-env <var>', 'name of the environment variable that holds the API key (overrides the preset\'s)')
	.option('--store-key', 'read the key from stdin and keep it in a separate owner-only file (an environment variable is safer; it still wins when set)')
	.action(async (name: string, options) => {
		const {providersAdd} = await import('./commands/providers.js');
		process.exitCode = await providersAdd(name, options);
	});
providers
	.command('list')
	.description('list configured providers')
	.option('--json', 'print JSON')
	.action(async options => {
		const {providersList} = await import('./commands/providers.js');
		process.exitCode = providersList(options);
	});
providers
	.command('remove')
	.description('remove a provider')
	.argument('<name>')
	.action(async (name: string) => {
		const {providersRemove} = await import('./commands/providers.js');
		process.exitCode = await providersRemove(name);
	});

registerLeaderboardCommand(program);
registerHistoryCommand(program);
// Each models concern adds its registrar to this list.
registerModelsCommand(program, [registerModelsList, registerModelNames, registerModelPrices]);
registerSuiteCommand(program);
registerPoolCommand(program);
registerCostCommand(program);
registerBattleCommand(program);
registerExportCommand(program);
registerImportCommand(program);
registerDoctorCommand(program);

// `arena` alone: the interactive arena (type a prompt, watch it stream).
addRunOptions(program).action(async options => {
	const {homeCommand} = await import('./commands/home.js');
	process.exitCode = await homeCommand(options);
});

program.addOption(new Option('--no-color', 'disable colour (NO_COLOR is honoured too)').hideHelp());

// `arena … | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', error => {
	if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
	throw error;
});

try {
	await program.parseAsync(process.argv);
} catch (error) {
	if (error instanceof CommanderError) {
		// Help and version are "errors" to commander; bad usage exits 2 as documented.
		process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
	} else {
		process.exitCode = reportFatal(error);
	}
}
