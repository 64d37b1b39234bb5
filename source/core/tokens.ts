/**
 * Local token counting for servers that report no usage. gpt-tokenizer's BPE
 * tables take ~0.2 s to load, so they are imported only when a count is needed.
 */
export type TokenCounter = (text: string) => number;

let loading: Promise<TokenCounter> | undefined;
let loaded: TokenCounter | undefined;

export function loadTokenCounter(): Promise<TokenCounter> {
	loading ??= import('gpt-tokenizer').then(tokenizer => {
		loaded = (text: string) => (text.length === 0 ? 0 : tokenizer.encode(text).length);
		return loaded;
	});
	return loading;
}

/** The counter if it has finished loading, otherwise undefined (never blocks). */
export function tokenCounterIfLoaded(): TokenCounter | undefined {
	return loaded;
}
