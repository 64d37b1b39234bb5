import {describe, expect, it} from 'vitest';
import {DoneMarkerScanner} from '../../source/providers/sse-transport.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** Feeds `text` in pieces cut at `cuts`; returns the absolute end of the marker line, or -1. */
function scanInPieces(text: string, cuts: number[]): number {
	const bytes = encode(text);
	const scanner = new DoneMarkerScanner();
	const bounds = [0, ...cuts, bytes.length];
	for (let index = 0; index + 1 < bounds.length; index++) {
		const start = bounds[index]!;
		const end = scanner.scan(bytes.subarray(start, bounds[index + 1]));
		if (end !== -1) return start + end;
	}
	return -1;
}

describe('DoneMarkerScanner', () => {
	const content = 'data: {"choices":[{"delta":{"content":"hi"}}]}\n\n';

	it('finds the marker and ends right after its line', () => {
		const text = `${content}data: [DONE]\n\nafter`;
		expect(scanInPieces(text, [])).toBe(text.indexOf('after') - 1);
	});

	it('finds it whatever byte the network splits at', () => {
		const text = `: keep-alive\n\n${content}data: [DONE]\n\n`;
		const expected = text.length - 1;
		const markerEnd = text.indexOf('[DONE]') + '[DONE]'.length;
		for (let cut = 1; cut < text.length; cut++) {
			// A piece that ends right after "[DONE]" is enough: the line feed is not waited for.
			expect(scanInPieces(text, [cut])).toBe(cut === markerEnd ? markerEnd : expected);
		}
		expect(scanInPieces(text, Array.from({length: text.length - 1}, (_, index) => index + 1))).toBe(markerEnd);
	});

	it('accepts "data:[DONE]" and CRLF, keeping the CRLF pair', () => {
		const text = `${content}data:[DONE]\r\n\r\n`;
		expect(scanInPieces(text, [])).toBe(text.length - 2);
		expect(scanInPieces('data: [DONE]', [])).toBe('data: [DONE]'.length);
	});

	it('ignores [DONE] that is not at the start of a data line', () => {
		expect(scanInPieces('data: {"choices":[{"delta":{"content":"data: [DONE]"}}]}\n\n', [])).toBe(-1);
		expect(scanInPieces(': data: [DONE]\n\n', [])).toBe(-1);
		expect(scanInPieces('data:  [DONE]\n\n', [])).toBe(-1);
		expect(scanInPieces('event: data: [DONE]\n\n', [])).toBe(-1);
		expect(scanInPieces('data: [DON', [])).toBe(-1);
	});

	it('treats a bare CR as a line end', () => {
		expect(scanInPieces('data: {}\rdata: [DONE]\r\r', [])).toBe('data: {}\rdata: [DONE]\r'.length);
	});
});
