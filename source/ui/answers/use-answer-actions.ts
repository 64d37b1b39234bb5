import {useState} from 'react';
import type {Command} from '../keymap.js';
import {codeBlocksText} from '../../core/code-blocks.js';
import {firstLineOf} from '../../core/errors.js';
import type {LiveModelView} from '../../core/metrics.js';
import {answerDocument, saveAnswer} from '../actions/answer-files.js';
import {copyText} from '../actions/clipboard.js';
import {openInViewer, type ViewerKind} from '../actions/external-viewer.js';

/** What the workspace lends a view for working with answers: where files go, and its screen. */
export interface AnswerWorkplace {
	/** Where `s` saves answers, and where `c` writes a file when no clipboard tool exists. */
	directories: {answers: string; clipboardFallback: string};
	/** Leaves and restores the screen around an external program ($PAGER, $EDITOR). */
	screen: {suspend(): void; resume(): void};
	env?: NodeJS.ProcessEnv;
	/**
	 * Removes API key values from text about to leave arena (a model can echo
	 * one back); copies, saved files and the viewer get only what it returns.
	 */
	redact?: (text: string) => Promise<string>;
}

/** The answers a view shows, as the actions need them. */
export interface AnswerSource {
	/** The prompt the answers answer, for a saved file. */
	prompt: string;
	/** Pane `index` as it stands now (a streaming answer is saved or copied as far as it has come). */
	view(index: number): LiveModelView | undefined;
	/** How a pane is named in messages and file names: the model, or "Model A" before a blind vote. */
	label(index: number): string;
}

export type ActionMessage = {text: string; tone: 'info' | 'error'};

export interface AnswerActions {
	/** What the last action did, for one row under the panes. */
	message: ActionMessage | null;
	say(text: string, tone?: ActionMessage['tone']): void;
	clear(): void;
	/** Per pane, whether it shows raw text rather than rendered Markdown (the `m` toggle). */
	raw: readonly boolean[];
	/** Carries out c, C, s, e or m on pane `index`; false when `command` is none of them. */
	handle(command: Command, index: number): boolean;
}

/**
 * c, C, s, e and m on the focused answer, shared by the named run and the blind
 * battle. Each says what it did in `message`, on one row, most useful part first.
 */
export function useAnswerActions(place: AnswerWorkplace, source: AnswerSource): AnswerActions {
	const [message, setMessage] = useState<ActionMessage | null>(null);
	const [raw, setRaw] = useState<readonly boolean[]>([]);
	const env = place.env ?? process.env;
	const say = (text: string, tone: ActionMessage['tone'] = 'info') => setMessage({text, tone});
	const textOf = (index: number) => source.view(index)?.text ?? '';
	const redacted = (text: string): Promise<string> => (place.redact ? place.redact(text) : Promise.resolve(text));

	const copy = (index: number, codeOnly: boolean) => {
		const text = codeOnly ? codeBlocksText(textOf(index)) : textOf(index);
		if (text.trim() === '') {
			say(codeOnly ? 'no code blocks in this answer yet' : 'nothing to copy yet', 'error');
			return;
		}
		const what = codeOnly ? 'code' : 'answer';
		redacted(text).then(clean => copyText(clean, {env, fallbackDir: place.directories.clipboardFallback})).then(
			result => {
				if (result.kind === 'clipboard') say(`copied the ${what} of ${source.label(index)} (${text.length.toLocaleString('en-US')} chars) with ${result.tool}`);
				// The path first: on a narrow terminal the reason is what gets cut off.
				else say(`wrote the ${what} to ${result.path} (${result.reason})`);
			},
			(error: unknown) => say(`could not copy: ${firstLineOf(error)}`, 'error'),
		);
	};

	const save = (index: number) => {
		const view = source.view(index);
		if (!view || view.text.trim() === '') {
			say('nothing to save yet', 'error');
			return;
		}
		const document = answerDocument({title: source.label(index), prompt: source.prompt, text: view.text, meta: metaLines(view)});
		redacted(document).then(clean => saveAnswer(clean, {dir: place.directories.answers, label: source.label(index)})).then(
			file => say(`saved to ${file}`),
			(error: unknown) => say(`could not save: ${firstLineOf(error)}`, 'error'),
		);
	};

	const openExternally = (index: number) => {
		const text = textOf(index);
		if (text.trim() === '') {
			say('nothing to open yet', 'error');
			return;
		}
		const kind: ViewerKind = env['PAGER'] ? 'pager' : env['VISUAL'] || env['EDITOR'] ? 'editor' : 'pager';
		redacted(text).then(
			clean => {
				place.screen.suspend();
				let outcome: ReturnType<typeof openInViewer>;
				try {
					outcome = openInViewer(clean, {kind, env, fileName: `${source.label(index)}.md`});
				} finally {
					place.screen.resume();
				}
				// The message changes the frame, so the whole screen is drawn again after the viewer.
				if (outcome.ok) say(`back from ${outcome.command}`);
				else say(outcome.message, 'error');
			},
			(error: unknown) => say(`could not open: ${firstLineOf(error)}`, 'error'),
		);
	};

	const handle = (command: Command, index: number): boolean => {
		switch (command) {
			case 'COPY_ANSWER':
			case 'COPY_CODE':
				copy(index, command === 'COPY_CODE');
				return true;
			case 'SAVE_ANSWER':
				save(index);
				return true;
			case 'OPEN_EXTERNAL':
				openExternally(index);
				return true;
			case 'TOGGLE_MARKDOWN':
				setRaw(current => {
					const next = [...current];
					next[index] = next[index] !== true;
					return next;
				});
				return true;
			default:
				return false;
		}
	};

	return {message, say, clear: () => setMessage(null), raw, handle};
}

function metaLines(view: LiveModelView): string[] {
	const lines: string[] = [];
	// Saved mid-stream: the file must not pass for the whole answer.
	if (view.state !== 'done') lines.push(`${view.state} when saved: the answer may be incomplete`);
	if (view.ttft_ms !== null) lines.push(`TTFT ${Math.round(view.ttft_ms)} ms`);
	if (view.tokens_per_s !== null) lines.push(`${view.tokens_per_s.toFixed(1)} tokens/s`);
	if (view.output_tokens !== null) lines.push(`${view.output_tokens} output tokens`);
	return lines;
}
