import { describe, expect, it } from 'vitest';
import { dim, manualTemplate, opt } from './test-fixtures';
import { dimensionSchema, isScoredDimension, scoringTemplateSchema } from './types';

describe('template schemas', () => {
  it('accepts the manual template and strips unknown properties', () => {
    const parsed = scoringTemplateSchema.parse({ ...manualTemplate(), extra: 1 });
    expect(parsed).toEqual(manualTemplate());
  });

  it.each([
    ['bad key', dim('1st', 'star5')],
    ['negative weight', dim('a', 'star5', { weight: -1 })],
    ['options on a star question', dim('a', 'star5', { options: [opt('x')] })],
    ['choice without options', dim('a', 'single_choice')],
    ['duplicate option keys', dim('a', 'single_choice', { options: [opt('x'), opt('x')] })],
    ['option score above 100', dim('a', 'single_choice', { options: [opt('x', 101)] })],
    ['scored multi-choice option', dim('a', 'multi_choice', { options: [opt('x', 50)] })],
    ['inverted star question', dim('a', 'star5', { inverted: true })],
    ['maxLength on a yes/no', dim('a', 'yes_no', { maxLength: 10 })],
    ['text as outcome', dim('a', 'text', { outcome: true })],
    ['missing English label', { ...dim('a', 'star5'), label: { 'zh-CN': '速度', en: ' ' } }],
  ])('rejects %s', (_, d) => {
    expect(dimensionSchema.safeParse(d).success).toBe(false);
  });

  it('rejects duplicate dimension keys and two outcomes', () => {
    expect(
      scoringTemplateSchema.safeParse({ weighting: false, dimensions: [dim('a', 'star5'), dim('a', 'nps')] }).success,
    ).toBe(false);
    const twoOutcomes = [dim('a', 'nps', { outcome: true }), dim('b', 'star5', { outcome: true })];
    expect(scoringTemplateSchema.safeParse({ weighting: false, dimensions: twoOutcomes }).success).toBe(false);
  });

  it('isScoredDimension', () => {
    expect(isScoredDimension(dim('a', 'nps'))).toBe(true);
    expect(isScoredDimension(dim('a', 'text'))).toBe(false);
    expect(isScoredDimension(dim('a', 'single_choice', { options: [opt('x')] }))).toBe(false);
    expect(isScoredDimension(dim('a', 'single_choice', { options: [opt('x'), opt('y', 0)] }))).toBe(true);
  });
});
