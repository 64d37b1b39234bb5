/**
 * A word-level diff of two answers, for showing them side by side.
 *
 * Text is cut into tokens (words, runs of spaces, each newline, each punctuation
 * character) and aligned with Myers' O(ND) algorithm, whose cost grows with the
 * number of differences. Two long answers to one prompt can differ almost
 * everywhere, so a diff runs on a work budget. When a full Myers alignment would
 * cost too much, the texts are split at anchors (tokens that occur exactly once
 * in each text, in the same order: patience diff) and the pieces between anchors
 * are aligned with Myers. A piece that still cannot be aligned within budget is
 * shown whole, as removed then added, and the result says it is coarse.
 *
 * Invariant: the non-added segments concatenate to `left` exactly and the
 * non-removed segments to `right`.
 */

export type DiffKind = 'same' | 'removed' | 'added';

export interface DiffSegment {
	kind: DiffKind;
	text: string;
}

export interface WordDiffResult {
	segments: DiffSegment[];
	/** True when some changed part is shown whole rather than word by word (the texts were too long and too different to align within budget). */
	coarse: boolean;
}

/**
 * Steps of work (diagonals visited, tokens compared or counted) one diff may
 * spend. Sized so two 20k-word answers diff well under a second on a slow machine.
 */
export const DIFF_WORK_BUDGET = 15_000_000;
/** The most edits one Myers run may find: its trace takes about MAX_EDITS²/2 integers of memory. */
const MAX_EDITS = 3000;
/** The share of the budget the first, whole-text Myers attempt may use before patience anchors take over. */
const WHOLE_TEXT_SHARE = 0.2;

export function wordDiff(left: string, right: string): DiffSegment[] {
	return wordDiffWithInfo(left, right).segments;
}

export function wordDiffWithInfo(left: string, right: string): WordDiffResult {
	if (left === right) return {segments: left === '' ? [] : [{kind: 'same', text: left}], coarse: false};
	const leftTokens = tokenize(left);
	const rightTokens = tokenize(right);
	const ids = new Map<string, number>();
	const idOf = (token: string) => {
		let id = ids.get(token);
		if (id === undefined) {
			id = ids.size;
			ids.set(token, id);
		}
		return id;
	};
	const aligner = new Aligner(Int32Array.from(leftTokens, idOf), Int32Array.from(rightTokens, idOf), ids.size);
	const operations = aligner.align();
	const segments: DiffSegment[] = [];
	let leftIndex = 0;
	let rightIndex = 0;
	for (const operation of operations) {
		if (operation === SAME) {
			push(segments, 'same', leftTokens[leftIndex++]!);
			rightIndex += 1;
		} else if (operation === REMOVED) {
			push(segments, 'removed', leftTokens[leftIndex++]!);
		} else {
			push(segments, 'added', rightTokens[rightIndex++]!);
		}
	}
	return {segments: tidy(segments), coarse: aligner.coarse};
}

export interface DiffStats {
	removedWords: number;
	addedWords: number;
	sameWords: number;
}

/** Words (runs of non-space characters) in each kind of segment. */
export function diffStats(segments: readonly DiffSegment[]): DiffStats {
	const stats: DiffStats = {removedWords: 0, addedWords: 0, sameWords: 0};
	for (const segment of segments) {
		const words = segment.text.match(/\S+/g)?.length ?? 0;
		if (segment.kind === 'removed') stats.removedWords += words;
		else if (segment.kind === 'added') stats.addedWords += words;
		else stats.sameWords += words;
	}
	return stats;
}

// Every character falls in exactly one alternative, so tokens always rejoin to the input.
const TOKEN = /\n|[^\S\n]+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

export function tokenize(text: string): string[] {
	return text.match(TOKEN) ?? [];
}

const SAME = 0;
const REMOVED = 1;
const ADDED = 2;
type Operation = typeof SAME | typeof REMOVED | typeof ADDED;

interface Budget {
	remaining: number;
}

/** Aligns two token-id sequences into an edit script, spending at most DIFF_WORK_BUDGET. */
class Aligner {
	coarse = false;
	private readonly budget: Budget = {remaining: DIFF_WORK_BUDGET};
	private readonly operations: Operation[] = [];
	// Scratch tables for counting tokens in a range; `seenIn` marks which count an entry belongs to, so they never need clearing.
	private readonly seenIn: Int32Array;
	private readonly leftCount: Int32Array;
	private readonly rightCount: Int32Array;
	private readonly rightPosition: Int32Array;
	private countRound = 0;

	constructor(
		private readonly left: Int32Array,
		private readonly right: Int32Array,
		vocabularySize: number,
	) {
		this.seenIn = new Int32Array(vocabularySize).fill(-1);
		this.leftCount = new Int32Array(vocabularySize);
		this.rightCount = new Int32Array(vocabularySize);
		this.rightPosition = new Int32Array(vocabularySize);
	}

	align(): Operation[] {
		this.alignRange(0, this.left.length, 0, this.right.length, true);
		return this.operations;
	}

	private alignRange(leftStart: number, leftEnd: number, rightStart: number, rightEnd: number, wholeText: boolean): void {
		// The common head and tail are cheap to find and often most of two similar texts.
		while (leftStart < leftEnd && rightStart < rightEnd && this.left[leftStart] === this.right[rightStart]) {
			this.operations.push(SAME);
			leftStart += 1;
			rightStart += 1;
		}
		let tail = 0;
		while (leftStart < leftEnd - tail && rightStart < rightEnd - tail && this.left[leftEnd - 1 - tail] === this.right[rightEnd - 1 - tail]) {
			tail += 1;
		}
		leftEnd -= tail;
		rightEnd -= tail;
		this.alignMiddle(leftStart, leftEnd, rightStart, rightEnd, wholeText);
		for (let index = 0; index < tail; index += 1) this.operations.push(SAME);
	}

	private alignMiddle(leftStart: number, leftEnd: number, rightStart: number, rightEnd: number, wholeText: boolean): void {
		const leftLength = leftEnd - leftStart;
		const rightLength = rightEnd - rightStart;
		if (leftLength === 0 || rightLength === 0) {
			this.pushWholeChange(leftLength, rightLength);
			return;
		}
		const small = leftLength + rightLength <= MAX_EDITS;
		if (small || wholeText) {
			const share = small ? this.budget.remaining : Math.floor(this.budget.remaining * WHOLE_TEXT_SHARE);
			const script = this.tryMyers(leftStart, leftEnd, rightStart, rightEnd, share);
			if (script) {
				for (const operation of script) this.operations.push(operation);
				return;
			}
			if (small) {
				this.coarse = true;
				this.pushWholeChange(leftLength, rightLength);
				return;
			}
		}
		const anchors = this.uniqueAnchors(leftStart, leftEnd, rightStart, rightEnd);
		if (anchors.length === 0) {
			// Nothing to split on: one last Myers attempt with whatever budget is left.
			const script = this.tryMyers(leftStart, leftEnd, rightStart, rightEnd, this.budget.remaining);
			if (script) {
				for (const operation of script) this.operations.push(operation);
			} else {
				this.coarse = true;
				this.pushWholeChange(leftLength, rightLength);
			}
			return;
		}
		let leftCursor = leftStart;
		let rightCursor = rightStart;
		for (const [leftAnchor, rightAnchor] of anchors) {
			this.alignRange(leftCursor, leftAnchor, rightCursor, rightAnchor, false);
			this.operations.push(SAME);
			leftCursor = leftAnchor + 1;
			rightCursor = rightAnchor + 1;
		}
		this.alignRange(leftCursor, leftEnd, rightCursor, rightEnd, false);
	}

	private pushWholeChange(removed: number, added: number): void {
		for (let index = 0; index < removed; index += 1) this.operations.push(REMOVED);
		for (let index = 0; index < added; index += 1) this.operations.push(ADDED);
	}

	private tryMyers(leftStart: number, leftEnd: number, rightStart: number, rightEnd: number, allowance: number): Operation[] | null {
		const attempt = {remaining: Math.max(0, allowance)};
		const script = myers(this.left.subarray(leftStart, leftEnd), this.right.subarray(rightStart, rightEnd), attempt);
		this.budget.remaining -= Math.max(0, allowance) - attempt.remaining;
		return script;
	}

	/**
	 * Pairs of positions of tokens that occur exactly once on each side, longest
	 * run in the same order on both (patience diff's anchors). Empty when the
	 * budget is spent, so what is left is shown whole.
	 */
	private uniqueAnchors(leftStart: number, leftEnd: number, rightStart: number, rightEnd: number): Array<[number, number]> {
		const cost = 2 * (leftEnd - leftStart) + (rightEnd - rightStart);
		if (this.budget.remaining < cost) return [];
		this.budget.remaining -= cost;
		const round = this.countRound++;
		const touch = (id: number) => {
			if (this.seenIn[id] !== round) {
				this.seenIn[id] = round;
				this.leftCount[id] = 0;
				this.rightCount[id] = 0;
			}
		};
		for (let index = leftStart; index < leftEnd; index += 1) {
			const id = this.left[index]!;
			touch(id);
			this.leftCount[id] += 1;
		}
		for (let index = rightStart; index < rightEnd; index += 1) {
			const id = this.right[index]!;
			touch(id);
			this.rightCount[id] += 1;
			this.rightPosition[id] = index;
		}
		const candidates: Array<[number, number]> = [];
		for (let index = leftStart; index < leftEnd; index += 1) {
			const id = this.left[index]!;
			if (this.leftCount[id] === 1 && this.rightCount[id] === 1) candidates.push([index, this.rightPosition[id]!]);
		}
		return longestIncreasingByRight(candidates);
	}
}

/** The longest subsequence of `pairs` (sorted by left position) whose right positions increase; O(k log k). */
function longestIncreasingByRight(pairs: ReadonlyArray<[number, number]>): Array<[number, number]> {
	const tails: number[] = [];
	const previous = new Int32Array(pairs.length).fill(-1);
	for (let index = 0; index < pairs.length; index += 1) {
		const right = pairs[index]![1];
		let low = 0;
		let high = tails.length;
		while (low < high) {
			const middle = (low + high) >> 1;
			if (pairs[tails[middle]!]![1] < right) low = middle + 1;
			else high = middle;
		}
		if (low > 0) previous[index] = tails[low - 1]!;
		tails[low] = index;
	}
	const result: Array<[number, number]> = [];
	for (let index = tails.at(-1) ?? -1; index !== -1; index = previous[index]!) result.push(pairs[index]!);
	return result.reverse();
}

/**
 * Myers' greedy O(ND) shortest edit script. Keeps the furthest-reaching x of
 * each diagonal for every edit count (only diagonals of that count's parity), so
 * the script can be walked back. Null when the budget or the edit cap runs out.
 */
function myers(left: Int32Array, right: Int32Array, budget: Budget): Operation[] | null {
	const n = left.length;
	const m = right.length;
	const maxEdits = Math.min(n + m, MAX_EDITS);
	// At least |n - m| edits are needed; don't start a search that cannot finish.
	if (Math.abs(n - m) > maxEdits) return null;
	const offset = maxEdits + 1;
	const furthest = new Int32Array(2 * offset + 1);
	const trace: Int32Array[] = [];
	for (let edits = 0; edits <= maxEdits; edits += 1) {
		budget.remaining -= edits + 1;
		if (budget.remaining < 0) return null;
		for (let diagonal = -edits; diagonal <= edits; diagonal += 2) {
			let x =
				diagonal === -edits || (diagonal !== edits && furthest[offset + diagonal - 1]! < furthest[offset + diagonal + 1]!)
					? furthest[offset + diagonal + 1]!
					: furthest[offset + diagonal - 1]! + 1;
			let y = x - diagonal;
			const start = x;
			while (x < n && y < m && left[x] === right[y]) {
				x += 1;
				y += 1;
			}
			budget.remaining -= x - start;
			furthest[offset + diagonal] = x;
			if (x >= n && y >= m) {
				trace.push(snapshot(furthest, offset, edits));
				return walkBack(trace, n, m);
			}
		}
		trace.push(snapshot(furthest, offset, edits));
	}
	return null;
}

function snapshot(furthest: Int32Array, offset: number, edits: number): Int32Array {
	const row = new Int32Array(edits + 1);
	for (let index = 0; index <= edits; index += 1) row[index] = furthest[offset - edits + 2 * index]!;
	return row;
}

function walkBack(trace: readonly Int32Array[], n: number, m: number): Operation[] {
	const reversed: Operation[] = [];
	let x = n;
	let y = m;
	for (let edits = trace.length - 1; edits > 0; edits -= 1) {
		const previous = trace[edits - 1]!;
		const reached = (diagonal: number) => previous[(diagonal + edits - 1) / 2]!;
		const diagonal = x - y;
		const cameDown = diagonal === -edits || (diagonal !== edits && reached(diagonal - 1) < reached(diagonal + 1));
		const previousDiagonal = cameDown ? diagonal + 1 : diagonal - 1;
		const previousX = reached(previousDiagonal);
		const previousY = previousX - previousDiagonal;
		while (x > previousX && y > previousY) {
			reversed.push(SAME);
			x -= 1;
			y -= 1;
		}
		reversed.push(cameDown ? ADDED : REMOVED);
		x = previousX;
		y = previousY;
	}
	while (x > 0 && y > 0) {
		reversed.push(SAME);
		x -= 1;
		y -= 1;
	}
	return reversed.reverse();
}

function push(segments: DiffSegment[], kind: DiffKind, text: string): void {
	if (text === '') return;
	const last = segments.at(-1);
	if (last && last.kind === kind) last.text += text;
	else segments.push({kind, text});
}

interface ChangeRun {
	removed: string;
	added: string;
}

/**
 * Makes the diff readable: each run of changes becomes one removal then one
 * addition, and an equality squeezed between two changes joins them when it is
 * spaces and punctuation no longer than either change (the space between two
 * replaced words) or a word much shorter than both (a "the" shared by chance
 * inside a rewrite), in the spirit of
 * diff-match-patch's semantic cleanup. Equalities holding a newline stay, so
 * paragraphs keep lining up side by side. A stack keeps it linear: a merge may
 * let the equality before it merge too.
 */
function tidy(segments: readonly DiffSegment[]): DiffSegment[] {
	const stack: Array<DiffSegment | ChangeRun> = [];
	const isRun = (item: DiffSegment | ChangeRun | undefined): item is ChangeRun => item !== undefined && 'removed' in item;
	const longest = (run: ChangeRun) => Math.max(run.removed.length, run.added.length);
	for (const segment of segments) {
		if (segment.text === '') continue;
		const top = stack.at(-1);
		if (segment.kind === 'same') {
			if (top && !isRun(top)) top.text += segment.text;
			else stack.push({kind: 'same', text: segment.text});
			continue;
		}
		if (isRun(top)) {
			top[segment.kind] += segment.text;
		} else {
			stack.push(segment.kind === 'removed' ? {removed: segment.text, added: ''} : {removed: '', added: segment.text});
		}
		// Merging only gets likelier as the run on top grows, so checking after every addition suffices.
		while (stack.length >= 3) {
			const after = stack.at(-1);
			const equality = stack.at(-2);
			const before = stack.at(-3);
			if (!isRun(after) || isRun(equality) || !isRun(before) || !equality) break;
			if (!joinsChanges(equality.text, longest(before), longest(after))) break;
			stack.length -= 3;
			stack.push({removed: before.removed + equality.text + after.removed, added: before.added + equality.text + after.added});
		}
	}
	const result: DiffSegment[] = [];
	for (const item of stack) {
		if (isRun(item)) {
			push(result, 'removed', item.removed);
			push(result, 'added', item.added);
		} else {
			push(result, 'same', item.text);
		}
	}
	return result;
}

function joinsChanges(equality: string, changeBefore: number, changeAfter: number): boolean {
	if (equality.includes('\n')) return false;
	const shorterChange = Math.min(changeBefore, changeAfter);
	if (!/[\p{L}\p{N}]/u.test(equality)) return equality.length <= shorterChange;
	return 2 * equality.length <= shorterChange;
}
