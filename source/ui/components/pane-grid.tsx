import {Box} from 'ink';
import {useMemo} from 'react';
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
