import type {Command} from 'commander';
import type {CostProjection, MixProjection} from '../core/cost.js';

/*
 * `arena cost --answers-per-day N [--days D] [--mix SPEC=PCT,…] [--json]`:
 * a month's spend projected from the user's own runs. Light at the top; the
 * store, settings and maths are imported inside the action.
 */

export interface CostCommandOptions {
	answersPerDay: string;
	days?: string;
	mix?: string;
	json?: boolean;
}

export interface CostReport {
	answers_per_day: number;
	days: number;
	/** answers_per_day × days. */
	answers_total: number;
	models: CostProjection[];
	mix: MixProjection | null;
	/** Mix members without measured answers (their $/answer is unknown). */
	mix_unmeasured: string[];
}

export function registerCostCommand(program: Command): void {
	program
		.command('cost')
		.description('project what each model would cost from your own runs: median tokens per answer × price, with a quality figure')
		.requiredOption('--answers-per-day <n>', 'answers a day to project')
		.option('--days <n>', 'days to project', '30')
		.option('--mix <shares>', 'a routing mix, SPEC=PERCENT,… adding up to 100 (e.g. deepseek:v4-flash=80,qwen:coder-30b=20)')
		.option('--json', 'print JSON')
		.action(async (options: CostCommandOptions) => {
			process.exitCode = await costCommand(options);
		});
}

export async function costCommand(options: CostCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
	const {EXIT_OK, reportFatal} = await import('./exit.js');
	try {
		const report = await buildCostReport(options, env);
		const {renderJson} = await import('../core/format-table.js');
		process.stdout.write(options.json ? renderJson(report) : await renderCostReport(report));
		return EXIT_OK;
	} catch (error) {
		return reportFatal(error);
	}
}

export async function buildCostReport(options: CostCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<CostReport> {
	const [{UsageError}, cost, {openSettings}, {resolvePrices}] = await Promise.all([
		import('../core/errors.js'),
		import('../core/cost.js'),
		import('../store/settings.js'),
		import('./price-resolver.js'),
	]);
	const answersPerDay = Number(options.answersPerDay);
	if (!Number.isFinite(answersPerDay) || answersPerDay <= 0) {
		throw new UsageError(`--answers-per-day must be a positive number, got "${options.answersPerDay}"`);
	}
	const days = Number(options.days ?? '30');
	if (!Number.isFinite(days) || days <= 0) throw new UsageError(`--days must be a positive number, got "${options.days}"`);
	// Checked before the store is read, so a bad mix fails fast with exit 2.
	const shares = options.mix === undefined ? null : cost.parseMix(options.mix);

	const measurements = await readMeasurements(env);
	const volume = {answersPerDay, days};
	const specs = [...new Set([...measurements.map(measurement => measurement.model), ...(shares ?? []).map(share => share.spec)])];
	const settings = openSettings(env);
	const prices = await resolvePrices(specs, settings, {
		onWarning: message => process.stderr.write(`arena: ${message}\n`),
	});
	const projections = new Map<string, CostProjection>();
	for (const measurement of measurements) {
		projections.set(measurement.model, cost.projectCost(measurement, prices.get(measurement.model) ?? null, volume));
	}
	const unmeasured: string[] = [];
	for (const share of shares ?? []) {
		if (projections.has(share.spec)) continue;
		unmeasured.push(share.spec);
		projections.set(
			share.spec,
			cost.projectCost(
				{model: share.spec, answers: 0, median_output_tokens: null, median_input_tokens: null, median_cost_usd: null, rating: null, mean_score: null},
				prices.get(share.spec) ?? null,
				volume,
			),
		);
	}
	return {
		answers_per_day: answersPerDay,
		days,
		answers_total: answersPerDay * days,
		models: measurements.map(measurement => projections.get(measurement.model)!),
		mix: shares === null ? null : cost.projectMix(shares, projections, volume),
		mix_unmeasured: unmeasured,
	};
}

/**
 * Per model that served successful answers: median tokens and stored cost,
 * mean score, and the blind rating. Answers are grouped by the model that
 * served them, so a fallback chain's answers are priced as its members'.
 */
async function readMeasurements(env: NodeJS.ProcessEnv) {
	const [{existsSync}, {resolveArenaPaths}] = await Promise.all([import('node:fs'), import('../store/paths.js')]);
	const file = resolveArenaPaths(env).databaseFile;
	if (!existsSync(file)) return [];
	const [{openHistoryStore}, {loadLeaderboard}, {mean, median}] = await Promise.all([
		import('../store/history-store.js'),
		import('../core/leaderboard.js'),
		import('../core/stats.js'),
	]);
	const store = openHistoryStore(file);
	try {
		const stats = store.answerStats({groupBy: 'served_spec'});
		const board = loadLeaderboard(store, {}, {bootstrapRounds: 0});
		const ratings = new Map(board.rows.map(row => [row.model, row.rating]));
		return stats
			.filter(sample => sample.output_tokens.length > 0 || sample.cost_usd.length > 0)
			.map(sample => ({
				model: sample.model,
				answers: sample.answers - sample.failed,
				median_output_tokens: median(sample.output_tokens),
				median_input_tokens: median(sample.input_tokens),
				median_cost_usd: median(sample.cost_usd),
				rating: ratings.get(sample.model) ?? null,
				mean_score: mean(sample.scores),
			}));
	} finally {
		store.close();
	}
}

export async function renderCostReport(report: CostReport): Promise<string> {
	const [{renderPlainTable}, {formatDollars}] = await Promise.all([import('../core/format-table.js'), import('../core/cost.js')]);
	const dollars = (value: number | null) => (value === null ? '—' : formatDollars(value));
	const number = (value: number | null, digits = 0) => (value === null ? '—' : value.toFixed(digits));
	const volume = `${report.answers_per_day.toLocaleString('en-US')} answers/day × ${report.days} days = ${report.answers_total.toLocaleString('en-US')} answers`;
	const lines: string[] = [volume, ''];
	if (report.models.length === 0) {
		lines.push('no measured answers yet: run some prompts with `arena run` first, then project their cost');
	} else {
		lines.push(
			renderPlainTable({
				headers: ['model', 'answers', 'out tok', 'in tok', '$/1M out', '$/answer', 'total', 'rating', 'score'],
				align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
				rows: report.models.map(model => [
					model.model,
					String(model.answers),
					number(model.median_output_tokens),
					number(model.median_input_tokens),
					model.price ? `$${model.price.output_per_m}` : '—',
					`${dollars(model.cost_per_answer_usd)}${model.cost_basis === 'stored' ? '*' : ''}`,
					dollars(model.total_usd),
					number(model.rating),
					number(model.mean_score, 1),
				]),
			}),
		);
		lines.push('out/in tok: median per answer. $/answer: median tokens × price');
		if (report.models.some(model => model.cost_basis === 'stored')) lines.push('* no price known: the median stored cost per answer');
		if (report.models.some(model => model.cost_per_answer_usd === null)) {
			lines.push('—: no price known; set one with `arena models price SPEC --input X --output Y`');
		}
	}
	const mix = report.mix;
	if (mix) {
		lines.push('', `mix: ${mix.shares.map(share => `${share.spec} ${share.percent}%`).join(', ')}`);
		lines.push(`  blended $/1M output: ${mix.blended_output_per_m === null ? '— (a model in the mix has no price)' : `$${Number(mix.blended_output_per_m.toPrecision(6))}`}`);
		lines.push(`  blended $/answer:    ${dollars(mix.cost_per_answer_usd)}`);
		lines.push(`  projected total:     ${dollars(mix.total_usd)}`);
		lines.push(`  expected rating:     ${number(mix.expected_rating)}${coverage(mix.rating_coverage_percent)}`);
		lines.push(`  expected score:      ${number(mix.expected_mean_score, 1)}${coverage(mix.score_coverage_percent)}`);
		if (report.mix_unmeasured.length > 0) lines.push(`  no measured answers for ${report.mix_unmeasured.join(', ')}: $/answer unknown`);
	}
	return `${lines.join('\n')}\n`;
}

function coverage(percent: number): string {
	return percent > 0 && percent < 100 ? ` (over the ${Number(percent.toPrecision(6))}% of the mix that has one)` : '';
}
