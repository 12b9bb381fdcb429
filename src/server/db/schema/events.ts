import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Domain events, written in the same transaction as the change they describe (the outbox). The same rows are a
 * work order's timeline (created, status changes, node started, invitation sent per channel, opened, rated,
 * skipped, follow-up, case …) and the feed that alerts, analytics, live updates and webhooks consume.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    /** Commit-order sequence for consumers that read "everything after N". */
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
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
  ],
);
