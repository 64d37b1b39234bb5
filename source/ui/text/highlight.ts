/**
 * A deliberately small syntax colourer for code blocks in answers: keywords,
 * strings, comments and numbers for the languages models write most. It works
 * one line at a time, so a pane can colour only the rows it shows; a string or
 * comment spanning lines is coloured on its first line only.
 */

export type CodeTokenKind = 'keyword' | 'string' | 'comment' | 'number' | 'plain';

export interface CodeToken {
	text: string;
	kind: CodeTokenKind;
}

interface LanguageRules {
	keywords: ReadonlySet<string>;
	lineComment: readonly string[];
	blockComment?: readonly [open: string, close: string];
	/** Quote characters that always open a string. */
	quotes: string;
	/** `'x'` is a character literal but a lone `'` is not a string (Rust lifetimes, Go runes). */
	charLiterals?: boolean;
	/** `#` starts a comment only at a word boundary (`$#` and `${#x}` are not comments). */
	hashCommentNeedsSpace?: boolean;
}

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

const PYTHON: LanguageRules = {
	keywords: words(`False None True and as assert async await break class continue def del elif else except
		finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case self`),
	lineComment: ['#'],
	quotes: `'"`,
};

const JAVASCRIPT: LanguageRules = {
	keywords: words(`break case catch class const continue debugger default delete do else export extends false
		finally for function if import in instanceof let new null return super switch this throw true try typeof
		undefined var void while with yield async await of static get set from as
		interface type enum implements private protected public readonly abstract declare namespace satisfies keyof
		infer never unknown any number string boolean`),
	lineComment: ['//'],
	blockComment: ['/*', '*/'],
	quotes: `'"\``,
};

const GO: LanguageRules = {
	keywords: words(`break case chan const continue default defer else fallthrough for func go goto if import
		interface map package range return select struct switch type var true false nil iota`),
	lineComment: ['//'],
	blockComment: ['/*', '*/'],
	quotes: '"`',
	charLiterals: true,
};

const RUST: LanguageRules = {
	keywords: words(`as async await break const continue crate dyn else enum extern false fn for if impl in let loop
		match mod move mut pub ref return self Self static struct super trait true type unsafe use where while
		Some None Ok Err`),
	lineComment: ['//'],
	blockComment: ['/*', '*/'],
	quotes: '"',
	charLiterals: true,
};

const BASH: LanguageRules = {
	keywords: words(`if then else elif fi case esac for while until do done in function return local export select time
		set unset readonly declare`),
	lineComment: ['#'],
	quotes: `'"`,
	hashCommentNeedsSpace: true,
};

const JSON_RULES: LanguageRules = {
	keywords: words('true false null'),
	lineComment: [],
	quotes: '"',
};

const LANGUAGES: Record<string, LanguageRules> = {
	python: PYTHON,
	py: PYTHON,
	python3: PYTHON,
	javascript: JAVASCRIPT,
	js: JAVASCRIPT,
	jsx: JAVASCRIPT,
	mjs: JAVASCRIPT,
	cjs: JAVASCRIPT,
	typescript: JAVASCRIPT,
	ts: JAVASCRIPT,
	tsx: JAVASCRIPT,
	go: GO,
	golang: GO,
	rust: RUST,
	rs: RUST,
	bash: BASH,
	sh: BASH,
	shell: BASH,
	zsh: BASH,
	console: BASH,
	json: JSON_RULES,
	jsonc: {...JSON_RULES, lineComment: ['//'], blockComment: ['/*', '*/']},
};

export function isHighlighted(language: string): boolean {
	return language.toLowerCase() in LANGUAGES;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const NUMBER = /(?:0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)[A-Za-z\d_]*/y;
const CHAR_LITERAL = /'(?:\\.[^']*|[^'\\])'/y;

/** Splits one source line into coloured tokens. Unknown languages come back as one plain token. */
export function highlightLine(line: string, language: string): CodeToken[] {
	const rules = LANGUAGES[language.toLowerCase()];
	if (!rules || line === '') return [{text: line, kind: 'plain'}];
	const tokens: CodeToken[] = [];
	const push = (text: string, kind: CodeTokenKind) => {
		const last = tokens.at(-1);
		if (last && last.kind === kind) last.text += text;
		else tokens.push({text, kind});
	};
	let index = 0;
	while (index < line.length) {
		const rest = line.slice(index);
		const character = line[index]!;
		const previous = index > 0 ? line[index - 1]! : ' ';

		const startsLineComment = rules.lineComment.some(marker => rest.startsWith(marker))
			&& !(rules.hashCommentNeedsSpace && !/\s/.test(previous));
		if (startsLineComment) {
			push(rest, 'comment');
			break;
		}

		if (rules.blockComment && rest.startsWith(rules.blockComment[0])) {
			const [open, close] = rules.blockComment;
			const end = rest.indexOf(close, open.length);
			const length = end === -1 ? rest.length : end + close.length;
			push(rest.slice(0, length), 'comment');
			index += length;
			continue;
		}

		if (rules.quotes.includes(character)) {
			const length = quotedLength(rest, character);
			push(rest.slice(0, length), 'string');
			index += length;
			continue;
		}

		if (character === "'" && rules.charLiterals) {
			CHAR_LITERAL.lastIndex = index;
			const match = CHAR_LITERAL.exec(line);
			if (match) {
				push(match[0], 'string');
				index += match[0].length;
				continue;
			}
		}

		if (/\d/.test(character) && !/[\w$]/.test(previous)) {
			NUMBER.lastIndex = index;
			const match = NUMBER.exec(line)!;
			push(match[0], 'number');
			index += match[0].length;
			continue;
		}

		if (/[A-Za-z_$]/.test(character)) {
			IDENTIFIER.lastIndex = index;
			const word = IDENTIFIER.exec(line)![0];
			push(word, rules.keywords.has(word) ? 'keyword' : 'plain');
			index += word.length;
			continue;
		}

		push(character, 'plain');
		index += 1;
	}
	return tokens;
}

/** Length of a quoted string starting at the quote, honouring backslash escapes; runs to the end of the line if unclosed. */
function quotedLength(text: string, quote: string): number {
	for (let index = 1; index < text.length; index += 1) {
		if (text[index] === '\\') {
			index += 1;
			continue;
		}
		if (text[index] === quote) return index + 1;
	}
	return text.length;
}
