import {describe, expect, it} from 'vitest';
import {categoryRating, loadCategoryLeaderboards, renderCategoryReport} from '../../source/core/leaderboard-categories.js';
import {loadLeaderboard} from '../../source/core/leaderboard.js';
import {judgedRuns} from '../helpers/judged-votes.js';
import {useTemporaryStore} from '../store/fixtures/store-test-kit.js';

const store = useTemporaryStore();

/**
 * k:coder wins coding 8–2 against k:writer and loses writing 2–8; k:poet only
 * ever wrote (6–4 against k:writer). Two uncategorized votes, and a named vote
 * in coding that must not count.
 */
function votesByCategory(): void {
	judgedRuns(store(), 8, 'k:coder', 'k:writer', 'model_a', {category: 'coding'});
	judgedRuns(store(), 2, 'k:writer', 'k:coder', 'model_a', {category: 'coding'});
	judgedRuns(store(), 8, 'k:writer', 'k:coder', 'model_a', {category: 'writing'});
	judgedRuns(store(), 2, 'k:coder', 'k:writer', 'model_a', {category: 'writing'});
	judgedRuns(store(), 6, 'k:poet', 'k:writer', 'model_a', {category: 'writing'});
	judgedRuns(store(), 4, 'k:writer', 'k:poet', 'model_a', {category: 'writing'});
	judgedRuns(store(), 2, 'k:coder', 'k:poet', 'tie');
	judgedRuns(store(), 5, 'k:writer', 'k:coder', 'model_a', {category: 'coding', mode: 'named'});
}

describe('ratings by category', () => {
	it('rates each category on its own votes, beside the overall rating', () => {
		votesByCategory();
		const boards = loadCategoryLeaderboards(store(), {}, {bootstrapRounds: 100});
		expect(boards.categories).toEqual(['coding', 'writing']);
		expect(boards.uncategorized_votes).toBe(2);

		const coding = boards.ratings.get('coding')!;
		expect(coding.rows.map(row => row.model)).toEqual(['k:coder', 'k:writer']);
		// The named coding vote stays out: 10 blind coding votes, 8–2.
		expect(categoryRating(boards, 'k:coder', 'coding')).toMatchObject({battles: 10});
		expect(coding.rows[0]).toMatchObject({wins: 8, losses: 2});
		const writing = boards.ratings.get('writing')!;
		expect(writing.rows.at(-1)!.model).toBe('k:coder');
		expect(categoryRating(boards, 'k:poet', 'coding')).toEqual({rating: null, ci_low: null, ci_high: null, battles: 0});

		// The overall board is the plain one, all categories together.
		const overall = loadLeaderboard(store(), {}, {bootstrapRounds: 100});
		expect(boards.overall.rows.map(row => [row.model, row.battles])).toEqual(overall.rows.map(row => [row.model, row.battles]));
		expect(boards.overall.votes).toBe(32);
	});

	it('counts named votes in each category once they are included', () => {
		votesByCategory();
		const boards = loadCategoryLeaderboards(store(), {includeNamed: true}, {bootstrapRounds: 0});
		expect(categoryRating(boards, 'k:coder', 'coding').battles).toBe(15);
	});

	it('prints models down and categories across, — where a model has no votes in a category', () => {
		votesByCategory();
		const boards = loadCategoryLeaderboards(store(), {}, {bootstrapRounds: 100});
		const text = renderCategoryReport(boards, 'table');
		const lines = text.split('\n');
		expect(lines[0]).toMatch(/^#\s+model\s+overall\s+coding\s+writing$/);
		const poet = lines.find(line => line.includes('k:poet'))!;
		const coder = lines.find(line => line.includes('k:coder'))!;
		const codingRating = Math.round(categoryRating(boards, 'k:coder', 'coding').rating!);
		expect(coder).toMatch(new RegExp(`\\b${codingRating} \\+\\d+/-\\d+ \\(10\\)`));
		expect(poet).toMatch(/\(12\)\s+—\s+\d+ \+\d+\/-\d+ \(10\)$/);
		expect(text).toContain('2 votes have no category and count in overall only');
		expect(text).toContain('32 blind votes (5 named left out; --include-named to add them)');

		const markdown = renderCategoryReport(boards, 'md');
		expect(markdown.split('\n')[0]).toBe('| # | model | overall | coding | writing |');
	});

	it('gives JSON rows a ratings_by_category object with every category', () => {
		votesByCategory();
		const boards = loadCategoryLeaderboards(store(), {}, {bootstrapRounds: 100});
		const rows = JSON.parse(renderCategoryReport(boards, 'json')) as Array<Record<string, unknown>>;
		const poet = rows.find(row => row['model'] === 'k:poet')!;
		expect(Object.keys(poet['ratings_by_category'] as object)).toEqual(['coding', 'writing']);
		expect((poet['ratings_by_category'] as Record<string, unknown>)['coding']).toEqual({rating: null, ci_low: null, ci_high: null, battles: 0});
		const coderCoding = (rows.find(row => row['model'] === 'k:coder')!['ratings_by_category'] as Record<string, Record<string, number>>)['coding']!;
		expect(coderCoding).toMatchObject({battles: 10});
		expect(coderCoding['ci_low']).toBeLessThanOrEqual(coderCoding['rating']!);
		expect(coderCoding['ci_high']).toBeGreaterThanOrEqual(coderCoding['rating']!);

		const csv = renderCategoryReport(boards, 'csv').split('\r\n');
		expect(csv[0]).toMatch(/,rating:coding,ci_low:coding,ci_high:coding,battles:coding,rating:writing,/);
	});
});
