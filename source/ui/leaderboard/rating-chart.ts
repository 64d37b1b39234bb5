/**
 * The rating column of the leaderboard view: a bar and a 95% interval whisker
 * per model, on one shared scale so rows compare at a glance.
 *
 *     ██████████├───●──┤
 *
 * The bar runs from the left edge of the scale to where the interval starts,
 * the whisker spans the interval and ● marks the rating. Pure text, so the
 * drawing is tested without Ink.
 */

export interface RatingScale {
	low: number;
	high: number;
}

export interface RatedInterval {
	rating: number | null;
	ci_low: number | null;
	ci_high: number | null;
}

export const CHART_BAR = '█';
export const CHART_WHISKER_LEFT = '├';
export const CHART_WHISKER_LINE = '─';
export const CHART_WHISKER_RIGHT = '┤';
export const CHART_POINT = '●';

/**
 * The range every bar shares: from the lowest lower bound to the highest upper
 * bound of the rows shown, so the widest interval fills the chart. Null when
 * no row is rated.
 */
export function ratingScale(rows: readonly RatedInterval[]): RatingScale | null {
	let low = Infinity;
	let high = -Infinity;
	for (const row of rows) {
		if (row.rating === null) continue;
		low = Math.min(low, row.ci_low ?? row.rating, row.rating);
		high = Math.max(high, row.ci_high ?? row.rating, row.rating);
	}
	if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
	// One model, or intervals of zero width: give the scale some width so the point sits mid-chart.
	if (high - low < 1) return {low: low - 1, high: high + 1};
	return {low, high};
}

/** The cell (0 … width−1) a rating falls in. */
export function chartPosition(value: number, scale: RatingScale, width: number): number {
	const fraction = (value - scale.low) / (scale.high - scale.low);
	return Math.min(width - 1, Math.max(0, Math.round(fraction * (width - 1))));
}

/** One row's chart, exactly `width` characters; blank for an unrated model. */
export function ratingChart(row: RatedInterval, scale: RatingScale | null, width: number): string {
	if (width <= 0) return '';
	if (row.rating === null || scale === null) return ' '.repeat(width);
	const point = chartPosition(row.rating, scale, width);
	const start = Math.min(point, chartPosition(row.ci_low ?? row.rating, scale, width));
	const end = Math.max(point, chartPosition(row.ci_high ?? row.rating, scale, width));
	const cells: string[] = [];
	for (let cell = 0; cell < width; cell++) {
		if (cell === point) cells.push(CHART_POINT);
		else if (cell < start) cells.push(CHART_BAR);
		else if (cell === start) cells.push(CHART_WHISKER_LEFT);
		else if (cell === end) cells.push(CHART_WHISKER_RIGHT);
		else if (cell < end) cells.push(CHART_WHISKER_LINE);
		else cells.push(' ');
	}
	return cells.join('');
}

/** The chart's header: the scale's two ends at its two edges, e.g. "912        1088". */
export function chartAxis(scale: RatingScale | null, width: number): string {
	if (scale === null || width <= 0) return ' '.repeat(Math.max(0, width));
	const left = String(Math.round(scale.low));
	const right = String(Math.round(scale.high));
	if (left.length + right.length + 1 > width) return right.padStart(width).slice(-width);
	return left + ' '.repeat(width - left.length - right.length) + right;
}
