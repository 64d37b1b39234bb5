import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {findExecutable, openInViewer, shellWords, viewerCommand} from '../../../source/ui/actions/external-viewer.js';

const CP = existsSync('/bin/cp') ? '/bin/cp' : '/usr/bin/cp';
const STAT = existsSync('/usr/bin/stat') ? '/usr/bin/stat' : '/bin/stat';

let root: string;
let bin: string;
let out: string;

beforeEach(() => {
	root = mkdtempSync(path.join(os.tmpdir(), 'arena-viewer-'));
	bin = path.join(root, 'bin');
	out = path.join(root, 'out');
	mkdirSync(bin);
	mkdirSync(out);
});

afterEach(() => {
	rmSync(root, {recursive: true, force: true});
});

function script(name: string, body: string): string {
	const file = path.join(bin, name);
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

/** A stand-in for a real terminal's stdin that records what is done to raw mode. */
function fakeTerminalInput({isTTY = true, raw = true}: {isTTY?: boolean; raw?: boolean} = {}) {
	const calls: boolean[] = [];
	const stdin = {
		isTTY,
		isRaw: raw,
		setRawMode(enabled: boolean) {
			calls.push(enabled);
			stdin.isRaw = enabled;
			return stdin;
		},
	};
	return {stdin: stdin as unknown as NodeJS.ReadStream, calls, state: stdin};
}

test('viewer commands are read from the environment like shell words', () => {
	expect(viewerCommand('pager', {PAGER: 'less -FRX'})).toEqual({command: 'less', args: ['-FRX']});
	expect(viewerCommand('editor', {EDITOR: 'code --wait'})).toEqual({command: 'code', args: ['--wait']});
	expect(viewerCommand('editor', {VISUAL: 'nvim', EDITOR: 'nano'})).toEqual({command: 'nvim', args: []});
	expect(viewerCommand('editor', {VISUAL: '  ', EDITOR: 'nano'})).toEqual({command: 'nano', args: []});
	expect(viewerCommand('editor', {EDITOR: `"/opt/My Editor/bin/ed" --title 'two words' a\\ b`})).toEqual({
		command: '/opt/My Editor/bin/ed',
		args: ['--title', 'two words', 'a b'],
	});
	expect(viewerCommand('editor', {PATH: bin})).toEqual({command: 'vi', args: []});
	expect(shellWords(`say "a \\"quoted\\" \\$word" '' end`)).toEqual(['say', 'a "quoted" $word', '', 'end']);
	expect(shellWords('C:\\Tools\\ed.exe -n', 'win32')).toEqual(['C:\\Tools\\ed.exe', '-n']);
});

test('without $PAGER the pager is less (never quitting at once on a short answer), else more', () => {
	expect(viewerCommand('pager', {PATH: bin})).toEqual({command: 'more', args: []});
	script('less', 'exit 0');
	expect(viewerCommand('pager', {PATH: bin, PAGER: ''})).toEqual({command: 'less', args: ['-R', '-+F']});
	expect(findExecutable('less', {PATH: `/nonexistent::${bin}`})).toBe(path.join(bin, 'less'));
	expect(findExecutable('less', {PATH: '/nonexistent'})).toBeNull();
});

test('the pager shows the answer from a private temp file that is gone afterwards; hooks and raw mode wrap the run', () => {
	const pager = script(
		'fake-pager',
		[
			`printf '%s\\n' "$@" > '${out}/args'`,
			'for argument; do file=$argument; done',
			`echo "$file" > '${out}/path'`,
			`${STAT} -c %a "$file" > '${out}/mode'`,
			`${CP} "$file" '${out}/shown'`,
			`[ -e '${out}/before' ] && echo yes > '${out}/hook-ran-first'`,
		].join('\n'),
	);
	const {stdin, calls} = fakeTerminalInput();
	const events: string[] = [];
	const result = openInViewer('The answer \u001B[31mred\u001B[0m\nline two\n', {
		kind: 'pager',
		env: {PAGER: `${pager} --flag`},
		stdin,
		tmpDir: root,
		beforeSpawn: () => {
			events.push(`before (raw changes so far: ${calls.length})`);
			writeFileSync(path.join(out, 'before'), '');
		},
		afterSpawn: () => events.push(`after (viewer ran: ${existsSync(path.join(out, 'shown'))}, raw: ${calls.join(',')})`),
	});
	expect(result).toEqual({ok: true, command: `${pager} --flag`});
	expect(events).toEqual(['before (raw changes so far: 0)', 'after (viewer ran: true, raw: false,true)']);
	expect(readFileSync(path.join(out, 'hook-ran-first'), 'utf8')).toBe('yes\n');
	expect(readFileSync(path.join(out, 'shown'), 'utf8')).toBe('The answer red\nline two\n');
	expect(readFileSync(path.join(out, 'mode'), 'utf8').trim()).toBe('600');
	const shownPath = readFileSync(path.join(out, 'path'), 'utf8').trim();
	expect(path.basename(shownPath)).toBe('arena-answer.md');
	expect(readFileSync(path.join(out, 'args'), 'utf8')).toBe(`--flag\n${shownPath}\n`);
	expect(existsSync(shownPath)).toBe(false);
});

test('the editor gets the chosen file name and its edits come back', () => {
	const editor = script('fake-editor', `echo "$1" > '${out}/path'\nprintf 'edited by hand\\n' >> "$1"`);
	const {stdin} = fakeTerminalInput();
	const result = openInViewer('draft\n', {kind: 'editor', env: {VISUAL: editor, EDITOR: 'nonexistent'}, stdin, tmpDir: root, fileName: 'prompt.md'});
	expect(result).toEqual({ok: true, command: editor, editedText: 'draft\nedited by hand\n'});
	const editedPath = readFileSync(path.join(out, 'path'), 'utf8').trim();
	expect(path.basename(editedPath)).toBe('prompt.md');
	expect(existsSync(editedPath)).toBe(false);
});

test('a viewer that fails says so in one line, and the terminal is still handed back', () => {
	const editor = script('cross-editor', 'exit 3');
	const {stdin, calls, state} = fakeTerminalInput();
	let restored = 0;
	const failed = openInViewer('x', {kind: 'editor', env: {EDITOR: editor}, stdin, tmpDir: root, afterSpawn: () => (restored += 1)});
	expect(failed).toEqual({ok: false, message: `${editor} exited with code 3`});
	expect(calls).toEqual([false, true]);
	expect(state.isRaw).toBe(true);
	expect(restored).toBe(1);
});

test('a missing viewer says which command and which variable to set', () => {
	const {stdin, state} = fakeTerminalInput();
	expect(openInViewer('x', {kind: 'pager', env: {PATH: bin}, stdin, tmpDir: root})).toEqual({
		ok: false,
		message: 'could not run more: not found; set $PAGER',
	});
	expect(openInViewer('x', {kind: 'pager', env: {PATH: bin, PAGER: 'no-such-pager -x'}, stdin, tmpDir: root})).toEqual({
		ok: false,
		message: 'could not run no-such-pager: not found; check $PAGER',
	});
	expect(openInViewer('x', {kind: 'editor', env: {PATH: bin}, stdin, tmpDir: root})).toEqual({
		ok: false,
		message: 'could not run vi: not found; set $VISUAL or $EDITOR',
	});
	expect(state.isRaw).toBe(true);
});

test('raw mode is left alone when stdin is not a terminal, or was not raw', () => {
	const pager = script('quiet-pager', 'exit 0');
	const piped = fakeTerminalInput({isTTY: false, raw: false});
	expect(openInViewer('x', {kind: 'pager', env: {PAGER: pager}, stdin: piped.stdin, tmpDir: root}).ok).toBe(true);
	expect(piped.calls).toEqual([]);
	const cooked = fakeTerminalInput({raw: false});
	expect(openInViewer('x', {kind: 'pager', env: {PAGER: pager}, stdin: cooked.stdin, tmpDir: root}).ok).toBe(true);
	expect(cooked.calls).toEqual([false]);
	expect(cooked.state.isRaw).toBe(false);
});

test('Ctrl+C inside the viewer (SIGINT to the whole process group) does not kill arena', async () => {
	// The fake pager interrupts its parent, as the terminal does when Ctrl+C is pressed in less.
	const pager = script('interrupting-pager', 'kill -INT $PPID\nexit 0');
	const {stdin} = fakeTerminalInput();
	const result = openInViewer('x', {kind: 'pager', env: {PAGER: pager}, stdin, tmpDir: root});
	expect(result.ok).toBe(true);
	// Let the held signal be delivered: this process is still alive to see the next turn.
	await new Promise(resolve => setImmediate(resolve));
	await new Promise(resolve => setImmediate(resolve));
	expect(process.listenerCount('SIGINT')).toBe(0);
});
