import { type FormFields, type PageLang, parseFormAnswers, t } from '../../common/rating-page/index.js';
import type { Answers, Dimension } from '../../common/scoring/index.js';
import type { FieldError } from '../http/problem.js';

/**
 * One-click links (e.g. "rate 1–5" buttons in an e-mail): `?preselect=<dimensionKey>:<value>` (repeatable) only
 * pre-selects answers on the rendered form; the customer still confirms by submitting. Unknown keys are ignored.
 */
export function preselectedAnswers(
  template: { dimensions: readonly Dimension[] },
  preselect: string | string[] | undefined,
): Answers | undefined {
  if (!preselect) return undefined;
  const keys = new Set(template.dimensions.map((d) => d.key));
  const fields: FormFields = {};
  for (const item of [preselect].flat().slice(0, 20)) {
    const at = item.indexOf(':');
    if (at <= 0) continue;
    const key = item.slice(0, at);
    if (keys.has(key)) fields[key] = item.slice(at + 1);
  }
  return parseFormAnswers(template, fields);
}

/**
 * The scoring engine's field errors (`answers.<key>`, English) as the page shows them: the localised "please
 * answer" for missing answers; anything else can only come from a tampered form, so its message is shown as is.
 */
export function pageErrors(
  template: { dimensions: readonly Dimension[] },
  errors: readonly FieldError[],
  lang: PageLang,
): Record<string, string> {
  const keys = new Set(template.dimensions.map((d) => d.key));
  const out: Record<string, string> = { _form: t(lang, 'errorForm') };
  for (const e of errors) {
    const key = e.path.replace(/^answers\./, '');
    if (keys.has(key) && !out[key]) out[key] = e.message === 'is required' ? t(lang, 'errorRequired') : e.message;
  }
  return out;
}
