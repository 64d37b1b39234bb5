import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openHistoryStore, type BattleWinner, type HistoryStore} from '../../source/store/history-store.js';
import {runCli, type CliResult} from '../helpers/cli.js';
import {modelResult, temporaryDirectories} from '../store/fixtures/store-test-kit.js';

/*
 * `arena import` through the built CLI (`npm run build` first), each test on
 * fresh temp ARENA_HOMEs with real SQLite files.
 */

const directories = temporaryDirectories();
let workDirectory: string;

beforeEach(() => {
	workDirectory = directories.make();
});

afterEach(() => {
	directories.cleanup();
});

function arena(home: string, args: string[]): Promise<CliResult> {
	return runCli(args, {env: {ARENA_HOME: home}, timeoutMs: 20_000});
}

function withStore<T>(home: string, work: (store: HistoryStore) => T): T {
	const store = openHistoryStore(path.join(home, 'arena.db'));
	try {
		return work(store);
	} finally {
		store.close();
	}
}

function writeFile(name: string, content: string): string {
	const file = path.join(workDirectory, name);
	writeFileSync(file, content);
	return file;
}

type Row = Record<string, unknown>;

async function leaderboardRows(home: string, ...flags: string[]): Promise<Row[]> {
	const result = await arena(home, ['leaderboard', '--json', ...flags]);
	expect(result.status, result.stderr).toBe(0);
	return JSON.parse(result.stdout) as Row[];
}

/** What the votes decide: the rated rows without the columns that come from stored answers (speed, scores). */
function ratedColumns(rows: Row[]): Row[] {
	return rows
		.filter(row => row['rating'] !== null)
		.map(row => ({
			model: row['model'],
			rating: row['rating'],
			ci_low: row['ci_low'],
			ci_high: row['ci_high'],
			rank_ub: row['rank_ub'],
			battles: row['battles'],
			wins: row['wins'],
			losses: row['losses'],
			ties: row['ties'],
			win_rate: row['win_rate'],
			elo: row['elo'],
			head_to_head: row['head_to_head'],
		}));
}

/** A small deterministic generator, so the test data does not depend on arena's own random code. */
function lcg(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
		return state / 2 ** 32;
	};
}

const WINNERS: BattleWinner[] = ['model_a', 'model_b', 'tie', 'tie (bothbad)'];

/**
 * Votes as the app stores them: a run with two answers and a vote on it, most
 * blind, some named (arena run), some flagged by the identity check, in two
 * categories, one minute apart; plus one three-model run ranked at once.
 */
function seedVotes(home: string, options: {seed: number; votes: number; models: string[]; start?: number}): void {
	const random = lcg(options.seed);
	const start = options.start ?? Date.UTC(2025, 0, 1);
	withStore(home, store => {
		for (let index = 0; index < options.votes; index++) {
			const first = Math.floor(random() * options.models.length);
			const second = (first + 1 + Math.floor(random() * (options.models.length - 1))) % options.models.length;
			const [left, right] = [options.models[first]!, options.models[second]!];
			const mode = random() < 0.8 ? 'blind' : 'named';
			const when = new Date(start + index * 60_000 + 123).toISOString();
			const saved = store.saveRun({
				prompt: `task ${index}: reverse "a, b"\nthen explain`,
				system_prompt: index % 3 === 0 ? 'Be brief.' : null,
				mode,
				category: index % 2 === 0 ? 'coding' : 'writing',
				created_at: when,
				answers: [modelResult({spec: left, text: `${left} says ${index}`}), modelResult({spec: right, text: `${right} says ${index}`})],
			});
			// Stronger models (earlier in the list) win more often, so the ratings are spread out.
			const leftEdge = (second - first) / options.models.length;
			const draw = random();
			const winner: BattleWinner = draw < 0.15 ? WINNERS[2 + (index % 2)]! : draw < 0.575 + leftEdge * 0.3 ? 'model_a' : 'model_b';
			store.recordVote({
				run_id: saved.runId,
				answer_a_id: saved.answerIds[0],
				answer_b_id: saved.answerIds[1],
				model_a: left,
				model_b: right,
				winner,
				flagged_identity: random() < 0.1,
				voted_at: when,
			});
		}
		const ranked = store.saveRun({
			prompt: 'rank three',
			mode: 'blind',
			created_at: new Date(start + options.votes * 60_000).toISOString(),
			answers: options.models.slice(0, 3).map(spec => modelResult({spec})),
		});
		const [a, b, c] = ranked.answerIds;
		const [modelA, modelB, modelC] = options.models;
		store.replaceRunVotes(ranked.runId, [
			{answer_a_id: a, answer_b_id: b, model_a: modelA!, model_b: modelB!, winner: 'model_b', voted_at: new Date(start + options.votes * 60_000 + 1000).toISOString()},
			{answer_a_id: a, answer_b_id: c, model_a: modelA!, model_b: modelC!, winner: 'model_a', voted_at: new Date(start + options.votes * 60_000 + 1000).toISOString()},
			{answer_a_id: b, answer_b_id: c, model_a: modelB!, model_b: modelC!, winner: 'model_a', voted_at: new Date(start + options.votes * 60_000 + 1000).toISOString()},
		]);
	});
}

const MODELS = ['rt:alpha', 'rt:beta', 'rt:gamma', 'rt:delta'];

describe('arena import: round trips', () => {
	it('an exported FastChat file imported into an empty ARENA_HOME gives the same leaderboard, and exports back the same battles', async () => {
		const original = directories.make();
		const copy = directories.make();
		seedVotes(original, {seed: 7, votes: 80, models: MODELS});
		const file = path.join(workDirectory, 'mine.json');

		const exported = await arena(original, ['export', 'battles', '--format', 'fastchat', '-o', file]);
		expect(exported.status, exported.stderr).toBe(0);
		expect(exported.stdout).toBe('');
		expect(exported.stderr).toBe(`wrote 83 battles (fastchat) to ${file}\n`);

		const imported = await arena(copy, ['import', file]);
		expect(imported.status, imported.stderr).toBe(0);
		expect(imported.stdout).toBe('imported 83, duplicate 0, rejected 0 (source "mine")\n');
		expect(imported.stderr).toBe('');

		const originalBoard = ratedColumns(await leaderboardRows(original));
		expect(originalBoard).toHaveLength(4);
		expect(ratedColumns(await leaderboardRows(copy))).toEqual(originalBoard);
		expect(ratedColumns(await leaderboardRows(copy, '--include-named', '--include-flagged'))).toEqual(
			ratedColumns(await leaderboardRows(original, '--include-named', '--include-flagged')),
		);
		expect(ratedColumns(await leaderboardRows(copy, '--category', 'coding'))).toEqual(ratedColumns(await leaderboardRows(original, '--category', 'coding')));

		// The copy's own export is the same battles, conversations included; only the source label says where they came from.
		const again = await arena(copy, ['export', 'battles']);
		expect(again.status, again.stderr).toBe(0);
		const withoutSource = (battles: Row[]) => battles.map(({arena_source: _source, ...battle}) => battle);
		const first = JSON.parse(readFileSync(file, 'utf8')) as Row[];
		const second = JSON.parse(again.stdout) as Row[];
		expect(withoutSource(second)).toEqual(withoutSource(first));
		expect(new Set(second.map(battle => battle['arena_source']))).toEqual(new Set(['mine']));

		// And importing it where it came from adds nothing.
		const back = await arena(original, ['import', file]);
		expect(back.stdout).toBe('imported 0, duplicate 83, rejected 0 (source "mine")\n');
	});

	it('imports the votes of an `arena export runs` file the same way', async () => {
		const original = directories.make();
		const copy = directories.make();
		seedVotes(original, {seed: 11, votes: 30, models: MODELS});
		const runs = await arena(original, ['export', 'runs']);
		expect(runs.status, runs.stderr).toBe(0);
		const file = writeFile('runs.jsonl', runs.stdout);

		const imported = await arena(copy, ['import', file]);
		expect(imported.stdout).toBe('imported 33, duplicate 0, rejected 0 (source "runs")\n');
		expect(ratedColumns(await leaderboardRows(copy, '--include-named'))).toEqual(ratedColumns(await leaderboardRows(original, '--include-named')));
	});
});

describe('arena import: ratings', () => {
	it('rates an imported FastChat file as an independent Bradley-Terry fit does', async () => {
		const home = directories.make();
		const strengths: Record<string, number> = {'fc:gpt': 1.2, 'fc:claude': 0.9, 'fc:vicuna': 0, 'fc:koala': -0.7, 'fc:alpaca': -1.1};
		const models = Object.keys(strengths);
		const random = lcg(2024);
		const battles: Row[] = [];
		for (let index = 0; index < 1200; index++) {
			const first = Math.floor(random() * models.length);
			const second = (first + 1 + Math.floor(random() * (models.length - 1))) % models.length;
			const [left, right] = [models[first]!, models[second]!];
			const leftWins = 1 / (1 + Math.exp(strengths[right]! - strengths[left]!));
			const draw = random();
			const winner = draw < 0.12 ? 'tie' : draw < 0.18 ? 'tie (bothbad)' : random() < leftWins ? 'model_a' : 'model_b';
			// A few named votes, which FastChat and arena both leave out of the ratings.
			battles.push({model_a: left, model_b: right, winner, judge: `arena_user_${index % 37}`, turn: 1, anony: index % 10 !== 0, language: 'English', tstamp: 1_700_000_000 + index * 30.5});
		}
		const file = writeFile('clean_battle_20240101.json', JSON.stringify(battles, null, 2));

		const imported = await arena(home, ['import', file, '--source', 'lmsys']);
		expect(imported.status, imported.stderr).toBe(0);
		expect(imported.stdout).toBe('imported 1200, duplicate 0, rejected 0 (source "lmsys")\n');

		const rows = await leaderboardRows(home);
		const anonymous = battles.filter(battle => battle['anony'] === true);
		const reference = referenceBradleyTerry(anonymous as Array<{model_a: string; model_b: string; winner: string}>);
		expect(rows.map(row => row['model']).sort()).toEqual([...models].sort());
		for (const row of rows) {
			const model = row['model'] as string;
			expect(row['battles']).toBe(anonymous.filter(battle => battle['model_a'] === model || battle['model_b'] === model).length);
			expect(Math.abs((row['rating'] as number) - reference[model]!), `${model}: arena ${row['rating']}, reference ${reference[model]}`).toBeLessThan(0.05);
		}
		// The fit is not trivially flat: the spread follows the strengths used to make the data.
		expect(reference['fc:gpt']! - reference['fc:alpaca']!).toBeGreaterThan(200);
	});
});

/**
 * Bradley-Terry by Hunter's MM algorithm, written here so the test does not
 * share code with arena's fitter: a tie counts half a win for each side, the
 * Elo scale is 400·log10(strength), and ratings are centred on a mean of 1000.
 */
function referenceBradleyTerry(battles: Array<{model_a: string; model_b: string; winner: string}>): Record<string, number> {
	const models = [...new Set(battles.flatMap(battle => [battle.model_a, battle.model_b]))];
	const index = new Map(models.map((model, position) => [model, position]));
	const count = models.length;
	const games = Array.from({length: count}, () => new Array<number>(count).fill(0));
	const score = new Array<number>(count).fill(0);
	for (const battle of battles) {
		const a = index.get(battle.model_a)!;
		const b = index.get(battle.model_b)!;
		games[a]![b]!++;
		games[b]![a]!++;
		if (battle.winner === 'model_a') score[a]! += 1;
		else if (battle.winner === 'model_b') score[b]! += 1;
		else {
			score[a]! += 0.5;
			score[b]! += 0.5;
		}
	}
	let strength = new Array<number>(count).fill(1);
	for (let iteration = 0; iteration < 100_000; iteration++) {
		const next = strength.map((own, i) => {
			let denominator = 0;
			for (let j = 0; j < count; j++) if (j !== i && games[i]![j]! > 0) denominator += games[i]![j]! / (own + strength[j]!);
			return score[i]! / denominator;
		});
		const geometricMean = Math.exp(next.reduce((sum, value) => sum + Math.log(value), 0) / count);
		const normalised = next.map(value => value / geometricMean);
		const change = Math.max(...normalised.map((value, i) => Math.abs(Math.log(value / strength[i]!))));
		strength = normalised;
		if (change < 1e-14) break;
	}
	const elo = strength.map(value => 400 * Math.log10(value));
	const mean = elo.reduce((sum, value) => sum + value, 0) / count;
	return Object.fromEntries(models.map((model, i) => [model, elo[i]! - mean + 1000]));
}

describe('arena import: idempotence and sources', () => {
	it('adds nothing when the same file is imported again, even under another name or label', async () => {
		const home = directories.make();
		const content = JSON.stringify([
			{model_a: 'x:a', model_b: 'x:b', winner: 'model_a', anony: true, tstamp: 1_700_000_000},
			{model_a: 'x:a', model_b: 'x:b', winner: 'model_a', anony: true, tstamp: 1_700_000_000},
			{model_a: 'x:b', model_b: 'x:c', winner: 'tie', anony: true},
		]);
		const file = writeFile('battles.json', content);
		const first = await arena(home, ['import', file]);
		expect(first.stdout).toBe('imported 3, duplicate 0, rejected 0 (source "battles")\n');
		const before = await leaderboardRows(home);

		const second = await arena(home, ['import', file]);
		expect(second).toMatchObject({status: 0, stdout: 'imported 0, duplicate 3, rejected 0 (source "battles")\n', stderr: ''});
		const renamed = await arena(home, ['import', writeFile('copy.json', content), '--source', 'other']);
		expect(renamed.stdout).toBe('imported 0, duplicate 3, rejected 0 (source "other")\n');
		expect(await leaderboardRows(home)).toEqual(before);
		expect(before.find(row => row['model'] === 'x:a')).toMatchObject({battles: 2, wins: 2});
	});

	it("keeps both people's votes when two exports are merged, each under its own source", async () => {
		const alice = directories.make();
		const bob = directories.make();
		const team = directories.make();
		seedVotes(alice, {seed: 1, votes: 20, models: MODELS});
		seedVotes(bob, {seed: 2, votes: 12, models: MODELS, start: Date.UTC(2025, 1, 1)});
		const aliceFile = path.join(workDirectory, 'alice.json');
		const bobFile = path.join(workDirectory, 'bob.jsonl');
		expect((await arena(alice, ['export', 'battles', '-o', aliceFile])).status).toBe(0);
		expect((await arena(bob, ['export', 'battles', '-o', bobFile])).status).toBe(0);
		expect(readFileSync(bobFile, 'utf8').startsWith('{"question_id"')).toBe(true);

		expect((await arena(team, ['import', aliceFile])).stdout).toBe('imported 23, duplicate 0, rejected 0 (source "alice")\n');
		expect((await arena(team, ['import', bobFile])).stdout).toBe('imported 15, duplicate 0, rejected 0 (source "bob")\n');
		expect((await arena(team, ['import', aliceFile])).stdout).toBe('imported 0, duplicate 23, rejected 0 (source "alice")\n');

		const total = (rows: Row[]) => rows.reduce((sum, row) => sum + (row['battles'] as number), 0) / 2;
		const everything = ['--include-named', '--include-flagged'];
		expect(total(await leaderboardRows(team, ...everything))).toBe(38);
		expect(ratedColumns(await leaderboardRows(team, ...everything, '--source', 'alice'))).toEqual(ratedColumns(await leaderboardRows(alice, ...everything)));
		expect(ratedColumns(await leaderboardRows(team, ...everything, '--source', 'bob'))).toEqual(ratedColumns(await leaderboardRows(bob, ...everything)));
	});
});

describe('arena import: bad input', () => {
	it('skips bad JSONL records, names each by line with the reason, and commits the good ones', async () => {
		const home = directories.make();
		const lines = [
			'{"model_a": "x:a", "model_b": "x:b", "winner": "model_a", "anony": true}',
			'{"model_a": "x:a", "winner": "model_a"}',
			'',
			'{"model_a": "x:a", "model_b": "x:b", "winner": "model_a"',
			'{"model_a": "x:a", "model_b": "x:a", "winner": "tie"}',
			'{"model_a": "x:a", "model_b": "x:b", "winner": "left"}',
			'{"model_a": "x:b", "model_b": "x:c", "winner": "model_b", "anony": true}',
			'[1, 2]',
		];
		const file = writeFile('mixed.jsonl', `${lines.join('\n')}\n`);
		const result = await arena(home, ['import', file]);
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('imported 2, duplicate 0, rejected 5 (source "mixed")\n');
		expect(result.stderr.split('\n')).toEqual([
			'rejected line 2: missing model_b',
			"rejected line 4: not JSON at column 57: Unexpected end of file: expected ',' or '}'",
			'rejected line 5: model_a and model_b are both "x:a"; a model cannot battle itself',
			'rejected line 6: winner must be one of "model_a", "model_b", "tie", "tie (bothbad)", got "left"',
			'rejected line 8: expected an object with model_a, model_b and winner, got an array',
			'',
		]);
		const rows = await leaderboardRows(home);
		expect(rows.map(row => [row['model'], row['battles']])).toEqual(
			expect.arrayContaining([
				['x:a', 1],
				['x:b', 2],
				['x:c', 1],
			]),
		);
	});

	it('names bad records of a JSON array by index, and lists only the first ten', async () => {
		const home = directories.make();
		const battles: unknown[] = [{model_a: 'x:a', model_b: 'x:b', winner: 'tie', anony: true}];
		for (let index = 0; index < 12; index++) battles.push({model_a: 'x:a', model_b: 'x:b', winner: 'tie', anony: 'yes'});
		const result = await arena(home, ['import', writeFile('many.json', JSON.stringify(battles))]);
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('imported 1, duplicate 0, rejected 12 (source "many")\n');
		const messages = result.stderr.trimEnd().split('\n');
		expect(messages).toHaveLength(11);
		expect(messages[0]).toBe('rejected index 1: anony must be true or false, got "yes"');
		expect(messages[9]).toBe('rejected index 10: anony must be true or false, got "yes"');
		expect(messages[10]).toBe('… and 2 more rejected records');
	});

	it('refuses a file that is not JSON, with its line and column, and imports nothing', async () => {
		const home = directories.make();
		const csv = writeFile('battles.csv', 'model_a,model_b,winner\nx:a,x:b,model_a\n');
		const notJson = await arena(home, ['import', csv]);
		expect(notJson.status).toBe(2);
		expect(notJson.stdout).toBe('');
		expect(notJson.stderr).toBe(`arena: ${csv}:1:1: not JSON: Unexpected token 'm': expected a value\n`);

		const broken = writeFile('broken.json', '[\n  {"model_a": "x:a", "model_b": "x:b", "winner": "tie"},\n  {"model_a": "x:a" "model_b": "x:c", "winner": "tie"}\n]\n');
		const result = await arena(home, ['import', broken]);
		expect(result.status).toBe(2);
		expect(result.stderr).toBe(`arena: ${broken}:3:21: not JSON: Unexpected token '"': expected ',' or '}'\n`);

		const missing = await arena(home, ['import', path.join(workDirectory, 'nope.json')]);
		expect(missing.status).toBe(2);
		expect(missing.stderr).toMatch(/cannot read .*nope\.json: no such file/);
		expect(existsSync(path.join(home, 'arena.db'))).toBe(false);
	});

	it('reads stdin for "-", and checks --format against the content', async () => {
		const home = directories.make();
		const fromStdin = await runCli(['import', '-', '--source', 'pasted'], {
			env: {ARENA_HOME: home},
			input: '{"model_a": "x:a", "model_b": "x:b", "winner": "model_b", "anony": true}\n',
		});
		expect(fromStdin).toMatchObject({status: 0, stdout: 'imported 1, duplicate 0, rejected 0 (source "pasted")\n'});

		const array = writeFile('array.json', '[{"model_a": "x:a", "model_b": "x:b", "winner": "tie"}]');
		const asLines = await arena(home, ['import', array, '--format', 'jsonl']);
		expect(asLines.status).toBe(2);
		expect(asLines.stderr).toMatch(/is a JSON array, not JSON lines; use --format fastchat/);
		const lines = writeFile('lines.jsonl', '{"model_a": "x:a", "model_b": "x:b", "winner": "tie"}\n');
		const asArray = await arena(home, ['import', lines, '--format', 'fastchat']);
		expect(asArray.status).toBe(2);
		expect(asArray.stderr).toMatch(/holds an object, not a JSON array of battles; for one object per line use --format jsonl/);
		expect((await arena(home, ['import', lines, '--format', 'xml'])).stderr).toMatch(/unknown --format "xml"; use one of auto, fastchat, jsonl/);
	});
});
