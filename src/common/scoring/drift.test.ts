import { describe, expect, it } from 'vitest';
import { DRIFT_LAMBDA, driftWatch, type WeekMean } from './drift';

/** Mondays from 2026-01-05 on, one per index. */
const weekOf = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10);
const series = (means: (number | null)[], n = 30): WeekMean[] =>
  means.map((mean, i) => ({ week: weekOf(i), n: mean === null ? 0 : n, mean }));

/** Mulberry32: a small seeded generator, so the simulation gives the same numbers on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A week's mean of `n` ratings with S ~ Normal(mean, sd) (Box–Muller). */
function weekMean(next: () => number, mean: number, sd: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = 1 - next();
    const v = next();
    sum += mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return sum / n;
}

describe('drift watch (SCORING.md §9)', () => {
  it('computes μ, σ, the EWMA and the limits by hand on a small series', () => {
    // 12 baseline weeks alternating 78 / 82 (μ = 80, σ = √(12·4/11)), 4 guard weeks at 80, then 70.
    const base = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 78 : 82));
    const result = driftWatch(series([...base, 80, 80, 80, 80, 70]));
    const last = result.checks.at(-1)!;
    const sigma = Math.sqrt((12 * 4) / 11);
    const width = Math.sqrt(0.3 / 1.7);
    expect(last.week).toBe(weekOf(16));
    expect(last.baseline).toEqual({ from: weekOf(0), to: weekOf(11), weeks: 12 });
    expect(last.mu).toBeCloseTo(80, 10);
    expect(last.sigma).toBeCloseTo(sigma, 10);
    expect(last.lower).toBeCloseTo(80 - 3 * sigma * width, 10);
    expect(last.clearAt).toBeCloseTo(80 - sigma * width, 10);
    // z stays at 80 over the guard weeks, then 0.3·70 + 0.7·80 = 77.
    expect(last.points.map((p) => p.z)).toEqual([80, 80, 80, 80, 77].map((z) => expect.closeTo(z, 10)));
    expect(last.z).toBeCloseTo(77, 10);
    // L = 80 − 3·2.089·0.420 ≈ 77.37: 77 is below it.
    expect(last.below).toBe(true);
    expect(result.insights.map((i) => i.week)).toEqual([weekOf(16)]);
    expect(result.active).toBe(true);
  });

  it('skips thin and empty weeks (they neither count nor break the series) and needs 8 baseline weeks', () => {
    const thin: WeekMean[] = series([80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80]);
    // Eleven counted weeks plus a week with 4 ratings and one with none: 7 baseline weeks at week 12 → no check.
    thin.splice(3, 1, { week: weekOf(3), n: 4, mean: 10 });
    expect(driftWatch(thin).checks).toEqual([]);
    const enough = series([81, 79, 81, 79, 81, 79, 81, 79, null, 80, 80, 80, 80, 40]);
    const result = driftWatch(enough);
    expect(result.checks.map((c) => c.week)).toEqual([weekOf(13)]);
    expect(result.checks[0]!.baseline.weeks).toBe(8);
    expect(result.insights).toHaveLength(1);
  });

  it('raises once per drop and again only after it cleared', () => {
    const base = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 78 : 82));
    // A drop for 3 weeks, a recovery, then a second drop long after.
    const weeks = [...base, 80, 80, 80, 80, 60, 60, 60, 90, 90, 90, 90];
    const afterRecovery = [...weeks, ...Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 78 : 82)), 50, 50];
    const result = driftWatch(series(afterRecovery));
    expect(result.insights.map((i) => i.week)).toEqual([weekOf(16), weekOf(afterRecovery.length - 2)]);
    expect(result.insights[0]!.points.at(-1)).toMatchObject({ x: 60, z: expect.closeTo(DRIFT_LAMBDA * 60 + 0.7 * 80) });
  });

  it('simulated stable teams (30 ratings a week, SD 20): at most 1 false alarm per 100 team-weeks', () => {
    const next = random(17);
    let alarms = 0;
    let watched = 0;
    for (let team = 0; team < 300; team++) {
      const means = Array.from({ length: 104 }, () => weekMean(next, 75, 20, 30));
      const result = driftWatch(series(means));
      alarms += result.insights.length;
      watched += result.checks.length;
    }
    const per100 = (100 * alarms) / watched;
    // A week is watched once 8 baseline weeks and the 4 guard weeks lie before it: from the 13th week on.
    expect(watched).toBe(300 * (104 - 12));
    expect(per100).toBeLessThanOrEqual(1);
    // SCORING.md §9 quotes ~0.8; the rate is near it, not vanishingly small (the watch is not asleep).
    expect(per100).toBeGreaterThan(0.2);
  });

  it('a sustained 10-point drop is flagged after a median of at most 3 weeks', () => {
    const next = random(42);
    const delays: number[] = [];
    for (let team = 0; team < 300; team++) {
      const before = Array.from({ length: 30 }, () => weekMean(next, 75, 20, 30));
      const after = Array.from({ length: 12 }, () => weekMean(next, 65, 20, 30));
      const result = driftWatch(series([...before, ...after]));
      // The first insight on or after the drop (a false alarm before it does not count as detection).
      const dropped = result.checks.filter((c) => c.week >= weekOf(30));
      const first = dropped.findIndex((c) => c.below);
      if (first >= 0) delays.push(first + 1);
    }
    delays.sort((a, b) => a - b);
    const median = delays[Math.floor(delays.length / 2)]!;
    expect(delays.length).toBeGreaterThanOrEqual(295);
    expect(median).toBeLessThanOrEqual(3);
  });
});
