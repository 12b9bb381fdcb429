import { classify, toStars, toTenPoint } from './score';
import type { DimensionType, ScoringTemplate } from './types';

/** Averages over a set of ratings (SCORING.md §5). Everything unrounded. */
export interface Summary {
  /** All ratings, including those whose S is null. */
  count: number;
  /** Ratings with S not null: the denominator of the averages and of CSAT. */
  scoredCount: number;
  averageScore: number | null;
  averageStars: number | null;
  averageTenPoint: number | null;
  /** % satisfied among ratings with S not null. */
  csat: number | null;
  negativeCount: number;
  satisfiedCount: number;
  /** Per dimension (only when a template is given): see {@link dimensionAverage}. */
  dimensions?: Record<string, DimensionAverage>;
  /** NPS over the ratings that answered the template's NPS dimension (only when a template is given and has one). */
  nps?: number | null;
}

export interface SummaryRating {
  score: number | null;
  /** n per dimension, as returned by scoreRating / stored on the rating; needed only for per-dimension figures. */
  normalised?: Readonly<Record<string, number | null | undefined>>;
}

/**
 * §5 over plain records. The classes are recomputed from S (not read from a stored column) so that the counts always
 * agree with the average and CSAT shown next to them. Pass the template version to also get per-dimension averages and
 * NPS; ratings of different versions should be summarised per version or by dimension key across compatible versions.
 */
export function summarise(ratings: readonly SummaryRating[], template?: ScoringTemplate): Summary {
  let sum = 0;
  let scoredCount = 0;
  let negativeCount = 0;
  let satisfiedCount = 0;
  for (const r of ratings) {
    if (r.score === null) continue;
    scoredCount += 1;
    sum += r.score;
    const c = classify(r.score);
    if (c === 'negative') negativeCount += 1;
    if (c === 'satisfied') satisfiedCount += 1;
  }
  // The mean of the per-rating star/10-point equivalents equals the equivalent of the mean (both maps are linear).
  const averageScore = scoredCount > 0 ? sum / scoredCount : null;
  const summary: Summary = {
    count: ratings.length,
    scoredCount,
    averageScore,
    averageStars: averageScore === null ? null : toStars(averageScore),
    averageTenPoint: averageScore === null ? null : toTenPoint(averageScore),
    csat: scoredCount > 0 ? (satisfiedCount / scoredCount) * 100 : null,
    negativeCount,
    satisfiedCount,
  };
  if (template) {
    const dimensions: Record<string, DimensionAverage> = {};
    for (const d of template.dimensions) {
      const ns = ratings.map((r) => r.normalised?.[d.key]).filter((n): n is number => typeof n === 'number');
      dimensions[d.key] = dimensionAverage(d.type, ns, { inverted: d.inverted });
    }
    summary.dimensions = dimensions;
    const npsDimension =
      template.dimensions.find((d) => d.type === 'nps' && d.outcome) ??
      template.dimensions.find((d) => d.type === 'nps');
    if (npsDimension) {
      // For nps, n = v × 10 exactly, so the raw 0..10 answer is recovered without loss.
      const values = ratings
        .map((r) => r.normalised?.[npsDimension.key])
        .filter((n): n is number => typeof n === 'number')
        .map((n) => Math.round(n / 10));
      summary.nps = nps(values);
    }
  }
  return summary;
}

export interface DimensionAverage {
  /** Ratings that answered the dimension with a scored value. */
  count: number;
  /** Mean n (0..100), "higher is better" even for inverted yes/no. */
  meanNormalised: number | null;
  /** The mean in the dimension's own scale; see {@link dimensionAverage}. */
  value: number | null;
}

/**
 * §5 per-dimension average in the dimension's own scale: star5 1 + 4·n̄/100; score10 1 + 9·n̄/100; nps n̄/10;
 * single_choice n̄ (the options' 0..100 scores); multi_choice / text: null (never scored).
 *
 * yes_no: "% yes" is the share of raw YES answers, also for an inverted question: for "did you have to call twice?"
 * the report says "12 % yes", which is what the words mean. Since an inverted question stores yes as n = 0, that share
 * is 100 − n̄. `meanNormalised` keeps the satisfaction-oriented value (higher is better) for charts that need it.
 */
export function dimensionAverage(
  type: DimensionType,
  ns: readonly number[],
  options: { inverted?: boolean } = {},
): DimensionAverage {
  if (ns.length === 0 || type === 'multi_choice' || type === 'text') {
    return { count: ns.length, meanNormalised: null, value: null };
  }
  const mean = ns.reduce((a, b) => a + b, 0) / ns.length;
  let value: number;
  switch (type) {
    case 'star5':
      value = toStars(mean);
      break;
    case 'score10':
      value = toTenPoint(mean);
      break;
    case 'nps':
      value = mean / 10;
      break;
    case 'yes_no':
      value = options.inverted ? 100 - mean : mean;
      break;
    case 'single_choice':
      value = mean;
      break;
  }
  return { count: ns.length, meanNormalised: mean, value };
}

export interface NpsBreakdown {
  count: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters (9–10) − % detractors (0–6), −100..100; null when there are no answers. */
  nps: number | null;
}

/** §5 NPS with its parts. Values are raw 0..10 answers; anything else throws (it would be a bug upstream). */
export function npsBreakdown(values: readonly number[]): NpsBreakdown {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v > 10) throw new RangeError(`NPS answers are integers 0..10, got ${v}`);
    if (v >= 9) promoters += 1;
    else if (v >= 7) passives += 1;
    else detractors += 1;
  }
  const count = values.length;
  return {
    count,
    promoters,
    passives,
    detractors,
    nps: count > 0 ? ((promoters - detractors) / count) * 100 : null,
  };
}

/** §5 NPS, −100..100, unrounded; null without answers. */
export function nps(values: readonly number[]): number | null {
  return npsBreakdown(values).nps;
}

/**
 * §5 response rate in %: invitations with ≥ 1 submission / invitations delivered. Null when nothing was delivered.
 * `responded` counts only delivered invitations, so it cannot exceed `delivered`.
 */
export function responseRate(delivered: number, responded: number): number | null {
  if (!Number.isInteger(delivered) || !Number.isInteger(responded) || delivered < 0 || responded < 0) {
    throw new RangeError('delivered and responded are non-negative integers');
  }
  if (responded > delivered) throw new RangeError(`responded (${responded}) exceeds delivered (${delivered})`);
  return delivered === 0 ? null : (responded / delivered) * 100;
}

export const DEFAULT_HALF_LIFE_DAYS = 30;

/**
 * §7 touchpoint score Sₜ = Σ dᵢ·Sᵢ / Σ dᵢ with dᵢ = 0.5^(ageᵢ / H). Ratings with S null are skipped; null when none
 * remains. A negative age (a clock slightly ahead of the server's) is treated as 0 so that a rating never weighs more
 * than a brand-new one.
 */
export function touchpointScore(
  ratings: readonly { score: number | null; ageDays: number }[],
  halfLifeDays = DEFAULT_HALF_LIFE_DAYS,
): number | null {
  if (!(halfLifeDays > 0) || !Number.isFinite(halfLifeDays)) throw new RangeError('halfLifeDays must be > 0');
  let sumD = 0;
  let sumDS = 0;
  for (const r of ratings) {
    if (r.score === null) continue;
    const d = 0.5 ** (Math.max(0, r.ageDays) / halfLifeDays);
    sumD += d;
    sumDS += d * r.score;
  }
  // Very old ratings underflow to d = 0; if all did, there is nothing recent enough to weigh.
  return sumD > 0 ? sumDS / sumD : null;
}

/**
 * §7 store score = Σ Wₜ·Sₜ / Σ Wₜ over touchpoints that have ratings (Sₜ not null). Touchpoints without ratings
 * are skipped, so their weight is redistributed rather than counting as 0. Null when no weighted touchpoint has a score.
 */
export function storeScore(touchpoints: readonly { weight: number; score: number | null }[]): number | null {
  let sumW = 0;
  let sumWS = 0;
  for (const t of touchpoints) {
    if (t.score === null) continue;
    if (!(t.weight >= 0)) throw new RangeError(`touchpoint weight must be ≥ 0, got ${t.weight}`);
    sumW += t.weight;
    sumWS += t.weight * t.score;
  }
  return sumW > 0 ? sumWS / sumW : null;
}

/**
 * What each touchpoint gives the §7 store score: Wₜ·Sₜ / Σ Wₜ over the touchpoints with ratings (they add up to
 * `storeScore`), with its share of the weight; null for a touchpoint without ratings (its weight goes to the others).
 */
export function storeContributions<T extends { weight: number; score: number | null }>(
  touchpoints: readonly T[],
): (T & { weightShare: number | null; contribution: number | null })[] {
  const total = touchpoints.reduce((a, t) => a + (t.score === null ? 0 : t.weight), 0);
  return touchpoints.map((t) => ({
    ...t,
    weightShare: t.score !== null && total > 0 ? t.weight / total : null,
    contribution: t.score !== null && total > 0 ? (t.weight * t.score) / total : null,
  }));
}
