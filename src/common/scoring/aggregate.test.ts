import { describe, expect, it } from 'vitest';
import {
  dimensionAverage,
  nps,
  npsBreakdown,
  responseRate,
  storeContributions,
  storeScore,
  summarise,
  touchpointScore,
} from './aggregate';
import { scoreRating } from './score';
import { dim } from './test-fixtures';
import type { ScoringTemplate } from './types';

describe('summarise (SCORING.md §5)', () => {
  it('count, averages, CSAT and classes over ratings with S not null', () => {
    const s = summarise([{ score: 80 }, { score: 62.5 }, { score: 50 }, { score: 20 }, { score: null }]);
    expect(s).toMatchObject({ count: 5, scoredCount: 4, negativeCount: 1, satisfiedCount: 2 });
    expect(s.averageScore).toBeCloseTo(53.125, 10);
    expect(s.averageStars).toBeCloseTo(1 + (4 * 53.125) / 100, 10);
    expect(s.averageTenPoint).toBeCloseTo(1 + (9 * 53.125) / 100, 10);
    expect(s.csat).toBe(50);
  });

  it('no scored ratings: averages and CSAT null, count still counts', () => {
    expect(summarise([{ score: null }])).toMatchObject({
      count: 1,
      averageScore: null,
      averageStars: null,
      csat: null,
    });
    expect(summarise([])).toMatchObject({ count: 0, averageScore: null, csat: null, negativeCount: 0 });
  });

  it('with a template: per-dimension averages in their own scale and NPS', () => {
    const template: ScoringTemplate = {
      weighting: false,
      dimensions: [
        dim('s', 'star5'),
        dim('t', 'score10'),
        dim('rec', 'nps'),
        dim('twice', 'yes_no', { inverted: true }),
        dim('note', 'text'),
      ],
    };
    const ratings = [
      scoreRating(template, { s: 5, t: 10, rec: 10, twice: true }),
      scoreRating(template, { s: 3, t: 1, rec: 6, twice: false }),
      scoreRating(template, { s: 4, rec: 9, twice: false, note: 'x' }),
      scoreRating(template, { note: 'nothing scored' }),
    ];
    const s = summarise(ratings, template);
    expect(s.count).toBe(4);
    expect(s.scoredCount).toBe(3);
    expect(s.dimensions?.s).toEqual({ count: 3, meanNormalised: 75, value: 4 });
    expect(s.dimensions?.t).toEqual({ count: 2, meanNormalised: 50, value: 5.5 });
    expect(s.dimensions?.rec?.value).toBeCloseTo(25 / 3, 10);
    expect(s.dimensions?.twice?.value).toBeCloseTo(100 / 3, 10); // 1 raw "yes" of 3
    expect(s.dimensions?.note).toEqual({ count: 0, meanNormalised: null, value: null });
    expect(s.nps).toBeCloseTo(((2 - 1) / 3) * 100, 10);
  });
});

describe('dimensionAverage', () => {
  it('own scales', () => {
    expect(dimensionAverage('star5', [100, 50]).value).toBe(4);
    expect(dimensionAverage('score10', [0, 100]).value).toBe(5.5);
    expect(dimensionAverage('nps', [70, 80]).value).toBe(7.5);
    expect(dimensionAverage('yes_no', [100, 100, 0, 100]).value).toBe(75);
    expect(dimensionAverage('single_choice', [40, 60]).value).toBe(50);
    expect(dimensionAverage('star5', [])).toEqual({ count: 0, meanNormalised: null, value: null });
  });

  it('yes_no inverted: % of raw yes answers (n = 0 means yes)', () => {
    // Answers yes, no, no, no to "had to call twice?" → n = 0, 100, 100, 100 → 25 % yes, mean n 75.
    expect(dimensionAverage('yes_no', [0, 100, 100, 100], { inverted: true })).toEqual({
      count: 4,
      meanNormalised: 75,
      value: 25,
    });
  });
});

describe('NPS', () => {
  it('10 answers: 5 promoters, 2 passives, 3 detractors → 20', () => {
    const values = [10, 9, 9, 10, 9, 8, 7, 6, 0, 3];
    expect(npsBreakdown(values)).toEqual({ count: 10, promoters: 5, passives: 2, detractors: 3, nps: 20 });
  });

  it('range −100..100, null when empty', () => {
    expect(nps([0, 6])).toBe(-100);
    expect(nps([9, 10])).toBe(100);
    expect(nps([7, 8])).toBe(0);
    expect(nps([])).toBeNull();
  });

  it('rejects values outside 0..10', () => {
    expect(() => nps([11])).toThrow(RangeError);
    expect(() => nps([8.5])).toThrow(RangeError);
  });
});

describe('responseRate', () => {
  it('% of delivered invitations with a submission', () => {
    expect(responseRate(8, 2)).toBe(25);
    expect(responseRate(0, 0)).toBeNull();
    expect(() => responseRate(2, 3)).toThrow(RangeError);
  });
});

describe('store score across touchpoints (SCORING.md §7)', () => {
  it('a 30-day-old rating weighs half a new one', () => {
    // (1·90 + 0.5·60) / 1.5 = 80
    expect(
      touchpointScore([
        { score: 90, ageDays: 0 },
        { score: 60, ageDays: 30 },
      ]),
    ).toBeCloseTo(80, 10);
    // 60 days → a quarter: (1·100 + 0.25·0) / 1.25 = 80
    expect(
      touchpointScore([
        { score: 100, ageDays: 0 },
        { score: 0, ageDays: 60 },
      ]),
    ).toBeCloseTo(80, 10);
  });

  it('custom half-life, null scores skipped, negative age treated as 0', () => {
    expect(
      touchpointScore(
        [
          { score: 90, ageDays: 0 },
          { score: 60, ageDays: 7 },
        ],
        7,
      ),
    ).toBeCloseTo(80, 10);
    expect(
      touchpointScore([
        { score: null, ageDays: 0 },
        { score: 70, ageDays: 3 },
      ]),
    ).toBe(70);
    expect(
      touchpointScore([
        { score: 90, ageDays: -5 },
        { score: 60, ageDays: 30 },
      ]),
    ).toBeCloseTo(80, 10);
    expect(touchpointScore([{ score: null, ageDays: 0 }])).toBeNull();
    expect(touchpointScore([])).toBeNull();
  });

  it('store score skips touchpoints without ratings', () => {
    const s = storeScore([
      { weight: 2, score: 90 },
      { weight: 1, score: 60 },
      { weight: 5, score: null },
    ]);
    expect(s).toBeCloseTo(80, 10);
    expect(storeScore([{ weight: 1, score: null }])).toBeNull();
    expect(storeScore([{ weight: 0, score: 50 }])).toBeNull();
  });
});

describe('store contributions (SCORING.md §7)', () => {
  it('splits the store score by touchpoint; a touchpoint without ratings gives its weight to the others', () => {
    const touchpoints = [
      { key: 'delivery', weight: 2, score: 80 },
      { key: 'service', weight: 1, score: 50 },
      { key: 'returns', weight: 1, score: null },
    ];
    const parts = storeContributions(touchpoints);
    expect(parts.map((p) => [p.key, p.weightShare, p.contribution])).toEqual([
      ['delivery', 2 / 3, expect.closeTo(160 / 3, 10)],
      ['service', 1 / 3, expect.closeTo(50 / 3, 10)],
      ['returns', null, null],
    ]);
    const sum = parts.reduce((a, p) => a + (p.contribution ?? 0), 0);
    expect(sum).toBeCloseTo(storeScore(touchpoints)!, 10);
    expect(storeScore(touchpoints)).toBeCloseTo(70, 10);
  });
});
