import type { FieldErrorCode, FieldErrorParams } from '../error-codes';
import {
  type AnswerValue,
  type CleanAnswers,
  DEFAULT_TEXT_MAX_LENGTH,
  type Dimension,
  type ScoringTemplate,
} from './types';

export interface AnswerError {
  /** `answers.<key>` (or `answers` when the whole value is not an object). */
  path: string;
  /** English; `code` (src/common/error-codes.ts) and `params` are what a translation needs. */
  message: string;
  code: FieldErrorCode;
  params?: FieldErrorParams;
}

export type ValidationResult = { ok: true; answers: CleanAnswers } | { ok: false; errors: AnswerError[] };

const INTEGER_RANGES: Partial<Record<Dimension['type'], [number, number]>> = {
  star5: [1, 5],
  score10: [1, 10],
  nps: [0, 10],
};

/**
 * Checks submitted answers against a template version (API-CONTRACT.md "Answer values", SCORING.md §1).
 *
 * - Missing = absent, null, '' (after trimming) or []. Missing required → "is required"; missing optional → omitted.
 * - Out-of-range and non-integer numbers are rejected, never clamped.
 * - Text is trimmed; its length is counted in code points (so an emoji is one character, like a CJK character).
 * - Keys that are not dimensions of the template are rejected (a typo must not silently drop an answer).
 *
 * Accepts `unknown` so the server can pass a parsed request body directly.
 */
export function validateAnswers(template: ScoringTemplate, answers: unknown): ValidationResult {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return {
      ok: false,
      errors: [{ path: 'answers', message: 'must be an object', code: 'invalid_type', params: { expected: 'object' } }],
    };
  }
  const input = answers as Record<string, unknown>;
  const errors: AnswerError[] = [];
  const clean: CleanAnswers = {};
  const known = new Set(template.dimensions.map((d) => d.key));

  for (const key of Object.keys(input)) {
    if (!known.has(key))
      errors.push({ path: `answers.${key}`, message: 'is not a question of this template', code: 'unknown_field' });
  }

  for (const dimension of template.dimensions) {
    const path = `answers.${dimension.key}`;
    const raw = Object.hasOwn(input, dimension.key) ? input[dimension.key] : undefined;
    const checked = checkValue(dimension, raw);
    if (checked.kind === 'error') {
      errors.push({
        path,
        message: checked.message,
        code: checked.code,
        ...(checked.params ? { params: checked.params } : {}),
      });
    } else if (checked.kind === 'missing') {
      if (dimension.required) errors.push({ path, message: 'is required', code: 'required' });
    } else {
      clean[dimension.key] = checked.value;
    }
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers: clean };
}

type Checked =
  | { kind: 'missing' }
  | { kind: 'error'; message: string; code: FieldErrorCode; params?: FieldErrorParams }
  | { kind: 'ok'; value: AnswerValue };

const MISSING: Checked = { kind: 'missing' };
const error = (code: FieldErrorCode, message: string, params?: FieldErrorParams): Checked => ({
  kind: 'error',
  message,
  code,
  ...(params ? { params } : {}),
});

function checkValue(dimension: Dimension, raw: unknown): Checked {
  if (raw === undefined || raw === null) return MISSING;
  switch (dimension.type) {
    case 'star5':
    case 'score10':
    case 'nps': {
      const [min, max] = INTEGER_RANGES[dimension.type]!;
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
        return error('out_of_range', `must be an integer from ${min} to ${max}`, { min, max });
      }
      return { kind: 'ok', value: raw };
    }
    case 'yes_no':
      return typeof raw === 'boolean'
        ? { kind: 'ok', value: raw }
        : error('invalid_type', 'must be true (yes) or false (no)', { expected: 'boolean' });
    case 'single_choice': {
      if (raw === '') return MISSING;
      if (typeof raw !== 'string')
        return error('invalid_type', 'must be the key of one option', { expected: 'string' });
      return hasOption(dimension, raw)
        ? { kind: 'ok', value: raw }
        : error('invalid_choice', 'is not an option of this question', {
            values: (dimension.options ?? []).map((o) => o.key).join(', '),
          });
    }
    case 'multi_choice': {
      if (!Array.isArray(raw) || raw.some((k) => typeof k !== 'string'))
        return error('invalid_type', 'must be a list of option keys', { expected: 'array' });
      const keys = raw as string[];
      if (keys.length === 0) return MISSING;
      if (keys.some((k) => !hasOption(dimension, k)))
        return error('invalid_choice', 'contains a key that is not an option of this question', {
          values: (dimension.options ?? []).map((o) => o.key).join(', '),
        });
      if (new Set(keys).size !== keys.length) return error('duplicate', 'must not repeat an option');
      return { kind: 'ok', value: [...keys] };
    }
    case 'text': {
      if (typeof raw !== 'string') return error('invalid_type', 'must be text', { expected: 'string' });
      const text = raw.trim();
      if (text === '') return MISSING;
      const max = dimension.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      if ([...text].length > max) return error('too_long', `must be at most ${max} characters`, { max });
      return { kind: 'ok', value: text };
    }
  }
}

function hasOption(dimension: Dimension, key: string): boolean {
  return (dimension.options ?? []).some((o) => o.key === key);
}
