import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * PostgreSQL's 64-bit transaction id (`xid8`), read and written as its decimal text: the commit-safe half of an
 * event's position (see `domainEvents.txid`).
 */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
});

/**
 * Domain events, written in the same transaction as the change they describe (the outbox). The same rows are a
 * work order's timeline (created, status changes, node started, invitation sent per channel, opened, rated,
 * skipped, follow-up, case …) and the feed that alerts, analytics, live updates and webhooks consume.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    /**
     * Insert order. NOT commit order: a `bigserial` is taken at insert, so a transaction that inserts first and
     * commits last has a lower `seq` than events already visible. Consumers never read "everything after seq N";
     * they read by position `(txid, seq)` below the snapshot's xmin (`modules/events/positions.ts`).
     */
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /**
     * The writing transaction's id (`pg_current_xact_id()`). Every transaction with an id below the oldest one still
     * running has ended, so events with `txid < pg_snapshot_xmin(pg_current_snapshot())` can no longer be joined by a
     * late committer: a position `(txid, seq)` that only advances below that watermark never skips an event.
     */
    txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
    id: uuid('id').notNull().defaultRandom().unique(),
    type: text('type').notNull(),
    workOrderId: uuid('work_order_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system', 'customer'] }).notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    data: jsonb('data').notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('domain_events_work_order_idx').on(t.workOrderId, t.seq),
    index('domain_events_type_idx').on(t.type, t.seq),
    index('domain_events_position_idx').on(t.txid, t.seq),
  ],
);

/**
 * One row per event processor (`modules/events/processors.ts`): the position up to which it has handled every event
 * it wants, moved in the same transaction as the handler's effects.
 */
export const eventProcessors = pgTable('event_processors', {
  name: text('name').primaryKey(),
  txid: xid8('txid').notNull().default(sql`'0'::xid8`),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  handled: bigint('handled', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An event a processor failed to handle: retried with backoff (`next_attempt_at`), parked after the last try
 * (`parked_at`, shown in the console and `/metrics`, retried by hand). Later events of the same work order wait
 * here behind it (`attempts` 0, `error` null), so each work order's events are handled in order.
 */
export const eventProcessorFailures = pgTable(
  'event_processor_failures',
  {
    processor: text('processor').notNull(),
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    workOrderId: uuid('work_order_id'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    parkedAt: timestamp('parked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.processor, t.eventSeq] }),
    index('event_processor_failures_due_idx').on(t.processor, t.nextAttemptAt),
    index('event_processor_failures_work_order_idx').on(t.processor, t.workOrderId),
  ],
);

/**
 * What the repair sweeps fixed (a change whose job was missing), by kind — shown in `/metrics` as
 * `rateloop_job_repairs_total`. Jobs are enqueued in the changing transaction, so this should stay 0.
 */
export const jobRepairs = pgTable('job_repairs', {
  kind: text('kind').primaryKey(),
  repaired: bigint('repaired', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
