/**
 * The report's charts as inline SVG strings. Colours come from CSS classes
 * (see report-style), never from attributes, so one drawing follows the
 * page's light or dark palette. Each mark carries a <title>, which browsers
 * show on hover and screen readers read.
 */

import type {HeadToHeadMatrix} from '../core/leaderboard-report.js';
import {formatMilliseconds, formatUsd, type Leaderboard, type LeaderboardRow} from '../core/leaderboard.js';
import {htmlText, shortName, svgNumber} from './html.js';
import {paretoFrontier} from './pareto.js';
import {HEAT_LEVELS} from './report-style.js';
import {linearScale, logScale, type Scale} from './scales.js';

/** Average advance of one character of 12px UI text, rounded up: labels are laid out without measuring. */
const CHARACTER_WIDTH = 7;
const LABEL_CHARACTERS = 28;

function labelWidth(names: readonly string[], maxCharacters = LABEL_CHARACTERS, prefixCharacters = 0): number {
	const longest = Math.max(4, ...names.map(name => Math.min(maxCharacters, [...name].length)));
	return (longest + prefixCharacters) * CHARACTER_WIDTH;
}

function svgOpen(id: string, width: number, height: number, title: string, description: string, className = 'chart'): string {
	return (
		`<svg class="${className}" viewBox="0 0 ${svgNumber(width)} ${svgNumber(height)}" style="max-width:${svgNumber(width)}px" role="img" aria-labelledby="${id}-title ${id}-desc">` +
		`<title id="${id}-title">${htmlText(title)}</title><desc id="${id}-desc">${htmlText(description)}</desc>`
	);
}

function line(x1: number, y1: number, x2: number, y2: number, className: string): string {
	return `<line class="${className}" x1="${svgNumber(x1)}" y1="${svgNumber(y1)}" x2="${svgNumber(x2)}" y2="${svgNumber(y2)}"/>`;
}

function text(x: number, y: number, content: string, className: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
	return `<text class="${className}" x="${svgNumber(x)}" y="${svgNumber(y)}" text-anchor="${anchor}">${content}</text>`;
}

/** Vertical grid lines and tick labels under a horizontal axis. */
function horizontalAxis(scale: Scale, top: number, bottom: number, format: (value: number) => string): string {
	let out = line(scale.at(scale.domain[0]), bottom, scale.at(scale.domain[1]), bottom, 'axis');
	for (const tick of scale.ticks) {
		const x = scale.at(tick);
		out += line(x, top, x, bottom, 'grid');
		out += line(x, bottom, x, bottom + 4, 'axis');
		out += text(x, bottom + 17, htmlText(format(tick)), 'tick', 'middle');
	}

	return out;
}

/** Horizontal grid lines and tick labels left of a vertical axis. */
function verticalAxis(scale: Scale, left: number, right: number, format: (value: number) => string): string {
	let out = line(left, scale.at(scale.domain[0]), left, scale.at(scale.domain[1]), 'axis');
	for (const tick of scale.ticks) {
		const y = scale.at(tick);
		out += line(left, y, right, y, 'grid');
		out += line(left - 4, y, left, y, 'axis');
		out += text(left - 8, y + 4, htmlText(format(tick)), 'tick', 'end');
	}

	return out;
}

function wholeNumber(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}

// ---------------------------------------------------------------------------
// Ratings with their intervals

/** Rated rows only, top first: a dot at the rating, whiskers to the 95% interval. */
export function ratingChart(board: Leaderboard): string {
	const rows = board.rows.filter(row => row.rating !== null);
	const width = 960;
	const rowHeight = 30;
	const top = 26;
	const labels = labelWidth(rows.map(row => row.model));
	const left = labels + 20;
	const right = width - 60;
	const bottom = top + rows.length * rowHeight;
	const height = bottom + 46;

	const lows = rows.map(row => row.ci_low ?? row.rating!);
	const highs = rows.map(row => row.ci_high ?? row.rating!);
	const x = linearScale(Math.min(...lows), Math.max(...highs), left, right, {targetTicks: 6, minimumSpan: 40});

	let body = '';
	rows.forEach((row, index) => {
		if (index % 2 === 1) body += `<rect class="band" x="0" y="${svgNumber(top + index * rowHeight)}" width="${width}" height="${rowHeight}"/>`;
	});
	body += horizontalAxis(x, top, bottom, wholeNumber);
	// The ratings are centred so the rated models average 1000: the line says where "average" is.
	const average = 1000;
	if (average >= x.domain[0] && average <= x.domain[1]) {
		body += line(x.at(average), top - 6, x.at(average), bottom, 'reference');
		body += text(x.at(average), top - 10, 'average', 'reference-label', 'middle');
	}

	rows.forEach((row, index) => {
		const y = top + index * rowHeight + rowHeight / 2;
		const rating = row.rating!;
		const low = row.ci_low ?? rating;
		const high = row.ci_high ?? rating;
		const hover = `${row.model}: rating ${Math.round(rating)}, 95% CI ${Math.round(low)}–${Math.round(high)}, ${row.battles} ${row.battles === 1 ? 'vote' : 'votes'}`;
		body += `<g class="rating-row"><title>${htmlText(hover)}</title>`;
		body += `<rect class="hit" x="0" y="${svgNumber(y - rowHeight / 2)}" width="${width}" height="${rowHeight}"/>`;
		body += text(labels + 8, y + 4, htmlText(shortName(row.model, LABEL_CHARACTERS)), 'label', 'end');
		body += line(x.at(low), y, x.at(high), y, 'whisker');
		body += line(x.at(low), y - 6, x.at(low), y + 6, 'whisker');
		body += line(x.at(high), y - 6, x.at(high), y + 6, 'whisker');
		body += `<circle class="dot" cx="${svgNumber(x.at(rating))}" cy="${svgNumber(y)}" r="5.5"/>`;
		body += text(x.at(high) + 8, y + 4, wholeNumber(rating), 'value');
		body += '</g>';
	});
	body += text((left + right) / 2, height - 6, 'rating (Bradley–Terry, Elo scale) · whiskers: 95% confidence interval', 'axis-title', 'middle');

	return (
		svgOpen('rating-chart', width, height, 'Ratings with 95% confidence intervals', `${rows.length} rated models, highest first. Where two whiskers overlap, the votes cannot yet tell those models apart.`) +
		body +
		'</svg>'
	);
}

// ---------------------------------------------------------------------------
// Cost against quality

export interface CostQualityPoint {
	model: string;
	/** Cost: median USD per answer, or output USD per 1M tokens. */
	x: number;
	/** Rating, or mean score. */
	y: number;
}

export interface CostQualityData {
	cost: 'answer' | 'output-price';
	quality: 'rating' | 'score';
	points: CostQualityPoint[];
	/** The frontier's points, cheapest first. */
	frontier: CostQualityPoint[];
}

/**
 * The points for the scatter, or null when no model has a price. Cost is the
 * median measured cost of an answer; a board with prices but no stored costs
 * falls back on the output price, which the value column was divided by.
 * Quality is the rating when any priced model has one, else the mean score.
 */
export function costQualityData(board: Leaderboard): CostQualityData | null {
	const cost: CostQualityData['cost'] = board.rows.some(row => row.median_cost_usd !== null) ? 'answer' : 'output-price';
	const costOf = (row: LeaderboardRow): number | null => {
		if (cost === 'answer') return row.median_cost_usd;
		// value = mean_score ÷ output price, so the price comes back out of it.
		return row.value !== null && row.value > 0 && row.mean_score !== null ? row.mean_score / row.value : null;
	};
	const priced = board.rows.filter(row => costOf(row) !== null);
	if (priced.length === 0) return null;

	const quality: CostQualityData['quality'] = priced.some(row => row.rating !== null) ? 'rating' : 'score';
	const points = priced
		.map(row => ({model: row.model, x: costOf(row)!, y: (quality === 'rating' ? row.rating : row.mean_score)!}))
		.filter(point => point.y !== null && Number.isFinite(point.x) && Number.isFinite(point.y));
	if (points.length === 0) return null;
	return {cost, quality, points, frontier: paretoFrontier(points)};
}

interface Box {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

function overlaps(a: Box, b: Box): boolean {
	return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

export function costQualityChart(data: CostQualityData): string {
	const width = 960;
	const height = 440;
	const left = 70;
	const right = width - 28;
	const top = 20;
	const bottom = height - 58;
	const xs = data.points.map(point => point.x);
	const ys = data.points.map(point => point.y);
	const low = Math.min(...xs);
	const high = Math.max(...xs);
	// Prices spread over orders of magnitude; a linear axis would pile the cheap models on top of each other.
	const x = low > 0 && high / low >= 20 ? logScale(low, high, left, right) : linearScale(low, high, left, right, {includeZero: true, minimumSpan: low > 0 ? low : 0.0001});
	const y = linearScale(Math.min(...ys), Math.max(...ys), bottom, top, {minimumSpan: data.quality === 'rating' ? 40 : 1});
	const formatCost = (value: number) => (data.cost === 'answer' ? formatUsd(value) : `$${Number(value.toPrecision(3))}`);
	const formatQuality = data.quality === 'rating' ? wholeNumber : (value: number) => value.toFixed(1);

	let body = verticalAxis(y, left, right, formatQuality);
	body += horizontalAxis(x, top, bottom, formatCost);
	const xTitle = `${data.cost === 'answer' ? 'median cost per answer' : 'output price per 1M tokens'} (USD${x.kind === 'log' ? ', log scale' : ''}) → cheaper to the left`;
	body += text((left + right) / 2, height - 12, htmlText(xTitle), 'axis-title', 'middle');
	body += `<text class="axis-title" x="16" y="${svgNumber((top + bottom) / 2)}" text-anchor="middle" transform="rotate(-90 16 ${svgNumber((top + bottom) / 2)})">${data.quality === 'rating' ? 'rating' : 'mean score (0–10)'} → better up</text>`;

	if (data.frontier.length > 1) {
		const path = data.frontier.map(point => `${svgNumber(x.at(point.x))},${svgNumber(y.at(point.y))}`).join(' ');
		body += `<polyline class="frontier-line" points="${path}"/>`;
	}

	const onFrontier = new Set(data.frontier);
	const placed: Box[] = data.points.map(point => ({left: x.at(point.x) - 7, right: x.at(point.x) + 7, top: y.at(point.y) - 7, bottom: y.at(point.y) + 7}));
	let labels = '';
	// Draw the frontier last so its points sit on top of the others.
	const ordered = [...data.points.filter(point => !onFrontier.has(point)), ...data.frontier];
	for (const point of ordered) {
		const cx = x.at(point.x);
		const cy = y.at(point.y);
		const frontier = onFrontier.has(point);
		const hover = `${point.model}: ${data.quality} ${formatQuality(point.y)}, ${formatCost(point.x)} ${data.cost === 'answer' ? 'per answer' : 'per 1M output tokens'}${frontier ? ' · on the Pareto frontier' : ''}`;
		body += `<g class="point${frontier ? ' frontier' : ''}"><title>${htmlText(hover)}</title><circle cx="${svgNumber(cx)}" cy="${svgNumber(cy)}" r="${frontier ? 6.5 : 5.5}"/></g>`;

		// Labels go right of the point, else left, above or below, whichever does not cover another label or point.
		const name = shortName(point.model, 30);
		const labelLength = [...name].length * CHARACTER_WIDTH;
		const candidates: Array<{box: Box; x: number; y: number; anchor: 'start' | 'end' | 'middle'}> = [
			{x: cx + 10, y: cy + 4, anchor: 'start', box: {left: cx + 10, right: cx + 10 + labelLength, top: cy - 8, bottom: cy + 6}},
			{x: cx - 10, y: cy + 4, anchor: 'end', box: {left: cx - 10 - labelLength, right: cx - 10, top: cy - 8, bottom: cy + 6}},
			{x: cx, y: cy - 12, anchor: 'middle', box: {left: cx - labelLength / 2, right: cx + labelLength / 2, top: cy - 24, bottom: cy - 10}},
			{x: cx, y: cy + 22, anchor: 'middle', box: {left: cx - labelLength / 2, right: cx + labelLength / 2, top: cy + 10, bottom: cy + 24}},
		];
		const inside = (box: Box) => box.left >= left && box.right <= width - 4 && box.top >= 0 && box.bottom <= bottom;
		const free = candidates.find(candidate => inside(candidate.box) && !placed.some(box => overlaps(box, candidate.box)));
		const chosen = free ?? candidates.find(candidate => inside(candidate.box)) ?? candidates[0]!;
		placed.push(chosen.box);
		labels += text(chosen.x, chosen.y, htmlText(name), frontier ? 'point-label frontier' : 'point-label', chosen.anchor);
	}

	const description = `${data.points.length} priced ${data.points.length === 1 ? 'model' : 'models'}; on the Pareto frontier: ${data.frontier.map(point => point.model).join(', ')}.`;
	return svgOpen('cost-chart', width, height, 'Cost against quality', description) + body + labels + '</svg>';
}

// ---------------------------------------------------------------------------
// Speed

export interface SpeedBar {
	model: string;
	value: number;
}

/** One horizontal bar per model, best first; `format` writes the value at the bar's end. */
export function barChart(id: string, title: string, bars: readonly SpeedBar[], format: (value: number) => string, className: string): string {
	const width = 500;
	const rowHeight = 26;
	const top = 8;
	const labels = labelWidth(bars.map(bar => bar.model), 26);
	const left = labels + 16;
	const right = width - 70;
	const bottom = top + bars.length * rowHeight;
	const height = bottom + 26;
	const x = linearScale(0, Math.max(...bars.map(bar => bar.value)), left, right, {targetTicks: 4, minimumSpan: 1e-9, includeZero: true});

	let body = horizontalAxis(x, top, bottom, value => format(value));
	bars.forEach((bar, index) => {
		const y = top + index * rowHeight;
		const end = x.at(bar.value);
		body += `<g class="bar-row"><title>${htmlText(`${bar.model}: ${format(bar.value)}`)}</title>`;
		body += text(labels + 6, y + rowHeight / 2 + 4, htmlText(shortName(bar.model, 26)), 'label', 'end');
		body += `<rect class="bar ${className}" x="${svgNumber(left)}" y="${svgNumber(y + 5)}" width="${svgNumber(Math.max(1.5, end - left))}" height="${svgNumber(rowHeight - 10)}" rx="3"/>`;
		body += text(end + 6, y + rowHeight / 2 + 4, htmlText(format(bar.value)), 'value');
		body += '</g>';
	});

	return svgOpen(id, width, height, title, `${bars.length} ${bars.length === 1 ? 'model' : 'models'}, best first.`, 'chart bars') + body + '</svg>';
}

/** Time to first token (fastest first) and decode speed (fastest first), for the models that answered. */
export function speedCharts(board: Leaderboard): {ttft: string | null; tokensPerSecond: string | null} {
	const ttft = board.rows
		.filter(row => row.median_ttft_ms !== null)
		.map(row => ({model: row.model, value: row.median_ttft_ms!}))
		.sort((a, b) => a.value - b.value);
	const speed = board.rows
		.filter(row => row.median_tokens_per_s !== null)
		.map(row => ({model: row.model, value: row.median_tokens_per_s!}))
		.sort((a, b) => b.value - a.value);
	return {
		ttft: ttft.length === 0 ? null : barChart('ttft-chart', 'Median time to first token (lower is better)', ttft, value => formatMilliseconds(value), 'ttft'),
		tokensPerSecond: speed.length === 0 ? null : barChart('speed-chart', 'Median tokens per second (higher is better)', speed, value => `${Number(value.toFixed(value >= 100 ? 0 : 1))}`, 'speed'),
	};
}

// ---------------------------------------------------------------------------
// Head-to-head heat map

/**
 * A win rate's shade: which side of even it falls on, and how far, in
 * HEAT_LEVELS steps (level 0 is an even record). Steps rather than a smooth
 * ramp, so each step's text colour can be chosen for contrast in both schemes.
 */
export function heatShade(winRate: number): {side: 'win' | 'loss' | 'even'; level: number} {
	const distance = Math.min(1, Math.abs(winRate - 0.5) * 2);
	const level = Math.min(HEAT_LEVELS, Math.ceil(distance * HEAT_LEVELS - 1e-9));
	if (level === 0) return {side: 'even', level: 0};
	return {side: winRate > 0.5 ? 'win' : 'loss', level};
}

/** Rows are models in board order, columns their opponents (#1, #2… as the rows are numbered). */
export function headToHeadHeatmap(matrix: HeadToHeadMatrix): string {
	const count = matrix.models.length;
	const cell = count <= 6 ? 60 : count <= 10 ? 48 : count <= 15 ? 40 : 34;
	const labels = labelWidth(matrix.models, LABEL_CHARACTERS, 4);
	const left = labels + 14;
	const top = 30;
	const width = left + count * cell + 8;
	const height = top + count * cell + 8;
	const fontClass = cell < 44 ? 'cell-text small' : 'cell-text';

	let body = '';
	matrix.models.forEach((model, column) => {
		body += `<g><title>${htmlText(`#${column + 1} ${model}`)}</title>${text(left + column * cell + cell / 2, top - 10, `#${column + 1}`, 'tick column-head', 'middle')}</g>`;
	});
	matrix.models.forEach((model, row) => {
		const y = top + row * cell;
		body += `<g><title>${htmlText(`#${row + 1} ${model}`)}</title>${text(labels + 6, y + cell / 2 + 4, `<tspan class="rank">#${row + 1}</tspan> ${htmlText(shortName(model, LABEL_CHARACTERS))}`, 'label', 'end')}</g>`;
		matrix.records[row]!.forEach((record, column) => {
			const x = left + column * cell;
			const box = `x="${svgNumber(x + 1.5)}" y="${svgNumber(y + 1.5)}" width="${svgNumber(cell - 3)}" height="${svgNumber(cell - 3)}" rx="4"`;
			const centreX = x + cell / 2;
			const centreY = y + cell / 2 + 4;
			if (row === column) {
				body += `<rect class="cell diagonal" ${box}/>`;
				return;
			}

			const opponent = matrix.models[column]!;
			if (record === null) {
				body += `<g><title>${htmlText(`${model} and ${opponent} have not met`)}</title><rect class="cell none" ${box}/>${text(centreX, centreY, '—', 'cell-text none')}</g>`;
				return;
			}

			const shade = heatShade(record.win_rate);
			const percent = Math.round(record.win_rate * 100);
			const tied = record.ties > 0 ? `, tied ${record.ties}` : '';
			const hover = `${model} vs ${opponent}: won ${record.wins}, lost ${record.losses}${tied} of ${record.battles} ${record.battles === 1 ? 'battle' : 'battles'} (${percent}%)`;
			body += `<g class="heat"><title>${htmlText(hover)}</title>`;
			const shadeClass = shade.side === 'even' ? 'even' : `${shade.side}-${shade.level}`;
			body += `<rect class="cell ${shadeClass}" ${box}/>`;
			// "100%" does not fit a small cell; the lede and the hover say the numbers are percentages.
			body += text(centreX, centreY, cell < 44 ? String(percent) : `${percent}%`, `${fontClass} ink-${Math.max(1, shade.level)}`, 'middle');
			body += '</g>';
		});
	});

	return (
		svgOpen('head-to-head', width, height, "Head-to-head: row's win rate against column", `${count} rated models; each cell is the row model's share of wins against the column model. Hover a cell for the battles behind it.`, 'chart heatmap') +
		body +
		'</svg>'
	);
}
