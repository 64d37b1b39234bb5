import type {ArenaRun} from '../../core/engine.js';
import type {VoteWinner} from '../judging-state.js';

/**
 * What the battle view asks of the command that runs it. The view draws and
 * routes keys; picking pairs, saving votes and computing ratings stay with the
 * host (commands/battle.ts), so the view never sees the store.
 */
export interface BattleHost {
	/** No suite: every round starts with a prompt typed in the view. */
	readonly needsPrompt: boolean;
	/** One neutral note for the whole battle ("simulated models"); never per side. */
	readonly simulatedNote: string | null;
	/** Whether another round may start after the current one (suite tasks left, --rounds not reached). */
	hasNextRound(): boolean;
	/**
	 * Starts the next round with its two streams already running, or returns
	 * null when there is none. `prompt` is the typed prompt; null with a suite.
	 */
	nextRound(prompt: string | null): BattleRound | null;
	/** Where the battle stands, for the progress row. */
	progress(): BattleProgress;
}

export interface BattleRound {
	/** 1-based, within this battle. */
	number: number;
	/** 1-based: which turn of the round's conversation this is; a follow-up adds one. */
	turn?: number;
	prompt: string;
	/** Two targets: index 0 is Model A (left), 1 is Model B (right). Their specs must not be drawn before the vote. */
	run: ArenaRun;
	/** The suite task this round runs, if any. */
	task: {id: string; position: number; total: number} | null;
	/**
	 * Saves the vote (once per round; only after both sides answered) and says
	 * who was who. May throw or reject; the view then keeps the names hidden
	 * and lets the user vote again.
	 */
	vote(winner: VoteWinner): BattleReveal | Promise<BattleReveal>;
	/**
	 * Sends a follow-up to both sides before the vote, each continuing its own
	 * conversation; the returned turn replaces this one on screen and takes the vote.
	 * Absent when the host offers no follow-ups (a suite task is one prompt).
	 */
	followUp?(prompt: string): BattleRound;
}

export interface RevealedSide {
	spec: string;
	simulated: boolean;
	/** Blind-vote leaderboard rating just before and just after this vote; null when unrated. */
	ratingBefore: number | null;
	ratingAfter: number | null;
	/** Blind votes the rating rests on after this vote; few means it can still swing far. */
	votesAfter?: number;
}

export interface BattleReveal {
	winner: VoteWinner;
	/** [Model A, Model B]. */
	sides: [RevealedSide, RevealedSide];
	/**
	 * The identity words an answer contained (FastChat's check). Non-empty means
	 * the vote is stored flagged and left out of the leaderboard.
	 */
	identityWords: string[];
}

export interface BattleProgress {
	/** Rounds this battle will have, when known (suite tasks left, capped by --rounds). */
	plannedRounds: number | null;
	/** With a suite: its name and how many of its tasks are judged in this pass (earlier sessions included). */
	suite: {name: string; judged: number; total: number} | null;
}
