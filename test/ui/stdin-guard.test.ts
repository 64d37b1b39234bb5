import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {guardStdin, withoutUnparseableSequences} from '../../source/ui/stdin-guard.js';

describe('stdin guard', () => {
	it('removes colour codes and Ctrl+F1…F4, and keeps keys Ink understands', () => {
		expect(withoutUnparseableSequences('red \u001B[31mtext\u001B[0m here')).toBe('red text here');
		expect(withoutUnparseableSequences('\u001B[1;5P')).toBe('');
		expect(withoutUnparseableSequences('\u001B[A\u001B[200~x\u001B[201~\r')).toBe('\u001B[A\u001B[200~x\u001B[201~\r');
	});

	it('filters what is read from the stream, once however often it is guarded', () => {
		const stream = new PassThrough() as unknown as NodeJS.ReadStream;
		guardStdin(stream);
		guardStdin(stream);
		stream.setEncoding('utf8');
		(stream as unknown as PassThrough).write('a\u001B[32mb');
		expect(stream.read()).toBe('ab');
	});
});
