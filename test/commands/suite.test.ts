import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Command} from 'commander';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {useCommandSandbox} from '../helpers/command-sandbox.js';
import {registerSuiteCommand, suiteListCommand, suiteShowCommand, type SuiteCommandIo} from '../../source/commands/suite.js';
import {loadSuite} from '../../source/suites/suite.js';

/*
 * The command functions are called directly with a temp ARENA_HOME; the
 * registration is checked on a fresh commander program, since cli.ts wires it.
 */

const sandbox = useCommandSandbox();

afterEach(() => {
	vi.unstubAllEnvs();
});

function capture(): {io: SuiteCommandIo; output: () => string} {
	let stdout = '';
	return {io: {env: {ARENA_HOME: sandbox.home}, stdout: {write: (text: string) => ((stdout += text), true)}}, output: () => stdout};
}

function writeUserSuite(fileName: string, text: string): string {
	const directory = path.join(sandbox.home, 'suites');
	mkdirSync(directory, {recursive: true});
	const file = path.join(directory, fileName);
	writeFileSync(file, text);
	return file;
}

describe('arena suite list', () => {
	it('shows the built-in suite as a table, and where to put your own', async () => {
		const {io, output} = capture();
		expect(await suiteListCommand({}, io)).toBe(0);
		const rows = output().split('\n');
		expect(rows[0]).toMatch(/^NAME\s+TASKS\s+CATEGORIES\s+SOURCE$/);
		expect(rows[1]).toMatch(/^coding-5\s+5\s+python, javascript, typescript, go, backend\s+built-in$/);
		expect(output()).toContain(`add your own as JSON or YAML files in ${path.join(sandbox.home, 'suites')}`);
	});

	it('lists user suites with their source file, and a broken one with its error', async () => {
		const mine = writeUserSuite('mine.yaml', 'tasks:\n  - {id: a, prompt: hi, category: chat}\n  - {id: b, prompt: yo}\n');
		const broken = writeUserSuite('broken.json', '{"tasks": [{"id": "a"}]}');
		const {io, output} = capture();
		expect(await suiteListCommand({}, io)).toBe(0);
		const text = output();
		expect(text).toMatch(new RegExp(`\\nmine\\s+2\\s+chat\\s+${escape(mine)}\\n`));
		expect(text).toMatch(new RegExp(`\\nbroken\\s+-\\s+\\(invalid, see below\\)\\s+${escape(broken)}\\n`));
		expect(text).toContain(`broken: ${broken}:1: tasks[0].prompt must be a non-empty string`);
		expect(text).not.toContain('add your own');
	});

	it('prints JSON with --json', async () => {
		writeUserSuite('mine.yml', '- id: a\n  prompt: hi\n');
		const {io, output} = capture();
		expect(await suiteListCommand({json: true}, io)).toBe(0);
		const listed = JSON.parse(output());
		expect(listed).toEqual([
			expect.objectContaining({name: 'coding-5', tasks: 5, source: 'builtin', error: null}),
			{name: 'mine', description: null, tasks: 1, categories: [], source: path.join(sandbox.home, 'suites', 'mine.yml'), error: null},
		]);
	});
});

describe('arena suite show', () => {
	it('shows every task with its id, category, tags and whole prompt', async () => {
		const {io, output} = capture();
		expect(await suiteShowCommand('coding-5', {}, io)).toBe(0);
		const text = output();
		expect(text.split('\n')[0]).toMatch(/^coding-5 — Five coding tasks/);
		expect(text).toContain('5 tasks · categories: python, javascript, typescript, go, backend · source: built-in');
		expect(text).toContain('[1/5] python-flatten\n  category: python\n  tags: recursion, iterators, edge-cases\n  prompt:\n    Write a Python function');
		expect(text).toContain('[4/5] go-service-review\n  category: go');
		// Code in the prompt keeps its own indentation under the prompt's.
		expect(text).toContain('\n    func main() {\n    \tvar err error\n');
		const suite = loadSuite('coding-5');
		for (const task of suite.tasks) expect(text).toContain(task.prompt.split('\n').at(-1));
	});

	it('shows a user suite by name, with its system prompt, and strips terminal controls from it', async () => {
		writeUserSuite('mine.yaml', 'tasks:\n  - id: a\n    system: Be brief.\n    prompt: "hi \\e]0;pwned\\u0007there"\n');
		const {io, output} = capture();
		expect(await suiteShowCommand('mine', {}, io)).toBe(0);
		expect(output()).toContain('[1/1] a\n  category: -\n  tags: -\n  system:\n    Be brief.\n  prompt:\n    hi there\n');
		expect(output()).not.toContain('\u001B');
	});

	it('prints the suite as JSON with --json', async () => {
		const {io, output} = capture();
		expect(await suiteShowCommand('coding-5', {json: true}, io)).toBe(0);
		expect(JSON.parse(output())).toEqual(loadSuite('coding-5'));
	});

	it('exits 2 on an unknown suite, naming the ones there are', async () => {
		writeUserSuite('mine.yaml', '- {id: a, prompt: hi}\n');
		const {io, output} = capture();
		expect(await suiteShowCommand('nope', {}, io)).toBe(2);
		expect(output()).toBe('');
		expect(sandbox.stderr).toMatch(/^arena: unknown suite "nope"; available: coding-5, mine \(or give the path/);
	});

	it('exits 2 on a bad file, with every problem and its line', async () => {
		const file = path.join(sandbox.home, 'bad.yaml');
		writeFileSync(file, 'tasks:\n  - id: a\n  - id: a\n    prompt: p\n    tags: x\n');
		const {io} = capture();
		expect(await suiteShowCommand(file, {}, io)).toBe(2);
		expect(sandbox.stderr.split('\n')).toEqual([
			`arena: ${file}:2: tasks[0].prompt must be a non-empty string (and 1 more problem)`,
			`  ${file}:5: tasks[1].tags must be a list of strings`,
			'',
		]);
	});
});

describe('registerSuiteCommand', () => {
	it('wires `suite list` and `suite show NAME --json` into a program', async () => {
		vi.stubEnv('ARENA_HOME', sandbox.home);
		let stdout = '';
		vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
			stdout += String(chunk);
			return true;
		});
		const program = new Command('arena').exitOverride();
		registerSuiteCommand(program);

		await program.parseAsync(['node', 'arena', 'suite', 'show', 'coding-5', '--json']);
		expect(JSON.parse(stdout).tasks).toHaveLength(5);

		stdout = '';
		await program.parseAsync(['node', 'arena', 'suite', 'list']);
		expect(stdout).toMatch(/^NAME\s+TASKS/);
		expect(process.exitCode ?? 0).toBe(0);
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
