import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
import {type Command, commandFor, digitValue, helpItems, keyBindings, listMove, matches, movedTo, NO_KEY, viewCommands} from '../../source/ui/keymap.js';

const noKey = NO_KEY;
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

test.each(Object.entries(viewCommands))('no two commands of the %s mode share a key', (_, commands: readonly Command[]) => {
	const seen = new Map<string, Command>();
	for (const command of commands) {
		for (const binding of keyBindings[command].bindings) {
			const id = JSON.stringify(binding);
			expect(seen.get(id), `${command} reuses ${id}`).toBeUndefined();
			seen.set(id, command);
		}
	}
});

test.each([
	['the run view, judging', [...viewCommands.judging, ...viewCommands.answerActions, 'BACK', 'SHOW_HELP']],
	['the run view, streaming', [...viewCommands.streaming, ...viewCommands.answerActions, 'BACK', 'SHOW_HELP']],
	['a battle, voting', [...viewCommands.battleVoting, ...viewCommands.answerActions.filter(command => command !== 'RETRY_PANE'), 'BACK', 'SHOW_HELP']],
	['a battle, after the vote', [...viewCommands.battleRoundOver, 'COPY_ANSWER', 'COPY_CODE', 'SAVE_ANSWER', 'OPEN_EXTERNAL', 'DIFF_ANSWERS', 'TOGGLE_MARKDOWN', 'BACK', 'SHOW_HELP']],
] as const)('the answer actions take no key of %s', (_, combined: readonly Command[]) => {
	const seen = new Map<string, Command>();
	for (const command of new Set(combined)) {
		for (const binding of keyBindings[command].bindings) {
			const id = JSON.stringify(binding);
			expect(seen.get(id), `${command} reuses ${id} of ${seen.get(id)}`).toBeUndefined();
			seen.set(id, command);
		}
	}
});

test('judging keys: digits score (0 is 10), a/b/t/x vote, w picks the best, u opens the rubric', () => {
	expect([...'1234567890'].map(digit => commandFor(viewCommands.judging, digit, noKey))).toEqual(Array(10).fill('SCORE'));
	expect([...'1234567890'].map(digitValue)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	expect(digitValue('a')).toBeNull();
	expect([...'abtxwu-'].map(key => commandFor(viewCommands.judging, key, noKey))).toEqual([
		'VOTE_LEFT',
		'VOTE_RIGHT',
		'VOTE_TIE',
		'VOTE_BOTH_BAD',
		'PICK_BEST',
		'RUBRIC',
		'CLEAR_SCORE',
	]);
	// Inside the rubric form the arrows move between criteria and nudge marks instead.
	expect(commandFor(viewCommands.rubricForm, '', press({leftArrow: true}))).toBe('RUBRIC_LESS');
	expect(commandFor(viewCommands.judging, '', press({leftArrow: true}))).toBe('FOCUS_PREV');
});

test('helpItems lists the given commands in order and folds pairs into one entry', () => {
	expect(helpItems(['FOCUS_NEXT', 'FOCUS_PREV', 'SCROLL_UP', 'SCROLL_DOWN', 'QUIT'])).toEqual([
		{keys: 'tab/←→', description: 'pane'},
		{keys: '↑↓', description: 'scroll'},
		{keys: keyBindings.QUIT.keys, description: keyBindings.QUIT.description},
	]);
	expect(helpItems(['VOTE_LEFT', 'VOTE_RIGHT', 'VOTE_TIE', 'VOTE_BOTH_BAD'])).toEqual([{keys: 'a/b/t/x', description: 'vote A/B/tie/both bad'}]);
	expect(helpItems(['QUIT', 'DISMISS'])).toEqual([{keys: 'q/esc', description: 'quit'}]);
	// A lone member of a pair is listed as itself.
	expect(helpItems(['FOCUS_NEXT'])).toEqual([{keys: keyBindings.FOCUS_NEXT.keys, description: keyBindings.FOCUS_NEXT.description}]);
});

describe('workspace views', () => {
	const character = (input: string) => [input, noKey] as const;

	test('lists that filter by typing bind no printable key but space, so every letter and digit reaches the filter', () => {
		for (const mode of ['modelPicker', 'historyList', 'historyFiltered'] as const) {
			const printable = viewCommands[mode].flatMap(command =>
				keyBindings[command].bindings.filter(binding => binding.character !== undefined && !binding.ctrl).map(binding => binding.character),
			);
			expect(printable.filter(typed => typed !== ' '), mode).toEqual([]);
		}
		// So j/k/g/G, which scroll elsewhere, mean nothing to these lists' commands.
		for (const typed of 'jkgG') expect(commandFor(viewCommands.historyList, ...character(typed))).toBeUndefined();
		expect(commandFor(viewCommands.modelPicker, ...character('k'))).toBeUndefined();
	});

	test('model picker: space picks, enter confirms (Alt+Enter does not), tab either way switches lists, ctrl+s saves a set', () => {
		expect(commandFor(viewCommands.modelPicker, ...character(' '))).toBe('PICK_TOGGLE');
		expect(commandFor(viewCommands.modelPicker, '\r', press({return: true}))).toBe('PICK_CONFIRM');
		expect(commandFor(viewCommands.modelPicker, '\r', press({return: true, meta: true}))).toBeUndefined();
		expect(commandFor(viewCommands.modelPicker, '', press({tab: true}))).toBe('PICK_SWITCH_LIST');
		expect(commandFor(viewCommands.modelSets, '', press({tab: true, shift: true}))).toBe('PICK_SWITCH_LIST');
		expect(commandFor(viewCommands.modelPicker, 's', press({ctrl: true}))).toBe('PICK_SAVE_SET');
		expect(commandFor(viewCommands.modelPicker, ...character('s'))).toBeUndefined();
		expect(commandFor(viewCommands.modelSets, '\r', press({return: true}))).toBe('PICK_USE_SET');
		expect(commandFor(viewCommands.setName, '', press({escape: true}))).toBe('EDIT_CANCEL');
	});

	test('settings: ↑↓ (and k/j) move between fields, enter edits a text field and steps a choice, ←→ step it both ways', () => {
		expect(commandFor(viewCommands.settings, ...character('k'))).toBe('FIELD_PREV');
		expect(commandFor(viewCommands.settings, '', press({downArrow: true}))).toBe('FIELD_NEXT');
		expect(commandFor(viewCommands.settings, '\r', press({return: true}))).toBe('FIELD_EDIT');
		expect(commandFor(viewCommands.settings, '', press({rightArrow: true}))).toBeUndefined();
		expect(commandFor(viewCommands.settingsChoice, '\r', press({return: true}))).toBe('VALUE_NEXT');
		expect(commandFor(viewCommands.settingsChoice, '', press({rightArrow: true}))).toBe('VALUE_NEXT');
		expect(commandFor(viewCommands.settingsChoice, '', press({leftArrow: true}))).toBe('VALUE_PREV');
		expect(commandFor(viewCommands.settingsEditing, '', press({escape: true}))).toBe('EDIT_CANCEL');
		expect(helpItems(viewCommands.settingsChoice)).toContainEqual({keys: 'enter/←→', description: 'change'});
	});

	test('history: esc clears a typed filter before it goes back, and cancels a run being opened', () => {
		const escape = press({escape: true});
		expect(commandFor(viewCommands.historyList, '', escape)).toBe('BACK');
		expect(commandFor(viewCommands.historyFiltered, '', escape)).toBe('FILTER_CLEAR');
		expect(commandFor(viewCommands.historyOpening, '', escape)).toBe('OPEN_CANCEL');
		expect(commandFor(viewCommands.historyOpening, '\r', press({return: true}))).toBeUndefined();
		expect(helpItems(viewCommands.historyList)).toEqual([
			{keys: '↑↓', description: 'move'},
			{keys: 'pgup/pgdn', description: 'page'},
			{keys: 'home/end', description: 'top/end'},
			{keys: 'enter', description: 'open'},
			{keys: 'esc', description: 'back'},
		]);
	});
});

test('scroll and list commands move by one, by a page, or to either end, never past them', () => {
	expect([listMove('SCROLL_UP', 9), listMove('LIST_DOWN', 9), listMove('PAGE_UP', 9), listMove('PAGE_DOWN', 9)]).toEqual([-1, 1, -9, 9]);
	expect([listMove('SCROLL_TOP', 9), listMove('LIST_BOTTOM', 9), listMove('BACK', 9), listMove(undefined, 9)]).toEqual(['first', 'last', null, null]);
	expect(movedTo(-9, 3, 20)).toBe(0);
	expect(movedTo(9, 15, 20)).toBe(20);
	expect(movedTo('last', 0, 20)).toBe(20);
	// Fewer rows than a screen: nothing to scroll.
	expect(movedTo('last', 0, -4)).toBe(0);
});
