import { z } from 'zod';
import { FIELD_ERROR_CODES } from '../../../common/error-codes.js';
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from '../../../common/privacy.js';
import { DIMENSION_TYPES, type Dimension } from '../../../common/scoring/index.js';

/**
 * Request and response shapes of the template API. A draft is checked for structure only (the console saves work in
 * progress); the full rules run when publishing (templates.validation.ts), with the engine's own schema.
 */

const text = (max: number) => z.string().max(max);
const localised = (max: number) =>
  z
    .object({ 'zh-CN': text(max).default(''), en: text(max).default('') })
    .describe('Label per language; may be blank in a draft, required in both languages to publish.');

const draftOptionSchema = z.object({
  key: text(40).describe('Answer value for this option (`^[A-Za-z][A-Za-z0-9_]*`).'),
  label: localised(200),
  score: z.number().finite().optional().describe('0..100; an option without a score is not scored.'),
});

export const draftDimensionSchema = z.object({
  key: text(40).describe('Answer key, `^[a-z][a-z0-9_]{0,39}$`, unique in the template.'),
  type: z.enum(DIMENSION_TYPES),
  required: z.boolean().default(false),
  weight: z.number().finite().default(0).describe('≥ 0; only ratios matter; used when `weighting` is on.'),
  label: localised(200),
  help: z.object({ 'zh-CN': text(1000).optional(), en: text(1000).optional() }).optional(),
  options: z.array(draftOptionSchema).max(50).optional().describe('single_choice / multi_choice only.'),
  outcome: z.boolean().optional().describe('The key-driver outcome question; at most one.'),
  inverted: z.boolean().optional().describe('yes_no only: yes scores 0, no scores 100.'),
  maxLength: z.number().int().min(1).max(10_000).optional().describe('text only.'),
});
// The draft shape must stay assignable to the engine's Dimension (drafts are scored by the preview as they are).
const draftIsDimension: z.infer<typeof draftDimensionSchema> extends Dimension ? true : false = true;
void draftIsDimension;

export const draftBodySchema = z.object({
  layout: z.enum(['vertical', 'horizontal']).default('vertical').describe('Field alignment on the rating page.'),
  weighting: z
    .boolean()
    .default(false)
    .describe('Whether dimension weights apply; off = every scored dimension weighs 1.'),
  dimensions: z.array(draftDimensionSchema).max(100),
});
export type DraftInput = z.infer<typeof draftBodySchema>;

const serviceTypeIds = z.array(z.uuid()).max(200).describe('Service types this template serves.');
const recordTypes = z.array(z.string().trim().min(1).max(100)).max(100).describe('Work-order record types it serves.');
const freeTextRetentionDays = z
  .number()
  .int()
  .min(RETENTION_MIN_DAYS)
  .max(RETENTION_MAX_DAYS)
  .nullable()
  .describe(
    "Days the free text of this template's ratings (text answers, comments) is kept before the nightly retention " +
      "job removes it; null: the organisation's default (Settings → Privacy).",
  );

export const createTemplateBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullish(),
  serviceTypeIds: serviceTypeIds.default([]),
  recordTypes: recordTypes.default([]),
  freeTextRetentionDays: freeTextRetentionDays.optional(),
  draft: draftBodySchema.optional().describe('Content of draft version 1; empty when omitted.'),
});
export type CreateTemplateInput = z.infer<typeof createTemplateBodySchema>;

export const updateTemplateBodySchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(2000).nullish(),
  serviceTypeIds: serviceTypeIds.optional(),
  recordTypes: recordTypes.optional(),
  freeTextRetentionDays: freeTextRetentionDays.optional(),
});
export type UpdateTemplateInput = z.infer<typeof updateTemplateBodySchema>;

const dimensionOutSchema = z.object({
  key: z.string(),
  type: z.enum(DIMENSION_TYPES),
  required: z.boolean(),
  weight: z.number(),
  label: z.object({ 'zh-CN': z.string(), en: z.string() }),
  help: z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() }).optional(),
  options: z
    .array(
      z.object({
        key: z.string(),
        label: z.object({ 'zh-CN': z.string(), en: z.string() }),
        score: z.number().optional(),
      }),
    )
    .optional(),
  outcome: z.boolean().optional(),
  inverted: z.boolean().optional(),
  maxLength: z.number().optional(),
});

export const versionSummarySchema = z.object({
  id: z.string(),
  templateId: z.string(),
  number: z.number().int().describe('1, 2, 3… per template.'),
  status: z.enum(['draft', 'published']),
  layout: z.enum(['vertical', 'horizontal']),
  weighting: z.boolean(),
  dimensionCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
});

export const versionSchema = versionSummarySchema.extend({
  templateName: z.string(),
  dimensions: z.array(dimensionOutSchema),
  weights: z
    .array(z.object({ key: z.string(), weight: z.number(), percent: z.number().nullable() }))
    .describe('Share of each scored dimension in % (what the editor shows next to the weights).'),
});

export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  serviceTypeIds: z.array(z.string()),
  recordTypes: z.array(z.string()),
  freeTextRetentionDays,
  status: z.enum(['active', 'archived']),
  isDefault: z.boolean().describe('The organisation default template (exactly one).'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const templateListItemSchema = templateSchema.extend({
  latestVersion: versionSummarySchema.nullable().describe('The newest version (the draft when there is one).'),
  publishedVersionNumber: z.number().int().nullable().describe('The number of the latest published version.'),
  publishedVersionId: z.string().nullable(),
  hasDraft: z.boolean(),
});

export const templateDetailSchema = templateSchema.extend({
  draft: versionSchema.nullable().describe('The draft being edited, if any.'),
  published: versionSchema.nullable().describe('The latest published version, if any.'),
});

export const scorePreviewBodySchema = z.object({
  template: draftBodySchema
    .pick({ weighting: true, dimensions: true })
    .optional()
    .describe('The template as edited (checked for structure only). Give this or `versionId`.'),
  versionId: z.uuid().optional().describe('Score against a stored version instead.'),
  answers: z
    .record(z.string(), z.unknown())
    .describe('`{ <dimensionKey>: value }` as in API-CONTRACT.md "Answer values".'),
});

export const scorePreviewSchema = z.object({
  valid: z.boolean().describe('Whether the answers are acceptable for this template; the score needs valid answers.'),
  errors: z.array(
    z.object({
      path: z.string(),
      message: z.string().describe('English; translate `code`.'),
      code: z.enum(FIELD_ERROR_CODES),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
  score: z.number().nullable().describe('S in 0..100, unrounded (SCORING.md §2).'),
  stars: z.number().nullable(),
  roundedStars: z.number().nullable(),
  tenPoint: z.number().nullable(),
  class: z.enum(['negative', 'neutral', 'satisfied']).nullable(),
  weights: z.array(z.object({ key: z.string(), percent: z.number().nullable() })),
});

export const templateListQuerySchema = {
  status: z.enum(['active', 'archived']).optional(),
  serviceTypeId: z.uuid().optional().describe('Templates serving this service type.'),
  q: z.string().trim().max(200).optional().describe('Substring of the name.'),
};
