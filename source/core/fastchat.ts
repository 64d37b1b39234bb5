/**
 * Arena votes as FastChat (Chatbot Arena) battles, and back. Pure: no store, no
 * files; the export and import commands do the reading and writing.
 *
 * The record is the one FastChat's `clean_battle_data.py` writes and its rating
 * scripts (`elo_analysis.py`, `rating_systems.py`) read:
 *
 *     question_id, model_a, model_b, winner, judge, conversation_a,
 *     conversation_b, turn, anony, language, tstamp
 *
 * - `winner` is one of model_a, model_b, tie, "tie (bothbad)";
 * - `anony` is true when the judge could not see which model was which;
 * - `tstamp` is Unix seconds (a float);
 * - `conversation_*` are OpenAI-style messages, each with `num_tokens` as
 *   FastChat adds them (its "long conversations" filter sums them).
 *
 * Those scripts read columns by name and ignore the rest, so arena's own facts
 * ride along under keys FastChat never reads (`category`, `flagged_identity`,
 * `arena_*`). `arena_dedupe_key` is what makes importing an export again add
 * nothing. Every field of an imported record that arena has no column for is
 * kept (`extra`) and written back on export.
 */

import type {VoteRecord} from '../store/history-types.js';

export type FastChatWinner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';

export const FASTCHAT_WINNERS: readonly FastChatWinner[] = ['model_a', 'model_b', 'tie', 'tie (bothbad)'];

export interface FastChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
	/** Tokens of `content` (cl100k_base, as FastChat counts them with tiktoken). */
	num_tokens?: number;
}

/** One battle as FastChat writes it, plus arena's keys, plus whatever an imported record carried. */
export interface FastChatBattle {
	question_id: string | null;
	model_a: string;
	model_b: string;
	winner: FastChatWinner;
	judge: string;
	conversation_a?: FastChatMessage[];
	conversation_b?: FastChatMessage[];
	turn: number;
	anony: boolean;
	language: string;
	tstamp: number;
	/** Arena's prompt category, when it has one. */
	category?: string | null;
	/** An answer named a model or vendor; arena's leaderboard leaves such votes out unless asked. */
	flagged_identity?: boolean;
	/** Where the vote came from: `local`, or the label of the import that brought it. */
	arena_source?: string;
	/** Arena's identity for the vote: importing a record with a known key adds nothing. */
	arena_dedupe_key?: string;
	/**
	 * Token and Markdown counts of each side, as FastChat's style-controlled
	 * ratings read them (`compute_style_control`); present when both sides have
	 * a conversation and tokens were counted.
	 */
	conv_metadata?: ConversationMetadata;
	arena_run_id?: string;
	arena_suite?: string;
	arena_task_id?: string;
	[key: string]: unknown;
}

/** The vote fields this module reads, as the history store keeps them. */
export type ArenaVote = Pick<
	VoteRecord,
	| 'dedupe_key'
	| 'run_id'
	| 'model_a'
	| 'model_b'
	| 'winner'
	| 'blind'
	| 'flagged_identity'
	| 'category'
	| 'source'
	| 'turn'
	| 'question_id'
	| 'judge'
	| 'language'
	| 'tstamp'
	| 'voted_at'
	| 'extra'
>;

/** What the two sides of a vote saw and said, from the run it was cast on. */
export interface BattleConversation {
	system_prompt: string | null;
	/**
	 * Earlier turns of a multi-turn conversation, oldest first, each side's own
	 * answer (null when it failed): FastChat's conversation holds every turn.
	 */
	earlier?: readonly {prompt: string; answer_a: string | null; answer_b: string | null}[];
	prompt: string;
	/** Null when the answer is no longer stored. */
	answer_a: string | null;
	answer_b: string | null;
	suite?: string | null;
	task_id?: string | null;
}

export interface ToFastChatOptions {
	/** Counts tokens for `num_tokens`; without it the messages carry none. */
	countTokens?: (text: string) => number;
}

/**
 * FastChat's `language` is a language name, or "unknown" when detection failed.
 * Arena does not detect languages; "unknown" keeps FastChat's
 * `--exclude-unknown-lang` string test working (a null there breaks it).
 */
export const UNKNOWN_LANGUAGE = 'unknown';

/** The keys a FastChat record maps onto arena's own columns; everything else is `extra`. */
const MAPPED_KEYS = new Set([
	'model_a',
	'model_b',
	'winner',
	'anony',
	'turn',
	'tstamp',
	'question_id',
	'judge',
	'language',
	'category',
	'flagged_identity',
	'arena_source',
	'arena_dedupe_key',
]);

/**
 * A vote as a FastChat battle. The conversation comes from the vote's run when
 * it has one, otherwise from what an import kept. `judge` is never null: FastChat
 * groups votes by judge (its per-user daily cap), and pandas drops null keys.
 */
export function fastChatBattleFromVote(vote: ArenaVote, conversation?: BattleConversation | null, options: ToFastChatOptions = {}): FastChatBattle {
	const extra = vote.extra ?? {};
	// From the run when there is one; otherwise what an import kept, if anything.
	const conversationA = conversation && conversation.answer_a !== null ? messages(conversation, conversation.answer_a, 'answer_a', options) : extra.conversation_a;
	const conversationB = conversation && conversation.answer_b !== null ? messages(conversation, conversation.answer_b, 'answer_b', options) : extra.conversation_b;
	// FastChat's own key order first, so the file reads like one of theirs.
	const battle: FastChatBattle = {
		question_id: vote.question_id ?? vote.run_id ?? null,
		model_a: vote.model_a,
		model_b: vote.model_b,
		winner: vote.winner,
		judge: vote.judge ?? `arena_user_${vote.source}`,
		...(conversationA !== undefined ? {conversation_a: conversationA as FastChatMessage[]} : {}),
		...(conversationB !== undefined ? {conversation_b: conversationB as FastChatMessage[]} : {}),
		turn: vote.turn,
		anony: vote.blind,
		language: vote.language ?? UNKNOWN_LANGUAGE,
		tstamp: vote.tstamp ?? Date.parse(vote.voted_at) / 1000,
	};
	const metadata = conversation && options.countTokens ? conversationMetadata(battle.conversation_a, battle.conversation_b) : undefined;
	if (metadata) battle.conv_metadata = metadata;
	for (const [key, value] of Object.entries(extra)) {
		if (!(key in battle) && !MAPPED_KEYS.has(key)) battle[key] = value;
	}
	battle.category = vote.category;
	battle.flagged_identity = vote.flagged_identity;
	battle.arena_source = vote.source;
	battle.arena_dedupe_key = vote.dedupe_key;
	if (vote.run_id !== null) battle.arena_run_id = vote.run_id;
	if (conversation?.suite) battle.arena_suite = conversation.suite;
	if (conversation?.task_id) battle.arena_task_id = conversation.task_id;
	return battle;
}

function messages(conversation: BattleConversation, answer: string, side: 'answer_a' | 'answer_b', options: ToFastChatOptions): FastChatMessage[] {
	const list: FastChatMessage[] = [];
	if (conversation.system_prompt) list.push({role: 'system', content: conversation.system_prompt});
	for (const turn of conversation.earlier ?? []) {
		list.push({role: 'user', content: turn.prompt});
		const earlierAnswer = turn[side];
		// A failed earlier answer is left out, as the model itself never saw one.
		if (earlierAnswer !== null && earlierAnswer.trim() !== '') list.push({role: 'assistant', content: earlierAnswer});
	}
	list.push({role: 'user', content: conversation.prompt}, {role: 'assistant', content: answer});
	const {countTokens} = options;
	return countTokens ? list.map(message => ({...message, num_tokens: countTokens(message.content)})) : list;
}

/** The style features FastChat's `rating_systems.py` reads from `conv_metadata`, plus the user side's tokens. */
export interface ConversationMetadata {
	turns: number;
	sum_user_tokens: number;
	sum_assistant_a_tokens: number;
	sum_assistant_b_tokens: number;
	header_count_a: MarkdownHeaders;
	list_count_a: MarkdownLists;
	bold_count_a: MarkdownBold;
	header_count_b: MarkdownHeaders;
	list_count_b: MarkdownLists;
	bold_count_b: MarkdownBold;
}

type MarkdownHeaders = {h1: number; h2: number; h3: number; h4: number; h5: number; h6: number};
type MarkdownLists = {ordered: number; unordered: number};
type MarkdownBold = {'**': number; __: number};

function conversationMetadata(sideA: FastChatMessage[] | undefined, sideB: FastChatMessage[] | undefined): ConversationMetadata | undefined {
	if (!sideA || !sideB) return undefined;
	const tokens = (messages: FastChatMessage[], role: FastChatMessage['role']) =>
		messages.filter(message => message.role === role).reduce((sum, message) => sum + (message.num_tokens ?? 0), 0);
	const answers = (messages: FastChatMessage[]) => messages.filter(message => message.role === 'assistant').map(message => message.content).join('\n');
	const markdownA = markdownCounts(answers(sideA));
	const markdownB = markdownCounts(answers(sideB));
	return {
		turns: sideA.filter(message => message.role === 'user').length,
		sum_user_tokens: tokens(sideA, 'user'),
		sum_assistant_a_tokens: tokens(sideA, 'assistant'),
		sum_assistant_b_tokens: tokens(sideB, 'assistant'),
		header_count_a: markdownA.headers,
		list_count_a: markdownA.lists,
		bold_count_a: markdownA.bold,
		header_count_b: markdownB.headers,
		list_count_b: markdownB.lists,
		bold_count_b: markdownB.bold,
	};
}

/**
 * Markdown elements of an answer, counted as FastChat's add_markdown_info.py
 * counts them: fenced code blocks removed first, then headers by level, list
 * items, and bold spans.
 */
export function markdownCounts(text: string): {headers: MarkdownHeaders; lists: MarkdownLists; bold: MarkdownBold} {
	const prose = text.replace(/```[^`]*```/g, '');
	const count = (pattern: RegExp) => prose.match(pattern)?.length ?? 0;
	return {
		headers: {
			h1: count(/^#{1}\s/gm),
			h2: count(/^#{2}\s/gm),
			h3: count(/^#{3}\s/gm),
			h4: count(/^#{4}\s/gm),
			h5: count(/^#{5}\s/gm),
			h6: count(/^#{6}\s/gm),
		},
		lists: {ordered: count(/^\s*\d+\.\s/gm), unordered: count(/^\s*[-*+]\s/gm)},
		bold: {'**': count(/\*\*[^*\n]+\*\*/g), __: count(/__[^_\n]+__/g)},
	};
}

// ---------------------------------------------------------------------------
// Import

/** A battle ready for the history store's `importBattles` (the store's `ImportedBattle` is this type). */
export interface ImportableBattle {
	model_a: string;
	model_b: string;
	/** One of FastChat's four outcomes; anything else is rejected by the store. */
	winner: string;
	/** FastChat's `anony`. */
	blind?: boolean;
	flagged_identity?: boolean;
	category?: string | null;
	turn?: number | null;
	question_id?: string | null;
	judge?: string | null;
	language?: string | null;
	tstamp?: number | null;
	/** Every other field of the record, kept so an export can give it back. */
	extra?: {[key: string]: unknown} | null;
	/** Overrides the import's source label for this record. */
	source?: string;
	/**
	 * Give this when the record carries arena's own key (an arena export of a
	 * local vote), so importing it back where it came from adds nothing.
	 */
	dedupe_key?: string;
}

export interface FromFastChatOptions {
	/** The label for records that carry no source of their own, and for votes that were `local` where they were exported. */
	defaultSource: string;
	/** `--source`: every record gets this label, whatever it carried. */
	overrideSource?: string;
}

/**
 * A FastChat (or arena-exported) record as a battle to import, or the reason it
 * cannot be one. Only model_a, model_b and winner are required: FastChat's
 * public battle files carry no conversations, and some carry no question ids.
 *
 * A vote that was `local` on the machine that exported it is not local here, so
 * it takes the import's label; any other source it carried is kept.
 */
export function importableFromFastChat(record: unknown, options: FromFastChatOptions): ImportableBattle | {reason: string} {
	if (record === null || typeof record !== 'object' || Array.isArray(record)) {
		return {reason: `expected an object with model_a, model_b and winner, got ${describeValue(record)}`};
	}
	const fields = record as {[key: string]: unknown};
	const missing = ['model_a', 'model_b', 'winner'].filter(key => fields[key] === undefined || fields[key] === null);
	if (missing.length > 0) return {reason: `missing ${missing.join(', ')}`};
	for (const key of ['model_a', 'model_b'] as const) {
		if (typeof fields[key] !== 'string' || (fields[key] as string).trim() === '') return {reason: `${key} must be a non-empty string, got ${describeValue(fields[key])}`};
	}
	if (typeof fields.winner !== 'string' || !(FASTCHAT_WINNERS as readonly string[]).includes(fields.winner)) {
		return {reason: `winner must be one of ${FASTCHAT_WINNERS.map(winner => `"${winner}"`).join(', ')}, got ${describeValue(fields.winner)}`};
	}
	if (fields.anony !== undefined && fields.anony !== null && typeof fields.anony !== 'boolean') {
		return {reason: `anony must be true or false, got ${describeValue(fields.anony)}`};
	}
	if (fields.flagged_identity !== undefined && fields.flagged_identity !== null && typeof fields.flagged_identity !== 'boolean') {
		return {reason: `flagged_identity must be true or false, got ${describeValue(fields.flagged_identity)}`};
	}
	const tstamp = fields.tstamp ?? null;
	if (tstamp !== null && (typeof tstamp !== 'number' || !Number.isFinite(tstamp))) {
		return {reason: `tstamp must be Unix seconds (a number), got ${describeValue(tstamp)}`};
	}
	const turn = fields.turn ?? null;
	// FastChat writes turn 0 when it did not count the turns; arena's turns start at 1.
	if (turn !== null && (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 0)) {
		return {reason: `turn must be a whole number, got ${describeValue(turn)}`};
	}
	const texts: {[key: string]: string | null} = {};
	for (const key of ['question_id', 'judge', 'language', 'category'] as const) {
		const value = fields[key] ?? null;
		if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
			return {reason: `${key} must be text, got ${describeValue(value)}`};
		}
		texts[key] = value === null ? null : String(value);
	}
	const dedupeKey = fields.arena_dedupe_key;
	if (dedupeKey !== undefined && dedupeKey !== null && (typeof dedupeKey !== 'string' || dedupeKey === '')) {
		return {reason: `arena_dedupe_key must be a non-empty string, got ${describeValue(dedupeKey)}`};
	}
	const carriedSource = fields.arena_source;
	if (carriedSource !== undefined && carriedSource !== null && (typeof carriedSource !== 'string' || carriedSource.trim() === '')) {
		return {reason: `arena_source must be a non-empty string, got ${describeValue(carriedSource)}`};
	}

	let extra: {[key: string]: unknown} | null = null;
	for (const key of Object.keys(fields)) {
		if (MAPPED_KEYS.has(key)) continue;
		extra ??= {};
		extra[key] = fields[key];
	}

	const source =
		options.overrideSource ?? (typeof carriedSource === 'string' && carriedSource !== 'local' ? carriedSource : options.defaultSource);
	const battle: ImportableBattle = {
		model_a: fields.model_a as string,
		model_b: fields.model_b as string,
		winner: fields.winner,
		blind: fields.anony === true,
		flagged_identity: fields.flagged_identity === true,
		category: texts.category,
		turn: turn === null || turn === 0 ? null : turn,
		question_id: texts.question_id,
		judge: texts.judge,
		language: texts.language,
		tstamp,
		extra,
		source,
	};
	if (typeof dedupeKey === 'string') battle.dedupe_key = dedupeKey;
	return battle;
}

/** A short, single-line picture of a JSON value for an error message. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	const text = JSON.stringify(value);
	return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

// ---------------------------------------------------------------------------
// Flat rows, for a spreadsheet

/** The columns of `arena export battles --format csv`, one battle per row. */
export const BATTLE_CSV_COLUMNS = [
	'voted_at',
	'model_a',
	'model_b',
	'winner',
	'anony',
	'flagged_identity',
	'category',
	'source',
	'turn',
	'judge',
	'language',
	'question_id',
	'system_prompt',
	'prompt',
	'answer_a',
	'answer_b',
] as const;

export type BattleCsvRow = Record<(typeof BATTLE_CSV_COLUMNS)[number], string | number | boolean | null>;

/** A battle as one spreadsheet row: the prompt and both answers come from its conversations. */
export function battleCsvRow(battle: FastChatBattle): BattleCsvRow {
	const conversationA = Array.isArray(battle.conversation_a) ? battle.conversation_a : [];
	const conversationB = Array.isArray(battle.conversation_b) ? battle.conversation_b : [];
	const content = (list: FastChatMessage[], role: FastChatMessage['role'], which: 'first' | 'last') => {
		const found = which === 'first' ? list.find(message => message?.role === role) : list.findLast(message => message?.role === role);
		return typeof found?.content === 'string' ? found.content : null;
	};
	return {
		voted_at: Number.isFinite(battle.tstamp) ? new Date(battle.tstamp * 1000).toISOString() : null,
		model_a: battle.model_a,
		model_b: battle.model_b,
		winner: battle.winner,
		anony: battle.anony,
		flagged_identity: battle.flagged_identity ?? false,
		category: battle.category ?? null,
		source: battle.arena_source ?? null,
		turn: battle.turn,
		judge: battle.judge,
		language: battle.language,
		question_id: battle.question_id,
		system_prompt: content(conversationA, 'system', 'first'),
		prompt: content(conversationA, 'user', 'first') ?? content(conversationB, 'user', 'first'),
		answer_a: content(conversationA, 'assistant', 'last'),
		answer_b: content(conversationB, 'assistant', 'last'),
	};
}
