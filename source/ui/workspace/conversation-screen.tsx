import {Box, Text} from 'ink';
import {useRef, useState} from 'react';
import {firstLineOf} from '../../core/errors.js';
import type {RubricWeights} from '../../core/rubric.js';
import {stripTerminalControls} from '../../core/sanitize.js';
import {diffPair, DiffScreen} from '../answers/diff-screen.js';
import {type AnswerWorkplace, useAnswerActions} from '../answers/use-answer-actions.js';
import {PromptEditor} from '../components/prompt-editor.js';
import {EMPTY_EDITOR, type EditorState} from '../editor/editor-state.js';
import type {Judgements} from '../judging-state.js';
import type {Command} from '../keymap.js';
import {RunApp, type QuitReason, type RunAppControls} from '../run-app.js';
import {truncateToWidth} from '../text/wrap.js';
import {theme} from '../theme.js';
import type {ConversationTurnView, WorkspaceConversation} from './workspace-types.js';

/** Offered while answers stream: keys keep working during a run. */
const STREAMING_ACTIONS: readonly Command[] = ['TOGGLE_MARKDOWN', 'COPY_ANSWER', 'COPY_CODE', 'SAVE_ANSWER', 'BACK'];
/** Offered once every answer has ended. */
const FINISHED_ACTIONS: readonly Command[] = [
	'FOLLOW_UP',
	'COPY_ANSWER',
	'COPY_CODE',
	'SAVE_ANSWER',
	'OPEN_EXTERNAL',
	'DIFF_ANSWERS',
	'RETRY_PANE',
	'TOGGLE_MARKDOWN',
	'NEW_ROUND',
	'BACK',
];
const FOLLOW_UP_EDITOR_ROWS = 4;

export interface ConversationScreenProps extends AnswerWorkplace {
	conversation: WorkspaceConversation;
	/** Esc: back to home, keeping the first prompt in the editor. */
	onBack(): void;
	/** n: a new round from home with the same models, editor cleared. */
	onNewRound(): void;
	/** q or Ctrl+C once nothing streams: leave arena. */
	onQuit(): void;
	rubricWeights?: RubricWeights;
	keyboard: boolean;
	columns: number;
	rows: number;
}

type Overlay = {kind: 'none'} | {kind: 'follow-up'; editor: EditorState} | {kind: 'diff'; left: number; right: number};

/**
 * A named run and its follow-ups. The newest turn is drawn by the run view
 * (streaming, judging); this screen adds the answer actions, the follow-up
 * editor and the word diff, and one message row for what the last action did.
 */
export function ConversationScreen(props: ConversationScreenProps) {
	const {conversation, keyboard, columns, rows} = props;
	const [turns, setTurns] = useState<readonly ConversationTurnView[]>(() => [...conversation.turns()]);
	const turn = turns.at(-1)!;
	const [overlay, setOverlay] = useState<Overlay>({kind: 'none'});
	const [history, setHistory] = useState<string[]>(() => turns.map(earlier => earlier.prompt).reverse());
	// Judgements survive the run view being swapped out for the diff and back.
	const judgementsByTurn = useRef(new Map<number, Judgements>());

	const specOf = (index: number) => conversation.specs[index] ?? `pane ${index + 1}`;
	const actions = useAnswerActions(
		{directories: props.directories, screen: props.screen, env: props.env, redact: props.redact},
		{prompt: turn.prompt, view: index => turn.run.snapshot()[index], label: specOf},
	);
	const say = actions.say;

	const handleExtra = (command: Command, focusIndex: number, controls: RunAppControls) => {
		if (actions.handle(command, focusIndex)) return;
		switch (command) {
			case 'RETRY_PANE':
				turn.run.retry(focusIndex).catch((error: unknown) => say(firstLineOf(error), 'error'));
				controls.forgetPane(focusIndex);
				say(`asking ${specOf(focusIndex)} again; the other answers stay`);
				return;
			case 'DIFF_ANSWERS': {
				const pair = diffPair(focusIndex, conversation.specs.length);
				if (pair === null) say('a diff needs two answers', 'error');
				else setOverlay({kind: 'diff', left: pair[0], right: pair[1]});
				return;
			}
			case 'FOLLOW_UP':
				actions.clear();
				setOverlay({kind: 'follow-up', editor: EMPTY_EDITOR});
				return;
			case 'NEW_ROUND':
				conversation.stop();
				props.onNewRound();
				return;
			case 'BACK':
				conversation.stop();
				props.onBack();
				return;
			default:
		}
	};

	const sendFollowUp = (text: string) => {
		if (text.trim() === '') return;
		try {
			conversation.followUp(text);
			setTurns([...conversation.turns()]);
			setHistory(current => [text, ...current]);
			setOverlay({kind: 'none'});
			actions.clear();
		} catch (error) {
			say(firstLineOf(error), 'error');
		}
	};

	if (overlay.kind === 'diff') {
		const textOf = (index: number) => turn.run.snapshot()[index]?.text ?? '';
		return (
			<DiffScreen
				left={{title: specOf(overlay.left), text: textOf(overlay.left)}}
				right={{title: specOf(overlay.right), text: textOf(overlay.right)}}
				keyboard={keyboard}
				columns={columns}
				rows={rows}
				onBack={() => setOverlay({kind: 'none'})}
				onQuit={props.onQuit}
			/>
		);
	}

	const {message} = actions;
	const followingUp = overlay.kind === 'follow-up';
	const footerNode = followingUp ? (
		<Box flexDirection="column">
			<PromptEditor
				state={overlay.editor}
				onChange={editor => setOverlay({kind: 'follow-up', editor})}
				onSubmit={sendFollowUp}
				onLeave={() => setOverlay({kind: 'none'})}
				history={history}
				focus={keyboard}
				width={columns}
				maxRows={FOLLOW_UP_EDITOR_ROWS - 2}
				label={`follow-up to every pane (turn ${turn.turn + 1})`}
				placeholder="Ask a follow-up; each model sees its own earlier answer…"
			/>
			<Text dimColor wrap="truncate-end">
				{truncateToWidth('enter send · ctrl+j new line · esc cancel', columns)}
			</Text>
			{message ? <MessageRow message={message} columns={columns} /> : null}
		</Box>
	) : message ? (
		<MessageRow message={message} columns={columns} />
	) : null;
	const footerRows = followingUp ? FOLLOW_UP_EDITOR_ROWS + 1 + (message ? 1 : 0) : message ? 1 : 0;

	const title = turns.length > 1 ? `turn ${turn.turn} · ${turn.prompt}` : turn.prompt;
	return (
		<RunApp
			key={turn.turn}
			run={turn.run}
			title={title}
			judging={turn.judging}
			rubricWeights={props.rubricWeights}
			exitOnQuit={false}
			cancelKeepsView
			onQuit={(reason: QuitReason) => {
				conversation.stop();
				if (reason === 'done' || reason === 'cancelled') props.onQuit();
			}}
			extraCommands={{streaming: STREAMING_ACTIONS, finished: conversation.specs.length < 2 ? FINISHED_ACTIONS.filter(command => command !== 'DIFF_ANSWERS') : FINISHED_ACTIONS}}
			onExtraCommand={handleExtra}
			keysSuspended={followingUp}
			footer={footerNode ? {node: footerNode, rows: footerRows} : null}
			rawPanes={actions.raw}
			initialJudgements={judgementsByTurn.current.get(turn.turn)}
			onJudgements={judgements => judgementsByTurn.current.set(turn.turn, judgements)}
		/>
	);
}

function MessageRow({message, columns}: {message: {text: string; tone: 'info' | 'error'}; columns: number}) {
	return (
		<Text wrap="truncate-end" color={message.tone === 'error' ? theme.error : theme.verdict}>
			{truncateToWidth(`${message.tone === 'error' ? '✗ ' : '✓ '}${stripTerminalControls(message.text).replace(/\s+/g, ' ')}`, columns)}
		</Text>
	);
}

