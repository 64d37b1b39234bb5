import type {Key} from 'ink';

/**
 * The one place keys are bound to commands. Components ask "is this QUIT?",
 * never "is this q?", and the help bar is generated from the same table, so a
 * key shown is a key that works.
 *
 * Keys reserved for later views, so nothing here should take them:
 * judging uses 1–9, 0, a, b, t, x and q; the battle view uses c, s, e, d, r, m, n.
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
	| 'DISMISS';

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

type HelpGroup = 'focus' | 'scroll' | 'page' | 'jump';

const HELP_GROUPS: Record<HelpGroup, HelpItem> = {
	focus: {keys: 'tab/←→', description: 'pane'},
	scroll: {keys: '↑↓', description: 'scroll'},
	page: {keys: 'pgup/pgdn', description: 'page'},
	jump: {keys: 'home/end', description: 'top/end'},
};

export const keyBindings: Readonly<Record<Command, CommandDefinition>> = {
	QUIT: {bindings: [{character: 'q'}], keys: 'q', description: 'quit'},
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
	DISMISS: {bindings: [{key: 'escape'}, {character: 'c', ctrl: true}], keys: 'esc', description: 'leave'},
};

function bindingMatches(binding: KeyBinding, input: string, key: Key): boolean {
	if ((binding.ctrl ?? false) !== key.ctrl) return false;
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
