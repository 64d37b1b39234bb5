import {stripTerminalControls} from '../../core/sanitize.js';

/**
 * Just enough Markdown to draw an answer: fenced code blocks (with their
 * language) and headings. Everything else is prose. Works on partial text, so an
 * unclosed fence while streaming is simply a code block that has not ended yet.
 */

export type AnswerLine =
	| {kind: 'prose'; text: string}
	| {kind: 'heading'; text: string}
	| {kind: 'fence-open'; language: string}
	| {kind: 'code'; text: string; language: string}
	| {kind: 'fence-close'};

const FENCE_OPEN = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/;
const FENCE_CLOSE = /^\s*(`{3,}|~{3,})\s*$/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*)$/;

interface OpenFence {
	marker: string;
	language: string;
	indent: number;
}

/** Classifies lines in order; the only state is whether a fence is open. */
export class MarkdownClassifier {
	private fence: OpenFence | null = null;

	/** Classifies the next complete line and moves past it. */
	next(line: string): AnswerLine {
		const {classified, fence} = classify(line, this.fence);
		this.fence = fence;
		return classified;
	}

	/** Classifies a line that may still grow (the streaming tail) without moving past it. */
	peek(line: string): AnswerLine {
		return classify(line, this.fence).classified;
	}
}

function classify(raw: string, fence: OpenFence | null): {classified: AnswerLine; fence: OpenFence | null} {
	if (fence) {
		const close = FENCE_CLOSE.exec(raw);
		if (close && close[1]![0] === fence.marker[0] && close[1]!.length >= fence.marker.length) {
			return {classified: {kind: 'fence-close'}, fence: null};
		}
		// Fences inside list items are indented; the code is relative to the fence.
		return {classified: {kind: 'code', text: stripIndent(raw, fence.indent), language: fence.language}, fence};
	}
	const open = FENCE_OPEN.exec(raw);
	if (open) {
		const language = open[2]!.replace(/^\{?\.?/, '').replace(/\}$/, '');
		const opened = {marker: open[1]!, language, indent: raw.length - raw.trimStart().length};
		return {classified: {kind: 'fence-open', language}, fence: opened};
	}
	const heading = HEADING.exec(raw);
	if (heading) return {classified: {kind: 'heading', text: heading[1]!}, fence};
	return {classified: {kind: 'prose', text: raw}, fence};
}

export function classifyAnswer(text: string): AnswerLine[] {
	const classifier = new MarkdownClassifier();
	return text.split('\n').map(line => classifier.next(line));
}

function stripIndent(line: string, indent: number): string {
	let strip = 0;
	while (strip < indent && line[strip] === ' ') strip += 1;
	return line.slice(strip);
}

/**
 * Follows append-only streamed text, sanitising and classifying each line once:
 * a frame costs the new text plus the unfinished last line, not the whole answer.
 * Lines are sanitised one by one, so no control sequence survives, even one
 * split across chunks (the unfinished line is re-sanitised whole every time).
 */
export class IncrementalLines<Line> {
	private consumed = 0;
	private complete: Line[] = [];

	constructor(
		private readonly createClassifier: () => {next(line: string): Line; peek(line: string): Line},
		private classifier = createClassifier(),
	) {}

	lines(text: string): Line[] {
		// The engine only appends; anything shorter is a different text.
		if (text.length < this.consumed) this.reset();
		const lastNewline = text.lastIndexOf('\n');
		if (lastNewline >= this.consumed) {
			for (const raw of text.slice(this.consumed, lastNewline).split('\n')) {
				this.complete.push(this.classifier.next(stripTerminalControls(raw)));
			}
			this.consumed = lastNewline + 1;
		}
		const tail = text.slice(this.consumed);
		return [...this.complete, this.classifier.peek(stripTerminalControls(tail))];
	}

	private reset(): void {
		this.consumed = 0;
		this.complete = [];
		this.classifier = this.createClassifier();
	}
}
