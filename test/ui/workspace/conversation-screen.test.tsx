import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {ConversationScreen, type ConversationScreenProps} from '../../../source/ui/workspace/conversation-screen.js';
import {cleanupInk, keys, renderInk} from '../../helpers/ink-harness.js';
import {frameLines, isFocused, paneText} from '../frame.js';
import {type AnswerScript, recordingScreen, ScriptedConversation, ScriptedModels} from './workspace-fixtures.js';

const CAT = existsSync('/bin/cat') ? '/bin/cat' : '/usr/bin/cat';
const LEFT = 'alpha:one';
const RIGHT = 'beta:two';
const PROMPT = 'How do I add one?';

/** Each model answers with its name, which call this is, and a small code block. */
const script: AnswerScript = ({spec, call}) => {
	const name = spec === LEFT ? 'alpha' : 'beta';
	if (call === 1) return `${name} first answer with words\n\n\`\`\`js\nconst ${name} = 1;\n\`\`\`\n`;
	return `${name} answer number ${call}`;
};

let root: string;
let bin: string;

beforeEach(() => {
	root = mkdtempSync(path.join(os.tmpdir(), 'arena-conversation-'));
	bin = path.join(root, 'bin');
	mkdirSync(bin);
});

afterEach(async () => {
	await cleanupInk();
	rmSync(root, {recursive: true, force: true});
});

function executable(name: string, body: string): string {
	const file = path.join(bin, name);
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

interface Calls {
	back: number;
	newRound: number;
	quit: number;
	screen: string[];
}

async function renderConversation({hold = false, env = {PATH: bin}, props = {}}: {hold?: boolean; env?: NodeJS.ProcessEnv; props?: Partial<ConversationScreenProps>} = {}) {
	const models = new ScriptedModels(script);
	if (hold) models.hold();
	const conversation = new ScriptedConversation([LEFT, RIGHT], models, PROMPT);
	const calls: Calls = {back: 0, newRound: 0, quit: 0, screen: []};
	const directories = {answers: path.join(root, 'answers'), clipboardFallback: path.join(root, 'clipboard')};
	const ui = await renderInk(
		<ConversationScreen
			conversation={conversation}
			onBack={() => (calls.back += 1)}
			onNewRound={() => (calls.newRound += 1)}
			onQuit={() => (calls.quit += 1)}
			screen={recordingScreen(calls.screen)}
			directories={directories}
			keyboard
			columns={120}
			rows={30}
			env={env}
			{...props}
		/>,
		{columns: 120, rows: 30},
	);
	return {ui, models, conversation, calls, directories};
}

type Rendered = Awaited<ReturnType<typeof renderConversation>>;

async function finished({ui}: Rendered): Promise<string> {
	return ui.waitForFrame(frame => frame.includes('all finished') && frame.includes('const beta = 1;') && frame.includes('const alpha = 1;'));
}

const paneOf = (frame: string, spec: string) => paneText(frame, spec).join('\n');
const headerOf = (frame: string, spec: string) => paneText(frame, spec)[0] ?? '';

describe('while the answers stream', () => {
	test('m switches the focused pane between rendered Markdown and raw text, and only that pane', async () => {
		const rendered = await renderConversation({hold: true});
		const {ui} = rendered;
		let frame = await ui.waitForFrame(current => current.includes('const beta = 1;') && current.includes('const alpha = 1;'));
		expect(frame).toContain('0/2 finished');
		expect(paneOf(frame, LEFT)).toContain('╭─ js');
		expect(paneOf(frame, LEFT)).not.toContain('```');
		await ui.press('m');
		frame = await ui.waitForFrame(current => paneOf(current, LEFT).includes('```js'));
		expect(paneOf(frame, LEFT)).not.toContain('╭─ js');
		expect(paneOf(frame, RIGHT)).toContain('╭─ js');
		expect(frame).toContain('0/2 finished');
		await ui.press('m');
		frame = await ui.waitForFrame(current => paneOf(current, LEFT).includes('╭─ js'));
		expect(paneOf(frame, LEFT)).not.toContain('```');
		rendered.models.release();
	});

	test('Esc goes back and stops every stream', async () => {
		const {ui, conversation, calls} = await renderConversation({hold: true});
		await ui.waitForFrame('const beta = 1;');
		await ui.press(keys.escape);
		await ui.waitFor(() => calls.back === 1);
		expect(conversation.stops).toBe(1);
		const results = await conversation.run.start();
		expect(results.map(result => result.state)).toEqual(['cancelled', 'cancelled']);
		expect(calls.quit).toBe(0);
	});

	test('Ctrl+C cancels every stream and stays, so what arrived can be judged; a second Ctrl+C quits', async () => {
		const {ui, conversation, calls} = await renderConversation({hold: true});
		await ui.waitForFrame('const beta = 1;');
		await ui.press(keys.ctrlC);
		const results = await conversation.run.start();
		expect(results.map(result => result.state)).toEqual(['cancelled', 'cancelled']);
		const frame = await ui.waitForFrame('all finished');
		expect(frame).toContain('const beta = 1;');
		expect(frame).toContain('1-9/0 score');
		expect(calls.quit).toBe(0);
		expect(calls.back).toBe(0);
		await ui.press(keys.ctrlC);
		await ui.waitFor(() => calls.quit === 1);
	});
});

describe('once every answer has ended', () => {
	test('f opens the follow-up editor; Enter starts turn 2, where each model sees its own earlier answer', async () => {
		const rendered = await renderConversation();
		const {ui, models} = rendered;
		let frame = await finished(rendered);
		expect(frame).toContain('f follow up');
		await ui.press('f');
		frame = await ui.waitForFrame('follow-up to every pane (turn 2)');
		expect(frame).toContain('enter send · ctrl+j new line · esc cancel');
		// The panes still show above the editor, and keys go to the editor now.
		expect(frame).toContain('alpha first answer');
		await ui.type('And two?');
		await ui.waitForFrame('› And two?');
		await ui.press(keys.enter);
		frame = await ui.waitForFrame(current => current.includes('turn 2 · And two?') && current.includes('all finished') && current.includes('beta answer number 2'));
		expect(frame).not.toContain('follow-up to every pane');
		expect(paneOf(frame, LEFT)).toContain('alpha answer number 2');
		expect(paneOf(frame, RIGHT)).toContain('beta answer number 2');

		const alphaTurns = models.requestsOf(LEFT);
		const betaTurns = models.requestsOf(RIGHT);
		expect(alphaTurns.map(request => request.call)).toEqual([1, 2]);
		expect(alphaTurns[1]!.messages).toEqual([
			{role: 'user', content: PROMPT},
			{role: 'assistant', content: 'alpha first answer with words\n\n```js\nconst alpha = 1;\n```\n'},
			{role: 'user', content: 'And two?'},
		]);
		expect(betaTurns[1]!.messages).toEqual([
			{role: 'user', content: PROMPT},
			{role: 'assistant', content: 'beta first answer with words\n\n```js\nconst beta = 1;\n```\n'},
			{role: 'user', content: 'And two?'},
		]);
		expect(rendered.conversation.turns().map(turn => turn.turn)).toEqual([1, 2]);
	});

	test('Esc in the follow-up editor closes it without sending', async () => {
		const rendered = await renderConversation();
		const {ui} = rendered;
		await finished(rendered);
		await ui.press('f');
		await ui.waitForFrame('follow-up to every pane');
		await ui.type('never sent');
		await ui.press(keys.escape);
		const frame = await ui.waitForFrame(current => !current.includes('follow-up to every pane'));
		expect(frame).toContain('f follow up');
		expect(rendered.conversation.turns()).toHaveLength(1);
		expect(rendered.calls.back).toBe(0);
	});

	test('c copies the focused answer with the clipboard tool, C only its code blocks', async () => {
		const clip = path.join(root, 'clip.txt');
		const xclip = executable('xclip', `exec ${CAT} > '${clip}'`);
		const rendered = await renderConversation({env: {PATH: bin, DISPLAY: ':0'}});
		const {ui} = rendered;
		await finished(rendered);
		await ui.press('c');
		const answer = 'alpha first answer with words\n\n```js\nconst alpha = 1;\n```\n';
		await ui.waitForFrame(`✓ copied the answer of ${LEFT} (${answer.length} chars) with xclip`);
		expect(readFileSync(clip, 'utf8')).toBe(answer);

		await ui.press(keys.tab);
		await ui.waitFor(() => isFocused(ui.lastFrame(), RIGHT));
		await ui.press('C');
		await ui.waitForFrame(`✓ copied the code of ${RIGHT}`);
		expect(readFileSync(clip, 'utf8')).toBe('const beta = 1;');
		expect(existsSync(xclip)).toBe(true);
	});

	test('c with no clipboard tool writes a file and says where', async () => {
		const rendered = await renderConversation({env: {PATH: bin}});
		const {ui, directories} = rendered;
		await finished(rendered);
		await ui.press('c');
		const frame = await ui.waitForFrame('wrote the answer to');
		const line = frameLines(frame).find(current => current.includes('wrote the answer to'))!;
		expect(line).toContain('no clipboard tool found');
		const files = readdirSync(directories.clipboardFallback);
		expect(files).toHaveLength(1);
		expect(readFileSync(path.join(directories.clipboardFallback, files[0]!), 'utf8')).toContain('alpha first answer with words');
	});

	test('c with no clipboard tool shows the written file by name, even on a 120-column terminal', async () => {
		const rendered = await renderConversation({env: {PATH: bin}});
		const {ui, directories} = rendered;
		await finished(rendered);
		await ui.press('c');
		await ui.waitForFrame('no clipboard tool found');
		const [written] = readdirSync(directories.clipboardFallback);
		expect(written).toMatch(/^clip-.*\.txt$/);
		expect(ui.lastFrame()).toContain(written);
	});

	test('s while the answer still streams saves what has arrived and says it may be incomplete', async () => {
		const rendered = await renderConversation({hold: true});
		const {ui, directories} = rendered;
		await ui.waitForFrame(current => current.includes('const alpha = 1;'));
		await ui.press('s');
		await ui.waitForFrame('✓ saved to');
		const [file] = readdirSync(directories.answers);
		const saved = readFileSync(path.join(directories.answers, file!), 'utf8');
		expect(saved).toContain('const alpha = 1;');
		expect(saved).toMatch(/streaming when saved: the answer may be incomplete/);
		rendered.models.release();
	});

	test('what leaves arena (saved, copied) has API key values removed', async () => {
		const rendered = await renderConversation({props: {redact: async text => text.replaceAll('alpha', '[redacted]')}});
		const {ui, directories} = rendered;
		await finished(rendered);
		await ui.press('s');
		await ui.waitForFrame('✓ saved to');
		const [saved] = readdirSync(directories.answers);
		const savedText = readFileSync(path.join(directories.answers, saved!), 'utf8');
		expect(savedText).toContain('[redacted] first answer');
		expect(savedText).not.toContain('alpha first answer');
		await ui.press('c');
		await ui.waitForFrame('wrote the answer to');
		const [copied] = readdirSync(directories.clipboardFallback);
		expect(readFileSync(path.join(directories.clipboardFallback, copied!), 'utf8')).not.toContain('alpha');
	});

	test('s saves the focused answer to the answers directory and says where', async () => {
		const rendered = await renderConversation();
		const {ui, directories} = rendered;
		await finished(rendered);
		await ui.press(keys.tab);
		await ui.waitFor(() => isFocused(ui.lastFrame(), RIGHT));
		await ui.press('s');
		const frame = await ui.waitForFrame('✓ saved to');
		const files = readdirSync(directories.answers);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/^arena-beta-two-.*\.md$/);
		// The path may be cut at the frame's edge; its start is shown.
		expect(frame).toContain(`saved to ${directories.answers}`);
		const saved = readFileSync(path.join(directories.answers, files[0]!), 'utf8');
		expect(saved).toContain(`# ${RIGHT}`);
		expect(saved).toContain(`> ${PROMPT}`);
		expect(saved).toContain('beta first answer with words');
		expect(saved).not.toContain('alpha');
		expect(saved).not.toContain('may be incomplete');
	});

	test('d opens the word diff and Esc comes back with the judgements still shown', async () => {
		const rendered = await renderConversation();
		const {ui, conversation} = rendered;
		await finished(rendered);
		await ui.press('7');
		await ui.waitFor(() => headerOf(ui.lastFrame(), LEFT).includes('★ 7/10'));
		expect(conversation.judging.scores).toEqual([{index: 0, score: 7}]);
		await ui.press('d');
		let frame = await ui.waitForFrame(`word diff · ${LEFT} ⇄ ${RIGHT}`);
		expect(frame).not.toContain('★ 7/10');
		expect(frame).toContain('esc back');
		await ui.press(keys.escape);
		frame = await ui.waitForFrame(current => current.includes('all finished') && !current.includes('word diff'));
		expect(headerOf(frame, LEFT)).toContain('★ 7/10');
		// Shown again, not saved again.
		expect(conversation.judging.scores).toEqual([{index: 0, score: 7}]);
		expect(rendered.calls.back).toBe(0);
	});

	test('r asks the focused model again: a new answer there, the other pane untouched, its score cleared', async () => {
		const rendered = await renderConversation();
		const {ui, models} = rendered;
		await finished(rendered);
		await ui.press(keys.tab);
		await ui.waitFor(() => isFocused(ui.lastFrame(), RIGHT));
		await ui.press('4');
		await ui.waitFor(() => headerOf(ui.lastFrame(), RIGHT).includes('★ 4/10'));
		// The message row under the panes takes a row from them, so compare the text, not the blank rows.
		const leftText = (frame: string) => paneText(frame, LEFT).slice(1).filter(row => row !== '');
		const leftBefore = leftText(ui.lastFrame());
		expect(leftBefore.join('\n')).toContain('alpha first answer with words');
		await ui.press('r');
		await ui.waitForFrame(`asking ${RIGHT} again; the other answers stay`);
		const frame = await ui.waitForFrame(current => current.includes('beta answer number 2') && current.includes('all finished'));
		expect(paneOf(frame, RIGHT)).not.toContain('beta first answer');
		expect(headerOf(frame, RIGHT)).not.toContain('★');
		expect(leftText(frame)).toEqual(leftBefore);
		expect(models.requestsOf(LEFT)).toHaveLength(1);
		expect(models.requestsOf(RIGHT)).toHaveLength(2);
		// A new sample of the same question, not a follow-up.
		expect(models.requestsOf(RIGHT)[1]!.messages).toEqual([{role: 'user', content: PROMPT}]);
	});

	test('n starts a new round from home and stops the conversation', async () => {
		const rendered = await renderConversation();
		await finished(rendered);
		await rendered.ui.press('n');
		await rendered.ui.waitFor(() => rendered.calls.newRound === 1);
		expect(rendered.conversation.stops).toBe(1);
		expect(rendered.calls.back).toBe(0);
		expect(rendered.calls.quit).toBe(0);
	});

	test('q quits', async () => {
		const rendered = await renderConversation();
		await finished(rendered);
		await rendered.ui.press('q');
		await rendered.ui.waitFor(() => rendered.calls.quit === 1);
		expect(rendered.calls.back).toBe(0);
		expect(rendered.calls.newRound).toBe(0);
	});

	test('e hands the terminal to $PAGER and takes it back, then says so', async () => {
		const shown = path.join(root, 'paged.txt');
		const pager = executable('fake-pager', `exec ${CAT} "$1" > '${shown}'`);
		const screenLog: string[] = [];
		const rendered = await renderConversation({
			env: {PATH: bin, PAGER: pager},
			props: {screen: {suspend: () => screenLog.push(`suspend pager-ran=${existsSync(shown)}`), resume: () => screenLog.push(`resume pager-ran=${existsSync(shown)}`)}},
		});
		const {ui} = rendered;
		await finished(rendered);
		await ui.press('e');
		await ui.waitForFrame(`✓ back from ${pager}`);
		expect(screenLog).toEqual(['suspend pager-ran=false', 'resume pager-ran=true']);
		expect(readFileSync(shown, 'utf8')).toContain('alpha first answer with words');
	});

	test('e with a pager that fails says why, and the screen is still restored', async () => {
		const pager = executable('broken-pager', 'exit 3');
		const rendered = await renderConversation({env: {PATH: bin, PAGER: pager}});
		await finished(rendered);
		await rendered.ui.press('e');
		await rendered.ui.waitForFrame(`✗ ${pager} exited with code 3`);
		expect(rendered.calls.screen).toEqual(['suspend', 'resume']);
	});

	test('no frame is taller than the terminal, with the follow-up editor open', async () => {
		const rendered = await renderConversation();
		const {ui} = rendered;
		await finished(rendered);
		await ui.press('f');
		await ui.waitForFrame('follow-up to every pane');
		for (const frame of ui.stdout.frames.filter(current => current !== '')) {
			expect(frameLines(frame).length).toBeLessThanOrEqual(30);
		}
	});
});
