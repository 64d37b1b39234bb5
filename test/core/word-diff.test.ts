import {expect, test} from 'vitest';
import {type DiffSegment, diffStats, tokenize, wordDiff, wordDiffWithInfo} from '../../source/core/word-diff.js';

const leftOf = (segments: DiffSegment[]) =>
	segments
		.filter(segment => segment.kind !== 'added')
		.map(segment => segment.text)
		.join('');
const rightOf = (segments: DiffSegment[]) =>
	segments
		.filter(segment => segment.kind !== 'removed')
		.map(segment => segment.text)
		.join('');

function expectWellFormed(segments: DiffSegment[], left: string, right: string): void {
	expect(leftOf(segments)).toBe(left);
	expect(rightOf(segments)).toBe(right);
	// One assertion for the whole list: long diffs have tens of thousands of segments.
	const malformed = segments.findIndex((segment, index) => segment.text === '' || (index > 0 && segment.kind === segments[index - 1]!.kind));
	expect(malformed, 'an empty segment, or two neighbours of one kind').toBe(-1);
}

test('replaced words show as removed then added, with the shared words kept', () => {
	expect(wordDiff('The quick brown fox jumps', 'The slow brown fox leaps')).toEqual([
		{kind: 'same', text: 'The '},
		{kind: 'removed', text: 'quick'},
		{kind: 'added', text: 'slow'},
		{kind: 'same', text: ' brown fox '},
		{kind: 'removed', text: 'jumps'},
		{kind: 'added', text: 'leaps'},
	]);
});

test('an insertion or a deletion alone is one segment', () => {
	expect(wordDiff('hello world', 'hello there world')).toEqual([
		{kind: 'same', text: 'hello '},
		{kind: 'added', text: 'there '},
		{kind: 'same', text: 'world'},
	]);
	expect(wordDiff('one two three', 'one three')).toEqual([
		{kind: 'same', text: 'one '},
		{kind: 'removed', text: 'two '},
		{kind: 'same', text: 'three'},
	]);
});

test('punctuation and newlines are tokens of their own', () => {
	expect(tokenize('foo, bar!\n\n  baz')).toEqual(['foo', ',', ' ', 'bar', '!', '\n', '\n', '  ', 'baz']);
	expect(wordDiff('foo, bar', 'foo; bar')).toEqual([
		{kind: 'same', text: 'foo'},
		{kind: 'removed', text: ','},
		{kind: 'added', text: ';'},
		{kind: 'same', text: ' bar'},
	]);
	expect(wordDiff('para one\npara two', 'para one\n\npara two')).toEqual([
		{kind: 'same', text: 'para one\n'},
		{kind: 'added', text: '\n'},
		{kind: 'same', text: 'para two'},
	]);
});

test('a space shared by chance between two replaced words does not split the change', () => {
	expect(wordDiff('a b c', 'x y z')).toEqual([
		{kind: 'removed', text: 'a b c'},
		{kind: 'added', text: 'x y z'},
	]);
});

test('identical and empty texts', () => {
	expect(wordDiffWithInfo('same text', 'same text')).toEqual({segments: [{kind: 'same', text: 'same text'}], coarse: false});
	expect(wordDiff('', '')).toEqual([]);
	expect(wordDiff('', 'new')).toEqual([{kind: 'added', text: 'new'}]);
	expect(wordDiff('old', '')).toEqual([{kind: 'removed', text: 'old'}]);
});

test('a shared phrase between two changes stays shared; a chance "the" inside a long rewrite does not', () => {
	expect(wordDiff('I think it is good, really.', 'I believe it is great, truly and really.')).toEqual([
		{kind: 'same', text: 'I '},
		{kind: 'removed', text: 'think'},
		{kind: 'added', text: 'believe'},
		{kind: 'same', text: ' it is '},
		{kind: 'removed', text: 'good,'},
		{kind: 'added', text: 'great, truly and'},
		{kind: 'same', text: ' really.'},
	]);
	expect(wordDiff('Sorting algorithms compare the elements pairwise repeatedly', 'Hash maps give constant lookups in the average case today')).toEqual([
		{kind: 'removed', text: 'Sorting algorithms compare the elements pairwise repeatedly'},
		{kind: 'added', text: 'Hash maps give constant lookups in the average case today'},
	]);
});

test('code keeps its operators when only the one-letter names around them changed', () => {
	expect(wordDiff('x = a + b', 'y = c + d')).toEqual([
		{kind: 'removed', text: 'x'},
		{kind: 'added', text: 'y'},
		{kind: 'same', text: ' = '},
		{kind: 'removed', text: 'a'},
		{kind: 'added', text: 'c'},
		{kind: 'same', text: ' + '},
		{kind: 'removed', text: 'b'},
		{kind: 'added', text: 'd'},
	]);
});

test('changed paragraphs stay apart: a shared newline is never folded into a change', () => {
	expect(wordDiff('one\ntwo', 'uno\ndos')).toEqual([
		{kind: 'removed', text: 'one'},
		{kind: 'added', text: 'uno'},
		{kind: 'same', text: '\n'},
		{kind: 'removed', text: 'two'},
		{kind: 'added', text: 'dos'},
	]);
});

test('diffStats counts the words of each kind', () => {
	const segments = wordDiff('I think it is good, really.', 'I believe it is great, truly and really.');
	expect(diffStats(segments)).toEqual({removedWords: 2, addedWords: 4, sameWords: 4});
	expect(diffStats([])).toEqual({removedWords: 0, addedWords: 0, sameWords: 0});
});

/** A small seeded generator, so a failing case can be reproduced. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

const PIECES = ['the', 'model', 'answer', 'fn', 'x', '42', ',', '.', '(', ')', '`', ' ', '  ', '\n', '\t', '\r\n', 'é', '日本', '👍🏽', 'e\u0301', '::', '"', '-'];

function randomText(next: () => number, length: number): string {
	let text = '';
	for (let index = 0; index < length; index += 1) text += PIECES[Math.floor(next() * PIECES.length)];
	return text;
}

function mutate(next: () => number, text: string): string {
	const tokens = tokenize(text);
	const result: string[] = [];
	for (const token of tokens) {
		const roll = next();
		if (roll < 0.08) continue;
		if (roll < 0.16) result.push(PIECES[Math.floor(next() * PIECES.length)]!);
		else if (roll < 0.22) result.push(token, PIECES[Math.floor(next() * PIECES.length)]!);
		else result.push(token);
	}
	return result.join('');
}

test('the kept and removed parts rebuild the left text exactly, the kept and added parts the right', () => {
	const next = random(2024);
	for (let round = 0; round < 300; round += 1) {
		const left = randomText(next, Math.floor(next() * 60));
		const right = round % 3 === 0 ? randomText(next, Math.floor(next() * 60)) : mutate(next, left);
		const {segments} = wordDiffWithInfo(left, right);
		expectWellFormed(segments, left, right);
	}
});

const VOCABULARY = Array.from({length: 20_000}, (_, index) => `w${index.toString(36)}`);

/** Prose-like text: word frequencies follow Zipf's law, as in real answers. */
function prose(next: () => number, words: number): string {
	const parts: string[] = [];
	for (let index = 0; index < words; index += 1) {
		const rank = Math.min(VOCABULARY.length, Math.floor(Math.exp(next() * Math.log(VOCABULARY.length))));
		const separator = index % 12 === 11 ? '.\n' : next() < 0.1 ? ', ' : ' ';
		parts.push(VOCABULARY[rank - 1]! + separator);
	}
	return parts.join('');
}

function timed<T>(body: () => T): {result: T; milliseconds: number} {
	const start = performance.now();
	const result = body();
	return {result, milliseconds: performance.now() - start};
}

test('two unrelated 20k-word answers diff in well under a second, and the result still rebuilds both', () => {
	const next = random(7);
	const left = prose(next, 20_000);
	const right = prose(next, 20_000);
	const {result, milliseconds} = timed(() => wordDiffWithInfo(left, right));
	expect(milliseconds).toBeLessThan(1000);
	expectWellFormed(result.segments, left, right);
	const stats = diffStats(result.segments);
	expect(stats.removedWords).toBeGreaterThan(5000);
	expect(stats.addedWords).toBeGreaterThan(5000);
});

test('two long answers that differ in every tenth word are still diffed word by word, quickly', () => {
	const next = random(11);
	const left = prose(next, 20_000);
	const words = left.split(' ');
	const right = words.map((word, index) => (index % 10 === 0 ? `Q${word}` : word)).join(' ');
	const changed = Math.ceil(words.length / 10);
	const {result, milliseconds} = timed(() => wordDiffWithInfo(left, right));
	expect(milliseconds).toBeLessThan(1000);
	expect(result.coarse).toBe(false);
	expectWellFormed(result.segments, left, right);
	const stats = diffStats(result.segments);
	expect(stats.addedWords).toBe(changed);
	expect(stats.removedWords).toBe(changed);
});

test('a long answer with a few edits gives exactly those edits', () => {
	const next = random(3);
	const left = prose(next, 20_000);
	const right = left.replace(' w1 ', ' CHANGED ').replace(/w2\./, 'also changed.');
	const {result, milliseconds} = timed(() => wordDiffWithInfo(left, right));
	expect(milliseconds).toBeLessThan(1000);
	expect(result.coarse).toBe(false);
	const added = result.segments.filter(segment => segment.kind === 'added').map(segment => segment.text);
	expect(added.sort()).toEqual(['CHANGED', 'also changed']);
	expectWellFormed(result.segments, left, right);
});

test('texts too long and too different to align within budget are shown whole and flagged coarse', () => {
	const left = 'x '.repeat(20_000);
	const right = 'y '.repeat(20_000);
	const {result, milliseconds} = timed(() => wordDiffWithInfo(left, right));
	expect(milliseconds).toBeLessThan(1000);
	expect(result.coarse).toBe(true);
	expectWellFormed(result.segments, left, right);
	expect(result.segments).toEqual([
		{kind: 'removed', text: 'x '.repeat(19_999) + 'x'},
		{kind: 'added', text: 'y '.repeat(19_999) + 'y'},
		{kind: 'same', text: ' '},
	]);
});

test('reordered unique words and shuffled lines stay fast and exact', () => {
	const words = Array.from({length: 20_000}, (_, index) => `u${index}`);
	const cases: Array<[string, string]> = [
		[words.join(' '), [...words].reverse().join(' ')],
		[words.join('\n'), words.map((_, index) => words[(index * 7919) % words.length]).join('\n')],
	];
	for (const [left, right] of cases) {
		const {result, milliseconds} = timed(() => wordDiffWithInfo(left, right));
		expect(milliseconds).toBeLessThan(1000);
		expectWellFormed(result.segments, left, right);
	}
});
