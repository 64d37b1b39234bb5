import {firstLineOf} from '../../core/errors.js';
import {Box, render, Text, useApp, useInput, useStdin} from 'ink';
import {useEffect, useState} from 'react';
import type {Leaderboard} from '../../core/leaderboard.js';
import type {RubricWeights} from '../../core/rubric.js';
import type {RunSummary} from '../../store/history-types.js';
import {BattleApp} from '../battle-app.js';
import {EMPTY_EDITOR, type EditorState, editorWithText} from '../editor/editor-state.js';
import {enableBracketedPaste} from '../editor/bracketed-paste.js';
import {HelpBar} from '../help-bar.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {LeaderboardApp} from '../leaderboard-app.js';
import {SuiteRunApp} from '../suite-run-app.js';
import {repaintingStdout} from '../repaint-on-resize.js';
import {applyTheme, resolveTheme, type ThemeChoice} from '../theme.js';
import {inkOptions, keyboardInput, type TuiStreams} from '../tui-options.js';
import {ConversationScreen} from './conversation-screen.js';
import {HistoryBrowser} from './history-browser.js';
import {type HomeAction, HomeScreen, matchingSet} from './home-screen.js';
import type {CatalogLoad} from './model-catalog.js';
import {ModelPicker} from './model-picker.js';
import {SettingsView} from './settings-view.js';
import type {SuiteChoice} from './suite-choices.js';
import {SuitePicker} from './suite-picker.js';
import type {RunOptions, StartedSession, WorkspaceConversation, WorkspaceHost, WorkspaceMode} from './workspace-types.js';

type Screen =
	| {kind: 'home'}
	| {kind: 'models'}
	| {kind: 'settings'}
	| {kind: 'history'}
	| {kind: 'suites'}
	| {kind: 'leaderboard'; board: Leaderboard | null; empty: string}
	| {kind: 'conversation'; conversation: WorkspaceConversation}
	| {kind: 'session'; session: StartedSession};

export interface WorkspaceAppProps {
	host: WorkspaceHost;
	rubricWeights?: RubricWeights;
	/** Leaves and restores the screen around an external program. */
	screen: {suspend(): void; resume(): void};
	onQuit(): void;
	env?: NodeJS.ProcessEnv;
}

/**
 * `arena` with no arguments: home, and every screen it opens, in one Ink app.
 * Screens form a stack one level deep under home; Esc on any of them comes
 * back here, with the editor, the models and the options as they were.
 */
export function WorkspaceApp({host, rubricWeights, screen: terminalScreen, onQuit, env = process.env}: WorkspaceAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const keyboard = isRawModeSupported === true;
	const size = useTerminalSize();
	const [screen, setScreen] = useState<Screen>({kind: 'home'});
	const [models, setModels] = useState<string[]>(() => [...host.start.models]);
	const [mode, setMode] = useState<WorkspaceMode>(host.start.mode);
	const [options, setOptions] = useState<RunOptions>(host.start.options);
	const [themeChoice, setThemeChoice] = useState<ThemeChoice>(host.start.theme);
	const [editor, setEditor] = useState<EditorState>(EMPTY_EDITOR);
	const [editing, setEditing] = useState(true);
	const [history, setHistory] = useState<string[]>(() => host.recentPrompts());
	const [notice, setNotice] = useState<{text: string; tone: 'info' | 'error'} | null>(
		host.start.notice ? {text: host.start.notice, tone: 'error'} : null,
	);
	const [busy, setBusy] = useState<string | null>(null);
	const [catalog, setCatalog] = useState<CatalogLoad | null>(null);
	const [suites, setSuites] = useState<SuiteChoice[] | null>(null);
	const [suiteError, setSuiteError] = useState<string | null>(null);
	const [runs, setRuns] = useState<RunSummary[] | null>(null);
	const [quitting, setQuitting] = useState(false);
	// Read once and again on every return home (the picker may have saved one), not on every key.
	const [sets, setSets] = useState(() => host.modelSets());

	useEffect(() => {
		if (!quitting) return;
		onQuit();
		exit();
	}, [quitting, onQuit, exit]);

	const home = (message: {text: string; tone: 'info' | 'error'} | null = null) => {
		setScreen({kind: 'home'});
		setNotice(message);
		setHistory(host.recentPrompts());
		setSets(host.modelSets());
	};
	const fail = (error: unknown) => {
		setBusy(null);
		home({text: firstLineOf(error), tone: 'error'});
	};
	const persist = (patch: Parameters<WorkspaceHost['saveHome']>[0]) => {
		host.saveHome(patch).catch((error: unknown) => setNotice({text: `settings not saved: ${firstLineOf(error)}`, tone: 'error'}));
	};

	const send = (prompt: string, sendMode: WorkspaceMode) => {
		if (sendMode !== mode) {
			setMode(sendMode);
			persist({mode: sendMode});
		}
		if (prompt.trim() === '') {
			setNotice({text: 'type a prompt first', tone: 'error'});
			return;
		}
		setBusy(sendMode === 'named' ? `starting ${models.length} models…` : 'starting a blind battle…');
		const started = sendMode === 'named' ? host.startConversation(models, options, prompt) : host.startBattle(models, options, prompt);
		started.then(
			result => {
				setBusy(null);
				setNotice(null);
				setHistory(current => [prompt, ...current.filter(earlier => earlier !== prompt)]);
				if ('kind' in result) setScreen({kind: 'session', session: result});
				else setScreen({kind: 'conversation', conversation: result});
			},
			fail,
		);
	};

	const open = (target: 'models' | 'suites' | 'leaderboard' | 'history' | 'settings') => {
		setNotice(null);
		switch (target) {
			case 'models':
				setCatalog(null);
				setScreen({kind: 'models'});
				host.loadCatalog().then(setCatalog, (error: unknown) => {
					setCatalog({entries: [], errors: [{provider: 'models', message: firstLineOf(error)}]});
				});
				return;
			case 'suites':
				setSuites(null);
				setSuiteError(null);
				setScreen({kind: 'suites'});
				host.suites().then(setSuites, (error: unknown) => {
					setSuites([]);
					setSuiteError(firstLineOf(error));
				});
				return;
			case 'history':
				try {
					setRuns(host.listRuns());
					setScreen({kind: 'history'});
				} catch (error) {
					fail(error);
				}
				return;
			case 'settings':
				setScreen({kind: 'settings'});
				return;
			case 'leaderboard':
				setBusy('reading the leaderboard…');
				host.leaderboard().then(({board, emptyMessage}) => {
					setBusy(null);
					setScreen({kind: 'leaderboard', board, empty: emptyMessage});
				}, fail);
		}
	};

	const onHomeAction = (action: HomeAction) => {
		if (action.kind === 'quit') setQuitting(true);
		else if (action.kind === 'send') send(action.prompt, action.mode);
		else open(action.screen);
	};

	// Ctrl+C leaves arena from every screen where nothing streams; the run views handle it themselves
	// (there it first cancels the streams).
	useInput(
		(input, key) => {
			if (key.ctrl && input === 'c') setQuitting(true);
		},
		{isActive: keyboard && screen.kind !== 'conversation' && screen.kind !== 'session'},
	);

	// Screens without keys of their own for leaving (the empty board) answer Esc and q here.
	useInput(
		(input, key) => {
			if (key.escape || input === 'q') home();
		},
		{isActive: keyboard && screen.kind === 'leaderboard' && screen.board === null},
	);

	const {columns, rows} = size;
	if (quitting) return null;
	switch (screen.kind) {
		case 'home':
			return (
				<HomeScreen
					editor={editor}
					onEditorChange={setEditor}
					editing={editing}
					onEditingChange={setEditing}
					models={models}
					setName={matchingSet(models, sets)}
					mode={mode}
					options={options}
					history={history}
					notice={notice}
					busy={busy}
					readPromptFile={file => host.readPromptFile(file)}
					onAction={onHomeAction}
					keyboard={keyboard}
					columns={columns}
					rows={rows}
				/>
			);
		case 'models':
			return (
				<ModelPicker
					catalog={catalog}
					selected={models}
					sets={sets}
					onDone={specs => {
						if (specs !== null && specs.length > 0) {
							setModels(specs);
							persist({models: specs});
						}
						home(specs !== null && specs.length > 0 ? {text: `${specs.length} ${specs.length === 1 ? 'model' : 'models'} selected`, tone: 'info'} : null);
					}}
					onSaveSet={async (name, specs) => {
						await host.saveModelSet(name, specs);
						setSets(host.modelSets());
					}}
					focus={keyboard}
					width={columns}
					rows={rows - 1}
					providerCount={host.providerCount()}
				/>
			);
		case 'settings':
			return (
				<SettingsView
					options={options}
					theme={themeChoice}
					info={host.settingsInfo()}
					onChange={patch => {
						if (patch.options) {
							const next = {...options, ...patch.options};
							setOptions(next);
							persist({options: next});
						}
						if (patch.theme) {
							setThemeChoice(patch.theme);
							applyTheme(resolveTheme(env, patch.theme));
							persist({theme: patch.theme});
						}
					}}
					onBack={() => home()}
					focus={keyboard}
					width={columns}
					rows={rows - 1}
				/>
			);
		case 'history':
			return (
				<HistoryBrowser
					runs={runs}
					loadDetail={runId => host.runDetail(runId)}
					onBack={() => home()}
					onQuitApp={() => setQuitting(true)}
					focus={keyboard}
					width={columns}
					rows={rows - 1}
				/>
			);
		case 'suites':
			return (
				<SuitePicker
					suites={suites}
					mode={mode}
					models={models}
					error={suiteError}
					onPick={name => {
						setSuiteError(null);
						host.startSuite(name, mode, models, options).then(
							session => setScreen({kind: 'session', session}),
							(error: unknown) => setSuiteError(firstLineOf(error)),
						);
					}}
					onBack={() => home()}
					focus={keyboard}
					width={columns}
					rows={rows - 1}
				/>
			);
		case 'leaderboard':
			if (screen.board === null) {
				return (
					<Box flexDirection="column" width={columns}>
						<Text bold>arena leaderboard</Text>
						<Text wrap="wrap">{screen.empty}</Text>
						{keyboard ? <HelpBar commands={['BACK']} width={columns} /> : null}
					</Box>
				);
			}
			return <LeaderboardApp leaderboard={screen.board} embedded onExit={() => home()} onQuitApp={() => setQuitting(true)} />;
		case 'conversation':
			return (
				<ConversationScreen
					conversation={screen.conversation}
					onBack={() => {
						const first = screen.conversation.turns()[0]?.prompt ?? '';
						setEditor(editorWithText(first));
						setEditing(true);
						home();
					}}
					onNewRound={() => {
						setEditor(EMPTY_EDITOR);
						setEditing(true);
						home({text: `new round with the same ${models.length} models`, tone: 'info'});
					}}
					onQuit={() => setQuitting(true)}
					screen={terminalScreen}
					directories={host.directories}
					redact={text => host.redactSecrets(text)}
					rubricWeights={rubricWeights}
					keyboard={keyboard}
					columns={columns}
					rows={rows}
					env={env}
				/>
			);
		case 'session': {
			const {session} = screen;
			const back = () => {
				session.stop();
				home();
			};
			if (session.kind === 'battle') {
				return (
					<BattleApp
						host={session.host}
						embedded
						onDone={back}
						onError={fail}
						workplace={{directories: host.directories, screen: terminalScreen, env, redact: text => host.redactSecrets(text)}}
					/>
				);
			}
			return <SuiteRunApp host={session.host} rubricWeights={rubricWeights} embedded onDone={back} onError={fail} />;
		}
	}
}

export interface WorkspaceTuiOptions extends TuiStreams {
	rubricWeights?: RubricWeights;
	/** Draw in the terminal's alternate screen, so quitting gives the shell back as it was. */
	alternateScreen?: boolean;
}

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[2J\u001B[H';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const CLEAR_SCREEN = '\u001B[2J\u001B[3J\u001B[H';

/**
 * Runs the workspace until the user quits (or a SIGTERM/SIGHUP, which it
 * reports), then waits for every save in flight. The terminal is restored however it ends: Ink restores the cursor
 * and cooked mode on unmount; this leaves the alternate screen and turns
 * bracketed paste off, on a crash or a signal too.
 */
export async function workspaceTui(host: WorkspaceHost, options: WorkspaceTuiOptions = {}): Promise<{signal: NodeJS.Signals | null}> {
	const stdout = options.stdout ?? process.stdout;
	const stdin = keyboardInput(options.stdin);
	const useAlternate = options.alternateScreen !== false && stdout.isTTY === true;
	let restored = false;
	const disablePaste = enableBracketedPaste(stdout);
	const restore = () => {
		if (restored) return;
		restored = true;
		disablePaste();
		if (useAlternate) stdout.write(LEAVE_ALTERNATE_SCREEN);
	};
	if (useAlternate) stdout.write(ENTER_ALTERNATE_SCREEN);
	process.once('exit', restore);
	const screen = {
		suspend: () => {
			disablePasteTemporarily(stdout);
			if (useAlternate) stdout.write(LEAVE_ALTERNATE_SCREEN);
		},
		resume: () => {
			stdout.write(useAlternate ? ENTER_ALTERNATE_SCREEN : CLEAR_SCREEN);
			if (stdout.isTTY) stdout.write('\u001B[?2004h');
		},
	};
	// In the alternate screen a width change repaints the whole frame, so no piece of the old one stays.
	const repainting = useAlternate ? repaintingStdout(stdout) : undefined;
	const instance = render(
		<WorkspaceApp host={host} rubricWeights={options.rubricWeights} screen={screen} onQuit={() => {}} />,
		inkOptions({stdin, stdout: repainting?.stream ?? stdout}),
	);
	// A terminal closed under us (SIGHUP) or a kill (SIGTERM) still ends cleanly: the streams stop,
	// what was judged is already stored, saves in flight finish, and the terminal is given back.
	let signalled: NodeJS.Signals | null = null;
	const onSignal = (signal: NodeJS.Signals) => {
		signalled = signal;
		instance.unmount();
	};
	const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
	for (const signal of signals) process.once(signal, onSignal);
	try {
		await instance.waitUntilExit();
	} finally {
		for (const signal of signals) process.off(signal, onSignal);
		repainting?.dispose();
		restore();
		process.off('exit', restore);
		await host.close();
	}
	return {signal: signalled};
}

function disablePasteTemporarily(stdout: NodeJS.WriteStream): void {
	if (stdout.isTTY) stdout.write('\u001B[?2004l');
}
