import { type SQL, sql } from 'drizzle-orm';
import { DEFAULT_HALF_LIFE_DAYS } from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import { ratingFacts } from '../../db/schema/analytics.js';
import { storeTouchpointRollups } from '../../db/schema/store-rollups.js';
import { DAY_WEEK_MONTH } from './grains.js';

/**
 * SCORING.md §7 recency weights from rollups. dᵢ = 0.5^((T − tᵢ)/H) = 2^((r − T)/H) · 2^((tᵢ − r)/H) for any
 * reference r; each bucket keeps Σ 2^((tᵢ − r)/H) (and · Sᵢ) with r = its own date at 00:00 UTC, so a stored weight
 * lies in (0.97, 2.1) for a day and (0.97, 2.1 · n) for a month — nothing overflows whatever the year (a fixed epoch
 * such as 2020-01-01 would: 2^(t/H) passes the double maximum 2^1024 after 1,024 · 30 days ≈ 84 years). A reader
 * multiplies a bucket's sums by 2^((r − T)/H), exact in doubles: Sₜ = Σ dᵢSᵢ / Σ dᵢ needs only the ratio.
 */
export const HALF_LIFE_DAYS = DEFAULT_HALF_LIFE_DAYS;
const H_SECONDS = HALF_LIFE_DAYS * 86_400;

/** Seconds since the Unix epoch of a bucket's reference r (its date at 00:00 UTC), for a `date` expression. */
export const bucketReference = (bucket: SQL): SQL => sql`((${bucket} - date '1970-01-01')::float8 * 86400)`;

/**
 * 2^(exponent) without PostgreSQL's underflow/overflow errors (`power` raises "value out of range" rather than
 * returning 0): exponents are clamped to ±1000, i.e. weights of ratings more than 1,000 half-lives (82 years) older
 * than the period's end stay at 2^−1000 ≈ 1e−301 instead of 0 — which only matters if no newer rating exists at all.
 */
export const pow2 = (exponent: SQL): SQL =>
  sql`power(2::float8, greatest(-1000::float8, least(1000::float8, ${exponent})))`;

/** A fact's stored weight in a bucket: 2^((t − r)/H). */
const FACT_WEIGHT = (bucket: SQL) =>
  pow2(sql`(extract(epoch from f.submitted_at)::float8 - ${bucketReference(bucket)}) / ${H_SECONDS}::float8`);

/** The families a fact counts for: the organisation, its department, its service type. */
const MEMBERS = sql`(
  select 'all'::text as family, ''::text as member
  union all select 'department', f.department_id::text where f.department_id is not null
  union all select 'service_type', f.service_type_id::text where f.service_type_id is not null
) m`;

const COLUMNS = ['count', 'scored_count', 'sum_s', 'sum_w', 'sum_ws'] as const;

/**
 * Adds the rating facts matching `where` (over `rating_facts f`) that name a store to their day, week and month buckets of
 * the organisation, their department and their service type: one `insert … select … group by … on conflict do
 * update`. Called beside every rating rollup write (the processor's transaction and the rebuild's chunks), so it
 * counts exactly the facts the other rollups count.
 */
export async function addStoreRollupsWhere(tx: DbOrTx, where: SQL): Promise<void> {
  await tx.execute(sql`
    insert into ${storeTouchpointRollups} as t (family, member, store, touchpoint, grain, bucket,
      ${sql.raw(COLUMNS.join(', '))})
    select m.family, m.member, f.store, coalesce(f.touchpoint, ''), g.grain, g.bucket,
      count(*), count(f.score), coalesce(sum(f.score), 0),
      coalesce(sum(${FACT_WEIGHT(sql`g.bucket`)}) filter (where f.score is not null), 0),
      coalesce(sum(${FACT_WEIGHT(sql`g.bucket`)} * f.score), 0)
    from ${ratingFacts} f cross join lateral ${MEMBERS} cross join lateral ${DAY_WEEK_MONTH}
    where (${where}) and f.store is not null
    group by 1, 2, 3, 4, 5, 6
    on conflict (family, grain, bucket, member, store, touchpoint) do update set
      ${sql.raw(COLUMNS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', '))}`);
}

/** Empties the store rollups (the rebuild, before it refills every rollup). */
export async function truncateStoreRollups(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`truncate ${storeTouchpointRollups}`);
}
