import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { DIGEST_MODES, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '../../../common/notifications.js';
import { employees } from './org.js';

/**
 * A person's inbox item (issue 17): one per recipient and domain event (`event_id`), so a replayed event files
 * nothing twice. `email_send_id` / `sms_send_id` name the message that carried it (null: not yet, or not wanted).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    severity: text('severity'),
    workOrderId: uuid('work_order_id'),
    caseId: uuid('case_id'),
    ratingId: uuid('rating_id'),
    /** What the message says, from the event (case number, rule name, target, due time…). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    wantsEmail: boolean('wants_email').notNull().default(false),
    wantsSms: boolean('wants_sms').notNull().default(false),
    emailSendId: uuid('email_send_id'),
    smsSendId: uuid('sms_send_id'),
  },
  (t) => [
    uniqueIndex('notifications_event_employee_uq').on(t.eventId, t.employeeId),
    index('notifications_inbox_idx').on(t.employeeId, t.createdAt),
    index('notifications_unread_idx').on(t.employeeId).where(sql`${t.readAt} is null`),
  ],
);

/** How a person wants to be told; no row = the defaults (`DEFAULT_PREFERENCES` in the notifications module). */
export const notificationPreferences = pgTable('notification_preferences', {
  employeeId: uuid('employee_id')
    .primaryKey()
    .references(() => employees.id, { onDelete: 'cascade' }),
  email: boolean('email').notNull(),
  sms: boolean('sms').notNull(),
  digest: text('digest', { enum: DIGEST_MODES }).notNull(),
  /** Hold e-mail and SMS outside the working hours of the person's business calendar. */
  quietHours: boolean('quiet_hours').notNull(),
  /** The console plays a sound on a new alert. */
  sound: boolean('sound').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One outgoing message to one person by one channel, collecting every notification filed for them until it goes
 * (throttle, digest, quiet hours). At most one `pending` per person and channel; its job runs at `due_at`.
 */
export const notificationSends = pgTable(
  'notification_sends',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'skipped'] })
      .notNull()
      .default('pending'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    items: integer('items'),
    errorCode: text('error_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notification_sends_pending_uq').on(t.employeeId, t.channel).where(sql`${t.status} = 'pending'`),
    index('notification_sends_recent_idx').on(t.employeeId, t.channel, t.startedAt),
  ],
);
