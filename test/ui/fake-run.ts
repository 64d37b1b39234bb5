import {ArenaRun} from '../../source/core/engine.js';
import type {RunTarget} from '../../source/core/types.js';
import type {StreamEvent, StreamRequest} from '../../source/providers/types.js';

/**
 * A model stream the test writes by hand: each call queues events with
 * timestamps the test chooses, so status-line figures are exact. Honours the
 * run's abort signal the way the real provider layer does.
 */
export class ScriptedStream {
	private readonly queue: StreamEvent[] = [];
	private wake: (() => void) | undefined;
	private closed = false;
	/** Set once the engine has asked for this stream. */
	started = false;
	/** The base of this stream's clock; `at(ms)` is relative to it. */
	readonly base = performance.now();

	at(offsetMs: number): number {
		return this.base + offsetMs;
	}

	push(...events: StreamEvent[]): this {
		this.queue.push(...events);
		this.wake?.();
		return this;
	}

	request(offsetMs = 0): this {
		return this.push({type: 'request', at: this.at(offsetMs)});
	}

	reasoning(text: string, offsetMs?: number): this {
		return this.push({type: 'reasoning', at: this.at(offsetMs ?? this.now()), text});
	}

	content(text: string, offsetMs?: number): this {
		return this.push({type: 'content', at: this.at(offsetMs ?? this.now()), text});
	}

	usage(outputTokens: number, offsetMs?: number): this {
		return this.push({type: 'usage', at: this.at(offsetMs ?? this.now()), source: 'usage', outputTokens});
	}

	/** A normal ending: finish_reason stop, then the end marker. */
	finish(offsetMs?: number): this {
		const at = this.at(offsetMs ?? this.now());
		return this.push({type: 'finish', at, reason: 'stop'}, {type: 'end', at});
	}

	fail(message: string, offsetMs?: number, status?: number): this {
		return this.push({type: 'error', at: this.at(offsetMs ?? this.now()), message, ...(status === undefined ? {} : {status})});
	}

	private now(): number {
		return performance.now() - this.base;
	}

	async *events(request: StreamRequest): AsyncGenerator<StreamEvent> {
		this.started = true;
		const onAbort = () => this.wake?.();
		request.signal.addEventListener('abort', onAbort);
		try {
			while (!this.closed) {
				if (request.signal.aborted) {
					yield {type: 'error', at: performance.now(), message: 'cancelled'};
					return;
				}
				const next = this.queue.shift();
				if (next) {
					yield next;
					if (next.type === 'end' || next.type === 'error') return;
					continue;
				}
				await new Promise<void>(resolve => (this.wake = resolve));
				this.wake = undefined;
			}
		} finally {
			request.signal.removeEventListener('abort', onAbort);
		}
	}
}

export interface FakeModel {
	spec: string;
	simulated?: boolean;
}

/** Words, roughly: a stand-in for the BPE counter that keeps counts predictable. */
export const countWords = (text: string): number => text.match(/\S+/g)?.length ?? 0;

/** An ArenaRun over scripted streams, one per model, in the order given. */
export function scriptedRun(models: readonly FakeModel[]): {run: ArenaRun; streams: ScriptedStream[]} {
	const streams = models.map(() => new ScriptedStream());
	const targets: RunTarget[] = models.map((model, index) => {
		const [provider, ...rest] = model.spec.split(':');
		return {
			spec: model.spec,
			provider: provider!,
			// Unique per pane, so the fake stream function can tell the requests apart.
			model: `${rest.join(':')}#${index}`,
			endpoint: {name: provider!, baseURL: 'http://127.0.0.1:9/v1'},
			simulated: model.simulated,
		};
	});
	const run = new ArenaRun(
		targets,
		{messages: [{role: 'user', content: 'hello'}], idleTimeoutMs: 60_000},
		{
			stream: request => {
				const index = Number(request.model.split('#').at(-1));
				return streams[index]!.events(request);
			},
			countTokens: countWords,
		},
	);
	return {run, streams};
}
