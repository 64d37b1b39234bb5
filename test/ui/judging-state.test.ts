import {describe, expect, test} from 'vitest';
import {
	initialJudgements,
	judge,
	type JudgementChange,
	type Judgements,
	type JudgingAction,
	paneBadge,
	rankingVerdict,
	rankingVotes,
	verdictLine,
} from '../../source/ui/judging-state.js';

/** Applies actions in order; returns the final state and every change that would be saved. */
function apply(paneCount: number, ...actions: JudgingAction[]): {state: Judgements; changes: JudgementChange[]} {
	let state = initialJudgements(paneCount);
	const changes: JudgementChange[] = [];
	for (const action of actions) {
		const result = judge(state, action);
		state = result.state;
		if (result.change) changes.push(result.change);
	}
	return {state, changes};
}

describe('scores', () => {
	test('a later score replaces an earlier one, and clearing removes it', () => {
		const {state, changes} = apply(
			2,
			{type: 'score', index: 1, score: 4},
			{type: 'score', index: 1, score: 9},
			{type: 'score', index: 0, score: 10},
			{type: 'clear-score', index: 0},
		);
		expect(state.scores).toEqual([null, 9]);
		expect(changes).toEqual([
			{type: 'score', index: 1, score: 4, rubric: null},
			{type: 'score', index: 1, score: 9, rubric: null},
			{type: 'score', index: 0, score: 10, rubric: null},
			{type: 'score', index: 0, score: null, rubric: null},
		]);
	});

	test('a typed score drops the rubric an earlier rubric score came with', () => {
		const rubric = {correctness: 9, code_quality: 7, documentation: 8, edge_cases: 6};
		const withRubric = apply(1, {type: 'score', index: 0, score: 7.8, rubric});
		expect(withRubric.state.rubrics).toEqual([rubric]);
		const typed = judge(withRubric.state, {type: 'score', index: 0, score: 5});
		expect(typed.state.rubrics).toEqual([null]);
		expect(typed.change).toEqual({type: 'score', index: 0, score: 5, rubric: null});
	});

	test('repeating a score saves it again, so a failed save can be retried', () => {
		const {changes} = apply(1, {type: 'score', index: 0, score: 6}, {type: 'score', index: 0, score: 6});
		expect(changes).toHaveLength(2);
	});

	test('a pane that does not exist is left alone', () => {
		expect(apply(2, {type: 'score', index: 2, score: 5}).changes).toEqual([]);
	});
});

describe('votes', () => {
	test('with two panes the last vote is the one that stands', () => {
		const {state, changes} = apply(2, {type: 'vote', winner: 'model_a'}, {type: 'vote', winner: 'tie (bothbad)'});
		expect(state.vote).toEqual({leftIndex: 0, rightIndex: 1, winner: 'tie (bothbad)'});
		expect(changes.map(change => change.type === 'vote' && change.vote.winner)).toEqual(['model_a', 'tie (bothbad)']);
	});

	test('there is no pairwise vote with three panes', () => {
		expect(apply(3, {type: 'vote', winner: 'model_a'})).toEqual({state: initialJudgements(3), changes: []});
	});
});

describe('ranking', () => {
	const pick = (index: number): JudgingAction => ({type: 'pick-best', index});

	test('each pick is the next best; the last pane left is ranked last by itself', () => {
		const {state, changes} = apply(4, pick(2), pick(0), pick(3));
		expect(state.ranking).toEqual([2, 0, 3, 1]);
		expect(changes).toEqual([
			{type: 'ranking', ranking: [2]},
			{type: 'ranking', ranking: [2, 0]},
			{type: 'ranking', ranking: [2, 0, 3, 1]},
		]);
	});

	test('picking a ranked pane again re-opens the ranking from that place', () => {
		const {state} = apply(4, pick(2), pick(0), pick(3), pick(0));
		expect(state.ranking).toEqual([2]);
		// Withdrawing the best withdraws the whole ranking.
		const withdrawn = apply(3, pick(1), pick(1));
		expect(withdrawn.state.ranking).toBeNull();
		expect(withdrawn.changes.at(-1)).toEqual({type: 'ranking', ranking: []});
	});

	test('there is no ranking with two panes: the vote keys are for that', () => {
		expect(apply(2, pick(0)).changes).toEqual([]);
	});
});

describe('rankingVotes', () => {
	test('the best beats everyone, the next best everyone below it, oriented in pane order', () => {
		expect(rankingVotes([1, 2, 0], 3)).toEqual([
			{leftIndex: 0, rightIndex: 1, winner: 'model_b'},
			{leftIndex: 1, rightIndex: 2, winner: 'model_a'},
			{leftIndex: 0, rightIndex: 2, winner: 'model_b'},
		]);
	});

	test('a partial ranking says nothing about the order of the unranked panes', () => {
		const votes = rankingVotes([3], 4);
		expect(votes).toEqual([
			{leftIndex: 0, rightIndex: 3, winner: 'model_b'},
			{leftIndex: 1, rightIndex: 3, winner: 'model_b'},
			{leftIndex: 2, rightIndex: 3, winner: 'model_b'},
		]);
		// n panes fully ranked: every pair exactly once.
		expect(rankingVotes([4, 2, 0, 1, 3], 5)).toHaveLength(10);
	});
});

describe('what the user reads', () => {
	test('the badge shows the place in the ranking and the score', () => {
		const {state} = apply(3, {type: 'pick-best', index: 1}, {type: 'score', index: 1, score: 7.8}, {type: 'score', index: 0, score: 10});
		expect(paneBadge(state, 1)).toBe('#1 ★ 7.8/10');
		expect(paneBadge(state, 0)).toBe('★ 10/10');
		expect(paneBadge(state, 2)).toBe('');
	});

	test('the verdict names the side, in the words of the layout', () => {
		const voted = (winner: 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)', sideBySide = true) =>
			verdictLine(apply(2, {type: 'vote', winner}).state, ['p:one', 'p:two'], sideBySide);
		expect(voted('model_a')).toBe('You voted: A (left) is better');
		expect(voted('model_b')).toBe('You voted: B (right) is better');
		expect(voted('model_b', false)).toBe('You voted: B (bottom) is better');
		expect(voted('tie')).toBe('You voted: tie');
		expect(voted('tie (bothbad)')).toBe('You voted: both are bad');
		expect(verdictLine(initialJudgements(2), ['p:one', 'p:two'], true)).toBeNull();
	});

	test('a ranking reads best first, with an ellipsis while panes are unranked', () => {
		expect(rankingVerdict([2], ['p:a', 'p:b', 'p:c', 'p:d'])).toBe('Your ranking: p:c > …');
		expect(rankingVerdict([2, 0, 1], ['p:a', 'p:b', 'p:c'])).toBe('Your ranking: p:c > p:a > p:b');
		// A spec is text from the user's config; it is still kept from steering the terminal.
		expect(rankingVerdict([0, 1, 2], ['p:\u001B[2Ja', 'p:b', 'p:c'])).toBe('Your ranking: p:a > p:b > p:c');
	});
});
