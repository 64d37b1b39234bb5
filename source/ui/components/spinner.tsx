import {Text} from 'ink';
import {useEffect, useState} from 'react';
import {singleLine} from '../../core/format-table.js';
import {theme} from '../theme.js';
import {displayWidth, truncateToWidth} from '../text/wrap.js';

/** Braille frames: one terminal column each, and readable without colour. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
/** About ten frames a second: visibly alive, and well under the UI's frame cap. */
export const SPINNER_INTERVAL_MS = 100;

/** A dumb terminal may not understand colour escapes even when NO_COLOR is unset. */
function accentColour(): string | undefined {
	return process.env['TERM'] === 'dumb' ? undefined : theme.title;
}

export interface SpinnerProps {
	/** What is being waited for ("reading history…"); model or user text is stripped of terminal controls. */
	label: string;
	/** False freezes the frame (nothing is redrawn); the label stays. */
	active?: boolean;
}

/**
 * Shows that something is under way. The frame advances on its own timer,
 * cleared on unmount, so a finished operation leaves nothing ticking behind.
 */
export function Spinner({label, active = true}: SpinnerProps) {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setFrame(previous => (previous + 1) % SPINNER_FRAMES.length), SPINNER_INTERVAL_MS);
		return () => clearInterval(timer);
	}, [active]);
	return (
		<Text wrap="truncate-end">
			<Text color={accentColour()}>{SPINNER_FRAMES[frame]}</Text> {singleLine(label)}
		</Text>
	);
}

export interface ProgressBarProps {
	done: number;
	total: number;
	/** Columns the whole line may take: bar, count and label. */
	width: number;
	label?: string;
}

/** Cells of the bar when the width allows: wider only stretches the line without saying more. */
const MAX_BAR_CELLS = 30;
/** Fewer cells than this no longer read as a bar; the count and label are shown alone. */
const MIN_BAR_CELLS = 4;
const FILLED = '#';
const EMPTY = '-';

export interface ProgressBarParts {
	/** The filled and empty cells, without brackets; both empty when there is no room for a bar. */
	filled: string;
	empty: string;
	/** "3/5". */
	count: string;
	/** The label, cut to the room left (may be empty). */
	label: string;
}

/**
 * How `[#####-----] 3/5 label` fits in `width` columns: the count always shows,
 * the bar takes up to MAX_BAR_CELLS and gives way to the label's first words
 * only down to MIN_BAR_CELLS, then the label is cut, and on a very narrow line
 * the bar goes before the count does.
 */
export function progressBarParts({done, total, width, label = ''}: ProgressBarProps): ProgressBarParts {
	const safeTotal = Math.max(0, Math.floor(total));
	const safeDone = Math.min(safeTotal, Math.max(0, Math.floor(done)));
	const count = `${safeDone}/${safeTotal}`;
	const cleanLabel = singleLine(label).trim();
	const countWidth = displayWidth(count);
	// Brackets, a space after the bar.
	const barChrome = 3;
	const labelRoom = cleanLabel === '' ? 0 : displayWidth(cleanLabel) + 1;
	const wantedCells = Math.min(MAX_BAR_CELLS, width - barChrome - countWidth - labelRoom);
	const roomForBar = width - barChrome - countWidth;
	const cells = roomForBar < MIN_BAR_CELLS ? 0 : Math.max(MIN_BAR_CELLS, Math.min(roomForBar, wantedCells));
	const filledCells = cells === 0 ? 0 : safeTotal === 0 ? 0 : safeDone >= safeTotal ? cells : Math.floor((cells * safeDone) / safeTotal);
	const used = (cells === 0 ? 0 : cells + barChrome) + countWidth;
	const labelWidth = width - used - 1;
	return {
		filled: FILLED.repeat(filledCells),
		empty: EMPTY.repeat(cells - filledCells),
		count: truncateToWidth(count, Math.max(0, width)),
		label: cleanLabel === '' || labelWidth < 1 ? '' : truncateToWidth(cleanLabel, labelWidth),
	};
}

/** The plain text of a progress bar, as drawn (without colour). */
export function progressBarText(props: ProgressBarProps): string {
	const parts = progressBarParts(props);
	const bar = parts.filled === '' && parts.empty === '' ? '' : `[${parts.filled}${parts.empty}] `;
	return `${bar}${parts.count}${parts.label === '' ? '' : ` ${parts.label}`}`;
}

/** `[#####-----] 3/5 label`: how far a long operation has got, on one line of at most `width` columns. */
export function ProgressBar(props: ProgressBarProps) {
	const parts = progressBarParts(props);
	const hasBar = parts.filled !== '' || parts.empty !== '';
	return (
		<Text wrap="truncate-end">
			{hasBar ? (
				<>
					[<Text color={accentColour()}>{parts.filled}</Text>
					<Text dimColor>{parts.empty}</Text>]{' '}
				</>
			) : null}
			{parts.count}
			{parts.label === '' ? '' : ` ${parts.label}`}
		</Text>
	);
}
