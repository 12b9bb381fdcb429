import { describe, expect, it } from 'vitest';
import { conditionAt, customFieldsOf, groupText, type Lookups, valueText } from './conditionText';
import type { ConditionGroup, RuleFields } from './rulesApi';

const meta: RuleFields = {
  fields: [
    {
      name: 'serviceTypeId',
      label: { 'zh-CN': '服务类型', en: 'Service type' },
      valueType: 'id',
      reference: 'service_type',
      operators: ['=', 'in'],
      description: '',
    },
    {
      name: 'department',
      label: { 'zh-CN': '部门（含下级）', en: 'Department incl. sub-departments' },
      valueType: 'id',
      reference: 'department',
      operators: ['='],
      description: '',
    },
    {
      name: 'store',
      label: { 'zh-CN': '门店/站点', en: 'Store / site' },
      valueType: 'text',
      operators: ['='],
      description: '',
    },
    {
      name: 'priority',
      label: { 'zh-CN': '优先级', en: 'Priority' },
      valueType: 'enum',
      values: ['low', 'high'],
      operators: ['='],
      description: '',
    },
  ],
  customField: {
    prefix: 'custom.',
    label: { 'zh-CN': '自定义字段', en: 'Custom field' },
    valueType: 'any',
    operators: [],
    description: '',
  },
  operators: [
    { name: '=', label: { 'zh-CN': '等于', en: 'equals' } },
    { name: 'in', label: { 'zh-CN': '属于', en: 'is one of' } },
    { name: 'null', label: { 'zh-CN': '为空', en: 'is empty' } },
  ],
};

const lookups: Lookups = {
  serviceTypes: new Map([['st-1', 'Repair']]),
  departments: new Map([
    ['d-east', 'East'],
    ['d-sh', 'Shanghai'],
  ]),
  priorities: { high: 'High' },
  empty: '(empty)',
  and: 'AND',
  or: 'OR',
  not: 'NOT',
};

const group: ConditionGroup = {
  combinator: 'and',
  rules: [
    { field: 'store', operator: '=', value: 'Shanghai-01' },
    {
      combinator: 'or',
      not: true,
      rules: [
        { field: 'serviceTypeId', operator: 'in', value: ['st-1', 'st-9'] },
        { field: 'custom.vip', operator: 'null' },
      ],
    },
  ],
};

describe('condition text', () => {
  it('describes a tree with names instead of ids', () => {
    expect(groupText(meta, group, 'en', lookups)).toBe(
      'Store / site equals “Shanghai-01” AND (NOT (Service type is one of Repair, st-9 OR Custom field vip is empty))',
    );
    expect(groupText(meta, { combinator: 'and', rules: [] }, 'en', lookups)).toBeNull();
  });

  it('formats actual values: department paths from the top, priorities, empties', () => {
    expect(valueText(meta, 'department', ['d-sh', 'd-east'], lookups)).toBe('East › Shanghai');
    expect(valueText(meta, 'priority', 'high', lookups)).toBe('High');
    expect(valueText(meta, 'store', undefined, lookups)).toBe('(empty)');
  });

  it('finds a condition by its dry-run path and lists custom fields', () => {
    expect(conditionAt(group, 'rules.1.rules.1')).toEqual({ field: 'custom.vip', operator: 'null' });
    expect(conditionAt(group, 'rules.5')).toBeUndefined();
    expect(customFieldsOf(group)).toEqual(['custom.vip']);
  });
});
