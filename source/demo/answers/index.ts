/**
 * Picks the canned answer for a prompt: the topic is recognised by keywords,
 * and each demo model answers in its own style.
 */
import type {DemoModelId} from '../models.js';
import {asyncRaceAnswers} from './async-race.js';
import {dijkstraAnswers} from './dijkstra.js';
import {expressPaginationAnswers} from './express-pagination.js';
import {flattenListAnswers} from './flatten-list.js';
import {genericAnswers} from './generic.js';
import {goReviewAnswers} from './go-review.js';
import type {CannedAnswer, TopicAnswers} from './types.js';

export type {CannedAnswer, TopicAnswers} from './types.js';

export type TopicId = 'flatten-list' | 'async-race' | 'dijkstra' | 'go-review' | 'express-pagination' | 'generic';

const topicAnswers: Record<Exclude<TopicId, 'generic'>, TopicAnswers> = {
	'flatten-list': flattenListAnswers,
	'async-race': asyncRaceAnswers,
	dijkstra: dijkstraAnswers,
	'go-review': goReviewAnswers,
	'express-pagination': expressPaginationAnswers,
};

// Checked in order: the more specific topics first, so "Dijkstra ... async" stays Dijkstra.
const topicMatchers: Array<{topic: Exclude<TopicId, 'generic'>; matches: (prompt: string) => boolean}> = [
	{topic: 'dijkstra', matches: prompt => /dijkstra|shortest[\s-]+paths?/.test(prompt)},
	{
		topic: 'flatten-list',
		matches: prompt => /flatten/.test(prompt) || (/nested/.test(prompt) && /\blists?\b/.test(prompt) && /python/.test(prompt)),
	},
	{
		topic: 'express-pagination',
		matches: prompt =>
			/\bexpress(?:\.?js)?\b/.test(prompt) || (/paginat/.test(prompt) && /\b(?:endpoint|rest|api|route)\b/.test(prompt)),
	},
	{
		topic: 'go-review',
		matches: prompt =>
			/\bgolang\b|\bgo (?:service|server|code|program|handler|app|api|microservice|backend)\b|\bin go\b|\bnet\/http\b|package main/.test(
				prompt,
			) && /review|secur|perform|audit|vulnerab|improve|issue/.test(prompt),
	},
	{
		topic: 'async-race',
		matches: prompt =>
			/\basync\b|\bawait\b|\.then\b|\bpromises?\b|\bfetch\b/.test(prompt) &&
			/race|undefined|too early|before|order|fix|bug|wrong|empty|null|why/.test(prompt),
	},
];

export function detectTopic(prompt: string): TopicId {
	const normalized = prompt.toLowerCase();
	return topicMatchers.find(matcher => matcher.matches(normalized))?.topic ?? 'generic';
}

const maxRequestedTokens = 32_768;

/**
 * "Write 4000 tokens about X" asks for an answer of that length. Benchmarks use
 * this to get long, deterministic streams from the demo models.
 */
export function requestedAnswerTokens(prompt: string): number | null {
	const match = /\b(\d{1,3}(?:,\d{3})+|\d{2,9})[\s-]*tokens?\b/i.exec(prompt);
	if (!match) return null;
	const requested = Number(match[1].replace(/,/g, ''));
	if (!Number.isFinite(requested) || requested < 1) return null;
	return Math.min(requested, maxRequestedTokens);
}

export interface ComposedAnswer extends CannedAnswer {
	topic: TopicId;
	/** When set, the answer is cut to exactly this many content tokens (it is at least that long). */
	contentTokenTarget: number | null;
}

export function composeAnswer(
	modelId: DemoModelId,
	prompt: string,
	countTokens: (text: string) => number,
): ComposedAnswer {
	const topic = detectTopic(prompt);
	const answers = topic === 'generic' ? genericAnswers(prompt) : topicAnswers[topic];
	const answer: CannedAnswer = answers[modelId];
	const contentTokenTarget = requestedAnswerTokens(prompt);
	const content =
		contentTokenTarget === null ? answer.content : extendToTokens(answer.content, contentTokenTarget, countTokens);
	return {topic, reasoning: answer.reasoning, content, contentTokenTarget};
}

const extensionTitles = [
	'Testing it',
	'Failure modes',
	'Performance',
	'Readability',
	'Operations',
	'Security',
	'Maintenance',
	'Trade-offs',
];

const extensionSentences = [
	'Start with the smallest input that can fail, and grow it only when the simple case passes.',
	'Measure before optimising: a profile usually points somewhere other than where intuition does.',
	'Every retry needs a limit and a backoff, or a brief outage turns into a self-inflicted flood.',
	'Names carry most of the documentation; a function called `parseUserId` needs fewer comments than `process`.',
	'Keep side effects at the edges, so the core logic can be tested without mocks.',
	'Log the decision and its inputs, not just the fact that something happened.',
	'A timeout is a promise to the caller that the wait will end, so every network call should have one.',
	'Validate input where it enters the system, then let the rest of the code trust its types.',
	'Prefer boring, well-understood tools for the parts that wake people up at night.',
	'When two designs look equal, pick the one that is easier to delete later.',
	'Caches need an invalidation story before they need a hit rate.',
	'Small pull requests get better reviews, because reviewers can hold the whole change in their heads.',
	'Flaky tests are bugs in the test or in the code, and both deserve a ticket.',
	'Benchmarks that run once are anecdotes; take the median of several runs.',
	'Make the failure message say what was expected, what happened and what to try next.',
	'Concurrency bugs hide in shared mutable state, so share less and copy more.',
	'Feature flags are cheap to add and expensive to forget; give each one an owner and an end date.',
	'Read the error path as carefully as the happy path; that is where the surprises live.',
];

// Benchmarks ask for the same long answer over and over; building one costs milliseconds.
const extendedAnswers = new Map<string, string>();
const extendedAnswersLimit = 32;

/** Appends deterministic notes until the text holds at least `targetTokens` tokens. */
function extendToTokens(base: string, targetTokens: number, countTokens: (text: string) => number): string {
	const key = `${targetTokens}\u0000${base}`;
	const cached = extendedAnswers.get(key);
	if (cached !== undefined) return cached;
	if (extendedAnswers.size >= extendedAnswersLimit) extendedAnswers.clear();

	let text = base;
	let section = 0;
	// Parts counted apart can merge into fewer tokens once joined, so re-count the whole.
	while (countTokens(text) < targetTokens) {
		const parts = [text];
		let estimate = countTokens(text);
		while (estimate < targetTokens) {
			section++;
			const part = extensionSection(section);
			parts.push(part);
			estimate += countTokens(part);
		}
		text = parts.join('');
	}
	extendedAnswers.set(key, text);
	return text;
}

function extensionSection(section: number): string {
	const title = extensionTitles[(section - 1) % extensionTitles.length];
	const sentences: string[] = [];
	for (let line = 0; line < 5; line++) {
		sentences.push(extensionSentences[(section * 7 + line * 5) % extensionSentences.length]);
	}
	return `\n\n### ${section}. ${title}\n\n${sentences.join(' ')}`;
}
