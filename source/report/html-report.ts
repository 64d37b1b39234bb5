/**
 * The leaderboard as one self-contained HTML page, for `arena export
 * leaderboard --format html`: a file to attach, publish or open years later.
 *
 * Self-contained means it asks for nothing: the styles are inline, the charts
 * are inline SVG, there is no script, and a Content-Security-Policy forbids
 * every fetch (images only as data: URLs), so a name that slipped past the
 * escaping still could not load or run anything. The page follows the reader's
 * light or dark scheme and prints on white.
 *
 * Pure and deterministic: the same board and options give the same bytes (the
 * time comes in as `generatedAt`, never from the clock).
 */

import {type HeadToHeadMatrix, headToHeadMatrix, leaderboardNotes, noteLines} from '../core/leaderboard-report.js';
import {
	EMPTY_CELL,
	formatInterval,
	formatMilliseconds,
	formatUsd,
	type Leaderboard,
	type LeaderboardRow,
} from '../core/leaderboard.js';
import {costQualityChart, costQualityData, headToHeadHeatmap, ratingChart, speedCharts, type CostQualityData} from './charts.js';
import {htmlText} from './html.js';
import {HEAT_LEVELS, REPORT_STYLE} from './report-style.js';

export {paretoFrontier, type ParetoPoint} from './pareto.js';
export {htmlText} from './html.js';

export interface HtmlReportOptions {
	/** When the report was made; shown in UTC. */
	generatedAt: Date;
	/** The page's heading and title; "arena leaderboard" when absent. */
	title?: string;
}

/** The policy the page carries: nothing may be fetched, only inline styles apply, images only from data: URLs. */
export const REPORT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const DEFAULT_TITLE = 'arena leaderboard';

export function renderHtmlReport(board: Leaderboard, options: HtmlReportOptions): string {
	const {generatedAt} = options;
	if (!(generatedAt instanceof Date) || Number.isNaN(generatedAt.getTime())) throw new RangeError('generatedAt must be a valid Date');
	const title = options.title?.trim() ? options.title : DEFAULT_TITLE;

	const sections = board.rows.length === 0 ? [emptySection()] : boardSections(board);
	return [
		'<!doctype html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		`<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">`,
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		'<meta name="referrer" content="no-referrer">',
		'<meta name="color-scheme" content="light dark">',
		'<meta name="generator" content="arena">',
		// Without an icon of its own, a browser would ask the server for /favicon.ico.
		'<link rel="icon" href="data:,">',
		`<title>${htmlText(title)}</title>`,
		`<style>${REPORT_STYLE}</style>`,
		'</head>',
		'<body>',
		'<div class="page">',
		masthead(board, title, generatedAt),
		'<main>',
		...sections,
		'</main>',
		`<footer>Made with arena on ${htmlText(humanTime(generatedAt))}. This page is self-contained: no scripts, no fonts, no network.</footer>`,
		'</div>',
		'</body>',
		'</html>',
		'',
	].join('\n');
}

// ---------------------------------------------------------------------------
// Header

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Sunday 1 June 2025, 14:03 UTC": the same in every locale and time zone. */
export function humanTime(date: Date): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

function plural(amount: number, noun: string): string {
	return `${amount.toLocaleString('en-US')} ${amount === 1 ? noun : `${noun}s`}`;
}

/** "240 blind votes" when the board counts blind votes only, as it does by default. */
function votesPhrase(board: Leaderboard): string {
	const blindOnly = board.census !== null && !board.census.include_named;
	return plural(board.votes, blindOnly ? 'blind vote' : 'vote');
}

function masthead(board: Leaderboard, title: string, generatedAt: Date): string {
	const iso = generatedAt.toISOString();
	const rated = board.rows.filter(row => row.rating !== null);
	const tiles = [tile('Votes', board.votes.toLocaleString('en-US'), board.census && !board.census.include_named ? 'blind, so unbiased by names' : 'counted for the ratings')];
	const unrated = board.rows.length - rated.length;
	tiles.push(tile('Models', String(board.rows.length), unrated === 0 ? 'all rated' : rated.length === 0 ? 'none voted on yet' : `${rated.length} rated, ${unrated} not yet voted on`));
	const leader = rated[0];
	if (leader) {
		const tiedAtTop = rated.filter(row => row.rank_ub === 1).length - 1;
		const standing = rated.length === 1 ? 'the only rated model' : tiedAtTop <= 0 ? 'clearly ahead at 95%' : `level with ${plural(tiedAtTop, 'other')} within the intervals`;
		tiles.push(tile('Top rated', leader.model, standing, 'name'));
	}

	return [
		'<header class="masthead">',
		'<div class="eyebrow">arena · personal leaderboard</div>',
		`<h1>${htmlText(title)}</h1>`,
		`<p class="meta">Made <time datetime="${iso}" title="${iso}">${htmlText(humanTime(generatedAt))}</time> <span class="dim">(${iso})</span> · rests on <strong>${htmlText(votesPhrase(board))}</strong></p>`,
		// An empty board's tiles would only repeat "0"; the page says "no votes yet" once instead.
		board.rows.length === 0 ? '' : `<dl class="tiles">${tiles.join('')}</dl>`,
		'</header>',
	]
		.filter(Boolean)
		.join('\n');
}

function tile(label: string, value: string, sub: string, valueClass = ''): string {
	return `<div class="tile"><dt>${htmlText(label)}</dt><dd${valueClass ? ` class="${valueClass}"` : ''}>${htmlText(value)}<span class="sub">${htmlText(sub)}</span></dd></div>`;
}

// ---------------------------------------------------------------------------
// Sections

function emptySection(): string {
	return [
		'<section class="card empty" id="no-votes">',
		'<h2>No votes yet</h2>',
		'<p>This leaderboard has no votes and no answers to show yet.</p>',
		'<p>Compare models blind with <code>arena battle</code>, or score answers in <code>arena run</code>, then export the report again.</p>',
		'</section>',
	].join('\n');
}

function boardSections(board: Leaderboard): string[] {
	const matrix = headToHeadMatrix(board);
	return [
		tableSection(board),
		ratingSection(board),
		costSection(costQualityData(board)),
		speedSection(board),
		// One rated model has no opponent: no matrix to draw.
		...(matrix.models.length >= 2 ? [headToHeadSection(matrix)] : []),
		notesSection(board),
	];
}

function card(id: string, heading: string, lede: string | null, body: string): string {
	return [`<section class="card" id="${id}">`, `<h2>${htmlText(heading)}</h2>`, lede === null ? '' : `<p class="lede">${lede}</p>`, body, '</section>'].filter(Boolean).join('\n');
}

// ---------------------------------------------------------------------------
// The table

interface Column {
	header: string;
	/** Shown on hover over the header. */
	hint: string;
	numeric: boolean;
	/** Cell HTML (already escaped). */
	cell(row: LeaderboardRow): string;
	/** Whether this row has anything to show; a column no row has is left out. */
	has(row: LeaderboardRow): boolean;
}

const always = () => true;

function percent(rate: number): string {
	return `${Math.round(rate * 100)}%`;
}

const COLUMNS: Column[] = [
	{
		header: 'Rank',
		hint: 'Rank(UB): 1 + the number of models rated clearly above (95% intervals that do not overlap)',
		numeric: true,
		cell: row => (row.rank_ub === null ? `<span class="dim">${EMPTY_CELL}</span>` : `<span class="rank-badge${row.rank_ub === 1 ? ' top' : ''}">${row.rank_ub}</span>`),
		has: row => row.rank_ub !== null,
	},
	{header: 'Model', hint: 'provider:model', numeric: false, cell: row => modelCell(row.model), has: always},
	{
		header: 'Rating',
		hint: 'Bradley–Terry rating on the Elo scale (rated models average 1000), with its 95% bootstrap interval',
		numeric: true,
		cell: row =>
			row.rating === null
				? EMPTY_CELL
				: `<span class="rating"><strong>${Math.round(row.rating)}</strong><span class="ci">${htmlText(formatInterval(row).replace('-', '−'))}</span></span>`,
		has: row => row.rating !== null,
	},
	{header: 'Votes', hint: 'Battles that count for the rating', numeric: true, cell: row => (row.rating === null ? EMPTY_CELL : row.battles.toLocaleString('en-US')), has: row => row.rating !== null},
	{header: 'W-L-T', hint: 'Wins, losses and ties (ties include "both bad")', numeric: true, cell: row => (row.rating === null ? EMPTY_CELL : `${row.wins}-${row.losses}-${row.ties}`), has: row => row.rating !== null},
	{
		header: 'Win rate',
		hint: 'Wins ÷ votes; a tie counts as a vote but not a win',
		numeric: true,
		cell: row =>
			row.win_rate === null
				? EMPTY_CELL
				: `<span class="meter" aria-hidden="true"><span style="width:${Math.round(row.win_rate * 100)}%"></span></span>${percent(row.win_rate)}`,
		has: row => row.win_rate !== null,
	},
	{
		header: 'Score',
		hint: 'Mean of your 0–10 scores for this model’s answers',
		numeric: true,
		cell: row => (row.mean_score === null ? EMPTY_CELL : `<span title="${plural(row.scored_answers, 'scored answer')}">${row.mean_score.toFixed(1)}</span>`),
		has: row => row.mean_score !== null,
	},
	{header: 'TTFT', hint: 'Median time to first token', numeric: true, cell: row => htmlText(formatMilliseconds(row.median_ttft_ms)), has: row => row.median_ttft_ms !== null},
	{
		header: 'Tok/s',
		hint: 'Median decode speed in tokens per second',
		numeric: true,
		cell: row => (row.median_tokens_per_s === null ? EMPTY_CELL : row.median_tokens_per_s.toFixed(1)),
		has: row => row.median_tokens_per_s !== null,
	},
	{header: 'p99 total', hint: '99th percentile of the whole answer’s time', numeric: true, cell: row => htmlText(formatMilliseconds(row.p99_total_ms)), has: row => row.p99_total_ms !== null},
	{header: '$/answer', hint: 'Median cost of one answer', numeric: true, cell: row => htmlText(formatUsd(row.median_cost_usd)), has: row => row.median_cost_usd !== null},
	{
		header: 'Value',
		hint: 'Mean score ÷ output price in USD per 1M tokens: quality per dollar',
		numeric: true,
		cell: row => (row.value === null ? EMPTY_CELL : row.value.toFixed(1)),
		has: row => row.value !== null,
	},
];

/**
 * "anthropic:claude-sonnet-4" as the model's name with its provider above it,
 * smaller: the name is what readers compare, and the column stays narrow.
 * Only the first colon splits (an Ollama tag such as "qwen2.5:14b" keeps its own).
 */
function modelCell(spec: string): string {
	const colon = spec.indexOf(':');
	if (colon <= 0 || colon === spec.length - 1) return `<span class="model-name">${htmlText(spec)}</span>`;
	return `<span class="provider">${htmlText(spec.slice(0, colon))}</span><span class="model-name">${htmlText(spec.slice(colon + 1))}</span>`;
}

function tableSection(board: Leaderboard): string {
	const columns = COLUMNS.filter(column => board.rows.some(row => column.has(row)));
	const head = columns.map(column => `<th scope="col"${column.numeric ? ' class="num"' : ''} title="${htmlText(column.hint)}">${htmlText(column.header)}</th>`).join('');
	const body = board.rows
		.map(row => {
			const cells = columns
				.map(column => {
					const content = column.cell(row);
					if (column.header === 'Model') return `<th scope="row" class="model">${content}</th>`;
					return `<td${column.numeric ? ' class="num"' : ''}>${content}</td>`;
				})
				.join('');
			return `<tr${row.rating === null ? ' class="unrated"' : ''}>${cells}</tr>`;
		})
		.join('\n');
	const unrated = board.rows.filter(row => row.rating === null).length;
	const caption = [
		board.rows.some(row => row.rank_ub !== null) ? 'Rank is Rank(UB): 1 + the models rated clearly above, so models whose intervals overlap share a rank.' : '',
		unrated > 0 ? `${plural(unrated, 'model')} without votes ${unrated === 1 ? 'is' : 'are'} listed last, with ${unrated === 1 ? 'its' : 'their'} scores and speed.` : '',
	]
		.filter(Boolean)
		.join(' ');
	const table = `<div class="table-wrap"><table class="board"><caption>${htmlText(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
	return card('leaderboard', 'Leaderboard', null, table);
}

// ---------------------------------------------------------------------------
// Charts

function ratingSection(board: Leaderboard): string {
	if (!board.rows.some(row => row.rating !== null)) {
		return card('ratings', 'Ratings', null, '<p class="note">No votes yet: ratings appear after the first blind vote (<code>arena battle</code>).</p>');
	}

	const lede = 'Each dot is a model’s rating; the whisker is its 95% confidence interval. Where two whiskers overlap, the votes so far cannot tell those models apart.';
	return card('ratings', 'Ratings', htmlText(lede), `<figure class="chart-wrap">${ratingChart(board)}</figure>`);
}

function costSection(data: CostQualityData | null): string {
	if (data === null) {
		return card(
			'cost',
			'Cost vs quality',
			null,
			'<p class="note">No prices yet: add prices to see cost vs quality. Give your models an input and output price in the provider settings, and the report plots what each answer cost against how good it was.</p>',
		);
	}

	const costWord = data.cost === 'answer' ? 'median cost of an answer' : 'output price';
	const qualityWord = data.quality === 'rating' ? 'rating' : 'mean score';
	const lede = `Each point is a model: its ${costWord} across, its ${qualityWord} up. The Pareto frontier joins the models that nothing else beats on both at once: no other model is at least as cheap and at least as good.`;
	const legend = [
		'<ul class="legend">',
		'<li><span class="key frontier"></span>on the Pareto frontier</li>',
		'<li><span class="key dominated"></span>dominated: another model is cheaper and better</li>',
		data.frontier.length > 1 ? '<li><span class="key line"></span>frontier</li>' : '',
		'</ul>',
	].join('');
	const frontierList = `<p class="frontier-list">Frontier, cheapest first: ${data.frontier.map(point => `<strong>${htmlText(point.model)}</strong>`).join(' → ')}</p>`;
	return card('cost', 'Cost vs quality', htmlText(lede), `<figure class="chart-wrap">${costQualityChart(data)}</figure>${legend}${frontierList}`);
}

function speedSection(board: Leaderboard): string {
	const {ttft, tokensPerSecond} = speedCharts(board);
	if (ttft === null && tokensPerSecond === null) {
		return card('speed', 'Speed', null, '<p class="note">No timed answers yet.</p>');
	}

	const figures = [
		ttft === null ? '' : `<figure class="chart-wrap"><h3>Time to first token · median, lower is better</h3>${ttft}</figure>`,
		tokensPerSecond === null ? '' : `<figure class="chart-wrap"><h3>Tokens per second · median, higher is better</h3>${tokensPerSecond}</figure>`,
	].join('');
	return card('speed', 'Speed', htmlText('Measured on your own runs, from successful answers only.'), `<div class="pair">${figures}</div>`);
}

function headToHeadSection(matrix: HeadToHeadMatrix): string {
	const lede = "Each cell is the row model's win rate (%) against the column model; columns are numbered like the rows. Blue: the row model won more often; orange: it lost more often. Hover a cell for the record behind it.";
	const levels = Array.from({length: HEAT_LEVELS}, (_, index) => index + 1);
	const swatches = [
		...levels.map(level => `<span class="loss-${HEAT_LEVELS + 1 - level}"></span>`),
		'<span class="even"></span>',
		...levels.map(level => `<span class="win-${level}"></span>`),
	];
	const legend = `<ul class="legend"><li>row lost all<span class="scale" aria-hidden="true">${swatches.join('')}</span>row won all</li><li>— never met</li></ul>`;
	return card('head-to-head', 'Head-to-head', htmlText(lede), `<figure class="chart-wrap">${headToHeadHeatmap(matrix)}</figure>${legend}`);
}

function notesSection(board: Leaderboard): string {
	const notes = leaderboardNotes(board);
	const lines = noteLines(notes).map(line => `<li>${htmlText(line)}</li>`);
	const method = [
		'Ratings are a Bradley–Terry fit on the Elo scale, as Chatbot Arena computes them; a tie counts as half a win for each side.',
		board.census !== null && !board.census.include_named ? 'Only blind votes count: knowing which model wrote an answer biases a vote.' : '',
	]
		.filter(Boolean)
		.map(line => `<li class="detail">${htmlText(line)}</li>`);
	return card('notes', 'About these numbers', null, `<ul class="notes">${[...lines, ...method].join('')}</ul>`);
}
