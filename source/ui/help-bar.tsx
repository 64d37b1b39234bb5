import {Box, Text} from 'ink';
import {Fragment} from 'react';
import {type Command, type HelpItem, helpItems, keyLabel} from './keymap.js';
import {packItems} from './layout.js';
import {theme} from './theme.js';
import {displayWidth} from './text/wrap.js';

const ITEM_GAP = '  ';

/** Below this many terminal rows the run views keep their help bar to two rows until `?` is pressed. */
export const COMPACT_HELP_BELOW_ROWS = 32;
export const COMPACT_HELP_ROWS = 2;

export interface HelpBarProps {
	commands: readonly Command[];
	width: number;
	/** At most this many rows: the least needed keys give way to "? all keys". */
	maxRows?: number;
	/** What is not a key but still worth saying ("type filter"), after the commands. */
	extra?: readonly HelpItem[];
}

/** The keys a view accepts right now, generated from the keymap and wrapped to the terminal width. */
export function HelpBar({commands, width, maxRows, extra}: HelpBarProps) {
	const rows = helpBarRows(commands, width, {maxRows, extra});
	return (
		<Box flexDirection="column">
			{rows.map((row, rowIndex) => (
				<Text key={rowIndex} wrap="truncate-end">
					{row.map((item, itemIndex) => (
						<Fragment key={`${item.keys} ${item.description}`}>
							{itemIndex > 0 ? ITEM_GAP : ''}
							<Text color={theme.helpKey} bold>
								{item.keys}
							</Text>
							<Text dimColor> {item.description}</Text>
						</Fragment>
					))}
				</Text>
			))}
		</Box>
	);
}

/** Scrolling by page or to the ends is the first thing a short help bar leaves out; arrows still say "scroll". */
const FIRST_TO_GO: ReadonlySet<Command> = new Set(['PAGE_UP', 'PAGE_DOWN', 'SCROLL_TOP', 'SCROLL_BOTTOM', 'LIST_TOP', 'LIST_BOTTOM', 'SHOW_HELP']);
/** Always kept: how to leave. */
const ALWAYS_SHOWN: ReadonlySet<Command> = new Set(['QUIT', 'BACK', 'CANCEL', 'DISMISS', 'EDIT_CANCEL', 'OPEN_CANCEL', 'FILTER_CLEAR']);

export interface HelpBarOptions {
	/** At most this many rows: the least needed keys give way to "? all keys". */
	maxRows?: number | undefined;
	/** Items after the commands for what is not a key ("type filter"); never dropped for room. */
	extra?: readonly HelpItem[] | undefined;
}

/**
 * The help bar's rows, so a view can reserve exactly that many terminal rows for it.
 * A bare number as the third argument is `maxRows`.
 */
export function helpBarRows(commands: readonly Command[], width: number, options: number | HelpBarOptions = {}): HelpItem[][] {
	const {maxRows, extra = []} = typeof options === 'number' ? {maxRows: options} : options;
	if (maxRows === undefined) return pack([...helpItems(commands), ...extra], width);
	// Short but everything fits: then there is nothing more for ? to show.
	const withoutMore = pack([...helpItems(commands.filter(command => command !== 'SHOW_HELP')), ...extra], width);
	if (withoutMore.length <= maxRows) return withoutMore;
	const more: HelpItem = {keys: keyLabel('SHOW_HELP'), description: 'all keys'};
	const withMore = (kept: readonly Command[]) => pack([...helpItems(kept), ...extra, more], width);
	let kept = commands.filter(command => !FIRST_TO_GO.has(command));
	// Drop the last optional command until what is left, and "? all keys", fits.
	while (withMore(kept).length > maxRows) {
		const index = kept.findLastIndex(command => !ALWAYS_SHOWN.has(command));
		if (index === -1) break;
		kept = [...kept.slice(0, index), ...kept.slice(index + 1)];
	}
	return withMore(kept).slice(0, maxRows);
}

function pack(items: readonly HelpItem[], width: number): HelpItem[][] {
	const labels = items.map(item => `${item.keys} ${item.description}`);
	const packed = packItems(labels, width, ITEM_GAP, displayWidth);
	let next = 0;
	return packed.map(row => row.map(() => items[next++]!));
}
