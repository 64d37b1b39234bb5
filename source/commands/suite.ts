import type {Command} from 'commander';
import type {Suite, SuiteSummary} from '../suites/suite.js';
import {EXIT_OK, reportFatal} from './exit.js';

/*
 * Only types at the top: cli.ts imports this file to register the command,
 * and `arena --help` must not load zod or the YAML parser. Actions import them.
 */

export interface SuiteCommandOptions {
	json?: boolean;
}

/** Where the command reads settings and writes output; the process's own unless a test says otherwise. */
export interface SuiteCommandIo {
	env?: NodeJS.ProcessEnv;
	stdout?: Pick<NodeJS.WriteStream, 'write'>;
}

export function registerSuiteCommand(program: Command): void {
	const suite = program.command('suite').description('task suites: lists of prompts to run or battle through (built in: coding-5)');
	suite
		.command('list')
		.description('list the built-in suites and yours (ARENA_HOME/suites/*.json|yaml)')
		.option('--json', 'print JSON')
		.action(async (options: SuiteCommandOptions) => {
			process.exitCode = await suiteListCommand(options);
		});
	suite
		.command('show')
		.description('show the tasks of a suite')
		.argument('<name>', 'a suite name from `arena suite list`, or the path of a .json/.yaml file')
		.option('--json', 'print JSON')
		.action(async (name: string, options: SuiteCommandOptions) => {
			process.exitCode = await suiteShowCommand(name, options);
		});
}

/** `arena suite list`: name, tasks, categories and source of every suite. */
export async function suiteListCommand(options: SuiteCommandOptions, io: SuiteCommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const [{listSuites, userSuitesDir}, {renderJson, renderPlainTable}] = await Promise.all([
			import('../suites/suite.js'),
			import('../core/format-table.js'),
		]);
		const env = io.env ?? process.env;
		const suites = listSuites(env);
		if (options.json) {
			stdout.write(renderJson(suites.map(suiteSummaryJson)));
			return EXIT_OK;
		}
		stdout.write(
			renderPlainTable({
				headers: ['NAME', 'TASKS', 'CATEGORIES', 'SOURCE'],
				align: ['left', 'right', 'left', 'left'],
				rows: suites.map(summary => [
					summary.name,
					summary.error === undefined ? String(summary.tasks) : '-',
					summary.error === undefined ? summary.categories.join(', ') || '-' : '(invalid, see below)',
					summary.source === 'builtin' ? 'built-in' : summary.source,
				]),
			}),
		);
		const broken = suites.filter(summary => summary.error !== undefined);
		for (const summary of broken) stdout.write(`\n${summary.name}: ${summary.error}`);
		if (broken.length > 0) stdout.write('\n');
		if (suites.every(summary => summary.source === 'builtin')) {
			stdout.write(`\nadd your own as JSON or YAML files in ${userSuitesDir(env)}\n`);
		}
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

/** `arena suite show NAME`: every task with its id, category, tags and prompt. */
export async function suiteShowCommand(name: string, options: SuiteCommandOptions, io: SuiteCommandIo = {}): Promise<number> {
	const stdout = io.stdout ?? process.stdout;
	try {
		const [{loadSuite}, {renderJson}] = await Promise.all([import('../suites/suite.js'), import('../core/format-table.js')]);
		const suite = loadSuite(name, io.env ?? process.env);
		if (options.json) {
			stdout.write(renderJson(suite, {pretty: true}));
			return EXIT_OK;
		}
		const {stripTerminalControls} = await import('../core/sanitize.js');
		stdout.write(renderSuiteText(suite, stripTerminalControls));
		return EXIT_OK;
	} catch (error) {
		return reportSuiteFailure(error);
	}
}

/** reportFatal prints one line; a file with several problems gets the rest listed under it. */
function reportSuiteFailure(error: unknown): number {
	const status = reportFatal(error);
	const problems = (error as {problems?: unknown} | null)?.problems;
	if (Array.isArray(problems)) {
		for (const problem of problems.slice(1)) process.stderr.write(`  ${String(problem)}\n`);
	}
	return status;
}

function suiteSummaryJson(summary: SuiteSummary): Record<string, unknown> {
	return {
		name: summary.name,
		description: summary.description ?? null,
		tasks: summary.tasks,
		categories: summary.categories,
		source: summary.source,
		error: summary.error ?? null,
	};
}

/** A suite for reading: a header, then each task with its prompt indented under it. */
export function renderSuiteText(suite: Suite, clean: (text: string) => string = text => text): string {
	const lines: string[] = [];
	const count = suite.tasks.length;
	lines.push(clean(suite.name) + (suite.description ? ` — ${clean(suite.description)}` : ''));
	const categories = [...new Set(suite.tasks.flatMap(task => (task.category ? [task.category] : [])))];
	lines.push(
		`${count} task${count === 1 ? '' : 's'}` +
			(categories.length > 0 ? ` · categories: ${clean(categories.join(', '))}` : '') +
			` · source: ${suite.source === 'builtin' ? 'built-in' : suite.source}`,
	);
	suite.tasks.forEach((task, index) => {
		lines.push('');
		lines.push(`[${index + 1}/${count}] ${clean(task.id)}`);
		lines.push(`  category: ${task.category === undefined ? '-' : clean(task.category)}`);
		lines.push(`  tags: ${task.tags === undefined || task.tags.length === 0 ? '-' : clean(task.tags.join(', '))}`);
		if (task.system !== undefined) lines.push(...indentBlock('system', clean(task.system)));
		lines.push(...indentBlock('prompt', clean(task.prompt)));
	});
	return `${lines.join('\n')}\n`;
}

function indentBlock(label: string, text: string): string[] {
	return [`  ${label}:`, ...text.replace(/\s+$/, '').split('\n').map(line => (line === '' ? '' : `    ${line}`))];
}
