import {firstLineOf} from '../../core/errors.js';
import {Box, type Key, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {codeBlocksText} from '../../core/code-blocks.js';
import {stripTerminalControls} from '../../core/sanitize.js';
import {saveAnswer, answerDocument} from '../actions/answer-files.js';
import {copyText} from '../actions/clipboard.js';
import {openInViewer, type ViewerKind} from '../actions/external-viewer.js';
import {DiffView} from '../components/diff-view.js';
import {PromptEditor} from '../components/prompt-editor.js';
import {EMPTY_EDITOR, type EditorState} from '../editor/editor-state.js';
import {HelpBar} from '../help-bar.js';
import type {Judgements} from '../judging-state.js';
import {type Command, commandFor, SCROLLING} from '../keymap.js';
import {RunApp, type QuitReason, type RunAppControls} from '../run-app.js';
import {truncateToWidth} from '../text/wrap.js';
import {theme} from '../theme.js';
import type {RubricWeights} from '../../core/rubric.js';
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
const DIFF_COMMANDS: readonly Command[] = [...SCROLLING, 'BACK'];
const FOLLOW_UP_EDITOR_ROWS = 4;

export interface ConversationScreenProps {
	conversation: WorkspaceConversation;
	/** Esc: back to home, keeping the first prompt in the editor. */
	onBack(): void;
	/** n: a new round from home with the same models, editor cleared. */
	onNewRound(): void;
	/** q or Ctrl+C once nothing streams: leave arena. */
	onQuit(): void;
	/** Leaves and restores the workspace's screen around an external program ($PAGER, $EDITOR). */
	screen: {suspend(): void; resume(): void};
	directories: {answers: string; clipboardFallback: string};
	rubricWeights?: RubricWeights;
	keyboard: boolean;
	columns: number;
	rows: number;
	env?: NodeJS.ProcessEnv;
}

type Overlay = {kind: 'none'} | {kind: 'follow-up'; editor: EditorState} | {kind: 'diff'; left: number; right: number; scrollTop: number};

/**
 * A named run and its follow-ups. The newest turn is drawn by the run view
 * (streaming, judging); this screen adds the answer actions, the follow-up
 * editor and the word diff, and one message row for what the last action did.
 */
export function ConversationScreen(props: ConversationScreenProps) {
	const {conversation, keyboard, columns, rows} = props;
	const [turns, setTurns] = useState<readonly ConversationTurnView[]>(() => [...conversation.turns()]);
	const turn = turns.at(-1)!;
	const [raw, setRaw] = useState<boolean[]>(() => conversation.specs.map(() => false));
	const [overlay, setOverlay] = useState<Overlay>({kind: 'none'});
	const [message, setMessage] = useState<{text: string; tone: 'info' | 'error'} | null>(null);
	const [history, setHistory] = useState<string[]>(() => turns.map(earlier => earlier.prompt).reverse());
	// Judgements survive the run view being swapped out for the diff and back.
	const judgementsByTurn = useRef(new Map<number, Judgements>());
	const diffRows = useRef(0);

	const env = props.env ?? process.env;
	const say = (text: string, tone: 'info' | 'error' = 'info') => setMessage({text, tone});

	const answerText = (index: number) => turn.run.snapshot()[index]?.text ?? '';
	const specOf = (index: number) => conversation.specs[index] ?? `pane ${index + 1}`;

	const copy = (index: number, codeOnly: boolean) => {
		const text = codeOnly ? codeBlocksText(answerText(index)) : answerText(index);
		if (text.trim() === '') {
			say(codeOnly ? 'no code blocks in this answer yet' : 'nothing to copy yet', 'error');
			return;
		}
		copyText(text, {env, fallbackDir: props.directories.clipboardFallback}).then(
			result => {
				const what = codeOnly ? 'code' : 'answer';
				if (result.kind === 'clipboard') say(`copied the ${what} of ${specOf(index)} (${text.length.toLocaleString('en-US')} chars) with ${result.tool}`);
				// The path first: on a narrow terminal the reason is what gets cut off.
				else say(`wrote the ${what} to ${result.path} (${result.reason})`);
			},
			(error: unknown) => say(`could not copy: ${firstLineOf(error)}`, 'error'),
		);
	};

	const save = (index: number) => {
		const view = turn.run.snapshot()[index];
		if (!view || view.text.trim() === '') {
			say('nothing to save yet', 'error');
			return;
		}
		const document = answerDocument({
			title: specOf(index),
			prompt: turn.prompt,
			text: view.text,
			meta: metaLines(view),
		});
		saveAnswer(document, {dir: props.directories.answers, label: specOf(index)}).then(
			file => say(`saved to ${file}`),
			(error: unknown) => say(`could not save: ${firstLineOf(error)}`, 'error'),
		);
	};

	const openExternally = (index: number) => {
		const text = answerText(index);
		if (text.trim() === '') {
			say('nothing to open yet', 'error');
			return;
		}
		const kind: ViewerKind = env['PAGER'] ? 'pager' : env['VISUAL'] || env['EDITOR'] ? 'editor' : 'pager';
		props.screen.suspend();
		let outcome: ReturnType<typeof openInViewer>;
		try {
			outcome = openInViewer(text, {kind, env, fileName: `${specOf(index)}.md`});
		} finally {
			props.screen.resume();
		}
		// The message changes the frame, so the whole screen is drawn again after the viewer.
		if (outcome.ok) say(`back from ${outcome.command}`);
		else say(outcome.message, 'error');
	};

	const handleExtra = (command: Command, focusIndex: number, controls: RunAppControls) => {
		switch (command) {
			case 'COPY_ANSWER':
				copy(focusIndex, false);
				return;
			case 'COPY_CODE':
				copy(focusIndex, true);
				return;
			case 'SAVE_ANSWER':
				save(focusIndex);
				return;
			case 'OPEN_EXTERNAL':
				openExternally(focusIndex);
				return;
			case 'TOGGLE_MARKDOWN':
				setRaw(current => current.map((value, index) => (index === focusIndex ? !value : value)));
				return;
			case 'RETRY_PANE':
				turn.run.retry(focusIndex).catch((error: unknown) => say(firstLineOf(error), 'error'));
				controls.forgetPane(focusIndex);
				say(`asking ${specOf(focusIndex)} again; the other answers stay`);
				return;
			case 'DIFF_ANSWERS': {
				if (conversation.specs.length < 2) {
					say('a diff needs two answers', 'error');
					return;
				}
				const other = focusIndex === conversation.specs.length - 1 ? focusIndex - 1 : focusIndex + 1;
				const [left, right] = focusIndex < other ? [focusIndex, other] : [other, focusIndex];
				setOverlay({kind: 'diff', left, right, scrollTop: 0});
				return;
			}
			case 'FOLLOW_UP':
				setMessage(null);
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
			setMessage(null);
		} catch (error) {
			say(firstLineOf(error), 'error');
		}
	};

	useInput(
		(input: string, key: Key) => {
			if (overlay.kind !== 'diff') return;
			const command = commandFor(DIFF_COMMANDS, input, key);
			const page = Math.max(1, rows - 4);
			const move = (top: number) => setOverlay({...overlay, scrollTop: Math.max(0, Math.min(top, Math.max(0, diffRows.current - page)))});
			switch (command) {
				case 'BACK':
					setOverlay({kind: 'none'});
					return;
				case 'SCROLL_UP':
					move(overlay.scrollTop - 1);
					return;
				case 'SCROLL_DOWN':
					move(overlay.scrollTop + 1);
					return;
				case 'PAGE_UP':
					move(overlay.scrollTop - page);
					return;
				case 'PAGE_DOWN':
					move(overlay.scrollTop + page);
					return;
				case 'SCROLL_TOP':
					move(0);
					return;
				case 'SCROLL_BOTTOM':
					move(Number.MAX_SAFE_INTEGER);
					return;
				default:
					if (input === 'q') props.onQuit();
			}
		},
		{isActive: keyboard && overlay.kind === 'diff'},
	);

	if (overlay.kind === 'diff') {
		const left = turn.run.snapshot()[overlay.left];
		const right = turn.run.snapshot()[overlay.right];
		return (
			<Box flexDirection="column" width={columns}>
				<Text wrap="truncate-end" bold>
					{truncateToWidth(`word diff · ${specOf(overlay.left)} ⇄ ${specOf(overlay.right)}`, columns)}
				</Text>
				<DiffView
					left={{title: specOf(overlay.left), text: left?.text ?? ''}}
					right={{title: specOf(overlay.right), text: right?.text ?? ''}}
					width={columns}
					rows={Math.max(3, rows - 3)}
					scrollTop={overlay.scrollTop}
					onMeasure={total => (diffRows.current = total)}
				/>
				{keyboard ? <HelpBar commands={DIFF_COMMANDS} width={columns} /> : null}
			</Box>
		);
	}

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
			onQuit={(reason: QuitReason) => {
				conversation.stop();
				if (reason === 'done' || reason === 'cancelled') props.onQuit();
			}}
			extraCommands={{streaming: STREAMING_ACTIONS, finished: conversation.specs.length < 2 ? FINISHED_ACTIONS.filter(command => command !== 'DIFF_ANSWERS') : FINISHED_ACTIONS}}
			onExtraCommand={handleExtra}
			keysSuspended={followingUp}
			footer={footerNode ? {node: footerNode, rows: footerRows} : null}
			rawPanes={raw}
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

function metaLines(view: {state: string; ttft_ms: number | null; tokens_per_s: number | null; output_tokens: number | null}): string[] {
	const lines: string[] = [];
	// Saved mid-stream: the file must not pass for the whole answer.
	if (view.state !== 'done') lines.push(`${view.state} when saved: the answer may be incomplete`);
	if (view.ttft_ms !== null) lines.push(`TTFT ${Math.round(view.ttft_ms)} ms`);
	if (view.tokens_per_s !== null) lines.push(`${view.tokens_per_s.toFixed(1)} tokens/s`);
	if (view.output_tokens !== null) lines.push(`${view.output_tokens} output tokens`);
	return lines;
}
