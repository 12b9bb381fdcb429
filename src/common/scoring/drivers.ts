import { weightedScore } from './score';
import { type Dimension, isScoredDimension, type ScoringTemplate } from './types';

/** Key drivers / optimisation suggestions (SCORING.md §8). */

export const KEY_DRIVERS_MIN_SAMPLE = 30;

export interface KeyDriverRow {
  /** n per dimension key, as returned by scoreRating (null/absent = not answered or not scored). */
  normalised: Readonly<Record<string, number | null | undefined>>;
}

export interface KeyDriver {
  key: string;
  /** Pearson r between nᵢ and the outcome; null when undefined (a constant series) or too few pairs. */
  r: number | null;
  /** Mean nᵢ over the rows that answered the dimension (the same figure as the per-dimension average). */
  meanNormalised: number | null;
  /** 100 − mean nᵢ. */
  gap: number | null;
  /** r × gap; null when r is null. */
  impact: number | null;
  /** Rows where both nᵢ and the outcome are known: the sample behind r. */
  pairs: number;
  /** pairs < minSample: r is not computed. */
  insufficientSample: boolean;
}

export type KeyDriverOutcome = { kind: 'dimension'; key: string } | { kind: 'leave_one_out' };

export type KeyDriversResult =
  | { insufficient: true; sampleSize: number; minSample: number }
  | {
      insufficient: false;
      sampleSize: number;
      minSample: number;
      outcome: KeyDriverOutcome;
      /** Highest impact first; drivers without an impact last. */
      drivers: KeyDriver[];
      /** The driver to suggest improving: the highest impact, only when it is positive (else null). */
      suggestion: KeyDriver | null;
    };

/**
 * The outcome dimension: the one marked `outcome`, otherwise the template's (first) `nps` dimension; undefined when the
 * template has neither, in which case key drivers use the leave-one-out score.
 */
export function outcomeDimension(template: ScoringTemplate): Dimension | undefined {
  return (
    template.dimensions.find((d) => d.outcome && isScoredDimension(d)) ??
    template.dimensions.find((d) => d.type === 'nps')
  );
}

/**
 * §8. For each scored dimension i (other than the outcome), Pearson r between nᵢ and the outcome, the gap 100 − n̄ᵢ
 * and impact = r × gap.
 *
 * Decisions:
 * - The outcome is the outcome dimension's n when the template has one; otherwise S₋ᵢ, S recomputed without i (same
 *   weights and rules as S), so that a dimension is never correlated with a score that contains it.
 * - sampleSize = rows with a known outcome (outcome answered; or, for leave-one-out, any scored answer). Fewer than
 *   `minSample` (30) → `{ insufficient: true }`. Each driver also needs `minSample` pairs of its own, because an
 *   optional question answered by a handful of customers would otherwise produce a confident-looking r.
 * - Zero variance (every customer gave the same answer, or the outcome is constant) makes r undefined: r = null and
 *   impact = null rather than 0, so a report shows "no correlation measurable" instead of a fake "no effect".
 * - Dimensions with weight 0 are still analysed: they have answers, and the question is what moves the outcome.
 * - A driver is suggested only when its impact is positive: a dimension whose improvement does not go with a better
 *   outcome is not an "improving X lifts satisfaction" suggestion.
 */
export function keyDrivers(
  rows: readonly KeyDriverRow[],
  template: ScoringTemplate,
  options: { minSample?: number } = {},
): KeyDriversResult {
  const minSample = options.minSample ?? KEY_DRIVERS_MIN_SAMPLE;
  const outcomeDim = outcomeDimension(template);
  const known = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

  const sampleRows = outcomeDim
    ? rows.filter((r) => known(r.normalised[outcomeDim.key]))
    : rows.filter((r) => weightedScore(template, r.normalised) !== null);
  const sampleSize = sampleRows.length;
  if (sampleSize < minSample) return { insufficient: true, sampleSize, minSample };

  const drivers: KeyDriver[] = template.dimensions
    .filter((d) => isScoredDimension(d) && d.key !== outcomeDim?.key)
    .map((d) => {
      const answered = rows.map((r) => r.normalised[d.key]).filter(known);
      const meanNormalised = answered.length > 0 ? mean(answered) : null;
      const gap = meanNormalised === null ? null : 100 - meanNormalised;

      const xs: number[] = [];
      const ys: number[] = [];
      for (const row of sampleRows) {
        const x = row.normalised[d.key];
        const y = outcomeDim ? row.normalised[outcomeDim.key] : weightedScore(template, row.normalised, d.key);
        if (known(x) && known(y)) {
          xs.push(x);
          ys.push(y);
        }
      }
      const insufficientSample = xs.length < minSample;
      const r = insufficientSample ? null : pearson(xs, ys);
      const impact = r === null || gap === null ? null : r * gap;
      return { key: d.key, r, meanNormalised, gap, impact, pairs: xs.length, insufficientSample };
    });

  // Stable sort: equal impacts keep the template's order.
  drivers.sort((a, b) => (b.impact ?? -Infinity) - (a.impact ?? -Infinity) || 0);
  const top = drivers[0];
  return {
    insufficient: false,
    sampleSize,
    minSample,
    outcome: outcomeDim ? { kind: 'dimension', key: outcomeDim.key } : { kind: 'leave_one_out' },
    drivers,
    suggestion: top && top.impact !== null && top.impact > 0 ? top : null,
  };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Pearson correlation; null when either series has (numerically) zero variance or fewer than 2 points. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new RangeError('pearson: series of different lengths');
  if (xs.length < 2) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Values are on 0..100, so a variance this small is rounding noise of a constant series, not a real spread.
  const tiny = 1e-9 * xs.length;
  if (sxx <= tiny || syy <= tiny) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
