import {Box} from 'ink';
import {type ReactNode, useMemo} from 'react';
import {HelpBar, helpBarRows} from '../help-bar.js';
import type {Command} from '../keymap.js';
import {gridLayout} from '../layout.js';
import type {PaneDisplay} from '../pane-display.js';
import {ModelPane, type PaneMeasure} from './model-pane.js';

export interface PaneGridProps {
	panes: readonly PaneDisplay[];
	badges: readonly string[];
	/** The width of the whole grid and the rows it may fill. */
	columns: number;
	availableRows: number;
	focusIndex: number;
	scrollTops: readonly (number | null)[];
	reasoningExpanded: readonly boolean[];
	onMeasure?: (index: number, measure: PaneMeasure) => void;
}

/** The panes, side by side when the width allows (2–4 columns), wrapping to rows otherwise. */
export function PaneGrid({
	panes,
	badges,
	columns,
	availableRows,
	focusIndex,
	scrollTops,
	reasoningExpanded,
	onMeasure,
}: PaneGridProps) {
	const grid = gridLayout(panes.length, columns, availableRows);
	const measureCallbacks = useMemo(
		() => panes.map((_, index) => (measure: PaneMeasure) => onMeasure?.(index, measure)),
		// One stable callback per pane position; the pane objects themselves are new every frame.
		[panes.length, onMeasure],
	);
	const gridRows: number[][] = [];
	for (let start = 0; start < panes.length; start += grid.columns) {
		gridRows.push(Array.from({length: Math.min(grid.columns, panes.length - start)}, (_, offset) => start + offset));
	}
	return (
		<>
			{gridRows.map(indexes => (
				<Box key={indexes[0]} flexDirection="row">
					{indexes.map(index => (
						<ModelPane
							key={index}
							pane={panes[index]!}
							badge={badges[index] ?? ''}
							width={grid.paneWidth}
							height={grid.paneHeight}
							focused={index === focusIndex}
							scrollTop={scrollTops[index] ?? null}
							reasoningExpanded={reasoningExpanded[index] ?? false}
							onMeasure={measureCallbacks[index]}
						/>
					))}
				</Box>
			))}
		</>
	);
}

/** Ink clears the whole screen on every frame once output reaches the terminal height; stay one row short. */
const SPARE_ROWS = 1;

export interface PaneScreenProps extends Omit<PaneGridProps, 'availableRows'> {
	/** Terminal rows: the grid gets what the rows above and below it, the help bar and the spare row leave. */
	rows: number;
	/** What goes above the panes (a title row, a progress row), and how many rows it takes. */
	above: ReactNode;
	aboveRows: number;
	/** What goes under the panes (notices, a form), and how many rows it takes. */
	below?: ReactNode;
	belowRows?: number;
	helpCommands: readonly Command[];
	/** Keep the help bar to this many rows (a short terminal), offering "? all keys". */
	helpMaxRows?: number;
}

/** A full-screen view of panes: the run, a stored run and a battle round are all drawn through it. */
export function PaneScreen({rows, above, aboveRows, below = null, belowRows = 0, helpCommands, helpMaxRows, ...grid}: PaneScreenProps) {
	const helpRows = helpCommands.length === 0 ? 0 : helpBarRows(helpCommands, grid.columns, helpMaxRows).length;
	return (
		<Box flexDirection="column" width={grid.columns}>
			{above}
			<PaneGrid {...grid} availableRows={rows - SPARE_ROWS - aboveRows - belowRows - helpRows} />
			{below}
			{helpRows > 0 ? <HelpBar commands={helpCommands} width={grid.columns} maxRows={helpMaxRows} /> : null}
		</Box>
	);
}
