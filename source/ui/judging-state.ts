import type {RubricScores} from '../core/rubric.js';
import {stripTerminalControls} from '../core/sanitize.js';

/**
 * What the user has decided about a finished run: a score per pane, a vote
 * between two panes, or a ranking of three or more. A pure reducer that also
 * says what changed, so the view can hand exactly that change to the command
 * (outside any state updater) and tests need no Ink.
 */

/** FastChat's four outcomes; `model_a` is the left pane (A). */
export type VoteWinner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';

export interface PairVote {
	leftIndex: number;
	rightIndex: number;
	winner: VoteWinner;
}

export interface Judgements {
	/** Per pane, 0–10; null when not scored (or cleared). */
	scores: (number | null)[];
	/** Per pane, the rubric marks behind its score; null for a score typed directly. */
	rubrics: (RubricScores | null)[];
	/** Two panes only. */
	vote: PairVote | null;
	/**
	 * Three or more panes only: pane indices, best first. Panes not in it rank
	 * below every pane that is. Null until the first pick.
	 */
	ranking: number[] | null;
}

export type JudgingAction =
	| {type: 'score'; index: number; score: number; rubric?: RubricScores | null}
	| {type: 'clear-score'; index: number}
	| {type: 'vote'; winner: VoteWinner}
	/** Adds the pane as the next best; on a pane already ranked, re-opens the ranking from there. */
	| {type: 'pick-best'; index: number};

/**
 * What to save after an action. Repeating a judgement saves it again (saving is
 * idempotent), which is how the user retries after a failed save. None when the
 * action does not apply (a vote with three panes, say).
 */
export type JudgementChange =
	| {type: 'score'; index: number; score: number | null; rubric: RubricScores | null}
	| {type: 'vote'; vote: PairVote}
	/** Best first; empty when the ranking was withdrawn. */
	| {type: 'ranking'; ranking: number[]};

export function initialJudgements(paneCount: number): Judgements {
	return {
		scores: Array.from({length: paneCount}, () => null),
		rubrics: Array.from({length: paneCount}, () => null),
		vote: null,
		ranking: null,
	};
}

export function judge(state: Judgements, action: JudgingAction): {state: Judgements; change: JudgementChange | null} {
	const paneCount = state.scores.length;
	const unchanged = {state, change: null};
	switch (action.type) {
		case 'score': {
			if (!isPane(action.index, paneCount)) return unchanged;
			const rubric = action.rubric ?? null;
			return {
				state: {
					...state,
					scores: replaceAt(state.scores, action.index, action.score),
					rubrics: replaceAt(state.rubrics, action.index, rubric),
				},
				change: {type: 'score', index: action.index, score: action.score, rubric},
			};
		}
		case 'clear-score': {
			if (!isPane(action.index, paneCount)) return unchanged;
			return {
				state: {
					...state,
					scores: replaceAt(state.scores, action.index, null),
					rubrics: replaceAt(state.rubrics, action.index, null),
				},
				change: {type: 'score', index: action.index, score: null, rubric: null},
			};
		}
		case 'vote': {
			if (paneCount !== 2) return unchanged;
			const vote: PairVote = {leftIndex: 0, rightIndex: 1, winner: action.winner};
			return {state: {...state, vote}, change: {type: 'vote', vote}};
		}
		case 'pick-best': {
			if (paneCount < 3 || !isPane(action.index, paneCount)) return unchanged;
			const ranking = nextRanking(state.ranking ?? [], action.index, paneCount);
			return {
				state: {...state, ranking: ranking.length === 0 ? null : ranking},
				change: {type: 'ranking', ranking},
			};
		}
	}
}

function nextRanking(ranking: readonly number[], index: number, paneCount: number): number[] {
	const place = ranking.indexOf(index);
	// Picking a ranked pane again means "I want to redo from here".
	const next = place === -1 ? [...ranking, index] : ranking.slice(0, place);
	// With one pane left there is nothing to choose: it is last.
	if (next.length === paneCount - 1) {
		const last = Array.from({length: paneCount}, (_, pane) => pane).find(pane => !next.includes(pane))!;
		next.push(last);
	}
	return next;
}

/**
 * The pairwise outcomes a ranking stands for: each ranked pane beats every pane
 * ranked below it and every unranked pane. Oriented in pane order (left is the
 * lower index), as votes between two panes are.
 */
export function rankingVotes(ranking: readonly number[], paneCount: number): PairVote[] {
	const votes: PairVote[] = [];
	for (const [place, winner] of ranking.entries()) {
		for (let loser = 0; loser < paneCount; loser += 1) {
			const loserPlace = ranking.indexOf(loser);
			// Itself, or a pane ranked above it: not beaten by this one.
			if (loser === winner || (loserPlace !== -1 && loserPlace < place)) continue;
			votes.push(
				winner < loser
					? {leftIndex: winner, rightIndex: loser, winner: 'model_a'}
					: {leftIndex: loser, rightIndex: winner, winner: 'model_b'},
			);
		}
	}
	return votes;
}

/** How a score reads: "8", "7.8". */
export function formatScore(score: number): string {
	return String(Math.round(score * 100) / 100);
}

/** The judgement drawn in a pane's header: its score, and its place in a ranking. */
export function paneBadge(judgements: Judgements, index: number): string {
	const parts: string[] = [];
	const place = judgements.ranking?.indexOf(index) ?? -1;
	if (place !== -1) parts.push(`#${place + 1}`);
	const score = judgements.scores[index];
	if (score !== null && score !== undefined) parts.push(`★ ${formatScore(score)}/10`);
	return parts.join(' ');
}

/** "A (left)" side by side, "A (top)" when the panes are stacked. */
export function voteVerdict(winner: VoteWinner, sideBySide: boolean): string {
	const [left, right] = sideBySide ? ['left', 'right'] : ['top', 'bottom'];
	switch (winner) {
		case 'model_a':
			return `You voted: A (${left}) is better`;
		case 'model_b':
			return `You voted: B (${right}) is better`;
		case 'tie':
			return 'You voted: tie';
		case 'tie (bothbad)':
			return 'You voted: both are bad';
	}
}

/** "Your ranking: p:one > p:three > …" with the unranked panes left off. */
export function rankingVerdict(ranking: readonly number[], specs: readonly string[]): string {
	const names = ranking.map(index => stripTerminalControls(specs[index] ?? `#${index + 1}`));
	const rest = ranking.length < specs.length ? ' > …' : '';
	return `Your ranking: ${names.join(' > ')}${rest}`;
}

/** The verdict line under the panes, or null when nothing has been voted or ranked. */
export function verdictLine(judgements: Judgements, specs: readonly string[], sideBySide: boolean): string | null {
	if (judgements.vote) return voteVerdict(judgements.vote.winner, sideBySide);
	if (judgements.ranking) return rankingVerdict(judgements.ranking, specs);
	return null;
}

function isPane(index: number, paneCount: number): boolean {
	return Number.isInteger(index) && index >= 0 && index < paneCount;
}

function replaceAt<Item>(items: readonly Item[], index: number, item: Item): Item[] {
	const next = [...items];
	next[index] = item;
	return next;
}
