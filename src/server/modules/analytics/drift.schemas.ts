import { z } from 'zod';
import { asOf } from './analytics.schemas.js';
import { RANKED_BY } from './rankings.schemas.js';

const by = z
  .enum(RANKED_BY)
  .describe('Engineers (every rating of their work orders) or departments (each with its whole subtree).');
const day = z.string().describe('A local date `YYYY-MM-DD` (weeks start on Monday in the organisation’s time zone).');

export const driftQuery = z.object({
  by: by.default('engineer'),
  departmentId: z
    .uuid()
    .optional()
    .describe('Only this department’s subtree (its departments, or the engineers’ ratings in it).'),
});
export type DriftQuery = z.infer<typeof driftQuery>;

export const driftMemberParams = z.object({ by, id: z.uuid() });
export type DriftMemberParams = z.infer<typeof driftMemberParams>;

const windowSchema = z
  .object({ from: day, to: day })
  .describe('The weeks watched: the last 26 complete weeks [from, to); the current week is not complete yet.');

export const driftPointSchema = z.object({
  week: day,
  n: z.number().int().describe('Ratings with S that week.'),
  mean: z.number().describe('x: the week’s mean S.'),
  z: z.number().describe('The EWMA after that week.'),
});

export const driftItemSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  since: day.describe('The first week of the slip: the run of weeks below the baseline mean that raised the alarm.'),
  weeks: z.number().int().describe('Counted weeks from `since` to the latest week.'),
  raisedAt: day.describe('The week the EWMA first fell below the lower limit.'),
  latestWeek: day,
  mean: z.number().describe('μ: the baseline’s mean S (the centre line).'),
  sigma: z.number().describe('σ: the baseline’s sample standard deviation of weekly means.'),
  lower: z.number().describe('L = μ − 3σ√(λ/(2−λ)): the lower control limit.'),
  clearAt: z.number().describe('The alarm clears when the EWMA is back at or above this.'),
  z: z.number().describe('The EWMA at the latest week.'),
  baseline: z.object({ from: day, to: day, weeks: z.number().int() }),
  evidence: z.array(driftPointSchema).describe('The guard weeks and the latest week, oldest first.'),
  ratingsQuery: z
    .object({ from: day, to: day, engineerId: z.uuid().optional(), departmentId: z.uuid().optional() })
    .describe('The ratings list’s filters for the slipping weeks (`to` exclusive).'),
});
export type DriftItem = z.infer<typeof driftItemSchema>;

export const driftListSchema = z.object({
  asOf,
  by,
  window: windowSchema,
  items: z.array(driftItemSchema).describe('Members in alarm now (SCORING.md §9), lowest EWMA below its limit first.'),
});
export type DriftListView = z.infer<typeof driftListSchema>;

export const driftSeriesSchema = z.object({
  asOf,
  by,
  id: z.uuid(),
  name: z.string(),
  window: windowSchema,
  points: z
    .array(
      z.object({
        week: day,
        n: z.number().int(),
        mean: z.number().nullable().describe('Null without ratings with S.'),
        counted: z.boolean().describe('At least 5 ratings with S: the week counts; other weeks are skipped.'),
        z: z.number().nullable().describe('The EWMA at this week; null when the week is not watched.'),
        mu: z.number().nullable(),
        lower: z.number().nullable(),
        below: z.boolean().describe('The EWMA is below the lower limit at this week.'),
      }),
    )
    .describe('Every week of the window, oldest first (also weeks without ratings).'),
  alarm: driftItemSchema.nullable().describe('The alarm now in force, as in the list; null when none.'),
});
export type DriftSeriesView = z.infer<typeof driftSeriesSchema>;
