import { describe, expect, it } from 'vitest';
import { dimensionAverage, npsBreakdown, summarise } from './aggregate';
import { classify } from './score';
import {
  addRatingSums,
  dimensionFigure,
  emptyRatingSums,
  figuresOfSums,
  type RatingSums,
  responseRateOfSums,
  scoreStdDev,
} from './sums';

/** Sums of a list of (S, nps answer) as the rollups keep them. */
function sumsOf(ratings: { score: number | null; nps?: number }[]): RatingSums {
  return ratings.reduce((acc, r) => {
    const c = classify(r.score);
    const stars = r.score === null ? null : Math.floor(1 + (4 * r.score) / 100 + 0.5);
    const one: RatingSums = {
      count: 1,
      scoredCount: r.score === null ? 0 : 1,
      sumS: r.score ?? 0,
      sumS2: (r.score ?? 0) ** 2,
      satisfied: c === 'satisfied' ? 1 : 0,
      negative: c === 'negative' ? 1 : 0,
      npsCount: r.nps === undefined ? 0 : 1,
      promoters: r.nps !== undefined && r.nps >= 9 ? 1 : 0,
      passives: r.nps !== undefined && r.nps >= 7 && r.nps <= 8 ? 1 : 0,
      detractors: r.nps !== undefined && r.nps <= 6 ? 1 : 0,
      stars: [1, 2, 3, 4, 5].map((s) => (stars === s ? 1 : 0)) as RatingSums['stars'],
    };
    return addRatingSums(acc, one);
  }, emptyRatingSums());
}

describe('figures from sums (SCORING.md §5)', () => {
  it('equal summarise() and npsBreakdown() on the same ratings', () => {
    const ratings = [
      { score: 80, nps: 10 },
      { score: 15, nps: 3 },
      { score: null },
      { score: 155 / 3, nps: 8 },
      { score: 62.5, nps: 9 },
      { score: 37.5 },
    ];
    const f = figuresOfSums(sumsOf(ratings));
    const s = summarise(ratings);
    expect(f.count).toBe(s.count);
    expect(f.averageScore).toBeCloseTo(s.averageScore!, 12);
    expect(f.averageStars).toBeCloseTo(s.averageStars!, 12);
    expect(f.csat).toBeCloseTo(s.csat!, 12);
    expect(f.negativeCount).toBe(s.negativeCount);
    expect(f.nps).toBeCloseTo(npsBreakdown(ratings.flatMap((r) => (r.nps === undefined ? [] : [r.nps]))).nps!, 12);
  });

  it('are null where nothing defines them', () => {
    expect(figuresOfSums(emptyRatingSums())).toEqual({
      count: 0,
      averageScore: null,
      averageStars: null,
      csat: null,
      nps: null,
      negativeCount: 0,
    });
    expect(figuresOfSums(sumsOf([{ score: null }]))).toMatchObject({ count: 1, averageScore: null, csat: null });
    expect(responseRateOfSums({ created: 3, delivered: 0, opened: 0, responded: 0 })).toBeNull();
    expect(responseRateOfSums({ created: 5, delivered: 4, opened: 3, responded: 1 })).toBe(25);
  });

  it('gives each dimension its own scale like dimensionAverage, % yes also when inverted', () => {
    const cases: [Parameters<typeof dimensionAverage>[0], number[], boolean][] = [
      ['star5', [100, 75, 0], false],
      ['score10', [0, 100 / 9, 100], false],
      ['nps', [30, 80], false],
      ['yes_no', [100, 0, 0], false],
      ['yes_no', [100, 0, 0], true],
      ['single_choice', [40, 90], false],
    ];
    for (const [type, ns, inverted] of cases) {
      const sums = { count: ns.length, sumN: ns.reduce((a, b) => a + b, 0), sumN2: ns.reduce((a, b) => a + b * b, 0) };
      const expected = dimensionAverage(type, ns, { inverted });
      const got = dimensionFigure(type, sums, { inverted });
      expect(got.count).toBe(expected.count);
      expect(got.average).toBeCloseTo(expected.value!, 12);
    }
    expect(dimensionFigure('yes_no', { count: 2, sumN: 0, sumN2: 0 }, { inverted: true }).average).toBe(100);
    expect(dimensionFigure('star5', { count: 0, sumN: 0, sumN2: 0 })).toEqual({ count: 0, average: null });
  });

  it('gives the sample standard deviation of S from Σ S and Σ S²', () => {
    const sums = sumsOf([{ score: 10 }, { score: 20 }, { score: 60 }, { score: null }]);
    expect(scoreStdDev(sums)).toBeCloseTo(Math.sqrt(700), 9);
    expect(scoreStdDev(sumsOf([{ score: 10 }]))).toBeNull();
  });
});
