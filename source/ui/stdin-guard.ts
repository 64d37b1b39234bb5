/**
 * Ink 6.8 throws inside its own key handling (vadimdemedes/ink#901) on a few
 * escape sequences that are not keys it knows: a colour code inside pasted
 * text (`ESC[31m`) or Ctrl+F1…F4 (`ESC[1;5P`). Its parser marks them as Ctrl
 * with no key name, and `useInput` then calls a string method on undefined,
 * which ends the whole app. Neither is a key arena binds, so they are removed
 * from the input before Ink reads it.
 */
const UNPARSEABLE = /\u001B\[[0-9;]*m|\u001B\[1;[0-9]+[PQRS]/g;

const guarded = new WeakSet<object>();

export function withoutUnparseableSequences(chunk: string): string {
	return chunk.replace(UNPARSEABLE, '');
}

/** Wraps `stdin.read` (what Ink's App reads from) so the sequences above never reach Ink. Idempotent. */
export function guardStdin(stdin: NodeJS.ReadStream): void {
	if (guarded.has(stdin)) return;
	guarded.add(stdin);
	const read = stdin.read.bind(stdin);
	stdin.read = ((size?: number) => {
		const chunk: unknown = read(size);
		if (typeof chunk === 'string') return withoutUnparseableSequences(chunk);
		if (Buffer.isBuffer(chunk)) {
			const text = chunk.toString('utf8');
			const cleaned = withoutUnparseableSequences(text);
			return cleaned === text ? chunk : Buffer.from(cleaned, 'utf8');
		}
		return chunk;
	}) as typeof stdin.read;
}
