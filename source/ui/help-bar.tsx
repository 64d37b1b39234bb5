import {Box, Text} from 'ink';
import {Fragment} from 'react';
import {type Command, helpItems} from './keymap.js';
import {packItems} from './layout.js';
import {theme} from './theme.js';
import {displayWidth} from './text/wrap.js';

const ITEM_GAP = '  ';

/** The keys a view accepts right now, generated from the keymap and wrapped to the terminal width. */
export function HelpBar({commands, width}: {commands: readonly Command[]; width: number}) {
	const rows = helpBarRows(commands, width);
	return (
		<Box flexDirection="column">
			{rows.map((row, rowIndex) => (
				<Text key={rowIndex} wrap="truncate-end">
					{row.map((item, itemIndex) => (
						<Fragment key={item.keys}>
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

/** The help bar's rows, so a view can reserve exactly that many terminal rows for it. */
export function helpBarRows(commands: readonly Command[], width: number) {
	const items = helpItems(commands);
	const labels = items.map(item => `${item.keys} ${item.description}`);
	const packed = packItems(labels, width, ITEM_GAP, displayWidth);
	let next = 0;
	return packed.map(row => row.map(() => items[next++]!));
}
