/**
 * The bench runs from a private copy of dist/. `npm run build` starts by
 * deleting dist/, and other builds in the same checkout must not pull chunks
 * out from under a bench that is halfway through its few minutes.
 */
import {cp, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

export interface BuildSnapshot {
	/** Holds cli.js, bench.js and chunks/, like dist/. */
	dir: string;
	dispose(): Promise<void>;
}

export async function snapshotBuild(distDir: string): Promise<BuildSnapshot> {
	const projectRoot = path.dirname(distDir);
	const dir = await mkdtemp(path.join(tmpdir(), 'arena-bench-dist-'));
	await cp(distDir, dir, {recursive: true});
	// The bundle leaves better-sqlite3 and gpt-tokenizer external; resolve them from the project as dist/ does.
	await symlink(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	// .js files are ES modules only under a package.json that says so.
	await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({type: 'module', private: true})}\n`);
	return {dir, dispose: () => rm(dir, {recursive: true, force: true})};
}
