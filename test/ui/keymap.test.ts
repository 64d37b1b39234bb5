import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
import {type Command, commandFor, helpItems, keyBindings, matches} from '../../source/ui/keymap.js';

const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};
const press = (overrides: Partial<Key>): Key => ({...noKey, ...overrides});

describe('matches', () => {
	test('Tab and → mean next pane; Shift+Tab and ← mean previous', () => {
		expect(matches('FOCUS_NEXT', '', press({tab: true}))).toBe(true);
		expect(matches('FOCUS_NEXT', '', press({rightArrow: true}))).toBe(true);
		expect(matches('FOCUS_NEXT', '', press({tab: true, shift: true}))).toBe(false);
		expect(matches('FOCUS_PREV', '', press({tab: true, shift: true}))).toBe(true);
		expect(matches('FOCUS_PREV', '', press({leftArrow: true}))).toBe(true);
	});

	test('Ctrl+C is cancel, a plain c is not, and Alt+q is not q', () => {
		expect(matches('CANCEL', 'c', press({ctrl: true}))).toBe(true);
		expect(matches('CANCEL', 'c', noKey)).toBe(false);
		expect(matches('QUIT', 'q', noKey)).toBe(true);
		expect(matches('QUIT', 'q', press({meta: true}))).toBe(false);
	});

	test('commandFor picks only among the commands a view accepts', () => {
		expect(commandFor(['QUIT', 'SCROLL_UP'], '', press({upArrow: true}))).toBe('SCROLL_UP');
		expect(commandFor(['QUIT'], '', press({upArrow: true}))).toBeUndefined();
	});
});

test('no two commands of the run view share a key, and the keys later views need stay free', () => {
	const runCommands: Command[] = [
		'QUIT', 'CANCEL', 'FOCUS_NEXT', 'FOCUS_PREV', 'SCROLL_UP', 'SCROLL_DOWN',
		'PAGE_UP', 'PAGE_DOWN', 'SCROLL_TOP', 'SCROLL_BOTTOM', 'TOGGLE_REASONING',
	];
	const seen = new Map<string, Command>();
	for (const command of runCommands) {
		for (const binding of keyBindings[command].bindings) {
			const id = JSON.stringify(binding);
			expect(seen.get(id), `${command} reuses ${id}`).toBeUndefined();
			seen.set(id, command);
		}
	}
	// Judging (1-9, 0, a, b, t, x) and the battle view (c, s, e, d, r, m, n) come later.
	const reserved = [...'1234567890abtxcsedrmn'];
	const taken = runCommands.flatMap(command =>
		keyBindings[command].bindings.filter(binding => !binding.ctrl).map(binding => binding.character),
	);
	for (const character of reserved) expect(taken).not.toContain(character);
});

test('helpItems lists the given commands in order and folds pairs into one entry', () => {
	expect(helpItems(['FOCUS_NEXT', 'FOCUS_PREV', 'SCROLL_UP', 'SCROLL_DOWN', 'QUIT'])).toEqual([
		{keys: 'tab/←→', description: 'pane'},
		{keys: '↑↓', description: 'scroll'},
		{keys: keyBindings.QUIT.keys, description: keyBindings.QUIT.description},
	]);
	// A lone member of a pair is listed as itself.
	expect(helpItems(['FOCUS_NEXT'])).toEqual([{keys: keyBindings.FOCUS_NEXT.keys, description: keyBindings.FOCUS_NEXT.description}]);
});
