/**
 * Grid arithmetic for the run view: how many panes sit side by side and how tall
 * each may be so the whole view fits the terminal. Pure, so it is tested without Ink.
 */

/** Narrower than this and a status line or code sample becomes unreadable. */
export const MIN_PANE_WIDTH = 38;
export const MAX_COLUMNS = 4;
/** Border (2 rows) + header + status + one row of text. Below this the view overflows the terminal. */
export const MIN_PANE_HEIGHT = 5;
/** Left and right border plus one column of padding on each side. */
export const PANE_HORIZONTAL_CHROME = 4;
/** Top and bottom border. */
export const PANE_VERTICAL_CHROME = 2;

export interface GridLayout {
	columns: number;
	rows: number;
	paneWidth: number;
	paneHeight: number;
}

/**
 * Columns are as many as fit (at most four), then evened out over the rows so
 * four panes at three-wide become 2×2 rather than 3+1.
 */
export function gridColumns(paneCount: number, width: number): number {
	if (paneCount <= 1) return 1;
	const fitting = Math.max(1, Math.min(MAX_COLUMNS, paneCount, Math.floor(width / MIN_PANE_WIDTH)));
	const rows = Math.ceil(paneCount / fitting);
	return Math.ceil(paneCount / rows);
}

/**
 * `availableHeight` is what is left of the terminal after the title and help bar.
 * Panes share it equally by grid row; when it is too small they keep a minimum
 * height and the view scrolls in the terminal instead of becoming unreadable.
 */
export function gridLayout(paneCount: number, width: number, availableHeight: number): GridLayout {
	const columns = gridColumns(paneCount, width);
	const rows = Math.max(1, Math.ceil(paneCount / columns));
	const paneWidth = Math.max(PANE_HORIZONTAL_CHROME + 1, Math.floor(width / columns));
	const paneHeight = Math.max(MIN_PANE_HEIGHT, Math.floor(availableHeight / rows));
	return {columns, rows, paneWidth, paneHeight};
}

/** Packs items into as few rows of `width` columns as possible, joined by `separator`. */
export function packItems(items: readonly string[], width: number, separator: string, measure: (text: string) => number): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let used = 0;
	for (const item of items) {
		const itemWidth = measure(item);
		const needed = row.length === 0 ? itemWidth : used + measure(separator) + itemWidth;
		if (row.length > 0 && needed > width) {
			rows.push(row);
			row = [item];
			used = itemWidth;
		} else {
			row.push(item);
			used = needed;
		}
	}
	if (row.length > 0) rows.push(row);
	return rows;
}
