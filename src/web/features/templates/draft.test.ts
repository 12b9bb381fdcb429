import { describe, expect, it } from 'vitest';
import { scoreRating, weightPercentages } from '../../../common/scoring';
import {
  duplicateDimension,
  fromDimension,
  keepValidAnswers,
  newDimension,
  splitPublishErrors,
  toDimension,
  toDraftBody,
  uniqueKey,
} from './draft';

describe('draft form values', () => {
  it('round-trips a dimension and drops what its type does not use', () => {
    const d = newDimension('single_choice', []);
    d.key = 'recommend';
    d.label = { 'zh-CN': ' 推荐 ', en: 'Recommend' };
    d.inverted = true;
    d.maxLength = 50;
    d.options = [
      { key: 'yes', label: { 'zh-CN': '是', en: 'Yes' }, score: 100 },
      { key: 'maybe', label: { 'zh-CN': '不确定', en: 'Not sure' }, score: null },
    ];
    const out = toDimension(d);
    expect(out).toEqual({
      key: 'recommend',
      type: 'single_choice',
      required: false,
      weight: 10,
      label: { 'zh-CN': '推荐', en: 'Recommend' },
      options: [
        { key: 'yes', label: { 'zh-CN': '是', en: 'Yes' }, score: 100 },
        { key: 'maybe', label: { 'zh-CN': '不确定', en: 'Not sure' } },
      ],
    });
    expect(toDimension(fromDimension(out))).toEqual(out);
  });

  it('keeps inverted for yes/no and max length for text only', () => {
    expect(toDimension({ ...newDimension('yes_no', []), inverted: true }).inverted).toBe(true);
    expect(toDimension({ ...newDimension('star5', []), inverted: true }).inverted).toBeUndefined();
    expect(toDimension({ ...newDimension('text', []), maxLength: 300 }).maxLength).toBe(300);
    expect(toDimension({ ...newDimension('multi_choice', []), options: [] }).options).toEqual([]);
  });

  it('makes unique keys for new and duplicated questions', () => {
    expect(uniqueKey('question', ['question', 'question_2'])).toBe('question_3');
    const copy = duplicateDimension({ ...newDimension('star5', []), key: 'speed', outcome: true }, ['speed']);
    expect(copy.key).toBe('speed_copy');
    expect(copy.outcome).toBe(false);
  });

  it('scores the worked example from form values (80.0 → 4.2★)', () => {
    const dims = [
      ['response_speed', 'star5', 30],
      ['technical_ability', 'star5', 40],
      ['attitude', 'star5', 20],
      ['problem_resolved', 'yes_no', 10],
    ] as const;
    const body = toDraftBody({
      layout: 'vertical',
      weighting: true,
      dimensions: dims.map(([key, type, weight]) => ({
        ...newDimension(type, []),
        key,
        weight,
        required: true,
        label: { 'zh-CN': key, en: key },
      })),
    });
    expect(weightPercentages(body).dimensions.map((d) => d.percent)).toEqual([30, 40, 20, 10]);
    const result = scoreRating(body, { response_speed: 5, technical_ability: 4, attitude: 3, problem_resolved: true });
    expect(result.score).toBeCloseTo(80);
    expect(result.stars).toBeCloseTo(4.2);
  });

  it('drops preview answers that no longer fit the template', () => {
    const body = toDraftBody({
      layout: 'vertical',
      weighting: false,
      dimensions: [{ ...newDimension('yes_no', []), key: 'a', label: { 'zh-CN': 'a', en: 'a' } }],
    });
    expect(keepValidAnswers(body, { a: true, removed: 3 })).toEqual({ a: true });
    expect(keepValidAnswers(body, { a: 4 })).toEqual({});
  });
});

describe('splitPublishErrors', () => {
  it('maps dimension paths to form names and keeps general errors apart', () => {
    expect(
      splitPublishErrors([
        { path: 'dimensions.2.label.en', message: 'must not be blank' },
        { path: 'dimensions.0.options.1.score', message: 'must be between 0 and 100' },
        { path: 'dimensions', message: 'a template needs at least one dimension' },
      ]),
    ).toEqual([
      { name: ['dimensions', 2, 'label', 'en'], dimensionIndex: 2, field: 'label.en', message: 'must not be blank' },
      {
        name: ['dimensions', 0, 'options', 1, 'score'],
        dimensionIndex: 0,
        field: 'options.1.score',
        message: 'must be between 0 and 100',
      },
      { name: null, dimensionIndex: null, field: 'dimensions', message: 'a template needs at least one dimension' },
    ]);
  });
});
