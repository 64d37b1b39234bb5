import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {LiveModelView} from '../core/metrics.js';
import {stripTerminalControls} from '../core/sanitize.js';
import {ModelPane, type PaneMeasure} from './components/model-pane.js';
import {HelpBar, helpBarRows} from './help-bar.js';
import type {Command} from './keymap.js';
import {gridLayout} from './layout.js';
import {theme} from './theme.js';
import {displayWidth, truncateToWidth} from './text/wrap.js';

export interface RunViewProps {
	views: readonly LiveModelView[];
	/** `performance.now()` of the snapshot. */
	now: number;
	/** Terminal size. */
	columns: number;
	rows: number;
	title?: string;
	/** Short run-level state on the right of the title row ("2/3 finished", "cancelling…"). */
	status?: string;
	focusIndex: number;
	scrollTops: readonly (number | null)[];
	reasoningExpanded: readonly boolean[];
	helpCommands: readonly Command[];
	onMeasure?: (index: number, measure: PaneMeasure) => void;
}

const TITLE_ROWS = 1;
/** Ink clears the whole screen on every frame once output reaches the terminal height; stay one row short. */
const SPARE_ROWS = 1;

/** Every model's pane in a grid that fits the terminal, with a title row and the help bar. Renders only. */
export function RunView({
	views,
	now,
	columns,
	rows,
	title,
	status,
	focusIndex,
	scrollTops,
	reasoningExpanded,
	helpCommands,
	onMeasure,
}: RunViewProps) {
	const helpRows = helpCommands.length === 0 ? 0 : helpBarRows(helpCommands, columns).length;
	const available = rows - SPARE_ROWS - TITLE_ROWS - helpRows;
	const grid = gridLayout(views.length, columns, available);

	const measureCallbacks = useMemo(
		() => views.map((_, index) => (measure: PaneMeasure) => onMeasure?.(index, measure)),
		// One stable callback per pane position; the view objects themselves are new every frame.
		[views.length, onMeasure],
	);

	const gridRows: number[][] = [];
	for (let start = 0; start < views.length; start += grid.columns) {
		gridRows.push(Array.from({length: Math.min(grid.columns, views.length - start)}, (_, offset) => start + offset));
	}

	return (
		<Box flexDirection="column" width={columns}>
			<TitleRow title={title} status={status} width={columns} />
			{gridRows.map(indexes => (
				<Box key={indexes[0]} flexDirection="row">
					{indexes.map(index => (
						<ModelPane
							key={index}
							view={views[index]!}
							now={now}
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
			{helpRows > 0 ? <HelpBar commands={helpCommands} width={columns} /> : null}
		</Box>
	);
}

function TitleRow({title, status, width}: {title?: string; status?: string; width: number}) {
	const name = 'arena';
	const right = status ? ` ${status}` : '';
	const room = Math.max(0, width - displayWidth(name) - displayWidth(right) - 3);
	const shownTitle = title ? truncateToWidth(stripTerminalControls(title).replace(/\s+/g, ' ').trim(), room) : '';
	const used = displayWidth(name) + (shownTitle ? 3 + displayWidth(shownTitle) : 0);
	const gap = Math.max(0, width - used - displayWidth(right));
	return (
		<Text wrap="truncate-end">
			<Text color={theme.title} bold>
				{name}
			</Text>
			{shownTitle ? <Text dimColor>{` › ${shownTitle}`}</Text> : null}
			{right ? <Text>{' '.repeat(gap) + right}</Text> : null}
		</Text>
	);
}
