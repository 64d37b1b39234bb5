import {Box, type Key, Text} from 'ink';
import {DiffScreen} from '../answers/diff-screen.js';
import {type AnswerWorkplace, useAnswerActions} from '../answers/use-answer-actions.js';
import {PromptEditor} from '../components/prompt-editor.js';
import {EMPTY_EDITOR, type EditorState} from '../editor/editor-state.js';
import {truncateToWidth} from '../text/wrap.js';
import {useCommandKeys} from '../hooks/use-command-keys.js';
import {useCallback, useEffect, useRef, useState} from 'react';
import type {ModelState} from '../../core/types.js';
import {useArenaRun} from '../hooks/use-arena-run.js';
import {useLatest} from '../hooks/use-latest.js';
import {usePaneNavigation} from '../hooks/use-pane-navigation.js';
import type {VoteWinner} from '../judging-state.js';
import {COMPACT_HELP_BELOW_ROWS, COMPACT_HELP_ROWS} from '../help-bar.js';
import {type Command, commandFor, viewCommands} from '../keymap.js';
import {livePaneDisplay, type PaneDisplay} from '../pane-display.js';
import {MAX_FRAMES_PER_SECOND} from '../tui-options.js';
import {anonymousPaneDisplay, failedSides, noVoteNotice, SIDE_LABELS} from './anonymous-pane.js';
import type {BattleReveal, BattleRound} from './battle-types.js';
import {BattleView} from './battle-view.js';
import {type BattleLine, revealedHeader, revealLines} from './reveal.js';

const VOTES: Partial<Record<Command, VoteWinner>> = {
	VOTE_LEFT: 'model_a',
	VOTE_RIGHT: 'model_b',
	VOTE_TIE: 'tie',
	VOTE_BOTH_BAD: 'tie (bothbad)',
};
const ENDED: ReadonlySet<ModelState> = new Set(['done', 'error', 'cancelled']);

/** How the user left a round: q, or Ctrl+C (which also stops streams still running). */
export type LeaveReason = 'quit' | 'stopped';

export type RoundPhase = 'streaming' | 'voting' | 'no-vote' | 'revealed';

export interface BattleRoundScreenProps {
	round: BattleRound;
	/** No round comes after this one: "next" finishes the battle. */
	lastRound: boolean;
	/** The progress row as it stands now; read on every render. */
	progress: () => string;
	note: string | null;
	columns: number;
	rows: number;
	/** Whether keys can be read at all. */
	keyboard: boolean;
	onNext: () => void;
	onLeave: (reason: LeaveReason) => void;
	/** A follow-up was sent before the vote: the next turn replaces this one on screen. */
	onFollowUp?: (next: BattleRound) => void;
	/** Offer Esc to leave the battle (inside the workspace, where Esc always goes back). */
	backKey?: boolean;
	/** Inside the workspace: copy, save, open, diff and raw work on the focused answer, named as its side until the vote. */
	workplace?: AnswerWorkplace;
}

/** While the answers stream, what can be done with them already. */
const STREAMING_ACTIONS: readonly Command[] = ['COPY_ANSWER', 'COPY_CODE', 'SAVE_ANSWER', 'TOGGLE_MARKDOWN'];
/** Once both have ended. No retry: a new sample of one side would let the user fish for a favourite. */
const ENDED_ACTIONS: readonly Command[] = ['COPY_ANSWER', 'COPY_CODE', 'SAVE_ANSWER', 'OPEN_EXTERNAL', 'DIFF_ANSWERS', 'TOGGLE_MARKDOWN'];

const FOLLOW_UP_ROWS = 4;
/** Without a workplace no action is offered, so these are never used. */
const NO_WORKPLACE: AnswerWorkplace = {directories: {answers: '.', clipboardFallback: '.'}, screen: {suspend() {}, resume() {}}};

/**
 * One blind round: both answers stream as Model A and Model B; once both are
 * complete the vote keys open (unless a side failed); the vote reveals the
 * names. Until the reveal, panes are drawn only through anonymousPaneDisplay.
 * Mounted afresh for every round (keyed by its number), so no state, and
 * nothing revealed, carries over into the next one.
 */
/** After the vote: the side's label and its name, with a chain's served model and fallbacks (none of it shown before). */
function revealedPane(pane: PaneDisplay, index: number): PaneDisplay {
	return {...pane, spec: revealedHeader(index, pane.spec)};
}

export function BattleRoundScreen({round, lastRound, progress, note, columns, rows, keyboard, onNext, onLeave, onFollowUp, backKey = false, workplace}: BattleRoundScreenProps) {
	const [diffing, setDiffing] = useState(false);
	const [followUp, setFollowUp] = useState<EditorState | null>(null);
	// A short terminal keeps the help bar to two rows; ? shows every key, and ? again fewer.
	const [helpExpanded, setHelpExpanded] = useState(false);
	const shortTerminal = rows < COMPACT_HELP_BELOW_ROWS;
	const frame = useArenaRun(round.run, {maxUpdatesPerSecond: MAX_FRAMES_PER_SECOND});
	const [reveal, setReveal] = useState<BattleReveal | null>(null);
	const [voteError, setVoteError] = useState<string | null>(null);
	const [stopping, setStopping] = useState(false);
	// Read by keys that arrive faster than frames: a second vote key must not save a second vote.
	const voteInFlight = useRef(false);
	const revealed = useRef(false);

	// Until the vote a side is only its label, in messages and file names too.
	const sideName = (index: number) => (reveal === null ? (SIDE_LABELS[index] ?? `Model ${index + 1}`) : (reveal.sides[index]?.spec ?? SIDE_LABELS[index]!));
	const actions = useAnswerActions(workplace ?? NO_WORKPLACE, {prompt: round.prompt, view: index => round.run.snapshot()[index], label: sideName});
	const panes: PaneDisplay[] = frame.views.map((view, index) => ({
		...(reveal === null
			? anonymousPaneDisplay(view, SIDE_LABELS[index] ?? 'Model', frame.takenAt)
			: revealedPane(livePaneDisplay(view, frame.takenAt), index)),
		raw: actions.raw[index] === true,
	}));
	const navigation = usePaneNavigation(panes);
	const results = frame.results;
	const phase: RoundPhase =
		results === null ? 'streaming' : failedSides(results).length > 0 ? 'no-vote' : reveal === null ? 'voting' : 'revealed';

	// A stop asked for while streaming waits for the cancelled streams to end, so the round is saved as it stood.
	useEffect(() => {
		if (stopping && results !== null) onLeave('stopped');
	}, [stopping, results, onLeave]);

	const castVote = (winner: VoteWinner) => {
		if (voteInFlight.current || revealed.current) return;
		voteInFlight.current = true;
		setVoteError(null);
		Promise.resolve()
			.then(() => round.vote(winner))
			.then(
				outcome => {
					revealed.current = true;
					setReveal(outcome);
				},
				(error: unknown) => {
					const message = error instanceof Error ? error.message : String(error);
					setVoteError(`could not save the vote: ${message.split('\n')[0] ?? 'unknown error'}`);
				},
			)
			.finally(() => {
				voteInFlight.current = false;
			});
	};

	const baseCommands: readonly Command[] =
		phase === 'streaming'
			? viewCommands.streaming
			: phase === 'voting'
				? viewCommands.battleVoting
				: lastRound
					? viewCommands.battleLastRoundOver
					: viewCommands.battleRoundOver;
	// Before the vote both sides can be asked a follow-up; the vote then covers the whole conversation.
	const canFollowUp = onFollowUp !== undefined && round.followUp !== undefined && (phase === 'voting' || phase === 'no-vote');
	const withFollowUp: readonly Command[] = canFollowUp ? withBeforeLeave(baseCommands, 'FOLLOW_UP') : baseCommands;
	const actionCommands = workplace ? (phase === 'streaming' ? STREAMING_ACTIONS : ENDED_ACTIONS) : [];
	const withActions = actionCommands.reduce<readonly Command[]>((list, command) => withBeforeLeave(list, command), withFollowUp);
	const withBack: readonly Command[] = backKey ? withBeforeLeave(withActions, 'BACK') : withActions;
	const commands: readonly Command[] = shortTerminal ? withBeforeLeave(withBack, 'SHOW_HELP') : withBack;

	const handleKey = (input: string, key: Key) => {
		const command = commandFor(commands, input, key);
		if (command === undefined) return;
		if (command === 'CANCEL' || command === 'QUIT' || command === 'BACK') {
			if (phase === 'streaming' && !stopping) {
				round.run.cancel();
				setStopping(true);
				return;
			}
			onLeave(command === 'CANCEL' || stopping ? 'stopped' : 'quit');
			return;
		}
		if (command === 'FOLLOW_UP') {
			setFollowUp(EMPTY_EDITOR);
			return;
		}
		if (command === 'SHOW_HELP') {
			setHelpExpanded(expanded => !expanded);
			return;
		}
		if (actions.handle(command, navigation.currentFocus())) return;
		if (command === 'DIFF_ANSWERS') {
			setDiffing(true);
			return;
		}
		if (command === 'NEXT_ROUND' || command === 'FINISH_BATTLE') {
			onNext();
			return;
		}
		const winner = VOTES[command];
		if (winner !== undefined) {
			if (phase === 'voting') castVote(winner);
			return;
		}
		navigation.navigate(command);
	};
	const latestHandleKey = useLatest(handleKey);
	const onKey = useCallback((input: string, key: Key) => latestHandleKey.current(input, key), [latestHandleKey]);
	useCommandKeys(onKey, {isActive: keyboard && followUp === null && !diffing});

	const sendFollowUp = (text: string) => {
		if (text.trim() === '' || !round.followUp || !onFollowUp) return;
		try {
			const next = round.followUp(text);
			setFollowUp(null);
			onFollowUp(next);
		} catch (error) {
			setVoteError(error instanceof Error ? error.message.split('\n')[0] ?? 'follow-up failed' : String(error));
		}
	};

	const lines: BattleLine[] = [];
	if (phase === 'no-vote' && results) lines.push({text: noVoteNotice(results) ?? 'no vote', tone: 'error'});
	if (reveal) lines.push(...revealLines(reveal));
	if (voteError) lines.push({text: voteError, tone: 'error'});
	if (actions.message) lines.push({text: actions.message.text, tone: actions.message.tone === 'error' ? 'error' : 'verdict'});

	const ended = frame.views.filter(view => ENDED.has(view.state)).length;
	const status = stopping
		? 'stopping…'
		: phase === 'streaming'
			? `${ended}/${frame.views.length} finished`
			: phase === 'voting'
				? 'which is better?'
				: phase === 'no-vote'
					? 'no vote'
					: 'revealed';
	// Ctrl+C still stops after the streams, but "cancel all" has nothing left to cancel then.
	const helpCommands = commands.filter(
		command => (command !== 'TOGGLE_REASONING' || hasReasoning(panes)) && (command !== 'CANCEL' || phase === 'streaming'),
	);

	if (diffing) {
		const textOf = (index: number) => round.run.snapshot()[index]?.text ?? '';
		return (
			<DiffScreen
				left={{title: sideName(0), text: textOf(0)}}
				right={{title: sideName(1), text: textOf(1)}}
				keyboard={keyboard}
				columns={columns}
				rows={rows}
				onBack={() => setDiffing(false)}
			/>
		);
	}

	const turnTitle = (round.turn ?? 1) > 1 ? `turn ${round.turn} · ${round.prompt}` : round.prompt;
	const view = (
		<BattleView
			header={{title: turnTitle, status, progress: progress(), note}}
			panes={panes}
			badges={panes.map((_, index) => (reveal ? outcomeBadge(reveal.winner, index) : ''))}
			lines={lines}
			columns={columns}
			rows={followUp === null ? rows : rows - FOLLOW_UP_ROWS - 1}
			focusIndex={navigation.viewState.focusIndex}
			scrollTops={navigation.viewState.scrollTops}
			reasoningExpanded={navigation.reasoningExpanded}
			helpCommands={keyboard && !stopping && followUp === null ? helpCommands : []}
			helpMaxRows={shortTerminal && !helpExpanded ? COMPACT_HELP_ROWS : undefined}
			onMeasure={navigation.onMeasure}
		/>
	);
	if (followUp === null) return view;
	return (
		<Box flexDirection="column">
			{view}
			<PromptEditor
				state={followUp}
				onChange={setFollowUp}
				onSubmit={sendFollowUp}
				onLeave={() => setFollowUp(null)}
				focus={keyboard}
				width={columns}
				maxRows={FOLLOW_UP_ROWS - 2}
				label={`follow-up to both models (turn ${(round.turn ?? 1) + 1})`}
				placeholder="Ask both a follow-up; the vote then judges the whole conversation…"
			/>
			<Text dimColor wrap="truncate-end">
				{truncateToWidth('enter send · ctrl+j new line · esc cancel', columns)}
			</Text>
		</Box>
	);
}

/** Adds a command just before Ctrl+C and q, where a view's own actions go. */
function withBeforeLeave(commands: readonly Command[], extra: Command): Command[] {
	const at = commands.findIndex(command => command === 'CANCEL' || command === 'QUIT');
	const index = at === -1 ? commands.length : at;
	return [...commands.slice(0, index), extra, ...commands.slice(index)];
}

function hasReasoning(panes: readonly PaneDisplay[]): boolean {
	return panes.some(pane => pane.reasoning.length > 0);
}

/** The revealed pane's mark of how it fared in the vote. */
export function outcomeBadge(winner: VoteWinner, index: number): string {
	switch (winner) {
		case 'model_a':
			return index === 0 ? '✓ better' : '';
		case 'model_b':
			return index === 1 ? '✓ better' : '';
		case 'tie':
			return '= tie';
		case 'tie (bothbad)':
			return '✗ both bad';
	}
}
