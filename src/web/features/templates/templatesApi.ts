import { useQuery } from '@tanstack/react-query';
import type { Dimension } from '../../../common/scoring';
import { type Answer, client, type ItemOf, ok } from '../../api/client';
import { type UrlSpec, urlParam } from '../../components/useListState';

/** Shapes of `/api/v1/rating-templates`, derived from the generated schema (server: modules/templates). */
export type TemplateDetail = Answer<'/rating-templates/{id}'>;
export type TemplateVersion = Answer<'/rating-template-versions/{versionId}'>;
export type VersionSummary = ItemOf<'/rating-templates/{id}/versions'>;
export type TemplateListItem = ItemOf<'/rating-templates'>;
export type RatingTemplate = Omit<TemplateDetail, 'draft' | 'published'>;
export type TemplateLayout = VersionSummary['layout'];
export type VersionStatus = VersionSummary['status'];
/** A draft as the editor holds it: dimensions are the shared scoring type (src/common/scoring), which the API accepts. */
export interface DraftBody {
  layout: TemplateLayout;
  weighting: boolean;
  dimensions: Dimension[];
}

/** How the list's filters travel in the URL (`useListState`). */
export interface TemplateFilters {
  q?: string;
  status: 'active' | 'archived' | 'all';
  serviceTypeId?: string;
}

export const templateFiltersUrl: UrlSpec<TemplateFilters> = {
  q: urlParam.text(),
  status: urlParam.oneOf(['active', 'archived', 'all'] as const),
  serviceTypeId: urlParam.uuid(),
};

/** Every query key of the feature; invalidate `all` after a change to any template. */
export const templateKeys = {
  all: ['rating-templates'] as const,
  list: (query: object) => [...templateKeys.all, 'list', query] as const,
  detail: (id: string) => [...templateKeys.all, 'detail', id] as const,
  versions: (id: string) => [...templateKeys.all, 'versions', id] as const,
  version: (versionId: string | undefined) => [...templateKeys.all, 'version', versionId] as const,
  usable: () => [...templateKeys.all, 'usable'] as const,
};

/** The service types (moved to `service-types/serviceTypesApi.ts`; re-exported for the pages that pick one). */
export { useServiceTypes } from '../service-types/serviceTypesApi';

export function useTemplateDetail(id: string) {
  return useQuery({
    queryKey: templateKeys.detail(id),
    queryFn: () => ok(client.GET('/rating-templates/{id}', { params: { path: { id } } })),
  });
}

export function useTemplateVersions(id: string) {
  return useQuery({
    queryKey: templateKeys.versions(id),
    queryFn: () =>
      ok(client.GET('/rating-templates/{id}/versions', { params: { path: { id } } })).then((page) => page.items),
  });
}

/** Active templates with a published version: what a rule or a service-type default can use. */
export function useUsableTemplates(enabled = true) {
  return useQuery({
    queryKey: templateKeys.usable(),
    enabled,
    queryFn: () =>
      ok(client.GET('/rating-templates', { params: { query: { status: 'active', limit: 500 } } })).then((page) =>
        page.items.filter((item) => item.publishedVersionId !== null),
      ),
  });
}
