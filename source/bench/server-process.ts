/**
 * The full-speed loopback server for P1/P2, in its own process: at full speed
 * the server burns as much CPU as the client, and on the client's event loop
 * it would be timed as part of whichever variant is running.
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {startDemoServer} from '../demo/server.js';

const READY_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 5_000;

/**
 * `bench.js --serve [--speed=N]`: prints `{"baseURL": …}` once listening;
 * stops when stdin closes (the parent went away). Full speed unless a speed is given.
 */
export async function serveMain(args: readonly string[]): Promise<number> {
	const speedArgument = args.find(arg => arg.startsWith('--speed='));
	const speed = speedArgument === undefined ? undefined : Number(speedArgument.slice('--speed='.length));
	// A fixed seed so every bench session streams the same answers.
	const server = await startDemoServer(speed === undefined ? {fullSpeed: true, seed: 20_240_601} : {speed, seed: 20_240_601});
	process.stdout.write(`${JSON.stringify({baseURL: server.baseURL})}\n`);
	await new Promise<void>(resolve => {
		process.stdin.once('end', resolve);
		process.stdin.once('close', resolve);
		process.once('SIGTERM', resolve);
		process.stdin.resume();
	});
	await server.close();
	return 0;
}

export interface ServerProcess {
	baseURL: string;
	close(): Promise<void>;
}

/** Starts `bench.js --serve`: at full speed, or at `speed` times the demo models' pace. */
export async function startServerProcess(benchScript: string, env: NodeJS.ProcessEnv, speed?: number): Promise<ServerProcess> {
	const args = [benchScript, '--serve', ...(speed === undefined ? [] : [`--speed=${speed}`])];
	const child = spawn(process.execPath, args, {stdio: ['pipe', 'pipe', 'inherit'], env});
	const lines = createInterface({input: child.stdout!});
	const baseURL = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('bench server did not start within 15 s')), READY_TIMEOUT_MS);
		child.once('exit', code => reject(new Error(`bench server exited early (code ${code})`)));
		lines.once('line', line => {
			clearTimeout(timer);
			try {
				resolve((JSON.parse(line) as {baseURL: string}).baseURL);
			} catch {
				reject(new Error(`bench server said something unexpected: ${line.slice(0, 200)}`));
			}
		});
	});
	lines.close();
	return {baseURL, close: () => stopChild(child)};
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	child.stdin?.end();
	const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
	await exited;
	clearTimeout(timer);
}
