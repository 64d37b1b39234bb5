import {firstLineOf} from '../../core/errors.js';
import {Box, type Key, Text, useInput} from 'ink';
import TextInput from 'ink-text-input';
import {useEffect, useRef, useState} from 'react';
import {stripTerminalControls} from '../../core/sanitize.js';
import {PromptEditor} from '../components/prompt-editor.js';
import {Spinner} from '../components/spinner.js';
import {type EditorState, editorWithText} from '../editor/editor-state.js';
import {HelpBar, helpBarRows} from '../help-bar.js';
import {type Command, commandFor, viewCommands} from '../keymap.js';
import {displayWidth, truncateToWidth} from '../text/wrap.js';
import {theme} from '../theme.js';
import type {RunOptions, WorkspaceMode} from './workspace-types.js';

/** What a key on home asks the workspace to do. */
export type HomeAction =
	| {kind: 'send'; prompt: string; mode: WorkspaceMode}
	| {kind: 'open'; screen: 'models' | 'suites' | 'leaderboard' | 'history' | 'settings'}
	| {kind: 'quit'};

export interface HomeScreenProps {
	editor: EditorState;
	onEditorChange(state: EditorState): void;
	/** Whether the editor has the keyboard (false: the menu of single keys does). */
	editing: boolean;
	onEditingChange(editing: boolean): void;
	models: readonly string[];
	/** The saved set these models are, if they are exactly one (say `coding`). */
	setName?: string | null;
	mode: WorkspaceMode;
	options: RunOptions;
	/** Earlier prompts, newest first. */
	history: readonly string[];
	/** A one-line message (an error, what was loaded); null for none. */
	notice: {text: string; tone: 'info' | 'error'} | null;
	/** Set while something starts (models being checked, a demo server starting). */
	busy: string | null;
	readPromptFile(file: string): Promise<string>;
	onAction(action: HomeAction): void;
	keyboard: boolean;
	columns: number;
	rows: number;
}

const MENU_SCREENS: Partial<Record<Command, 'models' | 'suites' | 'leaderboard' | 'history' | 'settings'>> = {
	HOME_MODELS: 'models',
	HOME_SUITE: 'suites',
	HOME_LEADERBOARD: 'leaderboard',
	HOME_HISTORY: 'history',
	HOME_SETTINGS: 'settings',
};

/** Title, models, options and the mode line, plus the editor's borders and a notice row. */
const FIXED_ROWS = 4 + 2 + 1;
/** Ink clears the whole screen once a frame reaches the terminal height; stay one row short. */
const SPARE_ROWS = 1;

/**
 * Home: the prompt editor, the model set as chips, the run options and the
 * mode. Enter in the editor sends the prompt in the current mode; Esc leaves
 * the editor for the menu, where single keys open every other screen.
 */
export function HomeScreen(props: HomeScreenProps) {
	const {editor, onEditorChange, editing, onEditingChange, models, mode, options, history, busy, keyboard, columns, rows} = props;
	const [filePrompt, setFilePrompt] = useState<string | null>(null);
	const [fileError, setFileError] = useState<string | null>(null);
	const [loading, setLoading] = useState(false);
	const notice = fileError ? {text: fileError, tone: 'error' as const} : props.notice;
	const askingForFile = filePrompt !== null;
	const active = keyboard && busy === null && !loading;
	// Who has the keyboard, as of the last key rather than the last render: a key read just after
	// Esc (or i) must go to the menu (or nowhere), never to the side that just gave it up.
	const editingNow = useRef(editing);
	useEffect(() => {
		editingNow.current = editing;
	}, [editing]);
	const setEditingNow = (value: boolean) => {
		editingNow.current = value;
		onEditingChange(value);
	};

	const send = (text: string, sendMode: WorkspaceMode) => {
		props.onAction({kind: 'send', prompt: text, mode: sendMode});
	};

	const loadFile = (file: string) => {
		setLoading(true);
		props
			.readPromptFile(file)
			.then(
				text => {
					onEditorChange(editorWithText(text));
					setFileError(null);
					setFilePrompt(null);
					setEditingNow(true);
				},
				(error: unknown) => setFileError(firstLineOf(error)),
			)
			.finally(() => setLoading(false));
	};

	const menuCommands = viewCommands.homeMenu;
	useInput(
		(input: string, key: Key) => {
			if (editingNow.current) return;
			const command = commandFor(menuCommands, input, key);
			if (command === undefined) return;
			setFileError(null);
			switch (command) {
				case 'HOME_EDIT':
					setEditingNow(true);
					return;
				case 'HOME_RUN':
				case 'HOME_BATTLE': {
					const sendMode: WorkspaceMode = command === 'HOME_RUN' ? 'named' : 'blind';
					if (editor.text.trim() === '') {
						props.onAction({kind: 'send', prompt: '', mode: sendMode});
						setEditingNow(true);
						return;
					}
					send(editor.text, sendMode);
					return;
				}
				case 'LOAD_FILE':
					setFilePrompt('');
					return;
				case 'QUIT':
					props.onAction({kind: 'quit'});
					return;
				default: {
					const screen = MENU_SCREENS[command];
					if (screen) props.onAction({kind: 'open', screen});
				}
			}
		},
		// Always listening while home is idle; `editingNow` says whether the key is the menu's.
		{isActive: active && !askingForFile},
	);
	useInput(
		(_input: string, key: Key) => {
			if (key.escape) {
				setFilePrompt(null);
				setFileError(null);
			}
		},
		{isActive: active && askingForFile},
	);

	// Nothing takes keys while something starts, so no keys are offered either.
	const helpCommands: readonly Command[] =
		askingForFile || busy !== null ? [] : editing ? viewCommands.homeEditing.filter(command => command !== 'CANCEL') : menuCommands;
	const helpRows = keyboard ? (askingForFile ? 1 : helpBarRows(helpCommands, columns).length) : 0;
	const editorRows = Math.max(1, Math.min(12, rows - SPARE_ROWS - FIXED_ROWS - helpRows - (askingForFile ? 1 : 0)));

	return (
		<Box flexDirection="column" width={columns}>
			<TitleLine mode={mode} columns={columns} />
			<ModelChips models={models} mode={mode} setName={props.setName ?? null} columns={columns} />
			<OptionsLine options={options} columns={columns} />
			<Text wrap="truncate-end" dimColor>
				{truncateToWidth(
					mode === 'named'
						? 'mode: named run · Enter runs every model side by side (b on the menu starts a blind battle)'
						: 'mode: blind battle · Enter pits two of these models as A and B; names show after your vote',
					columns,
				)}
			</Text>
			<PromptEditor
				state={editor}
				onChange={onEditorChange}
				onSubmit={text => {
					if (text.trim() === '') return;
					send(text, mode);
				}}
				onLeave={() => setEditingNow(false)}
				onLoadFile={() => {
					setFilePrompt('');
					setEditingNow(false);
				}}
				history={history}
				focus={active && editing && !askingForFile}
				width={columns}
				maxRows={editorRows}
				placeholder={mode === 'named' ? 'Ask every model the same question…' : 'A prompt for a blind A/B battle…'}
				label={editing ? 'prompt' : 'prompt (i to edit)'}
			/>
			{askingForFile ? (
				<Box>
					<Text color={theme.title} bold>
						{'load prompt from file: '}
					</Text>
					<TextInput
						value={filePrompt}
						onChange={setFilePrompt}
						onSubmit={value => loadFile(value)}
						focus={active}
						placeholder="path/to/prompt.md"
					/>
				</Box>
			) : null}
			<NoticeRow notice={notice} busy={busy ?? (loading ? 'reading the file…' : null)} columns={columns} />
			{keyboard ? (
				askingForFile ? (
					<Text dimColor>enter load · esc cancel</Text>
				) : (
					<HelpBar commands={helpCommands} width={columns} />
				)
			) : null}
		</Box>
	);
}

function TitleLine({mode, columns}: {mode: WorkspaceMode; columns: number}) {
	const right = mode === 'named' ? 'named run' : 'blind battle';
	const left = 'arena';
	const tagline = ' · one prompt, every model, side by side';
	const room = Math.max(0, columns - displayWidth(left) - displayWidth(right) - 1);
	const shownTagline = truncateToWidth(tagline, room);
	const gap = Math.max(1, columns - displayWidth(left) - displayWidth(shownTagline) - displayWidth(right));
	return (
		<Text wrap="truncate-end">
			<Text color={theme.title} bold>
				{left}
			</Text>
			<Text dimColor>{shownTagline}</Text>
			{' '.repeat(gap)}
			<Text bold inverse>
				{right}
			</Text>
		</Text>
	);
}

/** The saved set whose models are exactly these, in any order; null when none is. */
export function matchingSet(models: readonly string[], sets: Readonly<Record<string, readonly string[]>>): string | null {
	const wanted = [...new Set(models)].sort();
	for (const [name, specs] of Object.entries(sets)) {
		const have = [...new Set(specs)].sort();
		if (have.length === wanted.length && have.every((spec, index) => spec === wanted[index])) return name;
	}
	return null;
}

/**
 * The model set as chips on one row. In blind mode the provider is left off:
 * the set is known, but which two meet, and who serves them, is the point of the vote.
 */
export function chipLabels(models: readonly string[], mode: WorkspaceMode): string[] {
	return models.map(spec => {
		const clean = stripTerminalControls(spec);
		if (mode === 'named') return clean;
		const colon = clean.indexOf(':');
		return colon === -1 ? clean : clean.slice(colon + 1);
	});
}

function ModelChips({models, mode, setName, columns}: {models: readonly string[]; mode: WorkspaceMode; setName: string | null; columns: number}) {
	if (models.length === 0) {
		return (
			<Text color={theme.warning} wrap="truncate-end">
				{truncateToWidth('no models yet: press esc, then m to pick some', columns)}
			</Text>
		);
	}
	const labels = chipLabels(models, mode);
	const prefix = setName ? `set ${stripTerminalControls(setName)} ` : 'models ';
	// The built-in demo's models are simulated; say so, as every run view does.
	const simulated = models.every(spec => spec.startsWith('demo:'));
	const badge = simulated ? 'simulated ' : '';
	const chips: string[] = [];
	let used = displayWidth(prefix) + displayWidth(badge);
	for (const [index, label] of labels.entries()) {
		const chip = ` ${label} `;
		const rest = labels.length - index - 1;
		const more = rest > 0 ? ` +${rest}` : '';
		if (used + displayWidth(chip) + 1 + displayWidth(more) > columns && chips.length > 0) {
			chips.push(`+${labels.length - index} more`);
			break;
		}
		chips.push(chip);
		used += displayWidth(chip) + 1;
	}
	return (
		<Text wrap="truncate-end">
			<Text dimColor>{prefix}</Text>
			{badge ? <Text color={theme.simulatedBadge}>{badge}</Text> : null}
			{chips.map((chip, index) => (
				<Text key={index}>
					{chip.startsWith('+') ? <Text dimColor>{chip}</Text> : <Text inverse>{truncateToWidth(chip, columns)}</Text>}
					{index < chips.length - 1 ? ' ' : ''}
				</Text>
			))}
		</Text>
	);
}

export function optionsSummary(options: RunOptions): string {
	const system = options.system.trim() === '' ? 'none' : `"${stripTerminalControls(options.system).replace(/\s+/g, ' ').trim()}"`;
	const temperature = options.temperature === null ? 'default' : String(options.temperature);
	const maxTokens = options.maxTokens === null ? 'default' : String(options.maxTokens);
	return `temperature ${temperature} · max tokens ${maxTokens} · system ${system}`;
}

function OptionsLine({options, columns}: {options: RunOptions; columns: number}) {
	return (
		<Text wrap="truncate-end" dimColor>
			{truncateToWidth(`options ${optionsSummary(options)} (o to change)`, columns)}
		</Text>
	);
}

function NoticeRow({notice, busy, columns}: {notice: HomeScreenProps['notice']; busy: string | null; columns: number}) {
	if (busy) return <Spinner label={truncateToWidth(busy, Math.max(1, columns - 2))} />;
	if (!notice) return <Text> </Text>;
	return (
		<Text wrap="truncate-end" color={notice.tone === 'error' ? theme.error : theme.verdict}>
			{truncateToWidth(`${notice.tone === 'error' ? '✗ ' : ''}${stripTerminalControls(notice.text).replace(/\s+/g, ' ')}`, columns)}
		</Text>
	);
}
