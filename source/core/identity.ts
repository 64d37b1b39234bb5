/**
 * Did an answer give away who wrote it? A blind vote on an answer that says
 * "As ChatGPT, …" or "I was trained by Anthropic" is not blind, so such votes
 * are stored but flagged and left off the default leaderboard.
 *
 * This follows Chatbot Arena's identity-word filter (FastChat's
 * `fastchat/serve/monitor/clean_battle_data.py`, IDENTITY_WORDS), which drops a
 * battle when any answer contains a model or vendor name, with two changes:
 *
 * - Words match whole words, not substrings, so "metadata", "yield",
 *   "philosophy" and "palmtop" are not names. Digits may follow a name
 *   ("llama3", "qwen2.5"), since that is how versions are written.
 * - The list is brought up to date (gpt-4o, o1, deepseek, qwen, kimi, grok…),
 *   and a few short names that are also ordinary words need model context:
 *   "phi" only as "phi-3"/"phi3", "yi" only as "yi-34b"/"yi-large", "meta" only
 *   as "Meta AI", "Meta's", "by/from Meta", "moonshot" only as "Moonshot AI".
 *
 * Like FastChat, some names that are also ordinary words are flagged anyway:
 * "llama" (the animal), "palm", "google", "bard", "gemini", "mistral" (the
 * wind), "cohere" (the verb), "grok". A false flag costs one vote; a missed
 * name biases the board, so the list errs on the side of flagging.
 */

interface IdentityWordRule {
	/** What findIdentityWords reports: lowercase. */
	word: string;
	/** Lowercase regex source for the name itself, without boundaries. */
	pattern: string;
}

const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A name matched as written, e.g. "01.ai" or "command-r". */
const literal = (word: string): IdentityWordRule => ({word, pattern: escapeForRegExp(word)});

const IDENTITY_WORD_RULES: readonly IdentityWordRule[] = [
	// OpenAI
	literal('chatgpt'),
	{word: 'gpt-3.5', pattern: String.raw`gpt-?3\.5`},
	{word: 'gpt-4o', pattern: String.raw`gpt-?4o`},
	// GPT-4, GPT-4.1, gpt-4-turbo, gpt4 (but gpt-4o above is its own word).
	{word: 'gpt-4', pattern: String.raw`gpt-?4(?!o)`},
	{word: 'gpt-5', pattern: String.raw`gpt-?5`},
	{word: 'o1', pattern: String.raw`o1(?:-(?:mini|preview|pro))?`},
	{word: 'o3', pattern: String.raw`o3-(?:mini|pro)`},
	literal('openai'),
	// Anthropic
	literal('claude'),
	literal('anthropic'),
	// Google
	literal('gemini'),
	literal('gemma'),
	literal('bard'),
	literal('palm'),
	literal('lamda'),
	literal('google'),
	literal('deepmind'),
	// DeepSeek, Alibaba, Moonshot, Zhipu, Baidu, 01.AI
	literal('deepseek'),
	literal('qwen'),
	literal('qianwen'),
	literal('tongyi'),
	literal('alibaba'),
	literal('kimi'),
	{word: 'moonshot', pattern: String.raw`moonshot[\s-]*ai`},
	literal('chatglm'),
	literal('zhipu'),
	literal('ernie'),
	literal('baidu'),
	{word: 'yi', pattern: String.raw`yi-(?:\d|large|lightning|medium|vision)`},
	literal('01.ai'),
	// Meta
	literal('llama'),
	{word: 'meta', pattern: String.raw`(?:meta(?:\s+ai|'s|’s|\s+platforms)|(?:by|from|at)\s+meta)`},
	// Mistral
	literal('mistral'),
	literal('mixtral'),
	literal('codestral'),
	// xAI, Microsoft, Cohere, and FastChat's older names
	literal('grok'),
	literal('xai'),
	{word: 'phi', pattern: String.raw`phi-?[1-4]`},
	literal('microsoft'),
	literal('cohere'),
	{word: 'command-r', pattern: String.raw`command-r(?:\+|-plus)?`},
	literal('vicuna'),
	literal('lmsys'),
	literal('koala'),
	literal('uc berkeley'),
	literal('open assistant'),
	literal('laion'),
	literal('keg lab'),
	literal('ai2'),
	literal('tulu'),
	literal('tülu'),
	literal('hermes'),
	literal('dbrx'),
	literal('databricks'),
];

/** The names an answer must not contain, lowercase. */
export const IDENTITY_WORDS: readonly string[] = IDENTITY_WORD_RULES.map(rule => rule.word);

/*
 * One regex for all names, one capture group per rule. A name is a whole word:
 * no Latin letter, digit or underscore just before it (so "metadata" is not
 * "meta"), and no Latin letter or underscore just after it; a digit may follow
 * ("llama3"), unless the name itself ends in one ("gpt-4" is not "gpt-40").
 * Only Latin letters count, because Chinese text writes names with no space:
 * "我是Qwen" names Qwen.
 */
const IDENTITY_PATTERN = new RegExp(
	IDENTITY_WORD_RULES.map(rule => {
		const after = /\d$/.test(rule.word) ? String.raw`(?![\p{Script=Latin}0-9_])` : String.raw`(?![\p{Script=Latin}_])`;
		return String.raw`(?<![\p{Script=Latin}0-9_])(${rule.pattern})${after}`;
	}).join('|'),
	'giu',
);

/** The distinct identity words in `text`, lowercase, in the order of IDENTITY_WORDS. */
export function findIdentityWords(text: string): string[] {
	const found = new Set<number>();
	for (const match of text.matchAll(IDENTITY_PATTERN)) {
		const ruleIndex = match.findIndex((group, index) => index > 0 && group !== undefined) - 1;
		if (ruleIndex >= 0) found.add(ruleIndex);
	}
	return [...found].sort((a, b) => a - b).map(index => IDENTITY_WORD_RULES[index]!.word);
}

/** Does `text` name a model or vendor? */
export function namesAModel(text: string): boolean {
	IDENTITY_PATTERN.lastIndex = 0;
	const named = IDENTITY_PATTERN.test(text);
	IDENTITY_PATTERN.lastIndex = 0;
	return named;
}
