import { z } from 'zod';
import { ROLES } from '../../../common/roles.js';
import {
  REPORT_CADENCES,
  REPORT_LANGUAGES,
  REPORT_RECIPIENT_STATUSES,
  REPORT_SEND_STATUSES,
} from '../../db/schema/reports.js';

const language = z
  .enum(REPORT_LANGUAGES)
  .nullable()
  .default(null)
  .describe("Language of this recipient's e-mail; null = the organisation's default language.");

export const reportRecipientSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('employee'),
    employeeId: z.uuid().describe('An employee; mailed at their e-mail address while active.'),
    language,
  }),
  z.object({
    kind: z.literal('role'),
    role: z.enum(ROLES).describe('Every active employee holding this role, with an e-mail address.'),
    language,
  }),
  z.object({
    kind: z.literal('email'),
    email: z.email().max(254).describe('A plain address (e.g. a shared mailbox).'),
    language,
  }),
]);
export type ReportRecipientInput = z.infer<typeof reportRecipientSchema>;

export const reportFiltersSchema = z
  .object({
    departmentId: z.uuid().optional().describe('Only this department and every department below it.'),
    serviceTypeId: z.uuid().optional(),
  })
  .describe('Narrows every figure of the report (the dashboard filters); empty = the whole organisation.');
export type ReportFiltersInput = z.infer<typeof reportFiltersSchema>;

const name = z.string().trim().min(1).max(100);

export const createReportScheduleBody = z.object({
  name,
  cadence: z
    .enum(REPORT_CADENCES)
    .describe("weekly: Monday–Sunday; monthly: the calendar month; both in the organisation's time zone."),
  filters: reportFiltersSchema.default({}),
  recipients: z.array(reportRecipientSchema).min(1).max(50),
  enabled: z.boolean().default(true),
});
export type CreateReportScheduleInput = z.infer<typeof createReportScheduleBody>;

export const updateReportScheduleBody = z.object({
  name: name.optional(),
  cadence: z.enum(REPORT_CADENCES).optional(),
  filters: reportFiltersSchema.optional(),
  recipients: z.array(reportRecipientSchema).min(1).max(50).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateReportScheduleInput = z.infer<typeof updateReportScheduleBody>;

const periodView = z.object({
  from: z.string().describe('Start instant (local midnight of the first day).'),
  to: z.string().describe('End instant, exclusive (local midnight after the last day).'),
  firstDay: z.string().describe('YYYY-MM-DD, local.'),
  lastDay: z.string().describe('YYYY-MM-DD, local, inclusive.'),
});

export const reportScheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  cadence: z.enum(REPORT_CADENCES),
  filters: reportFiltersSchema,
  recipients: z.array(reportRecipientSchema),
  enabled: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastSend: z
    .object({ periodStart: z.string(), status: z.enum(REPORT_SEND_STATUSES), sentAt: z.string().nullable() })
    .nullable()
    .describe('The newest period sent (or being sent).'),
});
export type ReportScheduleView = z.infer<typeof reportScheduleSchema>;

export const reportScheduleListSchema = z.object({ items: z.array(reportScheduleSchema) });

export const reportSendSchema = z.object({
  id: z.string(),
  period: periodView,
  status: z.enum(REPORT_SEND_STATUSES),
  recipientsCount: z.number().int(),
  sentCount: z.number().int(),
  error: z
    .string()
    .nullable()
    .describe(
      '`no_email_channel`, `no_recipients`, `no_analytics_access` (no recipient may read the report) or `send_failed` (the console translates them).',
    ),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  recipients: z.array(
    z.object({
      email: z.string(),
      language: z.enum(REPORT_LANGUAGES),
      status: z.enum(REPORT_RECIPIENT_STATUSES),
      errorCode: z
        .string()
        .nullable()
        .describe(
          "`no_analytics_access`: an employee whose roles cannot read analytics, or the schedule's department is outside their scope (not mailed); otherwise the e-mail channel's error code.",
        ),
    }),
  ),
});
export type ReportSendView = z.infer<typeof reportSendSchema>;
export const reportSendListSchema = z.object({ items: z.array(reportSendSchema) });

export const previewBody = z.object({
  language: z.enum(REPORT_LANGUAGES).optional().describe("The preview's language (default: the organisation's)."),
  email: z
    .boolean()
    .default(true)
    .describe('Also e-mail it to the requesting user (their own address only); false = just render it.'),
});

export const previewSchema = z.object({
  period: periodView,
  language: z.enum(REPORT_LANGUAGES),
  subject: z.string(),
  html: z.string().describe('The e-mail body as sent (a complete HTML document).'),
  text: z.string(),
  emailedTo: z.string().nullable().describe('The address it was sent to, when sent.'),
  emailError: z
    .string()
    .nullable()
    .describe(
      'Why it was not e-mailed: `not_requested`, `no_email_address` (the caller has none), `no_email_channel`, or the channel’s failure code.',
    ),
});
export type PreviewView = z.infer<typeof previewSchema>;
