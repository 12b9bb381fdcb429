import { describe, expect, it } from 'vitest';
import { keyDrivers, pearson } from './drivers';
import { scoreRating } from './score';
import { dim } from './test-fixtures';
import type { Answers, ScoringTemplate } from './types';

/** Every combination of two 1..5 answers, `times` times: the two are exactly uncorrelated. */
function grid(times: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < times; k++) for (let a = 1; a <= 5; a++) for (let b = 1; b <= 5; b++) out.push([a, b]);
  return out;
}

const rows = (template: ScoringTemplate, answers: Answers[]) => answers.map((a) => scoreRating(template, a));

describe('keyDrivers with an outcome dimension (SCORING.md §8)', () => {
  const template: ScoringTemplate = {
    weighting: true,
    dimensions: [
      dim('speed', 'star5', { weight: 30 }),
      dim('tech', 'star5', { weight: 40 }),
      dim('attitude', 'star5', { weight: 20 }),
      dim('rec', 'nps', { weight: 10 }),
    ],
  };
  // Recommendation follows technical ability exactly; speed is independent of it; everyone rates attitude 4.
  const data = rows(
    template,
    grid(2).map(([tech, speed]) => ({ tech, speed, attitude: 4, rec: tech * 2 })),
  );

  it('finds the dimension that drives the outcome and suggests it', () => {
    const result = keyDrivers(data, template);
    if (result.insufficient) throw new Error('expected a result');
    expect(result.sampleSize).toBe(50);
    expect(result.outcome).toEqual({ kind: 'dimension', key: 'rec' });
    expect(result.drivers.map((d) => d.key)).toEqual(['tech', 'speed', 'attitude']);
    const [tech, speed, attitude] = result.drivers;
    expect(tech?.r).toBeCloseTo(1, 10);
    expect(tech?.gap).toBeCloseTo(50, 10);
    expect(tech?.impact).toBeCloseTo(50, 10);
    expect(speed?.r).toBeCloseTo(0, 10);
    // Zero variance: r undefined → null, impact null, sorted last, never suggested.
    expect(attitude).toMatchObject({ r: null, impact: null, meanNormalised: 75, gap: 25, pairs: 50 });
    expect(result.suggestion?.key).toBe('tech');
  });

  it('an explicitly marked outcome wins over an nps dimension', () => {
    const marked: ScoringTemplate = {
      ...template,
      dimensions: template.dimensions.map((d) => (d.key === 'speed' ? { ...d, outcome: true } : d)),
    };
    const result = keyDrivers(data, marked);
    expect(!result.insufficient && result.outcome).toEqual({ kind: 'dimension', key: 'speed' });
    expect(!result.insufficient && result.drivers.map((d) => d.key)).not.toContain('speed');
  });

  it('needs at least 30 ratings with a known outcome', () => {
    expect(keyDrivers(data.slice(0, 29), template)).toEqual({ insufficient: true, sampleSize: 29, minSample: 30 });
    expect(keyDrivers(data.slice(0, 30), template).insufficient).toBe(false);
    const noOutcome = data.map((r, i) => (i < 25 ? { normalised: { ...r.normalised, rec: null } } : r));
    expect(keyDrivers(noOutcome, template)).toMatchObject({ insufficient: true, sampleSize: 25 });
  });

  it('a dimension answered by too few ratings gets no r', () => {
    const sparse = data.map((r, i) => (i < 30 ? { normalised: { ...r.normalised, speed: null } } : r));
    const result = keyDrivers(sparse, template);
    const speed = !result.insufficient ? result.drivers.find((d) => d.key === 'speed') : undefined;
    expect(speed).toMatchObject({ pairs: 20, insufficientSample: true, r: null, impact: null });
  });
});

describe('keyDrivers without an outcome dimension: leave-one-out', () => {
  const template: ScoringTemplate = {
    weighting: false,
    dimensions: [dim('a', 'star5'), dim('b', 'star5'), dim('c', 'star5'), dim('note', 'text')],
  };
  // a is independent of b; c always equals b.
  const data = rows(
    template,
    grid(2).map(([a, b]) => ({ a, b, c: b })),
  );

  it('correlates each dimension with S computed without it', () => {
    const result = keyDrivers(data, template);
    if (result.insufficient) throw new Error('expected a result');
    expect(result.outcome).toEqual({ kind: 'leave_one_out' });
    const byKey = Object.fromEntries(result.drivers.map((d) => [d.key, d]));
    // S₋a = (b + c) / 2 = b, independent of a → r = 0 (with a in S it would be 1/√5 ≈ 0.45).
    expect(byKey.a?.r).toBeCloseTo(0, 10);
    // S₋b = (a + c) / 2 = (a + b) / 2 → r = 1/√2.
    expect(byKey.b?.r).toBeCloseTo(Math.SQRT1_2, 10);
    expect(byKey.c?.r).toBeCloseTo(Math.SQRT1_2, 10);
    expect(byKey.note).toBeUndefined();
    expect(result.suggestion?.key).toBe('b');
  });

  it('no suggestion when no impact is positive', () => {
    const result = keyDrivers(
      rows(
        template,
        grid(2).map(([a, b]) => ({ a, b: 6 - a, c: b })),
      ).map((r) => ({ normalised: { ...r.normalised, c: null } })),
      template,
    );
    if (result.insufficient) throw new Error('expected a result');
    expect(result.drivers.every((d) => d.impact === null || d.impact <= 0)).toBe(true);
    expect(result.suggestion).toBeNull();
  });
});

describe('pearson', () => {
  it('basic values and zero variance', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
  });
});
