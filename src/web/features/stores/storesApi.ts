import type { Answer } from '../../api/client';
import { type AnalyticsFilters, analyticsKeys, analyticsQuery } from '../dashboard/analyticsApi';
import type { Range } from '../dashboard/period';

export type StoreRanking = Answer<'/analytics/stores'>;
export type StoreRow = StoreRanking['items'][number];
export type StoreTouchpoint = StoreRow['touchpoints'][number];
export type StoreReport = Answer<'/analytics/stores/{store}'>;

/** Under `analyticsKeys.all`, so a new rating refreshes them like the dashboard (app/liveEvents.ts). */
export const storeKeys = {
  ranking: (query: object) => [...analyticsKeys.all, 'stores', query] as const,
  store: (store: string, query: object) => [...analyticsKeys.all, 'stores', store, query] as const,
};

/**
 * The store reports' query: the dashboard's filters without `store` and `touchpoint` (the reports are per store and
 * show every touchpoint; the store filter searches the ranking's rows instead).
 */
export function storesQuery(filters: AnalyticsFilters, range: Range) {
  const { store: _store, touchpoint: _touchpoint, ...query } = analyticsQuery(filters, range);
  return query;
}

/** The store page's path. */
export const storePath = (store: string, search = '') =>
  `/analytics/stores/${encodeURIComponent(store)}${search ? `?${search}` : ''}`;

/** A touchpoint's label: its configured name in the console's language, its key, or "(no touchpoint)". */
export function touchpointLabel(tp: StoreTouchpoint, language: string, none: string): string {
  if (tp.key === '') return none;
  const name = language.startsWith('zh') ? tp.nameZh : tp.nameEn;
  return name || tp.key;
}
