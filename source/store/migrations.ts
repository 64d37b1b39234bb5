import {openSync, readSync, closeSync, statSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {StoreError, isCorruptionCode, errorCode} from './errors.js';

/**
 * Written to the database header (`PRAGMA application_id`) so arena, `file(1)`
 * and a curious user can tell an arena history file from any other SQLite file.
 * The bytes spell "Aren".
 */
export const ARENA_APPLICATION_ID = 0x4172656e;

interface Migration {
	version: number;
	name: string;
	sql: string;
}

/**
 * Append only. A released migration is never edited: a new one is added with
 * the next number, and `PRAGMA user_version` records the last one applied.
 * docs/schema.md documents every table and column these create.
 */
const migrations: readonly Migration[] = [
	{
		version: 1,
		name: 'create runs, answers, scores and votes',
		sql: `
CREATE TABLE arena_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
);

CREATE TABLE runs (
	id TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	prompt TEXT NOT NULL,
	system_prompt TEXT,
	params_json TEXT NOT NULL DEFAULT '{}',
	mode TEXT NOT NULL DEFAULT 'named' CHECK (mode IN ('named', 'blind')),
	suite TEXT,
	task_id TEXT,
	category TEXT,
	session_id TEXT,
	conversation_id TEXT,
	turn INTEGER NOT NULL DEFAULT 1 CHECK (turn >= 1),
	source TEXT NOT NULL DEFAULT 'local',
	arena_version TEXT
);
CREATE INDEX runs_by_created_at ON runs (created_at);
CREATE INDEX runs_by_suite_task ON runs (suite, task_id);
CREATE INDEX runs_by_session ON runs (session_id);
CREATE INDEX runs_by_conversation ON runs (conversation_id, turn);

CREATE TABLE answers (
	id TEXT PRIMARY KEY,
	run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	position INTEGER NOT NULL CHECK (position >= 0),
	spec TEXT NOT NULL,
	provider TEXT NOT NULL,
	model TEXT NOT NULL,
	served_spec TEXT NOT NULL,
	fallbacks_json TEXT,
	state TEXT NOT NULL CHECK (state IN ('done', 'error', 'cancelled')),
	text TEXT NOT NULL DEFAULT '',
	reasoning TEXT NOT NULL DEFAULT '',
	finish_reason TEXT,
	error_message TEXT,
	error_status INTEGER,
	retries INTEGER NOT NULL DEFAULT 0,
	ttft_ms REAL,
	first_content_ms REAL,
	total_ms REAL,
	input_tokens INTEGER,
	output_tokens INTEGER,
	reasoning_tokens INTEGER,
	tokens_estimated INTEGER NOT NULL DEFAULT 0 CHECK (tokens_estimated IN (0, 1)),
	tokens_per_s REAL,
	itl_p50_ms REAL,
	itl_p99_ms REAL,
	cost_usd REAL,
	cost_source TEXT CHECK (cost_source IN ('server', 'price')),
	price_input_per_m REAL,
	price_output_per_m REAL,
	UNIQUE (run_id, position)
);
CREATE INDEX answers_by_spec ON answers (spec);
CREATE INDEX answers_by_served_spec ON answers (served_spec);

CREATE TABLE scores (
	answer_id TEXT PRIMARY KEY REFERENCES answers (id) ON DELETE CASCADE,
	score REAL NOT NULL CHECK (score >= 0 AND score <= 10),
	rubric_json TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE votes (
	id INTEGER PRIMARY KEY,
	dedupe_key TEXT NOT NULL UNIQUE,
	run_id TEXT REFERENCES runs (id) ON DELETE CASCADE,
	answer_a_id TEXT REFERENCES answers (id) ON DELETE SET NULL,
	answer_b_id TEXT REFERENCES answers (id) ON DELETE SET NULL,
	model_a TEXT NOT NULL,
	model_b TEXT NOT NULL,
	winner TEXT NOT NULL CHECK (winner IN ('model_a', 'model_b', 'tie', 'tie (bothbad)')),
	blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1)),
	flagged_identity INTEGER NOT NULL DEFAULT 0 CHECK (flagged_identity IN (0, 1)),
	category TEXT,
	source TEXT NOT NULL DEFAULT 'local',
	turn INTEGER NOT NULL DEFAULT 1,
	question_id TEXT,
	judge TEXT,
	language TEXT,
	tstamp REAL,
	voted_at TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	extra_json TEXT
);
CREATE INDEX votes_by_voted_at ON votes (voted_at, id);
CREATE INDEX votes_by_run ON votes (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX votes_by_answer_a ON votes (answer_a_id) WHERE answer_a_id IS NOT NULL;
CREATE INDEX votes_by_answer_b ON votes (answer_b_id) WHERE answer_b_id IS NOT NULL;
`,
	},
];

/** The schema version this build creates and understands. */
export const SCHEMA_VERSION = migrations[migrations.length - 1].version;

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

interface DatabaseIdentity {
	applicationId: number;
	userVersion: number;
	tableNames: string[];
}

function readIdentity(db: Database.Database): DatabaseIdentity {
	return {
		applicationId: db.pragma('application_id', {simple: true}) as number,
		userVersion: db.pragma('user_version', {simple: true}) as number,
		tableNames: db
			.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
			.pluck()
			.all() as string[],
	};
}

/** Throws unless the database is arena's (at a version we know) or empty. */
function assertOursOrEmpty(file: string, identity: DatabaseIdentity): void {
	if (identity.applicationId === ARENA_APPLICATION_ID) {
		if (identity.userVersion > SCHEMA_VERSION) {
			throw new StoreError(
				'newer-schema',
				`${file} was written by a newer arena (schema ${identity.userVersion}, this build knows ${SCHEMA_VERSION}); upgrade arena to use it. The file was not changed.`,
			);
		}
		return;
	}
	if (identity.applicationId !== 0 || identity.tableNames.length > 0) {
		const tables = identity.tableNames.slice(0, 5).join(', ');
		const what = tables ? `it has tables ${tables}` : `its application_id is ${identity.applicationId}`;
		throw new StoreError(
			'foreign',
			`${file} is a SQLite database that arena did not create (${what}); arena will not change it. Move it aside or set ARENA_HOME to another directory.`,
		);
	}
}

export function corruptFileError(file: string, reason: string, cause?: unknown): StoreError {
	const aside = `${path.basename(file)}.broken`;
	return new StoreError(
		'corrupt',
		`${file} is not a valid arena database (${reason}); move it aside (for example rename it to ${aside}) and arena will start a new one. The file was not changed.`,
		{cause},
	);
}

/**
 * Looks at an existing file without writing to it: a read-only connection
 * never checkpoints or changes the main file, so a refused file keeps its
 * bytes. Only then is it opened for writing.
 */
export function inspectExistingFile(file: string): void {
	let size: number;
	try {
		size = statSync(file).size;
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			return;
		}
		throw new StoreError('io', `cannot read ${file}: ${(error as Error).message}`, {cause: error});
	}
	if (size > 0) {
		// SQLite happily treats a tiny non-SQLite file as empty and would write
		// over it, so the header is checked by hand first.
		const head = Buffer.alloc(sqliteHeader.length);
		let bytesRead: number;
		try {
			const descriptor = openSync(file, 'r');
			try {
				bytesRead = readSync(descriptor, head, 0, head.length, 0);
			} finally {
				closeSync(descriptor);
			}
		} catch (error) {
			throw new StoreError('io', `cannot read ${file}: ${(error as Error).message}`, {cause: error});
		}
		if (bytesRead < head.length || !head.equals(sqliteHeader)) {
			throw corruptFileError(file, 'file is not a database: it does not start with the SQLite header');
		}
	}
	let probe: Database.Database | undefined;
	try {
		probe = new Database(file, {readonly: true, fileMustExist: true});
		assertOursOrEmpty(file, readIdentity(probe));
	} catch (error) {
		if (error instanceof StoreError) {
			throw error;
		}
		const code = errorCode(error);
		if (isCorruptionCode(code)) {
			throw corruptFileError(file, (error as Error).message, error);
		}
		throw new StoreError('io', `cannot open ${file}: ${(error as Error).message}`, {cause: error});
	} finally {
		probe?.close();
	}
}

/**
 * Applies every migration this build knows and the file lacks, each in its own
 * IMMEDIATE transaction. The version is re-read inside the transaction, so two
 * arena processes opening a new file at once apply each migration exactly once.
 */
export function migrate(db: Database.Database, file: string): void {
	for (const migration of migrations) {
		db.transaction(() => {
			const identity = readIdentity(db);
			assertOursOrEmpty(file, identity);
			if (identity.applicationId === ARENA_APPLICATION_ID && identity.userVersion >= migration.version) {
				return;
			}
			db.exec(migration.sql);
			db.prepare('INSERT INTO arena_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
				migration.version,
				migration.name,
				new Date().toISOString(),
			);
			db.pragma(`application_id = ${ARENA_APPLICATION_ID}`);
			db.pragma(`user_version = ${migration.version}`);
		}).immediate();
	}
}
