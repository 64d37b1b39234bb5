import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {exportRunsCommand} from '../../source/commands/export.js';
import {openHistoryStore, type BattleWinner, type HistoryStore} from '../../source/store/history-store.js';
import {runCli, type CliResult} from '../helpers/cli.js';
import {startScriptedServer, streamScript} from '../helpers/sse-server.js';
import {modelResult, temporaryDirectories} from '../store/fixtures/store-test-kit.js';

/*
 * `arena export` through the built CLI (`npm run build` first), on temp
 * ARENA_HOMEs with real SQLite files.
 */

const directories = temporaryDirectories();
let home: string;
let outputs: string;

beforeEach(() => {
	home = directories.make();
	outputs = directories.make();
});

afterEach(() => {
	directories.cleanup();
});

function arena(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
	return runCli(args, {env: {ARENA_HOME: home, ...env}, timeoutMs: 20_000});
}

function withStore<T>(work: (store: HistoryStore) => T): T {
	const store = openHistoryStore(path.join(home, 'arena.db'));
	try {
		return work(store);
	} finally {
		store.close();
	}
}

/** One two-model run with a vote on it, as `arena battle` stores it; returns the run id. */
function battle(
	store: HistoryStore,
	left: string,
	right: string,
	winner: BattleWinner,
	options: {prompt?: string; system?: string; texts?: [string, string]; mode?: 'blind' | 'named'; votedAt?: string; score?: number} = {},
): string {
	const saved = store.saveRun({
		prompt: options.prompt ?? `${left} or ${right}?`,
		system_prompt: options.system ?? null,
		mode: options.mode ?? 'blind',
		category: 'coding',
		created_at: options.votedAt,
		params: {temperature: 0.2, max_tokens: 512},
		answers: [
			modelResult({spec: left, text: options.texts?.[0] ?? `answer from ${left}`, ttft_ms: 150}),
			modelResult({spec: right, text: options.texts?.[1] ?? `answer from ${right}`, ttft_ms: 450}),
		],
	});
	if (options.score !== undefined) store.setScore(saved.answerIds[0]!, options.score);
	store.recordVote({
		run_id: saved.runId,
		answer_a_id: saved.answerIds[0],
		answer_b_id: saved.answerIds[1],
		model_a: left,
		model_b: right,
		winner,
		voted_at: options.votedAt,
	});
	return saved.runId;
}

/** A strict RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; every record ends in CRLF. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	let index = 0;
	while (index < text.length) {
		const character = text[index]!;
		if (quoted) {
			if (character === '"' && text[index + 1] === '"') {
				field += '"';
				index += 2;
			} else if (character === '"') {
				quoted = false;
				index++;
				if (index < text.length && text[index] !== ',' && text[index] !== '\r') throw new Error(`text after a closing quote at ${index}`);
			} else {
				field += character;
				index++;
			}
		} else if (character === '"') {
			if (field !== '') throw new Error(`a quote inside an unquoted field at ${index}`);
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
		} else if (character === '\n' || character === '\r') {
			throw new Error(`a bare line break outside quotes at ${index}`);
		} else {
			field += character;
			index++;
		}
	}
	if (quoted || field !== '' || record.length > 0) throw new Error('the last record does not end in CRLF');
	return records;
}

describe('arena export battles', () => {
	it("writes FastChat's clean_battle schema with the types its rating scripts read, and JSONL of the same objects", async () => {
		const runId = withStore(store => {
			const first = battle(store, 'demo:swift', 'demo:steady', 'model_a', {
				prompt: 'Reverse a list',
				system: 'Be brief.',
				texts: ['items[::-1]', 'items.reverse()'],
				votedAt: '2025-01-15T12:00:00.250Z',
			});
			battle(store, 'demo:steady', 'demo:thinker', 'tie (bothbad)', {mode: 'named', votedAt: '2025-01-16T12:00:00.000Z'});
			return first;
		});
		const result = await arena(['export', 'battles']);
		expect(result.status, result.stderr).toBe(0);
		expect(result.stderr).toBe('');
		expect(result.stdout.startsWith('[\n  {\n    "question_id"')).toBe(true);
		const battles = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
		expect(battles).toHaveLength(2);
		for (const record of battles) {
			expect(typeof record['model_a']).toBe('string');
			expect(typeof record['model_b']).toBe('string');
			expect(['model_a', 'model_b', 'tie', 'tie (bothbad)']).toContain(record['winner']);
			expect(typeof record['anony']).toBe('boolean');
			expect(typeof record['tstamp']).toBe('number');
			expect(typeof record['judge']).toBe('string');
			expect(typeof record['language']).toBe('string');
			expect(Number.isInteger(record['turn'])).toBe(true);
		}
		expect(battles[0]).toMatchObject({
			question_id: runId,
			model_a: 'demo:swift',
			model_b: 'demo:steady',
			winner: 'model_a',
			judge: 'arena_user_local',
			turn: 1,
			anony: true,
			language: 'unknown',
			tstamp: Date.UTC(2025, 0, 15, 12, 0, 0, 250) / 1000,
			category: 'coding',
			flagged_identity: false,
			arena_source: 'local',
			conversation_a: [
				{role: 'system', content: 'Be brief.', num_tokens: expect.any(Number)},
				{role: 'user', content: 'Reverse a list', num_tokens: 3},
				{role: 'assistant', content: 'items[::-1]', num_tokens: expect.any(Number)},
			],
		});
		expect((battles[0]!['conversation_b'] as Array<{content: string}>)[2]!.content).toBe('items.reverse()');
		expect(battles[1]).toMatchObject({winner: 'tie (bothbad)', anony: false});

		const lines = await arena(['export', 'battles', '--format', 'jsonl']);
		expect(lines.stdout.endsWith('\n')).toBe(true);
		expect(lines.stdout.trimEnd().split('\n').map(line => JSON.parse(line))).toEqual(battles);

		const blindOnly = await arena(['export', 'battles', '--blind-only']);
		expect((JSON.parse(blindOnly.stdout) as unknown[]).length).toBe(1);
	});

	it('exports an empty array from an empty home without creating a database', async () => {
		const result = await arena(['export', 'battles']);
		expect(result).toMatchObject({status: 0, stdout: '[]\n', stderr: ''});
		expect((await arena(['export', 'runs'])).stdout).toBe('');
		expect(existsSync(path.join(home, 'arena.db'))).toBe(false);
	});
});

describe('CSV and Markdown escaping', () => {
	const quotedModel = 'acme:big, "quoted" model';
	const brokenModel = 'acme:two\nlines|piped';
	const prompt = 'Split "a,b"\non commas,\r\nthen join';

	it('round-trips commas, quotes and newlines in model names and prompts through RFC 4180 CSV', async () => {
		withStore(store => {
			battle(store, quotedModel, brokenModel, 'model_a', {prompt, texts: ['say "hi", then\nbye', 'plain']});
			battle(store, brokenModel, quotedModel, 'model_b', {prompt: 'second'});
		});

		const board = await arena(['export', 'leaderboard', '--format', 'csv']);
		expect(board.status, board.stderr).toBe(0);
		const boardRecords = parseCsv(board.stdout);
		expect(boardRecords[0]).toEqual(expect.arrayContaining(['model', 'rating', 'ci_low', 'ci_high', 'battles', 'wins']));
		const modelColumn = boardRecords[0]!.indexOf('model');
		const battlesColumn = boardRecords[0]!.indexOf('battles');
		expect(boardRecords.slice(1).map(record => [record[modelColumn], record[battlesColumn]])).toEqual([
			[quotedModel, '2'],
			[brokenModel, '2'],
		]);
		expect(boardRecords.every(record => record.length === boardRecords[0]!.length)).toBe(true);

		const battles = await arena(['export', 'battles', '--format', 'csv']);
		expect(battles.status, battles.stderr).toBe(0);
		const [header, ...rows] = parseCsv(battles.stdout);
		const column = (name: string) => header!.indexOf(name);
		expect(rows).toHaveLength(2);
		expect(rows[0]![column('model_a')]).toBe(quotedModel);
		expect(rows[0]![column('model_b')]).toBe(brokenModel);
		expect(rows[0]![column('prompt')]).toBe(prompt);
		expect(rows[0]![column('answer_a')]).toBe('say "hi", then\nbye');
		expect(rows[0]![column('winner')]).toBe('model_a');
		expect(rows[1]![column('prompt')]).toBe('second');
	});

	it('keeps a Markdown table one line per model, with pipes escaped', async () => {
		withStore(store => battle(store, quotedModel, brokenModel, 'model_a', {prompt}));
		const result = await arena(['export', 'leaderboard']);
		expect(result.status, result.stderr).toBe(0);
		const lines = result.stdout.split('\n');
		expect(lines[0]).toMatch(/^\| rank \| model \| rating \|/);
		expect(lines[1]).toMatch(/^\| ---: \| --- \| ---: \|/);
		expect(lines[2]).toContain('| acme:big, "quoted" model |');
		expect(lines[3]).toContain('| acme:two lines\\|piped |');
	});
});

describe('arena export leaderboard', () => {
	it('writes the same JSON rows as `arena leaderboard --json`, and picks the format from the file extension', async () => {
		withStore(store => {
			for (let index = 0; index < 3; index++) battle(store, 'demo:swift', 'demo:steady', index === 2 ? 'model_b' : 'model_a', {score: 8});
		});
		const board = await arena(['leaderboard', '--json']);
		const exported = await arena(['export', 'leaderboard', '--format', 'json']);
		expect(exported.stdout).toBe(board.stdout);
		expect(JSON.parse(exported.stdout)[0]).toMatchObject({model: 'demo:swift', battles: 3, wins: 2, mean_score: 8});

		const csvFile = path.join(outputs, 'board.csv');
		const written = await arena(['export', 'leaderboard', '-o', csvFile]);
		expect(written).toMatchObject({status: 0, stdout: '', stderr: `wrote leaderboard of 2 models (csv) to ${csvFile}\n`});
		expect(parseCsv(readFileSync(csvFile, 'utf8'))[1]![0]).toBe('demo:swift');

		const report = path.join(outputs, 'report.html');
		const html = await arena(['export', 'leaderboard', '-o', report, '--title', 'My <models>']);
		expect(html.status, html.stderr).toBe(0);
		expect(html.stderr).toBe(`wrote leaderboard of 2 models (html) to ${report}\n`);
		const page = readFileSync(report, 'utf8');
		expect(page).toMatch(/^<!doctype html>/i);
		expect(page).toContain('demo:swift');
		expect(page).toContain('My &lt;models&gt;');
		expect(page).not.toMatch(/<script[\s>]|\bsrc="https?:|href="https?:/i);
	});

	it('replaces a file atomically, and leaves it alone when the export fails', async () => {
		withStore(store => battle(store, 'demo:swift', 'demo:steady', 'model_a'));
		const target = path.join(outputs, 'board.md');
		writeFileSync(target, 'old contents\n');
		const result = await arena(['export', 'leaderboard', '-o', target]);
		expect(result.status, result.stderr).toBe(0);
		expect(readFileSync(target, 'utf8')).toMatch(/^\| rank \| model \|/);
		expect(readdirSync(outputs)).toEqual(['board.md']);

		const missingDirectory = path.join(outputs, 'no-such-dir', 'board.md');
		const failed = await arena(['export', 'leaderboard', '-o', missingDirectory]);
		expect(failed.status).toBe(2);
		expect(failed.stderr).toBe(`arena: cannot write ${missingDirectory}: its directory does not exist\n`);
		const badFormat = await arena(['export', 'leaderboard', '--format', 'pdf', '-o', target]);
		expect(badFormat.status).toBe(2);
		expect(badFormat.stderr).toMatch(/unknown --format "pdf"; use one of md, csv, json, html/);
		expect(readFileSync(target, 'utf8')).toMatch(/^\| rank \| model \|/);
		expect(readdirSync(outputs)).toEqual(['board.md']);
	});
});

describe('arena export runs', () => {
	it('writes every run, oldest first, with its answers, metrics, scores and votes', async () => {
		const [older, newer] = withStore(store => [
			battle(store, 'demo:swift', 'demo:steady', 'model_a', {votedAt: '2025-01-01T00:00:00.000Z', score: 9}),
			battle(store, 'demo:steady', 'demo:thinker', 'tie', {votedAt: '2025-02-01T00:00:00.000Z'}),
		]);
		const result = await arena(['export', 'runs', '--format', 'jsonl']);
		expect(result.status, result.stderr).toBe(0);
		const runs = result.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, any>);
		expect(runs.map(run => run['id'])).toEqual([older, newer]);
		expect(runs[0]).toMatchObject({prompt: 'demo:swift or demo:steady?', params: {temperature: 0.2, max_tokens: 512}, mode: 'blind'});
		expect(runs[0]!['answers'][0]).toMatchObject({spec: 'demo:swift', ttft_ms: 150, tokens_per_s: 55.5, output_tokens: 42, score: {score: 9}});
		expect(runs[0]!['votes']).toEqual([expect.objectContaining({model_a: 'demo:swift', winner: 'model_a', blind: true})]);
		expect(runs[1]!['votes'][0]).toMatchObject({winner: 'tie'});
	});
});

describe('no secrets in any export', () => {
	it('never writes an API key: not in any export format, not anywhere under ARENA_HOME', async () => {
		const localKey = 'sk-secret-local-7f3a9c1e5b2d4680';
		const openaiKey = 'sk-secret-openai-0a1b2c3d4e5f6789';
		const env = {LOCAL_KEY: localKey, OPENAI_API_KEY: openaiKey};
		const server = await startScriptedServer(() => streamScript(['Use ', 'items[::-1]'], {usage: {prompt_tokens: 9, completion_tokens: 4}}));
		try {
			expect((await arena(['providers', 'add', 'local', '--base-url', server.baseURL, '--api-key-env', 'LOCAL_KEY'], env)).status).toBe(0);
			const run = await arena(['run', 'Reverse a list', '-m', 'local:alpha', '-m', 'local:beta', '--json', '--system', 'Be brief.'], env);
			expect(run.status, run.stderr).toBe(0);
			expect(server.requests.map(request => request.headers['authorization'])).toEqual([`Bearer ${localKey}`, `Bearer ${localKey}`]);
		} finally {
			await server.close();
		}
		withStore(store => {
			const [summary] = store.listRuns();
			const detail = store.getRun(summary!.id)!;
			store.setScore(detail.answers[0]!.id, 7);
			store.recordVote({run_id: detail.id, answer_a_id: detail.answers[0]!.id, answer_b_id: detail.answers[1]!.id, model_a: 'local:alpha', model_b: 'local:beta', winner: 'model_a'});
		});

		const everyFormat: string[][] = [
			['export', 'leaderboard', '--include-named', '--format', 'md'],
			['export', 'leaderboard', '--include-named', '--format', 'csv'],
			['export', 'leaderboard', '--include-named', '--format', 'json'],
			['export', 'leaderboard', '--include-named', '--format', 'html'],
			['export', 'battles', '--format', 'fastchat'],
			['export', 'battles', '--format', 'jsonl'],
			['export', 'battles', '--format', 'csv'],
			['export', 'runs', '--format', 'jsonl'],
		];
		const texts: string[] = [];
		for (const [index, args] of everyFormat.entries()) {
			const piped = await arena(args, env);
			expect(piped.status, `${args.join(' ')}: ${piped.stderr}`).toBe(0);
			const file = path.join(outputs, `export-${index}`);
			const written = await arena([...args, '-o', file], env);
			expect(written.status, written.stderr).toBe(0);
			texts.push(piped.stdout, piped.stderr, written.stdout, written.stderr, readFileSync(file, 'utf8'));
		}
		// The exports are real: the run, its answers and the vote are in them.
		expect(texts.join('\n')).toContain('Reverse a list');
		expect(texts.join('\n')).toContain('local:alpha');

		for (const text of texts) {
			expect(text).not.toContain(localKey);
			expect(text).not.toContain(openaiKey);
			expect(text).not.toMatch(/bearer|authorization/i);
		}
		const homeFiles = filesUnder(home);
		expect(homeFiles.map(file => path.basename(file))).toEqual(expect.arrayContaining(['arena.db', 'settings.json']));
		for (const file of homeFiles) {
			const bytes = readFileSync(file);
			expect(bytes.includes(localKey), file).toBe(false);
			expect(bytes.includes(openaiKey), file).toBe(false);
		}
	});

	it('removes a key value that found its way into stored text, and says so', async () => {
		const key = 'sk-secret-echoed-1234567890';
		withStore(store =>
			store.saveRun({
				prompt: `my key is ${key}`,
				params: {temperature: 0, headers: {Authorization: `Bearer ${key}`}, api_key: key},
				answers: [modelResult({spec: 'demo:swift', text: `never share "${key}"`})],
			}),
		);
		let stdout = '';
		let stderr = '';
		const status = await exportRunsCommand(
			{},
			{
				env: {ARENA_HOME: home, MY_SERVICE_API_KEY: key},
				stdout: {write: (text: string) => ((stdout += text), true)},
				stderr: {write: (text: string) => ((stderr += text), true)},
			},
		);
		expect(status).toBe(0);
		expect(stdout).not.toContain(key);
		const [run] = stdout.trimEnd().split('\n').map(line => JSON.parse(line));
		expect(run.params).toEqual({temperature: 0});
		expect(run.prompt).toBe('my key is [redacted]');
		expect(run.answers[0].text).toBe('never share "[redacted]"');
		expect(stderr).toBe('arena: removed 2 copies of an API key value from the export\n');
	});
});

function filesUnder(directory: string): string[] {
	return readdirSync(directory).flatMap(name => {
		const full = path.join(directory, name);
		return statSync(full).isDirectory() ? filesUnder(full) : [full];
	});
}
