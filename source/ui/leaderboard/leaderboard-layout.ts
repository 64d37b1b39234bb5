/**
 * Which leaderboard columns fit the terminal, and how wide each is. The chart
 * takes what the text columns leave, within limits; on a narrow terminal the
 * least telling columns go first. Pure, so it is tested without Ink.
 */

import {type LeaderboardColumn, type LeaderboardRow} from '../../core/leaderboard.js';
import {singleLine, textWidth} from '../../core/format-table.js';

export const COLUMN_GAP = 2;
export const CHART_MIN_WIDTH = 12;
export const CHART_MAX_WIDTH = 40;
/** The share of the terminal the chart asks for before text columns are placed. */
const CHART_SHARE = 0.22;

export function preferredChartWidth(terminalWidth: number): number {
	return Math.min(CHART_MAX_WIDTH, Math.max(CHART_MIN_WIDTH, Math.round(terminalWidth * CHART_SHARE)));
}
/** Longer model names are cut with an ellipsis; the detail line under the table shows the whole name. */
export const MODEL_MAX_WIDTH = 32;

/** Most telling first: what goes last is what a narrow terminal drops first. */
const PRIORITY = [
	'model',
	'rating',
	'rank',
	'mean_score',
	'win_rate',
	'battles',
	'median_ttft_ms',
	'median_tokens_per_s',
	'ci',
	'p99_total_ms',
	'median_cost_usd',
	'value',
	'rating_per_usd',
	'record',
	'elo',
	'scored_answers',
	'answers',
	'failed',
	'p50_total_ms',
];

export interface PlannedColumn {
	column: LeaderboardColumn;
	width: number;
}

export interface ColumnPlan {
	/** Text columns in display order. */
	columns: PlannedColumn[];
	/** 0 when there is no chart (nothing rated, or no room). */
	chartWidth: number;
	/** The chart is drawn just after this many text columns (after the rating's interval). */
	chartAfter: number;
}

function naturalWidth(column: LeaderboardColumn, rows: readonly LeaderboardRow[]): number {
	const widest = Math.max(textWidth(column.header) + 2, ...rows.map(row => textWidth(singleLine(column.cell(row)))));
	return column.id === 'model' ? Math.min(MODEL_MAX_WIDTH, widest) : widest;
}

/**
 * `columns` are the candidates in display order; the header's width counts
 * two extra cells for the sort arrow.
 */
export function planColumns(
	columns: readonly LeaderboardColumn[],
	rows: readonly LeaderboardRow[],
	width: number,
	options: {chart: boolean},
): ColumnPlan {
	const widths = new Map(columns.map(column => [column, naturalWidth(column, rows)]));
	const byPriority = [...columns].sort((left, right) => rank(left.id) - rank(right.id));
	// The chart is the point of this view: it keeps a fair share of the width, and text columns compete for the rest.
	let budget = width - (options.chart ? preferredChartWidth(width) + COLUMN_GAP : 0);
	const kept = new Set<LeaderboardColumn>();
	for (const column of byPriority) {
		const needed = (kept.size === 0 ? 0 : COLUMN_GAP) + widths.get(column)!;
		// The model column always stays: a row without a name means nothing.
		if (needed > budget && column.id !== 'model') continue;
		kept.add(column);
		budget -= needed;
	}

	const planned = columns.filter(column => kept.has(column)).map(column => ({column, width: widths.get(column)!}));
	const used = planned.reduce((total, {width: columnWidth}) => total + columnWidth, 0) + COLUMN_GAP * Math.max(0, planned.length - 1);
	const room = width - used - COLUMN_GAP;
	const chartWidth = options.chart && room >= CHART_MIN_WIDTH ? Math.min(CHART_MAX_WIDTH, room) : 0;
	const ciIndex = planned.findIndex(({column}) => column.id === 'ci');
	const ratingIndex = planned.findIndex(({column}) => column.id === 'rating');
	const modelIndex = planned.findIndex(({column}) => column.id === 'model');
	const chartAfter = 1 + Math.max(ciIndex, ratingIndex, modelIndex);
	return {columns: planned, chartWidth, chartAfter};
}

function rank(id: string): number {
	const index = PRIORITY.indexOf(id);
	return index === -1 ? PRIORITY.length : index;
}
