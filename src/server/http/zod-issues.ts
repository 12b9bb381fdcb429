import type { FieldErrorCode, FieldErrorParams } from '../../common/error-codes.js';
import type { FieldError } from './problem.js';

/** The parts of a zod issue (or of fastify-type-provider-zod's `validation[i].params`, the issue minus path/code/message) we read. */
export interface ZodIssueFields {
  code?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  divisor?: number | bigint;
  values?: readonly unknown[];
  keys?: readonly string[];
  expected?: string;
  params?: Record<string, unknown>;
}

const num = (v: number | bigint | undefined) => (typeof v === 'bigint' ? Number(v) : (v ?? 0));
const SIZED = new Set(['array', 'set', 'map', 'object']);
const FORMATS: Record<string, FieldErrorCode> = {
  email: 'invalid_email',
  url: 'invalid_url',
  uuid: 'invalid_uuid',
  guid: 'invalid_uuid',
  datetime: 'invalid_date',
  date: 'invalid_date',
  time: 'invalid_date',
};

/**
 * A zod issue as a code the console translates. A schema's own code (`coded()` in src/common/error-codes.ts, or
 * `params.errorCode` on a custom issue) wins; otherwise the issue's kind decides. `missing` says the value was
 * absent (zod 4 no longer reports what it received), so `invalid_type` becomes `required`.
 */
export function codeOfIssue(
  issue: ZodIssueFields,
  missing = false,
): { code: FieldErrorCode; params?: FieldErrorParams } {
  const own = issue.params?.errorCode as FieldErrorCode | undefined;
  if (own) return { code: own, params: issue.params?.errorParams as FieldErrorParams | undefined };
  switch (issue.code) {
    case 'invalid_type':
      return missing ? { code: 'required' } : { code: 'invalid_type', params: { expected: issue.expected ?? '' } };
    case 'too_small': {
      const min = num(issue.minimum);
      if (issue.origin === 'string') return min === 1 ? { code: 'required' } : { code: 'too_short', params: { min } };
      if (SIZED.has(issue.origin ?? '')) return { code: 'too_few', params: { min } };
      return issue.inclusive === false
        ? { code: 'must_be_above', params: { min } }
        : { code: 'too_small', params: { min } };
    }
    case 'too_big': {
      const max = num(issue.maximum);
      if (issue.origin === 'string') return { code: 'too_long', params: { max } };
      if (SIZED.has(issue.origin ?? '')) return { code: 'too_many', params: { max } };
      return issue.inclusive === false
        ? { code: 'must_be_below', params: { max } }
        : { code: 'too_big', params: { max } };
    }
    case 'invalid_format':
      return { code: FORMATS[issue.format ?? ''] ?? 'invalid_format' };
    case 'not_multiple_of':
      return { code: 'not_multiple_of', params: { divisor: num(issue.divisor) } };
    case 'invalid_value':
      return { code: 'invalid_choice', params: { values: (issue.values ?? []).map(String).join(', ') } };
    case 'unrecognized_keys':
      return { code: 'unknown_field', params: { keys: (issue.keys ?? []).join(', ') } };
    default:
      return { code: 'invalid' };
  }
}

/** A zod issue from a schema parsed in a service (`safeParse`), as a field error under `prefix`. */
export function fieldErrorOfIssue(
  issue: ZodIssueFields & { path: readonly PropertyKey[]; message: string },
  prefix?: string,
): FieldError {
  const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.') || '(root)';
  return { path, message: issue.message, ...codeOfIssue(issue) };
}
