import { normaliseAnswer } from './normalise';
import { roundHalfUp } from './round';
import { type Answers, type CleanAnswers, type Dimension, isScoredDimension, type ScoringTemplate } from './types';

export type RatingClass = 'negative' | 'neutral' | 'satisfied';

export interface RatingScore {
  /** S in [0, 100], unrounded (SCORING.md §2); null when no scored dimension was answered. */
  score: number | null;
  /** Star equivalent 1 + 4·S/100, unrounded (§3). */
  stars: number | null;
  /** The star equivalent rounded half up to an integer 1..5 (§3). */
  roundedStars: number | null;
  /** 10-point equivalent 1 + 9·S/100, unrounded (§3). */
  tenPoint: number | null;
  /** §4; null when S is null. */
  class: RatingClass | null;
  /** n per dimension of the template (null = not scored or not answered). */
  normalised: Record<string, number | null>;
}

/** §4 thresholds on S, equivalent to rounded stars ≤ 2 and ≥ 4. */
export const NEGATIVE_BELOW = 37.5;
export const SATISFIED_FROM = 62.5;
/**
 * Tolerance for the class thresholds: with fractional weights (0.3, 0.4, …) a rating that is exactly 62.5 on paper can
 * compute as 62.49999999999999. A tolerance far below any display precision classes it as the user sees it.
 */
const CLASS_EPSILON = 1e-9;

/** The weight a dimension has in S: 1 when weighting is off, its weight otherwise; 0 = excluded. */
export function effectiveWeight(template: ScoringTemplate, dimension: Dimension): number {
  if (!isScoredDimension(dimension)) return 0;
  return template.weighting ? dimension.weight : 1;
}

/**
 * Weighted mean of n over the given dimensions (those answered with a scored value and weight > 0). Shared by
 * scoreRating and the key-driver leave-one-out score, so both use exactly the same rule.
 */
export function weightedScore(
  template: ScoringTemplate,
  normalised: Readonly<Record<string, number | null | undefined>>,
  exclude?: string,
): number | null {
  let sumW = 0;
  let sumWN = 0;
  for (const d of template.dimensions) {
    if (d.key === exclude) continue;
    const n = normalised[d.key];
    const w = effectiveWeight(template, d);
    if (n === null || n === undefined || !(w > 0)) continue;
    sumW += w;
    sumWN += w * n;
  }
  if (sumW === 0) return null;
  // Mathematically in [0, 100]; the bound only removes floating-point excess such as 100.00000000000001.
  return Math.min(100, Math.max(0, sumWN / sumW));
}

/** §4, from an unrounded S. */
export function classify(score: number | null): RatingClass | null {
  if (score === null) return null;
  if (score < NEGATIVE_BELOW - CLASS_EPSILON) return 'negative';
  if (score >= SATISFIED_FROM - CLASS_EPSILON) return 'satisfied';
  return 'neutral';
}

export const toStars = (score: number): number => 1 + (4 * score) / 100;
export const toTenPoint = (score: number): number => 1 + (9 * score) / 100;

/**
 * Scores one rating with the template version it answered. Expects answers that passed `validateAnswers`; an invalid
 * value throws (see normaliseAnswer), an unknown key is ignored.
 */
export function scoreRating(template: ScoringTemplate, answers: CleanAnswers | Answers): RatingScore {
  const normalised: Record<string, number | null> = {};
  for (const d of template.dimensions) {
    normalised[d.key] = normaliseAnswer(d, Object.hasOwn(answers, d.key) ? answers[d.key] : undefined);
  }
  const score = weightedScore(template, normalised);
  if (score === null) {
    return { score: null, stars: null, roundedStars: null, tenPoint: null, class: null, normalised };
  }
  const stars = toStars(score);
  return {
    score,
    stars,
    roundedStars: roundHalfUp(stars, 0),
    tenPoint: toTenPoint(score),
    class: classify(score),
    normalised,
  };
}

export interface WeightShare {
  key: string;
  /** The raw weight used (1 for every scored dimension when weighting is off). */
  weight: number;
  /** Share of the total in %, unrounded; null when all weights are 0. */
  percent: number | null;
}

/**
 * For the template editor's sliders: each scored dimension's share of the total weight in %, and the total of the raw
 * weights. Dimensions that are never scored (multi_choice, text, single_choice without scored options) are not listed.
 */
export function weightPercentages(template: ScoringTemplate): { total: number; dimensions: WeightShare[] } {
  const scored = template.dimensions.filter(isScoredDimension);
  const weights = scored.map((d) => effectiveWeight(template, d));
  const total = weights.reduce((a, b) => a + b, 0);
  return {
    total,
    dimensions: scored.map((d, i) => ({
      key: d.key,
      weight: weights[i]!,
      percent: total > 0 ? (weights[i]! / total) * 100 : null,
    })),
  };
}
