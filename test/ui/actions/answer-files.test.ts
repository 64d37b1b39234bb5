import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {answerDocument, safeFileLabel, saveAnswer} from '../../../source/ui/actions/answer-files.js';

let root: string;

beforeEach(() => {
	root = mkdtempSync(path.join(os.tmpdir(), 'arena-answers-'));
});

afterEach(() => {
	rmSync(root, {recursive: true, force: true});
});

const at = () => new Date(2025, 10, 9, 21, 7, 3);

test('an answer is saved under a readable name from the model and the local time', async () => {
	const file = await saveAnswer('# Answer\n\nbody\n', {dir: path.join(root, 'answers'), label: 'openrouter:anthropic/claude-3.5', now: at});
	expect(file).toBe(path.join(root, 'answers', 'arena-openrouter-anthropic-claude-3.5-20251109-210703.md'));
	expect(readFileSync(file, 'utf8')).toBe('# Answer\n\nbody\n');
});

test('saving twice in the same second keeps both files', async () => {
	const options = {dir: root, label: 'model-a', now: at};
	const first = await saveAnswer('first', options);
	const second = await saveAnswer('second', options);
	const third = await saveAnswer('third', {...options, extension: 'txt' as const});
	expect(path.basename(first)).toBe('arena-model-a-20251109-210703.md');
	expect(path.basename(second)).toBe('arena-model-a-20251109-210703-2.md');
	expect(path.basename(third)).toBe('arena-model-a-20251109-210703.txt');
	expect(readdirSync(root).sort()).toEqual([path.basename(first), path.basename(second), path.basename(third)].sort());
	expect(readFileSync(first, 'utf8')).toBe('first');
	expect(readFileSync(second, 'utf8')).toBe('second');
});

test('a relative directory still gives an absolute path', async () => {
	const previous = process.cwd();
	process.chdir(root);
	try {
		const file = await saveAnswer('x', {dir: 'saved', label: 'demo:fast', now: at});
		expect(path.isAbsolute(file)).toBe(true);
		expect(file).toBe(path.join(process.cwd(), 'saved', 'arena-demo-fast-20251109-210703.md'));
	} finally {
		process.chdir(previous);
	}
});

test('a saved answer carries no terminal control sequences', async () => {
	const file = await saveAnswer('a\u001B]0;pwned\u0007b\u001B[2Jc\r\n', {dir: root, label: 'm', now: at});
	expect(readFileSync(file, 'utf8')).toBe('abc\n');
});

test('labels become safe file-name parts', () => {
	expect(safeFileLabel('openrouter:anthropic/claude-3.5')).toBe('openrouter-anthropic-claude-3.5');
	expect(safeFileLabel('model-a')).toBe('model-a');
	expect(safeFileLabel('ollama:llama3.2:3b')).toBe('ollama-llama3.2-3b');
	expect(safeFileLabel('../../etc/passwd')).toBe('etc-passwd');
	expect(safeFileLabel('  Café  Modèle ')).toBe('Cafe-Modele');
	expect(safeFileLabel('C:\\models\\x')).toBe('C-models-x');
	expect(safeFileLabel('日本')).toBe('answer');
	expect(safeFileLabel('x'.repeat(200))).toHaveLength(80);
});

test('the saved document has the title, the prompt quoted, the answer and a metadata footer', () => {
	const document = answerDocument({
		title: 'openai:gpt-4o-mini',
		prompt: 'Write a function.\n\nKeep it short.',
		text: 'Here:\n\n```js\nf()\n```\n\n',
		meta: ['TTFT 412 ms', '38.2 tok/s', 'cost $0.0021'],
	});
	expect(document).toBe(
		[
			'# openai:gpt-4o-mini',
			'',
			'> Write a function.',
			'>',
			'> Keep it short.',
			'',
			'Here:',
			'',
			'```js',
			'f()',
			'```',
			'',
			'---',
			'',
			'- TTFT 412 ms',
			'- 38.2 tok/s',
			'- cost $0.0021',
			'',
		].join('\n'),
	);
	expect(answerDocument({title: 'model-a', text: 'just the answer'})).toBe('# model-a\n\njust the answer\n');
});
