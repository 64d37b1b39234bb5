import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {ARENA_APPLICATION_ID, SCHEMA_VERSION} from '../../source/store/migrations.js';
import {StoreError, openHistoryStore} from '../../source/store/history-store.js';
import {modelResult, sha256OfFile, temporaryDirectories} from './fixtures/store-test-kit.js';

const directories = temporaryDirectories();
afterEach(() => directories.cleanup());

function refusal(file: string): StoreError {
	try {
		openHistoryStore(file).close();
	} catch (error) {
		expect(error).toBeInstanceOf(StoreError);
		return error as StoreError;
	}
	throw new Error(`${file} was opened, but it should have been refused`);
}

describe('opening the history database', () => {
	it('creates the directory and a WAL database marked as arena’s, at the current schema', () => {
		const file = path.join(directories.make(), 'a', 'b', 'arena.db');
		const store = openHistoryStore(file);
		store.saveRun({prompt: 'hello', answers: [modelResult({spec: 'demo:a'})]});
		store.close();

		const raw = new Database(file, {readonly: true});
		expect(raw.pragma('journal_mode', {simple: true})).toBe('wal');
		expect(raw.pragma('application_id', {simple: true})).toBe(ARENA_APPLICATION_ID);
		expect(raw.pragma('user_version', {simple: true})).toBe(SCHEMA_VERSION);
		expect(raw.prepare('SELECT version FROM arena_migrations').pluck().all()).toEqual([1]);
		raw.close();
	});

	it('opens an existing database again without re-running migrations or losing rows', () => {
		const file = path.join(directories.make(), 'arena.db');
		const first = openHistoryStore(file);
		first.saveRun({prompt: 'kept', answers: [modelResult({spec: 'demo:a'})]});
		first.close();
		const second = openHistoryStore(file);
		expect(second.listRuns().map((run) => run.prompt)).toEqual(['kept']);
		second.close();
		const raw = new Database(file, {readonly: true});
		expect(raw.prepare('SELECT count(*) FROM arena_migrations').pluck().get()).toBe(1);
		raw.close();
	});

	it('starts a new database in an empty (zero-byte) file', () => {
		const file = path.join(directories.make(), 'arena.db');
		writeFileSync(file, '');
		const store = openHistoryStore(file);
		expect(store.totals()).toEqual({runs: 0, answers: 0, scores: 0, votes: 0});
		store.close();
	});

	it('refuses a file that is not SQLite, says what to do, and leaves its bytes alone', () => {
		const directory = directories.make();
		for (const [name, content] of [
			['notes.db', 'these are my notes, not a database\n'.repeat(200)],
			['tiny.db', 'x'],
			['header-only.db', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 0xab)])],
		] as const) {
			const file = path.join(directory, name);
			writeFileSync(file, content);
			const before = sha256OfFile(file);
			const error = refusal(file);
			expect(error.kind).toBe('corrupt');
			expect(error.message).toContain(`${file} is not a valid arena database`);
			expect(error.message).toMatch(/move it aside/);
			expect(sha256OfFile(file)).toBe(before);
			expect(existsSync(`${file}-wal`)).toBe(false);
		}
	});

	it('refuses a database from a newer arena and leaves it unchanged', () => {
		const file = path.join(directories.make(), 'arena.db');
		openHistoryStore(file).close();
		const raw = new Database(file);
		raw.pragma('user_version = 7');
		raw.exec('CREATE TABLE future_feature (x)');
		raw.close();
		const before = sha256OfFile(file);

		const error = refusal(file);
		expect(error.kind).toBe('newer-schema');
		expect(error.message).toContain(`was written by a newer arena (schema 7, this build knows ${SCHEMA_VERSION}); upgrade arena`);
		expect(sha256OfFile(file)).toBe(before);
	});

	it('refuses another program’s SQLite database and leaves it unchanged', () => {
		const directory = directories.make();
		const withTables = path.join(directory, 'someone-else.db');
		const raw = new Database(withTables);
		raw.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (9.5)");
		raw.close();
		const markedOnly = path.join(directory, 'marked.db');
		const marked = new Database(markedOnly);
		marked.pragma('application_id = 1234');
		marked.close();

		for (const file of [withTables, markedOnly]) {
			const before = sha256OfFile(file);
			const error = refusal(file);
			expect(error.kind).toBe('foreign');
			expect(error.message).toMatch(/arena did not create/);
			expect(sha256OfFile(file)).toBe(before);
		}
		expect(refusal(withTables).message).toContain('invoices');
	});
});
