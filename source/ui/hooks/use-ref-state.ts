import {useCallback, useRef, useState} from 'react';

/**
 * State whose newest value can be read at once, before React re-renders. Keys
 * pasted or typed fast can arrive in one chunk, and each must act on what the
 * previous one left, not on the last drawn frame.
 */
export function useRefState<Value>(initial: () => Value): [Value, () => Value, (next: Value) => void] {
	const [value, setValue] = useState(initial);
	const latest = useRef(value);
	const read = useCallback(() => latest.current, []);
	const write = useCallback((next: Value) => {
		latest.current = next;
		setValue(next);
	}, []);
	return [value, read, write];
}
