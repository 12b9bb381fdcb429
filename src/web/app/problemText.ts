import i18n from 'i18next';
import { FIELD_ERROR_CODES, PROBLEM_TYPES } from '../../common/error-codes';
import type { Problem, ProblemFieldError } from './api';

/** react-i18next's `t` or the global one. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;
const globalT: Translate = (key, options) => i18n.t(key, options);

const TYPE_PREFIX = 'https://rateloop.dev/problems/';
const problemTypes = new Set<string>(PROBLEM_TYPES);
const fieldCodes = new Set<string>(FIELD_ERROR_CODES);

/** The problem's slug when it is one we know (`conflict`), else undefined. */
export function problemSlug(problem: Problem): string | undefined {
  const slug = problem.type?.startsWith(TYPE_PREFIX) ? problem.type.slice(TYPE_PREFIX.length) : undefined;
  return slug && problemTypes.has(slug) ? slug : undefined;
}

/** A field error in the user's language; the server's English `message` only for a code this console does not know. */
export function fieldErrorText(item: ProblemFieldError, t: Translate = globalT): string {
  if (item.code && fieldCodes.has(item.code)) return t(`fieldErrors.${item.code}`, { ...item.params });
  return item.message;
}

/** The problem as one line in the user's language: its type's text; `detail` only for an unknown type. */
export function problemText(problem: Problem, t: Translate = globalT, fallback = t('errors.generic')): string {
  const slug = problemSlug(problem);
  if (slug) return t(`problems.${slug}`);
  return problem.detail || problem.title || fallback;
}
