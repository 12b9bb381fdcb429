import { z } from 'zod';
import { INVITATION_STATUSES } from '../../../common/invitations.js';
import { DIMENSION_TYPES } from '../../../common/scoring/index.js';

export const tokenParams = z.object({
  token: z.string().min(1).max(100).describe('The invitation token from the link `/r/<token>`.'),
});

export const publicInvitationQuery = z.object({
  lang: z.enum(['zh-CN', 'en']).optional().describe('Language of the labels; default: contact, then browser.'),
});

const publicDimension = z.object({
  key: z.string(),
  type: z.enum(DIMENSION_TYPES),
  required: z.boolean(),
  label: z.string().describe('In the chosen language.'),
  help: z.string().optional(),
  options: z.array(z.object({ key: z.string(), label: z.string() })).optional(),
  maxLength: z.number().int().optional().describe('text only: maximum length in characters.'),
});

export const publicInvitationSchema = z.object({
  status: z
    .enum(INVITATION_STATUSES)
    .describe('Effective status: `submitted` once every slot is used, `expired` past the expiry, `revoked`.'),
  submissionsLeft: z.number().int().describe('How many more submissions the link takes (QR invitations: several).'),
  expiresAt: z.string(),
  workOrder: z.object({ number: z.string(), subject: z.string() }).nullable(),
  company: z.object({ name: z.string(), logoUrl: z.string().nullable() }),
  language: z.enum(['zh-CN', 'en']),
  template: z.object({
    versionId: z.string().describe('The frozen template version the answers must follow.'),
    layout: z.enum(['vertical', 'horizontal']),
    dimensions: z.array(publicDimension),
  }),
});
export type PublicInvitationView = z.infer<typeof publicInvitationSchema>;

export const submitRatingBody = z.object({
  answers: z
    .record(z.string(), z.unknown())
    .describe('Keyed by dimension key: star5/score10/nps integer, yes_no boolean, option key(s), text string.'),
  comment: z
    .string()
    .max(20_000)
    .optional()
    .describe('Free text; stored as the answer of the first unanswered text question (400 when there is none).'),
});

export const submitRatingHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Repeat a submission with the same key → the same rating (200) instead of a second one.'),
});

export const submittedRatingSchema = z.object({
  id: z.string(),
  score: z.number().nullable().describe('S in [0, 100], unrounded; null when nothing scored was answered.'),
});
