import type {TopicAnswers} from './types.js';

const knownTopics = [
	'flattening a nested list in Python',
	'an async/await race in JavaScript (`fetch().then()` read too early)',
	"Dijkstra's algorithm in TypeScript with a priority queue",
	'a security and performance review of a Go service',
	'a paginated, filtered REST endpoint in Express',
];

const maxQuotedLength = 120;

/** The prompt on one line, short enough to quote in a heading or a command. */
export function summarizePrompt(prompt: string): string {
	const oneLine = prompt.replace(/\s+/g, ' ').trim();
	if (oneLine.length === 0) return '(empty prompt)';
	if (oneLine.length <= maxQuotedLength) return oneLine;
	return `${oneLine.slice(0, maxQuotedLength - 1).trimEnd()}…`;
}

/** POSIX single-quoting, so the suggested command can be pasted as is. */
function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * For prompts outside the canned topics. The demo models say honestly that
 * they are simulated instead of inventing an answer, and show how to put
 * real models on the same prompt.
 */
export function genericAnswers(prompt: string): TopicAnswers {
	const summary = summarizePrompt(prompt);
	const quotedForShell = shellQuote(summary);
	const topicList = knownTopics.map(topic => `- ${topic}`).join('\n');

	return {
		swift: {
			content: `Quick take on **"${summary}"**:

I'm a simulated demo model. I answer fast, but only from a small set of canned answers, and this question isn't one of them, so I won't make something up.

Prompts I do have answers for:
${topicList}

To get a real answer, add a provider and race it against me:

\`\`\`sh
arena providers add gateway --base-url https://gateway.example.com/v1 --api-key-env GATEWAY_API_KEY
arena run ${quotedForShell} -m gateway:fast-model -m local:small-model
\`\`\``,
		},
		steady: {
			content: `## About your question

> ${summary}

I'm one of arena's simulated demo models. My answers are canned and none of them covers this question, so rather than produce a confident-sounding guess, here is how to get a real comparison.

### Compare real models on this prompt

1. Add any provider with a compatible chat completions endpoint. The key is read from the named environment variable at request time and never stored:

\`\`\`sh
export GATEWAY_API_KEY=...
arena providers add gateway --base-url https://gateway.example.com/v1 --api-key-env GATEWAY_API_KEY
arena providers add local --base-url http://localhost:11434/v1
\`\`\`

2. Run the same prompt against several models side by side:

\`\`\`sh
arena run ${quotedForShell} -m gateway:fast-model -m local:small-model -m gateway:reasoning-model
\`\`\`

3. Compare time to first token, tokens per second and, above all, the answers themselves.

### What the demo models can answer
${topicList}

Each demo model answers those in its own style, so they make a fair warm-up for judging answers side by side.`,
		},
		thinker: {
			reasoning: `The user asks: "${summary}". I'm a simulated model in arena's demo provider, and my canned answers cover five programming topics; this isn't one of them. Inventing an answer would look plausible but mean nothing, and judging made-up answers against each other would be pointless.

The useful response is honest and short: say what I am, list the topics I can answer, and show how to put real models on this exact prompt. The command should reuse the user's own prompt, safely quoted, so it can be pasted as is.`,
			content: `I can't give a real answer to **"${summary}"**: I'm a simulated model with canned answers, and none of them covers this.

To compare real models on exactly this prompt:

\`\`\`sh
arena providers add gateway --base-url https://gateway.example.com/v1 --api-key-env GATEWAY_API_KEY
arena run ${quotedForShell} -m gateway:fast-model -m gateway:reasoning-model
\`\`\`

The demo models do answer these, each in its own style:
${topicList}`,
		},
	};
}
