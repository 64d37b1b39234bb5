/**
 * `npm run bench`: runs every benchmark and writes bench-report.md and
 * bench-report.json in the current directory.
 *
 *   node --expose-gc dist/bench.js [--quick] [--only=p1,p2,p3,p4,leaderboard]
 *
 * The same bundle also serves the bench's child processes, so this file
 * imports nothing but node built-ins at the top: `bench.js --plain-loop`, the
 * whole-process baseline, must start as lean as a script using only the SDK.
 *   bench.js --serve [--speed=N]                  the loopback demo server (full speed by default)
 *   bench.js --plain-loop BASE_URL PROMPT MODEL…  the plain SDK loop, as a process
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** Set in the re-executed bench: the private copy of dist/ it runs from. */
const SNAPSHOT_VARIABLE = 'ARENA_BENCH_SNAPSHOT';
/** Set in the re-executed bench: the checkout the copy was taken from, for the report's commit. */
const PROJECT_VARIABLE = 'ARENA_BENCH_PROJECT';

async function main(args: string[]): Promise<number> {
	if (args[0] === '--serve') {
		const {serveMain} = await import('./server-process.js');
		return serveMain(args.slice(1));
	}
	if (args[0] === '--plain-loop') {
		const {plainLoopMain} = await import('./plain-loop.js');
		return plainLoopMain(args.slice(1));
	}

	const snapshotDir = process.env[SNAPSHOT_VARIABLE];
	if (!snapshotDir) return runFromSnapshot(args);

	const {parseBenchOptions, runAllBenchmarks} = await import('./run-all.js');
	const options = parseBenchOptions(args);
	if (typeof options === 'string') {
		process.stderr.write(`bench: ${options}\n`);
		return 2;
	}
	const environment = {...process.env};
	delete environment[SNAPSHOT_VARIABLE];
	delete environment[PROJECT_VARIABLE];
	return runAllBenchmarks({
		...options,
		distDir: snapshotDir,
		projectDir: process.env[PROJECT_VARIABLE] ?? process.cwd(),
		childEnvironment: environment,
	});
}

/** Copies dist/ aside and runs the bench from the copy, with the same node flags (--expose-gc). */
async function runFromSnapshot(args: string[]): Promise<number> {
	const {snapshotBuild} = await import('./snapshot.js');
	const distDir = path.dirname(fileURLToPath(import.meta.url));
	const snapshot = await snapshotBuild(distDir);
	try {
		const child = spawn(process.execPath, [...process.execArgv, path.join(snapshot.dir, 'bench.js'), ...args], {
			stdio: 'inherit',
			env: {...process.env, [SNAPSHOT_VARIABLE]: snapshot.dir, [PROJECT_VARIABLE]: path.dirname(distDir)},
		});
		const forward = (signal: NodeJS.Signals) => child.kill(signal);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		const code = await new Promise<number>(resolve => child.once('close', status => resolve(status ?? 1)));
		process.off('SIGINT', forward);
		process.off('SIGTERM', forward);
		return code;
	} finally {
		await snapshot.dispose();
	}
}

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 1;
	},
);
