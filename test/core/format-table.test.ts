import {describe, expect, it} from 'vitest';
import {
	csvField,
	renderCsv,
	renderJson,
	renderMarkdownTable,
	renderObjectsCsv,
	renderPlainTable,
	textWidth,
	truncateText,
} from '../../source/core/format-table.js';
import {buildLeaderboard, renderLeaderboard} from '../../source/core/leaderboard.js';

/**
 * An RFC 4180 reader written for the test, independent of the writer: fields
 * split on commas, quoted fields may hold commas, CRLF and doubled quotes.
 */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let index = 0;
	let quoted = false;
	while (index < text.length) {
		const character = text[index]!;
		if (quoted) {
			if (character === '"' && text[index + 1] === '"') {
				field += '"';
				index += 2;
				continue;
			}
			if (character === '"') {
				quoted = false;
				index++;
				continue;
			}
			field += character;
			index++;
			continue;
		}
		if (character === '"' && field === '') {
			quoted = true;
			index++;
		} else if (character === ',') {
			record.push(field);
			field = '';
			index++;
		} else if (character === '\r' && text[index + 1] === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			index += 2;
		} else {
			if (character === '"' || character === '\n' || character === '\r') throw new Error(`bare ${JSON.stringify(character)} at ${index}`);
			field += character;
			index++;
		}
	}
	if (quoted) throw new Error('unterminated quoted field');
	if (field !== '' || record.length > 0) throw new Error('last record does not end in CRLF');
	return records;
}

const awkwardNames = ['plain:model', 'comma, inside', 'say "hi"', 'two\nlines', 'crlf\r\nhere', ' padded ', '"', ''];

describe('CSV (RFC 4180)', () => {
	it('round-trips commas, quotes, newlines and spaces in fields through an independent reader', () => {
		const csv = renderCsv(['name', 'n'], awkwardNames.map((name, index) => [name, index]));
		expect(parseCsv(csv)).toEqual([['name', 'n'], ...awkwardNames.map((name, index) => [name, String(index)])]);
	});

	it('ends every record with CRLF and quotes only fields that need it', () => {
		const csv = renderCsv(['a', 'b'], [['x', 'y,z']]);
		expect(csv).toBe('a,b\r\nx,"y,z"\r\n');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('plain')).toBe('plain');
	});

	it('writes null as an empty field and numbers at full precision', () => {
		expect(renderObjectsCsv(['rating', 'value'], [{rating: 1012.345678912345, value: null}])).toBe('rating,value\r\n1012.345678912345,\r\n');
		expect(csvField(Number.NaN)).toBe('');
		expect(csvField(true)).toBe('true');
	});

	it('keeps model names with commas, quotes and newlines intact in the leaderboard export', () => {
		const names = ['odd, "quoted"\nname', 'plain:model'];
		const board = buildLeaderboard([{model_a: names[0]!, model_b: names[1]!, winner: 'model_a'}], [], {bootstrapRounds: 0});
		const records = parseCsv(renderLeaderboard(board, 'csv'));
		const modelColumn = records[0]!.indexOf('model');
		expect(records.slice(1).map(record => record[modelColumn])).toEqual(names);
		expect(records.every(record => record.length === records[0]!.length)).toBe(true);
	});
});

describe('Markdown', () => {
	it('is a GitHub table: header, delimiter with alignment, one line per row', () => {
		const markdown = renderMarkdownTable({
			headers: ['model', 'rating'],
			align: ['left', 'right'],
			rows: [
				['a|b', '1012'],
				['two\nlines', '988'],
			],
		});
		const lines = markdown.trimEnd().split('\n');
		expect(lines).toEqual(['| model | rating |', '| --- | ---: |', '| a\\|b | 1012 |', '| two lines | 988 |']);
	});

	it('gives the leaderboard the same number of cells on every line', () => {
		const board = buildLeaderboard(
			[
				{model_a: 'x:one', model_b: 'x:two', winner: 'model_a'},
				{model_a: 'x:two', model_b: 'x:one', winner: 'tie'},
			],
			[],
			{bootstrapRounds: 10},
		);
		const lines = renderLeaderboard(board, 'md').trimEnd().split('\n');
		expect(lines).toHaveLength(2 + 2);
		const cellCounts = lines.map(line => line.split(/(?<!\\)\|/).length);
		expect(new Set(cellCounts).size).toBe(1);
		expect(lines[0]).toMatch(/^\| rank \| model \| rating \| 95% CI \|/);
	});
});

describe('plain tables', () => {
	it('align columns by display width, wide characters included, without trailing spaces', () => {
		const text = renderPlainTable({
			headers: ['model', 'tok/s'],
			align: ['left', 'right'],
			rows: [
				['模型:大', '12.5'],
				['ascii:model', '7.0'],
			],
		});
		const lines = text.trimEnd().split('\n');
		expect(new Set(lines.map(textWidth)).size).toBe(1);
		expect(lines.every(line => line === line.trimEnd())).toBe(true);
		expect(lines[1]!.endsWith('12.5')).toBe(true);
	});

	it('strip terminal control sequences from cells', () => {
		const text = renderPlainTable({headers: ['model'], rows: [['evil\u001B]0;pwned\u0007:model\u001B[2J']]});
		expect(text).not.toContain('\u001B');
		expect(text).toContain('evil:model');
	});

	it('cut long text by display width with an ellipsis', () => {
		expect(truncateText('abcdefgh', 5)).toBe('abcd…');
		expect(textWidth(truncateText('模型模型模型', 5))).toBeLessThanOrEqual(5);
		expect(truncateText('short', 10)).toBe('short');
	});
});

describe('JSON', () => {
	it('gives each leaderboard row the documented snake_case keys', () => {
		const board = buildLeaderboard([{model_a: 'j:a', model_b: 'j:b', winner: 'model_b'}], [], {bootstrapRounds: 5});
		const rows = JSON.parse(renderLeaderboard(board, 'json')) as Array<Record<string, unknown>>;
		expect(rows).toHaveLength(2);
		for (const key of [
			'model', 'rating', 'ci_low', 'ci_high', 'rank_ub', 'battles', 'wins', 'losses', 'ties', 'win_rate', 'elo',
			'mean_score', 'scored_answers', 'median_ttft_ms', 'median_tokens_per_s', 'p50_total_ms', 'p99_total_ms',
			'answers', 'failed', 'median_cost_usd', 'value',
		]) {
			expect(rows[0]).toHaveProperty(key);
		}
		expect(rows[0]).toMatchObject({model: 'j:b', wins: 1, battles: 1});
	});

	it('writes non-finite numbers as null instead of invalid JSON', () => {
		expect(JSON.parse(renderJson({a: Number.POSITIVE_INFINITY, b: 1}))).toEqual({a: null, b: 1});
	});
});
