import type {ChatMessage} from '../providers/types.js';

/** One finished exchange: what was asked, and what each model answered (in pane order). */
export interface ConversationTurn {
	prompt: string;
	/** Per model; an answer that failed or was cancelled is the empty string. */
	answers: readonly string[];
}

/**
 * Each model's messages for the next turn: the system prompt, then every
 * earlier prompt with that model's own answer, then the new prompt. A model
 * whose earlier answer failed sees the question without an answer (two user
 * messages in a row, which every OpenAI-compatible server accepts), so it keeps
 * the context without being handed another model's words.
 */
export function nextTurnMessages(
	system: string | undefined,
	turns: readonly ConversationTurn[],
	prompt: string,
	modelCount: number,
): ChatMessage[][] {
	return Array.from({length: modelCount}, (_, index) => {
		const messages: ChatMessage[] = [];
		if (system) messages.push({role: 'system', content: system});
		for (const turn of turns) {
			messages.push({role: 'user', content: turn.prompt});
			const answer = turn.answers[index] ?? '';
			if (answer.trim() !== '') messages.push({role: 'assistant', content: answer});
		}
		messages.push({role: 'user', content: prompt});
		return messages;
	});
}
