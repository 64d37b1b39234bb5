import {ConfigError, UsageError} from '../core/errors.js';

export const EXIT_OK = 0;
/** A model or task failed. */
export const EXIT_FAILED = 1;
/** Bad usage or configuration. */
export const EXIT_USAGE = 2;

/** One line on stderr that says what to do, and the matching exit status. */
export function reportFatal(error: unknown): number {
	const usage = error instanceof UsageError || error instanceof ConfigError || isNamed(error, 'StoreError');
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`arena: ${message.split('\n')[0]}\n`);
	return usage ? EXIT_USAGE : EXIT_FAILED;
}

function isNamed(error: unknown, name: string): boolean {
	return error instanceof Error && error.name === name;
}
