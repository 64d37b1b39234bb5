/** Bad usage: exit status 2, with a one-line message that says what to do. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/** Bad or unreadable configuration: exit status 2. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** An error's message cut to its first line: what a one-row notice or a log line shows. */
export function firstLineOf(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).split('\n')[0] || 'unknown error';
}
