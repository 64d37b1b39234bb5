import {type Key, useInput} from 'ink';
import {NO_KEY} from '../keymap.js';

type KeyHandler = (input: string, key: Key) => void;

/** What a single plain character means as a key press, as Ink would report it alone. */
export function keyForCharacter(character: string): Key {
	return {
		...NO_KEY,
		tab: character === '\t',
		return: character === '\r' || character === '\n',
		backspace: character === '\b',
		delete: character === '\u007F',
		shift: character !== character.toLowerCase(),
	};
}

/**
 * useInput for views driven by single-key commands. Ink hands plain characters
 * that arrive in one read as one string ("\t4" when Tab and 4 are typed fast,
 * or sent together by a terminal multiplexer), which no single-key command
 * matches, so both keys would be lost. Here each character is its own press.
 * The views keep the state keys act on (focus, judgements) readable at once,
 * so the 4 after a Tab scores the pane the Tab moved to.
 */
export function useCommandKeys(handler: KeyHandler, options: {isActive?: boolean} = {}): void {
	useInput((input, key) => {
		if (input.length <= 1 || key.ctrl || key.meta || input.includes('\u001B')) {
			handler(input, key);
			return;
		}
		for (const character of input) handler(character, keyForCharacter(character));
	}, options);
}
