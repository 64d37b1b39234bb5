import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {clipboardTools, copyText} from '../../../source/ui/actions/clipboard.js';

// Fake tools are shell scripts in a temp dir that is the whole PATH, so no real clipboard tool can ever run.
const CAT = existsSync('/bin/cat') ? '/bin/cat' : '/usr/bin/cat';
const SLEEP = existsSync('/bin/sleep') ? '/bin/sleep' : '/usr/bin/sleep';

let root: string;
let bin: string;
let received: string;

beforeEach(() => {
	root = mkdtempSync(path.join(os.tmpdir(), 'arena-clipboard-'));
	bin = path.join(root, 'bin');
	received = path.join(root, 'received');
	mkdirSync(bin);
	mkdirSync(received);
});

afterEach(() => {
	rmSync(root, {recursive: true, force: true});
});

function tool(name: string, body: string): void {
	const file = path.join(bin, name);
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o755);
}

/** A tool that stores its arguments and what it reads, under received/<name>. */
function recordingTool(name: string): void {
	tool(name, `printf '%s\\n' "$@" > '${received}/${name}.args'\nexec ${CAT} > '${received}/${name}.text'`);
}

function failingTool(name: string, message: string, code = 1): void {
	tool(name, `${CAT} > /dev/null\necho '${message}' >&2\nexit ${code}`);
}

const receivedText = (name: string) => readFileSync(path.join(received, `${name}.text`), 'utf8');
const at = () => new Date(2024, 0, 2, 3, 4, 5);
const ANSWER = 'Use this:\n\n```ts\nconst café = "日本 👍🏽";\n```\n\ttabbed line\n';

test('tools are tried in the order that fits the platform, and only those on PATH', () => {
	for (const name of ['clip.exe', 'wl-copy', 'xclip', 'xsel', 'termux-clipboard-set', 'tmux', 'pbcopy']) recordingTool(name);
	const everything = {PATH: bin, WSL_DISTRO_NAME: 'Ubuntu', WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0', TMUX: '/tmp/tmux-1000/default,1,0'};
	const linux = clipboardTools(everything, 'linux');
	expect(linux.map(found => found.label)).toEqual(['clip.exe', 'wl-copy', 'xclip', 'xsel', 'termux-clipboard-set', 'tmux buffer']);
	expect(linux.find(found => found.label === 'xclip')).toEqual({command: path.join(bin, 'xclip'), args: ['-selection', 'clipboard'], label: 'xclip'});
	expect(linux.find(found => found.label === 'tmux buffer')?.args).toEqual(['load-buffer', '-w', '-']);
	expect(clipboardTools(everything, 'darwin').map(found => found.label)).toEqual(['pbcopy', 'tmux buffer']);
	// Without a display, X11 and Wayland tools are not even tried.
	expect(clipboardTools({PATH: bin}, 'linux').map(found => found.label)).toEqual(['termux-clipboard-set']);

	rmSync(path.join(bin, 'wl-copy'));
	writeFileSync(path.join(bin, 'xsel'), 'not executable');
	chmodSync(path.join(bin, 'xsel'), 0o644);
	expect(clipboardTools({PATH: `/nonexistent:${bin}`, WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0'}, 'linux').map(found => found.label)).toEqual([
		'xclip',
		'termux-clipboard-set',
	]);
});

test('the text reaches the first tool exactly', async () => {
	recordingTool('xclip');
	recordingTool('xsel');
	const result = await copyText(ANSWER, {env: {PATH: bin, DISPLAY: ':0'}, platform: 'linux', fallbackDir: path.join(root, 'fallback')});
	expect(result).toEqual({kind: 'clipboard', tool: 'xclip'});
	expect(receivedText('xclip')).toBe(ANSWER);
	expect(readFileSync(path.join(received, 'xclip.args'), 'utf8')).toBe('-selection\nclipboard\n');
	expect(existsSync(path.join(received, 'xsel.text'))).toBe(false);
	expect(existsSync(path.join(root, 'fallback'))).toBe(false);
});

test('a failing tool falls through to the next one', async () => {
	failingTool('wl-copy', 'Failed to connect to a Wayland server');
	recordingTool('xclip');
	const result = await copyText(ANSWER, {env: {PATH: bin, WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0'}, platform: 'linux', fallbackDir: root});
	expect(result).toEqual({kind: 'clipboard', tool: 'xclip'});
	expect(receivedText('xclip')).toBe(ANSWER);
});

test('a tool that hangs is given up on and the next one is tried', async () => {
	tool('wl-copy', `${CAT} > /dev/null\nexec ${SLEEP} 30`);
	recordingTool('xclip');
	const started = performance.now();
	const result = await copyText('hello', {env: {PATH: bin, WAYLAND_DISPLAY: 'w', DISPLAY: ':0'}, platform: 'linux', fallbackDir: root, timeoutMs: 300});
	expect(result).toEqual({kind: 'clipboard', tool: 'xclip'});
	expect(receivedText('xclip')).toBe('hello');
	expect(performance.now() - started).toBeLessThan(5000);
});

test('when every tool fails the text goes to a private file, and the reason names each failure', async () => {
	failingTool('wl-copy', 'Failed to connect to a Wayland server');
	tool('xclip', `${CAT} > /dev/null\nexec ${SLEEP} 30`);
	const fallbackDir = path.join(root, 'nested', 'clips');
	const result = await copyText(ANSWER, {
		env: {PATH: bin, WAYLAND_DISPLAY: 'w', DISPLAY: ':0'},
		platform: 'linux',
		fallbackDir,
		now: at,
		timeoutMs: 300,
	});
	expect(result).toEqual({
		kind: 'file',
		path: path.join(fallbackDir, 'clip-20240102-030405.txt'),
		reason: 'the clipboard tools failed (wl-copy exited with code 1: Failed to connect to a Wayland server; xclip did not finish within 300 ms)',
	});
	if (result.kind !== 'file') throw new Error('expected a file');
	expect(readFileSync(result.path, 'utf8')).toBe(ANSWER);
	expect(statSync(result.path).mode & 0o777).toBe(0o600);
});

test('with no tool at all the text goes to a file, named so a second copy does not overwrite the first', async () => {
	const options = {env: {PATH: bin}, platform: 'linux' as const, fallbackDir: path.join(root, 'clips'), now: at};
	const first = await copyText('first copy', options);
	const second = await copyText('second copy', options);
	expect(first).toEqual({
		kind: 'file',
		path: path.join(root, 'clips', 'clip-20240102-030405.txt'),
		reason: 'no clipboard tool found (no $DISPLAY or $WAYLAND_DISPLAY; looked for termux-clipboard-set)',
	});
	expect(second).toMatchObject({kind: 'file', path: path.join(root, 'clips', 'clip-20240102-030405-2.txt')});
	expect(readdirSync(path.join(root, 'clips')).sort()).toEqual(['clip-20240102-030405-2.txt', 'clip-20240102-030405.txt']);
	expect(readFileSync(path.join(root, 'clips', 'clip-20240102-030405.txt'), 'utf8')).toBe('first copy');
	expect(readFileSync(path.join(root, 'clips', 'clip-20240102-030405-2.txt'), 'utf8')).toBe('second copy');
	const mac = await copyText('x', {env: {PATH: bin}, platform: 'darwin', fallbackDir: root, now: at});
	expect(mac).toMatchObject({kind: 'file', reason: 'no clipboard tool found (looked for pbcopy)'});
});

test('WSL copies through clip.exe as UTF-16 with a byte-order mark, so accents survive', async () => {
	recordingTool('clip.exe');
	const result = await copyText('café 日本', {env: {PATH: bin, WSL_DISTRO_NAME: 'Ubuntu'}, platform: 'linux', fallbackDir: root});
	expect(result).toEqual({kind: 'clipboard', tool: 'clip.exe'});
	const bytes = readFileSync(path.join(received, 'clip.exe.text'));
	expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
	expect(bytes.subarray(2).toString('utf16le')).toBe('café 日本');
});

test('terminal control sequences in an answer never reach the clipboard (they could escape bracketed paste)', async () => {
	recordingTool('xclip');
	await copyText('safe\u001B[201~; rm -rf ~\u001B]52;c;aGk=\u0007 text', {env: {PATH: bin, DISPLAY: ':0'}, platform: 'linux', fallbackDir: root});
	expect(receivedText('xclip')).toBe('safe; rm -rf ~ text');
});
