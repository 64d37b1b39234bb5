import {Box, Text} from 'ink';
import TextInput from 'ink-text-input';
import {stripTerminalControls} from '../../core/sanitize.js';
import type {PaneMeasure} from '../components/model-pane.js';
import {PaneScreen} from '../components/pane-grid.js';
import {HelpBar} from '../help-bar.js';
import type {Command} from '../keymap.js';
import type {PaneDisplay} from '../pane-display.js';
import {theme} from '../theme.js';
import {displayWidth, truncateToWidth} from '../text/wrap.js';
import type {BattleLine, BattleLineTone} from './reveal.js';

const TITLE_ROWS = 1;
const PROGRESS_ROWS = 1;

/** Read when drawn: the theme is chosen at start-up (a saved light theme), after this module loads. */
function toneColour(tone: BattleLineTone): string | undefined {
	switch (tone) {
		case 'verdict':
			return theme.verdict;
		case 'reveal':
			return undefined;
		case 'warning':
			return theme.warning;
		case 'error':
			return theme.error;
	}
}

export interface BattleHeaderProps {
	/** The prompt of the round, shown after the name. */
	title: string;
	/** Short round state on the right ("vote now", "streaming"). */
	status: string;
	/** See progressRow(). */
	progress: string;
	/** The neutral note for the whole battle ("simulated models"), if any. */
	note: string | null;
	width: number;
}

/** The two rows above the panes: what is being asked, and how far the battle has come. */
export function BattleHeader({title, status, progress, note, width}: BattleHeaderProps) {
	const name = 'arena battle';
	const right = status ? ` ${status}` : '';
	const room = Math.max(0, width - displayWidth(name) - displayWidth(right) - 3);
	const shownTitle = title ? truncateToWidth(stripTerminalControls(title).replace(/\s+/g, ' ').trim(), room) : '';
	const used = displayWidth(name) + (shownTitle ? 3 + displayWidth(shownTitle) : 0);
	const gap = Math.max(0, width - used - displayWidth(right));
	const noteText = note ? ` ${note}` : '';
	const shownProgress = truncateToWidth(progress, Math.max(1, width - displayWidth(noteText)));
	const progressGap = Math.max(0, width - displayWidth(shownProgress) - displayWidth(noteText));
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text color={theme.title} bold>
					{name}
				</Text>
				{shownTitle ? <Text dimColor>{` › ${shownTitle}`}</Text> : null}
				{right ? <Text>{' '.repeat(gap) + right}</Text> : null}
			</Text>
			<Text wrap="truncate-end">
				<Text>{shownProgress}</Text>
				{noteText ? <Text color={theme.simulatedBadge}>{' '.repeat(progressGap) + noteText}</Text> : null}
			</Text>
		</Box>
	);
}

function BattleLines({lines, width}: {lines: readonly BattleLine[]; width: number}) {
	return (
		<Box flexDirection="column">
			{lines.map((line, index) => (
				<Text key={index} wrap="truncate-end" color={toneColour(line.tone)} bold={line.tone !== 'reveal'}>
					{truncateToWidth(stripTerminalControls(line.text).replace(/\s+/g, ' ').trim(), width)}
				</Text>
			))}
		</Box>
	);
}

export interface BattleViewProps {
	header: Omit<BattleHeaderProps, 'width'>;
	/** Model A, then Model B. */
	panes: readonly PaneDisplay[];
	badges: readonly string[];
	/** Rows under the panes: the verdict and reveal, a failed side, a failed save. */
	lines: readonly BattleLine[];
	columns: number;
	rows: number;
	focusIndex: number;
	scrollTops: readonly (number | null)[];
	reasoningExpanded: readonly boolean[];
	helpCommands: readonly Command[];
	/** Keep the help bar to this many rows (a short terminal), offering "? all keys". */
	helpMaxRows?: number;
	onMeasure?: (index: number, measure: PaneMeasure) => void;
}

/** One battle round: header, the two panes side by side (stacked when narrow), the lines under them, the keys. Renders only. */
export function BattleView({header, lines, ...screen}: BattleViewProps) {
	const {columns} = screen;
	return (
		<PaneScreen
			{...screen}
			above={<BattleHeader {...header} width={columns} />}
			aboveRows={TITLE_ROWS + PROGRESS_ROWS}
			below={lines.length > 0 ? <BattleLines lines={lines} width={columns} /> : null}
			belowRows={lines.length}
		/>
	);
}

export interface PromptStepViewProps {
	header: Omit<BattleHeaderProps, 'width'>;
	value: string;
	onChange: (value: string) => void;
	onSubmit: (value: string) => void;
	/** Whether the box takes keys (false without a keyboard, or while leaving). */
	focus: boolean;
	columns: number;
}

/** Between rounds without a suite: the prompt both hidden models will answer next. */
export function PromptStepView({header, value, onChange, onSubmit, focus, columns}: PromptStepViewProps) {
	return (
		<Box flexDirection="column" width={columns}>
			<BattleHeader {...header} width={columns} />
			<Box marginTop={1}>
				<Text dimColor>Two models from the pool answer as Model A and Model B; their names show after your vote.</Text>
			</Box>
			<Box borderStyle="round" borderColor={theme.focusedBorder} paddingX={1}>
				<Text color={theme.title}>› </Text>
				<TextInput value={value} onChange={onChange} onSubmit={onSubmit} placeholder="Ask both models the same question…" focus={focus} />
			</Box>
			<HelpBar commands={['SUBMIT', 'DISMISS']} width={columns} />
		</Box>
	);
}
