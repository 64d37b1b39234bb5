/**
 * The suites the workspace offers to run, read the way `arena suite list`
 * reads them, without React so the coordinator can load them off the render path.
 */

export interface SuiteChoice {
	name: string;
	/** The suite's description, or its name when it has none. */
	title: string;
	taskCount: number;
	/** Shipped with arena, or a JSON/YAML file of the user's. */
	source: 'builtin' | 'file';
}

/**
 * Built-in suites first, then the user's files (ARENA_HOME/suites), as
 * `arena suite list` shows them. Broken files and files shadowed by a
 * built-in name cannot be run by name, so they are left out here (`arena
 * suite list` says what is wrong with them).
 */
export async function listSuiteChoices(env: NodeJS.ProcessEnv = process.env): Promise<SuiteChoice[]> {
	// Loaded on demand: the suite reader brings zod and the YAML parser.
	const {listSuites} = await import('../../suites/suite.js');
	const seen = new Set<string>();
	const choices: SuiteChoice[] = [];
	for (const summary of listSuites(env)) {
		if (summary.error !== undefined || seen.has(summary.name)) continue;
		seen.add(summary.name);
		choices.push({
			name: summary.name,
			title: summary.description?.trim() || summary.name,
			taskCount: summary.tasks,
			source: summary.source === 'builtin' ? 'builtin' : 'file',
		});
	}
	return choices;
}
