import path from 'node:path';
import envPaths from 'env-paths';

export interface ArenaPaths {
	/** Where settings.json lives. */
	configDir: string;
	/** Where the history database lives. */
	dataDir: string;
	databaseFile: string;
}

/**
 * `ARENA_HOME=DIR` puts every file arena writes under DIR; otherwise the
 * platform's config and data directories are used.
 */
export function resolveArenaPaths(env: NodeJS.ProcessEnv = process.env): ArenaPaths {
	const home = env['ARENA_HOME']?.trim();
	if (home) {
		const root = path.resolve(home);
		return {configDir: root, dataDir: root, databaseFile: path.join(root, 'arena.db')};
	}
	const platform = envPaths('arena', {suffix: ''});
	return {configDir: platform.config, dataDir: platform.data, databaseFile: path.join(platform.data, 'arena.db')};
}
