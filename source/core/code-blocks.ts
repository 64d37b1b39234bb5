/**
 * The fenced code blocks of a Markdown answer, for "copy only the code".
 *
 * Follows CommonMark's fence rules (not a full Markdown parser): a fence is 3 or
 * more backticks or tildes indented by at most 3 spaces; it closes on a line of
 * the same character, at least as long, followed only by spaces or tabs; a fence
 * that never closes runs to the end of the answer (a truncated answer still
 * yields its code). Content lines lose up to as many leading spaces as the
 * opening fence was indented, as CommonMark says.
 */

export interface CodeBlock {
	/** The first word of the info string (```ts title="x" → "ts"); null when there is none. */
	language: string | null;
	/** The block's lines joined by "\n", without a trailing newline. */
	code: string;
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

interface OpenFence {
	character: string;
	length: number;
	indent: number;
	language: string | null;
	lines: string[];
}

export function extractCodeBlocks(markdown: string): CodeBlock[] {
	const blocks: CodeBlock[] = [];
	let open: OpenFence | null = null;
	for (const line of markdown.split(/\r?\n/)) {
		if (open) {
			const closing = CLOSING_FENCE.exec(line);
			if (closing && closing[1]![0] === open.character && closing[1]!.length >= open.length) {
				blocks.push({language: open.language, code: open.lines.join('\n')});
				open = null;
			} else {
				open.lines.push(removeIndent(line, open.indent));
			}
			continue;
		}
		open = openingFence(line);
	}
	if (open) blocks.push({language: open.language, code: withoutTrailingEmptyLine(open.lines).join('\n')});
	return blocks;
}

/** The code of every block, one blank line between blocks; '' when the answer has no code. Blocks with only whitespace are left out. */
export function codeBlocksText(markdown: string): string {
	return extractCodeBlocks(markdown)
		.map(block => block.code)
		.filter(code => code.trim() !== '')
		.join('\n\n');
}

function openingFence(line: string): OpenFence | null {
	const match = OPENING_FENCE.exec(line);
	if (!match) return null;
	const [, indent, fence, info] = match as unknown as [string, string, string, string];
	const character = fence[0]!;
	// CommonMark: a backtick fence's info string may not contain backticks (that is inline code: ```x```).
	if (character === '`' && info.includes('`')) return null;
	const language = info.trim().split(/\s+/)[0] ?? '';
	return {character, length: fence.length, indent: indent.length, language: language === '' ? null : language, lines: []};
}

function removeIndent(line: string, indent: number): string {
	let strip = 0;
	while (strip < indent && line[strip] === ' ') strip += 1;
	return line.slice(strip);
}

// An unclosed block that ends with the answer's final newline should not gain an empty last line.
function withoutTrailingEmptyLine(lines: string[]): string[] {
	return lines.length > 0 && lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}
