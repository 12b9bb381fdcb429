import { z } from 'zod';
import { RATING_CHANNELS } from '../../../common/channels.js';
import { DIMENSION_TYPES } from '../../../common/scoring/index.js';
import { RATING_CLASSES } from '../../db/schema/ratings.js';
import { workOrderPageSchema, workOrderSchema } from '../work-orders/work-orders.schemas.js';

const answerValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]);

export const answerRowSchema = z.object({
  key: z.string(),
  type: z.enum(DIMENSION_TYPES),
  label: z.string().describe("The question in the rating's language (the other language when that one is empty)."),
  value: answerValue.nullable().describe('The stored answer (API "Answer values"); null when not answered.'),
  display: z
    .string()
    .nullable()
    .describe('The answer in its scale and the rating\'s language: "4 / 5", "Yes", option labels, the text.'),
  max: z.number().int().nullable().describe('Top of the scale: 5 (star5), 10 (score10, nps); null otherwise.'),
  normalised: z.number().nullable().describe('n in [0, 100] (SCORING.md §1); null when not scored.'),
});

/** Where a rating came from, as people say it: a QR code on site, a link sent to the customer, a follow-up call. */
export const RATING_ORIGINS = ['qr', 'link', 'follow_up', 'pad'] as const;

export const workOrderRatingSchema = z.object({
  id: z.string(),
  invitationId: z.string().nullable(),
  nodeId: z
    .string()
    .nullable()
    .describe('The work-order node instance this rating answered (see the work order’s `workflow.nodes`).'),
  templateVersionId: z.string(),
  templateName: z.string(),
  templateVersion: z.number().int(),
  origin: z
    .enum(RATING_ORIGINS)
    .describe(
      "`qr` (QR invitation), `link` (a sent invitation), `follow_up` (a call), `pad` (on the engineer's device).",
    ),
  channel: z
    .enum(RATING_CHANNELS)
    .nullable()
    .describe('The channel the invitation reached the customer on (`qr` for QR invitations); null when unknown.'),
  score: z.number().nullable().describe('S in [0, 100], unrounded; null when nothing scored.'),
  stars: z.number().nullable().describe('1 + 4·S/100, unrounded.'),
  roundedStars: z.number().int().nullable(),
  class: z.enum(RATING_CLASSES).nullable(),
  language: z.string(),
  contactRequested: z.boolean(),
  submittedAt: z.string(),
  textRemovedAt: z
    .string()
    .nullable()
    .describe('When retention or an erase removed the text answers (issue 21); null: never.'),
  answers: z.array(answerRowSchema).describe("One row per dimension of the version answered, in the version's order."),
});
export type WorkOrderRatingView = z.infer<typeof workOrderRatingSchema>;

export const workOrderRatingsSchema = z.object({ items: z.array(workOrderRatingSchema) });

/** What the work-order list shows of a work order's ratings. */
export const ratingSummarySchema = z
  .object({
    count: z.number().int().describe('Ratings of the work order.'),
    negativeCount: z.number().int().describe('Of which negative (SCORING.md §4).'),
    latest: z.object({
      id: z.string(),
      stars: z.number().nullable(),
      roundedStars: z.number().int().nullable(),
      class: z.enum(RATING_CLASSES).nullable(),
      submittedAt: z.string(),
    }),
  })
  .nullable()
  .describe("The ratings of the work order (the latest one's stars and class); null before the first.");
export type RatingSummary = z.infer<typeof ratingSummarySchema>;

export const workOrderWithRatingsPageSchema = workOrderPageSchema.extend({
  items: z.array(workOrderSchema.extend({ ratings: ratingSummarySchema })),
});
