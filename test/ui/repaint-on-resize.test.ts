import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {repaintingStdout} from '../../source/ui/repaint-on-resize.js';

/** Enough of a terminal's stdout: a size, a resize event, and what was written. */
class FakeTerminal extends EventEmitter {
	columns = 120;
	rows = 32;
	isTTY = true;
	written: string[] = [];
	write(chunk: string): boolean {
		this.written.push(chunk);
		return true;
	}
	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

const until = async (condition: () => boolean) => {
	const deadline = Date.now() + 2000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise(resolve => setTimeout(resolve, 5));
	}
};

describe('repaintingStdout', () => {
	const disposers: Array<() => void> = [];
	afterEach(() => disposers.splice(0).forEach(dispose => dispose()));

	function wrap(terminal: FakeTerminal) {
		const wrapped = repaintingStdout(terminal as unknown as NodeJS.WriteStream);
		disposers.push(wrapped.dispose);
		return wrapped.stream;
	}

	it('tells every listener about a resize, and has the first one (Ink) draw the whole frame once a width change settles', async () => {
		const terminal = new FakeTerminal();
		const stream = wrap(terminal);
		const inkSaw: number[] = [];
		const componentSaw: number[] = [];
		stream.on('resize', () => {
			inkSaw.push(stream.rows);
			stream.write('\u001B[2J\u001B[3J\u001B[Hframe');
		});
		stream.on('resize', () => componentSaw.push(stream.rows));

		terminal.resize(90, 30);
		expect(componentSaw).toEqual([30]);
		await until(() => inkSaw.length === 2);
		// The repaint: Ink alone is told of a terminal too small for its last frame, so it redraws all of it.
		expect(inkSaw).toEqual([30, 0]);
		expect(componentSaw).toEqual([30]);
		expect(stream.rows).toBe(30);
		// …without erasing the user's scrollback, which Ink's clear would.
		expect(terminal.written.at(-1)).toBe('\u001B[2J\u001B[Hframe');
		expect(terminal.written[0]).toContain('\u001B[3J');
	});

	it('does not repaint when only the height changed, and repaints once for a burst of resizes', async () => {
		const terminal = new FakeTerminal();
		const stream = wrap(terminal);
		let calls = 0;
		stream.on('resize', () => (calls += 1));
		terminal.resize(120, 20);
		await new Promise(resolve => setTimeout(resolve, 120));
		expect(calls).toBe(1);
		terminal.resize(100, 20);
		terminal.resize(95, 20);
		terminal.resize(90, 20);
		await until(() => calls === 5);
		await new Promise(resolve => setTimeout(resolve, 120));
		expect(calls).toBe(5);
	});

	it('passes other events and properties through to the terminal', () => {
		const terminal = new FakeTerminal();
		const stream = wrap(terminal);
		let drained = false;
		stream.on('drain', () => (drained = true));
		terminal.emit('drain');
		expect(drained).toBe(true);
		expect(stream.columns).toBe(120);
		expect(stream.isTTY).toBe(true);
	});
});
