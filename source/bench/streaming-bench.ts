/**
 * P1 and P2: arena's wall time for 4 streams × 4000 tokens from a loopback
 * server at full speed, against a plain openai-SDK loop over the same streams.
 *
 * - In-process: the plain loop (A), arena headless (B1: ArenaRun, then the
 *   JSON lines `arena run --json` prints) and arena with the TUI drawing to a
 *   counting fake terminal (P2) run in rotating order in one process.
 * - Whole-process: `node bench.js --plain-loop …` (A') against
 *   `node cli.js run … --json` (B2), alternately, so both pay node start-up.
 *
 * The server runs in another process on the other core in both cases.
 */
import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {toJsonLine} from '../commands/run.js';
import {buildMessages, prepareRun, type PreparedRun} from '../commands/run-setup.js';
import {ArenaRun} from '../core/engine.js';
import type {ModelResult} from '../core/types.js';
import {openSettings} from '../store/settings.js';
import {CountingTerminal, NullSink, pipedStdin} from './fake-terminal.js';
import {medianOf, rotation, settleBetweenRuns} from './measure.js';
import {plainLoop, type PlainStreamResult} from './plain-loop.js';

export const STREAM_PROMPT = 'Write 4000 tokens about testing.';
export const EXPECTED_TOKENS_PER_STREAM = 4000;
/** Four streams from the two non-reasoning models, so each is exactly 4000 answer tokens. */
export const STREAM_MODELS = ['swift', 'steady', 'swift', 'steady'] as const;
const PROVIDER = 'bench';
const TERMINAL = {columns: 160, rows: 50};

export interface VariantSamples {
	/** Wall time of each measured run, in run order. */
	runsMs: number[];
	medianMs: number;
	/** Wall time of the unmeasured warm-up runs; the first is the cold run of a fresh process. */
	warmupMs: number[];
}

/** `runsMs` is start → runTui returned. */
export interface TuiSamples extends VariantSamples {
	/** Start → the engine's run-done, per run. */
	streamsDoneMs: number[];
	/** Start → first frame showing every model finished, per run (null: never seen). */
	finalFrameMs: Array<number | null>;
	/** Frames (screen updates) per run. */
	frames: number[];
	/** Renders Ink reported through runTui's onFrame, per run: a cross-check on `frames`. */
	inkRenders: number[];
	writes: number[];
	bytes: number[];
	/** frames ÷ wall seconds, per run. */
	framesPerSecond: number[];
	/** Most frames in any 1 s window, per run. */
	maxFramesInOneSecond: number[];
	/** Shortest gap between two frames, per run (ms). */
	shortestFrameGapMs: Array<number | null>;
	/** Longest gap between two frames, per run (ms): how long the screen stood still. */
	longestFrameGapMs: Array<number | null>;
}

/** Client CPU (user + system) per run: on a CPU-bound run, what each variant costs beyond the wait. */
export interface CpuSamples {
	cpuMs: number[];
	medianCpuMs: number;
}

function summarizeVariant(runsMs: number[], warmupMs: number[]): VariantSamples {
	return {runsMs, medianMs: medianOf(runsMs), warmupMs};
}

function summarizeCpu(cpuMs: number[]): CpuSamples {
	return {cpuMs, medianCpuMs: medianOf(cpuMs)};
}

function cpuMillisecondsSince(before: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(before);
	return (used.user + used.system) / 1000;
}

export interface InProcessStreamingResult {
	runs: number;
	warmupRuns: number;
	plainLoop: VariantSamples & CpuSamples;
	headless: VariantSamples & CpuSamples;
	/** Null when P2 was not asked for. */
	tui: (TuiSamples & CpuSamples) | null;
	/** Answer characters per stream, from the last run of each variant: the variants must agree. */
	charsPerStream: {plainLoop: number[]; headless: number[]; tui: number[]};
}

export interface WholeProcessStreamingResult {
	runs: number;
	warmupRuns: number;
	plainLoop: VariantSamples;
	headless: VariantSamples;
	/** `arena run --json --no-save`; null when this build has no --no-save. */
	headlessNoSave: VariantSamples | null;
	/** Bytes each variant printed in its last run. */
	stdoutBytes: {plainLoop: number; headless: number};
}

/**
 * Prepares the run exactly as `arena run -m bench:swift …` would, with real
 * settings in a throwaway ARENA_HOME that knows one provider.
 */
async function prepareBenchRun(baseURL: string): Promise<PreparedRun> {
	const arenaHome = await mkdtemp(path.join(tmpdir(), 'arena-bench-settings-'));
	try {
		const settings = openSettings({ARENA_HOME: arenaHome});
		await settings.addProvider(PROVIDER, {baseURL});
		return await prepareRun({model: STREAM_MODELS.map(model => `${PROVIDER}:${model}`)}, settings, {});
	} finally {
		await rm(arenaHome, {recursive: true, force: true});
	}
}

function newRun(prepared: PreparedRun): ArenaRun {
	return new ArenaRun(prepared.targets, {...prepared.params, messages: buildMessages(STREAM_PROMPT, prepared.system)});
}

/** What `arena run --json` does after the streams end: one JSON line per model, written out. */
async function runHeadless(prepared: PreparedRun, sink: NullSink): Promise<ModelResult[]> {
	const run = newRun(prepared);
	const results = await run.start();
	for (const [index, result] of results.entries()) {
		sink.write(`${JSON.stringify(toJsonLine(result, run.targets[index]?.simulated === true))}\n`);
	}
	return results;
}

/** What the TUI status line says once every model has ended; its first frame is when the user sees the result. */
const ALL_FINISHED_STATUS = 'all finished';

interface TuiRun {
	results: ModelResult[];
	terminal: CountingTerminal;
	inkRenders: number;
	/** ms from the start to the engine's run-done: how much drawing slowed the streams. */
	streamsDoneMs: number;
	/** ms from the start to the first frame showing every model finished; null if no frame said so. */
	finalFrameMs: number | null;
	/** ms from the start to runTui returning (it unmounts by itself when stdin is not a keyboard). */
	returnedMs: number;
}

async function runWithTui(prepared: PreparedRun): Promise<TuiRun> {
	const {runTui} = await import('../ui/run-app.js');
	const terminal = new CountingTerminal(TERMINAL.columns, TERMINAL.rows, ALL_FINISHED_STATUS);
	let inkRenders = 0;
	const run = newRun(prepared);
	let streamsDoneAt = Number.NaN;
	run.subscribe(event => {
		if (event.type === 'run-done') streamsDoneAt = performance.now();
	});
	const started = performance.now();
	const outcome = await runTui(run, {
		stdin: pipedStdin(),
		stdout: terminal as unknown as NodeJS.WriteStream,
		title: STREAM_PROMPT,
		onFrame: () => {
			inkRenders += 1;
		},
	});
	const returnedAt = performance.now();
	return {
		results: outcome.results,
		terminal,
		inkRenders,
		streamsDoneMs: streamsDoneAt - started,
		finalFrameMs: terminal.watchedTextSeenAt === null ? null : terminal.watchedTextSeenAt - started,
		returnedMs: returnedAt - started,
	};
}

function checkArenaResults(variant: string, results: readonly ModelResult[]): void {
	for (const result of results) {
		if (result.error) throw new Error(`${variant}: ${result.spec} failed: ${result.error.message}`);
		if (result.output_tokens !== EXPECTED_TOKENS_PER_STREAM) {
			throw new Error(`${variant}: ${result.spec} got ${result.output_tokens} tokens, expected ${EXPECTED_TOKENS_PER_STREAM}`);
		}
	}
}

function checkPlainResults(variant: string, results: readonly PlainStreamResult[]): void {
	for (const result of results) {
		if (result.completionTokens !== EXPECTED_TOKENS_PER_STREAM) {
			throw new Error(`${variant}: ${result.model} got ${result.completionTokens} tokens, expected ${EXPECTED_TOKENS_PER_STREAM}`);
		}
	}
}

export async function benchStreamingInProcess(
	baseURL: string,
	options: {runs: number; warmupRuns: number; withTui: boolean},
): Promise<InProcessStreamingResult> {
	const prepared = await prepareBenchRun(baseURL);
	const sink = new NullSink();
	// Load the UI chunk (Ink, React) before timing: a TUI run pays that once per process, not per run.
	if (options.withTui) await import('../ui/run-app.js');

	const samples = {plainLoop: [] as number[], headless: [] as number[], tui: [] as number[]};
	const warmups = {plainLoop: [] as number[], headless: [] as number[], tui: [] as number[]};
	const cpu = {plainLoop: [] as number[], headless: [] as number[], tui: [] as number[]};
	const tuiStats = {
		streamsDoneMs: [] as number[],
		finalFrameMs: [] as Array<number | null>,
		frames: [] as number[],
		inkRenders: [] as number[],
		writes: [] as number[],
		bytes: [] as number[],
		framesPerSecond: [] as number[],
		maxFramesInOneSecond: [] as number[],
		shortestFrameGapMs: [] as Array<number | null>,
		longestFrameGapMs: [] as Array<number | null>,
	};
	const chars = {plainLoop: [] as number[], headless: [] as number[], tui: [] as number[]};

	const variants: Array<(record: boolean) => Promise<void>> = [
		async record => {
			const cpuBefore = process.cpuUsage();
			const started = performance.now();
			const results = await plainLoop(baseURL, STREAM_MODELS, STREAM_PROMPT);
			const elapsed = performance.now() - started;
			const cpuMs = cpuMillisecondsSince(cpuBefore);
			checkPlainResults('plain loop', results);
			chars.plainLoop = results.map(result => result.text.length);
			(record ? samples : warmups).plainLoop.push(elapsed);
			if (record) cpu.plainLoop.push(cpuMs);
		},
		async record => {
			const cpuBefore = process.cpuUsage();
			const started = performance.now();
			const results = await runHeadless(prepared, sink);
			const elapsed = performance.now() - started;
			const cpuMs = cpuMillisecondsSince(cpuBefore);
			checkArenaResults('arena headless', results);
			chars.headless = results.map(result => result.text.length);
			(record ? samples : warmups).headless.push(elapsed);
			if (record) cpu.headless.push(cpuMs);
		},
		async record => {
			const cpuBefore = process.cpuUsage();
			const tuiRun = await runWithTui(prepared);
			const cpuMs = cpuMillisecondsSince(cpuBefore);
			checkArenaResults('arena TUI', tuiRun.results);
			chars.tui = tuiRun.results.map(result => result.text.length);
			if (!record) {
				warmups.tui.push(tuiRun.returnedMs);
				return;
			}
			const {terminal} = tuiRun;
			samples.tui.push(tuiRun.returnedMs);
			cpu.tui.push(cpuMs);
			tuiStats.streamsDoneMs.push(tuiRun.streamsDoneMs);
			tuiStats.finalFrameMs.push(tuiRun.finalFrameMs);
			tuiStats.frames.push(terminal.frames);
			tuiStats.inkRenders.push(tuiRun.inkRenders);
			tuiStats.writes.push(terminal.writes);
			tuiStats.bytes.push(terminal.bytes);
			tuiStats.framesPerSecond.push(terminal.frames / (tuiRun.returnedMs / 1000));
			tuiStats.maxFramesInOneSecond.push(terminal.maxFramesInWindow(1000));
			tuiStats.shortestFrameGapMs.push(terminal.shortestFrameGapMs());
			tuiStats.longestFrameGapMs.push(terminal.longestFrameGapMs());
		},
	];
	if (!options.withTui) variants.pop();

	for (let round = 0; round < options.warmupRuns + options.runs; round++) {
		const record = round >= options.warmupRuns;
		for (const index of rotation(variants.length, round)) {
			await settleBetweenRuns();
			await variants[index]!(record);
		}
	}
	await prepared.close();

	return {
		runs: options.runs,
		warmupRuns: options.warmupRuns,
		plainLoop: {...summarizeVariant(samples.plainLoop, warmups.plainLoop), ...summarizeCpu(cpu.plainLoop)},
		headless: {...summarizeVariant(samples.headless, warmups.headless), ...summarizeCpu(cpu.headless)},
		tui: options.withTui ? {...summarizeVariant(samples.tui, warmups.tui), ...summarizeCpu(cpu.tui), ...tuiStats} : null,
		charsPerStream: chars,
	};
}

interface ProcessRun {
	ms: number;
	stdout: string;
}

function timeProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe'], env});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.once('error', reject);
		child.once('close', code => {
			const ms = performance.now() - started;
			if (code !== 0) {
				const message = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' | ');
				reject(new Error(`${path.basename(args[0] ?? 'node')} ${args[1] ?? ''} exited with ${code}: ${message}`));
				return;
			}
			resolve({ms, stdout: Buffer.concat(stdout).toString('utf8')});
		});
	});
}

function checkJsonLines(variant: string, stdout: string, tokensOf: (line: Record<string, unknown>) => unknown): void {
	const lines = stdout.trim().split('\n');
	if (lines.length !== STREAM_MODELS.length) throw new Error(`${variant}: expected ${STREAM_MODELS.length} lines, got ${lines.length}`);
	for (const line of lines) {
		const parsed = JSON.parse(line) as Record<string, unknown>;
		if (tokensOf(parsed) !== EXPECTED_TOKENS_PER_STREAM) {
			throw new Error(`${variant}: a stream got ${String(tokensOf(parsed))} tokens, expected ${EXPECTED_TOKENS_PER_STREAM}`);
		}
	}
}

export async function benchStreamingWholeProcess(
	baseURL: string,
	scripts: {cli: string; bench: string},
	environment: NodeJS.ProcessEnv,
	options: {runs: number; warmupRuns: number},
): Promise<WholeProcessStreamingResult> {
	const arenaHome = await mkdtemp(path.join(tmpdir(), 'arena-bench-home-'));
	try {
		const env = {...environment, ARENA_HOME: arenaHome};
		await timeProcess([scripts.cli, 'providers', 'add', PROVIDER, '--base-url', baseURL], env);
		// Saving the run to the history is part of `arena run`; timing it without too shows what the store costs.
		const canSkipSaving = (await timeProcess([scripts.cli, 'run', '--help'], env)).stdout.includes('--no-save');

		const modelFlags = STREAM_MODELS.flatMap(model => ['-m', `${PROVIDER}:${model}`]);
		const arenaArgs = [scripts.cli, 'run', STREAM_PROMPT, ...modelFlags, '--json'];
		const plainArgs = [scripts.bench, '--plain-loop', baseURL, STREAM_PROMPT, ...STREAM_MODELS];

		const samples = {plainLoop: [] as number[], headless: [] as number[], headlessNoSave: [] as number[]};
		const warmups = {plainLoop: [] as number[], headless: [] as number[], headlessNoSave: [] as number[]};
		const stdoutBytes = {plainLoop: 0, headless: 0};
		const variants: Array<(record: boolean) => Promise<void>> = [
			async record => {
				const run = await timeProcess(plainArgs, env);
				checkJsonLines('plain loop process', run.stdout, line => line['completionTokens']);
				stdoutBytes.plainLoop = Buffer.byteLength(run.stdout);
				(record ? samples : warmups).plainLoop.push(run.ms);
			},
			async record => {
				const run = await timeProcess(arenaArgs, env);
				checkJsonLines('arena run --json', run.stdout, line => line['output_tokens']);
				stdoutBytes.headless = Buffer.byteLength(run.stdout);
				(record ? samples : warmups).headless.push(run.ms);
			},
		];
		if (canSkipSaving) {
			variants.push(async record => {
				const run = await timeProcess([...arenaArgs, '--no-save'], env);
				checkJsonLines('arena run --json --no-save', run.stdout, line => line['output_tokens']);
				(record ? samples : warmups).headlessNoSave.push(run.ms);
			});
		}
		for (let round = 0; round < options.warmupRuns + options.runs; round++) {
			const record = round >= options.warmupRuns;
			for (const index of rotation(variants.length, round)) {
				await settleBetweenRuns();
				await variants[index]!(record);
			}
		}
		return {
			runs: options.runs,
			warmupRuns: options.warmupRuns,
			plainLoop: summarizeVariant(samples.plainLoop, warmups.plainLoop),
			headless: summarizeVariant(samples.headless, warmups.headless),
			headlessNoSave: canSkipSaving ? summarizeVariant(samples.headlessNoSave, warmups.headlessNoSave) : null,
			stdoutBytes,
		};
	} finally {
		await rm(arenaHome, {recursive: true, force: true});
	}
}

/** The frame-rate probe: fast but paced streams, long enough for whole seconds of drawing. */
export const FRAME_RATE_PROBE = {
	/** Demo pace ×20: swift ~2200 tok/s, steady ~900 tok/s; together ~6000 tokens a second. */
	speed: 20,
	prompt: 'Write 3000 tokens about testing.',
	tokensPerStream: 3000,
} as const;

export interface FrameRateProbeResult {
	runs: number;
	speed: number;
	tokensPerStream: number;
	wallMs: number[];
	/** Client CPU per run; near wallMs means drawing had no time to spare. */
	cpuMs: number[];
	frames: number[];
	/** Most frames in any 1 s window, per run: the figure the ≤ 30/s cap is about. */
	maxFramesInOneSecond: number[];
	framesPerSecond: number[];
	shortestFrameGapMs: Array<number | null>;
	longestFrameGapMs: Array<number | null>;
	/** Median gap between frames, per run (ms). */
	medianFrameGapMs: Array<number | null>;
}

/**
 * At full speed the streams keep the event loop so busy that the TUI draws far
 * below its cap, so the P2 runs say little about the cap itself. Here tokens
 * come fast but paced, the loop has time to spare, and only the cap limits
 * the frame rate. Runs last several seconds, so 1 s windows mean something.
 */
export async function benchFrameRate(baseURL: string, options: {runs: number}): Promise<FrameRateProbeResult> {
	const {runTui} = await import('../ui/run-app.js');
	const prepared = await prepareBenchRun(baseURL);
	const result: FrameRateProbeResult = {
		runs: options.runs,
		speed: FRAME_RATE_PROBE.speed,
		tokensPerStream: FRAME_RATE_PROBE.tokensPerStream,
		wallMs: [],
		cpuMs: [],
		frames: [],
		maxFramesInOneSecond: [],
		framesPerSecond: [],
		shortestFrameGapMs: [],
		longestFrameGapMs: [],
		medianFrameGapMs: [],
	};
	for (let run = 0; run < options.runs; run++) {
		await settleBetweenRuns();
		const terminal = new CountingTerminal(TERMINAL.columns, TERMINAL.rows);
		const cpuBefore = process.cpuUsage();
		const started = performance.now();
		const arenaRun = new ArenaRun(prepared.targets, {
			...prepared.params,
			messages: buildMessages(FRAME_RATE_PROBE.prompt, prepared.system),
		});
		const outcome = await runTui(arenaRun, {stdin: pipedStdin(), stdout: terminal as unknown as NodeJS.WriteStream, title: FRAME_RATE_PROBE.prompt});
		const elapsed = performance.now() - started;
		result.cpuMs.push(cpuMillisecondsSince(cpuBefore));
		for (const model of outcome.results) {
			if (model.error) throw new Error(`frame-rate probe: ${model.spec} failed: ${model.error.message}`);
			if (model.output_tokens !== FRAME_RATE_PROBE.tokensPerStream) {
				throw new Error(`frame-rate probe: ${model.spec} got ${model.output_tokens} tokens, expected ${FRAME_RATE_PROBE.tokensPerStream}`);
			}
		}
		result.wallMs.push(elapsed);
		result.frames.push(terminal.frames);
		result.maxFramesInOneSecond.push(terminal.maxFramesInWindow(1000));
		result.framesPerSecond.push(terminal.frames / (elapsed / 1000));
		result.shortestFrameGapMs.push(terminal.shortestFrameGapMs());
		result.longestFrameGapMs.push(terminal.longestFrameGapMs());
		result.medianFrameGapMs.push(terminal.medianFrameGapMs());
	}
	await prepared.close();
	return result;
}
