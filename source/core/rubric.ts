import {ConfigError} from './errors.js';

/**
 * The optional scoring rubric: four criteria scored 0–10, folded into one 0–10
 * score by a weighted mean. Correctness is weighted most by default, because a
 * well-documented wrong answer is still wrong. Pure, so the UI, the commands and
 * the tests share one definition.
 */

export type RubricCriterion = 'correctness' | 'code_quality' | 'documentation' | 'edge_cases';

/** In the order the rubric form asks for them. */
export const RUBRIC_CRITERIA: readonly RubricCriterion[] = ['correctness', 'code_quality', 'documentation', 'edge_cases'];

/** How each criterion reads on screen. */
export const RUBRIC_CRITERION_LABELS: Readonly<Record<RubricCriterion, string>> = {
	correctness: 'correctness',
	code_quality: 'code quality',
	documentation: 'documentation',
	edge_cases: 'edge cases',
};

/** One answer's mark per criterion, each 0–10. */
export type RubricScores = Record<RubricCriterion, number>;

/** Relative importance per criterion: positive, and summing to 1 once validated. */
export type RubricWeights = Record<RubricCriterion, number>;

export const DEFAULT_RUBRIC_WEIGHTS: Readonly<RubricWeights> = Object.freeze({
	correctness: 0.4,
	code_quality: 0.2,
	documentation: 0.2,
	edge_cases: 0.2,
});

export const RUBRIC_MIN_SCORE = 0;
export const RUBRIC_MAX_SCORE = 10;

/**
 * Checks weights as read from settings and scales them to sum to 1, so
 * `{correctness: 2, code_quality: 1, documentation: 1, edge_cases: 1}` is
 * accepted and means the same as 0.4/0.2/0.2/0.2. Every criterion needs a
 * finite weight above zero: a criterion weighted zero would be asked for and
 * then ignored. Throws a ConfigError naming the bad entry.
 */
export function validateRubricWeights(weights: unknown): RubricWeights {
	if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
		throw new ConfigError(`rubric weights must be an object with ${RUBRIC_CRITERIA.join(', ')}`);
	}
	const given = weights as Record<string, unknown>;
	const unknownKeys = Object.keys(given).filter(key => !(RUBRIC_CRITERIA as readonly string[]).includes(key));
	if (unknownKeys.length > 0) {
		throw new ConfigError(`unknown rubric criterion ${unknownKeys.map(key => JSON.stringify(key)).join(', ')}; expected ${RUBRIC_CRITERIA.join(', ')}`);
	}
	let total = 0;
	for (const criterion of RUBRIC_CRITERIA) {
		const weight = given[criterion];
		if (weight === undefined) throw new ConfigError(`rubric weight for ${criterion} is missing`);
		if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
			throw new ConfigError(`rubric weight for ${criterion} must be a number above 0, got ${JSON.stringify(weight)}`);
		}
		total += weight;
	}
	const normalised = {} as RubricWeights;
	for (const criterion of RUBRIC_CRITERIA) normalised[criterion] = (given[criterion] as number) / total;
	return normalised;
}

/** Whether `value` is a mark a criterion can have. */
export function isRubricMark(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= RUBRIC_MIN_SCORE && value <= RUBRIC_MAX_SCORE;
}

/**
 * The weighted mean of the four marks, 0–10, rounded to hundredths so a stored
 * score reads 7.8 rather than 7.800000000000001. Weights need not be normalised
 * (they are validated and scaled here); marks outside 0–10 throw a RangeError.
 */
export function rubricScore(scores: RubricScores, weights: RubricWeights = DEFAULT_RUBRIC_WEIGHTS): number {
	const normalised = validateRubricWeights(weights);
	let total = 0;
	for (const criterion of RUBRIC_CRITERIA) {
		const mark = scores[criterion];
		if (!isRubricMark(mark)) {
			throw new RangeError(`rubric mark for ${criterion} must be ${RUBRIC_MIN_SCORE}–${RUBRIC_MAX_SCORE}, got ${String(mark)}`);
		}
		total += mark * normalised[criterion];
	}
	return Math.round(total * 100) / 100;
}

/**
 * What the history store keeps in a score's `rubric` column: the marks and the
 * weights they were combined with, so a stored score can be explained later
 * even after the settings change.
 */
export function rubricRecord(
	scores: RubricScores,
	weights: RubricWeights = DEFAULT_RUBRIC_WEIGHTS,
): RubricScores & {weights: RubricWeights} {
	const marks = {} as RubricScores;
	for (const criterion of RUBRIC_CRITERIA) marks[criterion] = scores[criterion];
	return {...marks, weights: validateRubricWeights(weights)};
}
