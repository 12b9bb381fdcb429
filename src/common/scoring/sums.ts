import { dimensionAverage, responseRate } from './aggregate';
import { toStars } from './score';
import type { DimensionType } from './types';

/**
 * Additive sums over a set of ratings (a bucket, a sum of buckets, a filtered aggregate): everything SCORING.md §5
 * needs, so that figures computed from rollups are exactly the figures of the raw ratings.
 */
export interface RatingSums {
  count: number;
  /** Ratings with S not null. */
  scoredCount: number;
  sumS: number;
  sumS2: number;
  satisfied: number;
  negative: number;
  /** Ratings that answered the template's NPS dimension, and their split. */
  npsCount: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Rounded ★ 1..5 counts (index 0 = ★1). Ratings without S are count − Σ stars. */
  stars: [number, number, number, number, number];
}

export interface DimensionSums {
  /** Ratings that answered the dimension with a scored value. */
  count: number;
  sumN: number;
  sumN2: number;
}

export interface FunnelSums {
  created: number;
  delivered: number;
  opened: number;
  /** Delivered invitations with ≥ 1 submission. */
  responded: number;
}

export const emptyRatingSums = (): RatingSums => ({
  count: 0,
  scoredCount: 0,
  sumS: 0,
  sumS2: 0,
  satisfied: 0,
  negative: 0,
  npsCount: 0,
  promoters: 0,
  passives: 0,
  detractors: 0,
  stars: [0, 0, 0, 0, 0],
});

export function addRatingSums(a: RatingSums, b: RatingSums): RatingSums {
  return {
    count: a.count + b.count,
    scoredCount: a.scoredCount + b.scoredCount,
    sumS: a.sumS + b.sumS,
    sumS2: a.sumS2 + b.sumS2,
    satisfied: a.satisfied + b.satisfied,
    negative: a.negative + b.negative,
    npsCount: a.npsCount + b.npsCount,
    promoters: a.promoters + b.promoters,
    passives: a.passives + b.passives,
    detractors: a.detractors + b.detractors,
    stars: a.stars.map((s, i) => s + b.stars[i]!) as RatingSums['stars'],
  };
}

export interface RatingFigures {
  count: number;
  averageScore: number | null;
  averageStars: number | null;
  /** % satisfied among ratings with S. */
  csat: number | null;
  /** % promoters − % detractors, null without NPS answers. */
  nps: number | null;
  negativeCount: number;
}

/** SCORING.md §5 from sums: average S = ΣS / n with S, ★ = 1 + 4·S̄/100, CSAT, NPS, negatives. Unrounded. */
export function figuresOfSums(s: RatingSums): RatingFigures {
  const averageScore = s.scoredCount > 0 ? s.sumS / s.scoredCount : null;
  return {
    count: s.count,
    averageScore,
    averageStars: averageScore === null ? null : toStars(averageScore),
    csat: s.scoredCount > 0 ? (s.satisfied / s.scoredCount) * 100 : null,
    nps: s.npsCount > 0 ? ((s.promoters - s.detractors) / s.npsCount) * 100 : null,
    negativeCount: s.negative,
  };
}

/**
 * A dimension's average in its own scale from its sums, with exactly {@link dimensionAverage}'s rules (star5 / score10
 * / nps scales, yes_no % yes also when inverted, single_choice n̄; never-scored types null): the mean n̄ = Σn / count
 * goes through the same function (the mean of the single value n̄ is n̄).
 */
export function dimensionFigure(
  type: DimensionType,
  s: DimensionSums,
  options: { inverted?: boolean } = {},
): { count: number; average: number | null } {
  if (s.count === 0) return { count: 0, average: null };
  return { count: s.count, average: dimensionAverage(type, [s.sumN / s.count], options).value };
}

/** §5 response rate from funnel sums (null when nothing was delivered). */
export const responseRateOfSums = (f: FunnelSums): number | null => responseRate(f.delivered, f.responded);

/** Sample standard deviation of S from Σ S, Σ S² (null below 2 scored ratings), for §6 uncertainty bands. */
export function scoreStdDev(s: RatingSums): number | null {
  if (s.scoredCount < 2) return null;
  const variance = (s.sumS2 - (s.sumS * s.sumS) / s.scoredCount) / (s.scoredCount - 1);
  return Math.sqrt(Math.max(0, variance));
}
