import { z } from 'zod';
import { coded } from '../../../common/error-codes.js';
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from '../../../common/privacy.js';
import { PHONE_PATTERN } from '../org/org.schemas.js';

const days = (what: string) =>
  z
    .number()
    .int()
    .min(RETENTION_MIN_DAYS)
    .max(RETENTION_MAX_DAYS)
    .nullable()
    .describe(`${what} Null: kept until erased.`);

export const retentionSettingsSchema = z.object({
  contactDays: days(
    "Days a customer's contact data (name, phone, e-mail, WeChat openid — on work orders, invitations, delivery " +
      'records, portal sign-ins, the sandbox inbox and import files) are kept after the work order last changed.',
  ),
  freeTextDays: days(
    'Days free text (text answers and comments of ratings, follow-up call notes and recordings, case notes) is kept; ' +
      'a template may set its own for its ratings.',
  ),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

const counts = z.record(z.string(), z.number().int()).describe('Records changed, by kind.');

export const retentionRunSchema = z.object({
  startedAt: z.string(),
  finishedAt: z
    .string()
    .nullable()
    .describe('Null while the run is going on (or was cut short: the next run resumes).'),
  counts,
});
export type RetentionRun = z.infer<typeof retentionRunSchema>;

export const retentionStatusSchema = retentionSettingsSchema.extend({
  nextRunAt: z.string().describe('When the nightly job runs next (03:30 in the organisation time zone).'),
  lastRun: retentionRunSchema.nullable(),
});

export const retentionPreviewSchema = z.object({
  asOf: z.string().describe('The next run time the preview is computed for.'),
  workOrders: z.number().int().describe('Work orders whose contact data will be removed.'),
  ratings: z.number().int().describe('Ratings whose free text will be removed (every template).'),
  templates: z.array(
    z.object({
      templateId: z.string(),
      name: z.string(),
      days: z.number().int().nullable().describe('The days that apply (the template’s own or the default).'),
      ratings: z.number().int(),
    }),
  ),
});

/** A person, by any of their addresses (at least one). */
export const personSchema = z
  .object({
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(PHONE_PATTERN, coded('invalid_phone', 'is not a valid phone number'))
      .optional(),
    email: z.email().max(254).optional(),
    openId: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9_-]+$/, coded('invalid_format', 'is not a WeChat openid'))
      .optional()
      .describe('WeChat Official Account openid.'),
  })
  .refine((p) => p.phone || p.email || p.openId, {
    ...coded('required', 'give a phone number, an e-mail address or an openid'),
    path: ['phone'],
  });
export type PersonInput = z.infer<typeof personSchema>;

export const eraseBodySchema = z.object({
  person: personSchema,
  irreversible: z
    .literal(true)
    .describe('Must be true: the erase cannot be undone (the contact data and free text are gone, not hidden).'),
});

export const eraseResultSchema = z.object({
  erasedAt: z.string(),
  counts,
});

export const exportSchema = z
  .object({
    generatedAt: z.string(),
    person: z.object({ phone: z.string().nullable(), email: z.string().nullable(), openId: z.string().nullable() }),
    workOrders: z.array(z.record(z.string(), z.unknown())),
    invitations: z.array(z.record(z.string(), z.unknown())),
    ratings: z.array(z.record(z.string(), z.unknown())),
    followUps: z.object({
      tasks: z.array(z.record(z.string(), z.unknown())),
      attempts: z.array(z.record(z.string(), z.unknown())),
      calls: z.array(z.record(z.string(), z.unknown())),
    }),
    cases: z.array(z.record(z.string(), z.unknown())),
    optOuts: z.array(z.record(z.string(), z.unknown())),
    portalSessions: z.array(z.record(z.string(), z.unknown())),
    wechatIds: z.array(z.record(z.string(), z.unknown())),
  })
  .describe('Everything Rateloop holds about the person, as stored (answers by question key).');
