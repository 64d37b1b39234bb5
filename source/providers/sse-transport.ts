/**
 * A `fetch` for the OpenAI client that watches the raw bytes of one attempt.
 *
 * The SDK cannot do three things arena needs, so this layer does them:
 * - End at `data: [DONE]`: the SDK keeps reading until the socket closes, and
 *   some servers never close it. We pass bytes through up to the marker, then
 *   close the stream the SDK reads and cancel the socket's reader.
 * - Idle timeout: the SDK has no timeout once headers arrive. Any bytes count
 *   as life, including `: keep-alive` comments the SDK silently drops, so the
 *   watchdog sits here rather than on parsed chunks.
 * - Keep the raw error body: the SDK drops bodies it cannot map (Gemini sends
 *   a JSON array), and we want to word the message ourselves.
 * It also hands the SDK large reads in ~1 KiB pieces, which keeps the SDK's
 * SSE splitter linear at full speed (see `nextPiece`).
 */

/** Thrown into the stream when no bytes arrived for the configured time. */
export class IdleTimeoutError extends Error {
	constructor(readonly idleTimeoutMs: number) {
		super(`no data for ${idleTimeoutMs} ms`);
		// Not "AbortError": the SDK swallows those silently, and this one must surface.
		this.name = 'IdleTimeoutError';
	}
}

/** Error bodies are only read for a message; a runaway one must not eat memory. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** What the SDK needs from `response.body`: async iteration, or a reader. */
interface ByteSource extends AsyncIterableIterator<Uint8Array> {
	getReader(): {
		read(): Promise<ReadableStreamReadResult<Uint8Array>>;
		cancel(reason?: unknown): Promise<void>;
		releaseLock(): void;
	};
}

export interface AttemptTransport {
	/** Hand this to `new OpenAI({fetch})`. Serves one request. */
	readonly fetch: typeof fetch;
	/** A `data: [DONE]` line went by. */
	readonly sawDone: boolean;
	readonly idleTimedOut: boolean;
	/** Status and headers once they arrived. */
	readonly response: {status: number; statusText: string; headers: Headers} | undefined;
	/** The raw body of a non-2xx response (truncated to 64 KiB). */
	readonly errorBody: string | undefined;
	/**
	 * A 2xx answer that was a web page, not an event stream: typically a base
	 * URL pointing at a web UI that serves index.html for every path.
	 */
	readonly answeredWithHtml: boolean;
	/** performance.now() just before the HTTP request was handed to the network, once it has been. */
	readonly sentAt: number | undefined;
	/** Stops the watchdog and releases the connection if it is still open. */
	dispose(): void;
}

export interface AttemptTransportOptions {
	/** Milliseconds without bytes before the attempt fails; 0 or less disables it. */
	idleTimeoutMs: number;
	/** The real fetch; the global one by default. */
	baseFetch?: typeof fetch;
}

export function createAttemptTransport(options: AttemptTransportOptions): AttemptTransport {
	return new MonitoredAttempt(options.idleTimeoutMs, options.baseFetch ?? globalThis.fetch);
}

class MonitoredAttempt implements AttemptTransport {
	sawDone = false;
	idleTimedOut = false;
	answeredWithHtml = false;
	sentAt: number | undefined;
	response: AttemptTransport['response'];
	errorBody: string | undefined;

	private readonly attemptAbort = new AbortController();
	private readonly watchdog: IdleWatchdog | undefined;
	private failStream: ((error: unknown) => void) | undefined;

	constructor(
		private readonly idleTimeoutMs: number,
		private readonly baseFetch: typeof fetch,
	) {
		if (idleTimeoutMs > 0 && Number.isFinite(idleTimeoutMs)) {
			this.watchdog = new IdleWatchdog(idleTimeoutMs, () => this.onIdle());
		}
	}

	readonly fetch: typeof fetch = async (input, init) => {
		const signal = init?.signal ? AbortSignal.any([init.signal, this.attemptAbort.signal]) : this.attemptAbort.signal;
		this.watchdog?.beginWait();
		let upstream: Response;
		try {
			this.sentAt ??= performance.now();
			upstream = await this.baseFetch(input, {...init, signal});
		} catch (error) {
			this.watchdog?.stop();
			throw this.idleTimedOut ? new IdleTimeoutError(this.idleTimeoutMs) : error;
		}
		this.watchdog?.endWait();
		this.response = {status: upstream.status, statusText: upstream.statusText, headers: upstream.headers};

		if (!upstream.ok) {
			this.errorBody = await this.readBoundedText(upstream);
			this.watchdog?.stop();
			return new Response(this.errorBody, {
				status: upstream.status,
				statusText: upstream.statusText,
				headers: upstream.headers,
			});
		}
		if (!upstream.body) return upstream;

		const contentType = upstream.headers.get('content-type') ?? '';
		if (/json/i.test(contentType) && !/event-stream/i.test(contentType)) {
			return this.reframeJsonBody(upstream);
		}
		if (/html/i.test(contentType)) {
			this.answeredWithHtml = true;
			await this.readBoundedText(upstream);
			this.watchdog?.stop();
			return new Response('', {status: upstream.status, statusText: upstream.statusText, headers: upstream.headers});
		}
		// The SDK reads `response.body` through its async iterator (or a reader); an own property shadows the
		// prototype getter, so the real Response (status, headers, url) is kept and no extra ReadableStream
		// is put in the hot path, which measurably slowed full-speed streams.
		Object.defineProperty(upstream, 'body', {value: this.passThrough(upstream.body, signal), configurable: true});
		return upstream;
	};

	dispose(): void {
		this.watchdog?.stop();
		// Releases the socket if the SDK stopped reading early; a no-op once the body is done.
		this.attemptAbort.abort();
	}

	private onIdle(): void {
		this.idleTimedOut = true;
		const error = new IdleTimeoutError(this.idleTimeoutMs);
		this.failStream?.(error);
		this.attemptAbort.abort(error);
	}

	/**
	 * Bytes go to the SDK untouched while a scanner looks at each line start
	 * for the `[DONE]` marker. Reads only when the SDK asks, so a slow reader
	 * applies backpressure, and the watchdog only runs while we are actually
	 * waiting on the network.
	 */
	private passThrough(body: ReadableStream<Uint8Array>, signal: AbortSignal): ByteSource {
		const reader = body.getReader();
		const scanner = new DoneMarkerScanner();
		let finished = false;
		/** Why the stream was cut short by us (idle, abort); thrown by the next read. */
		let failure: unknown;

		const finish = () => {
			if (finished) return;
			finished = true;
			this.watchdog?.stop();
			this.failStream = undefined;
			signal.removeEventListener('abort', onAbort);
			// Releases the socket: after [DONE] the server may keep it open forever.
			reader.cancel().catch(() => {});
		};
		const fail = (error: unknown) => {
			if (finished) return;
			failure = error;
			// Cancelling resolves a pending read as done, and the read below then throws `failure`.
			finish();
		};
		// The SDK aborts on Ctrl+C or `break`; fail the pending read at once rather than wait for undici.
		const onAbort = () => fail(signal.reason);
		signal.addEventListener('abort', onAbort, {once: true});
		this.failStream = fail;

		/** Bytes already received but not yet handed over (see `nextPiece`). */
		let leftover: Uint8Array | undefined;

		const handOver = (bytes: Uint8Array): ReadableStreamReadResult<Uint8Array> => {
			const piece = nextPiece(bytes);
			leftover = piece.length < bytes.length ? bytes.subarray(piece.length) : undefined;
			const markerEnd = scanner.scan(piece);
			if (markerEnd === -1) return {done: false, value: piece};
			this.sawDone = true;
			leftover = undefined;
			finish();
			return {done: false, value: piece.subarray(0, markerEnd)};
		};

		const read = async (): Promise<ReadableStreamReadResult<Uint8Array>> => {
			if (failure !== undefined) throw failure;
			if (leftover) return handOver(leftover);
			if (finished) return {done: true, value: undefined};
			this.watchdog?.beginWait();
			let result: ReadableStreamReadResult<Uint8Array>;
			try {
				result = await reader.read();
			} catch (error) {
				if (failure === undefined) failure = this.idleTimedOut ? new IdleTimeoutError(this.idleTimeoutMs) : error;
				finish();
				throw failure;
			}
			if (failure !== undefined) throw failure;
			this.watchdog?.endWait();
			if (result.done) {
				finished = true;
				this.watchdog?.stop();
				signal.removeEventListener('abort', onAbort);
				return result;
			}
			return handOver(result.value);
		};
		const cancel = async (): Promise<void> => {
			finish();
		};

		const iterator: ByteSource = {
			next: read,
			return: async () => {
				await cancel();
				return {done: true, value: undefined};
			},
			[Symbol.asyncIterator]: () => iterator,
			getReader: () => ({read, cancel, releaseLock: () => {}}),
		};
		return iterator;
	}

	/**
	 * A server that ignored `stream: true` answers with one JSON document. The
	 * SDK would find no `data:` lines in it; re-framing it as one event lets the
	 * normal path report its text, usage or error.
	 */
	private async reframeJsonBody(upstream: Response): Promise<Response> {
		const text = await this.readBoundedText(upstream, Number.POSITIVE_INFINITY);
		this.watchdog?.stop();
		let framed = text;
		try {
			framed = `data: ${JSON.stringify(JSON.parse(text))}\n\ndata: [DONE]\n\n`;
			this.sawDone = true;
		} catch {
			// Not JSON after all: pass it on unchanged and let the stream end without a finish.
		}
		return new Response(framed, {status: upstream.status, statusText: upstream.statusText, headers: upstream.headers});
	}

	private async readBoundedText(upstream: Response, limit = MAX_ERROR_BODY_BYTES): Promise<string> {
		if (!upstream.body) return '';
		const reader = upstream.body.getReader();
		const decoder = new TextDecoder();
		let text = '';
		let received = 0;
		try {
			while (received < limit) {
				this.watchdog?.beginWait();
				const {done, value} = await reader.read();
				this.watchdog?.endWait();
				if (done) break;
				received += value.byteLength;
				text += decoder.decode(value, {stream: true});
			}
			text += decoder.decode();
		} catch (error) {
			if (this.idleTimedOut) throw new IdleTimeoutError(this.idleTimeoutMs);
			// A body cut short still has a usable start; the status says the rest.
			if (!text) throw error;
		} finally {
			if (received >= limit) reader.cancel().catch(() => {});
		}
		return text;
	}
}

/**
 * Fires when we have been waiting for bytes longer than the limit. Time spent
 * while nobody is reading (the consumer is busy) does not count. One timer,
 * pushed forward lazily, so a fast stream costs a clock read per chunk.
 */
class IdleWatchdog {
	private waiting = false;
	private stopped = false;
	private lastActivity = 0;
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly limitMs: number,
		private readonly onIdle: () => void,
	) {}

	beginWait(): void {
		if (this.stopped) return;
		this.waiting = true;
		this.lastActivity = performance.now();
		this.timer ??= setTimeout(this.check, this.limitMs);
	}

	endWait(): void {
		this.waiting = false;
		this.lastActivity = performance.now();
	}

	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	private readonly check = (): void => {
		this.timer = undefined;
		if (this.stopped || !this.waiting) return;
		const silentFor = performance.now() - this.lastActivity;
		if (silentFor >= this.limitMs) {
			this.stop();
			this.onIdle();
			return;
		}
		this.timer = setTimeout(this.check, Math.max(1, Math.ceil(this.limitMs - silentFor)));
	};
}

/** Scanner state meaning the current line cannot be the marker; skip to its end. */
const SKIP_LINE = -1;

// "data: [DONE]" — the space after the colon is optional, as in the SDK's own parser.
const MARKER = Array.from('data: [DONE]', character => character.charCodeAt(0));
const SPACE_INDEX = 5;
const OPEN_BRACKET = 0x5b;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Finds a line starting with `data: [DONE]` (or `data:[DONE]`) in a byte
 * stream split at arbitrary points. Only the first bytes of each line are
 * examined; the rest is skipped with native `indexOf`.
 */
export class DoneMarkerScanner {
	/** How many marker bytes the current line has matched so far, or SKIP_LINE. */
	private state = 0;

	/** Index just past the marker line (its terminator included) in `chunk`, or -1. */
	scan(chunk: Uint8Array): number {
		const length = chunk.length;
		const hasCarriageReturn = chunk.indexOf(CR) !== -1;
		let index = 0;
		while (index < length) {
			if (this.state === SKIP_LINE) {
				const lineEnd = nextLineEnd(chunk, index, hasCarriageReturn);
				if (lineEnd === -1) return -1;
				this.state = 0;
				index = lineEnd + 1;
				continue;
			}

			const byte = chunk[index]!;
			if (byte === LF || byte === CR) {
				this.state = 0;
				index++;
				continue;
			}

			if (this.state === SPACE_INDEX && byte === OPEN_BRACKET) this.state++;
			if (byte === MARKER[this.state]) {
				this.state++;
				if (this.state === MARKER.length) {
					this.state = SKIP_LINE;
					const lineEnd = nextLineEnd(chunk, index + 1, hasCarriageReturn);
					if (lineEnd === -1) return length;
					// Keep a CRLF pair together.
					return chunk[lineEnd] === CR && chunk[lineEnd + 1] === LF ? lineEnd + 2 : lineEnd + 1;
				}
			} else {
				this.state = SKIP_LINE;
			}
			index++;
		}
		return -1;
	}
}

const PIECE_BYTES = 1024;

/**
 * The SDK's SSE splitter copies the rest of its buffer after every event, so
 * a 16 KiB network read holding a hundred events costs it ~100 × 8 KiB of
 * copying. Handing it pieces of about 1 KiB, cut after a line feed, keeps that
 * linear. Cutting is a subarray, not a copy.
 */
function nextPiece(bytes: Uint8Array): Uint8Array {
	if (bytes.length <= PIECE_BYTES * 2) return bytes;
	const lineFeed = bytes.indexOf(LF, PIECE_BYTES);
	if (lineFeed === -1 || lineFeed >= bytes.length - 1) return bytes;
	return bytes.subarray(0, lineFeed + 1);
}

function nextLineEnd(chunk: Uint8Array, from: number, hasCarriageReturn: boolean): number {
	const lineFeed = chunk.indexOf(LF, from);
	if (!hasCarriageReturn) return lineFeed;
	const carriageReturn = chunk.indexOf(CR, from);
	if (lineFeed === -1) return carriageReturn;
	if (carriageReturn === -1) return lineFeed;
	return Math.min(lineFeed, carriageReturn);
}
