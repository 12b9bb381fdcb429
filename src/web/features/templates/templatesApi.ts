import { useQuery } from '@tanstack/react-query';
import type { Dimension } from '../../../common/scoring';
import { type Answer, client, type ItemOf, ok } from '../../api/client';

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

export const TEMPLATES_KEY = ['rating-templates'] as const;

export function useServiceTypes() {
  return useQuery({
    queryKey: ['service-types'],
    queryFn: () => ok(client.GET('/service-types', { params: { query: { limit: 500 } } })).then((page) => page.items),
  });
}

export function useTemplateDetail(id: string) {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, 'detail', id],
    queryFn: () => ok(client.GET('/rating-templates/{id}', { params: { path: { id } } })),
  });
}

export function useTemplateVersions(id: string) {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, 'versions', id],
    queryFn: () =>
      ok(client.GET('/rating-templates/{id}/versions', { params: { path: { id } } })).then((page) => page.items),
  });
}

/** Active templates with a published version: what a rule or a service-type default can use. */
export function useUsableTemplates() {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, 'usable'],
    queryFn: () =>
      ok(client.GET('/rating-templates', { params: { query: { status: 'active', limit: 500 } } })).then((page) =>
        page.items.filter((item) => item.publishedVersionId !== null),
      ),
  });
}
