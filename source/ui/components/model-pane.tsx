import {Box, Text} from 'ink';
import {useLayoutEffect, useMemo, useState} from 'react';
import {stripTerminalControls} from '../../core/sanitize.js';
import {keyLabel} from '../keymap.js';
import {packItems, PANE_HORIZONTAL_CHROME, PANE_VERTICAL_CHROME} from '../layout.js';
import {type DisplayLine, paneBody, type PaneBodySource, paneTail, PaneTextCache, visibleRange} from '../pane-content.js';
import type {PaneDisplay} from '../pane-display.js';
import {theme} from '../theme.js';
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
	pane: PaneDisplay;
	/** The user's judgement of this answer ("#1 ★ 8/10"); empty when none. */
	badge?: string;
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
	pane,
	badge = '',
	width,
	height,
	focused,
	scrollTop,
	reasoningExpanded,
	onMeasure,
}: ModelPaneProps) {
	const innerWidth = Math.max(1, width - PANE_HORIZONTAL_CHROME);
	const statusRows = packItems(pane.status, innerWidth, STATUS_SEPARATOR, displayWidth);
	const bodyRows = Math.max(0, height - PANE_VERTICAL_CHROME - HEADER_ROWS - statusRows.length);
	const ended = ENDED.has(pane.state);

	const source: PaneBodySource = {
		text: pane.text,
		reasoning: pane.reasoning,
		state: pane.state,
		error: pane.error,
		reasoningExpanded,
		reasoningKey: keyLabel('TOGGLE_REASONING'),
		raw: pane.raw === true,
	};
	const [textCache] = useState(() => new PaneTextCache());
	// Once a model has ended its text is fixed, so the full body is wrapped once and scrolled.
	const fullBody = useMemo(
		() => (ended ? paneBody(source, innerWidth, textCache) : null),
		[ended, pane.text, pane.reasoning, pane.error, pane.state, reasoningExpanded, innerWidth, pane.raw],
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
			<PaneHeader spec={pane.spec} simulated={pane.simulated} badge={badge} position={pane.raw ? `raw ${position}`.trim() : position} width={innerWidth} />
			{statusRows.map((items, index) => (
				<Text key={`status-${index}`} wrap="truncate-end">
					{items.map((item, itemIndex) => (
						<Text key={itemIndex}>
							{itemIndex > 0 ? <Text dimColor>{STATUS_SEPARATOR}</Text> : null}
							{index === 0 && itemIndex === 0 ? (
								<Text color={pane.statusColor} bold>
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

function PaneHeader({
	spec,
	simulated,
	badge,
	position,
	width,
}: {
	spec: string;
	simulated: boolean;
	badge: string;
	position: string;
	width: number;
}) {
	const simulatedLabel = simulated ? ` ${SIMULATED_BADGE}` : '';
	const judgement = badge === '' ? '' : ` ${badge}`;
	const where = position === '' ? '' : ` ${position}`;
	// The spec gives way first: the judgement is what the user just did and must stay visible.
	const specRoom = Math.max(1, width - displayWidth(simulatedLabel) - displayWidth(judgement) - displayWidth(where));
	const shownSpec = truncateToWidth(stripTerminalControls(spec), specRoom);
	const used = displayWidth(shownSpec) + displayWidth(simulatedLabel);
	const gap = Math.max(0, width - used - displayWidth(judgement) - displayWidth(where));
	return (
		<Text wrap="truncate-end">
			<Text bold>{shownSpec}</Text>
			{simulated ? <Text color={theme.simulatedBadge}>{simulatedLabel}</Text> : null}
			{gap > 0 && (judgement !== '' || where !== '') ? ' '.repeat(gap) : null}
			{judgement === '' ? null : (
				<Text color={theme.judgement} bold>
					{judgement}
				</Text>
			)}
			{where === '' ? null : <Text dimColor>{where}</Text>}
		</Text>
	);
}
