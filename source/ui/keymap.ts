import type {Key} from 'ink';

/** A key event with no flag set: what Ink reports for a plain character. */
export const NO_KEY: Readonly<Key> = Object.freeze({
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
});

/**
 * The one place keys are bound to commands. Components ask "is this QUIT?",
 * never "is this q?", and the help bar is generated from the same table, so a
 * key shown is a key that works.
 *
 * The answer actions (c, C, s, e, d, r, m, f, n) sit beside the judging keys in
 * the run and battle views, so no judging or navigation command may take them.
 *
 * A key may mean different commands in different modes (← moves the focus
 * between panes, but lowers a mark inside the rubric form); `viewCommands`
 * lists what each mode accepts, and no two commands of one mode share a key.
 */

export type Command =
	| 'QUIT'
	| 'CANCEL'
	| 'FOCUS_NEXT'
	| 'FOCUS_PREV'
	| 'SCROLL_UP'
	| 'SCROLL_DOWN'
	| 'PAGE_UP'
	| 'PAGE_DOWN'
	| 'SCROLL_TOP'
	| 'SCROLL_BOTTOM'
	| 'TOGGLE_REASONING'
	| 'SUBMIT'
	| 'DISMISS'
	// Judging a finished run.
	| 'SCORE'
	| 'CLEAR_SCORE'
	| 'RUBRIC'
	| 'VOTE_LEFT'
	| 'VOTE_RIGHT'
	| 'VOTE_TIE'
	| 'VOTE_BOTH_BAD'
	| 'PICK_BEST'
	// Inside the rubric form.
	| 'RUBRIC_MARK'
	| 'RUBRIC_NEXT'
	| 'RUBRIC_PREV'
	| 'RUBRIC_LESS'
	| 'RUBRIC_MORE'
	| 'RUBRIC_SAVE'
	| 'RUBRIC_CANCEL'
	// Between the rounds of a blind battle.
	| 'NEXT_ROUND'
	| 'FINISH_BATTLE'
	| 'NEXT_TASK'
	| 'FINISH_SUITE'
	// The leaderboard view.
	| 'SORT_NEXT'
	| 'SORT_PREV'
	| 'SORT_REVERSE'
	| 'SHOW_HEAD_TO_HEAD'
	| 'SHOW_RATINGS'
	// The home screen's menu (the prompt editor is not focused).
	| 'HOME_EDIT'
	| 'HOME_RUN'
	| 'HOME_BATTLE'
	| 'HOME_SUITE'
	| 'HOME_LEADERBOARD'
	| 'HOME_HISTORY'
	| 'HOME_SETTINGS'
	| 'HOME_MODELS'
	| 'LOAD_FILE'
	// Any screen of the workspace below home.
	| 'BACK'
	// The multi-line prompt editor.
	| 'EDITOR_NEWLINE'
	| 'EDITOR_SUBMIT'
	| 'EDITOR_RECALL_OLDER'
	| 'EDITOR_RECALL_NEWER'
	| 'EDITOR_LEAVE'
	// Working with the focused answer.
	| 'FOLLOW_UP'
	| 'COPY_ANSWER'
	| 'COPY_CODE'
	| 'SAVE_ANSWER'
	| 'OPEN_EXTERNAL'
	| 'DIFF_ANSWERS'
	| 'RETRY_PANE'
	| 'TOGGLE_MARKDOWN'
	| 'NEW_ROUND'
	| 'SHOW_HELP'
	// A list that also filters by typing: arrows only, since every letter is typed into the filter.
	| 'LIST_UP'
	| 'LIST_DOWN'
	| 'LIST_TOP'
	| 'LIST_BOTTOM'
	| 'LIST_OPEN'
	| 'FILTER_CLEAR'
	| 'OPEN_CANCEL'
	// The model picker.
	| 'PICK_TOGGLE'
	| 'PICK_CONFIRM'
	| 'PICK_SWITCH_LIST'
	| 'PICK_SAVE_SET'
	| 'PICK_USE_SET'
	// A form of fields (settings), and the one-line text input that edits a field or names a set.
	| 'FIELD_PREV'
	| 'FIELD_NEXT'
	| 'FIELD_EDIT'
	| 'VALUE_NEXT'
	| 'VALUE_PREV'
	| 'EDIT_SAVE'
	| 'EDIT_CANCEL';

type NamedKey =
	| 'tab'
	| 'upArrow'
	| 'downArrow'
	| 'leftArrow'
	| 'rightArrow'
	| 'pageUp'
	| 'pageDown'
	| 'home'
	| 'end'
	| 'return'
	| 'escape';

export interface KeyBinding {
	/** A printable character as Ink reports it in `input` (case matters). */
	character?: string;
	/** A non-printing key, as Ink names it on `key`. */
	key?: NamedKey;
	ctrl?: boolean;
	/** Alt/Option held; only checked when set (Ink reports a bare Esc as meta too). */
	meta?: boolean;
	/** Only checked for named keys; a character's case already says whether shift was held. */
	shift?: boolean;
}

interface CommandDefinition {
	bindings: readonly KeyBinding[];
	/** How the keys are written in the help bar. */
	keys: string;
	description: string;
	/** Commands in one group share a single help item (↑/↓ scroll rather than two). */
	group?: HelpGroup;
}

type HelpGroup =
	| 'focus'
	| 'scroll'
	| 'page'
	| 'jump'
	| 'vote'
	| 'leave'
	| 'criterion'
	| 'adjust'
	| 'sort'
	| 'recall'
	| 'copy'
	| 'move'
	| 'field'
	| 'value';

const HELP_GROUPS: Record<HelpGroup, HelpItem> = {
	focus: {keys: 'tab/←→', description: 'pane'},
	scroll: {keys: '↑↓', description: 'scroll'},
	page: {keys: 'pgup/pgdn', description: 'page'},
	jump: {keys: 'home/end', description: 'top/end'},
	vote: {keys: 'a/b/t/x', description: 'vote A/B/tie/both bad'},
	leave: {keys: 'q/esc', description: 'quit'},
	criterion: {keys: '↑↓', description: 'criterion'},
	adjust: {keys: '←→', description: '−/+ 1'},
	sort: {keys: '←→', description: 'sort by'},
	recall: {keys: '↑↓', description: 'earlier prompts'},
	copy: {keys: 'c/C', description: 'copy answer/code'},
	move: {keys: '↑↓', description: 'move'},
	field: {keys: '↑↓', description: 'field'},
	value: {keys: 'enter/←→', description: 'change'},
};

const DIGITS = [...'1234567890'];

export const keyBindings: Readonly<Record<Command, CommandDefinition>> = {
	QUIT: {bindings: [{character: 'q'}], keys: 'q', description: 'quit', group: 'leave'},
	CANCEL: {bindings: [{character: 'c', ctrl: true}], keys: 'ctrl+c', description: 'cancel all'},
	FOCUS_NEXT: {bindings: [{key: 'tab'}, {key: 'rightArrow'}], keys: 'tab/→', description: 'next pane', group: 'focus'},
	FOCUS_PREV: {
		bindings: [{key: 'tab', shift: true}, {key: 'leftArrow'}],
		keys: 'shift+tab/←',
		description: 'previous pane',
		group: 'focus',
	},
	SCROLL_UP: {bindings: [{key: 'upArrow'}, {character: 'k'}], keys: '↑', description: 'scroll up', group: 'scroll'},
	SCROLL_DOWN: {bindings: [{key: 'downArrow'}, {character: 'j'}], keys: '↓', description: 'scroll down', group: 'scroll'},
	PAGE_UP: {bindings: [{key: 'pageUp'}], keys: 'pgup', description: 'page up', group: 'page'},
	PAGE_DOWN: {bindings: [{key: 'pageDown'}], keys: 'pgdn', description: 'page down', group: 'page'},
	SCROLL_TOP: {bindings: [{key: 'home'}, {character: 'g'}], keys: 'home', description: 'top', group: 'jump'},
	SCROLL_BOTTOM: {bindings: [{key: 'end'}, {character: 'G'}], keys: 'end', description: 'end', group: 'jump'},
	TOGGLE_REASONING: {bindings: [{character: ' '}], keys: 'space', description: 'reasoning'},
	SUBMIT: {bindings: [{key: 'return'}], keys: 'enter', description: 'run'},
	DISMISS: {bindings: [{key: 'escape'}, {character: 'c', ctrl: true}], keys: 'esc', description: 'leave', group: 'leave'},

	SCORE: {bindings: DIGITS.map(character => ({character})), keys: '1-9/0', description: 'score (0=10)'},
	CLEAR_SCORE: {bindings: [{character: '-'}], keys: '-', description: 'clear score'},
	RUBRIC: {bindings: [{character: 'u'}], keys: 'u', description: 'rubric'},
	VOTE_LEFT: {bindings: [{character: 'a'}], keys: 'a', description: 'A (left) better', group: 'vote'},
	VOTE_RIGHT: {bindings: [{character: 'b'}], keys: 'b', description: 'B (right) better', group: 'vote'},
	VOTE_TIE: {bindings: [{character: 't'}], keys: 't', description: 'tie', group: 'vote'},
	VOTE_BOTH_BAD: {bindings: [{character: 'x'}], keys: 'x', description: 'both bad', group: 'vote'},
	PICK_BEST: {bindings: [{character: 'w'}, {key: 'return'}], keys: 'w/enter', description: 'pick next best'},

	RUBRIC_MARK: {bindings: DIGITS.map(character => ({character})), keys: '1-9/0', description: 'mark (0=10)'},
	RUBRIC_NEXT: {bindings: [{key: 'downArrow'}, {key: 'tab'}], keys: '↓', description: 'next criterion', group: 'criterion'},
	RUBRIC_PREV: {
		bindings: [{key: 'upArrow'}, {key: 'tab', shift: true}],
		keys: '↑',
		description: 'previous criterion',
		group: 'criterion',
	},
	RUBRIC_LESS: {bindings: [{key: 'leftArrow'}], keys: '←', description: 'mark −1', group: 'adjust'},
	RUBRIC_MORE: {bindings: [{key: 'rightArrow'}], keys: '→', description: 'mark +1', group: 'adjust'},
	RUBRIC_SAVE: {bindings: [{key: 'return'}], keys: 'enter', description: 'save'},
	RUBRIC_CANCEL: {bindings: [{key: 'escape'}], keys: 'esc', description: 'cancel'},

	NEXT_ROUND: {bindings: [{character: 'n'}, {key: 'return'}], keys: 'n/enter', description: 'next round'},
	FINISH_BATTLE: {bindings: [{character: 'n'}, {key: 'return'}], keys: 'n/enter', description: 'finish'},
	NEXT_TASK: {bindings: [{character: 'n'}, {key: 'return'}], keys: 'n/enter', description: 'next task'},
	FINISH_SUITE: {bindings: [{character: 'n'}, {key: 'return'}], keys: 'n/enter', description: 'finish suite'},

	SORT_NEXT: {bindings: [{key: 'rightArrow'}, {character: '>'}], keys: '→', description: 'sort by next column', group: 'sort'},
	SORT_PREV: {bindings: [{key: 'leftArrow'}, {character: '<'}], keys: '←', description: 'sort by previous column', group: 'sort'},
	SORT_REVERSE: {bindings: [{character: 'i'}], keys: 'i', description: 'reverse order'},
	// One key flips between the two leaderboard views; each view lists the one that leads away from it.
	SHOW_HEAD_TO_HEAD: {bindings: [{character: 'h'}], keys: 'h', description: 'head-to-head'},
	SHOW_RATINGS: {bindings: [{character: 'h'}], keys: 'h', description: 'ratings'},

	HOME_EDIT: {bindings: [{character: 'i'}, {key: 'return'}], keys: 'i/enter', description: 'edit prompt'},
	HOME_RUN: {bindings: [{character: 'r'}], keys: 'r', description: 'run (named)'},
	HOME_BATTLE: {bindings: [{character: 'b'}], keys: 'b', description: 'battle (blind)'},
	HOME_SUITE: {bindings: [{character: 's'}], keys: 's', description: 'suite'},
	HOME_LEADERBOARD: {bindings: [{character: 'l'}], keys: 'l', description: 'leaderboard'},
	HOME_HISTORY: {bindings: [{character: 'h'}], keys: 'h', description: 'history'},
	HOME_SETTINGS: {bindings: [{character: 'o'}], keys: 'o', description: 'settings'},
	HOME_MODELS: {bindings: [{character: 'm'}], keys: 'm', description: 'models'},
	LOAD_FILE: {bindings: [{character: 'o', ctrl: true}], keys: 'ctrl+o', description: 'load file'},
	BACK: {bindings: [{key: 'escape'}], keys: 'esc', description: 'back'},

	// Ctrl+J sends a bare line feed, which Ink passes through as "\n"; Alt+Enter arrives as meta+return.
	EDITOR_NEWLINE: {bindings: [{character: '\n'}, {key: 'return', meta: true}], keys: 'ctrl+j', description: 'new line'},
	EDITOR_SUBMIT: {bindings: [{key: 'return'}], keys: 'enter', description: 'send'},
	EDITOR_RECALL_OLDER: {bindings: [{key: 'upArrow'}], keys: '↑', description: 'older prompt', group: 'recall'},
	EDITOR_RECALL_NEWER: {bindings: [{key: 'downArrow'}], keys: '↓', description: 'newer prompt', group: 'recall'},
	EDITOR_LEAVE: {bindings: [{key: 'escape'}], keys: 'esc', description: 'menu'},

	FOLLOW_UP: {bindings: [{character: 'f'}], keys: 'f', description: 'follow up'},
	COPY_ANSWER: {bindings: [{character: 'c'}], keys: 'c', description: 'copy answer', group: 'copy'},
	COPY_CODE: {bindings: [{character: 'C'}], keys: 'C', description: 'copy code', group: 'copy'},
	SAVE_ANSWER: {bindings: [{character: 's'}], keys: 's', description: 'save'},
	OPEN_EXTERNAL: {bindings: [{character: 'e'}], keys: 'e', description: 'open in $PAGER'},
	DIFF_ANSWERS: {bindings: [{character: 'd'}], keys: 'd', description: 'diff'},
	RETRY_PANE: {bindings: [{character: 'r'}], keys: 'r', description: 'retry pane'},
	TOGGLE_MARKDOWN: {bindings: [{character: 'm'}], keys: 'm', description: 'markdown/raw'},
	NEW_ROUND: {bindings: [{character: 'n'}], keys: 'n', description: 'new round'},
	SHOW_HELP: {bindings: [{character: '?'}], keys: '?', description: 'fewer keys'},

	LIST_UP: {bindings: [{key: 'upArrow'}], keys: '↑', description: 'previous', group: 'move'},
	LIST_DOWN: {bindings: [{key: 'downArrow'}], keys: '↓', description: 'next', group: 'move'},
	LIST_TOP: {bindings: [{key: 'home'}], keys: 'home', description: 'first', group: 'jump'},
	LIST_BOTTOM: {bindings: [{key: 'end'}], keys: 'end', description: 'last', group: 'jump'},
	LIST_OPEN: {bindings: [{key: 'return'}], keys: 'enter', description: 'open'},
	FILTER_CLEAR: {bindings: [{key: 'escape'}], keys: 'esc', description: 'clear filter'},
	OPEN_CANCEL: {bindings: [{key: 'escape'}], keys: 'esc', description: 'cancel'},

	PICK_TOGGLE: {bindings: [{character: ' '}], keys: 'space', description: 'pick/unpick'},
	// Alt+Enter is not Enter: it must not end the picker by accident.
	PICK_CONFIRM: {bindings: [{key: 'return', meta: false}], keys: 'enter', description: 'use these'},
	// Either way round: there are only two lists.
	PICK_SWITCH_LIST: {bindings: [{key: 'tab'}, {key: 'tab', shift: true}], keys: 'tab', description: 'models/saved sets'},
	PICK_SAVE_SET: {bindings: [{character: 's', ctrl: true}], keys: 'ctrl+s', description: 'save as set'},
	PICK_USE_SET: {bindings: [{key: 'return'}], keys: 'enter', description: 'use set'},

	FIELD_PREV: {bindings: [{key: 'upArrow'}, {character: 'k'}], keys: '↑', description: 'previous field', group: 'field'},
	FIELD_NEXT: {bindings: [{key: 'downArrow'}, {character: 'j'}], keys: '↓', description: 'next field', group: 'field'},
	FIELD_EDIT: {bindings: [{key: 'return', meta: false}], keys: 'enter', description: 'edit'},
	// A field with a few fixed values (the theme) steps through them; Enter steps forward too.
	VALUE_NEXT: {bindings: [{key: 'rightArrow'}, {key: 'return', meta: false}], keys: 'enter/→', description: 'next value', group: 'value'},
	VALUE_PREV: {bindings: [{key: 'leftArrow'}], keys: '←', description: 'previous value', group: 'value'},
	EDIT_SAVE: {bindings: [{key: 'return'}], keys: 'enter', description: 'save'},
	EDIT_CANCEL: {bindings: [{key: 'escape'}], keys: 'esc', description: 'cancel'},
};

/** Scrolling one pane or list, in help-bar order. */
export const SCROLLING = ['SCROLL_UP', 'SCROLL_DOWN', 'PAGE_UP', 'PAGE_DOWN', 'SCROLL_TOP', 'SCROLL_BOTTOM'] as const satisfies readonly Command[];

const NAVIGATION: readonly Command[] = ['FOCUS_NEXT', 'FOCUS_PREV', ...SCROLLING, 'TOGGLE_REASONING'];

/** Moving through a list that filters by typing: no letters, which are typed. */
const LIST_MOVES = ['LIST_UP', 'LIST_DOWN', 'PAGE_UP', 'PAGE_DOWN', 'LIST_TOP', 'LIST_BOTTOM'] as const satisfies readonly Command[];

/**
 * What each mode of each view accepts, in help-bar order. A view narrows these
 * further (votes only with two panes, say); it never adds to them.
 */
export const viewCommands = {
	/** The run while models stream: nothing to judge yet. */
	streaming: ['FOCUS_NEXT', 'FOCUS_PREV', 'TOGGLE_REASONING', 'CANCEL', 'QUIT'],
	/** Every model has ended: read and judge. */
	judging: [
		...NAVIGATION,
		'SCORE',
		'CLEAR_SCORE',
		'RUBRIC',
		'VOTE_LEFT',
		'VOTE_RIGHT',
		'VOTE_TIE',
		'VOTE_BOTH_BAD',
		'PICK_BEST',
		'CANCEL',
		'QUIT',
	],
	rubricForm: [
		'RUBRIC_MARK',
		'RUBRIC_NEXT',
		'RUBRIC_PREV',
		'RUBRIC_LESS',
		'RUBRIC_MORE',
		'RUBRIC_SAVE',
		'RUBRIC_CANCEL',
		'CANCEL',
	],
	/** A blind battle whose two answers are complete: vote before anything is revealed. */
	battleVoting: [...NAVIGATION, 'VOTE_LEFT', 'VOTE_RIGHT', 'VOTE_TIE', 'VOTE_BOTH_BAD', 'CANCEL', 'QUIT'],
	/** A battle round that is over (revealed, or without a valid vote), more rounds to come. */
	battleRoundOver: [...NAVIGATION, 'NEXT_ROUND', 'CANCEL', 'QUIT'],
	/** The same, after the last round. */
	battleLastRoundOver: [...NAVIGATION, 'FINISH_BATTLE', 'CANCEL', 'QUIT'],
	/** A stored run, read-only. */
	history: [...NAVIGATION, 'QUIT', 'DISMISS'],
	prompt: ['SUBMIT', 'DISMISS'],
	/** The leaderboard: sort by any column, move the selection, leave. */
	leaderboard: ['SORT_NEXT', 'SORT_PREV', 'SORT_REVERSE', 'SHOW_HEAD_TO_HEAD', ...SCROLLING, 'QUIT', 'DISMISS'],
	/** Home with the editor focused: typing goes into the prompt. */
	homeEditing: ['EDITOR_SUBMIT', 'EDITOR_NEWLINE', 'EDITOR_RECALL_OLDER', 'EDITOR_RECALL_NEWER', 'LOAD_FILE', 'EDITOR_LEAVE', 'CANCEL'],
	/** Home with the editor left: single keys open the other screens. */
	homeMenu: [
		'HOME_EDIT',
		'HOME_RUN',
		'HOME_BATTLE',
		'HOME_MODELS',
		'HOME_SUITE',
		'HOME_LEADERBOARD',
		'HOME_HISTORY',
		'HOME_SETTINGS',
		'LOAD_FILE',
		'QUIT',
	],
	/** What the focused answer offers once it has ended (the workspace's run view adds these to judging). */
	answerActions: ['FOLLOW_UP', 'COPY_ANSWER', 'COPY_CODE', 'SAVE_ANSWER', 'OPEN_EXTERNAL', 'DIFF_ANSWERS', 'RETRY_PANE', 'TOGGLE_MARKDOWN', 'NEW_ROUND'],
	/** The leaderboard's head-to-head matrix: scroll it, go back to the ratings, leave. */
	leaderboardHeadToHead: ['SHOW_RATINGS', ...SCROLLING, 'QUIT', 'DISMISS'],
	/**
	 * The model picker's list of models; every other printable key is typed into its filter.
	 * The list itself (ink-select-input) moves on the arrows.
	 */
	modelPicker: ['LIST_UP', 'LIST_DOWN', 'PICK_TOGGLE', 'PICK_CONFIRM', 'PICK_SWITCH_LIST', 'PICK_SAVE_SET', 'BACK'],
	/** The picker's saved sets; the list moves and chooses on its own keys. */
	modelSets: ['LIST_UP', 'LIST_DOWN', 'PICK_USE_SET', 'PICK_SWITCH_LIST', 'PICK_SAVE_SET', 'BACK'],
	/** Naming a set to save: the text input takes everything else, Enter included. */
	setName: ['EDIT_SAVE', 'EDIT_CANCEL'],
	/** Settings, on a field edited as text. */
	settings: ['FIELD_PREV', 'FIELD_NEXT', 'FIELD_EDIT', 'BACK'],
	/** Settings, on a field with a few fixed values (the theme). */
	settingsChoice: ['FIELD_PREV', 'FIELD_NEXT', 'VALUE_NEXT', 'VALUE_PREV', 'BACK'],
	/** Editing a settings field: the text input takes everything else, Enter included. */
	settingsEditing: ['EDIT_SAVE', 'EDIT_CANCEL'],
	/** The history list with no filter typed; printable keys start one. */
	historyList: [...LIST_MOVES, 'LIST_OPEN', 'BACK'],
	/** The history list with a filter typed: Esc clears it before it leaves. */
	historyFiltered: [...LIST_MOVES, 'LIST_OPEN', 'FILTER_CLEAR'],
	/** A stored run being read from the store. */
	historyOpening: ['OPEN_CANCEL'],
	/** The runs themselves being read. */
	historyReading: ['BACK'],
} as const satisfies Record<string, readonly Command[]>;

/** What a scroll or list command does to a position: a step (a page is `page` rows), or a jump to one end. */
export type ListMove = number | 'first' | 'last';

/** The move a command means in a scrolled view or a list; null when it is not a move. */
export function listMove(command: Command | undefined, page: number): ListMove | null {
	switch (command) {
		case 'SCROLL_UP':
		case 'LIST_UP':
			return -1;
		case 'SCROLL_DOWN':
		case 'LIST_DOWN':
			return 1;
		case 'PAGE_UP':
			return -page;
		case 'PAGE_DOWN':
			return page;
		case 'SCROLL_TOP':
		case 'LIST_TOP':
			return 'first';
		case 'SCROLL_BOTTOM':
		case 'LIST_BOTTOM':
			return 'last';
		default:
			return null;
	}
}

/** Where `move` takes position `current`, kept within 0…`last`. */
export function movedTo(move: ListMove, current: number, last: number): number {
	const target = move === 'first' ? 0 : move === 'last' ? last : current + move;
	return Math.max(0, Math.min(Math.max(0, last), target));
}

/** The mark a digit key gives: 1–9 as themselves, 0 as 10 (the key after 9). */
export function digitValue(input: string): number | null {
	if (!/^[0-9]$/.test(input)) return null;
	return input === '0' ? 10 : Number(input);
}

function bindingMatches(binding: KeyBinding, input: string, key: Key): boolean {
	if ((binding.ctrl ?? false) !== key.ctrl) return false;
	if (binding.meta !== undefined && binding.meta !== key.meta) return false;
	if (binding.key !== undefined) {
		return key[binding.key] && (binding.shift ?? false) === key.shift;
	}
	// Alt+letter arrives as meta; it is not the plain letter.
	return binding.character === input && !key.meta;
}

export function matches(command: Command, input: string, key: Key): boolean {
	return keyBindings[command].bindings.some(binding => bindingMatches(binding, input, key));
}

/** The first of `commands` the key press means, if any. */
export function commandFor(commands: readonly Command[], input: string, key: Key): Command | undefined {
	return commands.find(command => matches(command, input, key));
}

export interface HelpItem {
	keys: string;
	description: string;
}

/** Help bar entries for the commands a view currently accepts, in the order given. */
export function helpItems(commands: readonly Command[]): HelpItem[] {
	const items: HelpItem[] = [];
	const shownGroups = new Set<HelpGroup>();
	for (const command of commands) {
		const {group, keys, description} = keyBindings[command];
		if (group) {
			if (shownGroups.has(group)) continue;
			shownGroups.add(group);
			// A lone member of a group (only "next pane", say) is shown as itself.
			const wholeGroup = commands.filter(other => keyBindings[other].group === group).length > 1;
			items.push(wholeGroup ? HELP_GROUPS[group] : {keys, description});
			continue;
		}
		items.push({keys, description});
	}
	return items;
}

/** How a command's keys are written, for hints inside a view ("space shows"). */
export function keyLabel(command: Command): string {
	return keyBindings[command].keys;
}
