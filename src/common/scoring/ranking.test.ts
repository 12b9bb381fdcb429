import { describe, expect, it } from 'vitest';
import { bayesianAverage, rankGroups, uncertaintyBand } from './ranking';

describe('bayesianAverage (SCORING.md §6)', () => {
  it('B = (C·m + Σ S) / (C + n)', () => {
    // One perfect rating in an org averaging 70: (10·70 + 100) / 11
    expect(bayesianAverage({ sum: 100, n: 1, orgMean: 70 })).toBeCloseTo(800 / 11, 10);
    expect(bayesianAverage({ sum: 900, n: 10, orgMean: 70, C: 10 })).toBe(80);
    expect(bayesianAverage({ sum: 0, n: 0, orgMean: 70 })).toBe(70);
    expect(bayesianAverage({ sum: 0, n: 0, orgMean: null })).toBeNull();
    expect(bayesianAverage({ sum: 160, n: 2, orgMean: 50, C: 0 })).toBe(80);
  });
});

describe('rankGroups', () => {
  it('ranks by B, lists groups under the minimum sample unranked and flagged, ties share a rank', () => {
    const ranked = rankGroups(
      [
        { id: 'lucky', sum: 400, n: 4 }, // high mean but insufficient sample
        { id: 'a', sum: 800, n: 10 }, // B = (700 + 800) / 20 = 75
        { id: 'b', sum: 1600, n: 20 }, // B = (700 + 1600) / 30 = 76.67
        { id: 'c', sum: 800, n: 10 }, // tie with a
        { id: 'd', sum: 300, n: 5 }, // B = (700 + 300) / 15 = 66.67
        { id: 'empty', sum: 0, n: 0 },
      ],
      { orgMean: 70 },
    );
    expect(ranked.map((g) => [g.id, g.rank, g.insufficientSample])).toEqual([
      ['b', 1, false],
      ['a', 2, false],
      ['c', 2, false],
      ['d', 4, false],
      ['lucky', null, true],
      ['empty', null, true],
    ]);
    expect(ranked[0]?.bayesian).toBeCloseTo(2300 / 30, 10);
    expect(ranked[0]?.mean).toBe(80);
    expect(ranked.find((g) => g.id === 'empty')?.mean).toBeNull();
  });

  it('Bayesian average changes the order a plain mean would give', () => {
    const ranked = rankGroups(
      [
        { id: 'few', sum: 475, n: 5 }, // mean 95, B = (600 + 475) / 15 = 71.67
        { id: 'many', sum: 4000, n: 50 }, // mean 80, B = (600 + 4000) / 60 = 76.67
      ],
      { orgMean: 60 },
    );
    expect(ranked.map((g) => g.id)).toEqual(['many', 'few']);
  });

  it('honours C and minSample settings', () => {
    const ranked = rankGroups(
      [
        { id: 'x', sum: 90, n: 1 },
        { id: 'y', sum: 160, n: 2 },
      ],
      { orgMean: 50, C: 0, minSample: 1 },
    );
    expect(ranked.map((g) => [g.id, g.rank, g.bayesian])).toEqual([
      ['x', 1, 90],
      ['y', 2, 80],
    ]);
  });

  it('ranks 2,000 engineers in a few milliseconds, the added fields winning over the input’s', () => {
    // `{ ...g, mean, … }` took 15–25 ms here (a V8 map per spread-and-extended object), twice per ranking request.
    const groups = Array.from({ length: 2_000 }, (_, i) => ({
      id: `engineer-${i}`,
      sums: { count: 5 + (i % 300), shared: i % 3 },
      sum: (5 + (i % 300)) * 80 + i,
      sumSq: (5 + (i % 300)) * 6500,
      n: 5 + (i % 300),
      rank: 99,
    }));
    // Warmed up (optimised code), then the fastest of 11: a loaded CI host slows some runs, never all of them.
    let ranked = rankGroups(groups, { orgMean: 80 });
    for (let run = 0; run < 10; run++) ranked = rankGroups(groups, { orgMean: 80 });
    let fastest = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 11; run++) {
      const t = performance.now();
      ranked = rankGroups(groups, { orgMean: 80 });
      fastest = Math.min(fastest, performance.now() - t);
    }
    expect(ranked).toHaveLength(2_000);
    expect(ranked[0]!.rank).toBe(1);
    expect(ranked[0]!.sums).toBe(groups.find((g) => g.id === ranked[0]!.id)!.sums);
    // 0.5 ms on the CI machine; the spread took 8 ms warmed up (15–25 ms cold).
    expect(fastest).toBeLessThan(4);
  });
});

describe('uncertainty band (SCORING.md §6)', () => {
  it('is x̄ ± 1.645·s/√n against a hand computation', () => {
    // S = 60, 70, 80, 90, 100: x̄ = 80, s = √(1000/4) = 15.811…, half = 1.645·15.811/√5 = 11.632…
    const scores = [60, 70, 80, 90, 100];
    const band = uncertaintyBand({
      sum: scores.reduce((a, b) => a + b, 0),
      sumSq: scores.reduce((a, b) => a + b * b, 0),
      n: scores.length,
    });
    expect(band!.low).toBeCloseTo(80 - 11.6316, 3);
    expect(band!.high).toBeCloseTo(80 + 11.6316, 3);
  });

  it('is clipped to [0, 100], absent below the minimum sample, and carried by rankGroups', () => {
    const high = [100, 100, 100, 100, 60];
    const band = uncertaintyBand({ sum: 460, sumSq: high.reduce((a, b) => a + b * b, 0), n: 5 });
    expect(band!.high).toBe(100);
    expect(band!.low).toBeCloseTo(92 - (1.645 * Math.sqrt(320)) / Math.sqrt(5), 6);
    expect(uncertaintyBand({ sum: 400, sumSq: 32_000, n: 4 })).toBeNull();
    const [ranked, few] = rankGroups(
      [
        { id: 'a', sum: 400, sumSq: 32_000 + 0, n: 5 },
        { id: 'b', sum: 90, sumSq: 8100, n: 1 },
      ],
      { orgMean: 75 },
    );
    expect(ranked).toMatchObject({ id: 'a', band: { low: 80, high: 80 } });
    expect(few).toMatchObject({ id: 'b', insufficientSample: true, band: null });
  });
});
