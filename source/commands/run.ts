import {ArenaRun} from '../core/engine.js';
import {UsageError} from '../core/errors.js';
import {rubricRecord} from '../core/rubric.js';
import {answerCost, servedPrice} from '../core/cost.js';
import type {ModelResult, RunTarget} from '../core/types.js';
import {EXIT_FAILED, EXIT_OK, reportFatal} from './exit.js';
import {resolveArenaPaths} from '../store/paths.js';
import {openSettings} from '../store/settings.js';
import type {JudgingCallbacks} from '../ui/run-app.js';
import {RunRecorder} from './run-recorder.js';
import {buildMessages, type PreparedRun, prepareRun, type RunCommandOptions} from './run-setup.js';

/** `arena run` takes `--suite NAME` on top of the options it shares with `arena`. */
export interface RunCommandWithSuiteOptions extends RunCommandOptions {
	suite?: string;
}

export const PROMPT_WITH_SUITE_MESSAGE = '--suite runs the suite\'s own prompts; drop PROMPT, or drop --suite to run PROMPT';

/** `arena run [PROMPT] -m SPEC …`: the TUI on a terminal, JSON lines otherwise. With --suite, the suite's tasks instead. */
export async function runCommand(promptArgument: string | undefined, options: RunCommandWithSuiteOptions): Promise<number> {
	if (options.suite !== undefined) {
		if (promptArgument !== undefined) return reportFatal(new UsageError(PROMPT_WITH_SUITE_MESSAGE));
		const {runSuiteCommand} = await import('./run-suite.js');
		return runSuiteCommand({...options, suite: options.suite});
	}
	let prepared: PreparedRun | undefined;
	try {
		const prompt = await resolvePrompt(promptArgument);
		prepared = await prepareRun(options);
		const headless = options.json === true || !process.stdout.isTTY;
		if (prompt === undefined && headless) {
			throw new UsageError('empty prompt: pass PROMPT, "-" to read stdin, or pipe it in');
		}
		const finalPrompt = prompt ?? (await askForPrompt(prepared));
		if (finalPrompt === null) return EXIT_OK;
		return await executeRun(prepared, finalPrompt, headless, options.save !== false);
	} catch (error) {
		return reportFatal(error);
	} finally {
		await prepared?.close();
	}
}

/** Runs one prompt against the prepared targets, headless or in the TUI, and keeps it in the history. */
export async function executeRun(prepared: PreparedRun, prompt: string, headless: boolean, save = true): Promise<number> {
	// Open the store first: a corrupt or newer database stops the run before it costs tokens.
	const store = save ? await openHistory() : undefined;
	try {
		const run = new ArenaRun(prepared.targets, {...prepared.params, messages: buildMessages(prompt, prepared.system)});
		const recorder = store ? new RunRecorder(store, run, {prompt, system: prepared.system, mode: 'named'}) : undefined;
		const results = headless ? await runHeadless(run) : await runInTerminal(run, prompt, recorder);
		return results.every(result => result.error === null) ? EXIT_OK : EXIT_FAILED;
	} finally {
		store?.close();
	}
}

async function openHistory() {
	const {openHistoryStore} = await import('../store/history-store.js');
	return openHistoryStore(resolveArenaPaths().databaseFile);
}

async function runHeadless(run: ArenaRun): Promise<ModelResult[]> {
	const onInterrupt = () => run.cancel();
	process.once('SIGINT', onInterrupt);
	process.once('SIGTERM', onInterrupt);
	try {
		const results = await run.start();
		// In -m order, so scripts can rely on line N being model N.
		for (const [index, result] of results.entries()) {
			process.stdout.write(`${JSON.stringify(toJsonLine(result, run.targets[index]?.simulated === true, run.targets[index]))}\n`);
		}
		return results;
	} finally {
		process.off('SIGINT', onInterrupt);
		process.off('SIGTERM', onInterrupt);
	}
}

async function runInTerminal(run: ArenaRun, prompt: string, recorder: RunRecorder | undefined): Promise<ModelResult[]> {
	const {runTui} = await import('../ui/run-app.js');
	const rubricWeights = openSettings().rubricWeights();
	const judging: JudgingCallbacks | undefined = recorder && {
		onScore: (index, score, rubric) => recorder.score(index, score, rubric && rubricRecord(rubric, rubricWeights)),
		onVote: ({leftIndex, rightIndex, winner}) => recorder.vote(leftIndex, rightIndex, winner),
		onRanking: ordered => recorder.ranking(ordered),
	};
	const {results} = await runTui(run, {title: prompt, judging, rubricWeights});
	return results;
}

async function askForPrompt(prepared: PreparedRun): Promise<string | null> {
	const {promptTui} = await import('../ui/run-app.js');
	const prompt = await promptTui({models: prepared.targets.map(target => target.spec), simulated: prepared.simulated});
	// Submitting nothing (or Esc) just leaves.
	return prompt === null || prompt.trim() === '' ? null : prompt;
}

/** The documented headless record. JSON keeps the raw text; only terminals get sanitised text. */
export function toJsonLine(result: ModelResult, simulated: boolean, target?: RunTarget) {
	const cost = answerCost(result, servedPrice(target, result.served_spec));
	return {
		model: result.model,
		provider: result.provider,
		spec: result.spec,
		text: result.text,
		reasoning: result.reasoning,
		ttft_ms: result.ttft_ms,
		first_content_ms: result.first_content_ms,
		total_ms: result.total_ms,
		output_tokens: result.output_tokens,
		input_tokens: result.input_tokens,
		tokens_estimated: result.tokens_estimated,
		tokens_per_s: result.tokens_per_s,
		itl_p50_ms: result.itl_p50_ms,
		itl_p99_ms: result.itl_p99_ms,
		finish_reason: result.finish_reason,
		retries: result.retries,
		// The model that answered (a chain's member) and the members that failed before their first token.
		served_spec: result.served_spec ?? result.spec,
		fallbacks: result.fallbacks ?? [],
		simulated,
		error: result.error,
		// usage.cost when the server reported it, else tokens × price; null without a price.
		cost_usd: cost?.cost_usd ?? null,
		cost_source: cost?.cost_source ?? null,
		cost_estimated: cost?.estimated ?? null,
	};
}

/** PROMPT, or stdin for "-" or when stdin is piped. undefined: nothing given. */
async function resolvePrompt(argument: string | undefined): Promise<string | undefined> {
	const fromStdin = argument === '-' || (argument === undefined && !process.stdin.isTTY);
	if (!fromStdin) {
		if (argument !== undefined && argument.trim() === '') throw new UsageError('empty prompt: PROMPT is blank');
		return argument;
	}
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') throw new UsageError('empty prompt: stdin was empty; pass PROMPT or pipe some text');
	return text.replace(/\n$/, '');
}

