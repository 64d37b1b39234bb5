/**
 * Bracketed paste mode: the terminal wraps pasted text in ESC[200~ … ESC[201~,
 * so the editor can insert a pasted newline as text instead of taking it for
 * Enter. The mode outlives the process unless turned off, and a shell left in
 * it shows stray "^[[200~" around every paste, so whoever enables it must call
 * the returned function on the way out.
 */

const ENABLE_BRACKETED_PASTE = '\u001B[?2004h';
const DISABLE_BRACKETED_PASTE = '\u001B[?2004l';

/** Turns bracketed paste on when stdout is a terminal; the returned function turns it off again (once, however often it is called). */
export function enableBracketedPaste(stdout: NodeJS.WriteStream): () => void {
	if (!stdout.isTTY) return () => {};
	stdout.write(ENABLE_BRACKETED_PASTE);
	let enabled = true;
	return () => {
		if (!enabled) return;
		enabled = false;
		stdout.write(DISABLE_BRACKETED_PASTE);
	};
}
