import { z } from 'zod';
import { analyticsFilterQuery, asOf, periodSchema } from './analytics.schemas.js';

export const RANKED_BY = ['engineer', 'department'] as const;

export const rankingQuery = analyticsFilterQuery.extend({
  by: z
    .enum(RANKED_BY)
    .default('engineer')
    .describe(
      'Rank engineers (a rating with several engineers counts for each) or departments (each rating for its own ' +
        'department, not its parents).',
    ),
});
export type RankingQuery = z.infer<typeof rankingQuery>;

const band = z
  .object({ low: z.number(), high: z.number() })
  .nullable()
  .describe('The 90 % interval of the mean S (x̄ ± 1.645·s/√n, clipped to 0–100); null below the minimum sample.');

const standing = {
  n: z.number().int().describe('Ratings with S in the period.'),
  mean: z.number().nullable().describe('Plain mean S (0–100).'),
  bayesian: z.number().nullable().describe('B = (C·m + ΣS)/(C + n): the ranked score (SCORING.md §6).'),
  rank: z.number().int().nullable().describe('1 = best; ties share a rank; null when not ranked.'),
};

export const rankingItemSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['region', 'team', 'department']).nullable().describe('A department’s kind; null for an engineer.'),
  count: z.number().int().describe('Ratings in the period (also without S).'),
  negative: z.number().int(),
  shared: z
    .number()
    .int()
    .nullable()
    .describe(
      'An engineer: how many of the ratings were shared with other engineers (each counts the whole rating, ' +
        'SCORING.md §6); null for a department.',
    ),
  ...standing,
  insufficientSample: z.boolean().describe('Fewer ratings than the minimum sample: listed, not ranked.'),
  band,
  previous: z
    .object(standing)
    .nullable()
    .describe('The same figures in the period of the same length just before; null when the period is open.'),
});
export type RankingItem = z.infer<typeof rankingItemSchema>;

export const rankingSchema = z.object({
  asOf,
  by: z.enum(RANKED_BY),
  period: periodSchema,
  orgMean: z.number().nullable().describe('m: the mean S of every rating the filters select in the period.'),
  priorWeight: z.number().describe('C of the Bayesian average.'),
  minSample: z.number().int().describe('Fewer ratings than this: listed, marked, not ranked.'),
  items: z.array(rankingItemSchema).describe('Ranked first (best first), then the insufficient samples.'),
});
export type RankingView = z.infer<typeof rankingSchema>;
