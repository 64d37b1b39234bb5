import {Box, type Key, Text, useStdin} from 'ink';
import {useCallback, useState} from 'react';
import {singleLine} from '../../core/format-table.js';
import {Spinner} from '../components/spinner.js';
import {HelpBar, helpBarRows} from '../help-bar.js';
import {useCommandKeys} from '../hooks/use-command-keys.js';
import {useLatest} from '../hooks/use-latest.js';
import {type Command, commandFor, keyLabel, listMove, movedTo, SCROLLING} from '../keymap.js';
import {theme} from '../theme.js';
import {displayWidth, truncateToWidth} from '../text/wrap.js';
import type {SuiteChoice} from './suite-choices.js';

export {listSuiteChoices, type SuiteChoice} from './suite-choices.js';

export interface SuitePickerProps {
	/** Null while the suites are being read. */
	suites: SuiteChoice[] | null;
	mode: 'named' | 'blind';
	/** The current model set the suite would run against. */
	models: string[];
	onPick(name: string): void;
	onBack(): void;
	/** Whether keys reach this view; the parent computes it from raw-mode support and what is on top. */
	focus: boolean;
	width: number;
	rows: number;
	/** Why the suites could not be read, or why the last pick failed; one line. */
	error?: string | null;
}

/** What the picker accepts besides Enter: move the highlight, go back. */
export const SUITE_PICKER_COMMANDS = [...SCROLLING, 'BACK'] as const satisfies readonly Command[];

/** Enter has no keymap command of its own here (SUBMIT reads "run"); the action line names what it does. */
const ENTER_KEYS = 'enter';
const SELECTED_MARKER = '› ';
const UNSELECTED_MARKER = '  ';
const COLUMN_GAP = '  ';
const SOURCE_LABEL: Record<SuiteChoice['source'], string> = {builtin: 'built-in', file: 'file'};

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Models needed before Enter can start anything: a named run takes one, a blind battle two. */
export function minimumModels(mode: SuitePickerProps['mode']): number {
	return mode === 'blind' ? 2 : 1;
}

/**
 * What Enter will do with `suite`, in words: "run coding-5 (5 tasks) against
 * 3 models, named" or "blind battle over coding-5 (5 tasks) with 2 models";
 * or, when the model set is too small, why nothing can start yet.
 */
export function suiteActionText(suite: SuiteChoice, mode: SuitePickerProps['mode'], modelCount: number): string {
	const name = singleLine(suite.name);
	const tasks = plural(suite.taskCount, 'task');
	if (modelCount < minimumModels(mode)) {
		const needed = mode === 'blind' ? 'a blind battle needs two models or more' : 'a run needs a model';
		return `${needed}, ${modelCount} chosen: pick models on home (${keyLabel('HOME_MODELS')})`;
	}
	if (mode === 'blind') return `blind battle over ${name} (${tasks}) with ${plural(modelCount, 'model')}`;
	return `run ${name} (${tasks}) against ${plural(modelCount, 'model')}, named`;
}

function windowStart(selected: number, visible: number, count: number): number {
	return Math.max(0, Math.min(selected - Math.floor(visible / 2), count - visible));
}

function suiteLine(suite: SuiteChoice, nameWidth: number, tasksWidth: number): string {
	const name = singleLine(suite.name);
	const tasks = plural(suite.taskCount, 'task');
	const title = singleLine(suite.title).trim();
	const cells = [
		name + ' '.repeat(Math.max(0, nameWidth - displayWidth(name))),
		' '.repeat(Math.max(0, tasksWidth - displayWidth(tasks))) + tasks,
		SOURCE_LABEL[suite.source].padEnd(8),
	];
	if (title !== '' && title !== suite.name) cells.push(title);
	return cells.join(COLUMN_GAP).trimEnd();
}

/**
 * Choose a task suite to run against the current model set (named) or to
 * battle through (blind). The line under the list says what Enter will do.
 */
export function SuitePicker({suites, mode, models, onPick, onBack, focus, width, rows, error = null}: SuitePickerProps) {
	const {isRawModeSupported} = useStdin();
	const [selectedName, setSelectedName] = useState<string | null>(null);
	const keyboard = focus && isRawModeSupported === true;
	const list = suites ?? [];
	const foundIndex = list.findIndex(suite => suite.name === selectedName);
	const selectedIndex = foundIndex === -1 ? 0 : foundIndex;
	const selected = list[selectedIndex];
	const canStart = models.length >= minimumModels(mode);
	const helpRowCount = keyboard ? helpBarRows(SUITE_PICKER_COMMANDS, width).length : 0;

	// Rows by priority: one list row, the action line, the error, the help bar, the title.
	let spare = Math.max(0, rows - 1);
	const take = (wanted: number) => {
		if (spare < wanted) return false;
		spare -= wanted;
		return true;
	};
	const showAction = selected !== undefined && take(1);
	const showError = error !== null && error !== '' && take(1);
	const showHelp = helpRowCount > 0 && take(helpRowCount);
	const showTitle = take(1);
	const listRows = 1 + spare;

	const handleKey = (input: string, key: Key) => {
		if (key.return) {
			if (selected && canStart) onPick(selected.name);
			return;
		}
		const page = Math.max(1, listRows - 1);
		const command = commandFor(SUITE_PICKER_COMMANDS, input, key);
		if (command === 'BACK') {
			onBack();
			return;
		}
		const move = listMove(command, page);
		const suite = move === null ? undefined : list[movedTo(move, selectedIndex, list.length - 1)];
		if (suite) setSelectedName(suite.name);
	};
	const latestHandleKey = useLatest(handleKey);
	const onKey = useCallback((input: string, key: Key) => latestHandleKey.current(input, key), [latestHandleKey]);
	useCommandKeys(onKey, {isActive: keyboard});

	const modeText = mode === 'blind' ? `blind battle · ${plural(models.length, 'model')}` : `named run · ${plural(models.length, 'model')}`;
	const title = showTitle ? (
		<Text wrap="truncate-end">
			<Text color={theme.title} bold>
				{'arena › suites'}
			</Text>
			<Text dimColor>{truncateToWidth(` · ${modeText}`, Math.max(0, width - 14))}</Text>
		</Text>
	) : null;
	const errorLine = showError ? (
		<Text wrap="truncate-end" color={theme.error} bold>
			{truncateToWidth(`✗ ${singleLine(error ?? '')}`, width)}
		</Text>
	) : null;
	const help = showHelp ? <HelpBar commands={SUITE_PICKER_COMMANDS} width={width} /> : null;

	if (suites === null) {
		return (
			<Box flexDirection="column" width={width}>
				{title}
				<Spinner label="reading suites…" />
				{errorLine}
				{help}
			</Box>
		);
	}

	const nameWidth = Math.min(24, Math.max(0, ...list.map(suite => displayWidth(singleLine(suite.name)))));
	const tasksWidth = Math.max(0, ...list.map(suite => displayWidth(plural(suite.taskCount, 'task'))));
	const start = windowStart(selectedIndex, listRows, list.length);
	const visible = list.slice(start, start + listRows);

	return (
		<Box flexDirection="column" width={width}>
			{title}
			{visible.length === 0 ? (
				<Text wrap="truncate-end">{truncateToWidth('No suites found.', width)}</Text>
			) : (
				visible.map((suite, index) => {
					const isSelected = start + index === selectedIndex;
					const line = (isSelected ? SELECTED_MARKER : UNSELECTED_MARKER) + suiteLine(suite, nameWidth, tasksWidth);
					return (
						<Text key={suite.name} wrap="truncate-end" bold={isSelected} color={isSelected ? theme.title : undefined}>
							{truncateToWidth(line, width)}
						</Text>
					);
				})
			)}
			{showAction && selected ? (
				<Text wrap="truncate-end">
					<Text color={canStart ? theme.helpKey : theme.warning} bold>
						{canStart ? ENTER_KEYS : '!'}
					</Text>
					{' '}
					{truncateToWidth(suiteActionText(selected, mode, models.length), Math.max(0, width - ENTER_KEYS.length - 1))}
				</Text>
			) : null}
			{errorLine}
			{help}
		</Box>
	);
}
