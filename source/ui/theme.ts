import type {ModelState} from '../core/types.js';
import type {CodeTokenKind} from './text/highlight.js';

/** Every colour the UI uses, by what it means rather than what it is. */
export const theme = {
	title: 'cyan',
	focusedBorder: 'cyan',
	border: 'gray',
	simulatedBadge: 'magenta',
	muted: 'gray',
	error: 'red',
	warning: 'yellow',
	codeFrame: 'gray',
	codeLabel: 'cyan',
	helpKey: 'cyan',
	judgement: 'yellow',
	verdict: 'green',
} as const;

export const stateColor: Record<ModelState, string> = {
	waiting: 'gray',
	thinking: 'magenta',
	streaming: 'cyan',
	done: 'green',
	error: 'red',
	cancelled: 'yellow',
};

export const codeColor: Record<CodeTokenKind, string | undefined> = {
	keyword: 'magenta',
	string: 'green',
	comment: 'gray',
	number: 'yellow',
	plain: undefined,
};
