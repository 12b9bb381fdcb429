import { sql } from 'drizzle-orm';

/**
 * The buckets a fact row `f` counts in, as a lateral `g(grain, bucket)`: its local day and month (months and weeks
 * are dates too: their first day, Monday for weeks; zone-free date arithmetic on `local_day`).
 */
export const DAY_MONTH = sql`(values ('day', f.local_day), ('month', f.local_day - (extract(day from f.local_day)::int - 1)))
  as g(grain, bucket)`;

/**
 * Day, Monday week and month: the rollups read for every engineer or store over a period (`rating_rollups`,
 * `store_touchpoint_rollups`, migration 0035) keep weeks too, so a partial month is its whole weeks plus a few days
 * instead of up to 30 day rows, and the drift watch reads 26 week rows per member instead of 182 days.
 */
export const DAY_WEEK_MONTH = sql`(values ('day', f.local_day),
  ('week', f.local_day - (extract(isodow from f.local_day)::int - 1)),
  ('month', f.local_day - (extract(day from f.local_day)::int - 1))) as g(grain, bucket)`;
