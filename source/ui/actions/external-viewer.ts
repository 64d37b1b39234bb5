import {spawnSync} from 'node:child_process';
import {accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {stripTerminalControls} from '../../core/sanitize.js';

/**
 * Opening an answer in the user's own pager or editor, then coming back to the
 * TUI intact. The viewer owns the terminal while it runs: the workspace leaves
 * its screen in `beforeSpawn`, raw mode is turned off so the viewer gets cooked
 * keys, and both are restored afterwards, whatever happened.
 */

export type ViewerKind = 'pager' | 'editor';

export interface ViewerCommand {
	command: string;
	args: string[];
}

/**
 * pager: $PAGER, else `less -R -+F`, else `more`; editor: $VISUAL, else $EDITOR,
 * else `vi` (`more` and `notepad` on Windows). The variables are split like a
 * shell word list, so PAGER="less -FRX" and EDITOR="code --wait" work.
 */
export function viewerCommand(kind: ViewerKind, env: NodeJS.ProcessEnv): ViewerCommand {
	return resolveViewer(kind, env, process.platform).viewer;
}

export interface OpenInViewerOptions {
	kind: ViewerKind;
	env?: NodeJS.ProcessEnv;
	stdin?: NodeJS.ReadStream;
	tmpDir?: string;
	/** Called just before the viewer starts: the workspace leaves its screen here. */
	beforeSpawn?: () => void;
	/** Called once the viewer has exited (also after a failure to start it): the workspace restores its screen. */
	afterSpawn?: () => void;
	/** The temp file's name, which editors use to pick a syntax (default arena-answer.md). */
	fileName?: string;
}

export type OpenInViewerResult = {ok: true; command: string; editedText?: string} | {ok: false; message: string};

/**
 * Writes the text (terminal controls stripped) to a private temp file, runs the
 * viewer on it with the terminal, and removes the file afterwards. For the
 * editor, the file's text after editing comes back as `editedText`.
 */
export function openInViewer(text: string, options: OpenInViewerOptions): OpenInViewerResult {
	const env = options.env ?? process.env;
	const stdin = options.stdin ?? process.stdin;
	const {viewer, variable} = resolveViewer(options.kind, env, process.platform);
	const shown = [viewer.command, ...viewer.args].join(' ');
	const directory = mkdtempSync(path.join(options.tmpDir ?? os.tmpdir(), 'arena-view-'));
	try {
		const file = path.join(directory, path.basename(options.fileName ?? 'arena-answer.md'));
		writeFileSync(file, stripTerminalControls(text), {mode: 0o600});
		const outcome = runWithTerminal(viewer, file, env, stdin, options);
		if (outcome.error) {
			const why = outcome.error.code === 'ENOENT' ? 'not found' : outcome.error.code === 'EACCES' ? 'permission denied' : outcome.error.message;
			const hint = variable ? `check $${variable}` : options.kind === 'pager' ? 'set $PAGER' : 'set $VISUAL or $EDITOR';
			return {ok: false, message: `could not run ${viewer.command}: ${why}; ${hint}`};
		}
		if (outcome.signal) return {ok: false, message: `${viewer.command} was stopped by ${outcome.signal}`};
		if (outcome.status !== 0) return {ok: false, message: `${viewer.command} exited with code ${outcome.status}`};
		if (options.kind === 'editor') return {ok: true, command: shown, editedText: readFileSync(file, 'utf8')};
		return {ok: true, command: shown};
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

interface SpawnOutcome {
	status: number | null;
	signal: NodeJS.Signals | null;
	error?: NodeJS.ErrnoException;
}

function runWithTerminal(
	viewer: ViewerCommand,
	file: string,
	env: NodeJS.ProcessEnv,
	stdin: NodeJS.ReadStream,
	hooks: Pick<OpenInViewerOptions, 'beforeSpawn' | 'afterSpawn'>,
): SpawnOutcome {
	const wasRaw = stdin.isTTY === true && stdin.isRaw === true;
	// Ctrl+C inside less or vi reaches the whole foreground process group, arena
	// included; like git with its pager, ignore it while the viewer runs. The
	// listener goes only after the loop has delivered any signal held meanwhile.
	const ignoreInterrupt = () => {};
	process.on('SIGINT', ignoreInterrupt);
	try {
		hooks.beforeSpawn?.();
		if (stdin.isTTY === true) stdin.setRawMode(false);
		const result = spawnSync(viewer.command, [...viewer.args, file], {stdio: 'inherit', env});
		return {status: result.status, signal: result.signal, error: result.error as NodeJS.ErrnoException | undefined};
	} finally {
		if (wasRaw) stdin.setRawMode(true);
		try {
			hooks.afterSpawn?.();
		} finally {
			setImmediate(() => process.off('SIGINT', ignoreInterrupt));
		}
	}
}

function resolveViewer(kind: ViewerKind, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): {viewer: ViewerCommand; variable?: string} {
	const variables = kind === 'pager' ? ['PAGER'] : ['VISUAL', 'EDITOR'];
	for (const variable of variables) {
		const words = shellWords(env[variable] ?? '', platform);
		if (words.length > 0) return {viewer: {command: words[0]!, args: words.slice(1)}, variable};
	}
	if (kind === 'editor') return {viewer: {command: platform === 'win32' ? 'notepad' : 'vi', args: []}};
	if (platform !== 'win32' && findExecutable('less', env, platform)) {
		// -+F undoes a LESS=F from the environment: with it, a short answer would flash and return at once.
		return {viewer: {command: 'less', args: ['-R', '-+F']}};
	}
	return {viewer: {command: 'more', args: []}};
}

/**
 * Splits a variable the way a POSIX shell splits a simple command: blanks
 * separate words, single quotes are literal, double quotes allow \" \\ \$ \`,
 * a backslash outside quotes escapes the next character (except on Windows,
 * where it is a path separator). No expansion is done.
 */
export function shellWords(value: string, platform: NodeJS.Platform = process.platform): string[] {
	const words: string[] = [];
	let current = '';
	let inWord = false;
	let index = 0;
	while (index < value.length) {
		const character = value[index]!;
		if (character === "'") {
			const end = value.indexOf("'", index + 1);
			current += value.slice(index + 1, end === -1 ? value.length : end);
			index = end === -1 ? value.length : end + 1;
			inWord = true;
		} else if (character === '"') {
			index += 1;
			while (index < value.length && value[index] !== '"') {
				if (value[index] === '\\' && index + 1 < value.length && '"\\$`'.includes(value[index + 1]!)) index += 1;
				current += value[index];
				index += 1;
			}
			index += 1;
			inWord = true;
		} else if (character === '\\' && platform !== 'win32') {
			current += value[index + 1] ?? '';
			index += 2;
			inWord = true;
		} else if (/\s/.test(character)) {
			if (inWord) words.push(current);
			current = '';
			inWord = false;
			index += 1;
		} else {
			current += character;
			inWord = true;
			index += 1;
		}
	}
	if (inWord) words.push(current);
	return words;
}

/** The absolute path of an executable named `name` on the PATH of `env`, or null. No `which` needed. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | null {
	const pathApi = platform === 'win32' ? path.win32 : path.posix;
	const extensions =
		platform === 'win32' ? ['', ...(variable(env, 'PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
	const directories = name.includes('/') || (platform === 'win32' && name.includes('\\')) ? [''] : (variable(env, 'PATH') ?? '').split(pathApi.delimiter);
	for (const directory of directories) {
		// An empty PATH entry means the current directory; running a program from wherever the user stands is a risk, not a feature.
		if (directory === '' && directories.length > 1) continue;
		for (const extension of extensions) {
			const candidate = directory === '' ? name + extension : pathApi.join(directory, name + extension);
			if (isExecutableFile(candidate, platform)) return pathApi.resolve(candidate);
		}
	}
	return null;
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
	try {
		if (!statSync(file).isFile()) return false;
		if (platform !== 'win32') accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

// Windows spells it Path; a copied env object loses process.env's case-insensitivity.
function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
	if (env[name] !== undefined) return env[name];
	const key = Object.keys(env).find(candidate => candidate.toUpperCase() === name);
	return key === undefined ? undefined : env[key];
}
