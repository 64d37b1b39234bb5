import {useLayoutEffect, useRef} from 'react';

/**
 * A ref that holds the value from the latest commit. Key handlers read through
 * it, so a key arriving just after a frame (before passive effects re-subscribe
 * a fresh handler) still acts on what the user sees, not on an older render.
 */
export function useLatest<Value>(value: Value): {readonly current: Value} {
	const ref = useRef(value);
	useLayoutEffect(() => {
		ref.current = value;
	});
	return ref;
}
