import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openHistoryStore, type HistoryStore, type NewRun} from '../../source/store/history-store.js';
import {modelResult, temporaryDirectories} from './fixtures/store-test-kit.js';

const directories = temporaryDirectories();
let file: string;
let store: HistoryStore;

beforeEach(() => {
	file = path.join(directories.make(), 'arena.db');
	store = openHistoryStore(file);
});

afterEach(() => {
	store.close();
	directories.cleanup();
});

function saveRunAt(prompt: string, createdAt: string, overrides: Partial<NewRun> = {}) {
	return store.saveRun({
		prompt,
		created_at: createdAt,
		answers: [modelResult({spec: 'demo:fast'}), modelResult({spec: 'demo:slow'})],
		...overrides,
	});
}

describe('recentPrompts', () => {
	it('is empty before anything was run', () => {
		expect(store.recentPrompts()).toEqual([]);
	});

	it('lists each prompt once, newest first by the latest time it was run', () => {
		saveRunAt('Explain closures', '2025-03-01T10:00:00.000Z');
		saveRunAt('Write a debounce function', '2025-03-01T11:00:00.000Z');
		saveRunAt('Sort a list in Go', '2025-03-01T12:00:00.000Z');
		// Running an old prompt again brings it to the front, once.
		saveRunAt('Explain closures', '2025-03-01T13:00:00.000Z');
		expect(store.recentPrompts()).toEqual(['Explain closures', 'Sort a list in Go', 'Write a debounce function']);
	});

	it('orders prompts sent within the same millisecond by the order they were saved', () => {
		const now = '2025-03-01T10:00:00.000Z';
		for (const prompt of ['one', 'two', 'three']) saveRunAt(prompt, now);
		expect(store.recentPrompts()).toEqual(['three', 'two', 'one']);
	});

	it('keeps multi-line prompts whole', () => {
		saveRunAt('first line\nsecond line', '2025-03-01T10:00:00.000Z');
		expect(store.recentPrompts()).toEqual(['first line\nsecond line']);
	});

	it('leaves out suite tasks, imported runs and blank prompts', () => {
		saveRunAt('typed by hand', '2025-03-01T10:00:00.000Z');
		saveRunAt('a suite task prompt', '2025-03-01T11:00:00.000Z', {suite: 'coding-5', task_id: 'flatten'});
		saveRunAt('an imported prompt', '2025-03-01T12:00:00.000Z', {source: 'chatbot-arena'});
		saveRunAt('   ', '2025-03-01T13:00:00.000Z');
		expect(store.recentPrompts()).toEqual(['typed by hand']);
	});

	it('returns at most the limit asked for, and 100 unless told', () => {
		const start = Date.parse('2025-03-01T00:00:00.000Z');
		for (let index = 0; index < 105; index++) {
			saveRunAt(`prompt ${index}`, new Date(start + index * 60_000).toISOString());
		}
		expect(store.recentPrompts(3)).toEqual(['prompt 104', 'prompt 103', 'prompt 102']);
		const all = store.recentPrompts();
		expect(all).toHaveLength(100);
		expect(all[0]).toBe('prompt 104');
		expect(all.at(-1)).toBe('prompt 5');
		expect(store.recentPrompts(0)).toEqual([]);
	});

	it('reads what another connection wrote to the same file', () => {
		saveRunAt('saved by an earlier session', '2025-03-01T10:00:00.000Z');
		store.close();
		store = openHistoryStore(file);
		expect(store.recentPrompts()).toEqual(['saved by an earlier session']);
	});
});
