import {Box, type Key, Text, useStdin} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {singleLine} from '../../core/format-table.js';
import type {RunSummary} from '../../store/history-types.js';
import {Spinner} from '../components/spinner.js';
import {HelpBar, helpBarRows} from '../help-bar.js';
import {HistoryApp, type StoredRunDetail} from '../history-app.js';
import {useCommandKeys} from '../hooks/use-command-keys.js';
import {useLatest} from '../hooks/use-latest.js';
import {commandFor, type HelpItem, listMove, movedTo, viewCommands} from '../keymap.js';
import {theme} from '../theme.js';
import {displayWidth, truncateToWidth} from '../text/wrap.js';

export interface HistoryBrowserProps {
	/** From `store.listRuns()`, newest first; null while they are being read. */
	runs: RunSummary[] | null;
	/** The stored run as the read-only view draws it (the caller builds it with `storedRunView`). */
	loadDetail(runId: string): Promise<StoredRunDetail>;
	/** Esc on the list (with no filter typed). */
	onBack(): void;
	/** Whether keys reach this view; the parent computes it from raw-mode support and what is on top. */
	focus: boolean;
	width: number;
	rows: number;
	/** q in an opened run leaves arena (Esc goes back to the list). */
	onQuitApp?: () => void;
}

/** Typing is not a key the keymap can bind, so the help bar is told about it separately. */
const TYPING_FILTERS: readonly HelpItem[] = [{keys: 'type', description: 'filter'}];

const COLUMN_GAP = '  ';
const SELECTED_MARKER = '› ';
const UNSELECTED_MARKER = '  ';
const WHEN_WIDTH = 8;
const MODE_WIDTH = 5;
const TURN_WIDTH = 6;
const JUDGED_WIDTH = 6;
const MAX_MODELS_WIDTH = 32;
const MIN_MODELS_WIDTH = 8;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "3m ago", "2h ago", "5d ago", "4mo ago", "2y ago": how long before `now` a run
 * was made, in at most 8 columns. A time in the future (another machine's
 * clock) reads as "just now"; an unreadable one is shown as given.
 */
export function relativeTime(iso: string, now: number): string {
	const then = Date.parse(iso);
	if (Number.isNaN(then)) return singleLine(iso);
	const elapsed = now - then;
	if (elapsed < 10 * SECOND) return 'just now';
	if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)}s ago`;
	if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m ago`;
	if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h ago`;
	if (elapsed < 30 * DAY) return `${Math.floor(elapsed / DAY)}d ago`;
	if (elapsed < 365 * DAY) return `${Math.floor(elapsed / (30 * DAY))}mo ago`;
	return `${Math.floor(elapsed / (365 * DAY))}y ago`;
}

/**
 * The runs whose prompt or models contain every word of `query`, ignoring
 * case, in their original order. An empty query keeps them all.
 */
export function filterRuns(runs: readonly RunSummary[], query: string): RunSummary[] {
	const words = query.toLowerCase().split(/\s+/).filter(word => word !== '');
	if (words.length === 0) return [...runs];
	return runs.filter(run => {
		const haystack = `${run.prompt}\n${run.models.join('\n')}`.toLowerCase();
		return words.every(word => haystack.includes(word));
	});
}

/** The first non-blank line of a prompt, safe to draw on one row. */
export function promptFirstLine(prompt: string): string {
	const firstLine = prompt.split('\n').find(line => line.trim() !== '') ?? '';
	return singleLine(firstLine).trim();
}

function isJudged(run: RunSummary): boolean {
	return run.scored_count > 0 || run.vote_count > 0;
}

interface ColumnPlan {
	showTurn: boolean;
	modelsWidth: number;
	promptWidth: number;
}

function planColumns(runs: readonly RunSummary[], width: number): ColumnPlan {
	const showTurn = runs.some(run => run.turn > 1);
	const gap = COLUMN_GAP.length;
	const fixed = SELECTED_MARKER.length + WHEN_WIDTH + gap + MODE_WIDTH + gap + (showTurn ? TURN_WIDTH + gap : 0) + JUDGED_WIDTH + gap;
	const remaining = Math.max(0, width - fixed);
	const modelsWidth = Math.min(MAX_MODELS_WIDTH, Math.max(MIN_MODELS_WIDTH, Math.floor(remaining * 0.35)));
	return {showTurn, modelsWidth, promptWidth: Math.max(0, remaining - modelsWidth - gap)};
}

function cell(text: string, width: number): string {
	const fitted = truncateToWidth(text, width);
	return fitted + ' '.repeat(Math.max(0, width - displayWidth(fitted)));
}

function rowCells(plan: ColumnPlan, when: string, mode: string, turn: string, judged: string, models: string, prompt: string): string {
	const cells = [cell(when, WHEN_WIDTH), cell(mode, MODE_WIDTH)];
	if (plan.showTurn) cells.push(cell(turn, TURN_WIDTH));
	cells.push(cell(judged, JUDGED_WIDTH), cell(models, plan.modelsWidth), truncateToWidth(prompt, plan.promptWidth));
	return cells.join(COLUMN_GAP).trimEnd();
}

function runLine(run: RunSummary, plan: ColumnPlan, now: number): string {
	return rowCells(
		plan,
		relativeTime(run.created_at, now),
		run.mode,
		run.turn > 1 ? `turn ${run.turn}` : '',
		isJudged(run) ? '✓' : '-',
		singleLine(run.models.join(', ')),
		promptFirstLine(run.prompt),
	);
}

/** The first row shown so `selected` sits mid-window, as far as the list allows. */
function windowStart(selected: number, visible: number, count: number): number {
	return Math.max(0, Math.min(selected - Math.floor(visible / 2), count - visible));
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

/** A printable character (or a pasted run of them), not a key that only looks like text. */
function isTypedText(input: string, key: Key): boolean {
	return input !== '' && !key.ctrl && !key.meta && !CONTROL_CHARACTER.test(input);
}

type Opening = {state: 'idle'} | {state: 'loading'; runId: string} | {state: 'open'; detail: StoredRunDetail};

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Past runs, newest first, browsable with the arrow keys and filtered by
 * typing; Enter reopens one read-only in the same panes as a live run, and
 * leaving it comes back to the same row.
 */
export function HistoryBrowser({runs, loadDetail, onBack, focus, width, rows, onQuitApp}: HistoryBrowserProps) {
	const {isRawModeSupported} = useStdin();
	const [filter, setFilter] = useState('');
	const [selectedId, setSelectedId] = useState<string | null>(null);
	const [opening, setOpening] = useState<Opening>({state: 'idle'});
	const [loadError, setLoadError] = useState<string | null>(null);
	// A load that finishes after Esc, or after another Enter, must not open anything.
	const loadGeneration = useRef(0);
	useEffect(
		() => () => {
			loadGeneration.current += 1;
		},
		[],
	);

	const keyboard = focus && isRawModeSupported === true;
	const shown = runs === null ? [] : filterRuns(runs, filter);
	const foundIndex = shown.findIndex(run => run.id === selectedId);
	const selectedIndex = foundIndex === -1 ? 0 : foundIndex;
	const loading = opening.state === 'loading';

	const listCommands =
		runs === null
			? viewCommands.historyReading
			: loading
				? viewCommands.historyOpening
				: filter === ''
					? viewCommands.historyList
					: viewCommands.historyFiltered;
	const helpExtra = runs === null || loading ? [] : TYPING_FILTERS;
	const help = keyboard ? helpBarRows(listCommands, width, {extra: helpExtra}) : [];
	const status: 'loading' | 'error' | null = loading ? 'loading' : loadError === null ? null : 'error';

	// Rows by priority: one list row, the filter line, the status, the help bar, then the title and header.
	let spare = Math.max(0, rows - 1);
	const take = (wanted: number) => {
		if (spare < wanted) return false;
		spare -= wanted;
		return true;
	};
	const showFilter = take(1);
	const showStatus = status !== null && take(1);
	const showHelp = help.length > 0 && take(help.length);
	const showTitle = take(1);
	const showHeader = take(1);
	const listRows = 1 + spare;

	const backToList = useCallback(() => setOpening({state: 'idle'}), []);

	const open = (run: RunSummary) => {
		const generation = ++loadGeneration.current;
		setLoadError(null);
		setOpening({state: 'loading', runId: run.id});
		loadDetail(run.id).then(
			detail => {
				if (loadGeneration.current === generation) setOpening({state: 'open', detail});
			},
			(error: unknown) => {
				if (loadGeneration.current !== generation) return;
				setLoadError(`cannot open the run: ${errorText(error)}`);
				setOpening({state: 'idle'});
			},
		);
	};


	const handleKey = (input: string, key: Key) => {
		const page = Math.max(1, listRows - 1);
		const command = commandFor(listCommands, input, key);
		switch (command) {
			case 'OPEN_CANCEL':
				loadGeneration.current += 1;
				setOpening({state: 'idle'});
				return;
			case 'BACK':
				onBack();
				return;
			case 'FILTER_CLEAR':
				setFilter('');
				return;
			case 'LIST_OPEN': {
				const run = shown[selectedIndex];
				if (run) open(run);
				return;
			}
			default:
				break;
		}
		const move = listMove(command, page);
		if (move !== null) {
			const run = shown[movedTo(move, selectedIndex, shown.length - 1)];
			if (run) setSelectedId(run.id);
			return;
		}
		// Only the list filters: not while the runs are read, nor while one of them opens.
		if (runs === null || loading) return;
		if (key.backspace || key.delete) {
			setFilter(previous => [...previous].slice(0, -1).join(''));
			return;
		}
		// The list's commands bind no letters, so j/k/g/G are typed here like any other.
		if (isTypedText(input, key)) {
			setFilter(previous => previous + input);
			setLoadError(null);
		}
	};
	const latestHandleKey = useLatest(handleKey);
	const onKey = useCallback((input: string, key: Key) => latestHandleKey.current(input, key), [latestHandleKey]);
	useCommandKeys(onKey, {isActive: keyboard && opening.state !== 'open'});

	if (opening.state === 'open') {
		return <HistoryApp detail={opening.detail} exitOnLeave={false} onLeave={backToList} onQuitApp={onQuitApp} />;
	}

	if (runs === null) {
		return (
			<Box flexDirection="column" width={width}>
				<Spinner label="reading history…" />
				{keyboard && rows > 1 ? <HelpBar commands={listCommands} width={width} /> : null}
			</Box>
		);
	}

	const now = Date.now();
	const plan = planColumns(shown, width);
	const start = windowStart(selectedIndex, listRows, shown.length);
	const visibleRuns = shown.slice(start, start + listRows);
	const count = filter === '' ? `${runs.length} ${runs.length === 1 ? 'run' : 'runs'}` : `${shown.length} of ${runs.length} runs`;
	const position = shown.length > listRows ? ` · ${selectedIndex + 1}/${shown.length}` : '';
	const emptyMessage =
		runs.length === 0 ? 'No runs yet: send a prompt from home and it is kept here.' : `No run matches "${singleLine(filter)}".`;

	return (
		<Box flexDirection="column" width={width}>
			{showTitle ? (
				<Text wrap="truncate-end">
					<Text color={theme.title} bold>
						{'arena › history'}
					</Text>
					<Text dimColor>{truncateToWidth(` · ${count}${position}`, Math.max(0, width - 15))}</Text>
				</Text>
			) : null}
			{showFilter ? (
				filter === '' ? (
					<Text wrap="truncate-end" dimColor>
						{truncateToWidth('type to filter by prompt or model', width)}
					</Text>
				) : (
					<Text wrap="truncate-end">
						{'filter: '}
						<Text bold>{truncateToWidth(singleLine(filter), Math.max(1, width - 9))}</Text>
						<Text color={theme.helpKey}>▏</Text>
					</Text>
				)
			) : null}
			{showHeader ? (
				<Text wrap="truncate-end" dimColor>
					{truncateToWidth(UNSELECTED_MARKER + rowCells(plan, 'when', 'mode', 'turn', 'judged', 'models', 'prompt'), width)}
				</Text>
			) : null}
			{visibleRuns.length === 0 ? (
				<Text wrap="truncate-end">{truncateToWidth(emptyMessage, width)}</Text>
			) : (
				visibleRuns.map((run, index) => {
					const selected = start + index === selectedIndex;
					const line = truncateToWidth((selected ? SELECTED_MARKER : UNSELECTED_MARKER) + runLine(run, plan, now), width);
					return (
						<Text key={run.id} wrap="truncate-end" bold={selected} color={selected ? theme.title : undefined}>
							{line}
						</Text>
					);
				})
			)}
			{/* Short lists leave the space below empty rather than moving the help bar around. */}
			{visibleRuns.length > 0 && visibleRuns.length < listRows ? <Box height={listRows - visibleRuns.length} /> : null}
			{visibleRuns.length === 0 && listRows > 1 ? <Box height={listRows - 1} /> : null}
			{showStatus && status === 'loading' ? <Spinner label="opening the run…" /> : null}
			{showStatus && status === 'error' ? (
				<Text wrap="truncate-end" color={theme.error} bold>
					{truncateToWidth(`✗ ${singleLine(loadError ?? '')}`, width)}
				</Text>
			) : null}
			{showHelp ? <HelpBar commands={listCommands} width={width} extra={helpExtra} /> : null}
		</Box>
	);
}
