/**
 * The baseline arena is compared against: what anyone would write with the
 * openai SDK alone. One client, N concurrent streaming requests, deltas
 * concatenated. No metrics, no events, no error wording.
 */
import {performance} from 'node:perf_hooks';
import OpenAI from 'openai';

export interface PlainStreamResult {
	model: string;
	text: string;
	reasoning: string;
	/** From the final usage chunk, to check the baseline got the whole answer. */
	completionTokens: number | null;
}

interface DeltaWithReasoning {
	content?: string | null;
	reasoning_content?: string | null;
}

export async function plainLoop(baseURL: string, models: readonly string[], prompt: string): Promise<PlainStreamResult[]> {
	const client = new OpenAI({baseURL, apiKey: 'bench-no-key'});
	return Promise.all(
		models.map(async model => {
			const stream = await client.chat.completions.create({
				model,
				messages: [{role: 'user', content: prompt}],
				stream: true,
				stream_options: {include_usage: true},
			});
			let text = '';
			let reasoning = '';
			let completionTokens: number | null = null;
			for await (const chunk of stream) {
				const delta = chunk.choices[0]?.delta as DeltaWithReasoning | undefined;
				if (delta?.content) text += delta.content;
				if (delta?.reasoning_content) reasoning += delta.reasoning_content;
				if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
			}
			return {model, text, reasoning, completionTokens};
		}),
	);
}

/**
 * Time to first token as the plain loop sees it: from just before `create()`
 * to the first chunk carrying answer or reasoning text. The reference for how
 * much of arena's TTFT overhead the SDK and loopback HTTP cost anyway.
 */
export async function plainTimeToFirstToken(
	baseURL: string,
	model: string,
	prompt: string,
	maxTokens: number,
): Promise<{requestAt: number; firstTokenAt: number | null}> {
	// Taken before the client exists, as arena takes it before it builds its client.
	const requestAt = performance.now();
	const client = new OpenAI({baseURL, apiKey: 'bench-no-key'});
	const stream = await client.chat.completions.create({
		model,
		messages: [{role: 'user', content: prompt}],
		stream: true,
		stream_options: {include_usage: true},
		max_tokens: maxTokens,
	});
	let firstTokenAt: number | null = null;
	for await (const chunk of stream) {
		if (firstTokenAt !== null) continue;
		const delta = chunk.choices[0]?.delta as DeltaWithReasoning | undefined;
		if (delta?.content || delta?.reasoning_content) firstTokenAt = performance.now();
	}
	return {requestAt, firstTokenAt};
}

/**
 * `bench.js --plain-loop BASE_URL PROMPT MODEL…`: the whole-process baseline.
 * Prints one JSON line per stream, as `arena run --json` does, so both pay for
 * start-up, the streams and writing the answers out.
 */
export async function plainLoopMain(args: readonly string[]): Promise<number> {
	const [baseURL, prompt, ...models] = args;
	if (!baseURL || !prompt || models.length === 0) {
		process.stderr.write('usage: bench.js --plain-loop BASE_URL PROMPT MODEL…\n');
		return 2;
	}
	const results = await plainLoop(baseURL, models, prompt);
	let output = '';
	for (const result of results) output += `${JSON.stringify(result)}\n`;
	process.stdout.write(output);
	return 0;
}
