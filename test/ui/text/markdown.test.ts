import {expect, test} from 'vitest';
import {type AnswerLine, classifyAnswer, IncrementalLines, MarkdownClassifier} from '../../../source/ui/text/markdown.js';

test('fenced code is recognised with its language, and text after the fence is prose again', () => {
	const lines = classifyAnswer('Intro\n```python\nprint(1)\n```\nAfter');
	expect(lines).toEqual([
		{kind: 'prose', text: 'Intro'},
		{kind: 'fence-open', language: 'python'},
		{kind: 'code', text: 'print(1)', language: 'python'},
		{kind: 'fence-close'},
		{kind: 'prose', text: 'After'},
	]);
});

test('an unclosed fence (still streaming) keeps everything after it as code', () => {
	const lines = classifyAnswer('```go\nfunc main() {\n\tfmt.Println("hi")');
	expect(lines.map(line => line.kind)).toEqual(['fence-open', 'code', 'code']);
});

test('a fence indented in a list item strips that indent from its code', () => {
	const lines = classifyAnswer('1. Run:\n   ```bash\n   npm test\n   ```');
	expect(lines[2]).toEqual({kind: 'code', text: 'npm test', language: 'bash'});
	expect(lines[3]).toEqual({kind: 'fence-close'});
});

test('a shorter or different fence inside a code block does not close it', () => {
	const lines = classifyAnswer('````md\n```js\nx\n```\n````');
	expect(lines.map(line => line.kind)).toEqual(['fence-open', 'code', 'code', 'code', 'fence-close']);
});

test('headings are marked', () => {
	expect(classifyAnswer('## Summary')).toEqual([{kind: 'heading', text: 'Summary'}]);
});

test('following a text chunk by chunk gives the same lines as reading it whole', () => {
	const text = 'Intro\n```ts\nconst a = 1;\n```\n## Next\n   ```\n   raw\n   ```\nend';
	for (const chunkSize of [1, 2, 3, 5, 8, 13, text.length]) {
		const following = new IncrementalLines(() => new MarkdownClassifier());
		let lines: AnswerLine[] = [];
		for (let index = 0; index < text.length; index += chunkSize) lines = following.lines(text.slice(0, index + chunkSize));
		expect(lines).toEqual(classifyAnswer(text));
	}
});

test('a control sequence split across chunks is still removed', () => {
	const following = new IncrementalLines(() => new MarkdownClassifier());
	following.lines('safe \u001B]52;c;');
	expect(following.lines('safe \u001B]52;c;ZXZpbA==\u0007 text\nnext')).toEqual([
		{kind: 'prose', text: 'safe  text'},
		{kind: 'prose', text: 'next'},
	]);
});
