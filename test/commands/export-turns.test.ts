import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {battlesOf} from '../../source/commands/export.js';
import {openHistoryStore} from '../../source/store/history-store.js';
import {modelResult, temporaryDirectories} from '../store/fixtures/store-test-kit.js';

const directories = temporaryDirectories();
afterEach(() => directories.cleanup());

describe('exporting a multi-turn battle', () => {
	it('gives FastChat every turn of each side\'s own conversation, with the turn count', async () => {
		const store = openHistoryStore(path.join(directories.make(), 'arena.db'));
		try {
			const pair = (turn: string) => [
				modelResult({spec: 'p:alpha', text: `alpha ${turn}`}),
				modelResult({spec: 'p:beta', text: `beta ${turn}`}),
			];
			const common = {system_prompt: 'be brief', mode: 'blind' as const, conversation_id: 'conv-1'};
			const first = store.saveRun({...common, prompt: 'q1', turn: 1, answers: pair('one')});
			// Alpha was sampled again in turn 1: its newest answer is the one it built on.
			store.addAnswer(first.runId, modelResult({spec: 'p:alpha', text: 'alpha one, again'}));
			const second = store.saveRun({...common, prompt: 'q2', turn: 2, answers: pair('two')});
			store.recordVote({
				run_id: second.runId,
				answer_a_id: second.answerIds[0],
				answer_b_id: second.answerIds[1],
				model_a: 'p:alpha',
				model_b: 'p:beta',
				winner: 'model_b',
			});

			const [battle] = await battlesOf(store, store.votes({includeNamed: true}));
			expect(battle?.turn).toBe(2);
			const contents = (messages: {role: string; content: string}[] | undefined) => messages?.map(message => `${message.role}: ${message.content}`);
			expect(contents(battle?.conversation_a)).toEqual([
				'system: be brief',
				'user: q1',
				'assistant: alpha one, again',
				'user: q2',
				'assistant: alpha two',
			]);
			expect(contents(battle?.conversation_b)).toEqual(['system: be brief', 'user: q1', 'assistant: beta one', 'user: q2', 'assistant: beta two']);
		} finally {
			store.close();
		}
	});
});
