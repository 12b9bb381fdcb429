import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { invitations } from './invitations.js';

export const ATTEMPT_STATUSES = ['sending', 'succeeded', 'failed'] as const;
/** Receipt (DLR) states reported by a provider after it accepted the message. */
export const RECEIPT_STATUSES = ['pending', 'delivered', 'failed'] as const;

/**
 * One try to hand an invitation (or a reminder, `round` ≥ 1) to one channel. The row is inserted BEFORE the provider
 * is called (status `sending`), keyed by `<invitationId>:<channel>:<attemptNo>`, so a send for a key happens at most
 * once. `errorKind` is the adapter's classification, or `skipped` (no contact / opted out / no configuration) or
 * `unknown` (a worker died mid-send on a provider that cannot dedupe). See modules/delivery/README.md.
 */
export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invitationId: uuid('invitation_id')
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    configId: uuid('config_id'),
    provider: text('provider'),
    /** 0 = the invitation itself, n = the n-th reminder. */
    round: integer('round').notNull().default(0),
    /** Per invitation × channel, over all rounds. */
    attemptNo: integer('attempt_no').notNull(),
    status: text('status', { enum: ATTEMPT_STATUSES }).notNull(),
    errorKind: text('error_kind'),
    errorCode: text('error_code'),
    detail: text('detail'),
    retryAfterSeconds: integer('retry_after_seconds'),
    providerMessageId: text('provider_message_id'),
    providerResponse: jsonb('provider_response'),
    receiptStatus: text('receipt_status', { enum: RECEIPT_STATUSES }),
    receiptErrorCode: text('receipt_error_code'),
    receiptAt: timestamp('receipt_at', { withTimezone: true }),
    /** The pg-boss job that claimed the attempt: a retry of the same job may take over its unfinished attempt. */
    jobId: text('job_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    idempotencyKey: text('idempotency_key').notNull(),
  },
  (t) => [
    uniqueIndex('delivery_attempts_key_uq').on(t.idempotencyKey),
    index('delivery_attempts_invitation_idx').on(t.invitationId, t.channel, t.attemptNo),
    index('delivery_attempts_provider_msg_idx').on(t.providerMessageId),
  ],
);

/** Delivery bookkeeping of an invitation (kept beside `invitations` so the invitations module stays untouched). */
export const invitationDeliveries = pgTable(
  'invitation_deliveries',
  {
    invitationId: uuid('invitation_id')
      .primaryKey()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    /** The channel that succeeded first (reminders go through it). */
    deliveredChannel: text('delivered_channel'),
    failureReason: text('failure_reason'),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
    reminderCount: integer('reminder_count').notNull().default(0),
    lastReminderAt: timestamp('last_reminder_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('invitation_deliveries_last_sent_idx').on(t.lastSentAt)],
);

/** A contact who asked not to be invited: on one channel or `all`. `contactKey` is normalised (see opt-outs.ts). */
export const contactOptOuts = pgTable(
  'contact_opt_outs',
  {
    contactKey: text('contact_key').notNull(),
    channel: text('channel').notNull(),
    source: text('source').notNull(),
    invitationId: uuid('invitation_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contactKey, t.channel] })],
);

/**
 * A delivery problem by cause (`no_config:sms`, `permanent:email:smtp_550`…): one row however many invitations hit
 * it, so admins are told once per cause. Upserted in the transaction of the failed attempt; `count` and
 * `firstSeenAt` restart and `generation` grows when it fails again after being acknowledged (re-opened), and each
 * new generation enqueues one `delivery.notify_problem` job. See modules/delivery/README.md ("Delivery problems").
 */
export const deliveryProblems = pgTable(
  'delivery_problems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cause: text('cause').notNull(),
    channel: text('channel').notNull(),
    /** `skipped` (no configuration) or the adapter's failure kind (`permanent`, `quota`, `unknown`). */
    kind: text('kind').notNull(),
    code: text('code').notNull(),
    detail: text('detail'),
    lastInvitationId: uuid('last_invitation_id'),
    /** Failed attempts since the problem was (re)opened. */
    count: integer('count').notNull().default(1),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
    /** 1 when first seen, +1 each time it re-opens after an acknowledgement: the notification job's key. */
    generation: integer('generation').notNull().default(1),
  },
  (t) => [
    uniqueIndex('delivery_problems_cause_uq').on(t.cause),
    index('delivery_problems_open_idx').on(t.acknowledgedAt),
  ],
);

/**
 * One e-mail telling one admin about one generation of a problem, inserted BEFORE the channel is called (like
 * `delivery_attempts`), so a retried notification job never e-mails the same admin twice.
 */
export const deliveryProblemNotices = pgTable(
  'delivery_problem_notices',
  {
    problemId: uuid('problem_id')
      .notNull()
      .references(() => deliveryProblems.id, { onDelete: 'cascade' }),
    generation: integer('generation').notNull(),
    recipient: text('recipient').notNull(),
    status: text('status', { enum: ATTEMPT_STATUSES }).notNull(),
    errorCode: text('error_code'),
    configId: uuid('config_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.problemId, t.generation, t.recipient] })],
);
