import type { FieldErrorCode, FieldErrorParams } from '../../../common/error-codes.js';
import { type Dimension, isScoredDimension, scoringTemplateSchema } from '../../../common/scoring/index.js';
import { type FieldError, issue } from '../../http/problem.js';
import { codeOfIssue } from '../../http/zod-issues.js';

/** Dimension keys become answer keys, URL-safe form field names and report columns: short, lower-case, stable. */
export const DIMENSION_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
const LANGUAGES = ['zh-CN', 'en'] as const;
const CHOICE_TYPES = new Set(['single_choice', 'multi_choice']);

/**
 * Everything a version must satisfy to be published, as a list of field errors (`dimensions.2.label.en`). Our own
 * checks come first because their messages are written for the editor; the scoring engine's schema then catches
 * whatever else it requires. One message per path.
 */
export function publishErrors(template: { weighting: boolean; dimensions: Dimension[] }): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, code: FieldErrorCode, message: string, params?: FieldErrorParams) =>
    errors.push(issue(path, code, message, params));
  const { dimensions } = template;
  if (dimensions.length === 0) add('dimensions', 'too_few', 'a template needs at least one dimension', { min: 1 });

  const keys = new Map<string, number>();
  dimensions.forEach((d, i) => {
    const at = `dimensions.${i}`;
    if (!DIMENSION_KEY_PATTERN.test(d.key))
      add(`${at}.key`, 'invalid_format', 'must match ^[a-z][a-z0-9_]{0,39}$ (lower-case letter first)');
    else if (keys.has(d.key)) add(`${at}.key`, 'duplicate', `duplicates dimensions.${keys.get(d.key)}.key`);
    else keys.set(d.key, i);
    for (const lang of LANGUAGES)
      if (!d.label[lang]?.trim()) add(`${at}.label.${lang}`, 'required', 'must not be blank');
    if (d.weight < 0) add(`${at}.weight`, 'too_small', 'must be 0 or more', { min: 0 });
    if (CHOICE_TYPES.has(d.type)) {
      const options = d.options ?? [];
      if (options.length === 0)
        add(`${at}.options`, 'too_few', 'a choice dimension needs at least one option', { min: 1 });
      const optionKeys = new Set<string>();
      options.forEach((o, j) => {
        const oat = `${at}.options.${j}`;
        if (optionKeys.has(o.key)) add(`${oat}.key`, 'duplicate', 'duplicate option key');
        optionKeys.add(o.key);
        for (const lang of LANGUAGES)
          if (!o.label[lang]?.trim()) add(`${oat}.label.${lang}`, 'required', 'must not be blank');
        if (o.score !== undefined && !(o.score >= 0 && o.score <= 100))
          add(`${oat}.score`, 'out_of_range', 'must be between 0 and 100', { min: 0, max: 100 });
      });
    }
    if (d.inverted !== undefined && d.type !== 'yes_no')
      add(`${at}.inverted`, 'not_applicable', 'only yes/no dimensions can be inverted');
    if (d.maxLength !== undefined && d.type !== 'text')
      add(`${at}.maxLength`, 'not_applicable', 'only text dimensions have a maximum length');
  });

  const outcomes = dimensions.flatMap((d, i) => (d.outcome ? [i] : []));
  for (const i of outcomes.slice(1))
    add(`dimensions.${i}.outcome`, 'only_one', 'at most one dimension can be the outcome');

  if (template.weighting && dimensions.length > 0 && !dimensions.some((d) => isScoredDimension(d) && d.weight > 0)) {
    add('dimensions', 'weight_required', 'with weighting on, at least one scored dimension needs a weight above 0');
  }

  // The engine's schema is the final word; its issues already explained by ours (same path or below) are dropped.
  const parsed = scoringTemplateSchema.safeParse(template);
  const ours = errors.map((e) => e.path);
  if (!parsed.success) {
    for (const zodIssue of parsed.error.issues) {
      const path = zodIssue.path.join('.') || '(root)';
      if (ours.some((p) => p === path || p.startsWith(`${path}.`))) continue;
      const { code, params } = codeOfIssue(zodIssue);
      add(path, code, zodIssue.message, params);
    }
  }
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.path) && Boolean(seen.add(e.path)));
}
