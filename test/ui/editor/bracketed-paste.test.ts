import {expect, test} from 'vitest';
import {enableBracketedPaste} from '../../../source/ui/editor/bracketed-paste.js';
import {FakeStdout} from '../../helpers/ink-harness.js';

function terminal({isTTY}: {isTTY: boolean}) {
	const stdout = new FakeStdout(80, 24);
	Object.defineProperty(stdout, 'isTTY', {value: isTTY});
	return {stdout, stream: stdout as unknown as NodeJS.WriteStream};
}

test('on a terminal it turns bracketed paste on, and off again exactly once however often disable is called', () => {
	const {stdout, stream} = terminal({isTTY: true});
	const disable = enableBracketedPaste(stream);
	expect(stdout.writes).toEqual(['\u001B[?2004h']);
	disable();
	disable();
	expect(stdout.writes).toEqual(['\u001B[?2004h', '\u001B[?2004l']);
});

test('when stdout is not a terminal nothing is written, now or on disable', () => {
	const {stdout, stream} = terminal({isTTY: false});
	const disable = enableBracketedPaste(stream);
	disable();
	expect(stdout.writes).toEqual([]);
});
