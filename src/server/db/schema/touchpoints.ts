import { sql } from 'drizzle-orm';
import { check, doublePrecision, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The touchpoints a store is rated at (SCORING.md §7: delivery, customer service, returns …) and their weights Wₜ.
 * `key` is the value work orders carry in their free-text `touchpoint`. Owned by the `org` module.
 */
export const touchpoints = pgTable(
  'touchpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    weight: doublePrecision('weight').notNull().default(1),
    sort: integer('sort').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('touchpoints_key_uq').on(t.key), check('touchpoints_weight_positive', sql`${t.weight} > 0`)],
);
