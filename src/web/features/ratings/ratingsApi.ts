import { useQuery } from '@tanstack/react-query';
import { type Answer, allOf, client, ok } from '../../api/client';
import { type UrlSpec, urlParam } from '../../components/useListState';
import { type AnalyticsFilters, analyticsFiltersUrl } from '../dashboard/analyticsApi';
import type { DrillDownQuery, DrillDownSort } from '../dashboard/analyticsQueries';

/** One rating (GET /ratings/{id}). */
export type Rating = Answer<'/ratings/{id}'>;
export type RatingClassFilter = NonNullable<DrillDownQuery['class']>;

export const RATING_CLASS_FILTERS = allOf<RatingClassFilter>()(['negative', 'neutral', 'satisfied', 'none']);
export const DRILL_DOWN_SORTS = allOf<DrillDownSort>()(['-submittedAt', 'submittedAt', '-score', 'score']);
const STARS = ['1', '2', '3', '4', '5'] as const;

/** The ratings list's filters: the dashboard's, plus what a drill-down adds (a class, a ★ bar, negatives). */
export interface RatingsFilters extends AnalyticsFilters {
  class?: RatingClassFilter;
  stars?: (typeof STARS)[number];
  negative?: 'true' | 'false';
  /** A comment keyword (the dashboard's keyword card): `GET /analytics/ratings?keyword=`. */
  keyword?: string;
}

export const ratingsFiltersUrl: UrlSpec<RatingsFilters> = {
  ...analyticsFiltersUrl,
  class: urlParam.oneOf(RATING_CLASS_FILTERS),
  stars: urlParam.oneOf(STARS),
  negative: urlParam.oneOf(['true', 'false'] as const),
  keyword: urlParam.text(40),
};

export const ratingKeys = {
  all: ['ratings'] as const,
  detail: (id: string) => [...ratingKeys.all, 'detail', id] as const,
};

export function useRating(id: string) {
  return useQuery({
    queryKey: ratingKeys.detail(id),
    queryFn: () => ok(client.GET('/ratings/{id}', { params: { path: { id } } })),
  });
}
