import {Box, Text} from 'ink';
import {useLayoutEffect, useMemo, useState} from 'react';
import type {LiveModelView} from '../../core/metrics.js';
import {stripTerminalControls} from '../../core/sanitize.js';
import {statusItems} from '../format.js';
import {keyLabel} from '../keymap.js';
import {packItems, PANE_HORIZONTAL_CHROME, PANE_VERTICAL_CHROME} from '../layout.js';
import {type DisplayLine, paneBody, type PaneBodySource, paneTail, PaneTextCache, visibleRange} from '../pane-content.js';
import {stateColor, theme} from '../theme.js';
import {displayWidth, truncateToWidth} from '../text/wrap.js';
import {StyledLine} from './styled-line.js';

const STATUS_SEPARATOR = ' · ';
const HEADER_ROWS = 1;
const SIMULATED_BADGE = 'simulated';

export interface PaneMeasure {
	/** Rows of the whole body once the model has ended (scrollable); null while it streams. */
	totalRows: number | null;
	bodyRows: number;
}

export interface ModelPaneProps {
	view: LiveModelView;
	/** `performance.now()` of the snapshot, for countdowns. */
	now: number;
	width: number;
	height: number;
	focused: boolean;
	/** First body row shown; null follows the newest text. */
	scrollTop: number | null;
	reasoningExpanded: boolean;
	onMeasure?: (measure: PaneMeasure) => void;
}

const ENDED = new Set(['done', 'error', 'cancelled']);

/** One model: header, live status, then as much of its reasoning and answer as fits. */
export function ModelPane({
	view,
	now,
	width,
	height,
	focused,
	scrollTop,
	reasoningExpanded,
	onMeasure,
}: ModelPaneProps) {
	const innerWidth = Math.max(1, width - PANE_HORIZONTAL_CHROME);
	const status = statusItems(view, now);
	const statusRows = packItems([status.state, ...status.metrics], innerWidth, STATUS_SEPARATOR, displayWidth);
	const bodyRows = Math.max(0, height - PANE_VERTICAL_CHROME - HEADER_ROWS - statusRows.length);
	const ended = ENDED.has(view.state);

	const source: PaneBodySource = {
		text: view.text,
		reasoning: view.reasoning,
		state: view.state,
		error: view.error,
		reasoningExpanded,
		reasoningKey: keyLabel('TOGGLE_REASONING'),
	};
	const [textCache] = useState(() => new PaneTextCache());
	// Once a model has ended its text is fixed, so the full body is wrapped once and scrolled.
	const fullBody = useMemo(
		() => (ended ? paneBody(source, innerWidth, textCache) : null),
		[ended, view.text, view.reasoning, view.error, view.state, reasoningExpanded, innerWidth],
	);

	let rows: DisplayLine[];
	let position = '';
	if (fullBody) {
		const {start, end} = visibleRange(fullBody.length, bodyRows, scrollTop);
		rows = fullBody.slice(start, end);
		if (fullBody.length > bodyRows) position = `${start + 1}–${end}/${fullBody.length}`;
	} else {
		rows = paneTail(source, innerWidth, bodyRows, textCache).rows;
	}

	const totalRows = fullBody?.length ?? null;
	useLayoutEffect(() => {
		onMeasure?.({totalRows, bodyRows});
	}, [onMeasure, totalRows, bodyRows]);

	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			flexShrink={0}
			borderStyle={focused ? 'double' : 'round'}
			borderColor={focused ? theme.focusedBorder : theme.border}
			paddingX={1}
		>
			<PaneHeader spec={view.target.spec} simulated={view.target.simulated === true} position={position} width={innerWidth} />
			{statusRows.map((items, index) => (
				<Text key={`status-${index}`} wrap="truncate-end">
					{items.map((item, itemIndex) => (
						<Text key={itemIndex}>
							{itemIndex > 0 ? <Text dimColor>{STATUS_SEPARATOR}</Text> : null}
							{index === 0 && itemIndex === 0 ? (
								<Text color={view.retry ? theme.warning : stateColor[view.state]} bold>
									{item}
								</Text>
							) : (
								item
							)}
						</Text>
					))}
				</Text>
			))}
			{rows.map((row, index) => (
				<StyledLine key={index} line={row} />
			))}
		</Box>
	);
}

function PaneHeader({spec, simulated, position, width}: {spec: string; simulated: boolean; position: string; width: number}) {
	const badge = simulated ? ` ${SIMULATED_BADGE}` : '';
	const right = position === '' ? '' : ` ${position}`;
	const specRoom = Math.max(1, width - displayWidth(badge) - displayWidth(right));
	const shownSpec = truncateToWidth(stripTerminalControls(spec), specRoom);
	const gap = Math.max(0, width - displayWidth(shownSpec) - displayWidth(badge) - displayWidth(right));
	return (
		<Text wrap="truncate-end">
			<Text bold>{shownSpec}</Text>
			{simulated ? (
				<Text color={theme.simulatedBadge}>{badge}</Text>
			) : null}
			{right === '' ? null : <Text dimColor>{' '.repeat(gap) + right}</Text>}
		</Text>
	);
}
