import {EventEmitter} from 'node:events';
import {stripVTControlCharacters} from 'node:util';
import chalk from 'chalk';
import {type Instance, render} from 'ink';
import {act, type ReactElement} from 'react';

/**
 * The one way UI tests drive Ink: a fake terminal of fixed size, colour pinned
 * off (frames are plain text), renders and key presses inside act(), and a
 * poll-until helper instead of sleeps.
 */

// Frames are asserted as plain text; tests that check styling turn colour on explicitly.
chalk.level = 0;

declare global {
	// eslint-disable-next-line no-var
	var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

/** Escape sequences a terminal sends for the keys tests press. */
export const keys = {
	tab: '\t',
	shiftTab: '\u001B[Z',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	space: ' ',
	ctrlC: '\u0003',
	backspace: '\u007F',
} as const;

// eslint-disable-next-line no-control-regex
const CURSOR_OR_SYNC_ONLY = /^(?:\u001B\[\?(?:25|2026)[hl])+$/;

/** A terminal's output side: records every write and keeps the latest frame as plain text. */
export class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	/** Every write, raw (with escape sequences). */
	readonly writes: string[] = [];
	/** Every drawn frame, escape sequences removed. */
	readonly frames: string[] = [];

	constructor(public columns: number, public rows: number) {
		super();
	}

	write = (chunk: string | Uint8Array, callback?: (() => void) | string, maybeCallback?: () => void): boolean => {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		this.writes.push(text);
		// Showing/hiding the cursor and synchronized-output markers draw nothing; anything
		// else (an empty string included: the app drew nothing) is what the screen now shows.
		if (!CURSOR_OR_SYNC_ONLY.test(text)) this.frames.push(stripVTControlCharacters(text));
		const done = typeof callback === 'function' ? callback : maybeCallback;
		done?.();
		return true;
	};

	lastFrame(): string {
		return this.frames.at(-1) ?? '';
	}

	/** Resizes the terminal the way a real one does: new size, then a resize event. */
	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

/** A terminal's input side. `isTTY: false` stands for a pipe, where raw mode is unavailable. */
export class FakeStdin extends EventEmitter {
	readonly isTTY: boolean;
	/** Whether raw mode is on right now; false again means the terminal was handed back. */
	rawMode = false;
	private pending: string | null = null;

	constructor({isTTY = true}: {isTTY?: boolean} = {}) {
		super();
		this.isTTY = isTTY;
	}

	write(data: string): void {
		this.pending = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read = (): string | null => {
		const data = this.pending;
		this.pending = null;
		return data;
	};

	setRawMode = (enabled: boolean): this => {
		this.rawMode = enabled;
		return this;
	};

	setEncoding(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}

	/** True once a component listens for keys; a key written before that is lost. */
	get acceptsInput(): boolean {
		return this.listenerCount('readable') > 0;
	}
}

export interface TerminalSize {
	columns?: number;
	rows?: number;
	/** False simulates piped stdin (no raw mode). */
	isTTY?: boolean;
}

export interface FakeTerminal {
	stdout: FakeStdout;
	stdin: FakeStdin;
	/** The same two, typed as what `runTui`/`promptTui` and Ink's render expect. */
	streams: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream};
}

export function createTerminal({columns = 120, rows = 40, isTTY = true}: TerminalSize = {}): FakeTerminal {
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin({isTTY});
	return {
		stdout,
		stdin,
		streams: {stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream},
	};
}

export interface WaitOptions {
	timeoutMs?: number;
	/** Said in the failure, with the last frame when there is one. */
	message?: string;
}

const POLL_MS = 5;

/**
 * Polls until `predicate` holds. While polling, act() is switched off so timers
 * (the UI's frame throttle, the fake streams) run exactly as they do for a user.
 */
export async function waitFor(
	predicate: () => boolean,
	{timeoutMs = 4000, message = 'condition'}: WaitOptions = {},
	describe?: () => string,
): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	const wasActEnvironment = globalThis.IS_REACT_ACT_ENVIRONMENT;
	globalThis.IS_REACT_ACT_ENVIRONMENT = false;
	try {
		while (!predicate()) {
			if (performance.now() > deadline) {
				const detail = describe ? `\n--- last frame ---\n${describe()}` : '';
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${detail}`);
			}
			await new Promise(resolve => setTimeout(resolve, POLL_MS));
		}
	} finally {
		globalThis.IS_REACT_ACT_ENVIRONMENT = wasActEnvironment;
	}
}

async function settle(): Promise<void> {
	await new Promise(resolve => setImmediate(resolve));
	await new Promise(resolve => setImmediate(resolve));
}

async function inAct(action: () => void | Promise<void>): Promise<void> {
	globalThis.IS_REACT_ACT_ENVIRONMENT = true;
	try {
		await act(async () => {
			await action();
		});
	} finally {
		globalThis.IS_REACT_ACT_ENVIRONMENT = false;
	}
}

export interface InkDriver {
	stdout: FakeStdout;
	stdin: FakeStdin;
	lastFrame(): string;
	/** Number of frames drawn so far. */
	frameCount(): number;
	/** Waits until the latest frame satisfies `predicate` (a substring or a test). */
	waitForFrame(predicate: string | ((frame: string) => boolean), options?: WaitOptions): Promise<string>;
	waitFor(predicate: () => boolean, options?: WaitOptions): Promise<void>;
	/** Sends one key (see `keys`) once something is listening, and lets Ink handle it. */
	press(sequence: string): Promise<void>;
	/** Types text one character at a time, as a person would. */
	type(text: string): Promise<void>;
}

function driverFor(stdout: FakeStdout, stdin: FakeStdin): InkDriver {
	const driver: InkDriver = {
		stdout,
		stdin,
		lastFrame: () => stdout.lastFrame(),
		frameCount: () => stdout.frames.length,
		async waitForFrame(predicate, options = {}) {
			const test = typeof predicate === 'string' ? (frame: string) => frame.includes(predicate) : predicate;
			const message = options.message ?? (typeof predicate === 'string' ? JSON.stringify(predicate) : 'frame');
			await waitFor(() => test(stdout.lastFrame()), {...options, message}, () => stdout.lastFrame());
			return stdout.lastFrame();
		},
		waitFor: (predicate, options) => waitFor(predicate, options, () => stdout.lastFrame()),
		async press(sequence) {
			// Ink attaches its key listener in an effect after the first frame; a key sent
			// earlier would vanish, so wait for the listener rather than for time.
			await waitFor(() => stdin.acceptsInput, {message: 'the app to listen for keys'}, () => stdout.lastFrame());
			// A frame may have just been drawn; let React finish that commit's effects (they run
			// on the next turn) so the key meets the app as the frame shows it.
			await settle();
			await inAct(async () => {
				stdin.write(sequence);
				// A lone ESC is held for one tick in case it starts a sequence.
				await settle();
			});
		},
		async type(text) {
			for (const character of text) await driver.press(character);
		},
	};
	return driver;
}

const mounted = new Set<Instance>();

export interface RenderedInk extends InkDriver {
	unmount(): Promise<void>;
	rerender(tree: ReactElement): Promise<void>;
}

/**
 * Renders a component into a fake terminal (120×40 unless told). Every commit is
 * written as a whole frame (Ink's debug mode), so `lastFrame()` is exactly what
 * the user would see after that render.
 */
export async function renderInk(tree: ReactElement, size: TerminalSize = {}): Promise<RenderedInk> {
	const {stdout, stdin, streams} = createTerminal(size);
	let instance!: Instance;
	await inAct(() => {
		instance = render(tree, {
			...streams,
			stderr: streams.stdout,
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		});
	});
	mounted.add(instance);
	return {
		...driverFor(stdout, stdin),
		async unmount() {
			await inAct(() => instance.unmount());
			mounted.delete(instance);
		},
		async rerender(next) {
			await inAct(() => instance.rerender(next));
		},
	};
}

/** A driver for apps that call Ink's render themselves (runTui, promptTui) on the given fake terminal. */
export function driveTerminal(terminal: FakeTerminal): InkDriver {
	return driverFor(terminal.stdout, terminal.stdin);
}

/** Unmounts whatever a test left mounted; call from afterEach. */
export async function cleanupInk(): Promise<void> {
	for (const instance of mounted) {
		await inAct(() => instance.unmount());
	}
	mounted.clear();
}

/** Runs `body` with colour on, for the few assertions about styling (dim, bold). */
export async function withColor<T>(body: () => Promise<T>): Promise<T> {
	const previous = chalk.level;
	chalk.level = 1;
	try {
		return await body();
	} finally {
		chalk.level = previous;
	}
}

export const SGR_DIM = '\u001B[2m';
