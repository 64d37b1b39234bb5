/**
 * Model output is untrusted: before anything reaches the terminal, remove every
 * control sequence that could move the cursor, retitle the window, write the
 * clipboard (OSC 52), smuggle hyperlinks (OSC 8) or otherwise act on the terminal.
 *
 * Removed: CSI (ESC [ … and the 8-bit 0x9B), OSC (ESC ] … BEL/ST, and 0x9D),
 * DCS/SOS/PM/APC strings (ESC P/X/^/_ … ST, and 0x90/0x98/0x9E/0x9F), any other
 * ESC sequence or bare ESC, and the remaining C0 and C1 controls except newline
 * and tab. Carriage returns are normalised: CRLF becomes LF, a lone CR is dropped
 * (it would let text overwrite what is already on the line).
 */

// eslint-disable-next-line no-control-regex
const CSI = /(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?/g;
// OSC runs until BEL or ST (ESC \ or 0x9C); an unterminated one swallows the rest.
// eslint-disable-next-line no-control-regex
const OSC = /(?:\u001B\]|\u009D)[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C|$)/g;
// DCS, SOS, PM and APC strings run until ST.
// eslint-disable-next-line no-control-regex
const STRING_SEQUENCE = /(?:\u001B[PX^_]|[\u0090\u0098\u009E\u009F])[^\u001B\u009C]*(?:\u001B\\|\u009C|$)/g;
// Any other escape: ESC, optional intermediates, one final byte; or a bare ESC.
// eslint-disable-next-line no-control-regex
const OTHER_ESCAPE = /\u001B[\u0020-\u002F]*[\u0030-\u007E]?/g;
// C0 except TAB (09) and LF (0A); DEL; C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function stripTerminalControls(text: string): string {
	if (!hasControlCharacters(text)) return text;
	return text
		.replace(/\r\n/g, '\n')
		.replace(OSC, '')
		.replace(STRING_SEQUENCE, '')
		.replace(CSI, '')
		.replace(OTHER_ESCAPE, '')
		.replace(CONTROL, '');
}

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

function hasControlCharacters(text: string): boolean {
	return ANY_CONTROL.test(text);
}
