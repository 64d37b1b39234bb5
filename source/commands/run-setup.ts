import {UsageError} from '../core/errors.js';
import {resolveModelReference, type ResolvedModel} from '../core/model-names.js';
import type {ModelSpec, RunParams, RunTarget} from '../core/types.js';
import type {ChatMessage} from '../providers/types.js';
import {openSettings, type SettingsStore} from '../store/settings.js';
import {attachPrices} from './price-resolver.js';

/** Options shared by `arena` and `arena run`, as commander hands them over (strings). */
export interface RunCommandOptions {
	model?: string[];
	demo?: boolean;
	system?: string;
	maxTokens?: string;
	temperature?: string;
	idleTimeout?: string;
	retries?: string;
	json?: boolean;
	/** False with --no-save. */
	save?: boolean;
}

export const DEMO_PROVIDER = 'demo';
export const DEFAULT_DEMO_SPECS = ['demo:swift', 'demo:steady', 'demo:thinker'];

export interface PreparedRun {
	targets: RunTarget[];
	/** Everything but the messages, which depend on the prompt. */
	params: Omit<RunParams, 'messages'>;
	system: string | undefined;
	/** True when every model is the built-in simulation. */
	simulated: boolean;
	/** Stops the in-process demo server, if one was started. */
	close(): Promise<void>;
}

export function buildMessages(prompt: string, system: string | undefined): ChatMessage[] {
	const messages: ChatMessage[] = [];
	if (system) messages.push({role: 'system', content: system});
	messages.push({role: 'user', content: prompt});
	return messages;
}

/**
 * Turns flags and settings into run targets. Fails with a UsageError (exit 2)
 * before any request is sent, so a typo never costs tokens.
 */
export async function prepareRun(
	options: RunCommandOptions,
	settings: SettingsStore = openSettings(),
	env: NodeJS.ProcessEnv = process.env,
): Promise<PreparedRun> {
	const params: Omit<RunParams, 'messages'> = {
		idleTimeoutMs: parsePositiveNumber(options.idleTimeout ?? '60', '--idle-timeout') * 1000,
		maxRetries: parseWholeNumber(options.retries ?? '2', '--retries'),
	};
	if (options.maxTokens !== undefined) params.maxTokens = parsePositiveInteger(options.maxTokens, '--max-tokens');
	if (options.temperature !== undefined) params.temperature = parseTemperature(options.temperature);

	const configured = settings.providers();
	let specs = options.model ?? [];
	if (specs.length === 0) {
		const names = Object.keys(configured);
		if (options.demo || names.length === 0) specs = DEFAULT_DEMO_SPECS;
		else {
			throw new UsageError(
				`no models: pass -m PROVIDER:MODEL for each model (configured providers: ${names.join(', ')}), or --demo`,
			);
		}
	}

	// Aliases become their spec; chains keep their own spec (`chain:NAME`) and carry their members.
	const names = {aliases: settings.aliases(), chains: settings.chains(), providers: configured};
	const resolved: ResolvedModel[] = specs.map(reference => resolveModelReference(reference, names));
	// Every model that may be called: each spec, and each chain's members.
	const parsed: ModelSpec[] = resolved.flatMap(entry => (entry.kind === 'chain' ? entry.members : [entry.spec]));
	const needsDemo = parsed.some(spec => spec.provider === DEMO_PROVIDER && !configured[DEMO_PROVIDER]);
	for (const spec of parsed) {
		if (spec.provider === DEMO_PROVIDER && !configured[DEMO_PROVIDER]) continue;
		if (!configured[spec.provider]) {
			const known = Object.keys(configured);
			throw new UsageError(
				`unknown provider "${spec.provider}" in "${spec.spec}"; add it with \`arena providers add ${spec.provider} --base-url URL\`` +
					(known.length > 0 ? ` (configured: ${known.join(', ')})` : ''),
			);
		}
	}

	let close = async () => {};
	let demoBaseURL: string | undefined;
	if (needsDemo) {
		const {startDemoServer, DEMO_MODELS} = await import('../demo/server.js');
		const known = new Set(DEMO_MODELS.map(model => model.id));
		const unknown = parsed.find(spec => spec.provider === DEMO_PROVIDER && !known.has(spec.model));
		if (unknown) {
			throw new UsageError(
				`unknown demo model "${unknown.spec}"; the demo offers ${DEMO_MODELS.map(model => `demo:${model.id}`).join(', ')}`,
			);
		}
		const speed = env['ARENA_DEMO_SPEED'] ? parsePositiveNumber(env['ARENA_DEMO_SPEED'], 'ARENA_DEMO_SPEED') : 1;
		const server = await startDemoServer({speed});
		demoBaseURL = server.baseURL;
		close = () => server.close();
	}

	const toTarget = (spec: ModelSpec): RunTarget => {
		if (spec.provider === DEMO_PROVIDER && demoBaseURL) {
			return {...spec, endpoint: {name: DEMO_PROVIDER, baseURL: demoBaseURL}, simulated: true};
		}
		return {...spec, endpoint: settings.provider(spec.provider)!};
	};
	const targets: RunTarget[] = resolved.map(entry => {
		if (entry.kind === 'spec') return toTarget(entry.spec);
		const members = entry.members.map(toTarget);
		// The chain's own endpoint is its first member's; the engine calls each member's own.
		return {
			...entry.spec,
			endpoint: members[0]!.endpoint,
			simulated: members.every(member => member.simulated) || undefined,
			chain: {name: entry.name, members},
		};
	});
	// Prices are known before the first request, so each pane can show its answer's cost the moment it ends.
	await attachPrices(targets, settings);
	return {targets, params, system: options.system, simulated: targets.every(target => target.simulated), close};
}

function parsePositiveNumber(raw: string, flag: string): number {
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a positive number, got "${raw}"`);
	return value;
}

function parsePositiveInteger(raw: string, flag: string): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${flag} must be a positive whole number, got "${raw}"`);
	return value;
}

function parseWholeNumber(raw: string, flag: string): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} must be 0 or a positive whole number, got "${raw}"`);
	return value;
}

function parseTemperature(raw: string): number {
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0 || value > 2) throw new UsageError(`--temperature must be between 0 and 2, got "${raw}"`);
	return value;
}
