import {EventEmitter} from 'node:events';

/** Resizes come in bursts while a window is dragged; repaint once it has settled. */
const SETTLE_MS = 60;
/** Erase Saved Lines: part of Ink's clear, but it would wipe the user's shell scrollback too. */
const ERASE_SCROLLBACK = '\u001B[3J';

const EMITTER_METHODS = new Set(['on', 'addListener', 'once', 'prependListener', 'prependOnceListener', 'off', 'removeListener', 'listeners', 'listenerCount', 'emit']);

export interface RepaintingStdout {
	/** Give this to Ink (and so to every component) instead of the terminal's stdout. */
	stream: NodeJS.WriteStream;
	dispose(): void;
}

/**
 * When a terminal gets narrower or wider, it rewraps what is on screen (tmux
 * and xterm do), so the last frame can take more rows than Ink drew. Ink then
 * erases only the rows it drew and leaves pieces of the old frame behind.
 *
 * In the alternate screen arena owns the whole screen, so once a width change
 * has settled it has Ink draw the full frame over a cleared screen. Ink does
 * that by itself only when the last frame filled the terminal; for that one
 * call, Ink is told the terminal is zero rows high.
 *
 * Everything but `resize` and `rows` passes straight through to stdout.
 * Ink subscribes to `resize` when it is created, before any component, so
 * the first listener is Ink's own.
 */
export function repaintingStdout(stdout: NodeJS.WriteStream): RepaintingStdout {
	const resizes = new EventEmitter();
	let forcedRows: number | undefined;
	let repainting = false;
	let lastColumns = stdout.columns;
	let timer: NodeJS.Timeout | undefined;

	const stream = new Proxy(stdout, {
		get(target, property, receiver) {
			if (property === 'rows') return forcedRows ?? target.rows;
			if (property === 'write') {
				return (chunk: unknown, ...rest: unknown[]) => {
					const text = repainting && typeof chunk === 'string' ? chunk.replaceAll(ERASE_SCROLLBACK, '') : chunk;
					return (target.write as (...args: unknown[]) => boolean)(text, ...rest);
				};
			}
			if (typeof property === 'string' && EMITTER_METHODS.has(property)) {
				return (event: string | symbol, ...rest: unknown[]) => {
					const owner: EventEmitter = event === 'resize' ? resizes : target;
					const result = (owner[property as 'on'] as (...args: unknown[]) => unknown).call(owner, event, ...rest);
					// Chained calls (`on(…).on(…)`) keep going through the proxy.
					return result === owner ? receiver : result;
				};
			}
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	}) as NodeJS.WriteStream;

	const repaint = () => {
		timer = undefined;
		const inkResized = resizes.listeners('resize')[0] as (() => void) | undefined;
		if (!inkResized) return;
		forcedRows = 0;
		repainting = true;
		try {
			inkResized();
		} finally {
			forcedRows = undefined;
			repainting = false;
		}
	};

	const onResize = () => {
		resizes.emit('resize');
		if (stdout.columns === lastColumns) return;
		lastColumns = stdout.columns;
		if (timer !== undefined) clearTimeout(timer);
		timer = setTimeout(repaint, SETTLE_MS);
	};
	stdout.on('resize', onResize);

	return {
		stream,
		dispose() {
			stdout.off('resize', onResize);
			if (timer !== undefined) clearTimeout(timer);
			resizes.removeAllListeners();
		},
	};
}
