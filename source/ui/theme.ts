import type {ModelState} from '../core/types.js';
import type {CodeTokenKind} from './text/highlight.js';

/** A colour Ink understands, or undefined for the terminal's own foreground (NO_COLOR). */
type Colour = string | undefined;

interface Palette {
	title: Colour;
	focusedBorder: Colour;
	border: Colour;
	simulatedBadge: Colour;
	muted: Colour;
	error: Colour;
	warning: Colour;
	codeFrame: Colour;
	codeLabel: Colour;
	helpKey: Colour;
	judgement: Colour;
	verdict: Colour;
	diffRemoved: Colour;
	diffAdded: Colour;
}

const DARK: Palette = {
	title: 'cyan',
	focusedBorder: 'cyan',
	border: 'gray',
	simulatedBadge: 'magenta',
	muted: 'gray',
	error: 'red',
	warning: 'yellow',
	codeFrame: 'gray',
	codeLabel: 'cyan',
	helpKey: 'cyan',
	judgement: 'yellow',
	verdict: 'green',
	diffRemoved: 'red',
	diffAdded: 'green',
};

/** For light backgrounds: yellow and cyan wash out on white, so the accents move to blue, magenta and the darker ANSI colours. */
const LIGHT: Palette = {
	title: 'blue',
	focusedBorder: 'blue',
	border: 'gray',
	simulatedBadge: 'magenta',
	muted: 'gray',
	error: 'red',
	warning: 'magenta',
	codeFrame: 'gray',
	codeLabel: 'blue',
	helpKey: 'blue',
	judgement: 'magenta',
	verdict: 'green',
	diffRemoved: 'red',
	diffAdded: 'green',
};

const NONE: Palette = Object.fromEntries(Object.keys(DARK).map(key => [key, undefined])) as unknown as Palette;

const STATE_DARK: Record<ModelState, Colour> = {
	waiting: 'gray',
	thinking: 'magenta',
	streaming: 'cyan',
	done: 'green',
	error: 'red',
	cancelled: 'yellow',
};
const STATE_LIGHT: Record<ModelState, Colour> = {...STATE_DARK, streaming: 'blue', cancelled: 'magenta'};

const CODE_DARK: Record<CodeTokenKind, Colour> = {keyword: 'magenta', string: 'green', comment: 'gray', number: 'yellow', plain: undefined};
const CODE_LIGHT: Record<CodeTokenKind, Colour> = {...CODE_DARK, number: 'blue'};

/**
 * Every colour the UI uses, by what it means rather than what it is. These
 * objects are filled in place by `applyTheme`, once, before anything is drawn;
 * components read them at render time.
 */
export const theme: Palette = {...DARK};
export const stateColor: Record<ModelState, Colour> = {...STATE_DARK};
export const codeColor: Record<CodeTokenKind, Colour> = {...CODE_DARK};

export type ThemeName = 'dark' | 'light' | 'none';
export type ThemeChoice = 'auto' | 'dark' | 'light';

/**
 * Which palette to use. NO_COLOR (any non-empty value, per no-color.org) wins
 * over everything; then ARENA_THEME; then the saved choice; `auto` reads
 * COLORFGBG ("15;0" is light text on a dark background, "0;15" the reverse),
 * which most terminals that know their colours export, and falls back to dark.
 */
export function resolveTheme(env: NodeJS.ProcessEnv, saved: ThemeChoice = 'auto'): ThemeName {
	if ((env['NO_COLOR'] ?? '') !== '') return 'none';
	const fromEnv = env['ARENA_THEME']?.trim().toLowerCase();
	const choice = fromEnv === 'dark' || fromEnv === 'light' || fromEnv === 'auto' ? fromEnv : saved;
	if (choice !== 'auto') return choice;
	return backgroundIsLight(env['COLORFGBG']) ? 'light' : 'dark';
}

function backgroundIsLight(colorFgBg: string | undefined): boolean {
	if (!colorFgBg) return false;
	const background = Number(colorFgBg.split(';').at(-1));
	// ANSI 7 (white) and 9–15 (bright colours but 8, bright black) are light backgrounds.
	return Number.isInteger(background) && (background === 7 || (background >= 9 && background <= 15));
}

let current: ThemeName = 'dark';

export function applyTheme(name: ThemeName): void {
	current = name;
	Object.assign(theme, name === 'light' ? LIGHT : name === 'none' ? NONE : DARK);
	const states = name === 'light' ? STATE_LIGHT : STATE_DARK;
	const code = name === 'light' ? CODE_LIGHT : CODE_DARK;
	for (const key of Object.keys(stateColor) as ModelState[]) stateColor[key] = name === 'none' ? undefined : states[key];
	for (const key of Object.keys(codeColor) as CodeTokenKind[]) codeColor[key] = name === 'none' ? undefined : code[key];
}

/** True when colours are off: views then mark emphasis with characters as well. */
export function colourless(): boolean {
	return current === 'none';
}

export function currentTheme(): ThemeName {
	return current;
}

// Commands that never call applyTheme still honour NO_COLOR and ARENA_THEME.
applyTheme(resolveTheme(process.env));
