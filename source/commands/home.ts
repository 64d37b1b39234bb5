import {UsageError} from '../core/errors.js';
import type {SettingsStore} from '../store/settings.js';
import {EXIT_OK, reportFatal} from './exit.js';
import type {RunCommandOptions} from './run-setup.js';

/**
 * `arena` with no command: on a terminal, ask for a prompt and run it against the
 * chosen models. With no provider configured and no model named, the first-run
 * screen offers what it finds (key variables, a local Ollama or LM Studio) and
 * the demo. Off a terminal there is nothing to interact with, so it says how to
 * run headless.
 */
export async function homeCommand(options: RunCommandOptions): Promise<number> {
	if (!process.stdout.isTTY || !process.stdin.isTTY || options.json) {
		return reportFatal(
			new UsageError('arena needs a terminal for the interactive arena; for scripts use `arena run PROMPT -m SPEC … --json`'),
		);
	}
	if (!options.demo && (options.model ?? []).length === 0) {
		try {
			const {openSettings} = await import('../store/settings.js');
			const settings = openSettings();
			if (Object.keys(settings.providers()).length === 0 && savedModels(settings).length === 0) return await firstRun(options, settings);
		} catch (error) {
			return reportFatal(error);
		}
	}
	return openWorkspace(options);
}

/** The models home last used; an invalid `home` section counts as none here (home itself reports it). */
function savedModels(settings: SettingsStore): string[] {
	try {
		return settings.home().models ?? [];
	} catch {
		return [];
	}
}

/**
 * The interactive arena: home, with the models and options it had last time
 * (flags win for this session), and every screen it opens.
 */
export async function openWorkspace(options: RunCommandOptions): Promise<number> {
	let host: {close(): Promise<void>} | undefined;
	try {
		const [{openSettings}, {ArenaWorkspaceHost}, {workspaceTui}, {applyTheme, resolveTheme}, {DEFAULT_DEMO_SPECS}] = await Promise.all([
			import('../store/settings.js'),
			import('./workspace-host.js'),
			import('../ui/workspace/workspace-app.js'),
			import('../ui/theme.js'),
			import('./run-setup.js'),
		]);
		const settings = openSettings();
		let notice: string | null = null;
		let saved: ReturnType<typeof settings.home> = {};
		try {
			saved = settings.home();
		} catch (error) {
			notice = `${error instanceof Error ? error.message : String(error)}; using defaults`;
		}
		const flagged = options.model ?? [];
		const noProviders = Object.keys(settings.providers()).length === 0;
		const models =
			options.demo === true ? DEFAULT_DEMO_SPECS : flagged.length > 0 ? flagged : (saved.models ?? (noProviders ? DEFAULT_DEMO_SPECS : []));
		const theme = saved.theme ?? 'auto';
		applyTheme(resolveTheme(process.env, theme));
		const workspace = new ArenaWorkspaceHost({
			settings,
			flags: options,
			start: {
				models: [...models],
				mode: saved.mode ?? 'named',
				options: {
					system: options.system ?? saved.system ?? '',
					temperature: options.temperature !== undefined ? Number(options.temperature) : (saved.temperature ?? null),
					maxTokens: options.maxTokens !== undefined ? Number(options.maxTokens) : (saved.maxTokens ?? null),
				},
				theme,
				notice,
				saving: options.save !== false,
			},
		});
		host = workspace;
		const {signal} = await workspaceTui(workspace, {rubricWeights: settings.rubricWeights()});
		host = undefined;
		// Killed rather than quit: the shell's convention, 128 + the signal's number.
		if (signal !== null) return 128 + (signal === 'SIGHUP' ? 1 : 15);
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	} finally {
		await host?.close();
	}
}

async function firstRun(options: RunCommandOptions, settings: SettingsStore): Promise<number> {
	const [{scanForProviders, localProbeTargets}, {listModels}, {firstRunTui}] = await Promise.all([
		import('../providers/first-run-scan.js'),
		import('../providers/models-endpoint.js'),
		import('../ui/first-run-app.js'),
	]);
	// The scan runs while the screen already shows a spinner.
	const found = scanForProviders();
	const lookedFor =
		'looked for OPENAI_API_KEY, OPENROUTER_API_KEY, DEEPSEEK_API_KEY, GROQ_API_KEY, TOGETHER_API_KEY, MISTRAL_API_KEY, GEMINI_API_KEY, ' +
		localProbeTargets(process.env)
			.map(target => `${target.name} at ${target.baseURL}`)
			.join(', ');
	const choice = await firstRunTui({
		found,
		lookedFor,
		loadModels: async provider => {
			const endpoint = {name: provider.name, baseURL: provider.baseURL, ...(provider.apiKeyEnv ? {apiKeyEnv: provider.apiKeyEnv} : {})};
			const listing = await listModels(endpoint);
			return listing.ok ? {ok: true, models: listing.models} : {ok: false, error: listing.error};
		},
	});
	if (choice.kind === 'quit') return EXIT_OK;
	if (choice.kind === 'demo') {
		// Remembered, so the next `arena` opens home with the demo rather than this screen again.
		const {DEFAULT_DEMO_SPECS} = await import('./run-setup.js');
		await settings.updateHome({models: DEFAULT_DEMO_SPECS});
		return openWorkspace({...options, demo: true});
	}
	const {provider} = choice;
	await settings.addProvider(provider.name, provider.apiKeyEnv ? {baseURL: provider.baseURL, apiKeyEnv: provider.apiKeyEnv} : {baseURL: provider.baseURL});
	process.stdout.write(`added provider ${provider.name}: ${provider.baseURL}${provider.apiKeyEnv ? ` (key from $${provider.apiKeyEnv})` : ''}\n`);
	if (choice.kind === 'add-only') {
		process.stdout.write(`run it with \`arena -m ${provider.name}:MODEL\`; \`arena models ${provider.name}\` lists its models\n`);
		return EXIT_OK;
	}
	const models = choice.models.map(model => `${provider.name}:${model}`);
	await settings.updateHome({models});
	return openWorkspace({...options, model: models});
}
