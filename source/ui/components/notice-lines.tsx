import {Box, Text} from 'ink';
import {stripTerminalControls} from '../../core/sanitize.js';
import {theme} from '../theme.js';
import {truncateToWidth} from '../text/wrap.js';

/** A one-row message under the panes: the verdict, or why a judgement was not saved. */
export interface Notice {
	text: string;
	tone: 'verdict' | 'error';
}

/** Read when drawn: the theme is chosen at start-up, after this module loads. */
function toneColour(tone: Notice['tone']): string | undefined {
	return tone === 'verdict' ? theme.verdict : theme.error;
}

/** One row per notice, cut to the width (an error message can be any length). */
export function NoticeLines({notices, width}: {notices: readonly Notice[]; width: number}) {
	return (
		<Box flexDirection="column">
			{notices.map((notice, index) => (
				<Text key={index} wrap="truncate-end" color={toneColour(notice.tone)} bold>
					{truncateToWidth(stripTerminalControls(notice.text).replace(/\s+/g, ' ').trim(), width)}
				</Text>
			))}
		</Box>
	);
}
