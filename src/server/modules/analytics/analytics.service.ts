import { sql } from 'drizzle-orm';
import { emptyRatingSums, responseRateOfSums, toStars } from '../../../common/scoring/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { ratingFacts } from '../../db/schema/analytics.js';
import { executeRows } from '../../db/sql.js';
import type { Actor } from '../../http/principal.js';
import { fieldError } from '../../http/problem.js';
import { processorAsOf } from '../events/processor-status.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { presentDimensions, presentFigures, totalFunnel } from './analytics.presenter.js';
import type {
  AnalyticsQuery,
  CommentsQuery,
  CommentsView,
  DimensionTrendView,
  DistributionView,
  FunnelView,
  Language,
  SummaryView,
  TrendQuery,
  TrendView,
} from './analytics.schemas.js';
import { dimensionMeta } from './dimension-labels.js';
import { previousPeriod, resolveFilters } from './filters.js';
import { bucketsOf, type Period } from './period.js';
import { dimensionSums, factConditions, funnelSums, type ResolvedFilters, ratingSums } from './sums.js';

export const ANALYTICS_PROCESSOR = 'analytics';
/** At most this many buckets in a series (3 years of days). */
export const MAX_BUCKETS = 1100;

const asOfNow = (db: DbOrTx) => processorAsOf(db, ANALYTICS_PROCESSOR);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const languageOf = async (db: DbOrTx, language: Language | undefined) =>
  language ?? (await getOrganisationProfile(db)).defaultLanguage;

export async function figuresFor(db: Db, f: ResolvedFilters) {
  const [sums, funnel] = await Promise.all([ratingSums(db, f), funnelSums(db, f)]);
  return presentFigures(sums.get('') ?? emptyRatingSums(), totalFunnel(funnel.get('')));
}

/** `GET /analytics/summary`: the fixed figures (API-CONTRACT.md), the dimensions, and the previous period's figures. */
export async function analyticsSummary(
  db: Db,
  actor: Actor,
  query: AnalyticsQuery,
  language?: Language,
): Promise<SummaryView> {
  const f = await resolveFilters(db, actor, query);
  const previous = previousPeriod(f.period);
  const [asOf, figures, dims, meta, before] = await Promise.all([
    asOfNow(db),
    figuresFor(db, f),
    dimensionSums(db, f),
    languageOf(db, language).then((l) => dimensionMeta(db, l)),
    previous ? figuresFor(db, { ...f, period: previous }) : null,
  ]);
  const period = (p: Period) => ({ from: iso(p.from), to: iso(p.to) });
  return {
    ...figures,
    dimensions: presentDimensions(dims.get(''), meta),
    asOf,
    period: period(f.period),
    previous: before && previous ? { ...before, period: period(previous) } : null,
  };
}

export function seriesBuckets(f: ResolvedFilters, granularity: TrendQuery['granularity']) {
  const buckets = bucketsOf({ from: f.period.from!, to: f.period.to! }, granularity, f.timeZone);
  if (buckets.length > MAX_BUCKETS) {
    throw fieldError('query.granularity', 'too_many_buckets', `at most ${MAX_BUCKETS} buckets`, { max: MAX_BUCKETS });
  }
  return buckets;
}

/** `GET /analytics/trend`: the summary figures per local day / week (Monday) / month, empty buckets included. */
export async function analyticsTrend(db: Db, actor: Actor, query: TrendQuery): Promise<TrendView> {
  const f = await resolveFilters(db, actor, query);
  const buckets = seriesBuckets(f, query.granularity);
  const [asOf, sums, funnel] = await Promise.all([
    asOfNow(db),
    ratingSums(db, f, query.granularity),
    funnelSums(db, f, query.granularity),
  ]);
  return {
    granularity: query.granularity,
    asOf,
    points: buckets.map((b) => ({
      bucket: b.bucket,
      from: b.from.toISOString(),
      to: b.to.toISOString(),
      ...presentFigures(sums.get(b.bucket) ?? emptyRatingSums(), totalFunnel(funnel.get(b.bucket))),
    })),
  };
}

/** `GET /analytics/dimensions`: each dimension's average (own scale) and count per bucket, and over the period. */
export async function analyticsDimensions(
  db: Db,
  actor: Actor,
  query: TrendQuery,
  language?: Language,
): Promise<DimensionTrendView> {
  const f = await resolveFilters(db, actor, query);
  const buckets = seriesBuckets(f, query.granularity);
  const [asOf, total, byBucket, meta] = await Promise.all([
    asOfNow(db),
    dimensionSums(db, f),
    dimensionSums(db, f, query.granularity),
    languageOf(db, language).then((l) => dimensionMeta(db, l)),
  ]);
  const perBucket = buckets.map((b) => ({ b, dims: presentDimensions(byBucket.get(b.bucket), meta) }));
  return {
    granularity: query.granularity,
    asOf,
    dimensions: presentDimensions(total.get(''), meta).map((d) => ({
      ...d,
      points: perBucket.map(({ b, dims }) => {
        const point = dims.find((x) => x.key === d.key);
        return {
          bucket: b.bucket,
          from: b.from.toISOString(),
          to: b.to.toISOString(),
          average: point?.average ?? null,
          count: point?.count ?? 0,
        };
      }),
    })),
  };
}

/** `GET /analytics/distribution`: ratings per rounded ★, and those without S. */
export async function analyticsDistribution(db: Db, actor: Actor, query: AnalyticsQuery): Promise<DistributionView> {
  const f = await resolveFilters(db, actor, query);
  const [asOf, sums] = await Promise.all([asOfNow(db), ratingSums(db, f)]);
  const s = sums.get('') ?? emptyRatingSums();
  const stars = s.stars.map((count, i) => ({ stars: i + 1, count }));
  return { asOf, count: s.count, stars, unscored: s.count - s.stars.reduce((a, b) => a + b, 0) };
}

/** `GET /analytics/funnel`: created → delivered → opened → responded per channel (by invitation creation time). */
export async function analyticsFunnel(db: Db, actor: Actor, query: AnalyticsQuery): Promise<FunnelView> {
  const f = await resolveFilters(db, actor, query);
  const [asOf, funnel] = await Promise.all([asOfNow(db), funnelSums(db, f)]);
  const byChannel = funnel.get('');
  const total = totalFunnel(byChannel);
  return {
    asOf,
    total: { ...total, responseRate: responseRateOfSums(total) },
    channels: [...(byChannel?.entries() ?? [])]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map(([channel, s]) => ({ channel: channel || null, ...s, responseRate: responseRateOfSums(s) })),
  };
}

/** `GET /analytics/comments`: the latest ratings with a text answer, under the same filters. */
export async function analyticsComments(db: Db, actor: Actor, query: CommentsQuery): Promise<CommentsView> {
  const f = await resolveFilters(db, actor, query);
  const where = sql.join([...factConditions(f), sql`f.comment is not null`], sql` and `);
  const [asOf, rows] = await Promise.all([
    asOfNow(db),
    executeRows<{
      rating_id: string;
      work_order_id: string;
      work_order_number: string;
      score: number | null;
      rounded_stars: number | null;
      comment: string;
      submitted_at: string | Date;
    }>(
      db,
      sql`select f.rating_id, f.work_order_id, f.work_order_number, f.score, f.rounded_stars, f.comment, f.submitted_at
          from ${ratingFacts} f where ${where} order by f.submitted_at desc, f.rating_id desc limit ${query.limit}`,
    ),
  ]);
  return {
    asOf,
    items: rows.map((r) => ({
      id: r.rating_id,
      workOrderId: r.work_order_id,
      workOrderNumber: r.work_order_number,
      score: r.score,
      stars: r.score === null ? null : toStars(r.score),
      roundedStars: r.rounded_stars,
      comment: r.comment,
      submittedAt: new Date(r.submitted_at).toISOString(),
    })),
  };
}
