import { DEFAULT_MIN_SAMPLE, storeContributions, storeScore } from '../../../common/scoring/index.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { fieldError } from '../../http/problem.js';
import { processorAsOf } from '../events/processor-status.js';
import { UNKNOWN_TOUCHPOINT_WEIGHT } from '../org/touchpoints.schemas.js';
import { touchpointWeights } from '../org/touchpoints.service.js';
import { ANALYTICS_PROCESSOR, analyticsComments } from './analytics.service.js';
import { previousPeriod, resolveFilters } from './filters.js';
import { bucketsOf, type Period } from './period.js';
import { HALF_LIFE_DAYS } from './store-rollups.js';
import type {
  StoreRankingItem,
  StoreRankingView,
  StoreReportView,
  StoresQuery,
  StoreTouchpointView,
} from './stores.schemas.js';
import { type DecayedSums, decayedStoreSums } from './stores.sums.js';
import type { ResolvedFilters } from './sums.js';

type Weights = Awaited<ReturnType<typeof touchpointWeights>>;
const DAY_MS = 86_400_000;
const MAX_TREND_BUCKETS = 1100;

/** The end T of a period for the recency weights: its `to`, else now. */
const endOf = (p: Period, now: Date): Date => p.to ?? now;

/**
 * One store's touchpoints from its sums: Sₜ = Σ dᵢSᵢ / Σ dᵢ, the configured weight (or 1), the contributions
 * (`storeContributions`) and the store score. Configured touchpoints first, in their order, then the others by key.
 */
function storeOf(sums: DecayedSums[], weights: Weights) {
  const touchpoints = sums
    .map((s) => {
      const configured = weights.get(s.touchpoint);
      return {
        key: s.touchpoint,
        nameEn: configured?.nameEn ?? null,
        nameZh: configured?.nameZh ?? null,
        configured: configured !== undefined,
        weight: configured?.weight ?? UNKNOWN_TOUCHPOINT_WEIGHT,
        n: s.scoredCount,
        score: s.sumD > 0 ? s.sumDS / s.sumD : null,
        sort: configured?.sort ?? Number.POSITIVE_INFINITY,
      };
    })
    .sort((a, b) => a.sort - b.sort || a.key.localeCompare(b.key));
  const parts: StoreTouchpointView[] = storeContributions(touchpoints).map(({ sort: _sort, ...t }) => t);
  return {
    score: storeScore(touchpoints),
    n: sums.reduce((a, s) => a + s.scoredCount, 0),
    count: sums.reduce((a, s) => a + s.count, 0),
    touchpoints: parts,
  };
}

/** Scores this close are equal: the rollup and the facts sum the same weights in another order. */
const SCORE_TOLERANCE = 1e-9;

/**
 * Competition ranks (1, 1, 3) by score among the stores with at least the minimum sample; equal scores by n, then by
 * store, so the order does not depend on the last bits of a sum.
 */
function rankStores<T extends { store: string; score: number | null; n: number }>(stores: T[]) {
  const byScore = (a: T, b: T) => {
    const d = (b.score ?? -1) - (a.score ?? -1);
    return Math.abs(d) > SCORE_TOLERANCE ? d : 0;
  };
  const ranked = stores
    // Object.assign, not `{ ...s, … }`: see rankGroups (a V8 map per object, 7 µs each).
    .map((s) =>
      Object.assign({}, s, {
        insufficientSample: s.n < DEFAULT_MIN_SAMPLE || s.score === null,
        rank: null as number | null,
      }),
    )
    .sort(
      (a, b) =>
        Number(a.insufficientSample) - Number(b.insufficientSample) ||
        byScore(a, b) ||
        b.n - a.n ||
        a.store.localeCompare(b.store),
    );
  let previous: (typeof ranked)[number] | undefined;
  ranked.forEach((s, i) => {
    if (s.insufficientSample) return;
    s.rank = previous && Math.abs(previous.score! - s.score!) <= SCORE_TOLERANCE ? previous.rank : i + 1;
    previous = s;
  });
  return ranked;
}

async function storeStandings(db: Db, f: ResolvedFilters, weights: Weights, now: Date) {
  const sums = await decayedStoreSums(db, f, { by: 'store', end: endOf(f.period, now) });
  const byStore = new Map<string, DecayedSums[]>();
  for (const s of sums) byStore.set(s.key, [...(byStore.get(s.key) ?? []), s]);
  return rankStores([...byStore].map(([store, parts]) => ({ store, ...storeOf(parts, weights) })));
}

const standing = (s: { score: number | null; n: number; rank: number | null } | undefined) =>
  s ? { score: s.score, n: s.n, rank: s.rank } : { score: null, n: 0, rank: null };

const periodView = (p: Period) => ({ from: p.from?.toISOString() ?? null, to: p.to?.toISOString() ?? null });

/**
 * `GET /analytics/stores`: stores ranked by the §7 store score, each with n, every touchpoint's Sₜ, weight and
 * contribution, and the previous period's standing; stores below the minimum sample (§6) listed last, not ranked.
 * Access and filters are the dashboard's: a supervisor sees only the ratings of their departments.
 */
export async function analyticsStores(db: Db, actor: Actor, query: StoresQuery): Promise<StoreRankingView> {
  const f = await resolveFilters(db, actor, query);
  const before = previousPeriod(f.period);
  const now = new Date();
  const weights = await touchpointWeights(db);
  const [asOf, current, then] = await Promise.all([
    processorAsOf(db, ANALYTICS_PROCESSOR),
    storeStandings(db, f, weights, now),
    before ? storeStandings(db, { ...f, period: before }, weights, now) : null,
  ]);
  const previousOf = new Map(then?.map((s) => [s.store, s]) ?? []);
  return {
    asOf,
    period: periodView(f.period),
    halfLifeDays: HALF_LIFE_DAYS,
    minSample: DEFAULT_MIN_SAMPLE,
    items: current.map(
      (s): StoreRankingItem => ({
        store: s.store,
        count: s.count,
        ...standing(s),
        insufficientSample: s.insufficientSample,
        touchpoints: s.touchpoints,
        previous: then ? standing(previousOf.get(s.store)) : null,
      }),
    ),
  };
}

function granularityOf(p: { from: Date; to: Date }): 'day' | 'week' | 'month' {
  const days = (p.to.getTime() - p.from.getTime()) / DAY_MS;
  return days <= 31 ? 'day' : days <= 186 ? 'week' : 'month';
}

/**
 * The store's trend: per bucket, the store score of the bucket's ratings with T = the bucket's end, from the day
 * sums (each relative to its day's reference r, rescaled here by 2^((r − T)/H)).
 */
async function storeTrend(db: Db, f: ResolvedFilters, weights: Weights) {
  const { from, to } = f.period;
  if (!from || !to) return { granularity: 'day' as const, points: [] };
  const granularity = granularityOf({ from, to });
  const buckets = bucketsOf({ from, to }, granularity, f.timeZone);
  if (buckets.length > MAX_TREND_BUCKETS) {
    throw fieldError('query.from', 'too_many_buckets', `at most ${MAX_TREND_BUCKETS} buckets`, {
      max: MAX_TREND_BUCKETS,
    });
  }
  const days = await decayedStoreSums(db, f, { by: 'day', end: to });
  const points = buckets.map((b) => {
    const first = b.bucket;
    const next = buckets.find((x) => x.bucket > first)?.bucket ?? '9999-12-31';
    const byTouchpoint = new Map<string, DecayedSums>();
    for (const d of days) {
      if (d.key < first || d.key >= next) continue;
      const factor = 2 ** ((Date.parse(`${d.key}T00:00:00Z`) - b.to.getTime()) / (HALF_LIFE_DAYS * DAY_MS));
      const prev = byTouchpoint.get(d.touchpoint) ?? { ...d, count: 0, scoredCount: 0, sumS: 0, sumD: 0, sumDS: 0 };
      byTouchpoint.set(d.touchpoint, {
        ...prev,
        count: prev.count + d.count,
        scoredCount: prev.scoredCount + d.scoredCount,
        sumS: prev.sumS + d.sumS,
        sumD: prev.sumD + d.sumD * factor,
        sumDS: prev.sumDS + d.sumDS * factor,
      });
    }
    const store = storeOf([...byTouchpoint.values()], weights);
    return { bucket: b.bucket, from: b.from.toISOString(), to: b.to.toISOString(), score: store.score, n: store.n };
  });
  return { granularity, points };
}

/**
 * `GET /analytics/stores/{store}`: one store's score and rank among the stores (same filters and access), each
 * touchpoint's Sₜ, n and contribution, the previous period's standing, the trend of the store score and the latest
 * comments (`analyticsComments` with the store filter).
 */
export async function analyticsStore(
  db: Db,
  actor: Actor,
  store: string,
  query: StoresQuery,
): Promise<StoreReportView> {
  const f = await resolveFilters(db, actor, query);
  const before = previousPeriod(f.period);
  const now = new Date();
  const weights = await touchpointWeights(db);
  const [asOf, current, then, trend, comments] = await Promise.all([
    processorAsOf(db, ANALYTICS_PROCESSOR),
    storeStandings(db, f, weights, now),
    before ? storeStandings(db, { ...f, period: before }, weights, now) : null,
    storeTrend(db, { ...f, store }, weights),
    analyticsComments(db, actor, { ...query, store, limit: 10 }),
  ]);
  const mine = current.find((s) => s.store === store);
  return {
    asOf,
    store,
    period: periodView(f.period),
    halfLifeDays: HALF_LIFE_DAYS,
    minSample: DEFAULT_MIN_SAMPLE,
    count: mine?.count ?? 0,
    ...standing(mine),
    insufficientSample: mine ? mine.insufficientSample : true,
    touchpoints: mine?.touchpoints ?? [],
    previous: then ? standing(then.find((s) => s.store === store)) : null,
    trend,
    comments: comments.items,
  };
}
