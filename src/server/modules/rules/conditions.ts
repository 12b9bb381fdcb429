import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { formatQuery, jsonLogicAdditionalOperators } from 'react-querybuilder/formatQuery';
import type { ConditionGroup, ConditionRule } from '../../db/schema/rules.js';
import { type FieldError, issue } from '../../http/problem.js';
import { CUSTOM_PREFIX, fieldDefinition, OPERATORS, type Operator, type WorkOrderPriority } from './rules.fields.js';
import { MAX_CONDITION_DEPTH } from './rules.schemas.js';

// formatQuery emits `startsWith` for `beginsWith`; json-logic-js needs to be taught it (react-querybuilder ships it).
for (const [name, op] of Object.entries(jsonLogicAdditionalOperators)) jsonLogic.add_operation(name, op);

/** The condition tree's types, for modules that build on the rule format (alert rules). */
export type { ConditionGroup, ConditionRule };

/** The work order as rules see it (`POST /rating-rules/dry-run` body, `matchRule` input). */
export interface RuleFacts {
  serviceTypeId?: string;
  serviceTypeCode?: string;
  recordType?: string;
  departmentId?: string;
  /** The department and its ancestors, nearest first; computed from departmentId when absent. */
  departmentPath?: string[];
  regionId?: string;
  store?: string;
  touchpoint?: string;
  priority?: WorkOrderPriority;
  custom?: Record<string, unknown>;
}

export const isGroup = (node: ConditionRule | ConditionGroup): node is ConditionGroup =>
  'rules' in node && Array.isArray(node.rules);

const MAX_DEPTH = MAX_CONDITION_DEPTH;
const MAX_LEAVES = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_OPERATORS = new Set<Operator>(['in', 'notIn']);
const NO_VALUE = new Set<Operator>(['null', 'notNull']);

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Checks that every leaf names a known field, an operator that field allows and a value of the right shape, and
 * returns the tree normalised (lists as arrays, no value for null/notNull). Error paths are under `conditions.`.
 */
export function validateConditions(group: ConditionGroup): { conditions: ConditionGroup; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let leaves = 0;
  const walkGroup = (g: ConditionGroup, path: string, depth: number, top: boolean): ConditionGroup => {
    if (depth > MAX_DEPTH)
      errors.push(issue(path, 'too_deep', `groups nest at most ${MAX_DEPTH} deep`, { max: MAX_DEPTH }));
    // Only the top group may be empty (= every work order); an empty inner group would silently mean nothing.
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
    const base = { ...(r.id ? { id: r.id } : {}), field: r.field, operator: r.operator };
    const field = fieldDefinition(r.field);
    if (!field) {
      errors.push(
        issue(
          `${path}.field`,
          'not_found',
          `is not a known field (see GET /rating-rules/fields; custom fields are ${CUSTOM_PREFIX}<name>)`,
        ),
      );
      return { ...base, value: r.value };
    }
    const op = r.operator as Operator;
    if (!(OPERATORS as readonly string[]).includes(op) || !field.operators.includes(op)) {
      errors.push(
        issue(`${path}.operator`, 'invalid_choice', `must be one of ${field.operators.join(', ')} for ${r.field}`, {
          values: field.operators.join(', '),
        }),
      );
      return { ...base, value: r.value };
    }
    if (NO_VALUE.has(op)) return { ...base, value: null };
    const values: unknown[] = LIST_OPERATORS.has(op)
      ? Array.isArray(r.value)
        ? r.value
        : typeof r.value === 'string'
          ? r.value.split(',').map((s) => s.trim()) // react-querybuilder's default list editor sends "a,b"
          : [undefined]
      : [r.value];
    const problem = (v: unknown, at: string): FieldError | null => {
      if (!isScalar(v) || v === '') return issue(at, 'required', 'needs a value');
      if (field.valueType === 'id' && !(typeof v === 'string' && UUID.test(v)))
        return issue(at, 'invalid_uuid', 'must be an id (uuid)');
      if (field.valueType === 'enum' && !field.values?.includes(String(v)))
        return issue(at, 'invalid_choice', `must be one of ${field.values?.join(', ')}`, {
          values: field.values?.join(', ') ?? '',
        });
      if (field.valueType === 'text' && typeof v !== 'string')
        return issue(at, 'invalid_type', 'must be text', { expected: 'string' });
      if ((op === 'contains' || op === 'beginsWith') && typeof v !== 'string')
        return issue(at, 'invalid_type', 'must be text', { expected: 'string' });
      if (typeof v === 'string' && v.length > 500)
        return issue(at, 'too_long', 'is too long (500 characters at most)', { max: 500 });
      return null;
    };
    if (values.length === 0) errors.push(issue(`${path}.value`, 'too_few', 'needs at least one value', { min: 1 }));
    values.forEach((v, i) => {
      const error = problem(
        v,
        LIST_OPERATORS.has(op) && Array.isArray(r.value) ? `${path}.value.${i}` : `${path}.value`,
      );
      if (error) errors.push(error);
    });
    return { ...base, value: LIST_OPERATORS.has(op) ? values : values[0] };
  };
  const conditions = walkGroup(group, 'conditions', 1, true);
  return { conditions, errors };
}

/**
 * The leaf rewritten into what formatQuery can express. `department` is membership of the id in the facts'
 * `departmentPath` array, which is JSON Logic `in` with the array second — formatQuery's `contains` produces exactly
 * that, so no converter of our own is needed. Comparisons also require the value to be present, because JavaScript
 * (and so json-logic-js) treats a missing value as 0 (`null < 5`).
 */
function expressible(rule: ConditionRule): ConditionRule | ConditionGroup {
  const { field, operator, value } = rule;
  if (field === 'department') {
    const ids = Array.isArray(value) ? value : [value];
    const contains = (id: unknown, negate: boolean): ConditionRule => ({
      field: 'departmentPath',
      operator: negate ? 'doesNotContain' : 'contains',
      value: id,
    });
    if (operator === '=' || operator === '!=') return contains(value, operator === '!=');
    return { combinator: operator === 'in' ? 'or' : 'and', rules: ids.map((id) => contains(id, operator === 'notIn')) };
  }
  if (['<', '<=', '>', '>='].includes(operator)) {
    return {
      combinator: 'and',
      rules: [
        { field, operator: 'notNull', value: null },
        { field, operator, value },
      ],
    };
  }
  return { field, operator, value };
}

function expressibleGroup(group: ConditionGroup): ConditionGroup {
  return {
    combinator: group.combinator,
    not: group.not,
    rules: group.rules.map((r) => (isGroup(r) ? expressibleGroup(r) : expressible(r))),
  };
}

/** formatQuery's hook for a leaf; alert rules (modules/cases/alert-conditions.ts) add their keyword operator with it. */
export type LeafProcessor = NonNullable<
  Exclude<Parameters<typeof formatQuery>[1], string | undefined>['ruleProcessor']
>;

/**
 * The whole condition tree as JSON Logic. An empty top group matches every work order. `ruleProcessor` (optional)
 * writes the leaves it knows and hands the others to react-querybuilder's own.
 */
export function toJsonLogic(group: ConditionGroup, ruleProcessor?: LeafProcessor): RulesLogic {
  if (group.rules.length === 0) return !group.not;
  // Our tree is a react-querybuilder RuleGroupType; its type only differs in making `value` optional.
  const query = expressibleGroup(group) as unknown as Parameters<typeof formatQuery>[0];
  return (
    ruleProcessor ? formatQuery(query, { format: 'jsonlogic', ruleProcessor }) : formatQuery(query, 'jsonlogic')
  ) as RulesLogic;
}

/** The data JSON Logic reads: the facts as given (custom fields under `custom.`). */
const dataOf = (facts: RuleFacts) => ({ ...facts, custom: facts.custom ?? {} });

export function evaluateConditions(group: ConditionGroup, facts: RuleFacts): boolean {
  return Boolean(jsonLogic.apply(toJsonLogic(group), dataOf(facts)));
}

export function actualValue(field: string, facts: RuleFacts): unknown {
  if (field === 'department') return facts.departmentPath ?? [];
  if (field.startsWith(CUSTOM_PREFIX)) return facts.custom?.[field.slice(CUSTOM_PREFIX.length)] ?? null;
  return (facts as Record<string, unknown>)[field] ?? null;
}

export interface FailedCondition {
  path: string;
  field: string;
  operator: string;
  value: unknown;
  actual: unknown;
  /** True when the condition held but a `not` group needed it not to. */
  negated: boolean;
}

/**
 * The leaves responsible for a rule not matching. A leaf is evaluated on its own (same JSON Logic as the whole tree);
 * a failing AND lists its failing children, a failing OR lists every child (all failed), and inside a `not` group the
 * roles swap: the leaves that held are the ones to blame.
 */
export function explainFailure(group: ConditionGroup, facts: RuleFacts): FailedCondition[] {
  const data = dataOf(facts);
  const leafHolds = (r: ConditionRule) =>
    Boolean(jsonLogic.apply(toJsonLogic({ combinator: 'and', rules: [r] }), data));
  const holds = (node: ConditionRule | ConditionGroup): boolean => {
    if (!isGroup(node)) return leafHolds(node);
    const inner =
      node.rules.length === 0 || (node.combinator === 'and' ? node.rules.every(holds) : node.rules.some(holds));
    return node.not ? !inner : inner;
  };
  const blame = (node: ConditionRule | ConditionGroup, path: string, want: boolean): FailedCondition[] => {
    if (holds(node) === want) return [];
    if (!isGroup(node)) {
      return [
        {
          path,
          field: node.field,
          operator: node.operator,
          value: node.value ?? null,
          actual: actualValue(node.field, facts),
          negated: !want,
        },
      ];
    }
    const innerWant = node.not ? !want : want;
    return node.rules.flatMap((child, i) =>
      holds(child) === innerWant ? [] : blame(child, `${path ? `${path}.` : ''}rules.${i}`, innerWant),
    );
  };
  return blame(group, '', true);
}
