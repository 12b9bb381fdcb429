/**
 * What a rating-rule condition can test: the work-order facts (`matchRule` input) and the operators per kind of
 * value. Served at `GET /rating-rules/fields` so the console's query builder offers exactly what the server accepts.
 */

export const OPERATORS = [
  '=',
  '!=',
  'in',
  'notIn',
  'contains',
  'beginsWith',
  '<',
  '<=',
  '>',
  '>=',
  'null',
  'notNull',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPERATOR_LABELS: Record<Operator, { 'zh-CN': string; en: string }> = {
  '=': { 'zh-CN': '等于', en: 'equals' },
  '!=': { 'zh-CN': '不等于', en: 'does not equal' },
  in: { 'zh-CN': '属于', en: 'is one of' },
  notIn: { 'zh-CN': '不属于', en: 'is not one of' },
  contains: { 'zh-CN': '包含', en: 'contains' },
  beginsWith: { 'zh-CN': '开头是', en: 'begins with' },
  '<': { 'zh-CN': '小于', en: 'less than' },
  '<=': { 'zh-CN': '小于等于', en: 'at most' },
  '>': { 'zh-CN': '大于', en: 'greater than' },
  '>=': { 'zh-CN': '大于等于', en: 'at least' },
  null: { 'zh-CN': '为空', en: 'is empty' },
  notNull: { 'zh-CN': '不为空', en: 'is not empty' },
};

/** id: a uuid (picked from a list); text: free text; enum: one of `values`; any: custom fields (text or number). */
export type RuleValueType = 'id' | 'text' | 'enum' | 'any';

export interface RuleField {
  name: string;
  label: { 'zh-CN': string; en: string };
  valueType: RuleValueType;
  /** For the console's pickers: which list the ids come from. */
  reference?: 'service_type' | 'department';
  values?: readonly string[];
  operators: readonly Operator[];
  description: string;
}

const EQUALITY: Operator[] = ['=', '!=', 'in', 'notIn', 'null', 'notNull'];
const TEXT: Operator[] = [...EQUALITY, 'contains', 'beginsWith'];
export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];
export const CUSTOM_PREFIX = 'custom.';
export const CUSTOM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const RULE_FIELDS: readonly RuleField[] = [
  {
    name: 'serviceTypeId',
    label: { 'zh-CN': '服务类型', en: 'Service type' },
    valueType: 'id',
    reference: 'service_type',
    operators: EQUALITY,
    description: 'The work order’s service type.',
  },
  {
    name: 'serviceTypeCode',
    label: { 'zh-CN': '服务类型编码', en: 'Service type code' },
    valueType: 'text',
    operators: TEXT,
    description: 'The service type’s code (looked up from serviceTypeId when not given).',
  },
  {
    name: 'recordType',
    label: { 'zh-CN': '记录类型', en: 'Record type' },
    valueType: 'text',
    operators: TEXT,
    description: 'Work-order record type.',
  },
  {
    name: 'departmentId',
    label: { 'zh-CN': '部门（精确）', en: 'Department (exactly)' },
    valueType: 'id',
    reference: 'department',
    operators: EQUALITY,
    description: 'The work order’s own department only.',
  },
  {
    name: 'department',
    label: { 'zh-CN': '部门（含下级）', en: 'Department incl. sub-departments' },
    valueType: 'id',
    reference: 'department',
    operators: ['=', '!=', 'in', 'notIn'],
    description: 'True when the work order’s department is this department or below it (its path contains the id).',
  },
  {
    name: 'regionId',
    label: { 'zh-CN': '区域', en: 'Region' },
    valueType: 'id',
    reference: 'department',
    operators: EQUALITY,
    description: 'The work order’s region (a department of kind region).',
  },
  {
    name: 'store',
    label: { 'zh-CN': '门店/站点', en: 'Store / site' },
    valueType: 'text',
    operators: TEXT,
    description: 'Store or site.',
  },
  {
    name: 'touchpoint',
    label: { 'zh-CN': '触点', en: 'Touchpoint' },
    valueType: 'text',
    operators: TEXT,
    description: 'e.g. delivery, returns.',
  },
  {
    name: 'priority',
    label: { 'zh-CN': '优先级', en: 'Priority' },
    valueType: 'enum',
    values: WORK_ORDER_PRIORITIES,
    operators: EQUALITY,
    description: 'Work-order priority.',
  },
];

/** Custom work-order fields: `custom.<name>`, compared as given (numbers numerically, text as text). */
export const CUSTOM_FIELD: Omit<RuleField, 'name'> = {
  label: { 'zh-CN': '自定义字段', en: 'Custom field' },
  valueType: 'any',
  operators: OPERATORS,
  description: 'Write the field as `custom.<name>` (letters, digits, _).',
};

export function fieldDefinition(name: string): RuleField | undefined {
  const known = RULE_FIELDS.find((f) => f.name === name);
  if (known) return known;
  if (name.startsWith(CUSTOM_PREFIX) && CUSTOM_NAME_PATTERN.test(name.slice(CUSTOM_PREFIX.length)))
    return { name, ...CUSTOM_FIELD };
  return undefined;
}
