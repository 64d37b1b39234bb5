import {stripTerminalControls} from '../../core/sanitize.js';
import type {VoteWinner} from '../judging-state.js';
import {SIDE_LABELS} from './anonymous-pane.js';
import type {BattleReveal, RevealedSide} from './battle-types.js';

/** How the lines under the panes read once a round is over. Pure. */

export type BattleLineTone = 'verdict' | 'reveal' | 'warning' | 'error';

export interface BattleLine {
	text: string;
	tone: BattleLineTone;
}

export function battleVerdict(winner: VoteWinner): string {
	switch (winner) {
		case 'model_a':
			return 'You voted: A is better';
		case 'model_b':
			return 'You voted: B is better';
		case 'tie':
			return 'You voted: tie';
		case 'tie (bothbad)':
			return 'You voted: both are bad';
	}
}

/** "rating 1000 → 1016 (+16)", "rating new → 1016", "unrated". Rounded first, so the delta matches what is shown. */
export function formatRatingChange(before: number | null, after: number | null): string {
	const shownBefore = before === null ? null : Math.round(before);
	const shownAfter = after === null ? null : Math.round(after);
	if (shownAfter === null) return shownBefore === null ? 'unrated' : `rating ${shownBefore} → unrated`;
	if (shownBefore === null) return `rating new → ${shownAfter}`;
	const delta = shownAfter - shownBefore;
	const signed = delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : '±0';
	return `rating ${shownBefore} → ${shownAfter} (${signed})`;
}

function sideLine(label: string, side: RevealedSide, counted: boolean): string {
	const name = stripTerminalControls(side.spec) + (side.simulated ? ' (simulated)' : '');
	if (!counted) {
		const rating = side.ratingBefore === null ? 'unrated' : `rating ${Math.round(side.ratingBefore)}`;
		return `${label} was ${name} · ${rating}, unchanged`;
	}
	return `${label} was ${name} · ${formatRatingChange(side.ratingBefore, side.ratingAfter)}${provisional(side.votesAfter)}`;
}

/**
 * Below this many votes a Bradley–Terry rating is mostly noise (one win reads
 * as 1800 against 200); the reveal says so rather than let it look settled.
 */
export const PROVISIONAL_BELOW_VOTES = 10;

function provisional(votes: number | undefined): string {
	if (votes === undefined || votes >= PROVISIONAL_BELOW_VOTES) return '';
	return ` · provisional, ${votes} ${votes === 1 ? 'vote' : 'votes'}`;
}

/** The verdict, who was who with each rating change, and the flag when an answer named a model. */
export function revealLines(reveal: BattleReveal): BattleLine[] {
	const flagged = reveal.identityWords.length > 0;
	const lines: BattleLine[] = [{text: battleVerdict(reveal.winner), tone: 'verdict'}];
	reveal.sides.forEach((side, index) => lines.push({text: sideLine(SIDE_LABELS[index]!, side, !flagged), tone: 'reveal'}));
	if (flagged) {
		lines.push({
			text: `flagged: an answer names a model or vendor (${reveal.identityWords.join(', ')}); the vote is kept but left out of the leaderboard`,
			tone: 'warning',
		});
	}
	return lines;
}

/** A revealed pane's header: which side it was, then who. */
export function revealedHeader(index: number, spec: string): string {
	return `${SIDE_LABELS[index] ?? 'Model'}: ${spec}`;
}
