import type { AnswerValue, Dimension } from './types';

/**
 * SCORING.md §1: one answer → n in [0, 100], or null when the answer is not scored (unanswered, a single choice whose
 * option has no score, multi_choice, text).
 *
 * This function never clamps: a value of the wrong type or outside the allowed range throws a RangeError, because a
 * silently clamped number would be a wrong number on a report. Callers score answers that passed `validateAnswers`.
 */
export function normaliseAnswer(dimension: Dimension, value: AnswerValue | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  switch (dimension.type) {
    case 'star5':
      return (integerIn(dimension, value, 1, 5) - 1) * 25; // (v − 1) / 4 × 100, exact in floating point
    case 'score10':
      return ((integerIn(dimension, value, 1, 10) - 1) / 9) * 100;
    case 'nps':
      return integerIn(dimension, value, 0, 10) * 10;
    case 'yes_no': {
      if (typeof value !== 'boolean') throw invalid(dimension, value);
      const yes = dimension.inverted ? 0 : 100;
      return value ? yes : 100 - yes;
    }
    case 'single_choice': {
      if (typeof value !== 'string') throw invalid(dimension, value);
      const option = dimension.options?.find((o) => o.key === value);
      if (!option) throw invalid(dimension, value);
      return option.score ?? null;
    }
    case 'multi_choice':
    case 'text':
      return null;
  }
}

function integerIn(dimension: Dimension, value: AnswerValue, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(dimension, value);
  }
  return value;
}

function invalid(dimension: Dimension, value: unknown): RangeError {
  return new RangeError(`Invalid answer for ${dimension.type} dimension "${dimension.key}": ${JSON.stringify(value)}`);
}
