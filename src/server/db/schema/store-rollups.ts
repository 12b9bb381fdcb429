import { bigint, date, doublePrecision, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ANALYTICS_GRAINS } from './analytics.js';

/** Whose ratings a store rollup row sums: the whole organisation's, one department's, one service type's. */
export const STORE_ROLLUP_FAMILIES = ['all', 'department', 'service_type'] as const;
export type StoreRollupFamily = (typeof STORE_ROLLUP_FAMILIES)[number];

/**
 * SCORING.md §7 recency-decayed sums per (family, member, store, touchpoint, local day / month), written only by the
 * analytics module (`analytics/store-rollups.ts`). One family per filter (like `rating_rollups`): the organisation's
 * rows answer the unfiltered ranking without summing across departments. A scored rating at instant t weighs
 * w = 2^((t − r) / H) with r = the bucket's date at 00:00 UTC and H = 30 days, so w stays near 1 and no sum can
 * overflow whatever the year; a reader turns them into dᵢ = 0.5^((T − t)/H) by multiplying a bucket's sums by
 * 2^((r − T)/H). `member` is '' for `all`; `touchpoint` '' for none. Changing H needs a rebuild.
 */
export const storeTouchpointRollups = pgTable(
  'store_touchpoint_rollups',
  {
    family: text('family', { enum: STORE_ROLLUP_FAMILIES }).notNull(),
    member: text('member').notNull(),
    store: text('store').notNull(),
    touchpoint: text('touchpoint').notNull(),
    grain: text('grain', { enum: ANALYTICS_GRAINS }).notNull(),
    bucket: date('bucket').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
    scoredCount: bigint('scored_count', { mode: 'number' }).notNull().default(0),
    sumS: doublePrecision('sum_s').notNull().default(0),
    /** Σ w over scored ratings. */
    sumW: doublePrecision('sum_w').notNull().default(0),
    /** Σ w·S. */
    sumWS: doublePrecision('sum_ws').notNull().default(0),
  },
  (t) => [
    primaryKey({
      name: 'store_touchpoint_rollups_pk',
      columns: [t.family, t.grain, t.bucket, t.member, t.store, t.touchpoint],
    }),
    index('store_touchpoint_rollups_store_idx').on(t.store, t.family, t.grain, t.bucket),
  ],
);
