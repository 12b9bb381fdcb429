import { z } from 'zod';
import { analyticsQuery, asOf, periodSchema } from './analytics.schemas.js';

export const driversQuery = analyticsQuery;
export type DriversQuery = z.infer<typeof driversQuery>;

/**
 * Importance × performance: impact against the median impact, the dimension's mean n against the median mean.
 * `improve`: high impact, low performance (work on it first); `keep`: high impact, high performance; `monitor`: low
 * impact, low performance; `surplus`: low impact, high performance.
 */
export const QUADRANTS = ['improve', 'keep', 'monitor', 'surplus'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export const driverItemSchema = z.object({
  key: z.string(),
  label: z.string().describe('The latest published label, in the request’s language.'),
  impact: z.number().nullable().describe('r × gap (SCORING.md §8); null when r is not measurable.'),
  correlation: z
    .number()
    .nullable()
    .describe('Pearson r between the dimension’s n and the outcome; null below the minimum pairs or without spread.'),
  gap: z.number().nullable().describe('100 − the mean n (0–100) of the ratings that answered the dimension.'),
  n: z.number().int().describe('Pairs (answer, outcome) behind r.'),
  average: z.number().nullable().describe('The mean n on 0–100 (performance).'),
  quadrant: z.enum(QUADRANTS).nullable().describe('Null when the impact is not measurable.'),
});
export type DriverItem = z.infer<typeof driverItemSchema>;

export const driversSchema = z.object({
  asOf,
  period: periodSchema,
  n: z.number().int().describe('Ratings with S in the period: the sample size.'),
  minSample: z.number().int().describe('Key drivers need at least this many ratings with S (30).'),
  sufficient: z.boolean().describe('n ≥ minSample; else `items` is empty.'),
  medians: z
    .object({ impact: z.number(), average: z.number() })
    .nullable()
    .describe('The quadrant lines: the medians of the measurable items’ impact and average.'),
  items: z.array(driverItemSchema).describe('Highest impact first; not measurable last.'),
  suggestion: z
    .object({ key: z.string(), label: z.string() })
    .nullable()
    .describe('The dimension whose improvement lifts satisfaction most (highest positive impact).'),
});
export type DriversView = z.infer<typeof driversSchema>;
