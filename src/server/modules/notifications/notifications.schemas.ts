import { z } from 'zod';
import { DIGEST_MODES, NOTIFICATION_KINDS } from '../../../common/notifications.js';
import { pageQuery } from '../../http/pagination.js';

export const preferencesSchema = z.object({
  email: z.boolean().describe('Also by e-mail (to the employee record’s address).'),
  sms: z.boolean().describe('Also by SMS (to the employee record’s phone).'),
  digest: z
    .enum(DIGEST_MODES)
    .describe('off: each message as soon as allowed (at most one a minute); hourly/daily: one collected message.'),
  quietHours: z.boolean().describe('Hold e-mail and SMS outside the working hours of the person’s business calendar.'),
  sound: z.boolean().describe('The console plays a sound on a new alert.'),
});
export type NotificationPreferences = z.infer<typeof preferencesSchema>;

export const preferencesPatch = preferencesSchema.partial().strict();

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  severity: z.string().nullable(),
  workOrderId: z.uuid().nullable(),
  caseId: z.uuid().nullable(),
  ratingId: z.uuid().nullable(),
  caseNumber: z.number().int().nullable(),
  ruleName: z.string().nullable(),
  target: z.enum(['first_contact', 'resolution']).nullable(),
  dueAt: z.string().nullable(),
  level: z.number().int().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationSchema>;

export const notificationListQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: unread only'),
  ...pageQuery,
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

export const markReadBody = z
  .object({
    ids: z.array(z.uuid()).min(1).max(200).optional().describe('These items; omit with all=true for every unread one.'),
    all: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.ids ? !b.all : b.all === true), { message: 'give ids, or all: true' });

export const unreadCountSchema = z.object({ unread: z.number().int() });
