/**
 * P4: `arena --help` against `node -e 0`, spawned alternately, so the ratio is
 * what arena adds to the bare cost of starting node on this machine.
 */
import {spawnSync} from 'node:child_process';
import {performance} from 'node:perf_hooks';
import {medianOf} from './measure.js';

export interface StartupBenchResult {
	runs: number;
	warmupRuns: number;
	help: {runsMs: number[]; medianMs: number};
	bareNode: {runsMs: number[]; medianMs: number};
}

function timeSpawn(args: readonly string[], env: NodeJS.ProcessEnv): {ms: number; stdout: string} {
	const started = performance.now();
	const child = spawnSync(process.execPath, args, {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	const ms = performance.now() - started;
	if (child.error) throw child.error;
	if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${child.status}: ${child.stderr.trim().slice(0, 300)}`);
	return {ms, stdout: child.stdout};
}

export function benchStartup(cliScript: string, env: NodeJS.ProcessEnv, options: {runs: number; warmupRuns: number}): StartupBenchResult {
	const help: number[] = [];
	const bareNode: number[] = [];
	for (let round = 0; round < options.warmupRuns + options.runs; round++) {
		const record = round >= options.warmupRuns;
		const runHelp = () => {
			const run = timeSpawn([cliScript, '--help'], env);
			if (!run.stdout.includes('Usage: arena')) throw new Error(`arena --help printed no usage: ${run.stdout.slice(0, 200)}`);
			if (record) help.push(run.ms);
		};
		const runBare = () => {
			const run = timeSpawn(['-e', '0'], env);
			if (record) bareNode.push(run.ms);
		};
		if (round % 2 === 0) {
			runHelp();
			runBare();
		} else {
			runBare();
			runHelp();
		}
	}
	return {
		runs: options.runs,
		warmupRuns: options.warmupRuns,
		help: {runsMs: help, medianMs: medianOf(help)},
		bareNode: {runsMs: bareNode, medianMs: medianOf(bareNode)},
	};
}
