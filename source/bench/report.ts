/** The bench report: one row per target, as markdown for people and JSON for tools. */

export interface BenchRow {
	id: string;
	name: string;
	/** The figures behind the verdict, in words, e.g. "812 ms ÷ 790 ms = 1.028". */
	measured: string;
	/** The number compared with the target. */
	value: number;
	target: string;
	pass: boolean;
}

export interface BenchEnvironment {
	date: string;
	node: string;
	cpu: string;
	cores: number;
	platform: string;
	totalMemoryGiB: number;
	loadAverageAtStart: number[];
	loadAverageAtEnd: number[];
	gitCommit: string | null;
	/** Uncommitted changes were present when the bench ran. */
	gitDirty: boolean | null;
	quick: boolean;
	gcExposed: boolean;
	/** Set when CI was set in the environment and the bench removed it so Ink draws live frames. */
	removedCiVariable: boolean;
	benchDurationS: number;
}

export interface BenchReport {
	environment: BenchEnvironment;
	rows: BenchRow[];
	notes: string[];
	details: Record<string, unknown>;
}

export function renderMarkdown(report: BenchReport): string {
	const env = report.environment;
	const lines: string[] = [];
	lines.push('# arena benchmark report', '');
	if (env.quick) lines.push('**Quick run (1 run each): a smoke check, not figures to judge by.**', '');
	lines.push(
		`- Date: ${env.date}`,
		`- Node: ${env.node} on ${env.platform}`,
		`- CPU: ${env.cpu} × ${env.cores} cores, ${env.totalMemoryGiB} GiB RAM; load average (1/5/15 min) ${env.loadAverageAtStart.join(' / ')} at start, ${env.loadAverageAtEnd.join(' / ')} at end`,
		`- Commit: ${env.gitCommit ?? 'unknown'}${env.gitDirty ? ' (with uncommitted changes)' : ''}`,
		`- Bench took ${env.benchDurationS} s${env.gcExposed ? '' : '; run without --expose-gc'}`,
		'',
	);
	lines.push('| Benchmark | Measured | Target | Result |', '| --- | --- | --- | --- |');
	for (const row of report.rows) {
		lines.push(`| ${row.name} | ${row.measured} | ${row.target} | ${row.pass ? 'pass' : '**FAIL**'} |`);
	}
	lines.push('');
	if (report.notes.length > 0) {
		lines.push('## Notes', '');
		for (const note of report.notes) lines.push(`- ${note}`);
		lines.push('');
	}
	lines.push('Per-run samples are in bench-report.json.', '');
	return lines.join('\n');
}
