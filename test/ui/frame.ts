/** Reading a drawn frame the way a person does: by line, and pane by pane. */

const VERTICAL_BORDERS = new Set(['│', '║']);
const BOTTOM_CORNERS = new Set(['╰', '╚']);

export function frameLines(frame: string): string[] {
	return frame.replace(/\n$/, '').split('\n');
}

export function lineIndexOf(frame: string, text: string): number {
	return frameLines(frame).findIndex(line => line.includes(text));
}

/**
 * The text inside the pane whose header shows `spec`, one string per row,
 * borders removed. Works for side-by-side and stacked layouts alike.
 */
export function paneText(frame: string, spec: string): string[] {
	const lines = frameLines(frame);
	const headerRow = lines.findIndex(line => line.includes(spec));
	if (headerRow === -1) throw new Error(`no pane for ${spec} in:\n${frame}`);
	const header = [...lines[headerRow]!];
	const specColumn = [...lines[headerRow]!.slice(0, lines[headerRow]!.indexOf(spec))].length;
	let left = specColumn;
	while (left > 0 && !VERTICAL_BORDERS.has(header[left]!)) left -= 1;
	let right = specColumn;
	while (right < header.length - 1 && !VERTICAL_BORDERS.has(header[right]!)) right += 1;
	const rows: string[] = [];
	for (let row = headerRow; row < lines.length; row += 1) {
		const characters = [...lines[row]!];
		if (BOTTOM_CORNERS.has(characters[left] ?? '')) break;
		rows.push(characters.slice(left + 1, right).join('').trim());
	}
	return rows;
}

/** Whether the pane showing `spec` has the focused (double) border. */
export function isFocused(frame: string, spec: string): boolean {
	const lines = frameLines(frame);
	const headerRow = lines.findIndex(line => line.includes(spec));
	const characters = [...lines[headerRow]!];
	const specColumn = [...lines[headerRow]!.slice(0, lines[headerRow]!.indexOf(spec))].length;
	let left = specColumn;
	while (left > 0 && !VERTICAL_BORDERS.has(characters[left]!)) left -= 1;
	return characters[left] === '║';
}
