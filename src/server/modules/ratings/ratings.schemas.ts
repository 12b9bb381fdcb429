import { z } from 'zod';
import { RATING_CLASSES, RATING_SOURCES } from '../../db/schema/ratings.js';
import { instantParam } from '../../http/dates.js';
import { pageOf, pageQuery } from '../../http/pagination.js';

const answerValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]);

export const ratingSchema = z.object({
  id: z.string(),
  workOrderId: z.string(),
  invitationId: z.string().nullable().describe('The invitation answered; null for follow-up surveys without one.'),
  templateVersionId: z.string().describe('The frozen template version the rating answered.'),
  source: z
    .enum(RATING_SOURCES)
    .describe(
      "`customer` (link or QR), `follow_up` (recorded by an agent) or `pad` (on the engineer's device in pad mode).",
    ),
  agentId: z.string().nullable().describe('The follow-up agent, for source `follow_up`.'),
  score: z.number().nullable().describe('S in [0, 100], unrounded (SCORING.md §2); null when nothing scored.'),
  stars: z.number().nullable().describe('Star equivalent 1 + 4·S/100, unrounded.'),
  roundedStars: z.number().int().nullable().describe('Stars rounded half up (1..5).'),
  class: z
    .enum(RATING_CLASSES)
    .nullable()
    .describe('negative (S < 37.5), neutral, satisfied (S ≥ 62.5); null without S.'),
  answers: z.record(z.string(), answerValue).describe('Answers keyed by dimension key (API "Answer values").'),
  language: z.string().describe('The page language the customer answered in.'),
  contactRequested: z.boolean().describe('The customer asked to be contacted about this rating.'),
  submittedAt: z.string(),
});
export type RatingView = z.infer<typeof ratingSchema>;

const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ratingListQuery = z.object({
  from: instantParam().optional().describe('Submitted at or after (ISO 8601 instant).'),
  to: instantParam().optional().describe('Submitted before (ISO 8601 instant).'),
  workOrderId: z.uuid().optional(),
  invitationId: z.uuid().optional(),
  engineerId: z.uuid().optional().describe('Ratings of work orders this engineer worked on (credited in full).'),
  departmentId: z.uuid().optional().describe('Ratings of work orders of this department or any department below it.'),
  negative: booleanParam.optional().describe('`true`: only negative ratings; `false`: all others.'),
  class: z
    .enum([...RATING_CLASSES, 'none'])
    .optional()
    .describe('Only this class (`none`: ratings without S).'),
  source: z.enum(RATING_SOURCES).optional(),
  ...pageQuery,
});
export type RatingListQuery = z.infer<typeof ratingListQuery>;

export const ratingPageSchema = pageOf(ratingSchema);

export const ratingIdParams = z.object({ id: z.uuid().describe('The rating id.') });

/** For modules above ratings that present ratings (analytics): the enums, without importing the schema file. */
export { RATING_CLASSES, RATING_SOURCES } from '../../db/schema/ratings.js';
