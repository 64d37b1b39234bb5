import {afterEach, beforeEach, vi} from 'vitest';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';

export interface CommandOutcome {
	status: number;
	stdout: string;
	stderr: string;
}

export interface CommandSandbox {
	/** A fresh ARENA_HOME for each test. */
	readonly home: string;
	readonly env: NodeJS.ProcessEnv;
	/** What reached process.stderr since the test began (or since `clearStderr`, or the last `run`). */
	readonly stderr: string;
	clearStderr(): void;
	/** The io a command function takes: this test's environment and a captured stdout. */
	io(): {env: NodeJS.ProcessEnv; stdout: {write(chunk: string): boolean}};
	/** Runs one command and returns its exit status with what it printed, starting from empty output. */
	run(action: () => Promise<number>): Promise<CommandOutcome>;
}

/**
 * For tests that call command functions directly: a temporary ARENA_HOME per
 * test, stdout captured through the command's io, and process.stderr (where
 * reportFatal writes) captured too. Registers its own beforeEach/afterEach.
 */
export function useCommandSandbox(): CommandSandbox {
	const directories = temporaryDirectories();
	let home = '';
	let env: NodeJS.ProcessEnv = {};
	let stdout = '';
	let stderr = '';

	beforeEach(() => {
		home = directories.make();
		env = {ARENA_HOME: home};
		stdout = '';
		stderr = '';
		vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
			stderr += String(chunk);
			return true;
		});
	});

	afterEach(() => {
		vi.restoreAllMocks();
		directories.cleanup();
	});

	return {
		get home() {
			return home;
		},
		get env() {
			return env;
		},
		get stderr() {
			return stderr;
		},
		clearStderr() {
			stderr = '';
		},
		io: () => ({env, stdout: {write: (chunk: string) => ((stdout += chunk), true)}}),
		async run(action) {
			stdout = '';
			stderr = '';
			const status = await action();
			return {status, stdout, stderr};
		},
	};
}
