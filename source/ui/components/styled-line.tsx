import {Text} from 'ink';
import type {DisplayLine, Segment} from '../pane-content.js';

/**
 * One pre-wrapped row. Empty rows still take their row, so height arithmetic
 * holds; a one-style row is a single element, which keeps fast streams cheap to draw.
 */
export function StyledLine({line}: {line: DisplayLine}) {
	if (line.length === 0) return <Text> </Text>;
	if (line.length === 1) return <SegmentText segment={line[0]!} />;
	return (
		<Text wrap="truncate-end">
			{line.map((segment, index) => (
				<SegmentText key={index} segment={segment} />
			))}
		</Text>
	);
}

function SegmentText({segment}: {segment: Segment}) {
	return (
		<Text wrap="truncate-end" color={segment.color} dimColor={segment.dim} bold={segment.bold}>
			{segment.text === '' ? ' ' : segment.text}
		</Text>
	);
}
