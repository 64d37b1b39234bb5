import {describe, expect, test} from 'vitest';
import {ConfigError} from '../../source/core/errors.js';
import {
	DEFAULT_RUBRIC_WEIGHTS,
	RUBRIC_CRITERIA,
	rubricRecord,
	rubricScore,
	type RubricScores,
	validateRubricWeights,
} from '../../source/core/rubric.js';

const marks = (correctness: number, code_quality: number, documentation: number, edge_cases: number): RubricScores => ({
	correctness,
	code_quality,
	documentation,
	edge_cases,
});

describe('rubricScore', () => {
	test('is the weighted mean with the default weights (correctness 0.4, the rest 0.2)', () => {
		// 9×0.4 + 7×0.2 + 8×0.2 + 6×0.2 = 3.6 + 1.4 + 1.6 + 1.2
		expect(rubricScore(marks(9, 7, 8, 6))).toBe(7.8);
		expect(rubricScore(marks(10, 10, 10, 10))).toBe(10);
		expect(rubricScore(marks(0, 0, 0, 0))).toBe(0);
	});

	test('correctness weighs most by default: a correct bare answer beats a wrong polished one', () => {
		expect(Math.max(...Object.values(DEFAULT_RUBRIC_WEIGHTS))).toBe(DEFAULT_RUBRIC_WEIGHTS.correctness);
		const correctButBare = rubricScore(marks(10, 5, 0, 5));
		const wrongButPolished = rubricScore(marks(0, 10, 10, 5));
		expect(correctButBare).toBe(6);
		expect(wrongButPolished).toBe(5);
	});

	test('weights that do not sum to 1 are scaled, so only their ratios matter', () => {
		expect(rubricScore(marks(9, 7, 8, 6), {correctness: 2, code_quality: 1, documentation: 1, edge_cases: 1})).toBe(7.8);
		// Equal weights: the plain mean.
		expect(rubricScore(marks(9, 7, 8, 6), {correctness: 1, code_quality: 1, documentation: 1, edge_cases: 1})).toBe(7.5);
	});

	test('rounds to hundredths', () => {
		// 10 × 1/6
		expect(rubricScore(marks(10, 0, 0, 0), {correctness: 1, code_quality: 1, documentation: 1, edge_cases: 3})).toBe(1.67);
	});

	test('a mark outside 0–10 is refused', () => {
		expect(() => rubricScore(marks(11, 5, 5, 5))).toThrow(/correctness/);
		expect(() => rubricScore(marks(5, -1, 5, 5))).toThrow(/code_quality/);
		expect(() => rubricScore(marks(5, 5, Number.NaN, 5))).toThrow(/documentation/);
	});
});

describe('validateRubricWeights', () => {
	test('returns the weights normalised to sum to 1', () => {
		const weights = validateRubricWeights({correctness: 4, code_quality: 2, documentation: 2, edge_cases: 2});
		expect(weights.correctness).toBeCloseTo(0.4, 12);
		expect(weights.edge_cases).toBeCloseTo(0.2, 12);
		expect(RUBRIC_CRITERIA.reduce((total, criterion) => total + weights[criterion], 0)).toBeCloseTo(1, 12);
	});

	test.each([
		['zero', {correctness: 0, code_quality: 1, documentation: 1, edge_cases: 1}, /correctness must be a number above 0/],
		['negative', {correctness: 1, code_quality: -1, documentation: 1, edge_cases: 1}, /code_quality must be a number above 0/],
		['not a number', {correctness: 1, code_quality: 1, documentation: '1', edge_cases: 1}, /documentation must be a number above 0/],
		['infinite', {correctness: 1, code_quality: 1, documentation: 1, edge_cases: Number.POSITIVE_INFINITY}, /edge_cases/],
		['missing', {correctness: 1, code_quality: 1, documentation: 1}, /edge_cases is missing/],
		['misspelt', {correctness: 1, code_quality: 1, documentation: 1, edge_cases: 1, docs: 1}, /unknown rubric criterion "docs"/],
		['not an object', [0.4, 0.2, 0.2, 0.2], /must be an object/],
	])('%s weights are refused with a configuration error that names the problem', (_, weights, message) => {
		expect(() => validateRubricWeights(weights)).toThrow(ConfigError);
		expect(() => validateRubricWeights(weights)).toThrow(message);
	});
});

test('rubricRecord keeps the marks and the normalised weights they were combined with', () => {
	const record = rubricRecord(marks(9, 7, 8, 6), {correctness: 2, code_quality: 1, documentation: 1, edge_cases: 1});
	expect(record).toMatchObject({correctness: 9, code_quality: 7, documentation: 8, edge_cases: 6});
	expect(record.weights.correctness).toBeCloseTo(0.4, 12);
	expect(record.weights.documentation).toBeCloseTo(0.2, 12);
});
