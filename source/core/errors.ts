/** Bad usage: exit status 2, with a one-line message that says what to do. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/** Bad or unreadable configuration: exit status 2. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}
