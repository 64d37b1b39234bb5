import {spawn} from 'node:child_process';
import {CLI} from './tmux.js';

export interface CliResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the built CLI as a user would from a script: no TTY, CI unset, a given environment. */
export function runCli(
	args: string[],
	options: {env?: Record<string, string | undefined>; input?: string; timeoutMs?: number} = {},
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const env: Record<string, string | undefined> = {...process.env, ...options.env};
		delete env['CI'];
		const child = spawn(process.execPath, [CLI, ...args], {env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`arena ${args.join(' ')} did not exit within ${options.timeoutMs ?? 15_000} ms\n${stdout}\n${stderr}`));
		}, options.timeoutMs ?? 15_000);
		child.on('error', reject);
		child.on('close', status => {
			clearTimeout(timer);
			resolve({status, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}

/** Parses JSON lines output. */
export function jsonLines(stdout: string): any[] {
	return stdout
		.split('\n')
		.filter(line => line.trim() !== '')
		.map(line => JSON.parse(line));
}
