/**
 * Where is a JSON text broken? Node 20's JSON.parse often says only
 * `Unexpected token 'x', "…" is not valid JSON`, with no position, so a file
 * error could not name a line. This strict RFC 8259 scanner finds the first
 * offending character and says what was expected there. It only runs after
 * JSON.parse has failed; JSON.parse still decides what the value is.
 */

export interface JsonSyntaxError {
	/** Offset of the offending character in the text (the text's length at an early end). */
	position: number;
	message: string;
}

class JsonSyntaxFailure extends Error {
	constructor(readonly position: number, message: string) {
		super(message);
	}
}

// Suites nest four levels deep; a cap keeps a pathological file from overflowing the stack.
const MAX_DEPTH = 1000;

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
	let position = 0;
	let depth = 0;

	const fail = (message: string, at = position): never => {
		throw new JsonSyntaxFailure(at, message);
	};
	const describe = (at: number): string => {
		if (at >= text.length) return 'end of file';
		const character = text[at]!;
		return /\s/.test(character) ? `character U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `'${character}'`;
	};
	const unexpected = (expected: string): never => {
		if (position >= text.length) fail(`Unexpected end of file: expected ${expected}`);
		return fail(`Unexpected token ${describe(position)}: expected ${expected}`);
	};
	const skipWhitespace = (): void => {
		while (position < text.length && ' \t\n\r'.includes(text[position]!)) position++;
	};

	const parseString = (): void => {
		position++; // opening quote
		for (;;) {
			if (position >= text.length) fail('Unterminated string: expected a closing "');
			const character = text[position]!;
			if (character === '"') {
				position++;
				return;
			}
			if (character === '\\') {
				const escape = text[position + 1];
				if (escape === undefined) fail('Unterminated string: expected a closing "', position + 1);
				if ('"\\/bfnrt'.includes(escape!)) {
					position += 2;
					continue;
				}
				if (escape === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) fail('Bad \\u escape: expected four hex digits', position);
					position += 6;
					continue;
				}
				fail(`Bad escape \\${escape} in string`, position);
			}
			if (character < ' ') fail(`Unescaped control character ${describe(position)} in string (write it as an escape, e.g. \\n)`);
			position++;
		}
	};

	const parseNumber = (): void => {
		const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(position, position + 400));
		if (!match) unexpected('a value');
		position += match![0].length;
	};

	const parseValue = (): void => {
		skipWhitespace();
		const character = text[position];
		if (character === '{') return parseContainer('}');
		if (character === '[') return parseContainer(']');
		if (character === '"') return parseString();
		if (character === '-' || (character !== undefined && character >= '0' && character <= '9')) return parseNumber();
		for (const literal of ['true', 'false', 'null']) {
			if (text.startsWith(literal, position)) {
				position += literal.length;
				return;
			}
		}
		unexpected('a value');
	};

	const parseContainer = (closer: '}' | ']'): void => {
		if (++depth > MAX_DEPTH) fail('Nested too deeply');
		position++; // opener
		skipWhitespace();
		if (text[position] === closer) {
			position++;
			depth--;
			return;
		}
		for (;;) {
			if (closer === '}') {
				skipWhitespace();
				if (text[position] !== '"') unexpected('a property name in double quotes');
				parseString();
				skipWhitespace();
				if (text[position] !== ':') unexpected("':' after the property name");
				position++;
			}
			parseValue();
			skipWhitespace();
			if (text[position] === ',') {
				const commaPosition = position++;
				skipWhitespace();
				// A trailing comma is the commonest hand-written JSON mistake: say so, and point at the comma.
				if (text[position] === closer) fail(`Trailing comma before '${closer}'`, commaPosition);
				continue;
			}
			if (text[position] === closer) {
				position++;
				depth--;
				return;
			}
			unexpected(`',' or '${closer}'`);
		}
	};

	try {
		parseValue();
		skipWhitespace();
		if (position < text.length) unexpected('end of file after the JSON value');
		return undefined;
	} catch (error) {
		if (error instanceof JsonSyntaxFailure) return {position: error.position, message: error.message};
		throw error;
	}
}
