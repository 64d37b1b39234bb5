import {existsSync, mkdtempSync, copyFileSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {chromium, type Browser, type Page} from 'playwright-core';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {buildLeaderboard, emptyCensus, loadLeaderboard, type Leaderboard} from '../../source/core/leaderboard.js';
import {paretoFrontier, renderHtmlReport} from '../../source/report/html-report.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {judgedRuns} from '../helpers/judged-votes.js';
import {temporaryDirectories} from '../store/fixtures/store-test-kit.js';
import {sampleAnswers, sampleBoard, SIX_MODELS, type SampleModel} from './fixtures/sample-board.js';

const generatedAt = new Date('2025-06-01T14:03:09Z');
const directories = temporaryDirectories();
afterEach(() => directories.cleanup());

/** The tag names the report is made of; anything else in the output was injected. */
const REPORT_TAGS = new Set([
	'!doctype', 'html', 'head', 'meta', 'link', 'title', 'style', 'body', 'div', 'header', 'main', 'footer', 'section', 'h1', 'h2', 'h3', 'p', 'span', 'strong', 'code', 'time', 'dl', 'dt', 'dd',
	'ul', 'li', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'svg', 'desc', 'g', 'rect', 'line', 'circle', 'text', 'tspan', 'polyline',
]);

function tagNames(html: string): Set<string> {
	return new Set([...html.matchAll(/<\/?([!a-zA-Z][a-zA-Z0-9-]*)/g)].map(match => match[1]!.toLowerCase()));
}

/** Text between the opening tag with this id and the end of its section. */
function section(html: string, id: string): string {
	const start = html.indexOf(`<section class="card" id="${id}">`);
	expect(start, `no section #${id}`).toBeGreaterThanOrEqual(0);
	return html.slice(start, html.indexOf('</section>', start));
}

function decodeEntities(text: string): string {
	return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Models named in the "Frontier, cheapest first" line, in order. */
function frontierModels(html: string): string[] {
	const line = /<p class="frontier-list">([\s\S]*?)<\/p>/.exec(html);
	expect(line, 'no frontier line').not.toBeNull();
	return [...line![1]!.matchAll(/<strong>(.*?)<\/strong>/g)].map(match => decodeEntities(match[1]!));
}

/** Models with N sample models each playing the others, for boards of any size. */
function manyModels(count: number): SampleModel[] {
	return Array.from({length: count}, (_, index) => ({
		...SIX_MODELS[index % SIX_MODELS.length]!,
		model: `${SIX_MODELS[index % SIX_MODELS.length]!.model}-v${index}`,
		strength: 850 + index * 15,
	}));
}

describe('renderHtmlReport', () => {
	it('escapes every model name and the title, so no name can add markup', () => {
		const store = openHistoryStore(path.join(directories.make(), 'arena.db'));
		const evil = 'x:<script>alert(1)</script>';
		const quoted = `y:"quoted" & 'single' <b>`;
		const controls = 'z:red\u001B[31m\u202Eevil\u0007\nname';
		judgedRuns(store, 3, evil, quoted, 'model_a');
		judgedRuns(store, 2, quoted, controls, 'model_b');
		judgedRuns(store, 1, controls, evil, 'tie');
		const board = loadLeaderboard(store, {}, {bootstrapRounds: 20});
		store.close();

		const html = renderHtmlReport(board, {generatedAt, title: 'My </title><script>alert(2)</script> board'});
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/<b>/);
		expect([...tagNames(html)].filter(tag => !REPORT_TAGS.has(tag))).toEqual([]);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&quot;quoted&quot; &amp; &#39;single&#39; &lt;b&gt;');
		expect(html).toContain('<title>My &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt; board</title>');
		// Control characters and bidi overrides are gone; the newline became a space.
		expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
		expect(html).toContain('redevil name');
		// Every quoted attribute still closes where it should: no attribute value contains a raw quote or bracket.
		for (const [, value] of html.matchAll(/="([^"]*)"/g)) expect(value).not.toMatch(/[<>]/);
	});

	it('shows the table, the rating chart, cost vs quality, speed, the head-to-head map, the time and the votes', () => {
		const board = sampleBoard();
		const html = renderHtmlReport(board, {generatedAt});
		const rated = board.rows.filter(row => row.rating !== null);
		expect(rated).toHaveLength(6);

		const table = section(html, 'leaderboard');
		expect(table.match(/<tr[ >]/g)).toHaveLength(1 + board.rows.length);
		for (const header of ['Rank', 'Model', 'Rating', 'Votes', 'W-L-T', 'Win rate', 'Score', 'TTFT', 'Tok/s', 'p99 total', '$/answer', 'Value']) {
			expect(table).toContain(`>${header}</th>`);
		}
		const top = board.rows[0]!;
		expect(table).toContain(`<strong>${Math.round(top.rating!)}</strong>`);
		expect(table).toContain(`${top.wins}-${top.losses}-${top.ties}`);

		const ratings = section(html, 'ratings');
		expect(ratings.match(/<circle class="dot"/g)).toHaveLength(6);
		expect(ratings.match(/class="whisker"/g)).toHaveLength(6 * 3);

		const cost = section(html, 'cost');
		expect(cost).toContain('id="cost-chart-title"');
		// Only the four models with prices are plotted.
		expect(cost.match(/<g class="point( frontier)?"/g)).toHaveLength(4);

		const speed = section(html, 'speed');
		expect(speed.match(/class="bar ttft"/g)).toHaveLength(6);
		expect(speed.match(/class="bar speed"/g)).toHaveLength(6);

		const headToHead = section(html, 'head-to-head');
		expect(headToHead.match(/<rect class="cell (win|loss)-\d|<rect class="cell even/g)).toHaveLength(6 * 5);
		expect(headToHead.match(/<rect class="cell diagonal/g)).toHaveLength(6);
		// The battles behind each cell are in its hover title.
		const [first, second] = [rated[0]!.model, rated[1]!.model];
		expect(headToHead).toMatch(new RegExp(`<title>${first} vs ${second}: won \\d+, lost \\d+(, tied \\d+)? of \\d+ battles \\(\\d+%\\)</title>`));

		expect(html).toContain('<time datetime="2025-06-01T14:03:09.000Z"');
		expect(html).toContain('Sunday 1 June 2025, 14:03 UTC');
		expect(html).toContain(`rests on <strong>${board.votes} blind votes</strong>`);
		const notes = section(html, 'notes');
		expect(notes).toContain(`${board.votes} blind votes (3 named and 1 flagged left out`);
		expect(notes).toMatch(/Left side wins \d+% of decided votes/);
	});

	it('marks as the Pareto frontier exactly the priced models that nothing cheaper matches or beats', () => {
		const board = sampleBoard();
		const html = renderHtmlReport(board, {generatedAt});
		const priced = board.rows.filter(row => row.median_cost_usd !== null && row.rating !== null);
		const expected = priced
			.filter(row => !priced.some(other => other !== row && other.median_cost_usd! <= row.median_cost_usd! && other.rating! >= row.rating! && (other.median_cost_usd! < row.median_cost_usd! || other.rating! > row.rating!)))
			.sort((a, b) => a.median_cost_usd! - b.median_cost_usd!)
			.map(row => row.model);
		expect(expected.length).toBeGreaterThanOrEqual(2);
		expect(expected.length).toBeLessThan(priced.length);
		expect(frontierModels(html)).toEqual(expected);
		expect(section(html, 'cost').match(/<g class="point frontier"/g)).toHaveLength(expected.length);
	});

	it('says to add prices instead of drawing cost vs quality when no model has one', () => {
		const board = sampleBoard(SIX_MODELS.map(model => ({...model, costUsd: null, outputPrice: null})));
		const cost = section(renderHtmlReport(board, {generatedAt}), 'cost');
		expect(cost).toContain('add prices to see cost vs quality');
		expect(cost).not.toContain('<svg');
	});

	it('plots the output price when prices are known but no answer cost was stored', () => {
		const models = SIX_MODELS.map(model => ({...model, costUsd: null}));
		const cost = section(renderHtmlReport(sampleBoard(models), {generatedAt}), 'cost');
		expect(cost).toContain('output price per 1M tokens');
		expect(cost.match(/<g class="point( frontier)?"/g)).toHaveLength(SIX_MODELS.filter(model => model.outputPrice !== null).length);
	});

	it('renders an empty board as a valid "no votes yet" page', () => {
		const board: Leaderboard = {...buildLeaderboard([], []), census: emptyCensus()};
		const html = renderHtmlReport(board, {generatedAt});
		expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
		expect(html.trimEnd().endsWith('</html>')).toBe(true);
		expect(html).toContain('<h2>No votes yet</h2>');
		expect(html).toContain('arena battle');
		expect(html).not.toContain('<svg');
		expect(html).not.toContain('<table');
	});

	it('handles one, two and twenty models', () => {
		const oneModel = buildLeaderboard([], sampleAnswers(SIX_MODELS.slice(0, 1)));
		const one = renderHtmlReport(oneModel, {generatedAt});
		expect(section(one, 'leaderboard').match(/<tr[ >]/g)).toHaveLength(2);
		expect(section(one, 'ratings')).toContain('No votes yet');
		expect(one).not.toContain('id="head-to-head"');
		expect(section(one, 'speed').match(/class="bar ttft"/g)).toHaveLength(1);

		const two = renderHtmlReport(sampleBoard(SIX_MODELS.slice(0, 2), 40), {generatedAt});
		expect(section(two, 'ratings').match(/<circle class="dot"/g)).toHaveLength(2);
		expect(section(two, 'head-to-head').match(/<rect class="cell (win|loss|even)/g)).toHaveLength(2);

		const twentyBoard = sampleBoard(manyModels(20), 1500);
		const twenty = renderHtmlReport(twentyBoard, {generatedAt});
		expect(section(twenty, 'leaderboard').match(/<tr[ >]/g)).toHaveLength(21);
		expect(section(twenty, 'ratings').match(/<circle class="dot"/g)).toHaveLength(20);
		// Every ordered pair gets a cell: a record, or a "never met" placeholder.
		expect(section(twenty, 'head-to-head').match(/<rect class="cell (win|loss|even|none)/g)).toHaveLength(20 * 19);
	});

	it('loads nothing: no URL anywhere, a strict CSP, an inline icon, no script', () => {
		const html = renderHtmlReport(sampleBoard(), {generatedAt});
		expect(html).not.toMatch(/https?:\/\//);
		expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:[^"]*">/);
		expect(html).toContain('<link rel="icon" href="data:,">');
		expect(html).not.toMatch(/<script|\bsrc=|url\(|@import|@font-face/i);
		expect(html.match(/<link /g)).toHaveLength(1);
	});

	it('is the same text for the same board and time, and shows the time it was given', () => {
		const board = sampleBoard();
		expect(renderHtmlReport(board, {generatedAt})).toBe(renderHtmlReport(board, {generatedAt}));
		const later = renderHtmlReport(board, {generatedAt: new Date('2026-01-31T23:59:00Z')});
		expect(later).toContain('Saturday 31 January 2026, 23:59 UTC');
		expect(() => renderHtmlReport(board, {generatedAt: new Date('not a date')})).toThrow(RangeError);
	});
});

describe('paretoFrontier', () => {
	it('keeps the points nothing else is at least as cheap and as good as, cheapest first', () => {
		const cheapest = {x: 0.5, y: 1};
		const a = {x: 1, y: 5};
		const aWorse = {x: 1, y: 4.5};
		const b = {x: 2, y: 7};
		const bTwin = {x: 2, y: 7};
		const c = {x: 3, y: 6};
		const d = {x: 2, y: 4};
		const e = {x: 4, y: 9};
		const f = {x: 5, y: 9};
		const nan = {x: Number.NaN, y: 100};
		expect(paretoFrontier([e, c, b, d, aWorse, a, f, cheapest, bTwin, nan])).toEqual([cheapest, a, b, bTwin, e]);
		expect(paretoFrontier([e, c, b, d, aWorse, a, f, cheapest, bTwin, nan])[2]).toBe(b);
	});

	it('is every point when each costlier point is better, and one point when one beats all', () => {
		const rising = [{x: 3, y: 3}, {x: 1, y: 1}, {x: 2, y: 2}];
		expect(paretoFrontier(rising)).toEqual([{x: 1, y: 1}, {x: 2, y: 2}, {x: 3, y: 3}]);
		expect(paretoFrontier([{x: 1, y: 9}, {x: 2, y: 3}, {x: 3, y: 8}])).toEqual([{x: 1, y: 9}]);
		expect(paretoFrontier([])).toEqual([]);
	});
});

// ---------------------------------------------------------------------------
// In a real browser

const CHROMIUM = '/usr/bin/chromium';

describe('the report in headless Chromium', () => {
	let browser: Browser;
	let outputDirectory: string;

	beforeAll(async () => {
		expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`).toBe(true);
		outputDirectory = mkdtempSync(path.join(os.tmpdir(), 'arena-report-'));
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			timeout: 30_000,
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
	}, 40_000);

	afterAll(async () => {
		await browser?.close();
		if (outputDirectory) rmSync(outputDirectory, {recursive: true, force: true});
	});

	/** Opens the report from a file and records every console error, page error, request and dialog. */
	async function openReport(html: string, name: string, viewport = {width: 1200, height: 900}) {
		const file = path.join(outputDirectory, `${name}.html`);
		writeFileSync(file, html);
		const page = await browser.newPage({viewport});
		const problems: string[] = [];
		const requests: string[] = [];
		page.on('console', message => {
			if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
		});
		page.on('pageerror', error => problems.push(`page error: ${error.message}`));
		page.on('dialog', dialog => {
			problems.push(`dialog: ${dialog.message()}`);
			void dialog.dismiss();
		});
		page.on('request', request => requests.push(request.url()));
		await page.goto(pathToFileURL(file).href, {waitUntil: 'load'});
		return {page, problems, requests, url: pathToFileURL(file).href};
	}

	async function backgroundLuminance(page: Page): Promise<number> {
		return page.evaluate(() => {
			const [red, green, blue] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
			return (0.2126 * red! + 0.7152 * green! + 0.0722 * blue!) / 255;
		});
	}

	it('renders with no console errors and no requests, shows the table and charts, and reads in light and dark', async () => {
		const board = sampleBoard();
		const {page, problems, requests, url} = await openReport(renderHtmlReport(board, {generatedAt, title: 'My models, June'}), 'report');

		expect(requests).toEqual([url]);
		expect(problems).toEqual([]);
		await expect(page.title()).resolves.toBe('My models, June');
		expect(await page.locator('table.board tbody tr').count()).toBe(6);
		expect(await page.locator('svg.chart').count()).toBe(5);
		expect(await page.locator('#ratings svg circle.dot').count()).toBe(6);
		expect(await page.locator('#cost svg .point.frontier').count()).toBeGreaterThanOrEqual(2);
		expect(await page.locator('#head-to-head svg rect.cell').count()).toBe(36);
		// The charts are drawn at a readable size, and the page fits the window without sideways scrolling.
		const ratingBox = await page.locator('#ratings svg').boundingBox();
		expect(ratingBox!.width).toBeGreaterThan(700);
		expect(ratingBox!.height).toBeGreaterThan(150);
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

		expect(await backgroundLuminance(page)).toBeGreaterThan(0.9);
		const lightShot = path.join(outputDirectory, 'arena-report-light.png');
		await page.screenshot({path: lightShot, fullPage: true});

		await page.emulateMedia({colorScheme: 'dark'});
		expect(await backgroundLuminance(page)).toBeLessThan(0.1);
		// Chart text follows the scheme: light text on the dark page.
		const labelFill = await page.locator('#ratings svg text.label').first().evaluate(element => getComputedStyle(element).fill);
		expect(labelFill).toBe('rgb(230, 237, 243)');
		const darkShot = path.join(outputDirectory, 'arena-report-dark.png');
		await page.screenshot({path: darkShot, fullPage: true});

		for (const shot of [lightShot, darkShot]) {
			expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');
			copyFileSync(shot, path.join(os.tmpdir(), path.basename(shot)));
		}

		expect(requests).toEqual([url]);
		expect(problems).toEqual([]);
		await page.close();
	});

	it('fits a phone-sized window and shows a hostile model name as text', async () => {
		const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
		const models = SIX_MODELS.slice(0, 3).map((model, index) => (index === 0 ? {...model, model: evil} : model));
		const {page, problems, requests, url} = await openReport(renderHtmlReport(sampleBoard(models, 60), {generatedAt}), 'hostile', {width: 390, height: 800});

		expect(requests).toEqual([url]);
		expect(problems).toEqual([]);
		expect(await page.locator('img, script').count()).toBe(0);
		await expect(page.locator('table.board').textContent()).resolves.toContain(evil);
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
		await page.close();
	});
});
