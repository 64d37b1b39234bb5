import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {UsageError} from '../../source/core/errors.js';
import {detectTopic} from '../../source/demo/answers/index.js';
import {listSuites, loadSuite, parseSuite, SuiteError, userSuitesDir} from '../../source/suites/suite.js';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';

/** The SuiteError's problems for a suite text, or a failure if it parses. */
function problemsOf(text: string, file: string): string[] {
	try {
		parseSuite(text, file);
	} catch (error) {
		expect(error).toBeInstanceOf(SuiteError);
		return (error as SuiteError).problems;
	}
	throw new Error(`${file} parsed without errors`);
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

describe('suite files: bad syntax', () => {
	it('YAML: names the line and column, with a hint for an unquoted colon', () => {
		const text = lines('name: broken', 'tasks:', '  - id: one', '    prompt: Fix this: it breaks', '  - id: two');
		expect(problemsOf(text, 'suite.yaml')).toEqual([
			'suite.yaml:4:13: Nested mappings are not allowed in compact mappings; a value that contains ": " needs quotes, or a | block',
		]);
		expect(problemsOf(lines('tasks:', '  - id: one', '\tprompt: x'), 'tabs.yaml')).toEqual([
			'tabs.yaml:3:1: Tabs are not allowed as indentation; indent with spaces',
		]);
	});

	it('YAML: a key given twice in one task is an error on that line', () => {
		const text = lines('tasks:', '  - id: one', '    prompt: hi', '    prompt: again');
		expect(problemsOf(text, 'dup.yaml')[0]).toMatch(/^dup\.yaml:4:5: Map keys must be unique/);
	});

	it('JSON: a trailing comma points at the comma', () => {
		const text = lines('{', '  "name": "x",', '  "tasks": [', '    {"id": "a", "prompt": "p"},', '  ]', '}');
		expect(problemsOf(text, 'bad.json')).toEqual(["bad.json:4:31: Trailing comma before ']'"]);
	});

	it('JSON: an unexpected token gives line:column and the token', () => {
		const text = lines('{', '  "name": "x",', '  "tasks": [', '    {"id": "a", prompt: "p"}', '  ]', '}');
		expect(problemsOf(text, 'bad.json')).toEqual(["bad.json:4:17: Unexpected token 'p': expected a property name in double quotes"]);
	});

	it('JSON: a missing comma and an early end are located too', () => {
		expect(problemsOf(lines('{', '  "name": "x"', '  "tasks": []', '}'), 'bad.json')[0]).toBe(
			"bad.json:3:3: Unexpected token '\"': expected ',' or '}'",
		);
		expect(problemsOf('{"tasks": [{"id": "a"', 'cut.json')[0]).toMatch(/^cut\.json:1:22: Unexpected end of file/);
		expect(problemsOf('', 'empty.json')[0]).toMatch(/^empty\.json:1:1: Unexpected end of file: expected a value/);
	});

	it('JSON: a key given twice is an error, not a silent overwrite', () => {
		const text = lines('{"tasks": [', '  {"id": "a", "prompt": "first",', '   "prompt": "second"}', ']}');
		expect(problemsOf(text, 'twice.json')[0]).toMatch(/^twice\.json:3:4: duplicate key/);
	});
});

describe('suite files: bad fields', () => {
	it('a missing prompt is reported on the line where its task starts', () => {
		const text = lines(
			'name: mine', // 1
			'tasks:', // 2
			'  - id: one', // 3
			'    prompt: first', // 4
			'  - id: two', // 5
			'    category: python', // 6
		);
		expect(problemsOf(text, 'suite.yaml')).toEqual(['suite.yaml:5: tasks[1].prompt must be a non-empty string']);
	});

	it('an empty or blank prompt is reported on its own line', () => {
		const text = lines('tasks:', '  - id: one', '    prompt: "   "');
		expect(problemsOf(text, 'suite.yml')).toEqual(['suite.yml:3: tasks[0].prompt must be a non-empty string']);
	});

	it('a duplicate id names both tasks and the line of the repeat', () => {
		const text = lines('tasks:', '  - id: same', '    prompt: a', '  - id: other', '    prompt: b', '  - id: same', '    prompt: c');
		expect(problemsOf(text, 'suite.yaml')).toEqual([
			'suite.yaml:6: tasks[2].id "same" is already used by tasks[0]; task ids must be unique',
		]);
	});

	it('wrong types say what was expected, field by field, in file order', () => {
		const text = lines(
			'{', // 1
			'  "name": "typed",', // 2
			'  "tasks": [', // 3
			'    {"id": "a", "prompt": "p", "tags": "solo"},', // 4
			'    {"id": "b", "prompt": 42},', // 5
			'    {"id": "c", "prompt": "p", "category": 7,', // 6
			'     "tags": ["ok", 3]}', // 7
			'  ]', // 8
			'}', // 9
		);
		const problems = problemsOf(text, 'typed.json');
		expect(problems).toEqual([
			'typed.json:4: tasks[0].tags must be a list of strings',
			'typed.json:5: tasks[1].prompt must be a non-empty string',
			'typed.json:6: tasks[2].category must be a non-empty string',
			'typed.json:7: tasks[2].tags[1] must be a string',
		]);
		try {
			parseSuite(text, 'typed.json');
		} catch (error) {
			// reportFatal prints the first line only: it must carry the first problem and say there are more.
			expect((error as Error).message.split('\n')[0]).toBe('typed.json:4: tasks[0].tags must be a list of strings (and 3 more problems)');
		}
	});

	it('a misspelt field is reported by name on its line', () => {
		const text = lines('tasks:', '  - id: one', '    promt: typo here', '    prompt: real');
		expect(problemsOf(text, 'suite.yaml')).toEqual(['suite.yaml:3: tasks[0] has unknown field "promt"']);
		expect(problemsOf(lines('name: x', 'version: 2', 'tasks:', '  - {id: a, prompt: p}'), 'top.yaml')).toEqual([
			'top.yaml:2: the suite has unknown field "version"',
		]);
	});

	it('a file that is neither a suite nor a task list says so', () => {
		expect(problemsOf('just a sentence\n', 'prose.yaml')[0]).toMatch(/^prose\.yaml:1: a suite must be a mapping with name and tasks, or a list of tasks/);
		expect(problemsOf('name: empty\ntasks: []\n', 'empty.yaml')).toEqual(['empty.yaml:2: tasks must have at least one task']);
	});

	it('a bad task in a bare task list is reported with the same field path', () => {
		const text = lines('- id: one', '  prompt: hi', '- id: two');
		expect(problemsOf(text, 'list.yaml')).toEqual(['list.yaml:3: tasks[1].prompt must be a non-empty string']);
	});
});

describe('suite files: good ones', () => {
	it('reads a full YAML suite, keeping every field', () => {
		const text = lines(
			'name: reviews',
			'description: code reviews',
			'tasks:',
			'  - id: 1',
			'    prompt: |',
			'      Review this.',
			'      Carefully.',
			'    system: You are terse.',
			'    category: review',
			'    tags: [go, security]',
		);
		expect(parseSuite(text, 'reviews.yaml', '/abs/reviews.yaml')).toEqual({
			name: 'reviews',
			description: 'code reviews',
			source: '/abs/reviews.yaml',
			tasks: [{id: '1', prompt: 'Review this.\nCarefully.\n', system: 'You are terse.', category: 'review', tags: ['go', 'security']}],
		});
	});

	it('names a bare task list after its file', () => {
		const suite = parseSuite('[{"id": "a", "prompt": "hello"}]', 'dir/quick-checks.json');
		expect(suite.name).toBe('quick-checks');
		expect(suite.tasks).toEqual([{id: 'a', prompt: 'hello'}]);
	});
});

describe('built-in coding-5', () => {
	const suite = loadSuite('coding-5', {ARENA_HOME: '/nonexistent-arena-home'});

	it('passes the same validation as a user file', () => {
		const {source: _source, ...asFile} = suite;
		expect(parseSuite(JSON.stringify(asFile), 'coding-5.json', 'builtin')).toEqual(suite);
	});

	it('has five tasks on the five topics, each one recognised by the demo models', () => {
		expect(suite.tasks.map(task => [task.id, task.category, detectTopic(task.prompt)])).toEqual([
			['python-flatten', 'python', 'flatten-list'],
			['js-async-race', 'javascript', 'async-race'],
			['ts-dijkstra', 'typescript', 'dijkstra'],
			['go-service-review', 'go', 'go-review'],
			['express-pagination', 'backend', 'express-pagination'],
		]);
		for (const task of suite.tasks) expect(task.tags?.length, task.id).toBeGreaterThan(0);
	});

	it('asks for the specifics that make the tasks discriminating', () => {
		const prompt = (id: string) => suite.tasks.find(task => task.id === id)!.prompt;
		expect(prompt('python-flatten')).toMatch(/strings/i);
		expect(prompt('python-flatten')).toMatch(/tuples/);
		expect(prompt('python-flatten')).toMatch(/recursion limit/);
		expect(prompt('python-flatten')).toMatch(/generator/);

		// The race: a fetch().then() assigns a variable that is read right after the call.
		const race = prompt('js-async-race');
		expect(race).toMatch(/fetch\(/);
		expect(race).toMatch(/\.then\(/);
		expect(race.indexOf('console.log(currentUser)')).toBeGreaterThan(race.indexOf('loadUser(id);'));

		expect(prompt('ts-dijkstra')).toMatch(/class MinHeap<T>/);
		expect(prompt('ts-dijkstra')).toMatch(/path: string\[\]/);

		const review = prompt('go-service-review');
		expect(review).toMatch(/```go\npackage main/);
		expect(review).toMatch(/"SELECT [^"]*'" \+ customer \+ "'"/); // SQL built by concatenation
		expect(review).toMatch(/io\.ReadAll\(r\.Body\)/); // unbounded body
		expect(review).toMatch(/var cache = map\[string\]\[\]byte\{\}/); // shared map, no mutex
		expect(review).not.toMatch(/sync\.Mutex|sync\.RWMutex/);
		expect(review).toMatch(/log\.Printf\([^)]*Authorization/); // secret in logs
		expect(review).toMatch(/http\.ListenAndServe\(/); // no server timeouts

		const api = prompt('express-pagination');
		for (const needle of [/Express\.js/, /cursor/, /limit/, /400/, /stable/, /supertest/]) expect(api).toMatch(needle);
	});
});

describe('finding suites', () => {
	const directories = temporaryDirectories();
	let home: string;
	let env: NodeJS.ProcessEnv;

	beforeEach(() => {
		home = directories.make();
		env = {ARENA_HOME: home};
	});
	afterEach(() => directories.cleanup());

	function writeUserSuite(fileName: string, text: string): string {
		const directory = userSuitesDir(env);
		mkdirSync(directory, {recursive: true});
		const file = path.join(directory, fileName);
		writeFileSync(file, text);
		return file;
	}

	it('lists the built-in suite when the user has none', () => {
		expect(listSuites(env)).toEqual([
			expect.objectContaining({name: 'coding-5', tasks: 5, source: 'builtin', categories: ['python', 'javascript', 'typescript', 'go', 'backend']}),
		]);
	});

	it('discovers suites in ARENA_HOME/suites, in JSON and YAML, and loads them by name', () => {
		const yamlFile = writeUserSuite('mine.yaml', lines('description: my prompts', 'tasks:', '  - {id: a, prompt: hello, category: chat}'));
		const jsonFile = writeUserSuite('other.json', '{"name": "declared-name", "tasks": [{"id": "x", "prompt": "p"}]}');
		writeUserSuite('notes.txt', 'not a suite');

		const listed = listSuites(env);
		expect(listed.map(summary => [summary.name, summary.tasks, summary.source])).toEqual([
			['coding-5', 5, 'builtin'],
			['mine', 1, yamlFile],
			['declared-name', 1, jsonFile],
		]);
		expect(loadSuite('mine', env)).toMatchObject({name: 'mine', description: 'my prompts', source: yamlFile, tasks: [{id: 'a', prompt: 'hello'}]});
		// By its declared name, and by its file name.
		expect(loadSuite('declared-name', env).source).toBe(jsonFile);
		expect(loadSuite('other', env).name).toBe('declared-name');
	});

	it('loads a suite from a path anywhere, relative or absolute', () => {
		const elsewhere = directories.make();
		const file = path.join(elsewhere, 'adhoc.yml');
		writeFileSync(file, lines('- id: q1', '  prompt: first question'));
		expect(loadSuite(file, env)).toMatchObject({name: 'adhoc', source: file});
		expect(loadSuite(path.relative(process.cwd(), file), env).source).toBe(file);
	});

	it('rejects an unknown name with a usage error that lists what there is', () => {
		writeUserSuite('mine.yaml', lines('- id: a', '  prompt: hi'));
		let caught: unknown;
		try {
			loadSuite('nope', env);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(UsageError);
		expect((caught as Error).message).toMatch(/^unknown suite "nope"; available: coding-5, mine /);
		expect(() => loadSuite('missing/file.yaml', env)).toThrow('no suite file at missing/file.yaml');
	});

	it('lists a broken user suite with its error, and still lists and loads the others', () => {
		const broken = writeUserSuite('broken.yaml', lines('tasks:', '  - id: a'));
		writeUserSuite('fine.yaml', lines('- id: a', '  prompt: hi'));
		const listed = listSuites(env);
		expect(listed.find(summary => summary.name === 'broken')).toMatchObject({
			tasks: 0,
			error: `${broken}:2: tasks[0].prompt must be a non-empty string`,
		});
		expect(loadSuite('fine', env).tasks).toHaveLength(1);
		expect(() => loadSuite('broken', env)).toThrow(`${broken}:2: tasks[0].prompt must be a non-empty string`);
	});

	it('keeps the built-in suite when a user file takes its name, and says so', () => {
		writeUserSuite('coding-5.yaml', lines('- id: a', '  prompt: impostor'));
		expect(loadSuite('coding-5', env).tasks).toHaveLength(5);
		expect(listSuites(env).filter(summary => summary.name === 'coding-5').map(summary => summary.error)).toEqual([
			undefined,
			expect.stringMatching(/built-in suite "coding-5" has this name/),
		]);
	});
});
