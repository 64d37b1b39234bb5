import {Box, type Key, render, Text, useApp, useStdin} from 'ink';
import {useCommandKeys} from './hooks/use-command-keys.js';
import {useCallback, useEffect, useMemo, useReducer, useState} from 'react';
import {singleLine, textWidth} from '../core/format-table.js';
import {
	formatInterval,
	formatMilliseconds,
	formatUsd,
	type Leaderboard,
	type LeaderboardColumn,
	type LeaderboardRow,
	sortRows,
	visibleColumns,
} from '../core/leaderboard.js';
import {HEAD_TO_HEAD_TITLE, type HeadToHeadMatrix, headToHeadMatrix, leaderboardNotes} from '../core/leaderboard-report.js';
import {HelpBar, helpBarRows} from './help-bar.js';
import {useLatest} from './hooks/use-latest.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {type Command, commandFor, listMove, viewCommands} from './keymap.js';
import {headToHeadLayout} from './leaderboard/head-to-head-layout.js';
import {COLUMN_GAP, type ColumnPlan, planColumns} from './leaderboard/leaderboard-layout.js';
import {fitNoteLines, viewNoteLines} from './leaderboard/leaderboard-notes.js';
import {initialLeaderboardViewState, leaderboardViewReducer} from './leaderboard/leaderboard-state.js';
import {chartAxis, ratingChart, ratingScale} from './leaderboard/rating-chart.js';
import {theme} from './theme.js';
import {PROVISIONAL_BELOW_VOTES} from './battle/reveal.js';
import {inkOptions} from './tui-options.js';
import {truncateToWidth} from './text/wrap.js';

/** What the ratings view accepts, in help-bar order. */
export const LEADERBOARD_COMMANDS: readonly Command[] = viewCommands.leaderboard;
/** What the head-to-head view accepts. */
export const HEAD_TO_HEAD_COMMANDS: readonly Command[] = viewCommands.leaderboardHeadToHead;

/** Title, sort line, column header and the selected model's detail line. */
const CHROME_ROWS = 4;
/** Table rows the notes leave at least, so a short terminal still shows some of the board. */
const MIN_TABLE_ROWS = 3;
const SORT_ARROW: Record<'ascending' | 'descending', string> = {ascending: '↑', descending: '↓'};

export interface LeaderboardAppProps {
	leaderboard: Leaderboard;
	/** Said on the title row after "arena leaderboard", e.g. the filters in force. */
	subtitle?: string;
	/** Called once, just before the app exits. */
	onExit?: () => void;
	/** Drawn inside a larger app (the workspace): leaving only calls onExit, the app keeps running. */
	embedded?: boolean;
	/** Embedded only: q leaves the whole app through this, while Esc goes back with onExit. */
	onQuitApp?: () => void;
}

/** Inside the workspace Esc goes back and q quits arena, as on every other screen. */
function embeddedCommands(commands: readonly Command[]): Command[] {
	return [...commands.filter(command => command !== 'QUIT' && command !== 'DISMISS'), 'BACK', 'QUIT'];
}

/**
 * The browsable leaderboard: every column sortable, a rating bar with its 95%
 * interval per model on a shared scale, and the selected model's figures in
 * full underneath, then notes on what was counted, the position bias and how
 * many votes would separate neighbours. `h` flips to the head-to-head matrix
 * and back. Owns only view state; the board is computed before.
 */
export function LeaderboardApp({leaderboard, subtitle, onExit, embedded = false, onQuitApp}: LeaderboardAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const size = useTerminalSize();
	const rows = leaderboard.rows;
	const sortable = useMemo(() => visibleColumns(rows), [rows]);
	const [state, dispatch] = useReducer(leaderboardViewReducer, undefined, () => {
		// The board's own order is by rating; start there so the first frame matches `arena leaderboard`.
		const start = Math.max(0, sortable.findIndex(column => column.id === 'rating'));
		return initialLeaderboardViewState(start, sortable[start]?.bestFirst ?? 'descending');
	});
	const [leaving, setLeaving] = useState(false);

	const sortColumn = sortable[state.sortColumn] ?? sortable[0]!;
	const sorted = useMemo(() => sortRows(rows, sortColumn, state.direction), [rows, sortColumn, state.direction]);
	const scale = useMemo(() => ratingScale(rows), [rows]);
	const plan = useMemo(() => planColumns(sortable, rows, size.columns, {chart: scale !== null}), [sortable, rows, size.columns, scale]);
	const matrix = useMemo(() => headToHeadMatrix(leaderboard), [leaderboard]);
	const allNotes = useMemo(() => viewNoteLines(leaderboardNotes(leaderboard)), [leaderboard]);
	const keyboard = isRawModeSupported === true && !leaving;
	const ownCommands = state.view === 'ratings' ? LEADERBOARD_COMMANDS : HEAD_TO_HEAD_COMMANDS;
	const commands = embedded && onQuitApp ? embeddedCommands(ownCommands) : ownCommands;
	const helpRows = keyboard ? helpBarRows(commands, size.columns).length : 0;
	const rowsForBoardAndNotes = size.rows - CHROME_ROWS - helpRows - 1;
	const notes = fitNoteLines(allNotes, rowsForBoardAndNotes - Math.min(MIN_TABLE_ROWS, Math.max(rows.length, matrix.models.length)));
	const visibleRows = Math.max(1, rowsForBoardAndNotes - notes.length);

	useEffect(() => {
		dispatch({type: 'fit', rowCount: sorted.length, visibleRows});
	}, [sorted.length, visibleRows]);

	useEffect(() => {
		if (!leaving) return;
		onExit?.();
		if (!embedded) exit();
	}, [leaving, onExit, exit, embedded]);

	// Without a keyboard nobody can press q: show the board once and leave.
	useEffect(() => {
		if (isRawModeSupported !== true) setLeaving(true);
	}, [isRawModeSupported]);

	const handleKey = (input: string, key: Key) => {
		const command = commandFor(commands, input, key);
		const bestFirst = (column: number) => sortable[column]?.bestFirst ?? 'descending';
		const rowCount = sorted.length;
		if (command === 'QUIT' && embedded && onQuitApp) {
			onQuitApp();
			return;
		}
		if (command === 'BACK') {
			setLeaving(true);
			return;
		}
		if (state.view === 'head-to-head') {
			handleMatrixKey(command);
			return;
		}
		switch (command) {
			case 'QUIT':
			case 'DISMISS':
				setLeaving(true);
				return;
			case 'SHOW_HEAD_TO_HEAD':
				dispatch({type: 'toggle-view'});
				return;
			case 'SORT_NEXT':
				dispatch({type: 'sort-next', columnCount: sortable.length, bestFirst});
				return;
			case 'SORT_PREV':
				dispatch({type: 'sort-previous', columnCount: sortable.length, bestFirst});
				return;
			case 'SORT_REVERSE':
				dispatch({type: 'reverse'});
				return;
			default: {
				const move = listMove(command, Math.max(1, visibleRows - 1));
				if (typeof move === 'number') dispatch({type: 'move', by: move, rowCount, visibleRows});
				else if (move !== null) dispatch({type: 'move-to', row: move, rowCount, visibleRows});
			}
		}
	};
	const handleMatrixKey = (command: Command | undefined) => {
		const scroll = (by: number | 'first' | 'last') =>
			dispatch({type: 'scroll-matrix', by, rowCount: matrix.models.length, visibleRows});
		switch (command) {
			case 'QUIT':
			case 'DISMISS':
				setLeaving(true);
				return;
			case 'SHOW_RATINGS':
				dispatch({type: 'toggle-view'});
				return;
			default: {
				const move = listMove(command, Math.max(1, visibleRows - 1));
				if (move !== null) scroll(move);
			}
		}
	};
	const latestHandleKey = useLatest(handleKey);
	const onKey = useCallback((input: string, key: Key) => latestHandleKey.current(input, key), [latestHandleKey]);
	useCommandKeys(onKey, {isActive: keyboard});

	const title = (
		<Text wrap="truncate-end">
			<Text color={theme.title} bold>
				arena leaderboard
			</Text>
			<Text dimColor>{titleDetails(leaderboard, rows.filter(row => row.rating !== null).length, subtitle)}</Text>
		</Text>
	);
	const footer = (
		<>
			{notes.map((line, index) => (
				<Text key={index} wrap="truncate-end" dimColor>
					{singleLine(line)}
				</Text>
			))}
			{keyboard ? <HelpBar commands={commands} width={size.columns} /> : null}
		</>
	);

	if (state.view === 'head-to-head') {
		return (
			<Box flexDirection="column" width={size.columns}>
				{title}
				<HeadToHead matrix={matrix} width={size.columns} top={state.matrixTop} visibleRows={visibleRows} />
				{footer}
			</Box>
		);
	}

	const shown = sorted.slice(state.scrollTop, state.scrollTop + visibleRows);
	const selectedRow = sorted[state.selected];

	return (
		<Box flexDirection="column" width={size.columns}>
			{title}
			<Text wrap="truncate-end" dimColor>
				{`sorted by ${sortColumn.header} ${SORT_ARROW[state.direction]}`}
				{sorted.length > visibleRows ? ` · rows ${state.scrollTop + 1}–${state.scrollTop + shown.length} of ${sorted.length}` : ''}
			</Text>
			<HeaderRow plan={plan} sortColumn={sortColumn} direction={state.direction} axis={chartAxis(scale, plan.chartWidth)} />
			{shown.map((row, index) => (
				<BoardRow
					key={row.model}
					row={row}
					plan={plan}
					chart={ratingChart(row, scale, plan.chartWidth)}
					selected={keyboard && state.scrollTop + index === state.selected}
				/>
			))}
			<Text wrap="truncate-end">{selectedRow && keyboard ? detailLine(selectedRow) : ''}</Text>
			{footer}
		</Box>
	);
}

/**
 * The matrix view: the same rated models in board order, each row's win rate
 * against each column with the battles behind it. It takes the rows the
 * ratings view gives its sort line, header, table and detail line, so the
 * notes and the help bar stay where they were.
 */
function HeadToHead({matrix, width, top, visibleRows}: {matrix: HeadToHeadMatrix; width: number; top: number; visibleRows: number}) {
	if (matrix.models.length < 2) {
		return (
			<>
				<Text wrap="truncate-end" dimColor>
					{HEAD_TO_HEAD_TITLE}
				</Text>
				<Text wrap="truncate-end">head-to-head needs two models with votes between them</Text>
			</>
		);
	}
	const layout = headToHeadLayout(matrix, width);
	const shown = layout.rows.slice(top, top + visibleRows);
	// Where the ratings view has its detail line: what does not fit on screen.
	const offScreen = [
		layout.hiddenColumns > 0
			? `+${layout.hiddenColumns} ${plural(layout.hiddenColumns, 'column')} off to the right (widen the terminal or use --format table)`
			: '',
		matrix.models.length > visibleRows ? `rows ${top + 1}–${top + shown.length} of ${matrix.models.length}` : '',
	].filter(Boolean);
	return (
		<>
			<Text wrap="truncate-end" dimColor>
				{HEAD_TO_HEAD_TITLE}
			</Text>
			<Text wrap="truncate-end" bold>
				{layout.header}
			</Text>
			{shown.map((line, index) => (
				<Text key={matrix.models[top + index]} wrap="truncate-end">
					{line}
				</Text>
			))}
			<Text wrap="truncate-end" dimColor>
				{offScreen.join(' · ')}
			</Text>
		</>
	);
}

function titleDetails(leaderboard: Leaderboard, ratedCount: number, subtitle: string | undefined): string {
	const parts = [`${leaderboard.rows.length} ${plural(leaderboard.rows.length, 'model')}`];
	if (leaderboard.votes > 0) parts.push(`${leaderboard.votes.toLocaleString('en-US')} ${plural(leaderboard.votes, 'vote')}`);
	if (ratedCount > 0 && leaderboard.bootstrap_rounds > 0) parts.push(`95% CI from ${leaderboard.bootstrap_rounds} bootstrap rounds`);
	if (subtitle) parts.push(subtitle);
	return ` · ${parts.join(' · ')}`;
}

function plural(count: number, noun: string): string {
	return count === 1 ? noun : `${noun}s`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
	const fitted = truncateToWidth(text, width);
	const padding = ' '.repeat(Math.max(0, width - textWidth(fitted)));
	return align === 'right' ? padding + fitted : fitted + padding;
}

const GAP = ' '.repeat(COLUMN_GAP);

/** The text columns before and after the chart, each as one padded string. */
function splitCells(plan: ColumnPlan, cell: (column: LeaderboardColumn) => string): [before: string, after: string] {
	const cells = plan.columns.map(({column, width}) => pad(cell(column), width, column.align));
	const before = cells.slice(0, plan.chartAfter).join(GAP);
	const after = cells.slice(plan.chartAfter).join(GAP);
	return [before, after];
}

function HeaderRow({
	plan,
	sortColumn,
	direction,
	axis,
}: {
	plan: ColumnPlan;
	sortColumn: LeaderboardColumn;
	direction: 'ascending' | 'descending';
	axis: string;
}) {
	const [before, after] = splitCells(plan, column =>
		column === sortColumn ? `${column.header} ${SORT_ARROW[direction]}` : column.header,
	);
	return (
		<Text wrap="truncate-end" bold>
			{before}
			{plan.chartWidth > 0 ? (
				<Text dimColor>
					{GAP}
					{axis}
				</Text>
			) : null}
			{after === '' ? '' : `${GAP}${after}`}
		</Text>
	);
}

function BoardRow({row, plan, chart, selected}: {row: LeaderboardRow; plan: ColumnPlan; chart: string; selected: boolean}) {
	const [before, after] = splitCells(plan, column => singleLine(column.cell(row)));
	return (
		<Text wrap="truncate-end" inverse={selected}>
			{before}
			{plan.chartWidth > 0 ? (
				<>
					{GAP}
					<Text color={theme.title}>{chart}</Text>
				</>
			) : null}
			{after === '' ? '' : `${GAP}${after}`}
		</Text>
	);
}

/** Everything about the selected model in one line, whole: the table cuts long names and drops columns. */
export function detailLine(row: LeaderboardRow): string {
	const parts = [`▸ ${singleLine(row.model)}`];
	if (row.rating !== null) {
		const interval = row.ci_low !== null && row.ci_high !== null ? ` (95% CI ${Math.round(row.ci_low)}–${Math.round(row.ci_high)}, ${formatInterval(row)})` : '';
		// Few votes: the interval from resampling them says little (one vote gives ±0), so say so.
		const provisional = row.battles < PROVISIONAL_BELOW_VOTES ? `, provisional: ${row.battles} ${plural(row.battles, 'vote')}` : '';
		parts.push(`rating ${Math.round(row.rating)}${interval}${provisional}`);
		if (row.rank_ub !== null) parts.push(`rank ${row.rank_ub}`);
		parts.push(`${row.wins}-${row.losses}-${row.ties} in ${row.battles} ${plural(row.battles, 'vote')}`);
		if (row.elo !== null) parts.push(`elo ${Math.round(row.elo)}`);
	} else {
		parts.push('no votes yet');
	}
	if (row.mean_score !== null) parts.push(`score ${row.mean_score.toFixed(1)} from ${row.scored_answers} ${plural(row.scored_answers, 'answer')}`);
	if (row.median_ttft_ms !== null) parts.push(`TTFT ${formatMilliseconds(row.median_ttft_ms)}`);
	if (row.median_tokens_per_s !== null) parts.push(`${row.median_tokens_per_s.toFixed(1)} tok/s`);
	if (row.p99_total_ms !== null) parts.push(`p99 ${formatMilliseconds(row.p99_total_ms)}`);
	if (row.failed > 0) parts.push(`${row.failed} of ${row.answers} failed`);
	if (row.median_cost_usd !== null) parts.push(`${formatUsd(row.median_cost_usd)}/answer`);
	return parts.join(' · ');
}

export interface LeaderboardTuiOptions {
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	subtitle?: string;
}

/** Shows the board until the user leaves (q or Esc). */
export async function leaderboardTui(leaderboard: Leaderboard, options: LeaderboardTuiOptions = {}): Promise<void> {
	const instance = render(<LeaderboardApp leaderboard={leaderboard} subtitle={options.subtitle} />, inkOptions(options));
	await instance.waitUntilExit();
}
