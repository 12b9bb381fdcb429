/**
 * Alert-rule conditions (issue 17): the rating rules' format — a react-querybuilder group turned into JSON Logic by
 * `rules/conditions.ts` `toJsonLogic` — over the work order's rule facts (the same fields and department scope as
 * rating rules, checked by the rating rules' own validation) plus the rating's fields under `rating.`: its class,
 * score and stars, each dimension's normalised value, each answer as given, the NPS answer and its group, the
 * comment and the "contact me" request. Keywords are the one operator of our own (`containsKeyword`): whole words of
 * the segmented comment (`src/common/text/terms.ts`, negation folded in), never substrings.
 */
import jsonLogic from 'json-logic-js';
import { defaultRuleProcessorJsonLogic } from 'react-querybuilder/formatQuery';
import type { ScoringTemplate } from '../../../common/scoring/index.js';
import { containsKeyword, keywordKey, termsOf } from '../../../common/text/terms.js';
import { type FieldError, issue } from '../../http/problem.js';
import type { RatingRecord } from '../ratings/ratings-by-id.js';
import {
  type ConditionGroup,
  type ConditionRule,
  isGroup,
  type LeafProcessor,
  type RuleFacts,
  toJsonLogic,
  validateConditions,
} from '../rules/conditions.js';
import { fieldDefinition, OPERATOR_LABELS, OPERATORS } from '../rules/rules.fields.js';
import { MAX_CONDITION_DEPTH } from '../rules/rules.schemas.js';

export const KEYWORD_OPERATOR = 'containsKeyword';
export const ALERT_OPERATORS = [...OPERATORS, KEYWORD_OPERATOR] as const;
export type AlertOperator = (typeof ALERT_OPERATORS)[number];
export const ALERT_OPERATOR_LABELS: Record<AlertOperator, { 'zh-CN': string; en: string }> = {
  ...OPERATOR_LABELS,
  containsKeyword: { 'zh-CN': '包含关键词', en: 'contains a keyword' },
};

/** SCORING.md §4's classes (the ratings module's `ratings.class`). */
const RATING_CLASSES = ['negative', 'neutral', 'satisfied'] as const satisfies readonly NonNullable<
  RatingRecord['class']
>[];

export const NPS_CATEGORIES = ['detractor', 'passive', 'promoter'] as const;
export type NpsCategory = (typeof NPS_CATEGORIES)[number];

/** number: a number (numeric text accepted); boolean: true/false; enum: one of `values`; keywords: a list of words. */
export type AlertValueType = 'number' | 'boolean' | 'enum' | 'keywords' | 'any';

export interface AlertRatingField {
  name: string;
  label: { 'zh-CN': string; en: string };
  valueType: AlertValueType;
  values?: readonly string[];
  min?: number;
  max?: number;
  operators: readonly AlertOperator[];
  description: string;
}

const NUMBER: AlertOperator[] = ['=', '!=', '<', '<=', '>', '>=', 'null', 'notNull'];
const CHOICE: AlertOperator[] = ['=', '!=', 'in', 'notIn', 'null', 'notNull'];
export const DIMENSION_PREFIX = 'rating.dimensions.';
export const ANSWER_PREFIX = 'rating.answers.';
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export const ALERT_RATING_FIELDS: readonly AlertRatingField[] = [
  {
    name: 'rating.class',
    label: { 'zh-CN': '评价类别', en: 'Rating class' },
    valueType: 'enum',
    values: RATING_CLASSES,
    operators: CHOICE,
    description: 'negative (S < 37.5, the “1–2 stars”), neutral or satisfied (S ≥ 62.5); SCORING.md §4.',
  },
  {
    name: 'rating.score',
    label: { 'zh-CN': '总分（0–100）', en: 'Score (0–100)' },
    valueType: 'number',
    min: 0,
    max: 100,
    operators: NUMBER,
    description: 'The weighted score S.',
  },
  {
    name: 'rating.stars',
    label: { 'zh-CN': '星级（1–5）', en: 'Stars (1–5)' },
    valueType: 'number',
    min: 1,
    max: 5,
    operators: NUMBER,
    description: 'S as whole stars.',
  },
  {
    name: 'rating.nps',
    label: { 'zh-CN': 'NPS 分值（0–10）', en: 'NPS answer (0–10)' },
    valueType: 'number',
    min: 0,
    max: 10,
    operators: NUMBER,
    description: 'The answer to the template’s NPS question (empty when it has none or it was not answered).',
  },
  {
    name: 'rating.npsCategory',
    label: { 'zh-CN': 'NPS 类别', en: 'NPS group' },
    valueType: 'enum',
    values: NPS_CATEGORIES,
    operators: CHOICE,
    description: 'detractor (0–6), passive (7–8) or promoter (9–10).',
  },
  {
    name: 'rating.comment',
    label: { 'zh-CN': '评价留言', en: 'Comment' },
    valueType: 'keywords',
    operators: [KEYWORD_OPERATOR, 'null', 'notNull'],
    description:
      'The text answers. A keyword matches whole words (Chinese segmented; 不满意 matches 很不满意, 满意 does not).',
  },
  {
    name: 'rating.contactRequested',
    label: { 'zh-CN': '客户要求联系', en: 'Customer asked to be contacted' },
    valueType: 'boolean',
    operators: ['=', '!='],
    description: 'The customer asked to be contacted (the thank-you page’s “contact me”).',
  },
];

/** `rating.dimensions.<key>` and `rating.answers.<key>`, the keys being the template's dimension keys. */
export const ALERT_PREFIX_FIELDS: readonly (Omit<AlertRatingField, 'name'> & { prefix: string })[] = [
  {
    prefix: DIMENSION_PREFIX,
    label: { 'zh-CN': '维度得分（0–100）', en: 'Dimension score (0–100)' },
    valueType: 'number',
    min: 0,
    max: 100,
    operators: NUMBER,
    description: 'A scored dimension’s normalised value n (1★ = 0, 5★ = 100, yes = 100; SCORING.md §1).',
  },
  {
    prefix: ANSWER_PREFIX,
    label: { 'zh-CN': '题目答案', en: 'Answer' },
    valueType: 'any',
    operators: [...CHOICE, '<', '<=', '>', '>='],
    description: 'The answer as given: stars / points as numbers, yes/no as true/false, a choice as its option key.',
  },
];

export function alertFieldDefinition(name: string): AlertRatingField | undefined {
  const known = ALERT_RATING_FIELDS.find((f) => f.name === name);
  if (known) return known;
  const prefixed = ALERT_PREFIX_FIELDS.find((f) => name.startsWith(f.prefix));
  if (prefixed && KEY_PATTERN.test(name.slice(prefixed.prefix.length))) {
    const { prefix: _prefix, ...field } = prefixed;
    return { name, ...field };
  }
  return undefined;
}

const MAX_LEAVES = 100;
export const MAX_KEYWORDS = 50;
const MAX_KEYWORD_LENGTH = 100;
const LIST_OPERATORS = new Set<string>(['in', 'notIn']);
const NO_VALUE = new Set<string>(['null', 'notNull']);
const COMPARISONS = new Set<string>(['<', '<=', '>', '>=']);

/** react-querybuilder's list editors send "a,b"; keywords may also be separated by Chinese commas or new lines. */
const listOf = (value: unknown, separators: RegExp): unknown[] =>
  Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value
          .split(separators)
          .map((s) => s.trim())
          .filter(Boolean)
      : [value];

function ratingLeaf(rule: ConditionRule, field: AlertRatingField, path: string, errors: FieldError[]): ConditionRule {
  const base = { ...(rule.id ? { id: rule.id } : {}), field: rule.field, operator: rule.operator };
  const op = rule.operator as AlertOperator;
  if (!field.operators.includes(op)) {
    errors.push(
      issue(`${path}.operator`, 'invalid_choice', `must be one of ${field.operators.join(', ')} for ${rule.field}`, {
        values: field.operators.join(', '),
      }),
    );
    return { ...base, value: rule.value };
  }
  if (NO_VALUE.has(op)) return { ...base, value: null };
  if (op === KEYWORD_OPERATOR) {
    const keywords = [
      ...new Set(listOf(rule.value, /[,，、;；\n]/).map((k) => (typeof k === 'string' ? k.trim() : k))),
    ];
    if (keywords.length === 0) errors.push(issue(`${path}.value`, 'too_few', 'needs at least one keyword', { min: 1 }));
    if (keywords.length > MAX_KEYWORDS)
      errors.push(issue(`${path}.value`, 'too_many', `at most ${MAX_KEYWORDS} keywords`, { max: MAX_KEYWORDS }));
    keywords.forEach((k, i) => {
      const at = Array.isArray(rule.value) ? `${path}.value.${i}` : `${path}.value`;
      if (typeof k !== 'string' || k === '') errors.push(issue(at, 'required', 'needs a keyword'));
      else if (k.length > MAX_KEYWORD_LENGTH)
        errors.push(issue(at, 'too_long', `is too long (${MAX_KEYWORD_LENGTH} characters at most)`, { max: 100 }));
      else if (!keywordKey(k)) errors.push(issue(at, 'invalid', 'has no word to match'));
    });
    return { ...base, value: keywords };
  }
  const one = (v: unknown, at: string): unknown => {
    const missing = v === undefined || v === null || v === '';
    if (missing) {
      errors.push(issue(at, 'required', 'needs a value'));
      return v;
    }
    const numeric = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    switch (field.valueType) {
      case 'number': {
        if (!Number.isFinite(numeric)) {
          errors.push(issue(at, 'invalid_type', 'must be a number', { expected: 'number' }));
          return v;
        }
        if ((field.min !== undefined && numeric < field.min) || (field.max !== undefined && numeric > field.max)) {
          errors.push(
            issue(at, 'out_of_range', `must be between ${field.min} and ${field.max}`, {
              min: field.min ?? '',
              max: field.max ?? '',
            }),
          );
        }
        return numeric;
      }
      case 'boolean':
        if (v === true || v === 'true') return true;
        if (v === false || v === 'false') return false;
        errors.push(issue(at, 'invalid_type', 'must be true or false', { expected: 'boolean' }));
        return v;
      case 'enum':
        if (!field.values?.includes(String(v)))
          errors.push(
            issue(at, 'invalid_choice', `must be one of ${field.values?.join(', ')}`, {
              values: field.values?.join(', ') ?? '',
            }),
          );
        return String(v);
      default: {
        // An answer: compared as given, numbers numerically (a comparison needs a number).
        if (COMPARISONS.has(op)) {
          if (!Number.isFinite(numeric))
            errors.push(issue(at, 'invalid_type', 'must be a number', { expected: 'number' }));
          return numeric;
        }
        if (typeof v === 'string') {
          if (v.length > 500) errors.push(issue(at, 'too_long', 'is too long (500 characters at most)', { max: 500 }));
          if (v === 'true' || v === 'false') return v === 'true';
          return v;
        }
        if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
        errors.push(issue(at, 'invalid_type', 'must be text, a number or true/false'));
        return v;
      }
    }
  };
  if (LIST_OPERATORS.has(op)) {
    const values = listOf(rule.value, /,/);
    if (values.length === 0) errors.push(issue(`${path}.value`, 'too_few', 'needs at least one value', { min: 1 }));
    if (values.length > 100) errors.push(issue(`${path}.value`, 'too_many', 'at most 100 values', { max: 100 }));
    return {
      ...base,
      value: values.map((v, i) => one(v, Array.isArray(rule.value) ? `${path}.value.${i}` : `${path}.value`)),
    };
  }
  return { ...base, value: one(rule.value, `${path}.value`) };
}

/**
 * Checks an alert rule's condition (error paths under `condition.`) and returns it normalised: the rating fields
 * here, the work-order fields by the rating rules' own validation (same messages and codes).
 */
export function validateAlertCondition(group: ConditionGroup): { condition: ConditionGroup; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let leaves = 0;
  const walkGroup = (g: ConditionGroup, path: string, depth: number, top: boolean): ConditionGroup => {
    if (depth > MAX_CONDITION_DEPTH)
      errors.push(
        issue(path, 'too_deep', `groups nest at most ${MAX_CONDITION_DEPTH} deep`, { max: MAX_CONDITION_DEPTH }),
      );
    if (!top && g.rules.length === 0)
      errors.push(issue(`${path}.rules`, 'too_few', 'a group needs at least one condition', { min: 1 }));
    const rules = g.rules.map((r, i) =>
      isGroup(r) ? walkGroup(r, `${path}.rules.${i}`, depth + 1, false) : walkRule(r, `${path}.rules.${i}`),
    );
    return { ...(g.id ? { id: g.id } : {}), combinator: g.combinator, ...(g.not ? { not: true } : {}), rules };
  };
  const walkRule = (r: ConditionRule, path: string): ConditionRule => {
    leaves += 1;
    if (leaves === MAX_LEAVES + 1)
      errors.push(issue(path, 'too_many', `at most ${MAX_LEAVES} conditions per rule`, { max: MAX_LEAVES }));
    const ratingField = alertFieldDefinition(r.field);
    if (ratingField) return ratingLeaf(r, ratingField, path, errors);
    if (!fieldDefinition(r.field)) {
      errors.push(
        issue(
          `${path}.field`,
          'not_found',
          'is not a known field (see GET /alert-rules/fields; answers are rating.answers.<key>, custom work-order fields custom.<name>)',
        ),
      );
      return r;
    }
    // A work-order field: the rating rules' check of one leaf, its error paths moved to this leaf.
    const checked = validateConditions({ combinator: 'and', rules: [r] });
    const prefix = 'conditions.rules.0';
    for (const e of checked.errors) errors.push({ ...e, path: path + e.path.slice(prefix.length) });
    return checked.conditions.rules[0] as ConditionRule;
  };
  const condition = walkGroup(group, 'condition', 1, true);
  return { condition, errors };
}

/** What alert conditions read of a rating (under `rating.`). */
export interface RatingFacts {
  class: string | null;
  score: number | null;
  stars: number | null;
  nps: number | null;
  npsCategory: NpsCategory | null;
  comment: string | null;
  contactRequested: boolean;
  dimensions: Record<string, number | null>;
  answers: Record<string, unknown>;
}

export type AlertFacts = RuleFacts & { rating: RatingFacts };

export const npsCategoryOf = (answer: number): NpsCategory =>
  answer <= 6 ? 'detractor' : answer <= 8 ? 'passive' : 'promoter';

/** The rating's facts, read with the template version it answered (which dimension is the NPS, which are text). */
export function ratingFactsOf(rating: RatingRecord, template: ScoringTemplate): RatingFacts {
  const answers = rating.answers as Record<string, unknown>;
  const npsDimension = template.dimensions.find((d) => d.type === 'nps' && typeof answers[d.key] === 'number');
  const nps = npsDimension ? (answers[npsDimension.key] as number) : null;
  const texts = template.dimensions
    .filter((d) => d.type === 'text' && typeof answers[d.key] === 'string' && answers[d.key] !== '')
    .map((d) => answers[d.key] as string);
  return {
    class: rating.class,
    score: rating.score,
    stars: rating.roundedStars,
    nps,
    npsCategory: nps === null ? null : npsCategoryOf(nps),
    comment: texts.length > 0 ? texts.join('\n') : null,
    contactRequested: rating.contactRequested,
    dimensions: rating.normalised,
    answers,
  };
}

/** The comment's words, segmented once for all the rules evaluated against it. */
let lastTerms: { text: string; terms: string[] } | null = null;
function termsOfCached(text: string): string[] {
  if (lastTerms?.text !== text) lastTerms = { text, terms: termsOf(text) };
  return lastTerms.terms;
}

jsonLogic.add_operation(
  KEYWORD_OPERATOR,
  (text: unknown, keywords: unknown) =>
    typeof text === 'string' &&
    Array.isArray(keywords) &&
    keywords.some((k) => typeof k === 'string' && containsKeyword(termsOfCached(text), k)),
);

/** Our keyword leaves as `{ containsKeyword: [var, keywords] }`; every other leaf as react-querybuilder writes it. */
const keywordLeaves: LeafProcessor = (rule, options) =>
  rule.operator === KEYWORD_OPERATOR
    ? { [KEYWORD_OPERATOR]: [{ var: rule.field }, Array.isArray(rule.value) ? rule.value : [rule.value]] }
    : defaultRuleProcessorJsonLogic(rule, options);

export function evaluateAlertCondition(condition: ConditionGroup, facts: AlertFacts): boolean {
  const logic = toJsonLogic(condition, keywordLeaves);
  return Boolean(jsonLogic.apply(logic, { ...facts, custom: facts.custom ?? {} }));
}

/** The condition's keywords found in the comment (each once, as the rule wrote it). */
export function matchedKeywordsOf(condition: ConditionGroup, facts: AlertFacts): string[] {
  const comment = facts.rating.comment;
  if (!comment) return [];
  const terms = termsOfCached(comment);
  const found = new Set<string>();
  const walk = (node: ConditionGroup | ConditionRule) => {
    if (isGroup(node)) node.rules.forEach(walk);
    else if (node.operator === KEYWORD_OPERATOR && node.field === 'rating.comment' && Array.isArray(node.value)) {
      for (const k of node.value) if (typeof k === 'string' && containsKeyword(terms, k)) found.add(k);
    }
  };
  walk(condition);
  return [...found];
}
