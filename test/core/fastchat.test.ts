import {describe, expect, it} from 'vitest';
import {
	type ArenaVote,
	battleCsvRow,
	type BattleConversation,
	fastChatBattleFromVote,
	importableFromFastChat,
	markdownCounts,
} from '../../source/core/fastchat.js';

/** A vote as the history store returns it for a blind battle on a stored run. */
function localVote(overrides: Partial<ArenaVote> = {}): ArenaVote {
	return {
		dedupe_key: 'run:01RUN:01A|01B',
		run_id: '01RUN',
		model_a: 'openai:gpt-4o-mini',
		model_b: 'ollama:llama3',
		winner: 'model_b',
		blind: true,
		flagged_identity: false,
		category: 'coding',
		source: 'local',
		turn: 1,
		question_id: null,
		judge: null,
		language: null,
		tstamp: 1_736_942_400.25,
		voted_at: '2025-01-15T12:00:00.250Z',
		extra: null,
		...overrides,
	};
}

const conversation: BattleConversation = {
	system_prompt: 'Answer briefly.',
	prompt: 'Reverse a list in Python',
	answer_a: 'Use `items[::-1]`.',
	answer_b: 'Call `items.reverse()` to reverse in place.',
	suite: 'coding-5',
	task_id: 'reverse-list',
};

describe('fastChatBattleFromVote', () => {
	it("writes FastChat's clean_battle fields first, in FastChat's order, with arena's own keys after them", () => {
		const battle = fastChatBattleFromVote(localVote(), conversation);
		expect(Object.keys(battle)).toEqual([
			'question_id',
			'model_a',
			'model_b',
			'winner',
			'judge',
			'conversation_a',
			'conversation_b',
			'turn',
			'anony',
			'language',
			'tstamp',
			'category',
			'flagged_identity',
			'arena_source',
			'arena_dedupe_key',
			'arena_run_id',
			'arena_suite',
			'arena_task_id',
		]);
		expect(battle).toMatchObject({
			question_id: '01RUN',
			model_a: 'openai:gpt-4o-mini',
			model_b: 'ollama:llama3',
			winner: 'model_b',
			turn: 1,
			anony: true,
			tstamp: 1_736_942_400.25,
			arena_dedupe_key: 'run:01RUN:01A|01B',
			arena_source: 'local',
		});
	});

	it('builds each side as system, user, assistant messages from the run, with token counts when a counter is given', () => {
		const battle = fastChatBattleFromVote(localVote(), conversation, {countTokens: text => text.length});
		expect(battle.conversation_a).toEqual([
			{role: 'system', content: 'Answer briefly.', num_tokens: 15},
			{role: 'user', content: 'Reverse a list in Python', num_tokens: 24},
			{role: 'assistant', content: 'Use `items[::-1]`.', num_tokens: 18},
		]);
		expect(battle.conversation_b?.map(message => message.role)).toEqual(['system', 'user', 'assistant']);
		expect(battle.conversation_b?.[2]?.content).toBe('Call `items.reverse()` to reverse in place.');

		const withoutSystem = fastChatBattleFromVote(localVote(), {...conversation, system_prompt: null});
		expect(withoutSystem.conversation_a).toEqual([
			{role: 'user', content: 'Reverse a list in Python'},
			{role: 'assistant', content: 'Use `items[::-1]`.'},
		]);
	});

	it("adds the style features FastChat's style-controlled ratings read, once tokens are counted", () => {
		const styled = {...conversation, answer_a: '# Title\n\n1. one\n2. two\n\n**bold** and __also__', answer_b: '- a\n- b\n```\n# not a header\n- nor a list\n```'};
		const battle = fastChatBattleFromVote(localVote(), styled, {countTokens: text => text.split(/\s+/).length});
		expect(battle.conv_metadata).toEqual({
			turns: 1,
			sum_user_tokens: 5,
			sum_assistant_a_tokens: 9,
			sum_assistant_b_tokens: 14,
			header_count_a: {h1: 1, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0},
			list_count_a: {ordered: 2, unordered: 0},
			bold_count_a: {'**': 1, __: 1},
			header_count_b: {h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0},
			list_count_b: {ordered: 0, unordered: 2},
			bold_count_b: {'**': 0, __: 0},
		});
		expect(fastChatBattleFromVote(localVote(), styled).conv_metadata).toBeUndefined();
		expect(markdownCounts('## Two\n### Three\n#no-space\n  * nested\n10. ten').headers).toEqual({h1: 0, h2: 1, h3: 1, h4: 0, h5: 0, h6: 0});
		expect(markdownCounts('  * nested\n10. ten').lists).toEqual({ordered: 1, unordered: 1});
	});

	it('never leaves judge or language empty, since FastChat groups by judge and string-matches language', () => {
		const battle = fastChatBattleFromVote(localVote({source: 'alice'}), null);
		expect(battle.judge).toBe('arena_user_alice');
		expect(battle.language).toBe('unknown');
		expect(battle.conversation_a).toBeUndefined();
		expect(fastChatBattleFromVote(localVote({judge: 'arena_user_7', language: 'English'})).judge).toBe('arena_user_7');
	});

	it('takes the time from voted_at when the vote has no tstamp', () => {
		const battle = fastChatBattleFromVote(localVote({tstamp: null, voted_at: '2025-03-01T00:00:01.500Z'}));
		expect(battle.tstamp).toBe(Date.UTC(2025, 2, 1, 0, 0, 1, 500) / 1000);
	});

	it('gives back every field an imported record carried, without letting one overwrite a real column', () => {
		const imported = localVote({
			run_id: null,
			dedupe_key: 'import:abc',
			question_id: 'q-17',
			judge: 'arena_user_42',
			language: 'English',
			source: 'lmsys',
			extra: {
				conversation_a: [{role: 'user', content: 'hi'}],
				dedup_tag: {high_freq: false},
				category_tag: {math: true},
				winner: 'tie',
			},
		});
		const battle = fastChatBattleFromVote(imported);
		expect(battle.conversation_a).toEqual([{role: 'user', content: 'hi'}]);
		expect(battle.dedup_tag).toEqual({high_freq: false});
		expect(battle.category_tag).toEqual({math: true});
		expect(battle.winner).toBe('model_b');
		expect(battle.question_id).toBe('q-17');
		expect(battle.arena_run_id).toBeUndefined();
	});
});

describe('importableFromFastChat', () => {
	const options = {defaultSource: 'team-a'};

	it('needs only model_a, model_b and winner, like the public FastChat battle files', () => {
		expect(importableFromFastChat({model_a: 'a', model_b: 'b', winner: 'tie (bothbad)'}, options)).toEqual({
			model_a: 'a',
			model_b: 'b',
			winner: 'tie (bothbad)',
			blind: false,
			flagged_identity: false,
			category: null,
			turn: null,
			question_id: null,
			judge: null,
			language: null,
			tstamp: null,
			extra: null,
			source: 'team-a',
		});
	});

	it('maps anony to blind and keeps every field arena has no column for', () => {
		const record = {
			question_id: 'abc123',
			model_a: 'vicuna-13b',
			model_b: 'koala-13b',
			winner: 'model_a',
			judge: 'arena_user_1',
			conversation_a: [{role: 'user', content: 'hi', num_tokens: 1}],
			conversation_b: [{role: 'user', content: 'hi', num_tokens: 1}],
			turn: 1,
			anony: true,
			language: 'English',
			tstamp: 1_682_351_591.1322,
			dedup_tag: {sampled: true},
		};
		const battle = importableFromFastChat(record, options);
		expect(battle).toMatchObject({
			blind: true,
			question_id: 'abc123',
			judge: 'arena_user_1',
			language: 'English',
			tstamp: 1_682_351_591.1322,
			turn: 1,
			extra: {conversation_a: record.conversation_a, conversation_b: record.conversation_b, dedup_tag: {sampled: true}},
		});
		expect(Object.keys((battle as {extra: object}).extra)).toEqual(['conversation_a', 'conversation_b', 'dedup_tag']);
	});

	it('says exactly what is wrong with a record it cannot take', () => {
		const reason = (record: unknown) => (importableFromFastChat(record, options) as {reason?: string}).reason;
		expect(reason(42)).toBe('expected an object with model_a, model_b and winner, got 42');
		expect(reason([1, 2])).toMatch(/got an array/);
		expect(reason({model_a: 'a', winner: 'tie'})).toBe('missing model_b');
		expect(reason({model_a: '', model_b: 'b', winner: 'tie'})).toBe('model_a must be a non-empty string, got ""');
		expect(reason({model_a: 'a', model_b: 'b', winner: 'left'})).toBe(
			'winner must be one of "model_a", "model_b", "tie", "tie (bothbad)", got "left"',
		);
		expect(reason({model_a: 'a', model_b: 'b', winner: 'tie', anony: 'yes'})).toBe('anony must be true or false, got "yes"');
		expect(reason({model_a: 'a', model_b: 'b', winner: 'tie', tstamp: '2024-01-01'})).toBe('tstamp must be Unix seconds (a number), got "2024-01-01"');
		expect(reason({model_a: 'a', model_b: 'b', winner: 'tie', turn: 1.5})).toBe('turn must be a whole number, got 1.5');
		expect(reason({model_a: 'a', model_b: 'b', winner: 'tie', judge: {id: 1}})).toBe('judge must be text, got an object');
	});

	it("reads FastChat's turn 0 (not counted) as arena's default turn", () => {
		expect(importableFromFastChat({model_a: 'a', model_b: 'b', winner: 'tie', turn: 0}, options)).toMatchObject({turn: null});
	});

	it("relabels votes that were local on the exporting machine, keeps other labels, and lets --source override both", () => {
		const exported = fastChatBattleFromVote(localVote(), conversation);
		expect(importableFromFastChat(exported, options)).toMatchObject({source: 'team-a', dedupe_key: 'run:01RUN:01A|01B'});
		const relayed = fastChatBattleFromVote(localVote({source: 'carol'}), conversation);
		expect(importableFromFastChat(relayed, options)).toMatchObject({source: 'carol'});
		expect(importableFromFastChat(relayed, {...options, overrideSource: 'mine'})).toMatchObject({source: 'mine'});
	});

	it('turns an exported vote back into the same vote, with the conversation kept for the next export', () => {
		const vote = localVote({flagged_identity: true, blind: false, winner: 'tie', judge: 'arena_user_9', language: 'German'});
		const exported = fastChatBattleFromVote(vote, conversation);
		const imported = importableFromFastChat(JSON.parse(JSON.stringify(exported)), options);
		expect(imported).toMatchObject({
			model_a: vote.model_a,
			model_b: vote.model_b,
			winner: 'tie',
			blind: false,
			flagged_identity: true,
			category: 'coding',
			turn: 1,
			question_id: '01RUN',
			judge: 'arena_user_9',
			language: 'German',
			tstamp: vote.tstamp,
			dedupe_key: vote.dedupe_key,
		});
		const extra = (imported as {extra: Record<string, unknown>}).extra;
		expect(extra.conversation_a).toEqual(exported.conversation_a);
		expect(extra.arena_run_id).toBe('01RUN');
		expect(extra).not.toHaveProperty('arena_dedupe_key');
		expect(extra).not.toHaveProperty('arena_source');
	});
});

describe('battleCsvRow', () => {
	it('flattens a battle to the prompt and both answers, for a spreadsheet', () => {
		const row = battleCsvRow(fastChatBattleFromVote(localVote(), conversation));
		expect(row).toMatchObject({
			voted_at: '2025-01-15T12:00:00.250Z',
			model_a: 'openai:gpt-4o-mini',
			anony: true,
			source: 'local',
			system_prompt: 'Answer briefly.',
			prompt: 'Reverse a list in Python',
			answer_a: 'Use `items[::-1]`.',
			answer_b: 'Call `items.reverse()` to reverse in place.',
		});
		expect(battleCsvRow(fastChatBattleFromVote(localVote(), null))).toMatchObject({prompt: null, answer_a: null, answer_b: null});
	});
});
