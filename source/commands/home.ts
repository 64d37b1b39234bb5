import {UsageError} from '../core/errors.js';
import {reportFatal} from './exit.js';
import {runCommand} from './run.js';
import type {RunCommandOptions} from './run-setup.js';

/**
 * `arena` with no command: on a terminal, ask for a prompt and run it against the
 * chosen models (the demo when nothing is configured). Off a terminal there is
 * nothing to interact with, so it says how to run headless.
 */
export async function homeCommand(options: RunCommandOptions): Promise<number> {
	if (!process.stdout.isTTY || !process.stdin.isTTY || options.json) {
		return reportFatal(
			new UsageError('arena needs a terminal for the interactive arena; for scripts use `arena run PROMPT -m SPEC … --json`'),
		);
	}
	return runCommand(undefined, options);
}
