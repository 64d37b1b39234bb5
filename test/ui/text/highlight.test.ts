import {describe, expect, test} from 'vitest';
import {type CodeTokenKind, highlightLine} from '../../../source/ui/text/highlight.js';

function textOf(line: string, language: string, kind: CodeTokenKind): string[] {
	return highlightLine(line, language)
		.filter(token => token.kind === kind)
		.map(token => token.text);
}

describe('highlightLine', () => {
	test('python: keywords, strings, numbers and a trailing comment', () => {
		const line = 'def area(r): return 3.14 * r * r  # "circle"';
		expect(textOf(line, 'python', 'keyword')).toEqual(['def', 'return']);
		expect(textOf(line, 'python', 'number')).toEqual(['3.14']);
		expect(textOf(line, 'python', 'comment')).toEqual(['# "circle"']);
		expect(textOf('x = "a # not a comment"', 'py', 'string')).toEqual(['"a # not a comment"']);
	});

	test('typescript: template strings, block comments, identifiers that contain keywords', () => {
		const line = 'const format = /* fast */ `n=${n}`; let iffy = 0x1F;';
		// `iffy` starts with `if` but is an identifier.
		expect(textOf(line, 'ts', 'keyword')).toEqual(['const', 'let']);
		expect(textOf(line, 'ts', 'comment')).toEqual(['/* fast */']);
		expect(textOf(line, 'ts', 'string')).toEqual(['`n=${n}`']);
		expect(textOf(line, 'ts', 'number')).toEqual(['0x1F']);
	});

	test('go and rust: rune/char literals are strings, a rust lifetime is not', () => {
		expect(textOf("r := 'x' // rune", 'go', 'string')).toEqual(["'x'"]);
		expect(textOf("fn first<'a>(s: &'a str) -> char { 'z' }", 'rust', 'string')).toEqual(["'z'"]);
		expect(textOf("fn first<'a>(s: &'a str) -> char { 'z' }", 'rust', 'keyword')).toEqual(['fn']);
		expect(textOf('let n: u32 = 42u32;', 'rust', 'number')).toEqual(['42u32']);
	});

	test('bash: # starts a comment only at a word boundary', () => {
		expect(textOf('echo ${#arr[@]} # count', 'bash', 'comment')).toEqual(['# count']);
		expect(textOf('for f in *.txt; do echo "$f"; done', 'sh', 'keyword')).toEqual(['for', 'in', 'do', 'done']);
	});

	test('escaped quotes stay inside the string; an unclosed string runs to the end of the line', () => {
		expect(textOf(String.raw`s = "say \"hi\"" + x`, 'js', 'string')).toEqual([String.raw`"say \"hi\""`]);
		expect(textOf('s = "open', 'js', 'string')).toEqual(['"open']);
	});

	test('unknown languages come back uncoloured and intact', () => {
		expect(highlightLine('SELECT 1 FROM t -- hi', 'sql')).toEqual([{text: 'SELECT 1 FROM t -- hi', kind: 'plain'}]);
	});

	test('the tokens always join back to the original line', () => {
		const samples: Array<[string, string]> = [
			['async fn main() -> Result<(), Box<dyn Error>> { Ok(()) }', 'rust'],
			['if [ -f "$HOME/.bashrc" ]; then source ~/.bashrc; fi', 'bash'],
			['func (s *Server) Close() error { return s.ln.Close() } // close', 'go'],
			["print(f'{x!r:>10}') if x else None", 'python'],
		];
		for (const [line, language] of samples) {
			expect(highlightLine(line, language).map(token => token.text).join('')).toBe(line);
		}
	});
});
