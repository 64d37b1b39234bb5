import {Box, type Key, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {DiffView} from '../components/diff-view.js';
import {HelpBar} from '../help-bar.js';
import {type Command, commandFor, listMove, movedTo, SCROLLING} from '../keymap.js';
import {truncateToWidth} from '../text/wrap.js';

const DIFF_COMMANDS: readonly Command[] = [...SCROLLING, 'BACK'];
const DIFF_COMMANDS_WITH_QUIT: readonly Command[] = [...DIFF_COMMANDS, 'QUIT'];
/** The title row and the help bar, plus the row Ink must be kept short of. */
const CHROME_ROWS = 3;

export interface DiffScreenProps {
	left: {title: string; text: string};
	right: {title: string; text: string};
	keyboard: boolean;
	columns: number;
	rows: number;
	onBack(): void;
	/** q: leave the whole app, when the view offers it. */
	onQuit?: () => void;
}

/** Two answers' word diff over the whole screen: scroll it, Esc goes back to the panes. */
export function DiffScreen({left, right, keyboard, columns, rows, onBack, onQuit}: DiffScreenProps) {
	const commands = onQuit ? DIFF_COMMANDS_WITH_QUIT : DIFF_COMMANDS;
	const [scrollTop, setScrollTop] = useState(0);
	const contentRows = useRef(0);
	const bodyRows = Math.max(3, rows - CHROME_ROWS);

	useInput(
		(input: string, key: Key) => {
			const command = commandFor(commands, input, key);
			if (command === 'BACK') onBack();
			else if (command === 'QUIT') onQuit?.();
			const move = listMove(command, Math.max(1, bodyRows - 1));
			if (move !== null) setScrollTop(movedTo(move, scrollTop, contentRows.current - bodyRows));
		},
		{isActive: keyboard},
	);

	return (
		<Box flexDirection="column" width={columns}>
			<Text wrap="truncate-end" bold>
				{truncateToWidth(`word diff · ${left.title} ⇄ ${right.title}`, columns)}
			</Text>
			<DiffView left={left} right={right} width={columns} rows={bodyRows} scrollTop={scrollTop} onMeasure={total => (contentRows.current = total)} />
			{keyboard ? <HelpBar commands={commands} width={columns} /> : null}
		</Box>
	);
}

/** Which two panes `d` compares: the focused one and its right-hand neighbour (its left one for the last pane), left first. */
export function diffPair(focusIndex: number, paneCount: number): [number, number] | null {
	if (paneCount < 2) return null;
	const other = focusIndex === paneCount - 1 ? focusIndex - 1 : focusIndex + 1;
	return focusIndex < other ? [focusIndex, other] : [other, focusIndex];
}
