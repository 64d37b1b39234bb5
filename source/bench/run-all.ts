/**
 * Runs every benchmark in turn and writes the report. Each benchmark
 * interleaves the variants it compares, so every ratio comes from one run on
 * one machine state.
 */
import {spawnSync} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {medianOf, round1, round3} from './measure.js';
import {type BenchReport, type BenchRow, renderMarkdown} from './report.js';

const BENCHMARK_IDS = ['p1', 'p2', 'p3', 'p4', 'leaderboard', 'import'] as const;
type BenchmarkId = (typeof BENCHMARK_IDS)[number];

export interface BenchOptions {
	quick: boolean;
	only: ReadonlySet<BenchmarkId>;
}

export interface RunAllOptions extends BenchOptions {
	/** The directory holding cli.js and bench.js (a private copy of dist/). */
	distDir: string;
	/** The checkout dist/ was built from. */
	projectDir: string;
	/** Environment for spawned processes. */
	childEnvironment: NodeJS.ProcessEnv;
}

/** Parses `--quick` and `--only=p1,p3`; a string is a usage error. */
export function parseBenchOptions(args: readonly string[]): BenchOptions | string {
	let quick = false;
	let only = new Set<BenchmarkId>(BENCHMARK_IDS);
	for (const arg of args) {
		if (arg === '--quick') quick = true;
		else if (arg.startsWith('--only=')) {
			const wanted = arg.slice('--only='.length).split(',').map(name => name.trim().toLowerCase());
			const unknown = wanted.filter(name => !(BENCHMARK_IDS as readonly string[]).includes(name));
			if (unknown.length > 0) return `unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARK_IDS.join(', ')}`;
			only = new Set(wanted as BenchmarkId[]);
		} else return `unknown argument ${arg}; usage: bench.js [--quick] [--only=${BENCHMARK_IDS.join(',')}]`;
	}
	return {quick, only};
}

/** How many measured runs (and unmeasured warm-ups) each benchmark does. */
function plan(quick: boolean) {
	return quick
		? {streaming: {runs: 1, warmupRuns: 0}, wholeProcess: {runs: 1, warmupRuns: 0}, ttft: {rounds: 5, warmupRounds: 1}, startup: {runs: 1, warmupRuns: 0}}
		: {streaming: {runs: 11, warmupRuns: 2}, wholeProcess: {runs: 9, warmupRuns: 1}, ttft: {rounds: 50, warmupRounds: 2}, startup: {runs: 15, warmupRuns: 1}};
}

function progress(message: string): void {
	process.stderr.write(`bench: ${message}\n`);
}

function git(projectDir: string, args: string[]): string | null {
	const result = spawnSync('git', ['-C', projectDir, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
	return result.status === 0 ? result.stdout.trim() : null;
}

const ms = (value: number) => `${round1(value)} ms`;

/**
 * Median of the per-round ratios: each round runs both variants back to back,
 * so a slow spell on the machine hits both sides of a pair. Less sensitive to
 * drift than the ratio of the two medians.
 */
function pairedRatio(numerator: readonly number[], denominator: readonly number[]): number {
	return medianOf(numerator.map((value, index) => value / denominator[index]!));
}
const list = (values: readonly number[]) => (values.length === 0 ? 'none' : values.map(value => Math.round(value)).join(', '));

interface Section {
	rows: BenchRow[];
	notes: string[];
	details: Record<string, unknown>;
}

type Plan = ReturnType<typeof plan>;

async function runStreamingBenchmarks(
	only: ReadonlySet<BenchmarkId>,
	counts: Plan,
	scripts: {cli: string; bench: string},
	childEnvironment: NodeJS.ProcessEnv,
): Promise<Section> {
	const {startServerProcess} = await import('./server-process.js');
	const streaming = await import('./streaming-bench.js');
	const section: Section = {rows: [], notes: [], details: {}};
	const server = await startServerProcess(scripts.bench, childEnvironment);
	try {
		progress(`P1/P2 in-process: plain SDK loop, arena headless and arena TUI in rotation, ${counts.streaming.runs} runs each`);
		const inProcess = await streaming.benchStreamingInProcess(server.baseURL, {...counts.streaming, withTui: only.has('p2')});
		section.details['streamingInProcess'] = inProcess;
		const plainMs = inProcess.plainLoop.medianMs;
		if (only.has('p1')) {
			const ratio = inProcess.headless.medianMs / plainMs;
			section.rows.push({
				id: 'p1-in-process',
				name: 'P1 headless ÷ plain SDK loop, in-process (ArenaRun + JSON lines)',
				measured:
					`${ms(inProcess.headless.medianMs)} ÷ ${ms(plainMs)} = ${round3(ratio)} ` +
					`(per-round ratio ${round3(pairedRatio(inProcess.headless.runsMs, inProcess.plainLoop.runsMs))}; client CPU ${ms(inProcess.headless.medianCpuMs)} ÷ ${ms(inProcess.plainLoop.medianCpuMs)} = ${round3(inProcess.headless.medianCpuMs / inProcess.plainLoop.medianCpuMs)})`,
				value: ratio,
				target: '≤ 1.05',
				pass: ratio <= 1.05,
			});
		}
		const tui = inProcess.tui;
		if (tui) {
			const finalFrames = tui.finalFrameMs.filter((value): value is number => value !== null);
			const missingFinalFrames = tui.finalFrameMs.length - finalFrames.length;
			if (finalFrames.length > 0) {
				const finalFrameMs = medianOf(finalFrames);
				const ratio = finalFrameMs / plainMs;
				section.rows.push({
					id: 'p2-wall-final-frame',
					name: 'P2 TUI ÷ plain SDK loop, in-process: start → first frame showing every answer finished',
					measured:
						`${ms(finalFrameMs)} ÷ ${ms(plainMs)} = ${round3(ratio)}` +
						(missingFinalFrames === 0
							? ` (per-round ratio ${round3(pairedRatio(tui.finalFrameMs as number[], inProcess.plainLoop.runsMs))})`
							: '') +
						(missingFinalFrames > 0 ? ` (${missingFinalFrames} run(s) never showed "all finished")` : ''),
					value: ratio,
					target: '≤ 1.15',
					pass: ratio <= 1.15 && missingFinalFrames === 0,
				});
			}
			const ratio = tui.medianMs / plainMs;
			section.rows.push({
				id: 'p2-wall-returned',
				name: 'P2 TUI ÷ plain SDK loop, in-process: start → runTui returned (it unmounts itself without a keyboard)',
				measured:
					`${ms(tui.medianMs)} ÷ ${ms(plainMs)} = ${round3(ratio)} (per-round ratio ${round3(pairedRatio(tui.runsMs, inProcess.plainLoop.runsMs))}; ` +
					`streams done after ${ms(medianOf(tui.streamsDoneMs))}; ` +
					`client CPU ${ms(tui.medianCpuMs)} ÷ ${ms(inProcess.plainLoop.medianCpuMs)} = ${round3(tui.medianCpuMs / inProcess.plainLoop.medianCpuMs)})`,
				value: ratio,
				target: '≤ 1.15',
				pass: ratio <= 1.15,
			});
		}
		section.notes.push(
			`P1/P2 in-process runs (ms, in order): plain loop ${list(inProcess.plainLoop.runsMs)}; headless ${list(inProcess.headless.runsMs)}` +
				(tui ? `; TUI ${list(tui.runsMs)} (first frame showing all finished: ${list(tui.finalFrameMs.map(value => value ?? Number.NaN))})` : '') +
				`. Client CPU per run (median): plain ${ms(inProcess.plainLoop.medianCpuMs)}, headless ${ms(inProcess.headless.medianCpuMs)}` +
				(tui
					? `, TUI ${ms(tui.medianCpuMs)} over ${medianOf(tui.frames)} frames / ${medianOf(tui.inkRenders)} Ink renders ` +
						`(≈ ${ms((tui.medianCpuMs - inProcess.headless.medianCpuMs) / medianOf(tui.inkRenders))} of CPU per Ink render, taking the headless CPU as the rest)`
					: '') +
				`. Unmeasured warm-up runs (the first is a cold process): plain ${list(inProcess.plainLoop.warmupMs)}, ` +
				`headless ${list(inProcess.headless.warmupMs)}${tui ? `, TUI ${list(tui.warmupMs)}` : ''}.`,
		);

		if (only.has('p1')) {
			progress(`P1 whole-process: \`node bench.js --plain-loop\` vs \`node cli.js run --json\`, ${counts.wholeProcess.runs} runs each`);
			const wholeProcess = await streaming.benchStreamingWholeProcess(server.baseURL, scripts, childEnvironment, counts.wholeProcess);
			section.details['streamingWholeProcess'] = wholeProcess;
			const ratio = wholeProcess.headless.medianMs / wholeProcess.plainLoop.medianMs;
			section.rows.push({
				id: 'p1-whole-process',
				name: 'P1 headless ÷ plain SDK loop, whole process (`arena run --json` vs a plain-loop script)',
				measured:
					`${ms(wholeProcess.headless.medianMs)} ÷ ${ms(wholeProcess.plainLoop.medianMs)} = ${round3(ratio)} ` +
					`(per-round ratio ${round3(pairedRatio(wholeProcess.headless.runsMs, wholeProcess.plainLoop.runsMs))})`,
				value: ratio,
				target: '≤ 1.05',
				pass: ratio <= 1.05,
			});
			const noSave = wholeProcess.headlessNoSave;
			section.notes.push(
				`P1 whole-process runs (ms): plain-loop script ${list(wholeProcess.plainLoop.runsMs)}; arena run --json ${list(wholeProcess.headless.runsMs)}` +
					(noSave
						? `; arena run --json --no-save ${list(noSave.runsMs)} (median ${ms(noSave.medianMs)}, ` +
							`${round3(noSave.medianMs / wholeProcess.plainLoop.medianMs)} × the plain loop; saving to the history adds ${ms(wholeProcess.headless.medianMs - noSave.medianMs)} ` +
							'by medians, which is within the run-to-run noise when small or negative)'
						: '') +
					'. ' +
					'Both scripts are bundles from the same build (the plain loop loads only the SDK chunk), spawned alternately; both print the answers as JSON lines.',
			);
		}
		section.notes.push(
			`P1/P2: ${streaming.STREAM_MODELS.length} concurrent streams × ${streaming.EXPECTED_TOKENS_PER_STREAM} tokens ` +
				`(models ${streaming.STREAM_MODELS.join(', ')}; prompt "${streaming.STREAM_PROMPT}") from the demo server at full speed ` +
				'in a separate node process. Every run checks each stream delivered all its tokens. Variants run in rotating order; ' +
				'figures are medians of the measured runs after the warm-up. A ratio is median ÷ median (the verdict); the per-round ratio ' +
				'is the median over rounds of the two variants run back to back, which a slow spell on a shared machine skews less.',
		);
	} finally {
		await server.close();
	}

	if (only.has('p2')) {
		const probeRuns = counts.streaming.runs === 1 ? 1 : 3;
		progress(`P2 frame rate: TUI over paced streams (demo ×${streaming.FRAME_RATE_PROBE.speed}), ${probeRuns} runs`);
		const pacedServer = await startServerProcess(scripts.bench, childEnvironment, streaming.FRAME_RATE_PROBE.speed);
		try {
			const probe = await streaming.benchFrameRate(pacedServer.baseURL, {runs: probeRuns});
			section.details['frameRateProbe'] = probe;
			const inProcess = section.details['streamingInProcess'] as Awaited<ReturnType<typeof streaming.benchStreamingInProcess>>;
			const tui = inProcess.tui!;
			const probeWorst = Math.max(...probe.maxFramesInOneSecond);
			const fullSpeedWorst = Math.max(...tui.maxFramesInOneSecond);
			const worst = Math.max(probeWorst, fullSpeedWorst);
			section.rows.push({
				id: 'p2-frame-rate',
				name: 'P2 frame rate: most frames drawn in any 1 s',
				measured:
					`${probeWorst} with fast paced streams (${probe.wallMs.map(wall => round1(wall / 1000)).join(', ')} s runs; ` +
					`${round1(medianOf(probe.framesPerSecond))}/s average, median gap between frames ` +
					`${ms(medianOf(probe.medianFrameGapMs.filter((gap): gap is number => gap !== null)))}; client CPU ${Math.round((medianOf(probe.cpuMs) / medianOf(probe.wallMs)) * 100)}% of one core); ` +
					`${fullSpeedWorst} at full speed ` +
					`(${round1(medianOf(tui.frames))} frames per ${ms(tui.medianMs)} run)`,
				value: worst,
				target: '≤ 30/s',
				pass: worst <= 30,
			});
			const longestGaps = [...probe.longestFrameGapMs, ...tui.longestFrameGapMs].filter((gap): gap is number => gap !== null);
			section.notes.push(
				`P2 frame rate: "frames" are Ink's writes to the fake TTY that change the screen (synchronized-update markers not counted). ` +
					`The paced probe streams ${probe.tokensPerStream} tokens × 4 at demo speed ×${probe.speed} (~6000 tokens/s in all) so runs last seconds ` +
					`and only the cap limits drawing. Longest time without a frame: ${list(probe.longestFrameGapMs.map(gap => gap ?? 0))} ms (paced), ` +
					`${list(tui.longestFrameGapMs.map(gap => gap ?? 0))} ms (full speed); worst ${longestGaps.length > 0 ? ms(Math.max(...longestGaps)) : 'n/a'}.`,
			);
		} finally {
			await pacedServer.close();
		}
	}
	return section;
}

async function runTtftBenchmark(counts: Plan['ttft']): Promise<Section> {
	progress(`P3: TTFT difference, ${counts.rounds} rounds × 4 parallel streams, arena and plain SDK alternating`);
	const {benchTtft} = await import('./ttft-bench.js');
	const ttft = await benchTtft(counts);
	const {arena, plainSdk} = ttft;
	return {
		details: {ttft},
		rows: [
			{
				id: 'p3-median',
				name: 'P3 measured TTFT − server TTFT, median',
				measured: `${round3(arena.medianMs)} ms (plain SDK in the same run: ${round3(plainSdk.medianMs)} ms; n = ${arena.samples})`,
				value: arena.medianMs,
				target: '≤ 2 ms',
				pass: arena.medianMs <= 2,
			},
			{
				id: 'p3-p99',
				name: 'P3 measured TTFT − server TTFT, p99',
				measured: `${round3(arena.p99Ms)} ms (plain SDK: ${round3(plainSdk.p99Ms)} ms; arena max ${round3(arena.maxMs)} ms)`,
				value: arena.p99Ms,
				target: '≤ 10 ms',
				pass: arena.p99Ms <= 10,
			},
		],
		notes: [
			`P3: demo servers in the bench process at speed ${ttft.demoSpeed} (server TTFT median ${round1(ttft.serverTtftMedianMs)} ms), ` +
				`one server per stream (${ttft.models.join(', ')}) so requests match exactly; both TTFTs read the same performance.now(). ` +
				'Arena and a plain SDK loop (timed from before its client is built to the first chunk with text) alternate by round.',
			`P3 split at the server (median / p99, ms): request leg (arena's request stamp → server receives the request) ` +
				`arena ${round3(arena.requestLegMedianMs)} / ${round3(arena.requestLegP99Ms)}, plain SDK ${round3(plainSdk.requestLegMedianMs)} / ${round3(plainSdk.requestLegP99Ms)}; ` +
				`response leg (server writes the first token → client stamps it) arena ${round3(arena.responseLegMedianMs)} / ${round3(arena.responseLegP99Ms)}, ` +
				`plain SDK ${round3(plainSdk.responseLegMedianMs)} / ${round3(plainSdk.responseLegP99Ms)}.`,
		],
	};
}

function runStartupBenchmark(cliScript: string, childEnvironment: NodeJS.ProcessEnv, counts: Plan['startup']): Promise<Section> {
	progress(`P4: arena --help vs node -e 0, ${counts.runs} runs each`);
	return import('./startup-bench.js').then(({benchStartup}) => {
		const startup = benchStartup(cliScript, childEnvironment, counts);
		const ratio = startup.help.medianMs / startup.bareNode.medianMs;
		return {
			details: {startup},
			rows: [
				{
					id: 'p4',
					name: 'P4 `arena --help` ÷ `node -e 0`',
					measured:
				`${ms(startup.help.medianMs)} ÷ ${ms(startup.bareNode.medianMs)} = ${round3(ratio)} ` +
				`(per-round ratio ${round3(pairedRatio(startup.help.runsMs, startup.bareNode.runsMs))})`,
					value: ratio,
					target: '≤ 2',
					pass: ratio <= 2,
				},
			],
			notes: [`P4 runs (ms): arena --help ${list(startup.help.runsMs)}; node -e 0 ${list(startup.bareNode.runsMs)}.`],
		};
	});
}

/** The whole `arena leaderboard` path: 100k battles read back from a real SQLite store, then rated. */
async function runStoredLeaderboardBenchmark(): Promise<Section> {
	progress('Leaderboard from the store: 100k stored battles, 10 models, 1000 bootstrap rounds');
	const {benchLeaderboard} = await import('./leaderboard-bench.js');
	const leaderboard = await benchLeaderboard();
	return {
		details: {storedLeaderboard: leaderboard},
		rows: [
			{
				id: 'leaderboard-stored',
				name: `Leaderboard from the store (read + rate + answer stats): ${leaderboard.battles.toLocaleString('en')} stored battles, ${leaderboard.models} models, ${leaderboard.rounds} bootstrap rounds`,
				measured: `${ms(leaderboard.medianMs)} (median of ${leaderboard.runsMs.length}: ${list(leaderboard.runsMs)})`,
				value: leaderboard.medianMs,
				target: '< 1000 ms',
				pass: leaderboard.medianMs < 1000,
			},
		],
		notes: [],
	};
}

/** `arena import` of a FastChat file: read, parse, validate and commit in one transaction. */
async function runImportBenchmark(): Promise<Section> {
	progress('Import: 100k FastChat battles from a JSON file');
	const {benchImport} = await import('./import-bench.js');
	const imported = await benchImport();
	return {
		details: {import: imported},
		rows: [
			{
				id: 'import',
				name: `arena import of ${imported.records.toLocaleString('en')} FastChat battles (${imported.models} models, ${(imported.fileBytes / 2 ** 20).toFixed(1)} MiB file)`,
				measured: `${ms(imported.medianMs)} (median of ${imported.runsMs.length}: ${list(imported.runsMs)})`,
				value: imported.medianMs,
				target: '≤ 3000 ms (a few seconds)',
				pass: imported.medianMs <= 3000,
			},
		],
		notes: [],
	};
}

async function runLeaderboardBenchmark(): Promise<Section> {
	progress('Leaderboard: 100k battles, 10 models, 1000 bootstrap rounds');
	const {benchRatings} = await import('./rating-bench.js');
	const ratings = await benchRatings();
	return {
		details: {leaderboard: ratings},
		rows: [
			{
				id: 'leaderboard',
				name: `Leaderboard rating math (computeRatings on battles in memory): ${ratings.battles.toLocaleString('en')} battles, ${ratings.models} models, ${ratings.rounds} bootstrap rounds`,
				measured: `${ms(ratings.medianMs)} (median of ${ratings.runsMs.length}: ${list(ratings.runsMs)})`,
				value: ratings.medianMs,
				target: '< 1000 ms',
				pass: ratings.medianMs < 1000,
			},
		],
		notes: [],
	};
}

export async function runAllBenchmarks(options: RunAllOptions): Promise<number> {
	const benchStarted = performance.now();
	// Ink draws only a final frame when CI is set (is-in-ci reads it once, at import), so P2 would measure nothing.
	const removedCiVariable = 'CI' in process.env || 'CONTINUOUS_INTEGRATION' in process.env;
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	// On a real terminal the TUI draws in colour; without this chalk would see our piped stdout and skip colour work.
	const forcedColour = process.env['FORCE_COLOR'] === undefined;
	if (forcedColour) process.env['FORCE_COLOR'] = '2';

	const {quick, only} = options;
	const counts = plan(quick);
	const cliScript = path.join(options.distDir, 'cli.js');
	const benchScript = path.join(options.distDir, 'bench.js');
	const loadAverageAtStart = os.loadavg().map(value => Math.round(value * 100) / 100);
	const rows: BenchRow[] = [];
	const notes: string[] = [];
	const details: Record<string, unknown> = {plan: counts};

	// A benchmark that breaks (say, a UI file mid-edit) becomes a failed row; the others still run.
	const runSection = async (label: string, work: () => Promise<Section>) => {
		try {
			const section = await work();
			rows.push(...section.rows);
			notes.push(...section.notes);
			Object.assign(details, section.details);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			progress(`${label} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
			rows.push({id: `${label}-error`, name: label, measured: `did not complete: ${message.split('\n')[0]}`, value: Number.NaN, target: '-', pass: false});
		}
	};

	if (only.has('p1') || only.has('p2')) {
		const label = only.has('p1') && only.has('p2') ? 'P1/P2' : only.has('p1') ? 'P1' : 'P2';
		await runSection(label, () => runStreamingBenchmarks(only, counts, {cli: cliScript, bench: benchScript}, options.childEnvironment));
	}
	if (only.has('p3')) await runSection('P3', () => runTtftBenchmark(counts.ttft));
	if (only.has('p4')) await runSection('P4', async () => runStartupBenchmark(cliScript, options.childEnvironment, counts.startup));
	if (only.has('leaderboard')) {
		await runSection('Leaderboard', runLeaderboardBenchmark);
		await runSection('Leaderboard from the store', runStoredLeaderboardBenchmark);
	}
	if (only.has('import')) await runSection('Import', runImportBenchmark);

	if (removedCiVariable) notes.push('CI was set in the environment; the bench removed it so Ink draws live frames as on a terminal.');
	if (forcedColour) notes.push('FORCE_COLOR=2 was set for the in-process TUI, as a 256-colour terminal would get.');
	notes.push('All processes ran from a private copy of dist/, so a concurrent `npm run build` could not change the code under test.');

	const commit = git(options.projectDir, ['rev-parse', 'HEAD']);
	const status = git(options.projectDir, ['status', '--porcelain']);
	const cpus = os.cpus();
	const report: BenchReport = {
		environment: {
			date: new Date().toISOString(),
			node: process.version,
			cpu: cpus[0]?.model ?? 'unknown',
			cores: cpus.length,
			platform: `${os.platform()} ${os.release()} ${os.arch()}`,
			totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
			loadAverageAtStart,
			loadAverageAtEnd: os.loadavg().map(value => Math.round(value * 100) / 100),
			gitCommit: commit,
			gitDirty: status === null ? null : status !== '',
			quick,
			gcExposed: typeof (globalThis as {gc?: unknown}).gc === 'function',
			removedCiVariable,
			benchDurationS: Math.round((performance.now() - benchStarted) / 100) / 10,
		},
		rows,
		notes,
		details,
	};
	const markdown = renderMarkdown(report);
	await writeFile('bench-report.md', markdown);
	await writeFile('bench-report.json', `${JSON.stringify(report, null, '\t')}\n`);
	process.stdout.write(`${markdown}\nwrote bench-report.md and bench-report.json in ${process.cwd()}\n`);
	return 0;
}
