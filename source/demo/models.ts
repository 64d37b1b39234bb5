/** The simulated models the demo provider offers. */

export interface DemoModel {
	/** Model id as the server knows it; the arena spec is `demo:<id>`. */
	id: string;
	label: string;
	description: string;
	/** Typical time to first token at speed 1, in milliseconds. */
	ttftMs: number;
	/** Typical decode speed at speed 1. */
	tokensPerSecond: number;
	/** Streams `delta.reasoning_content` before the answer, like DeepSeek-reasoner. */
	reasoning: boolean;
}

export type DemoModelId = 'swift' | 'steady' | 'thinker';

export const DEMO_MODELS: readonly DemoModel[] = Object.freeze([
	{
		id: 'swift',
		label: 'Swift',
		description: 'Simulated fast model: first token in ~150 ms, ~110 tok/s; brief answers that skip some edge cases.',
		ttftMs: 150,
		tokensPerSecond: 110,
		reasoning: false,
	},
	{
		id: 'steady',
		label: 'Steady',
		description: 'Simulated careful model: first token in ~450 ms, ~45 tok/s; thorough answers with tests and caveats.',
		ttftMs: 450,
		tokensPerSecond: 45,
		reasoning: false,
	},
	{
		id: 'thinker',
		label: 'Thinker',
		description: 'Simulated reasoning model: first token in ~700 ms, thinks aloud (reasoning_content) and then answers at ~70 tok/s.',
		ttftMs: 700,
		tokensPerSecond: 70,
		reasoning: true,
	},
] satisfies Array<DemoModel & {id: DemoModelId}>);

export function findDemoModel(id: string): DemoModel | undefined {
	return DEMO_MODELS.find(model => model.id === id);
}

export function isDemoModelId(id: string): id is DemoModelId {
	return findDemoModel(id) !== undefined;
}
