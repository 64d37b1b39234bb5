/** What every full-screen entry point (runTui, historyTui, …) shares. */

/** The frame rate cap; also the cap on snapshot updates in useArenaRun. */
export const MAX_FRAMES_PER_SECOND = 30;

export interface TuiStreams {
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
}
