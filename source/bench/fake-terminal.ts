/**
 * A terminal for Ink that counts instead of drawing. Ink treats it as a real
 * TTY (live frames, synchronized-update markers), so the TUI does all the work
 * it does on screen; only the bytes go nowhere.
 */
import {performance} from 'node:perf_hooks';
import {PassThrough, Writable} from 'node:stream';

// Ink brackets each frame with these "synchronized update" markers when the output is a TTY.
const BEGIN_SYNCHRONIZED_UPDATE = '\u001B[?2026h';
const END_SYNCHRONIZED_UPDATE = '\u001B[?2026l';

export class CountingTerminal extends Writable {
	readonly isTTY = true;
	readonly columns: number;
	readonly rows: number;
	/** Every write() Ink made, markers included. */
	writes = 0;
	bytes = 0;
	/** performance.now() of each write that changed the screen (markers excluded): one per frame. */
	readonly frameTimes: number[] = [];
	/** When a frame first contained `watchedText`, if it did. */
	watchedTextSeenAt: number | null = null;

	/** `watchedText`: text whose first appearance on screen is timed, e.g. the "all finished" status. */
	constructor(
		columns: number,
		rows: number,
		private readonly watchedText: string | null = null,
	) {
		// Strings stay strings: converting every frame to a Buffer would be work a real TTY does not do here.
		super({decodeStrings: false});
		this.columns = columns;
		this.rows = rows;
	}

	override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.writes += 1;
		this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
		if (chunk !== BEGIN_SYNCHRONIZED_UPDATE && chunk !== END_SYNCHRONIZED_UPDATE) {
			const now = performance.now();
			this.frameTimes.push(now);
			if (this.watchedText !== null && this.watchedTextSeenAt === null && chunk.includes(this.watchedText)) this.watchedTextSeenAt = now;
		}
		callback();
	}

	get frames(): number {
		return this.frameTimes.length;
	}

	/** The most frames in any window of `windowMs`: "frames per second" as a viewer would notice it. */
	maxFramesInWindow(windowMs = 1000): number {
		let most = 0;
		let start = 0;
		for (let end = 0; end < this.frameTimes.length; end++) {
			while (this.frameTimes[end]! - this.frameTimes[start]! >= windowMs) start++;
			most = Math.max(most, end - start + 1);
		}
		return most;
	}

	/** Shortest gap between two frames, in ms; null with fewer than two frames. */
	shortestFrameGapMs(): number | null {
		const gaps = this.frameGaps();
		return gaps.length === 0 ? null : Math.min(...gaps);
	}

	/** Longest gap between two frames, in ms: how long the screen stood still. */
	longestFrameGapMs(): number | null {
		const gaps = this.frameGaps();
		return gaps.length === 0 ? null : Math.max(...gaps);
	}

	/** Median gap between frames, in ms: 1000 ÷ this is the steady frame rate. */
	medianFrameGapMs(): number | null {
		const gaps = this.frameGaps().sort((a, b) => a - b);
		return gaps.length === 0 ? null : gaps[Math.floor(gaps.length / 2)]!;
	}

	private frameGaps(): number[] {
		return this.frameTimes.slice(1).map((time, index) => time - this.frameTimes[index]!);
	}
}

/** A keyboard-less stdin, as when arena's stdin is piped: the TUI closes itself when the run ends. */
export function pipedStdin(): NodeJS.ReadStream {
	const stdin = new PassThrough() as PassThrough & {isTTY: boolean};
	stdin.isTTY = false;
	return stdin as unknown as NodeJS.ReadStream;
}

/** A sink for headless JSON lines in-process: written, then dropped. */
export class NullSink extends Writable {
	bytes = 0;

	constructor() {
		super({decodeStrings: false});
	}

	override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.bytes += typeof chunk === 'string' ? chunk.length : chunk.length;
		callback();
	}
}
