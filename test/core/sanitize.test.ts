import {describe, expect, it} from 'vitest';
import {stripTerminalControls} from '../../source/core/sanitize.js';

const ESC = '\u001B';
const BEL = '\u0007';

describe('stripTerminalControls', () => {
	it('leaves ordinary text, newlines, tabs and unicode alone', () => {
		const text = 'def f(x):\n\treturn [y for y in x]  # ünïcödé → 🚀';
		expect(stripTerminalControls(text)).toBe(text);
	});

	it.each([
		['clipboard write (OSC 52)', `a${ESC}]52;c;ZXZpbA==${BEL}b`, 'ab'],
		['hyperlink (OSC 8) keeps the visible text only', `${ESC}]8;;http://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
		['window title (OSC 0)', `${ESC}]0;pwned${BEL}hello`, 'hello'],
		['unterminated OSC swallows the rest', `ok${ESC}]0;never ends`, 'ok'],
		['clear screen (CSI 2J) and cursor home', `${ESC}[2J${ESC}[Hx`, 'x'],
		['colour (SGR)', `${ESC}[31mred${ESC}[0m`, 'red'],
		['private mode (hide cursor)', `${ESC}[?25lx`, 'x'],
		['8-bit CSI', `\u009B31mred`, 'red'],
		['DCS string', `${ESC}Pq#0;2;0;0;0${ESC}\\after`, 'after'],
		['APC string', `${ESC}_payload${ESC}\\after`, 'after'],
		['bare ESC and two-byte escapes (RIS)', `a${ESC}cb${ESC}`, 'ab'],
		['C0 controls (bell, backspace, NUL)', `a\u0007b\u0008c\u0000d`, 'abcd'],
		['C1 controls', `a\u0085b\u009Cc`, 'abc'],
		['lone CR cannot overwrite the line', 'safe\rEVIL', 'safeEVIL'],
		['CRLF becomes LF', 'one\r\ntwo', 'one\ntwo'],
		['DEL', 'a\u007Fb', 'ab'],
	])('removes %s', (_name, input, expected) => {
		expect(stripTerminalControls(input)).toBe(expected);
	});

	it('leaves no ESC, BEL or C1 byte in any output', () => {
		const hostile = `${ESC}]52;c;x${BEL}${ESC}[1;1H${ESC}P1$r${ESC}\\\u009D0;t\u009C${ESC}(B${ESC}[38;2;1;2;3mX`;
		const output = stripTerminalControls(hostile);
		// eslint-disable-next-line no-control-regex
		expect(output).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
		expect(output).toBe('X');
	});
});
