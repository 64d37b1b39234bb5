// Bundles the CLI so start-up pays for one file, with the Ink UI and each command
// in lazily loaded chunks: `arena --help` and headless runs never load React.
import {rm} from 'node:fs/promises';
import {build} from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
await rm(`${root}dist`, {recursive: true, force: true});

await build({
	absWorkingDir: root,
	entryPoints: {cli: 'source/cli.ts', bench: 'source/bench/main.ts'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20.19',
	sourcemap: 'linked',
	chunkNames: 'chunks/[name]-[hash]',
	// Native addon, and a tokenizer whose tables are loaded only on demand.
	external: ['better-sqlite3', 'gpt-tokenizer'],
	// Ink imports react-devtools-core only when DEV=true; never ship it.
	alias: {'react-devtools-core': './scripts/react-devtools-stub.mjs'},
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		js: [
			"import {createRequire as __arenaCreateRequire} from 'node:module';",
			'const require = __arenaCreateRequire(import.meta.url);',
		].join('\n'),
	},
	logLevel: 'warning',
});
