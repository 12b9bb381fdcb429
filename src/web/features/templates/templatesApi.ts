import { useQuery } from '@tanstack/react-query';
import type { Dimension } from '../../../common/scoring';
import { api } from '../../app/api';
import type { Page, ServiceType } from '../../app/types';

/** Shapes of `/api/v1/rating-templates` (server: modules/templates/templates.schemas.ts). */

export type TemplateLayout = 'vertical' | 'horizontal';
export type VersionStatus = 'draft' | 'published';

export interface VersionSummary {
  id: string;
  templateId: string;
  number: number;
  status: VersionStatus;
  layout: TemplateLayout;
  weighting: boolean;
  dimensionCount: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: { id: string | null; name: string | null } | null;
}

export interface TemplateVersion extends VersionSummary {
  templateName: string;
  dimensions: Dimension[];
  weights: { key: string; weight: number; percent: number | null }[];
}

export interface RatingTemplate {
  id: string;
  name: string;
  description: string | null;
  serviceTypeIds: string[];
  recordTypes: string[];
  status: 'active' | 'archived';
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateListItem extends RatingTemplate {
  latestVersion: VersionSummary | null;
  publishedVersionNumber: number | null;
  publishedVersionId: string | null;
  hasDraft: boolean;
}

export interface TemplateDetail extends RatingTemplate {
  draft: TemplateVersion | null;
  published: TemplateVersion | null;
}

export interface DraftBody {
  layout: TemplateLayout;
  weighting: boolean;
  dimensions: Dimension[];
}

export const TEMPLATES_KEY = ['rating-templates'] as const;

export function useServiceTypes() {
  return useQuery({
    queryKey: ['service-types'],
    queryFn: () => api<Page<ServiceType>>('/service-types', { query: { limit: 500 } }).then((page) => page.items),
  });
}

export function useTemplateDetail(id: string) {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, 'detail', id],
    queryFn: () => api<TemplateDetail>(`/rating-templates/${id}`),
  });
}

export function useTemplateVersions(id: string) {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, 'versions', id],
    queryFn: () => api<{ items: VersionSummary[] }>(`/rating-templates/${id}/versions`).then((page) => page.items),
  });
}

/** Active templates with a published version: what a rule or a service-type default can use. */
export function useUsableTemplates() {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, 'usable'],
    queryFn: () =>
      api<Page<TemplateListItem>>('/rating-templates', { query: { status: 'active', limit: 500 } }).then((page) =>
        page.items.filter((item) => item.publishedVersionId !== null),
      ),
  });
}
