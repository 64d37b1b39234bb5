/**
 * The head-to-head matrix laid out for a terminal of a given width: a label
 * column ("#2 model-name") and one column per opponent, headed by its place on
 * the board. Columns that do not fit are left off (and counted) rather than
 * wrapped. Pure text, so it is tested without Ink.
 */

import {singleLine, textWidth} from '../../core/format-table.js';
import {headToHeadCell, type HeadToHeadMatrix} from '../../core/leaderboard-report.js';
import {truncateToWidth} from '../text/wrap.js';
import {COLUMN_GAP, MODEL_MAX_WIDTH} from './leaderboard-layout.js';

export interface HeadToHeadLayout {
	/** The column headings, aligned with the rows. */
	header: string;
	/** One line per rated model, in board order. */
	rows: string[];
	/** Opponent columns left off for want of width. */
	hiddenColumns: number;
}

const GAP = ' '.repeat(COLUMN_GAP);

export function headToHeadLayout(matrix: HeadToHeadMatrix, width: number): HeadToHeadLayout {
	const size = matrix.models.length;
	const labels = matrix.models.map((model, index) => `#${index + 1} ${singleLine(model)}`);
	const labelWidth = Math.min(MODEL_MAX_WIDTH + 4, Math.max(0, ...labels.map(textWidth)));
	const cells = matrix.records.map((records, row) => records.map((record, column) => (row === column ? '' : headToHeadCell(record))));
	const columnWidths = matrix.models.map((_, column) =>
		Math.max(textWidth(`#${column + 1}`), ...cells.map(rowCells => textWidth(rowCells[column]!))),
	);

	let used = labelWidth;
	let shown = 0;
	while (shown < size && used + COLUMN_GAP + columnWidths[shown]! <= width) {
		used += COLUMN_GAP + columnWidths[shown]!;
		shown++;
	}

	const line = (label: string, columnTexts: readonly string[]) =>
		[pad(label, labelWidth, 'left'), ...columnTexts.slice(0, shown).map((text, column) => pad(text, columnWidths[column]!, 'right'))]
			.join(GAP)
			.trimEnd();
	return {
		header: line('', matrix.models.map((_, column) => `#${column + 1}`)),
		rows: labels.map((label, row) => line(label, cells[row]!)),
		hiddenColumns: size - shown,
	};
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
	const fitted = truncateToWidth(text, width);
	const padding = ' '.repeat(Math.max(0, width - textWidth(fitted)));
	return align === 'right' ? padding + fitted : fitted + padding;
}
