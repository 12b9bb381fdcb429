import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The processes running jobs, each with the pg-boss jobs it is running now (jobs/worker-liveness.ts): written every
 * few seconds by each worker, so that a job `active` in pg-boss that no live worker lists — its process was killed —
 * is failed and retried within a minute instead of after pg-boss's expiry (15 min for deliveries).
 */
export const jobWorkers = pgTable(
  'job_workers',
  {
    id: uuid('id').primaryKey(),
    host: text('host').notNull(),
    pid: integer('pid').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
    activeJobIds: uuid('active_job_ids').array().notNull(),
  },
  (t) => [index('job_workers_seen_idx').on(t.seenAt)],
);
