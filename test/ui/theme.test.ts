import {afterEach, describe, expect, it} from 'vitest';
import {applyTheme, codeColor, colourless, resolveTheme, stateColor, theme} from '../../source/ui/theme.js';

describe('theme', () => {
	afterEach(() => applyTheme('dark'));

	it('turns every colour off when NO_COLOR is set, whatever else is asked', () => {
		expect(resolveTheme({NO_COLOR: '1', ARENA_THEME: 'light'}, 'light')).toBe('none');
		applyTheme('none');
		expect(Object.values(theme).every(colour => colour === undefined)).toBe(true);
		expect(Object.values(stateColor).every(colour => colour === undefined)).toBe(true);
		expect(Object.values(codeColor).every(colour => colour === undefined)).toBe(true);
		expect(colourless()).toBe(true);
	});

	it('ignores an empty NO_COLOR, as no-color.org says', () => {
		expect(resolveTheme({NO_COLOR: ''})).toBe('dark');
	});

	it('reads a light background from COLORFGBG when the choice is auto', () => {
		expect(resolveTheme({COLORFGBG: '0;15'})).toBe('light');
		expect(resolveTheme({COLORFGBG: '0;default;7'})).toBe('light');
		expect(resolveTheme({COLORFGBG: '15;0'})).toBe('dark');
		expect(resolveTheme({COLORFGBG: '15;8'})).toBe('dark');
		expect(resolveTheme({})).toBe('dark');
	});

	it('lets ARENA_THEME override the saved choice, and the saved choice override detection', () => {
		expect(resolveTheme({ARENA_THEME: 'light'}, 'dark')).toBe('light');
		expect(resolveTheme({COLORFGBG: '0;15'}, 'dark')).toBe('dark');
		expect(resolveTheme({ARENA_THEME: 'nonsense'}, 'light')).toBe('light');
	});

	it('moves accents off yellow and cyan on a light background', () => {
		applyTheme('light');
		const accents = [theme.title, theme.helpKey, theme.warning, theme.judgement, stateColor.streaming];
		expect(accents.some(colour => colour === 'yellow' || colour === 'cyan')).toBe(false);
		applyTheme('dark');
		expect(theme.title).toBe('cyan');
	});
});
