/**
 * Insights (issue 18 parts 4 and 5) on the typed client: key drivers and the drift watch. Query keys live under
 * `analyticsKeys.all`, so a live rating refreshes them with the rest of the dashboard.
 */
import { useQuery } from '@tanstack/react-query';
import { type Answer, client, ok } from '../../api/client';
import { analyticsKeys } from '../dashboard/analyticsApi';
import type { AnalyticsFilterQuery } from '../dashboard/analyticsQueries';

export type DriversView = Answer<'/analytics/drivers'>;
export type DriverItem = DriversView['items'][number];
export type DriftList = Answer<'/analytics/drift'>;
export type DriftItem = DriftList['items'][number];
export type DriftSeries = Answer<'/analytics/drift/{by}/{id}'>;
export type DriftBy = DriftList['by'];

/** One watched member: an engineer or a department (with its subtree). */
export interface DriftMember {
  by: DriftBy;
  id: string;
}

export const insightKeys = {
  drivers: (query: object, language: string) => [...analyticsKeys.all, 'drivers', query, language] as const,
  drift: (by: DriftBy, departmentId: string | undefined) =>
    [...analyticsKeys.all, 'drift', by, departmentId ?? null] as const,
  driftSeries: (member: DriftMember) => [...analyticsKeys.all, 'drift-series', member.by, member.id] as const,
};

/** GET /analytics/drivers for the analytics filters (labels in `language`). */
export function useDrivers(query: AnalyticsFilterQuery, language: string) {
  const lang = language === 'zh-CN' ? 'zh-CN' : 'en';
  return useQuery({
    queryKey: insightKeys.drivers(query, lang),
    queryFn: () => ok(client.GET('/analytics/drivers', { params: { query: { ...query, lang } } })),
  });
}

/** GET /analytics/drift: the members slipping now. */
export function useDrift(by: DriftBy, departmentId?: string) {
  return useQuery({
    queryKey: insightKeys.drift(by, departmentId),
    queryFn: () =>
      ok(client.GET('/analytics/drift', { params: { query: { by, ...(departmentId ? { departmentId } : {}) } } })),
  });
}

/** GET /analytics/drift/{by}/{id}: one member's weekly control chart. */
export function useDriftSeries(member: DriftMember | null) {
  return useQuery({
    queryKey: insightKeys.driftSeries(member ?? { by: 'engineer', id: '' }),
    queryFn: () => ok(client.GET('/analytics/drift/{by}/{id}', { params: { path: member! } })),
    enabled: member !== null,
  });
}

/** The ratings list filtered to a drift alarm's member and slipping weeks (`to` exclusive, as the API's). */
export function driftRatingsLink(item: Pick<DriftItem, 'ratingsQuery' | 'name'>, by: DriftBy): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(item.ratingsQuery)) if (value) params.set(key, value);
  if (by === 'engineer' && item.name) params.set('engineerLabel', item.name);
  return `/ratings?${params.toString()}`;
}
