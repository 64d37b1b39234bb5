import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The built CLI; `npm test` builds it before the suite runs. */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

export interface TerminalOptions {
	columns?: number;
	rows?: number;
	/** Extra environment for the shell (ARENA_HOME is always set to a fresh directory). */
	env?: Record<string, string>;
}

/**
 * A real terminal: a private tmux server running an interactive bash, so tests
 * type commands and keys the way a person does and read what the screen shows.
 * CI is unset inside it, because Ink draws only the last frame when CI is set.
 */
export class Terminal {
	readonly home: string;
	private readonly socket: string;
	private closed = false;

	private constructor(readonly columns: number, readonly rows: number) {
		this.home = mkdtempSync(path.join(tmpdir(), 'arena-e2e-'));
		this.socket = `arena-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	}

	static start(options: TerminalOptions = {}): Terminal {
		const terminal = new Terminal(options.columns ?? 120, options.rows ?? 40);
		const env = {ARENA_HOME: terminal.home, TERM: 'xterm-256color', PS1: '$ ', ...options.env};
		const exports = Object.entries(env)
			.map(([name, value]) => `${name}=${shellQuote(value)}`)
			.join(' ');
		terminal.tmux(
			'new-session', '-d', '-s', 'arena',
			'-x', String(terminal.columns), '-y', String(terminal.rows),
			`env -u CI -u NO_COLOR -u FORCE_COLOR ${exports} bash --norc --noprofile`,
		);
		return terminal;
	}

	/** Types a command line into the shell and presses Enter. */
	type(line: string): void {
		this.tmux('send-keys', '-t', 'arena', '-l', line);
		this.tmux('send-keys', '-t', 'arena', 'Enter');
	}

	/** Sends tmux key names: 'C-c', 'Tab', 'Up', 'q', 'Enter'… */
	press(...keys: string[]): void {
		this.tmux('send-keys', '-t', 'arena', ...keys);
	}

	/** Sends literal text without pressing Enter. */
	write(text: string): void {
		this.tmux('send-keys', '-t', 'arena', '-l', text);
	}

	/** Pastes text as a terminal does: bracketed (ESC[200~ … ESC[201~) when the application asked for it. */
	paste(text: string): void {
		this.tmux('set-buffer', '-b', 'arena-paste', '--', text);
		this.tmux('paste-buffer', '-p', '-d', '-b', 'arena-paste', '-t', 'arena');
	}

	resize(columns: number, rows: number): void {
		this.tmux('resize-window', '-t', 'arena', '-x', String(columns), '-y', String(rows));
	}

	/** What the screen shows now, as plain text. */
	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', 'arena');
	}

	/** What the screen shows now with its attributes, as the SGR escape sequences tmux writes for them (`capture-pane -e`). */
	screenWithAttributes(): string {
		return this.tmux('capture-pane', '-e', '-p', '-t', 'arena');
	}

	/** Whether the program in the pane has switched to the terminal's alternate screen (full-screen apps do). */
	alternateScreen(): boolean {
		return this.tmux('display-message', '-p', '-t', 'arena', '#{alternate_on}').trim() === '1';
	}

	/** Polls the screen until `predicate` holds; throws with the last screen on timeout. */
	async waitFor(predicate: (screen: string) => boolean, timeoutMs = 15_000, what = 'screen condition'): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < deadline) {
			last = this.screen();
			if (predicate(last)) return last;
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen was:\n${last}`);
	}

	waitForText(text: string | RegExp, timeoutMs?: number): Promise<string> {
		return this.waitFor(
			screen => (typeof text === 'string' ? screen.includes(text) : text.test(screen)),
			timeoutMs,
			JSON.stringify(String(text)),
		);
	}

	/** Runs a command line and returns its exit status once the shell prints it. */
	async runToExit(line: string, timeoutMs?: number): Promise<number> {
		const marker = `__exit_${Math.random().toString(36).slice(2, 8)}`;
		this.type(`${line}; echo ${marker}=$?`);
		const screen = await this.waitForText(new RegExp(`${marker}=\\d+`), timeoutMs);
		return Number(new RegExp(`${marker}=(\\d+)`).exec(screen)![1]);
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		try {
			this.tmux('kill-server');
		} catch {
			// Already gone.
		}
		rmSync(this.home, {recursive: true, force: true});
	}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	}
}

export function shellQuote(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}
