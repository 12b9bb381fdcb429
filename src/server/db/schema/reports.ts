import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../../../common/roles.js';

export const REPORT_CADENCES = ['weekly', 'monthly'] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number];
export const REPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];
export const REPORT_SEND_STATUSES = ['pending', 'sent', 'partial', 'failed'] as const;
export const REPORT_RECIPIENT_STATUSES = ['sending', 'succeeded', 'failed'] as const;

/**
 * Who a scheduled report goes to: an employee (their e-mail), every active holder of a role, or a plain address.
 * `language` null = the organisation's default language.
 */
export type ReportRecipient =
  | { kind: 'employee'; employeeId: string; language: ReportLanguage | null }
  | { kind: 'role'; role: Role; language: ReportLanguage | null }
  | { kind: 'email'; email: string; language: ReportLanguage | null };

/** The analytics filters a report is narrowed to (organisation-wide when empty). */
export interface ReportFilters {
  departmentId?: string;
  serviceTypeId?: string;
}

/** A weekly or monthly report e-mailed to its recipients (issue 18 §6, `modules/reports`). */
export const reportSchedules = pgTable(
  'report_schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    cadence: text('cadence', { enum: REPORT_CADENCES }).notNull(),
    filters: jsonb('filters').$type<ReportFilters>().notNull().default({}),
    recipients: jsonb('recipients').$type<ReportRecipient[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** The employee who created it (null: an API key or the system). */
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_schedules_created_idx').on(t.createdAt, t.id)],
);

/**
 * One period's report of a schedule. The unique (schedule, period start) is the exactly-once guarantee: the due check
 * inserts the row and enqueues its `reports.deliver` job in ONE transaction, and only the inserter enqueues — so two
 * workers, a retried check or a restarted process never produce a second report for the same period.
 */
export const reportSends = pgTable(
  'report_sends',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => reportSchedules.id, { onDelete: 'cascade' }),
    /** Local midnight (organisation's zone) of the period's first day; end exclusive. */
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    status: text('status', { enum: REPORT_SEND_STATUSES }).notNull().default('pending'),
    recipientsCount: integer('recipients_count').notNull().default(0),
    sentCount: integer('sent_count').notNull().default(0),
    /** A stable code when nothing could be sent (`no_email_channel`, `no_recipients`, `send_failed`). */
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('report_sends_schedule_period_uq').on(t.scheduleId, t.periodStart)],
);

/** One address of a send, claimed BEFORE the e-mail goes out: a retried delivery job never mails anyone twice. */
export const reportSendRecipients = pgTable(
  'report_send_recipients',
  {
    sendId: uuid('send_id')
      .notNull()
      .references(() => reportSends.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    language: text('language', { enum: REPORT_LANGUAGES }).notNull(),
    status: text('status', { enum: REPORT_RECIPIENT_STATUSES }).notNull().default('sending'),
    errorCode: text('error_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('report_send_recipients_uq').on(t.sendId, t.email)],
);
