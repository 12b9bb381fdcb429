import { describe, expect, it } from 'vitest';
import type { RuleFields } from '../rules/rulesApi';
import { type AlertLookups, alertGroupText, forEditing, prefixedFieldsOf } from './alertConditionText';
import type { AlertFields } from './alertRulesApi';

const label = (en: string) => ({ 'zh-CN': en, en });
const fields = {
  ratingFields: [
    { name: 'rating.class', label: label('Rating class'), valueType: 'enum', operators: ['='], description: '' },
    { name: 'rating.comment', label: label('Comment'), valueType: 'keywords', operators: [], description: '' },
    {
      name: 'rating.contactRequested',
      label: label('Customer asked to be contacted'),
      valueType: 'boolean',
      operators: ['='],
      description: '',
    },
  ],
  prefixFields: [
    {
      prefix: 'rating.dimensions.',
      label: label('Dimension score'),
      valueType: 'number',
      operators: [],
      description: '',
    },
    { prefix: 'rating.answers.', label: label('Answer'), valueType: 'any', operators: [], description: '' },
  ],
  operators: [
    { name: '=', label: label('equals') },
    { name: '<=', label: label('at most') },
    { name: 'containsKeyword', label: label('contains a keyword') },
    { name: 'null', label: label('is empty') },
  ],
} as unknown as AlertFields;
const meta = {
  fields: [{ name: 'priority', label: label('Priority'), valueType: 'enum', operators: ['='] }],
  customField: { prefix: 'custom.', label: label('Custom'), operators: ['='] },
  operators: [{ name: '=', label: label('equals') }],
} as unknown as RuleFields;
const lookups: AlertLookups = {
  serviceTypes: new Map(),
  departments: new Map(),
  priorities: { urgent: 'Urgent' },
  empty: '(empty)',
  and: 'and',
  or: 'or',
  not: 'not',
  enumValues: { 'rating.class': { negative: 'Negative' } },
  yes: 'Yes',
  no: 'No',
};

describe('alert condition text', () => {
  it('reads the rating fields with their localised values and the work-order fields as the rating rules do', () => {
    const text = alertGroupText(
      fields,
      meta,
      {
        combinator: 'and',
        rules: [
          { field: 'rating.class', operator: '=', value: 'negative' },
          {
            combinator: 'or',
            rules: [
              { field: 'rating.comment', operator: 'containsKeyword', value: ['不满意', 'late'] },
              { field: 'rating.contactRequested', operator: '=', value: true },
              { field: 'rating.dimensions.attitude', operator: '<=', value: 25 },
              { field: 'rating.answers.problem_resolved', operator: '=', value: false },
            ],
          },
          { field: 'priority', operator: '=', value: 'urgent' },
          { field: 'rating.comment', operator: 'null', value: null },
        ],
      },
      'en',
      lookups,
    );
    expect(text).toBe(
      'Rating class equals Negative and (Comment contains a keyword “不满意”, “late” or Customer asked to be contacted equals Yes or Dimension score: attitude at most 25 or Answer: problem_resolved equals No) and Priority equals Urgent and Comment is empty',
    );
  });

  it('is null for an empty condition (every rating matches)', () => {
    expect(alertGroupText(fields, meta, { combinator: 'and', rules: [] }, 'en', lookups)).toBeNull();
  });

  it('finds the dimension and answer fields a condition uses, and turns stored booleans and numbers into editor text', () => {
    const group = {
      combinator: 'and' as const,
      rules: [
        { field: 'rating.dimensions.attitude', operator: '<=', value: 25 },
        { combinator: 'or' as const, rules: [{ field: 'rating.answers.resolved', operator: '=', value: false }] },
        { field: 'custom.store', operator: '=', value: 'x' },
      ],
    };
    expect(prefixedFieldsOf(group, ['rating.dimensions.', 'rating.answers.'])).toEqual([
      'rating.dimensions.attitude',
      'rating.answers.resolved',
    ]);
    expect(forEditing(group)).toEqual({
      combinator: 'and',
      rules: [
        { field: 'rating.dimensions.attitude', operator: '<=', value: '25' },
        { combinator: 'or', rules: [{ field: 'rating.answers.resolved', operator: '=', value: 'false' }] },
        { field: 'custom.store', operator: '=', value: 'x' },
      ],
    });
  });
});
