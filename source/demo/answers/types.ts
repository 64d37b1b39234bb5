export interface CannedAnswer {
	/** Streamed as `reasoning_content` before the answer; only reasoning models have it. */
	reasoning?: string;
	/** The Markdown answer. */
	content: string;
}

/** One canned answer per demo model, each in that model's style. */
export interface TopicAnswers {
	/** Terse and quick; sometimes skips an edge case. */
	swift: CannedAnswer;
	/** Thorough: structure, caveats and tests. */
	steady: CannedAnswer;
	/** Thinks first, then answers concisely with the edge cases it found. */
	thinker: Required<CannedAnswer>;
}
