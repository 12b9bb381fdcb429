import { z } from 'zod';
import {
  analyticsQuery,
  asOf,
  figuresSchema,
  GRANULARITIES,
  periodSchema,
  summaryDimensionSchema,
} from './analytics.schemas.js';
import { RANKED_BY, rankingItemSchema } from './rankings.schemas.js';

export const memberParams = z.object({
  by: z.enum(RANKED_BY).describe('An engineer’s page or a department’s (team’s) page.'),
  id: z.uuid(),
});
export type MemberParams = z.infer<typeof memberParams>;

export const memberQuery = analyticsQuery.omit({ engineerId: true, departmentId: true }).extend({
  from: analyticsQuery.shape.from.unwrap(),
  to: analyticsQuery.shape.to.unwrap(),
  granularity: z
    .enum(GRANULARITIES)
    .optional()
    .describe('The trend’s buckets; by default days up to 62 days, weeks up to 371, else months.'),
});
export type MemberQuery = z.infer<typeof memberQuery>;

const standing = rankingItemSchema.pick({
  n: true,
  mean: true,
  bayesian: true,
  rank: true,
  insufficientSample: true,
  band: true,
});

export const memberProfileSchema = z.object({
  asOf,
  by: z.enum(RANKED_BY),
  id: z.uuid(),
  name: z.string(),
  kind: rankingItemSchema.shape.kind,
  period: periodSchema,
  standing: standing
    .extend({
      ranked: z.number().int().describe('How many peers are ranked in the period (the rank is out of these).'),
    })
    .describe('The row of GET /analytics/rankings for this member: the same peers, filters and prior.'),
  previous: standing.nullable().describe('The standing in the period of the same length just before.'),
  orgMean: z.number().nullable().describe('m: the peers’ mean S (what the Bayesian average pulls towards).'),
  minSample: z.number().int(),
  figures: figuresSchema.describe(
    'The summary figures of the member’s ratings (a department: its subtree, as the dashboard’s department filter).',
  ),
  previousFigures: figuresSchema.nullable(),
  dimensions: z
    .array(
      summaryDimensionSchema.extend({
        peerAverage: z
          .number()
          .nullable()
          .describe('The same dimension over every peer’s ratings (the radar’s other line).'),
      }),
    )
    .describe('The per-dimension profile against the organisation (a supervisor: against their departments).'),
  granularity: z.enum(GRANULARITIES),
  trend: z.array(
    figuresSchema.omit({ responseRate: true }).extend({
      bucket: z.string(),
      from: z.string(),
      to: z.string(),
    }),
  ),
  shared: z
    .number()
    .int()
    .nullable()
    .describe(
      'An engineer: ratings in the period whose work order had several engineers (each counts the whole rating, ' +
        'SCORING.md §6); null for a department.',
    ),
});
export type MemberProfileView = z.infer<typeof memberProfileSchema>;
