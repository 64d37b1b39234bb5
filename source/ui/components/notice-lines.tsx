import {Box, Text} from 'ink';
import {stripTerminalControls} from '../../core/sanitize.js';
import {theme} from '../theme.js';
import {truncateToWidth} from '../text/wrap.js';

/** A one-row message under the panes: the verdict, or why a judgement was not saved. */
export interface Notice {
	text: string;
	tone: 'verdict' | 'error';
}

const TONE_COLOR: Record<Notice['tone'], string> = {
	verdict: theme.verdict,
	error: theme.error,
};

/** One row per notice, cut to the width (an error message can be any length). */
export function NoticeLines({notices, width}: {notices: readonly Notice[]; width: number}) {
	return (
		<Box flexDirection="column">
			{notices.map((notice, index) => (
				<Text key={index} wrap="truncate-end" color={TONE_COLOR[notice.tone]} bold>
					{truncateToWidth(stripTerminalControls(notice.text).replace(/\s+/g, ' ').trim(), width)}
				</Text>
			))}
		</Box>
	);
}
