import { conditionText, type Lang, type Lookups } from '../rules/conditionText';
import { type ConditionGroup, type ConditionRule, isGroup, type RuleFields } from '../rules/rulesApi';
import type { AlertFields } from './alertRulesApi';

/**
 * Readable, localised text of an alert condition: the rating's fields (`rating.*`) read here, the work-order fields
 * by the rating rules' own text (`rules/conditionText.ts`).
 */

export interface AlertLookups extends Lookups {
  /** Localised values of the enum fields: `rating.class` → { negative: 'Negative', … }. */
  enumValues: Record<string, Record<string, string>>;
  yes: string;
  no: string;
}

export const RATING_PREFIX = 'rating.';

export function alertFieldLabel(fields: AlertFields | undefined, name: string, lang: Lang): string {
  const known = fields?.ratingFields.find((f) => f.name === name);
  if (known) return known.label[lang];
  const prefixed = fields?.prefixFields.find((f) => name.startsWith(f.prefix));
  if (prefixed) return `${prefixed.label[lang]}: ${name.slice(prefixed.prefix.length)}`;
  return name;
}

function alertValueText(name: string, value: unknown, lookups: AlertLookups): string {
  if (value === undefined || value === null || value === '') return lookups.empty;
  if (Array.isArray(value)) {
    return value.length ? value.map((item) => alertValueText(name, item, lookups)).join(', ') : lookups.empty;
  }
  if (value === true || value === 'true') return lookups.yes;
  if (value === false || value === 'false') return lookups.no;
  const text = String(value);
  const localised = lookups.enumValues[name]?.[text];
  if (localised) return localised;
  return typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(text) ? text : `“${text}”`;
}

export function alertConditionText(
  fields: AlertFields | undefined,
  meta: RuleFields | undefined,
  rule: ConditionRule,
  lang: Lang,
  lookups: AlertLookups,
): string {
  if (!rule.field.startsWith(RATING_PREFIX)) return conditionText(meta, rule, lang, lookups);
  const field = alertFieldLabel(fields, rule.field, lang);
  const operator = fields?.operators.find((o) => o.name === rule.operator)?.label[lang] ?? rule.operator;
  if (rule.operator === 'null' || rule.operator === 'notNull') return `${field} ${operator}`;
  const value =
    typeof rule.value === 'string' && (rule.operator === 'in' || rule.operator === 'notIn')
      ? rule.value.split(',').map((v) => v.trim())
      : rule.value;
  return `${field} ${operator} ${alertValueText(rule.field, value, lookups)}`;
}

/** The whole condition on one line; null when it is empty (the rule matches every rating). */
export function alertGroupText(
  fields: AlertFields | undefined,
  meta: RuleFields | undefined,
  group: ConditionGroup,
  lang: Lang,
  lookups: AlertLookups,
): string | null {
  const parts = group.rules
    .map((item) => {
      if (!isGroup(item)) return alertConditionText(fields, meta, item, lang, lookups);
      const inner = alertGroupText(fields, meta, item, lang, lookups);
      return inner === null ? null : `(${inner})`;
    })
    .filter((part): part is string => part !== null);
  if (parts.length === 0) return null;
  const joined = parts.join(` ${group.combinator === 'or' ? lookups.or : lookups.and} `);
  return group.not ? `${lookups.not} (${joined})` : joined;
}

/** `rating.dimensions.<key>` / `rating.answers.<key>` fields used anywhere in a condition. */
export function prefixedFieldsOf(group: ConditionGroup | undefined, prefixes: readonly string[]): string[] {
  if (!group) return [];
  const out = new Set<string>();
  const walk = (g: ConditionGroup) => {
    for (const item of g.rules) {
      if (isGroup(item)) walk(item);
      else if (prefixes.some((p) => item.field.startsWith(p))) out.add(item.field);
    }
  };
  walk(group);
  return [...out];
}

/**
 * The condition as the builder edits it: the server stores yes/no answers and booleans as true/false, which the
 * text and select editors show as the strings 'true'/'false' (the server accepts both).
 */
export function forEditing(group: ConditionGroup): ConditionGroup {
  return {
    ...group,
    rules: group.rules.map((item) => {
      if (isGroup(item)) return forEditing(item);
      if (typeof item.value === 'boolean') {
        return { ...item, value: String(item.value) };
      }
      if (typeof item.value === 'number') return { ...item, value: String(item.value) };
      return item;
    }),
  };
}
