import type { z } from 'zod';
import { weightPercentages } from '../../../common/scoring/index.js';
import type { ratingTemplates, ratingTemplateVersions } from '../../db/schema/templates.js';
import type { templateSchema, versionSchema, versionSummarySchema } from './templates.schemas.js';

export type TemplateRow = typeof ratingTemplates.$inferSelect;
export type VersionRow = typeof ratingTemplateVersions.$inferSelect;
export type TemplateView = z.infer<typeof templateSchema>;
export type VersionView = z.infer<typeof versionSchema>;
export type VersionSummaryView = z.infer<typeof versionSummarySchema>;

export function presentTemplate(t: TemplateRow): TemplateView {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    serviceTypeIds: t.serviceTypeIds,
    recordTypes: t.recordTypes,
    freeTextRetentionDays: t.freeTextRetentionDays,
    status: t.status,
    isDefault: t.isDefault,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

type SummaryRow = Omit<VersionRow, 'dimensions'> & { dimensionCount: number };

export function presentVersionSummary(v: SummaryRow): VersionSummaryView {
  return {
    id: v.id,
    templateId: v.templateId,
    number: v.number,
    status: v.status,
    layout: v.layout,
    weighting: v.weighting,
    dimensionCount: Number(v.dimensionCount),
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    publishedBy: v.publishedAt ? { id: v.publishedBy, name: v.publishedByName } : null,
  };
}

/** The full version, dimensions exactly as stored (a published version is returned byte-for-byte the same). */
export function presentVersion(v: VersionRow, templateName: string): VersionView {
  const { dimensions } = weightPercentages({ weighting: v.weighting, dimensions: v.dimensions });
  return {
    ...presentVersionSummary({ ...v, dimensionCount: v.dimensions.length }),
    templateName,
    dimensions: v.dimensions,
    weights: dimensions,
  };
}
