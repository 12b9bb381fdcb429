import { RATING_CHANNELS, type RatingChannel } from '../../../common/channels';
import { type UrlParam, type UrlSpec, urlParam } from '../../components/useListState';
import {
  autoGranularity,
  GRANULARITIES,
  type Granularity,
  isDay,
  PERIOD_PRESETS,
  type PeriodPreset,
  type Range,
  resolveRange,
} from './period';

export const RATING_SOURCES = ['customer', 'follow_up', 'pad'] as const;
export type RatingSource = (typeof RATING_SOURCES)[number];

/**
 * The analytics filters every dashboard request and the ratings list share (GET /analytics/*): the period and the
 * attributes a rating was credited to. `engineerLabel` only remembers the picked engineer's name for the picker.
 */
export interface AnalyticsFilters {
  period?: PeriodPreset;
  from?: string;
  to?: string;
  serviceTypeId?: string;
  departmentId?: string;
  engineerId?: string;
  engineerLabel?: string;
  store?: string;
  touchpoint?: string;
  channel?: RatingChannel;
  templateId?: string;
  source?: RatingSource;
}

/** A `YYYY-MM-DD` local day or an ISO instant, as the analytics API takes `from`/`to`. */
const dayOrInstant = (): UrlParam<string> => {
  const day = urlParam.day();
  const instant = urlParam.instant();
  return {
    parse: (raw) => day.parse(raw) ?? instant.parse(raw),
    serialize: (value) => value,
  };
};

export const analyticsFiltersUrl: UrlSpec<AnalyticsFilters> = {
  period: urlParam.oneOf(PERIOD_PRESETS),
  from: dayOrInstant(),
  to: dayOrInstant(),
  serviceTypeId: urlParam.uuid(),
  departmentId: urlParam.uuid(),
  engineerId: urlParam.uuid(),
  engineerLabel: urlParam.text(100),
  store: urlParam.text(200),
  touchpoint: urlParam.text(200),
  channel: urlParam.oneOf(RATING_CHANNELS),
  templateId: urlParam.uuid(),
  source: urlParam.oneOf(RATING_SOURCES),
};

/** The dashboard's own URL state: the filters plus the trend's granularity (absent = automatic). */
export interface DashboardFilters extends AnalyticsFilters {
  granularity?: Granularity;
}

export const dashboardFiltersUrl: UrlSpec<DashboardFilters> = {
  ...analyticsFiltersUrl,
  granularity: urlParam.oneOf(GRANULARITIES),
};

/** Filter keys that travel to the API as they are (the period goes as `from`/`to`). */
const ATTRIBUTE_KEYS = [
  'serviceTypeId',
  'departmentId',
  'engineerId',
  'store',
  'touchpoint',
  'channel',
  'templateId',
  'source',
] as const satisfies readonly (keyof AnalyticsFilters)[];

/** The API's filter query for a period: `{ from, to, serviceTypeId, … }` without empty values. */
export function analyticsQuery(filters: AnalyticsFilters, range: Range | null) {
  const query: Partial<Record<(typeof ATTRIBUTE_KEYS)[number] | 'from' | 'to', string>> = {};
  if (range) {
    query.from = range.from;
    query.to = range.to;
  }
  for (const key of ATTRIBUTE_KEYS) {
    const value = filters[key];
    if (value) query[key] = value;
  }
  return query as {
    from?: string;
    to?: string;
    serviceTypeId?: string;
    departmentId?: string;
    engineerId?: string;
    store?: string;
    touchpoint?: string;
    channel?: RatingChannel;
    templateId?: string;
    source?: RatingSource;
  };
}

/** The period a page shows (`null`: no period, the ratings list's "any time"). */
export function periodOf(filters: AnalyticsFilters, today: string, fallback: 'last30' | null): Range | null {
  if (!filters.period && !(filters.from && filters.to) && fallback === null) return null;
  return resolveRange(filters.period, filters.from, filters.to, today);
}

/** The trend's granularity: the URL's, else by the period's length. */
export const granularityOf = (filters: DashboardFilters, range: Range): Granularity =>
  filters.granularity ?? autoGranularity(range);

/** What a drill-down adds to the filters: a class, a ★ bar, negatives only. */
export interface DrillDown {
  class?: 'negative' | 'neutral' | 'satisfied' | 'none';
  stars?: number;
  negative?: boolean;
  channel?: RatingChannel;
}

/**
 * The ratings list's address for a number on the dashboard: the same filters, the period as explicit `from`/`to`
 * (a preset would move with the clock), and the drill-down's own filter (`/ratings?from=…&to=…&stars=2`).
 */
export function ratingsLink(filters: AnalyticsFilters, range: Range | null, drill: DrillDown = {}): string {
  const params = new URLSearchParams();
  const query = analyticsQuery({ ...filters, ...(drill.channel ? { channel: drill.channel } : {}) }, range);
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  if (filters.engineerId && filters.engineerLabel) params.set('engineerLabel', filters.engineerLabel);
  if (drill.class) params.set('class', drill.class);
  if (drill.stars !== undefined) params.set('stars', String(drill.stars));
  if (drill.negative !== undefined) params.set('negative', String(drill.negative));
  return `/ratings?${params.toString()}`;
}

/** A day bound as the range picker shows it: `to` is exclusive, the picker's end day inclusive. */
export const isDayRange = (range: Range | null) => Boolean(range && isDay(range.from) && isDay(range.to));

/** Every query key of the analytics screens; a `rating.submitted` event invalidates `all` (app/liveEvents.ts). */
export const analyticsKeys = {
  all: ['analytics'] as const,
  summary: (query: object) => [...analyticsKeys.all, 'summary', query] as const,
  trend: (query: object) => [...analyticsKeys.all, 'trend', query] as const,
  dimensions: (query: object) => [...analyticsKeys.all, 'dimensions', query] as const,
  distribution: (query: object) => [...analyticsKeys.all, 'distribution', query] as const,
  funnel: (query: object) => [...analyticsKeys.all, 'funnel', query] as const,
  comments: (query: object) => [...analyticsKeys.all, 'comments', query] as const,
  ratings: (query: object) => [...analyticsKeys.all, 'ratings', query] as const,
  rankings: (query: object) => [...analyticsKeys.all, 'rankings', query] as const,
};
