import { z } from 'zod';

/**
 * How ratings whose touchpoint is not configured count in the store score (SCORING.md §7): with weight 1, under their
 * own key (a rating without a touchpoint under ''), so a store score exists before anything is configured and a new
 * touchpoint is never silently dropped. Configure a touchpoint to give it another weight.
 */
export const UNKNOWN_TOUCHPOINT_WEIGHT = 1;

const UNKNOWN_RULE =
  'Ratings whose work order names a touchpoint that is not configured here (or none) still count in the store ' +
  `score, with weight ${UNKNOWN_TOUCHPOINT_WEIGHT}.`;

export const touchpointSchema = z.object({
  id: z.uuid(),
  key: z.string().describe('The value work orders carry in `touchpoint` (exact match).'),
  nameEn: z.string(),
  nameZh: z.string(),
  weight: z.number().describe(`Wₜ in the store score (SCORING.md §7), > 0. ${UNKNOWN_RULE}`),
  sort: z.number().int().describe('Display order, ascending (then by key).'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TouchpointView = z.infer<typeof touchpointSchema>;

export const touchpointListSchema = z.object({
  items: z.array(touchpointSchema).describe('Every configured touchpoint, by `sort` then `key`.'),
  unknownWeight: z.number().describe(UNKNOWN_RULE),
});

const name = z.string().trim().min(1).max(100);

export const createTouchpointBody = z.object({
  key: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('The touchpoint value work orders carry (1–100 characters, matched exactly), e.g. `delivery`.'),
  nameEn: name.describe('English display name.'),
  nameZh: name.describe('Chinese display name.'),
  weight: z.number().positive().max(1000).describe(`Weight Wₜ, > 0 (at most 1000). ${UNKNOWN_RULE}`),
  sort: z.number().int().min(0).max(10_000).optional().describe('Display order; default 0.'),
});
export const updateTouchpointBody = createTouchpointBody.partial();
export type CreateTouchpointInput = z.infer<typeof createTouchpointBody>;
export type UpdateTouchpointInput = z.infer<typeof updateTouchpointBody>;

export const touchpointIdParams = z.object({ id: z.uuid() });
