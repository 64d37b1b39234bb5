import {createHash} from 'node:crypto';
import type {Suite} from '../suites/suite.js';

/*
 * Where a suite stands with a set of models, shared by `arena battle --suite`
 * and `arena run --suite`. A session is the command, the suite, the set of
 * models and a pass number: `run:coding-5:3f9a1c2b7d4e:1`. Running the same
 * suite with the same models continues the first pass that still has a task
 * left to do; once every task of a pass is done, the next pass begins. What
 * "done" means is the command's to say (a vote, a judged run, a saved run).
 */

/** Which command the session belongs to; the two never share progress. */
export type SuiteSessionKind = 'battle' | 'run';

export interface SuitePass {
	/** 1-based. */
	pass: number;
	sessionId: string;
	/** Ids of the suite's tasks already done in this pass (ids no longer in the suite are left out). */
	done: Set<string>;
}

/** `run:coding-5:3f9a1c2b7d4e:1`: the command, the suite, a hash of the sorted distinct specs, the pass. */
export function suiteSessionId(kind: SuiteSessionKind, suite: string, models: readonly {spec: string}[], pass: number): string {
	const specs = [...new Set(models.map(model => model.spec))].sort();
	const modelsHash = createHash('sha256').update(JSON.stringify(specs)).digest('hex').slice(0, 12);
	return `${kind}:${suite}:${modelsHash}:${pass}`;
}

/**
 * The first pass with a task not yet done, and the tasks of that pass that
 * are. `doneIn(sessionId)` says which task ids count as done in a session.
 */
export function findSuitePass(
	kind: SuiteSessionKind,
	suite: Suite,
	models: readonly {spec: string}[],
	doneIn: (sessionId: string) => Iterable<string>,
): SuitePass {
	const taskIds = new Set(suite.tasks.map(task => task.id));
	for (let pass = 1; ; pass++) {
		const sessionId = suiteSessionId(kind, suite.name, models, pass);
		const done = new Set([...doneIn(sessionId)].filter(id => taskIds.has(id)));
		if (done.size < taskIds.size) return {pass, sessionId, done};
	}
}
