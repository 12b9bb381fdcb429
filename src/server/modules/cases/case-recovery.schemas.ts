/** Recovery (issue 17 §6): the re-invitation of a resolved case's customer, and what the case shows of it. */
import { z } from 'zod';
import { RATING_CHANNELS } from '../../../common/channels.js';

/** The channels a re-survey may go out on: any that sends (a QR code is shown on site, not sent). */
export const RECOVERY_CHANNELS = RATING_CHANNELS.filter((c) => c !== 'qr') as Exclude<
  (typeof RATING_CHANNELS)[number],
  'qr'
>[];

export const recoverySchema = z
  .object({
    scoreBefore: z
      .number()
      .nullable()
      .describe("The case's rating's weighted score S (0–100; SCORING.md §2); null without a rating or a score."),
    invitationId: z
      .string()
      .nullable()
      .describe('The re-survey invitation (the latest), once the customer was re-invited.'),
    reinvitedAt: z.string().nullable(),
    ratingId: z.string().nullable().describe("The re-survey's rating, once the customer answered it."),
    scoreAfter: z.number().nullable().describe("The re-survey rating's S."),
    recovered: z
      .boolean()
      .nullable()
      .describe(
        'Re-rated and no longer negative: the re-survey has a score S ≥ 37.5 (SCORING.md §4). null until re-rated; ' +
          'a re-rating without any scored answer is not a recovery.',
      ),
  })
  .describe('Recovery: the score before, the re-survey after resolution, and the score after.');

export const reinviteBody = z.object({
  templateId: z
    .uuid()
    .optional()
    .describe("The rating template to ask with (its published version). Default: the case's rating's template."),
  channels: z
    .array(z.enum(RECOVERY_CHANNELS))
    .min(1)
    .max(RECOVERY_CHANNELS.length)
    .optional()
    .describe('Delivery order (a priority chain). Default: what the customer can be reached by: WeChat, SMS, e-mail.'),
  note: z.string().trim().min(1).max(2000).optional().describe('Shown on the case timeline.'),
});
export type ReinviteInput = z.infer<typeof reinviteBody>;
