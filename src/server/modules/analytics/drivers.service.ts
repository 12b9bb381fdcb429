import { emptyRatingSums, KEY_DRIVERS_MIN_SAMPLE } from '../../../common/scoring/index.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { processorAsOf } from '../events/processor-status.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import type { Language } from './analytics.schemas.js';
import { ANALYTICS_PROCESSOR } from './analytics.service.js';
import { dimensionMeta } from './dimension-labels.js';
import type { DriverItem, DriversQuery, DriversView, Quadrant } from './drivers.schemas.js';
import { resolveFilters } from './filters.js';
import { type DriverSums, driverSums, ratingSums } from './sums.js';

/** Pearson r from the pairs' sums; null below the minimum pairs or when either side has no spread (as `pearson`). */
export function correlationOfSums(s: DriverSums, minSample: number): number | null {
  const n = s.pairs;
  if (n < minSample || n < 2) return null;
  const sxx = s.pairSumN2 - (s.pairSumN * s.pairSumN) / n;
  const syy = s.sumY2 - (s.sumY * s.sumY) / n;
  const sxy = s.sumNY - (s.pairSumN * s.sumY) / n;
  // Values are on 0..100: a variance this small is the rounding noise of a constant series (same rule as `pearson`).
  const tiny = 1e-9 * n;
  if (sxx <= tiny || syy <= tiny) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * SCORING.md §8 from sums: per dimension with pairs (the outcome dimension itself has none), r, gap, impact, the
 * quadrant against the medians, sorted by impact (not measurable last); the suggestion is the top positive impact.
 */
export function driversOfSums(
  sums: ReadonlyMap<string, DriverSums>,
  labelOf: (key: string) => string,
  minSample = KEY_DRIVERS_MIN_SAMPLE,
): Pick<DriversView, 'items' | 'medians' | 'suggestion'> {
  const rows = [...sums]
    .filter(([, s]) => s.pairs > 0)
    .map(([key, s]) => {
      const average = s.count > 0 ? s.sumN / s.count : null;
      const gap = average === null ? null : 100 - average;
      const correlation = correlationOfSums(s, minSample);
      const impact = correlation === null || gap === null ? null : correlation * gap;
      return { key, label: labelOf(key), impact, correlation, gap, n: s.pairs, average };
    });
  const measurable = rows.filter((r) => r.impact !== null && r.average !== null);
  const medians = measurable.length
    ? { impact: median(measurable.map((r) => r.impact!)), average: median(measurable.map((r) => r.average!)) }
    : null;
  const quadrantOf = (r: (typeof rows)[number]): Quadrant | null => {
    if (!medians || r.impact === null || r.average === null) return null;
    const important = r.impact >= medians.impact;
    const performing = r.average >= medians.average;
    return important ? (performing ? 'keep' : 'improve') : performing ? 'surplus' : 'monitor';
  };
  const items: DriverItem[] = rows
    .map((r) => ({ ...r, quadrant: quadrantOf(r) }))
    .sort((a, b) => (b.impact ?? -Infinity) - (a.impact ?? -Infinity) || a.key.localeCompare(b.key));
  const top = items[0];
  return {
    items,
    medians,
    suggestion: top && top.impact !== null && top.impact > 0 ? { key: top.key, label: top.label } : null,
  };
}

/**
 * `GET /analytics/drivers`: which dimension moves satisfaction most (SCORING.md §8), for the dashboard's filters and
 * access (a supervisor: their departments). From the dimension rollup's co-moments; below 30 ratings with S nothing
 * but the sample size.
 */
export async function analyticsDrivers(
  db: Db,
  actor: Actor,
  query: DriversQuery,
  language?: Language,
): Promise<DriversView> {
  const f = await resolveFilters(db, actor, query);
  const minSample = KEY_DRIVERS_MIN_SAMPLE;
  const [asOf, totals] = await Promise.all([processorAsOf(db, ANALYTICS_PROCESSOR), ratingSums(db, f)]);
  const n = (totals.get('') ?? emptyRatingSums()).scoredCount;
  const period = { from: f.period.from?.toISOString() ?? null, to: f.period.to?.toISOString() ?? null };
  const base = { asOf, period, n, minSample };
  if (n < minSample) return { ...base, sufficient: false, medians: null, items: [], suggestion: null };
  const lang = language ?? (await getOrganisationProfile(db)).defaultLanguage;
  const [sums, meta] = await Promise.all([driverSums(db, f), dimensionMeta(db, lang)]);
  return { ...base, sufficient: true, ...driversOfSums(sums, (key) => meta.get(key)?.label ?? key, minSample) };
}
