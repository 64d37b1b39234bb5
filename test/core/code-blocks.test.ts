import {expect, test} from 'vitest';
import {codeBlocksText, extractCodeBlocks} from '../../source/core/code-blocks.js';

test('finds backtick and tilde blocks with the first word of the info string as language', () => {
	const answer = [
		'Install it:',
		'```bash title="setup"',
		'npm install foo',
		'```',
		'',
		'Then:',
		'~~~',
		'import foo from "foo";',
		'foo();',
		'~~~',
	].join('\n');
	expect(extractCodeBlocks(answer)).toEqual([
		{language: 'bash', code: 'npm install foo'},
		{language: null, code: 'import foo from "foo";\nfoo();'},
	]);
});

test('a block closes only on the same fence character, at least as long, with nothing after it', () => {
	const answer = [
		'````markdown',
		'```js',
		'inner();',
		'```',
		'~~~~',
		'```` not a close',
		'````   ',
		'after',
	].join('\n');
	expect(extractCodeBlocks(answer)).toEqual([{language: 'markdown', code: '```js\ninner();\n```\n~~~~\n```` not a close'}]);
});

test('fences may be indented up to three spaces, and the content loses that much indentation', () => {
	const answer = ['1. Run:', '   ```sh', '   make', '     indented more', ' less', '   ```'].join('\n');
	expect(extractCodeBlocks(answer)).toEqual([{language: 'sh', code: 'make\n  indented more\nless'}]);
	// Four spaces is an indented code block in CommonMark, not a fence.
	expect(extractCodeBlocks('    ```js\n    x\n    ```')).toEqual([]);
});

test('a backtick line with backticks in its info string is inline code, not a fence', () => {
	expect(extractCodeBlocks('```not a fence```\ntext')).toEqual([]);
	expect(extractCodeBlocks('~~~ tilde `info` is fine\nx\n~~~')).toEqual([{language: 'tilde', code: 'x'}]);
});

test('an unclosed fence runs to the end of the answer (a cut-off answer still gives its code)', () => {
	expect(extractCodeBlocks('Here:\n```python\nprint(1)\nprint(2)\n')).toEqual([{language: 'python', code: 'print(1)\nprint(2)'}]);
	expect(extractCodeBlocks('```go\n')).toEqual([{language: 'go', code: ''}]);
});

test('keeps blank lines inside a block and reads CRLF answers', () => {
	expect(extractCodeBlocks('```\r\na\r\n\r\nb\r\n```\r\n')).toEqual([{language: null, code: 'a\n\nb'}]);
});

test('codeBlocksText joins the code of every block with one blank line, and is empty without code', () => {
	const answer = '```js\nconst a = 1;\n```\nprose\n```js\nconst b = 2;\n```\n```\n\n```\n';
	expect(codeBlocksText(answer)).toBe('const a = 1;\n\nconst b = 2;');
	expect(codeBlocksText('Just prose, with `inline code`.')).toBe('');
});
