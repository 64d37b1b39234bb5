import {Box, Text} from 'ink';
import {RUBRIC_CRITERIA, RUBRIC_CRITERION_LABELS, rubricScore, type RubricWeights} from '../../core/rubric.js';
import {stripTerminalControls} from '../../core/sanitize.js';
import {formatScore} from '../judging-state.js';
import {completedMarks, type RubricFormState} from '../rubric-form-state.js';
import {theme} from '../theme.js';
import {truncateToWidth} from '../text/wrap.js';

/** Heading, one row per criterion, and the resulting score. */
export const RUBRIC_FORM_ROWS = 2 + RUBRIC_CRITERIA.length;

const LABEL_WIDTH = Math.max(...RUBRIC_CRITERIA.map(criterion => RUBRIC_CRITERION_LABELS[criterion].length));

export interface RubricFormProps {
	form: RubricFormState;
	spec: string;
	/** Normalised. */
	weights: RubricWeights;
	width: number;
}

/** The rubric being filled in for one pane, drawn under the panes. Renders only. */
export function RubricForm({form, spec, weights, width}: RubricFormProps) {
	const marks = completedMarks(form);
	const result = marks
		? `= ${formatScore(rubricScore(marks, weights))}/10, the weighted mean`
		: 'mark every criterion to save';
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end" bold color={theme.title}>
				{truncateToWidth(`Rubric for ${stripTerminalControls(spec)}`, width)}
			</Text>
			{RUBRIC_CRITERIA.map((criterion, index) => {
				const selected = index === form.selected;
				const mark = form.marks[index];
				const label = RUBRIC_CRITERION_LABELS[criterion].padEnd(LABEL_WIDTH);
				const shownMark = (mark === null || mark === undefined ? '–' : String(mark)).padStart(2);
				const weight = `weight ${Math.round(weights[criterion] * 100)}%`;
				return (
					<Text key={criterion} wrap="truncate-end">
						<Text color={selected ? theme.focusedBorder : undefined} bold={selected}>
							{`${selected ? '▸' : ' '} ${label}  ${shownMark}/10`}
						</Text>
						<Text dimColor>{`  ${weight}`}</Text>
					</Text>
				);
			})}
			<Text wrap="truncate-end" dimColor={marks === null} bold={marks !== null}>
				{result}
			</Text>
		</Box>
	);
}
