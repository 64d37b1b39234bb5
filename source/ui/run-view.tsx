import {Text} from 'ink';
import type {RubricWeights} from '../core/rubric.js';
import {stripTerminalControls} from '../core/sanitize.js';
import type {PaneMeasure} from './components/model-pane.js';
import {PaneScreen} from './components/pane-grid.js';
import {type Notice, NoticeLines} from './components/notice-lines.js';
import {RUBRIC_FORM_ROWS, RubricForm} from './components/rubric-form.js';
import type {Command} from './keymap.js';
import type {PaneDisplay} from './pane-display.js';
import type {RubricFormState} from './rubric-form-state.js';
import {theme} from './theme.js';
import {displayWidth, truncateToWidth} from './text/wrap.js';

export interface RunViewProps {
	panes: readonly PaneDisplay[];
	/** Per pane, the user's judgement for its header ("★ 8/10"). */
	badges?: readonly string[];
	/** One-row messages under the panes (the verdict, a failed save). */
	notices?: readonly Notice[];
	/** The rubric being filled in, drawn under the panes. */
	rubricForm?: {form: RubricFormState; weights: RubricWeights} | null;
	/** Terminal size. */
	columns: number;
	rows: number;
	title?: string;
	/** Short run-level state on the right of the title row ("2/3 finished", "cancelling…"). */
	status?: string;
	focusIndex: number;
	scrollTops: readonly (number | null)[];
	reasoningExpanded: readonly boolean[];
	helpCommands: readonly Command[];
	/** Keep the help bar to this many rows (a short terminal), offering "? all keys". */
	helpMaxRows?: number;
	onMeasure?: (index: number, measure: PaneMeasure) => void;
}

const TITLE_ROWS = 1;

const NO_BADGES: readonly string[] = [];
const NO_NOTICES: readonly Notice[] = [];

/**
 * Every model's pane in a grid that fits the terminal, with a title row, any
 * judging notices or form, and the help bar. Renders only; the live run and the
 * history view both draw through it.
 */
export function RunView({badges = NO_BADGES, notices = NO_NOTICES, rubricForm = null, title, status, ...screen}: RunViewProps) {
	const {panes, columns} = screen;
	const formRows = rubricForm ? RUBRIC_FORM_ROWS : 0;
	return (
		<PaneScreen
			{...screen}
			badges={badges}
			above={<TitleRow title={title} status={status} width={columns} />}
			aboveRows={TITLE_ROWS}
			below={
				<>
					{notices.length > 0 ? <NoticeLines notices={notices} width={columns} /> : null}
					{rubricForm ? (
						<RubricForm
							form={rubricForm.form}
							spec={panes[rubricForm.form.paneIndex]?.spec ?? ''}
							weights={rubricForm.weights}
							width={columns}
						/>
					) : null}
				</>
			}
			belowRows={notices.length + formRows}
		/>
	);
}

function TitleRow({title, status, width}: {title?: string; status?: string; width: number}) {
	const name = 'arena';
	const right = status ? ` ${status}` : '';
	const room = Math.max(0, width - displayWidth(name) - displayWidth(right) - 3);
	const shownTitle = title ? truncateToWidth(stripTerminalControls(title).replace(/\s+/g, ' ').trim(), room) : '';
	const used = displayWidth(name) + (shownTitle ? 3 + displayWidth(shownTitle) : 0);
	const gap = Math.max(0, width - used - displayWidth(right));
	return (
		<Text wrap="truncate-end">
			<Text color={theme.title} bold>
				{name}
			</Text>
			{shownTitle ? <Text dimColor>{` › ${shownTitle}`}</Text> : null}
			{right ? <Text>{' '.repeat(gap) + right}</Text> : null}
		</Text>
	);
}
