import { describe, expect, it } from 'vitest';
import { type Dimension, keyDrivers, scoreRating } from '../../../common/scoring/index.js';
import { driversOfSums } from './drivers.service.js';
import { outcomesOf } from './facts.js';
import type { DriverSums } from './sums.js';

/** Sums of rows as the fact path adds them up (the rollup's columns plus Σ n, Σ n² over the pairs). */
function sumsOf(rows: { normalised: Record<string, number | null>; outcomes: Record<string, number> }[]) {
  const out = new Map<string, DriverSums>();
  for (const r of rows) {
    for (const [key, n] of Object.entries(r.normalised)) {
      if (typeof n !== 'number') continue;
      const s = out.get(key) ?? {
        count: 0,
        sumN: 0,
        sumN2: 0,
        pairs: 0,
        pairSumN: 0,
        pairSumN2: 0,
        sumY: 0,
        sumY2: 0,
        sumNY: 0,
      };
      s.count++;
      s.sumN += n;
      s.sumN2 += n * n;
      const y = r.outcomes[key];
      if (typeof y === 'number') {
        s.pairs++;
        s.pairSumN += n;
        s.pairSumN2 += n * n;
        s.sumY += y;
        s.sumY2 += y * y;
        s.sumNY += n * y;
      }
      out.set(key, s);
    }
  }
  return out;
}

const star = (key: string, required = true): Dimension => ({
  key,
  type: 'star5',
  required,
  weight: 1,
  label: { 'zh-CN': key, en: key },
});

describe('driversOfSums', () => {
  it.each([
    ['leave-one-out (no outcome dimension)', [star('a'), star('b'), star('c', false)]],
    [
      'an optional NPS outcome',
      [
        star('a'),
        star('b', false),
        star('c'),
        { key: 'o', type: 'nps', required: false, weight: 0, outcome: true, label: { 'zh-CN': 'o', en: 'o' } },
      ] as Dimension[],
    ],
  ])('equals the row-based keyDrivers: %s', (_, dimensions) => {
    const template = { weighting: true, dimensions };
    let seed = 7;
    const rand = (k: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return (seed >>> 16) % k;
    };
    const rows = Array.from({ length: 200 }, () => {
      const base = 1 + rand(5);
      const answers: Record<string, number> = {};
      for (const d of dimensions) {
        if (!d.required && rand(4) === 0) continue;
        answers[d.key] =
          d.type === 'nps' ? Math.min(10, base * 2 + rand(2)) : Math.max(1, Math.min(5, base + rand(3) - 1));
      }
      const { normalised } = scoreRating(template, answers);
      return { normalised, outcomes: outcomesOf(template, normalised) };
    });
    const expected = keyDrivers(rows, template);
    if (expected.insufficient) throw new Error('sufficient by construction');
    const got = driversOfSums(sumsOf(rows), (k) => k);
    expect(got.items.map((i) => i.key)).toEqual(expected.drivers.map((d) => d.key));
    got.items.forEach((item, i) => {
      const d = expected.drivers[i]!;
      expect(item.n).toBe(d.pairs);
      expect(item.correlation).toBeCloseTo(d.r!, 10);
      expect(item.gap).toBeCloseTo(d.gap!, 10);
      expect(item.impact).toBeCloseTo(d.impact!, 10);
    });
    expect(got.suggestion?.key).toBe(expected.suggestion?.key);
  });

  it('leaves r and the quadrant empty below 30 pairs or without spread, and suggests nothing without a positive impact', () => {
    const flat: DriverSums = {
      count: 40,
      sumN: 4000,
      sumN2: 400_000,
      pairs: 40,
      pairSumN: 4000,
      pairSumN2: 400_000,
      sumY: 2000,
      sumY2: 200_000,
      sumNY: 200_000,
    };
    const few: DriverSums = { ...flat, pairs: 29 };
    const got = driversOfSums(
      new Map([
        ['flat', flat],
        ['few', few],
      ]),
      (k) => k.toUpperCase(),
    );
    expect(got.items.map((i) => [i.key, i.label, i.correlation, i.impact, i.quadrant, i.gap])).toEqual([
      ['few', 'FEW', null, null, null, 0],
      ['flat', 'FLAT', null, null, null, 0],
    ]);
    expect(got).toMatchObject({ medians: null, suggestion: null });
  });
});
