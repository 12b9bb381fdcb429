import { z } from 'zod';
import { analyticsFilterQuery, asOf, commentSchema, periodSchema } from './analytics.schemas.js';

const UNKNOWN_RULE =
  'A touchpoint not configured in Settings → Touchpoints (or none: key "") counts with weight 1 under its own key.';
const SCORE_DOC =
  'Store score = Σ Wₜ·Sₜ / Σ Wₜ over the touchpoints with ratings; Sₜ = Σ dᵢ·Sᵢ / Σ dᵢ with dᵢ = 0.5^(ageᵢ/30), ' +
  'ageᵢ the days from the submission to the end of the period (`to`, else now) — SCORING.md §7.';

/** The dashboard's filters without `store` and `touchpoint` (the report is per store and touchpoint). */
export const storesQuery = analyticsFilterQuery.omit({ store: true, touchpoint: true });
export type StoresQuery = z.infer<typeof storesQuery>;

export const storeParams = z.object({
  store: z.string().trim().min(1).max(200).describe('The store as work orders carry it (exact match).'),
});

export const storeTouchpointSchema = z.object({
  key: z.string().describe(`The touchpoint as work orders carry it; "" for ratings without one. ${UNKNOWN_RULE}`),
  nameEn: z.string().nullable().describe('The configured English name; null when not configured.'),
  nameZh: z.string().nullable(),
  configured: z.boolean(),
  weight: z.number().describe('Wₜ.'),
  n: z.number().int().describe('Ratings with S at this touchpoint in the period.'),
  score: z.number().nullable().describe('Sₜ, the recency-weighted mean S (0–100); null without ratings with S.'),
  weightShare: z.number().nullable().describe('Wₜ / Σ W over the touchpoints with ratings.'),
  contribution: z.number().nullable().describe('Wₜ·Sₜ / Σ W: the touchpoints’ contributions add up to the score.'),
});
export type StoreTouchpointView = z.infer<typeof storeTouchpointSchema>;

const standing = {
  score: z.number().nullable().describe(SCORE_DOC),
  n: z.number().int().describe('Ratings with S in the period (every touchpoint).'),
  rank: z.number().int().nullable().describe('1 = best; equal scores share a rank; null when not ranked.'),
};

export const storeRankingItemSchema = z.object({
  store: z.string(),
  count: z.number().int().describe('Ratings in the period (also without S).'),
  ...standing,
  insufficientSample: z.boolean().describe('Fewer ratings with S than the minimum sample: listed, not ranked.'),
  touchpoints: z.array(storeTouchpointSchema).describe('By configured order, then unconfigured keys.'),
  previous: z
    .object(standing)
    .nullable()
    .describe('The period of the same length just before (its own end as T); null when the period is open.'),
});
export type StoreRankingItem = z.infer<typeof storeRankingItemSchema>;

export const storeRankingSchema = z.object({
  asOf,
  period: periodSchema,
  halfLifeDays: z.number(),
  minSample: z.number().int(),
  items: z.array(storeRankingItemSchema).describe('Ranked first (best first), then the insufficient samples.'),
});
export type StoreRankingView = z.infer<typeof storeRankingSchema>;

export const storeTrendPointSchema = z.object({
  bucket: z.string().describe('First local day of the bucket (YYYY-MM-DD).'),
  from: z.string(),
  to: z.string(),
  score: z.number().nullable().describe('The store score of the bucket’s ratings, T = the bucket’s end.'),
  n: z.number().int(),
});

export const storeReportSchema = z.object({
  asOf,
  store: z.string(),
  period: periodSchema,
  halfLifeDays: z.number(),
  minSample: z.number().int(),
  count: z.number().int(),
  ...standing,
  insufficientSample: z.boolean(),
  touchpoints: z.array(storeTouchpointSchema),
  previous: z.object(standing).nullable(),
  trend: z.object({
    granularity: z.enum(['day', 'week', 'month']).describe('≤ 31 days: days; ≤ 186 days: weeks; else months.'),
    points: z.array(storeTrendPointSchema),
  }),
  comments: z.array(commentSchema).describe('The store’s latest 10 ratings with a comment in the period.'),
});
export type StoreReportView = z.infer<typeof storeReportSchema>;
