import {spawn} from 'node:child_process';
import {stripTerminalControls} from '../../core/sanitize.js';
import {fileTimestamp, writeNewFile} from './answer-files.js';
import {findExecutable} from './external-viewer.js';

/**
 * Copying an answer: the platform's clipboard tool when one works, otherwise a
 * file whose path the UI shows, so the text is never lost.
 */

export type CopyResult = {kind: 'clipboard'; tool: string} | {kind: 'file'; path: string; reason: string};

export interface ClipboardTool {
	/** Absolute path of the program, found on PATH. */
	command: string;
	args: string[];
	/** The name shown to the user: "pbcopy", "xclip", "tmux buffer"… */
	label: string;
	/** Windows' clip.exe reads UTF-16 with a byte-order mark; everything else UTF-8. */
	input?: 'utf8' | 'utf16le';
}

interface Candidate {
	name: string;
	args: string[];
	label: string;
	input?: 'utf8' | 'utf16le';
}

/** Give up on a tool after this long: a clipboard tool waiting on a dead display would otherwise hang the copy. */
export const CLIPBOARD_TIMEOUT_MS = 3000;
const STDERR_GRACE_MS = 250;

function candidateTools(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Candidate[] {
	const candidates: Candidate[] = [];
	if (platform === 'darwin') candidates.push({name: 'pbcopy', args: [], label: 'pbcopy'});
	if (platform === 'win32') candidates.push({name: 'clip', args: [], label: 'clip', input: 'utf16le'});
	if (platform !== 'darwin' && platform !== 'win32') {
		if (isWsl(env)) candidates.push({name: 'clip.exe', args: [], label: 'clip.exe', input: 'utf16le'});
		if (present(env['WAYLAND_DISPLAY'])) candidates.push({name: 'wl-copy', args: [], label: 'wl-copy'});
		if (present(env['DISPLAY'])) {
			candidates.push({name: 'xclip', args: ['-selection', 'clipboard'], label: 'xclip'});
			candidates.push({name: 'xsel', args: ['--clipboard', '--input'], label: 'xsel'});
		}
		candidates.push({name: 'termux-clipboard-set', args: [], label: 'termux-clipboard-set'});
	}
	// tmux's own buffer (and, with -w, the outer terminal's clipboard) works over ssh where nothing else does.
	if (present(env['TMUX'])) candidates.push({name: 'tmux', args: ['load-buffer', '-w', '-'], label: 'tmux buffer'});
	return candidates;
}

/** The clipboard tools to try, in order, for this platform and environment; only those found on PATH. */
export function clipboardTools(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): ClipboardTool[] {
	const tools: ClipboardTool[] = [];
	for (const candidate of candidateTools(env, platform)) {
		const command = findExecutable(candidate.name, env, platform);
		if (command) tools.push({command, args: candidate.args, label: candidate.label, ...(candidate.input ? {input: candidate.input} : {})});
	}
	return tools;
}

export interface CopyOptions {
	env?: NodeJS.ProcessEnv;
	platform?: NodeJS.Platform;
	/** Where the text goes when no tool works: `<fallbackDir>/clip-<YYYYMMDD-HHMMSS>.txt`. */
	fallbackDir: string;
	now?: () => Date;
	/** How long one tool may take (default CLIPBOARD_TIMEOUT_MS). */
	timeoutMs?: number;
}

/**
 * Pipes the text to the first tool that exits 0 in time, else writes it to a new
 * private file (0600) and says why. Terminal control sequences are stripped
 * first: pasted into a shell, an escape sequence in a model's answer could end
 * bracketed paste and run a command.
 */
export async function copyText(text: string, options: CopyOptions): Promise<CopyResult> {
	const env = options.env ?? process.env;
	const platform = options.platform ?? process.platform;
	const clean = stripTerminalControls(text);
	const tools = clipboardTools(env, platform);
	const failures: string[] = [];
	for (const tool of tools) {
		const failure = await pipeToTool(tool, clean, env, options.timeoutMs ?? CLIPBOARD_TIMEOUT_MS);
		if (failure === null) return {kind: 'clipboard', tool: tool.label};
		failures.push(failure);
	}
	const reason = tools.length === 0 ? noToolReason(env, platform) : `the clipboard tools failed (${failures.join('; ')})`;
	const stamp = fileTimestamp((options.now ?? (() => new Date()))());
	const file = await writeNewFile(options.fallbackDir, `clip-${stamp}`, 'txt', clean, 0o600);
	return {kind: 'file', path: file, reason};
}

function noToolReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
	const names = candidateTools(env, platform).map(candidate => candidate.name);
	const headless =
		platform !== 'darwin' && platform !== 'win32' && !isWsl(env) && !present(env['DISPLAY']) && !present(env['WAYLAND_DISPLAY'])
			? 'no $DISPLAY or $WAYLAND_DISPLAY; '
			: '';
	return `no clipboard tool found (${headless}looked for ${names.length > 0 ? names.join(', ') : 'none on this platform'})`;
}

/** Null when the tool took the text; otherwise a short reason. */
function pipeToTool(tool: ClipboardTool, text: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | null> {
	return new Promise(resolve => {
		const child = spawn(tool.command, tool.args, {stdio: ['pipe', 'ignore', 'pipe'], env, windowsHide: true});
		let stderr = '';
		let settled = false;
		const finish = (failure: string | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			// xclip and wl-copy fork a process that keeps serving the selection and holds our stderr pipe; let go of it.
			child.stderr?.destroy();
			resolve(failure);
		};
		let timer = setTimeout(() => {
			child.kill('SIGKILL');
			finish(`${tool.label} did not finish within ${formatSeconds(timeoutMs)}`);
		}, timeoutMs);
		child.stderr?.setEncoding('utf8');
		child.stderr?.on('data', (chunk: string) => {
			if (stderr.length < 400) stderr += chunk;
		});
		child.on('error', error => finish(`${tool.label}: ${error.message}`));
		child.on('exit', (code, signal) => {
			if (code === 0) {
				finish(null);
				return;
			}
			const how = code === null ? `was stopped by ${signal}` : `exited with code ${code}`;
			const report = () => {
				const detail = stderr.trim().split('\n')[0]?.trim();
				finish(`${tool.label} ${how}${detail ? `: ${detail}` : ''}`);
			};
			// Its last stderr lines may still be in the pipe when 'exit' fires; wait for them, briefly
			// (a process it forked may hold the pipe open).
			if (child.stderr && !child.stderr.closed) {
				child.stderr.once('close', report);
				clearTimeout(timer);
				timer = setTimeout(report, STDERR_GRACE_MS);
			} else {
				report();
			}
		});
		// A tool that exits early closes its stdin; its exit status says why, not the EPIPE.
		child.stdin?.on('error', () => {});
		child.stdin?.end(encode(text, tool.input));
	});
}

function encode(text: string, input: ClipboardTool['input']): Buffer {
	if (input === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
	return Buffer.from(text, 'utf8');
}

function isWsl(env: NodeJS.ProcessEnv): boolean {
	return present(env['WSL_DISTRO_NAME']) || present(env['WSL_INTEROP']);
}

function present(value: string | undefined): boolean {
	return value !== undefined && value !== '';
}

function formatSeconds(milliseconds: number): string {
	return milliseconds % 1000 === 0 ? `${milliseconds / 1000} s` : `${milliseconds} ms`;
}
