/**
 * `arena leaderboard --by-category`: a rating per prompt category, side by side
 * with the overall one. Each category is rated on its own votes only, so a
 * column compares models within that category; a model that never met another
 * in a category has no rating there.
 */

import {renderCsv, renderJson, renderMarkdownTable, renderPlainTable, type TextTable} from './format-table.js';
import {
	EMPTY_CELL,
	formatInterval,
	type Leaderboard,
	LEADERBOARD_ROW_KEYS,
	type LeaderboardOptions,
	type LeaderboardQuery,
	type LeaderboardSource,
	type LeaderboardTextFormat,
	loadLeaderboard,
	queryScope,
	type StoredBattle,
	type VoteFilter,
} from './leaderboard.js';
import {censusNote, type LeaderboardJsonRow, leaderboardJsonRows, leaderboardStats, markdownText, type LeaderboardStats} from './leaderboard-report.js';
import {computeRatings, type RatingReport} from './rating.js';

/** A stored vote with its prompt's category. */
export interface CategorizedBattle extends StoredBattle {
	category: string | null;
}

/** A store that can also hand over whole votes; the history store's `votes()` does. */
export interface CategorySource extends LeaderboardSource {
	/** Oldest first. */
	votes(filter: VoteFilter): readonly CategorizedBattle[];
}

/** One model's rating in one category. Null (and 0 battles) when it has no votes there. */
export interface CategoryRating {
	rating: number | null;
	ci_low: number | null;
	ci_high: number | null;
	battles: number;
}

export interface CategoryLeaderboards {
	overall: Leaderboard;
	/** Categories with at least one counted vote, in code-point order. */
	categories: string[];
	/** Each category's own fit. */
	ratings: ReadonlyMap<string, RatingReport>;
	/** Counted votes without a category: they rate models in `overall` only. */
	uncategorized_votes: number;
}

/**
 * Splits the counted votes by category and rates each on its own, with the
 * overall board's bootstrap and --min-battles settings. `battles` must be the
 * votes `overall` counted (oldest first).
 */
export function buildCategoryLeaderboards(
	overall: Leaderboard,
	battles: readonly CategorizedBattle[],
	options: LeaderboardOptions = {},
): CategoryLeaderboards {
	const byCategory = new Map<string, CategorizedBattle[]>();
	let uncategorized = 0;
	for (const battle of battles) {
		if (battle.category === null || battle.category === '') {
			uncategorized++;
			continue;
		}
		let list = byCategory.get(battle.category);
		if (!list) byCategory.set(battle.category, (list = []));
		list.push(battle);
	}

	const categories = [...byCategory.keys()].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
	const ratings = new Map<string, RatingReport>();
	for (const category of categories) {
		ratings.set(
			category,
			computeRatings(byCategory.get(category)!, {bootstrapRounds: options.bootstrapRounds, seed: options.seed, minBattles: options.minBattles}),
		);
	}
	return {overall, categories, ratings, uncategorized_votes: uncategorized};
}

/** The overall board and one fit per category, under the same vote rules (`query.category` must be unset). */
export function loadCategoryLeaderboards(source: CategorySource, query: LeaderboardQuery = {}, options: LeaderboardOptions = {}): CategoryLeaderboards {
	if (query.category !== undefined) throw new RangeError('a board by category cannot also be narrowed to one category');
	const overall = loadLeaderboard(source, query, options);
	const votes = source.votes({
		...queryScope(query),
		includeNamed: query.includeNamed ?? false,
		includeFlagged: query.includeFlagged ?? false,
	});
	return buildCategoryLeaderboards(overall, votes, options);
}

export function categoryRating(boards: CategoryLeaderboards, model: string, category: string): CategoryRating {
	const found = boards.ratings.get(category)?.rows.find(row => row.model === model);
	return found
		? {rating: found.rating, ci_low: found.ci_low, ci_high: found.ci_high, battles: found.battles}
		: {rating: null, ci_low: null, ci_high: null, battles: 0};
}

/** "1043 +18/-21 (40)": rating, its 95% interval and the votes behind it. */
export function categoryCell(rating: CategoryRating): string {
	if (rating.rating === null) return EMPTY_CELL;
	return `${Math.round(rating.rating)} ${formatInterval(rating)} (${rating.battles})`;
}

export type CategoryJsonRow = LeaderboardJsonRow & {
	/** Every category of the board, a null rating where the model has no votes in it. */
	ratings_by_category: Record<string, CategoryRating>;
};

export function categoryJsonRows(boards: CategoryLeaderboards): CategoryJsonRow[] {
	return leaderboardJsonRows(boards.overall).map(row => ({
		...row,
		ratings_by_category: Object.fromEntries(boards.categories.map(category => [category, categoryRating(boards, row.model, category)])),
	}));
}

export interface CategoryStats extends Omit<LeaderboardStats, 'rows'> {
	rows: CategoryJsonRow[];
	categories: string[];
	uncategorized_votes: number;
}

/** One row per rated model in the overall order: its overall rating, then one column per category. */
export function categoryTextTable(boards: CategoryLeaderboards): TextTable {
	const rated = boards.overall.rows.filter(row => row.rating !== null);
	return {
		headers: ['#', 'model', 'overall', ...boards.categories],
		align: ['right', 'left', 'right', ...boards.categories.map(() => 'right' as const)],
		rows: rated.map((row, index) => [
			String(index + 1),
			row.model,
			categoryCell({rating: row.rating, ci_low: row.ci_low, ci_high: row.ci_high, battles: row.battles}),
			...boards.categories.map(category => categoryCell(categoryRating(boards, row.model, category))),
		]),
	};
}

/**
 * `--by-category` in each format: the side-by-side table and its notes for
 * people; the overall rows with `ratings_by_category` in JSON (with `stats`, the
 * `--stats` object plus `categories`); in CSV the row keys then four columns per
 * category (`rating:C`, `ci_low:C`, `ci_high:C`, `battles:C`).
 */
export function renderCategoryReport(boards: CategoryLeaderboards, format: LeaderboardTextFormat, options: {stats?: boolean} = {}): string {
	switch (format) {
		case 'json': {
			if (!options.stats) return renderJson(categoryJsonRows(boards));
			const stats: CategoryStats = {
				...leaderboardStats(boards.overall),
				rows: categoryJsonRows(boards),
				categories: boards.categories,
				uncategorized_votes: boards.uncategorized_votes,
			};
			return renderJson(stats);
		}
		case 'csv':
			return renderCategoryCsv(boards);
		case 'table':
		case 'md': {
			const lines = categoryNotes(boards);
			const table = format === 'md' ? renderMarkdownTable(categoryTextTable(boards)) : renderPlainTable(categoryTextTable(boards));
			const notes = format === 'md' ? lines.map(line => `- ${markdownText(line)}`) : lines;
			return `${table}\n${notes.join('\n')}\n`;
		}
	}
}

function categoryNotes(boards: CategoryLeaderboards): string[] {
	const lines = ['each cell: rating +/- its 95% CI (votes); each category is rated on its own votes, so compare within a column'];
	if (boards.categories.length === 0) lines.push('no counted vote has a category yet; `arena battle --category C` or a suite sets one');
	if (boards.uncategorized_votes > 0) {
		const votes = boards.uncategorized_votes;
		lines.push(`${votes.toLocaleString('en-US')} ${votes === 1 ? 'vote has' : 'votes have'} no category and count in overall only`);
	}
	const census = censusNote(boards.overall.census, boards.overall.votes);
	if (census !== null) lines.push(census);
	return lines;
}

function renderCategoryCsv(boards: CategoryLeaderboards): string {
	const categoryKeys = boards.categories.flatMap(category => ['rating', 'ci_low', 'ci_high', 'battles'].map(key => `${key}:${category}`));
	const records: unknown[][] = boards.overall.rows.map(row => [
		...LEADERBOARD_ROW_KEYS.map(key => row[key]),
		...boards.categories.flatMap(category => {
			const rating = categoryRating(boards, row.model, category);
			return [rating.rating, rating.ci_low, rating.ci_high, rating.battles];
		}),
	]);
	return renderCsv([...LEADERBOARD_ROW_KEYS, ...categoryKeys], records);
}
