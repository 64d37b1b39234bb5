/**
 * Task suites: named lists of prompts to run or battle through, one task at a
 * time. A suite is built in (coding-5) or a JSON/YAML file, either one the
 * user keeps under ARENA_HOME/suites/ (found by name) or any path.
 *
 * A file is `{name, description?, tasks: [{id, prompt, system?, category?, tags?}]}`
 * or just the task list (then the file name is the suite's name). Task ids are
 * what resuming keys on, so they must be unique.
 *
 * A bad file is a usage error that says where: `suite.yaml:12: tasks[3].prompt
 * must be a non-empty string` for a bad field, `bad.json:4:7: …` for bad syntax.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {isMap, LineCounter, parseDocument, type Document} from 'yaml';
import {z} from 'zod';
import {UsageError} from '../core/errors.js';
import {resolveArenaPaths} from '../store/paths.js';
import {BUILTIN_SUITES} from './builtin/index.js';
import {locateJsonSyntaxError} from './json-syntax.js';

export interface SuiteTask {
	id: string;
	prompt: string;
	system?: string;
	category?: string;
	tags?: string[];
}

export interface Suite {
	name: string;
	description?: string;
	/** 'builtin', or the absolute path of the file it came from. */
	source: 'builtin' | string;
	tasks: SuiteTask[];
}

export interface SuiteSummary {
	name: string;
	description?: string;
	/** Number of tasks (0 when the file could not be read). */
	tasks: number;
	/** Distinct task categories, in order of first use. */
	categories: string[];
	/** 'builtin', or the absolute path of the file. */
	source: string;
	/** Set when a user suite file is broken: the first problem, with file and line. */
	error?: string;
}

/** A suite that cannot be found or read; a usage error (exit 2) that says where. */
export class SuiteError extends UsageError {
	override name = 'SuiteError';
	/** Every problem found, each as `file:line: field message`; `message` starts with the first. */
	readonly problems: string[];

	constructor(problems: string[]) {
		const [first = 'invalid suite', ...rest] = problems;
		super(rest.length === 0 ? first : `${first} (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})\n${rest.join('\n')}`);
		this.problems = problems.length === 0 ? [first] : problems;
	}
}

export const SUITE_FILE_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

/** Where a user's own suites live: ARENA_HOME/suites, or `suites` in the platform's config directory. */
export function userSuitesDir(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(resolveArenaPaths(env).configDir, 'suites');
}

// ---------------------------------------------------------------------------
// Validation

const MUST_BE_TEXT = 'must be a non-empty string';
const hasText = (value: string): boolean => value.trim().length > 0;

const nonEmptyText = z.string({error: MUST_BE_TEXT}).refine(hasText, {error: MUST_BE_TEXT});

const unknownFieldOr = (otherwise: string) => (issue: {code?: string; keys?: string[]}) =>
	issue.code === 'unrecognized_keys'
		? `has unknown field${issue.keys!.length === 1 ? '' : 's'} ${issue.keys!.map(key => `"${key}"`).join(', ')}`
		: otherwise;

const taskSchema = z.strictObject(
	{
		// YAML reads `id: 1` as a number; a whole number is a fine id.
		id: z.union([nonEmptyText, z.number().int().nonnegative().transform(String)], {error: MUST_BE_TEXT}),
		prompt: nonEmptyText,
		system: z.string({error: 'must be a string'}).optional(),
		category: nonEmptyText.optional(),
		tags: z.array(z.string({error: 'must be a string'}), {error: 'must be a list of strings'}).optional(),
	},
	{error: unknownFieldOr('must be a mapping with at least id and prompt')},
);

const tasksSchema = z.array(taskSchema, {error: 'must be a list of tasks'}).min(1, {error: 'must have at least one task'});

const suiteSchema = z.strictObject(
	{
		name: nonEmptyText.optional(),
		description: z.string({error: 'must be a string'}).optional(),
		tasks: tasksSchema,
	},
	{error: unknownFieldOr('a suite must be a mapping with name and tasks, or a list of tasks')},
);

type PathSegment = string | number;

/** `tasks[3].prompt` for ['tasks', 3, 'prompt']. */
export function formatFieldPath(segments: readonly PathSegment[]): string {
	let text = '';
	for (const segment of segments) {
		text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
	}
	return text;
}

/** What to do about the YAML mistakes people make most when writing prompts. */
const YAML_HINTS: Partial<Record<string, string>> = {
	// `prompt: Fix this: it breaks` — the second ": " starts a mapping.
	BLOCK_AS_IMPLICIT_KEY: '; a value that contains ": " needs quotes, or a | block',
	TAB_AS_INDENT: '; indent with spaces',
};

interface Located {
	line?: number;
	message: string;
}

/**
 * Parses and validates a suite from text. `file` names it in messages (as
 * given), gives the format by its extension, and the suite's name when the
 * file has none. Throws SuiteError.
 */
export function parseSuite(text: string, file: string, source: string = path.resolve(file)): Suite {
	const label = file;
	const lineCounter = new LineCounter();
	const isJson = path.extname(file).toLowerCase() === '.json' || (!isYamlFile(file) && /^\s*[[{]/.test(text));

	let value: unknown;
	let document: Document.Parsed | undefined;
	if (isJson) {
		try {
			value = JSON.parse(text);
		} catch (error) {
			const located = locateJsonSyntaxError(text);
			if (located) {
				const {line, col} = lineColumn(text, located.position);
				throw new SuiteError([`${label}:${line}:${col}: ${located.message}`]);
			}
			throw new SuiteError([`${label}: ${(error as Error).message}`]);
		}
		// The JSON parse decides the value; a YAML parse of the same text (JSON is YAML) finds lines for fields.
		document = parseDocument(text, {lineCounter, prettyErrors: false});
		const duplicate = document.errors.find(error => error.code === 'DUPLICATE_KEY');
		if (duplicate) {
			const {line, col} = lineCounter.linePos(duplicate.pos[0]);
			throw new SuiteError([`${label}:${line}:${col}: duplicate key: each field may appear once per object`]);
		}
		if (document.errors.length > 0) document = undefined;
	} else {
		document = parseDocument(text, {lineCounter, prettyErrors: false});
		const errors = [...document.errors].sort((a, b) => a.pos[0] - b.pos[0]);
		if (errors.length > 0) {
			throw new SuiteError(
				errors.map(error => {
					const {line, col} = lineCounter.linePos(error.pos[0]);
					return `${label}:${line}:${col}: ${error.message}${YAML_HINTS[error.code] ?? ''}`;
				}),
			);
		}
		value = document.toJS({maxAliasCount: 100});
	}

	// A bare list of tasks is a suite named after its file.
	const bareList = Array.isArray(value);
	const candidate = bareList ? {tasks: value} : value;
	const locate = (segments: readonly PathSegment[], unknownKeys?: readonly string[]): number | undefined => {
		if (!document) return undefined;
		const inDocument = bareList ? segments.slice(1) : segments;
		return locateInDocument(document, lineCounter, inDocument, unknownKeys);
	};

	const parsed = suiteSchema.safeParse(candidate);
	const problems: Located[] = [];
	if (parsed.success) {
		problems.push(...duplicateIdProblems(parsed.data.tasks, locate));
	} else {
		for (const issue of parsed.error.issues) {
			const segments = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
			const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
			const field = formatFieldPath(segments);
			const subject = field === '' && unknownKeys ? 'the suite' : field;
			problems.push({line: locate(segments, unknownKeys), message: subject === '' ? issue.message : `${subject} ${issue.message}`});
		}
	}
	if (problems.length > 0) {
		problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
		throw new SuiteError(problems.map(problem => `${label}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`));
	}

	const data = parsed.data!;
	const name = data.name?.trim() ?? path.basename(file, path.extname(file));
	const suite: Suite = {name, source, tasks: data.tasks.map(task => withoutUndefined(task))};
	if (data.description !== undefined) suite.description = data.description;
	return suite;
}

function duplicateIdProblems(tasks: readonly SuiteTask[], locate: (segments: readonly PathSegment[]) => number | undefined): Located[] {
	const firstIndexById = new Map<string, number>();
	const problems: Located[] = [];
	tasks.forEach((task, index) => {
		const earlier = firstIndexById.get(task.id);
		if (earlier === undefined) {
			firstIndexById.set(task.id, index);
			return;
		}
		problems.push({
			line: locate(['tasks', index, 'id']),
			message: `tasks[${index}].id "${task.id}" is already used by tasks[${earlier}]; task ids must be unique`,
		});
	});
	return problems;
}

/**
 * The line of the node at `segments`, or of its nearest ancestor that exists
 * (a missing field is reported where its task starts). Unknown keys are
 * reported on the line of the first such key.
 */
function locateInDocument(document: Document.Parsed, lineCounter: LineCounter, segments: readonly PathSegment[], unknownKeys?: readonly string[]): number | undefined {
	for (let length = segments.length; length >= 0; length--) {
		const node: unknown = length === 0 ? document.contents : document.getIn(segments.slice(0, length), true);
		const range = (node as {range?: [number, number, number]} | null | undefined)?.range;
		if (!range) continue;
		if (length === segments.length && unknownKeys && unknownKeys.length > 0 && isMap(node)) {
			const pair = node.items.find(item => unknownKeys.includes(String((item.key as {value?: unknown} | null)?.value)));
			const keyRange = (pair?.key as {range?: [number, number, number]} | null)?.range;
			if (keyRange) return lineCounter.linePos(keyRange[0]).line;
		}
		return lineCounter.linePos(range[0]).line;
	}
	return undefined;
}

function lineColumn(text: string, position: number): {line: number; col: number} {
	const before = text.slice(0, Math.max(0, Math.min(position, text.length)));
	const lines = before.split('\n');
	return {line: lines.length, col: lines.at(-1)!.length + 1};
}

function isYamlFile(file: string): boolean {
	const extension = path.extname(file).toLowerCase();
	return extension === '.yaml' || extension === '.yml';
}

function withoutUndefined(task: SuiteTask): SuiteTask {
	const clean: SuiteTask = {id: task.id, prompt: task.prompt};
	if (task.system !== undefined) clean.system = task.system;
	if (task.category !== undefined) clean.category = task.category;
	if (task.tags !== undefined) clean.tags = [...task.tags];
	return clean;
}

// ---------------------------------------------------------------------------
// Finding suites

/** Reads and validates one suite file. `file` is shown in messages as given. */
export function readSuiteFile(file: string): Suite {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new SuiteError([`no suite file at ${file}`]);
		if (code === 'EISDIR') throw new SuiteError([`${file} is a directory, not a suite file`]);
		throw new SuiteError([`cannot read suite file ${file}: ${(error as Error).message}`]);
	}
	return parseSuite(text.replace(/^\uFEFF/, ''), file);
}

/** The suite files under the user's suites directory, sorted by file name. */
export function userSuiteFiles(env: NodeJS.ProcessEnv = process.env): string[] {
	const directory = userSuitesDir(env);
	let entries: string[];
	try {
		entries = readdirSync(directory);
	} catch {
		return [];
	}
	return entries
		.filter(entry => (SUITE_FILE_EXTENSIONS as readonly string[]).includes(path.extname(entry).toLowerCase()))
		.sort()
		.map(entry => path.join(directory, entry))
		.filter(file => {
			try {
				return statSync(file).isFile();
			} catch {
				return false;
			}
		});
}

function summarize(suite: Suite): SuiteSummary {
	const categories = [...new Set(suite.tasks.flatMap(task => (task.category === undefined ? [] : [task.category])))];
	const summary: SuiteSummary = {name: suite.name, tasks: suite.tasks.length, categories, source: suite.source};
	if (suite.description !== undefined) summary.description = suite.description;
	return summary;
}

/**
 * Built-in suites first, then the user's (ARENA_HOME/suites/*.json|yaml|yml).
 * A broken user file is listed with its error rather than hiding the rest, and
 * a user suite named like a built-in is listed as shadowed.
 */
export function listSuites(env: NodeJS.ProcessEnv = process.env): SuiteSummary[] {
	const summaries = BUILTIN_SUITES.map(summarize);
	const builtinNames = new Set(BUILTIN_SUITES.map(suite => suite.name));
	for (const file of userSuiteFiles(env)) {
		try {
			const summary = summarize(readSuiteFile(file));
			if (builtinNames.has(summary.name)) {
				summary.error = `the built-in suite "${summary.name}" has this name; rename it or load it by path`;
			}
			summaries.push(summary);
		} catch (error) {
			const message = error instanceof SuiteError ? error.problems[0]! : (error as Error).message;
			summaries.push({name: path.basename(file, path.extname(file)), tasks: 0, categories: [], source: file, error: message});
		}
	}
	return summaries;
}

/** Names `loadSuite` accepts, in listing order. */
export function availableSuiteNames(env: NodeJS.ProcessEnv = process.env): string[] {
	return [...new Set(listSuites(env).filter(summary => summary.error === undefined).map(summary => summary.name))];
}

function looksLikePath(nameOrPath: string): boolean {
	return /[\\/]/.test(nameOrPath) || (SUITE_FILE_EXTENSIONS as readonly string[]).includes(path.extname(nameOrPath).toLowerCase());
}

/**
 * A built-in suite by name, a user suite by name (its file name or its `name`
 * field, under ARENA_HOME/suites), or a suite file by path. Throws SuiteError
 * (exit 2) naming the available suites when nothing matches, or saying where a
 * file is wrong.
 */
export function loadSuite(nameOrPath: string, env: NodeJS.ProcessEnv = process.env): Suite {
	const wanted = nameOrPath.trim();
	if (wanted === '') throw new SuiteError([`no suite named; ${availableHint(env)}`]);
	if (looksLikePath(wanted)) return readSuiteFile(wanted);

	const builtin = BUILTIN_SUITES.find(suite => suite.name === wanted);
	if (builtin) return structuredClone(builtin);

	const files = userSuiteFiles(env);
	const byFileName = files.filter(file => path.basename(file, path.extname(file)) === wanted);
	if (byFileName.length > 1) {
		throw new SuiteError([`suite "${wanted}" is ambiguous: ${byFileName.join(' and ')}; keep one, or give the path`]);
	}
	if (byFileName.length === 1) return readSuiteFile(byFileName[0]!);

	// A file may declare a name other than its file name; broken files are skipped here and reported by `suite list`.
	for (const file of files) {
		try {
			const suite = readSuiteFile(file);
			if (suite.name === wanted) return suite;
		} catch {
			continue;
		}
	}
	throw new SuiteError([`unknown suite "${wanted}"; ${availableHint(env)}`]);
}

function availableHint(env: NodeJS.ProcessEnv): string {
	const names = availableSuiteNames(env);
	return `available: ${names.join(', ')} (or give the path of a .json/.yaml file; yours go in ${userSuitesDir(env)})`;
}
