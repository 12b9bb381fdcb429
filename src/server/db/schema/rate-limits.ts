import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Rate-limit counters shared by every process on one PostgreSQL (http/rate-limit-store.ts): one row per key and
 * window, bumped by one atomic upsert per request. UNLOGGED (hand-edited in the migration): counters need no
 * durability, and skipping the WAL keeps the hot upsert cheap; a crash empties the table, which only resets windows.
 * Unused on PGlite (one process, in-memory counters).
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limits_reset_idx').on(t.resetAt)],
);
