import {describe, expect, it} from 'vitest';
import {nextTurnMessages} from '../../source/core/conversation.js';

describe('nextTurnMessages', () => {
	it('gives each model its own earlier answers, after the system prompt', () => {
		const messages = nextTurnMessages('be brief', [{prompt: 'q1', answers: ['a1', 'b1']}], 'q2', 2);
		expect(messages[0]).toEqual([
			{role: 'system', content: 'be brief'},
			{role: 'user', content: 'q1'},
			{role: 'assistant', content: 'a1'},
			{role: 'user', content: 'q2'},
		]);
		expect(messages[1]?.[2]).toEqual({role: 'assistant', content: 'b1'});
	});

	it('leaves out a failed answer rather than borrowing another model\'s', () => {
		const messages = nextTurnMessages(undefined, [{prompt: 'q1', answers: ['a1', '']}], 'q2', 2);
		expect(messages[1]).toEqual([
			{role: 'user', content: 'q1'},
			{role: 'user', content: 'q2'},
		]);
	});

	it('keeps every turn in order for a third turn', () => {
		const turns = [
			{prompt: 'q1', answers: ['a1']},
			{prompt: 'q2', answers: ['a2']},
		];
		expect(nextTurnMessages(undefined, turns, 'q3', 1)[0]?.map(message => message.content)).toEqual(['q1', 'a1', 'q2', 'a2', 'q3']);
	});
});
