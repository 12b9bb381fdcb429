/**
 * The dashboard's requests (GET /api/v1/analytics/*) on the typed client, each mapped to the small view shapes the
 * chart components take — a change of the API's shape is handled here, in one place. Types come only from the
 * generated schema (src/web/api/schema.d.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { RATING_CHANNELS, type RatingChannel } from '../../../common/channels';
import { type Answer, client, type ItemOf, ok, type QueryOf } from '../../api/client';
import { type LatestRating, liveKeys } from '../../app/liveEvents';
import { analyticsKeys } from './analyticsApi';
import type { DimensionView } from './DimensionsPanel';
import type { Distribution } from './DistributionChart';
import type { FunnelRow } from './FunnelChart';
import type { KpiFigures } from './KpiCards';
import type { CommentView } from './LatestComments';
import type { Granularity } from './period';
import type { TrendPoint } from './TrendChart';

export type AnalyticsSummary = Answer<'/analytics/summary'>;
export type SummaryDimension = AnalyticsSummary['dimensions'][number];
/** The filters every analytics request takes (`lang` aside: the client sends Accept-Language). */
export type AnalyticsFilterQuery = Omit<QueryOf<'/analytics/summary'>, 'lang'>;
export type DrillDownPage = Answer<'/analytics/ratings'>;
export type DrillDownRating = ItemOf<'/analytics/ratings'>;
export type DrillDownQuery = QueryOf<'/analytics/ratings'>;
export type DrillDownSort = NonNullable<DrillDownQuery['sort']>;

/** How long after a live rating the dashboard keeps asking until the analytics processor has counted it. */
const CATCH_UP_MS = 30_000;
const CATCH_UP_POLL_MS = 1_000;

/**
 * Live catch-up: a `rating.submitted` event reaches the console (SSE) as soon as it commits, while the analytics
 * processor may still be adding it to the rollups. The event invalidates every analytics query; an answer whose
 * `asOf` (the processor's position) is older than the newest rating event seen is asked again each second, for at
 * most 30 s, so the figures include the new rating without a reload.
 */
export function catchUp(asOf: string | null | undefined, latest: LatestRating | null | undefined): number | false {
  if (!latest || (asOf && asOf >= latest.at)) return false;
  return Date.now() - latest.seenAt < CATCH_UP_MS ? CATCH_UP_POLL_MS : false;
}

/** The newest rating the live stream announced (written by useLiveEvents, never fetched). */
function useLatestRatingEvent(): LatestRating | null {
  return (
    useQuery<LatestRating | null>({ queryKey: liveKeys.latestRating, queryFn: () => null, enabled: false }).data ?? null
  );
}

const toFigures = (figures: KpiFigures): KpiFigures => ({
  count: figures.count,
  averageScore: figures.averageScore,
  averageStars: figures.averageStars,
  csat: figures.csat,
  nps: figures.nps,
  negativeCount: figures.negativeCount,
  responseRate: figures.responseRate,
});

/** GET /analytics/summary: this period's figures, the previous period's (same length, just before), dimensions. */
export function useSummary(query: AnalyticsFilterQuery | null) {
  const latest = useLatestRatingEvent();
  return useQuery({
    queryKey: analyticsKeys.summary(query ?? {}),
    queryFn: () => ok(client.GET('/analytics/summary', { params: { query: query ?? {} } })),
    enabled: query !== null,
    refetchInterval: (q) => catchUp(q.state.data?.asOf, latest),
    select: (summary) => ({
      count: summary.count,
      asOf: summary.asOf,
      figures: toFigures(summary),
      previous: summary.previous ? toFigures(summary.previous) : undefined,
      dimensions: summary.dimensions,
    }),
  });
}

/** GET /analytics/trend: the figures per bucket, empty buckets included. */
export function useTrend(query: AnalyticsFilterQuery & { from: string; to: string }, granularity: Granularity) {
  const latest = useLatestRatingEvent();
  const params = { ...query, granularity };
  return useQuery({
    queryKey: analyticsKeys.trend(params),
    queryFn: () => ok(client.GET('/analytics/trend', { params: { query: params } })),
    refetchInterval: (q) => catchUp(q.state.data?.asOf, latest),
    select: (trend): TrendPoint[] =>
      trend.points.map((point) => ({
        start: point.bucket,
        count: point.count,
        averageScore: point.averageScore,
        csat: point.csat,
        nps: point.nps,
        negativeCount: point.negativeCount,
      })),
  });
}

/** GET /analytics/dimensions: each dimension's average per bucket, in its own scale. */
export function useDimensionTrends(
  query: AnalyticsFilterQuery & { from: string; to: string },
  granularity: Granularity,
) {
  const latest = useLatestRatingEvent();
  const params = { ...query, granularity };
  return useQuery({
    queryKey: analyticsKeys.dimensions(params),
    queryFn: () => ok(client.GET('/analytics/dimensions', { params: { query: params } })),
    refetchInterval: (q) => catchUp(q.state.data?.asOf, latest),
    select: (result): DimensionView[] =>
      result.dimensions.map((dimension) => ({
        key: dimension.key,
        label: dimension.label,
        scale: dimension.scale,
        average: dimension.average,
        points: dimension.points.map((point) => ({ start: point.bucket, average: point.average, count: point.count })),
      })),
  });
}

/** GET /analytics/distribution: ratings per rounded ★. */
export function useDistribution(query: AnalyticsFilterQuery) {
  const latest = useLatestRatingEvent();
  return useQuery({
    queryKey: analyticsKeys.distribution(query),
    queryFn: () => ok(client.GET('/analytics/distribution', { params: { query } })),
    refetchInterval: (q) => catchUp(q.state.data?.asOf, latest),
    select: (result): Distribution => ({ bars: result.stars, unscored: result.unscored }),
  });
}

const isRatingChannel = (channel: string | null): channel is RatingChannel =>
  RATING_CHANNELS.some((known) => known === channel);

/** GET /analytics/funnel: per channel (invitations not delivered through any channel yet are left out). */
export function useFunnel(query: AnalyticsFilterQuery) {
  const latest = useLatestRatingEvent();
  return useQuery({
    queryKey: analyticsKeys.funnel(query),
    queryFn: () => ok(client.GET('/analytics/funnel', { params: { query } })),
    refetchInterval: (q) => catchUp(q.state.data?.asOf, latest),
    select: (result): FunnelRow[] =>
      result.channels.flatMap((row) => {
        const channel = row.channel;
        return isRatingChannel(channel)
          ? [{ channel, created: row.created, delivered: row.delivered, opened: row.opened, responded: row.responded }]
          : [];
      }),
  });
}

/** GET /analytics/comments: the latest ratings with a comment. */
export function useComments(query: AnalyticsFilterQuery, limit = 8) {
  const latest = useLatestRatingEvent();
  const params = { ...query, limit };
  return useQuery({
    queryKey: analyticsKeys.comments(params),
    queryFn: () => ok(client.GET('/analytics/comments', { params: { query: params } })),
    refetchInterval: (q) => catchUp(q.state.data?.asOf, latest),
    select: (result): CommentView[] =>
      result.items.map((item) => ({
        id: item.id,
        workOrderId: item.workOrderId,
        workOrderNumber: item.workOrderNumber,
        stars: item.stars,
        comment: item.comment,
        submittedAt: item.submittedAt,
      })),
  });
}

/** Whether any rating exists at all (the summary of an unbounded period), asked only when a period is empty. */
export function useAnyRatings(enabled: boolean) {
  return useQuery({
    queryKey: analyticsKeys.summary({ anyTime: true }),
    queryFn: () => ok(client.GET('/analytics/summary', { params: { query: {} } })),
    enabled,
    select: (summary) => summary.count > 0,
  });
}

/** GET /analytics/ratings: the drill-down list (its `total` equals the summary's `count` for the same filters). */
export function useDrillDown(query: DrillDownQuery) {
  const latest = useLatestRatingEvent();
  return useQuery({
    queryKey: analyticsKeys.ratings(query),
    queryFn: () => ok(client.GET('/analytics/ratings', { params: { query } })),
    refetchInterval: (q) => catchUp(q.state.data?.asOf, latest),
    placeholderData: (previous) => previous,
  });
}
