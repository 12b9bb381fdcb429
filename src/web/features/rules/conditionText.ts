import { type ConditionGroup, type ConditionRule, isGroup, type RuleFields } from './rulesApi';

/**
 * Readable, localised text for conditions and dry-run failures: "Store equals “Shanghai-01”". Ids of service types
 * and departments are shown by name.
 */

export type Lang = 'zh-CN' | 'en';

export interface Lookups {
  serviceTypes: Map<string, string>;
  departments: Map<string, string>;
  /** Localised priority names. */
  priorities: Record<string, string>;
  /** Shown for a missing value. */
  empty: string;
  and: string;
  or: string;
  not: string;
}

export function fieldLabel(meta: RuleFields | undefined, field: string, lang: Lang): string {
  const known = meta?.fields.find((f) => f.name === field);
  if (known) return known.label[lang];
  if (meta && field.startsWith(meta.customField.prefix)) {
    return `${meta.customField.label[lang]} ${field.slice(meta.customField.prefix.length)}`;
  }
  return field;
}

export function operatorLabel(meta: RuleFields | undefined, operator: string, lang: Lang): string {
  return meta?.operators.find((o) => o.name === operator)?.label[lang] ?? operator;
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value.includes(',')) return value.split(',').map((part) => part.trim());
  return [value];
}

/** One value as the user knows it: a name for an id, a localised priority, quoted text. */
export function valueText(meta: RuleFields | undefined, field: string, value: unknown, lookups: Lookups): string {
  if (value === undefined || value === null || value === '') return lookups.empty;
  if (Array.isArray(value)) {
    if (value.length === 0) return lookups.empty;
    // The department path (department and its ancestors) reads best from the top down.
    const items = field === 'department' ? [...value].reverse() : value;
    return items.map((item) => valueText(meta, field, item, lookups)).join(field === 'department' ? ' › ' : ', ');
  }
  const definition = meta?.fields.find((f) => f.name === field);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (definition?.reference === 'service_type') return lookups.serviceTypes.get(text) ?? text;
  if (definition?.reference === 'department') return lookups.departments.get(text) ?? text;
  if (definition?.name === 'priority') return lookups.priorities[text] ?? text;
  return typeof value === 'string' ? `“${value}”` : text;
}

export function conditionText(meta: RuleFields | undefined, rule: ConditionRule, lang: Lang, lookups: Lookups) {
  const field = fieldLabel(meta, rule.field, lang);
  const operator = operatorLabel(meta, rule.operator, lang);
  if (rule.operator === 'null' || rule.operator === 'notNull') return `${field} ${operator}`;
  const value =
    rule.operator === 'in' || rule.operator === 'notIn'
      ? listOf(rule.value)
          .map((item) => valueText(meta, rule.field, item, lookups))
          .join(', ')
      : valueText(meta, rule.field, rule.value, lookups);
  return `${field} ${operator} ${value}`;
}

/** The whole condition tree on one line; null when it is empty (the rule matches every work order). */
export function groupText(
  meta: RuleFields | undefined,
  group: ConditionGroup,
  lang: Lang,
  lookups: Lookups,
): string | null {
  const parts = group.rules
    .map((item) => {
      if (!isGroup(item)) return conditionText(meta, item, lang, lookups);
      const inner = groupText(meta, item, lang, lookups);
      return inner === null ? null : `(${inner})`;
    })
    .filter((part): part is string => part !== null);
  if (parts.length === 0) return null;
  const joined = parts.join(` ${group.combinator === 'or' ? lookups.or : lookups.and} `);
  return group.not ? `${lookups.not} (${joined})` : joined;
}

/** Finds the condition a dry-run `path` (`rules.1.rules.0`) points at. */
export function conditionAt(group: ConditionGroup, path: string): ConditionRule | ConditionGroup | undefined {
  let node: ConditionRule | ConditionGroup | undefined = group;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] !== 'rules' || !node || !isGroup(node)) return undefined;
    node = node.rules[Number(parts[i + 1])];
  }
  return node;
}

/** Custom field names (`custom.<name>`) used anywhere in a condition tree. */
export function customFieldsOf(group: ConditionGroup | undefined, prefix = 'custom.'): string[] {
  if (!group) return [];
  const out = new Set<string>();
  const walk = (g: ConditionGroup) => {
    for (const item of g.rules) {
      if (isGroup(item)) walk(item);
      else if (item.field.startsWith(prefix)) out.add(item.field);
    }
  };
  walk(group);
  return [...out];
}
