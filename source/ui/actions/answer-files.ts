import {constants} from 'node:fs';
import {mkdir, open} from 'node:fs/promises';
import path from 'node:path';
import {stripTerminalControls} from '../../core/sanitize.js';

/**
 * Saving an answer to a file the user can find again: a readable name
 * (arena-<model>-<time>.md), never overwriting an earlier save.
 */

export interface SaveAnswerOptions {
	dir: string;
	/** The model spec, or "model-a" in a blind battle; made safe for a file name. */
	label: string;
	extension?: 'md' | 'txt';
	now?: () => Date;
}

/** Writes the answer and returns the new file's absolute path. Terminal control sequences are stripped, so `cat`-ing the file is safe. */
export async function saveAnswer(text: string, options: SaveAnswerOptions): Promise<string> {
	const stamp = fileTimestamp((options.now ?? (() => new Date()))());
	const baseName = `arena-${safeFileLabel(options.label)}-${stamp}`;
	return writeNewFile(options.dir, baseName, options.extension ?? 'md', stripTerminalControls(text));
}

export interface AnswerDocumentParts {
	title: string;
	prompt?: string;
	text: string;
	/** Footer lines such as "TTFT 412 ms", "38.2 tok/s", "cost $0.0021". */
	meta?: string[];
}

/** The Markdown a saved answer holds: a heading, the prompt as a quote, the answer, then a metadata footer. */
export function answerDocument(parts: AnswerDocumentParts): string {
	const sections = [`# ${oneLine(parts.title)}`];
	if (parts.prompt !== undefined && parts.prompt.trim() !== '') {
		sections.push(
			parts.prompt
				.replace(/\s+$/, '')
				.split('\n')
				.map(line => (line === '' ? '>' : `> ${line}`))
				.join('\n'),
		);
	}
	sections.push(parts.text.replace(/\s+$/, ''));
	const meta = (parts.meta ?? []).map(oneLine).filter(line => line !== '');
	if (meta.length > 0) sections.push(`---\n\n${meta.map(line => `- ${line}`).join('\n')}`);
	return `${sections.join('\n\n')}\n`;
}

/**
 * A label as a file-name part: accents are dropped, anything but ASCII letters,
 * digits, dot, underscore and hyphen becomes a hyphen (so "openrouter:anthropic/claude-3.5" gives
 * "openrouter-anthropic-claude-3.5"), runs collapse, and the ends are trimmed.
 */
export function safeFileLabel(label: string): string {
	const safe = label
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/-{2,}/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '')
		.slice(0, 80)
		.replace(/[-.]+$/, '');
	return safe === '' ? 'answer' : safe;
}

/** Local time as YYYYMMDD-HHMMSS: sorts by time and reads at a glance. */
export function fileTimestamp(date: Date): string {
	const two = (value: number) => String(value).padStart(2, '0');
	return (
		`${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-` +
		`${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`
	);
}

/**
 * Creates `<dir>/<baseName>.<extension>` (the directory too), or `<baseName>-2`,
 * `-3`… when taken. O_EXCL makes "taken" atomic, so two saves in the same second
 * never overwrite each other.
 */
export async function writeNewFile(dir: string, baseName: string, extension: string, text: string, mode = 0o644): Promise<string> {
	const directory = path.resolve(dir);
	await mkdir(directory, {recursive: true});
	for (let attempt = 1; ; attempt += 1) {
		const file = path.join(directory, `${baseName}${attempt === 1 ? '' : `-${attempt}`}.${extension}`);
		let handle;
		try {
			handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 10_000) continue;
			throw error;
		}
		try {
			await handle.writeFile(text, 'utf8');
		} finally {
			await handle.close();
		}
		return file;
	}
}

function oneLine(text: string): string {
	return stripTerminalControls(text).replace(/\s+/g, ' ').trim();
}
