/**
 * Why the history store refused or failed. Commands map every kind to exit
 * status 1 and print the message as is: it already says what to do.
 */
export type StoreErrorKind =
	/** The file is not SQLite, or SQLite reports it damaged. */
	| 'corrupt'
	/** An arena database whose schema is newer than this build understands. */
	| 'newer-schema'
	/** A SQLite database that belongs to some other program. */
	| 'foreign'
	/** A value the caller passed breaks a rule of the schema. */
	| 'invalid'
	/** A run, answer or vote id that is not in the database. */
	| 'not-found'
	/** The file could not be opened, read or written (permissions, disk, locks). */
	| 'io';

export class StoreError extends Error {
	override name = 'StoreError';

	constructor(
		readonly kind: StoreErrorKind,
		message: string,
		options?: {cause?: unknown},
	) {
		super(message, options);
	}
}

/** better-sqlite3 throws `SqliteError` with a `code` such as `SQLITE_NOTADB`; node:fs uses `ENOENT` and friends. */
export function errorCode(error: unknown): string | undefined {
	if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
		return error.code;
	}
	return undefined;
}

export function isCorruptionCode(code: string | undefined): boolean {
	return code !== undefined && (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT'));
}
