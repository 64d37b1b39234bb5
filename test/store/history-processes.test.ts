import path from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {openHistoryStore} from '../../source/store/history-store.js';
import {buildWriterScript, startWriter, temporaryDirectories, type WriterProcess} from './fixtures/store-test-kit.js';

const directories = temporaryDirectories();
const started: WriterProcess[] = [];
let writerScript: string;

beforeAll(async () => {
	writerScript = await buildWriterScript(directories.make());
});

afterEach(() => {
	for (const writer of started.splice(0)) {
		if (writer.child.exitCode === null && writer.child.signalCode === null) {
			writer.child.kill('SIGKILL');
		}
	}
});

afterAll(() => directories.cleanup());

function launch(args: string[]): WriterProcess {
	const writer = startWriter(writerScript, args);
	started.push(writer);
	return writer;
}

function integrityCheck(file: string): string {
	const raw = new Database(file, {readonly: true});
	try {
		return raw.pragma('integrity_check', {simple: true}) as string;
	} finally {
		raw.close();
	}
}

describe('the history survives real processes', () => {
	it('keeps every judgement made before the process was killed with SIGKILL', async () => {
		const file = path.join(directories.make(), 'arena.db');
		const writer = launch([file, 'judge-forever', 'killed']);
		await writer.waitForLine((_line, all) => all.length >= 40);
		writer.child.kill('SIGKILL');
		const {signal} = await writer.exited;
		expect(signal).toBe('SIGKILL');

		const judgedRunIds = writer.lines.filter((line) => line.startsWith('judged ')).map((line) => line.slice('judged '.length));
		expect(judgedRunIds.length).toBeGreaterThanOrEqual(40);

		// The kill left the write-ahead log behind; the file must still be sound.
		expect(integrityCheck(file)).toBe('ok');
		const store = openHistoryStore(file);
		try {
			for (const runId of judgedRunIds) {
				const run = store.getRun(runId);
				expect(run, `run ${runId} was reported judged but is missing`).not.toBeNull();
				expect(run?.answers.map((answer) => answer.score?.score ?? null).every((score) => score !== null)).toBe(true);
				expect(run?.votes).toHaveLength(1);
			}
		} finally {
			store.close();
		}
	});

	it('loses nothing when two processes write at the same time, even to a brand-new file', async () => {
		const file = path.join(directories.make(), 'fresh', 'arena.db');
		const votesEach = 150;
		const writers = [launch([file, 'votes', 'left', String(votesEach)]), launch([file, 'votes', 'right', String(votesEach)])];
		await Promise.all(writers.map((writer) => writer.waitForLine((line) => line === 'ready')));
		for (const writer of writers) {
			writer.child.stdin.end('go\n');
		}
		await Promise.all(writers.map((writer) => writer.waitForLine((line) => line === 'done')));
		const exits = await Promise.all(writers.map((writer) => writer.exited));
		expect(exits.map((exit) => exit.code)).toEqual([0, 0]);

		expect(integrityCheck(file)).toBe('ok');
		const store = openHistoryStore(file);
		try {
			expect(store.totals()).toEqual({runs: 2 * votesEach, answers: 4 * votesEach, scores: 4 * votesEach, votes: 2 * votesEach});
			expect(store.battles({source: 'left'})).toHaveLength(votesEach);
			expect(store.battles({source: 'right'})).toHaveLength(votesEach);
		} finally {
			store.close();
		}
	});
});
