import type { Answers, AnswerValue, Dimension } from '../scoring/types.js';

/** Posted `application/x-www-form-urlencoded` fields: a repeated name gives an array. */
export type FormFields = Record<string, string | string[] | undefined>;

/** Field names starting with `_` carry transport data (CSRF, form token), never answers: dimension keys cannot. */
export const RESERVED_FIELD_PREFIX = '_';

const INTEGER = /^[+-]?\d+$/;

/**
 * Turns the fields of the rating form back into API answer values (API-CONTRACT.md "Answer values"):
 * star5/score10/nps → integers, yes_no → booleans, single_choice → option key, multi_choice → string[],
 * text → string. Empty fields are absent. Anything that does not parse is passed through unchanged (a string, or the
 * array when a single-valued field was repeated), and unknown field names are kept, so that the scoring engine's
 * `validateAnswers` rejects them with a field error: nothing is dropped, clamped or guessed here.
 */
export function parseFormAnswers(template: { dimensions: readonly Dimension[] }, formFields: FormFields): Answers {
  const answers: Answers = {};
  const byKey = new Map(template.dimensions.map((d) => [d.key, d]));
  for (const [name, raw] of Object.entries(formFields)) {
    if (raw === undefined || name.startsWith(RESERVED_FIELD_PREFIX)) continue;
    const dimension = byKey.get(name);
    const value = dimension ? parseField(dimension, raw) : raw;
    if (value !== undefined) answers[name] = value;
  }
  return answers;
}

function parseField(dimension: Dimension, raw: string | string[]): AnswerValue | undefined {
  if (dimension.type === 'multi_choice') {
    const keys = (Array.isArray(raw) ? raw : [raw]).filter((k) => k !== '');
    return keys.length > 0 ? keys : undefined;
  }
  let single: string;
  if (Array.isArray(raw)) {
    const filled = raw.filter((v) => v !== '');
    if (filled.length === 0) return undefined;
    if (filled.length > 1) return filled; // two values for one question: let the validator say so
    single = filled[0]!;
  } else {
    single = raw;
  }
  if (single.trim() === '') return undefined;
  switch (dimension.type) {
    case 'star5':
    case 'score10':
    case 'nps': {
      const text = single.trim();
      return INTEGER.test(text) ? Number(text) : single;
    }
    case 'yes_no':
      return single === 'yes' ? true : single === 'no' ? false : single;
    default:
      return single;
  }
}
