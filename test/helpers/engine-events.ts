import type {ArenaRun} from '../../source/core/engine.js';

/** Resolves once every model of the run has streamed at least one answer token. */
export function allModelsStreaming(run: ArenaRun): Promise<void> {
	return new Promise(resolve => {
		const streaming = new Set<number>();
		run.subscribe(event => {
			if (event.type === 'stream' && event.event.type === 'content') streaming.add(event.index);
			if (streaming.size === run.targets.length) resolve();
		});
	});
}
