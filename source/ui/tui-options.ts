import type {RenderOptions} from 'ink';
import {guardStdin} from './stdin-guard.js';

/** What every full-screen entry point (runTui, historyTui, …) shares. */

/** The frame rate cap: useArenaRun turns stream events into at most this many updates a second. */
export const MAX_FRAMES_PER_SECOND = 30;

/**
 * Ink's own throttle, set above the real cap. At exactly 30 its timer restarts on
 * every update that comes sooner than 34 ms, so every second update was dropped
 * and the panes moved at ~15 frames/s (measured by npm run bench).
 */
export const INK_MAX_FPS = 2 * MAX_FRAMES_PER_SECOND;

export interface TuiStreams {
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
}

/** The keyboard every entry point reads: stdin (or the one given), guarded against input Ink would crash on. */
export function keyboardInput(stdin: NodeJS.ReadStream | undefined): NodeJS.ReadStream {
	const input = stdin ?? process.stdin;
	guardStdin(input);
	return input;
}

/**
 * Ink's options for every full-screen entry point: the guarded keyboard,
 * Ctrl+C left to the views (it cancels before it quits), our frame cap, the
 * console left alone, and `onFrame` called for each frame Ink draws.
 */
export function inkOptions(streams: TuiStreams, onFrame?: () => void): RenderOptions {
	return {
		stdin: keyboardInput(streams.stdin),
		stdout: streams.stdout ?? process.stdout,
		exitOnCtrlC: false,
		maxFps: INK_MAX_FPS,
		patchConsole: false,
		...(onFrame ? {onRender: () => onFrame()} : {}),
	};
}
