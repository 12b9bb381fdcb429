import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  invitationFacts,
  invitationFunnelRollups,
  RATING_SUM_COLUMNS,
  ratingDimensionRollups,
  ratingFacts,
  ratingRollups,
} from '../../db/schema/analytics.js';
import { DAY_MONTH, DAY_WEEK_MONTH } from './grains.js';
import { addStoreRollupsWhere } from './store-rollups.js';

/**
 * Serialises the analytics processor's transactions with a rebuild's reset (a transaction-scoped advisory lock, the
 * only lock both take first, so they cannot deadlock): a fact written by a processor transaction still in flight
 * would otherwise survive the reset without its rollups.
 */
export async function lockAnalyticsWrites(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('rateloop:analytics-writes'))`);
}

/**
 * The (family, member) pairs a fact row counts for, as a lateral subquery over a fact table `f`: the organisation,
 * its department, EACH of its engineers (SCORING.md §6: a shared rating is credited in full to each), service type,
 * channel, store, touchpoint, template — and for ratings their source. Absent attributes count only for the
 * organisation (and the others present). Rating facts and invitation facts share these columns.
 */
const members = (kind: 'rating' | 'invitation' | 'rating-rollup') => sql`(
  select 'organisation'::text as family, ''::text as member
  union all select 'department', f.department_id::text where f.department_id is not null
  union all select 'engineer', e::text from (select distinct unnest(f.engineer_ids) as e) engineers
  union all select 'service_type', f.service_type_id::text where f.service_type_id is not null
  union all select 'channel', f.channel where f.channel is not null
  union all select 'store', f.store where f.store is not null
  union all select 'touchpoint', f.touchpoint where f.touchpoint is not null
  union all select 'template', f.template_id::text where f.template_id is not null
  ${kind === 'invitation' ? sql`` : sql`union all select 'source', f.source`}
  ${
    kind === 'rating-rollup'
      ? sql`union all select 'department_engineer', f.department_id::text || ':' || e::text
              from (select distinct unnest(f.engineer_ids) as e) engineers where f.department_id is not null`
      : sql``
  }
) m`;
export const RATING_MEMBERS = members('rating');
/** `rating_rollups` also keeps each (department, engineer) pair of a fact: the `department_engineer` family. */
const RATING_ROLLUP_MEMBERS = members('rating-rollup');
const INVITATION_MEMBERS = members('invitation');

const add = (table: string, columns: readonly string[]) =>
  sql.raw(columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));

/** Σ n, Σ n² over every answer (the gap) and n_y_count, Σ y, Σ y², Σ n·y, Σ n, Σ n² over the pairs (Pearson r). */
const DIMENSION_SUM_COLUMNS = [
  'count',
  'sum_n',
  'sum_n2',
  'n_y_count',
  'sum_y',
  'sum_y2',
  'sum_ny',
  'pair_sum_n',
  'pair_sum_n2',
];

/**
 * Adds the facts matching `where` (over `rating_facts f`) to every family's day and month buckets (and weeks in
 * `rating_rollups`): one `insert … select … group by … on conflict do update set x = t.x + excluded.x` per rollup
 * table. The processor passes the ratings it just recorded; the rebuild passes a chunk.
 */
export async function addRatingRollupsWhere(tx: DbOrTx, where: SQL): Promise<void> {
  await tx.execute(sql`
    insert into ${ratingRollups} as t (family, member, grain, bucket, ${sql.raw(RATING_SUM_COLUMNS.join(', '))}, shared)
    select m.family, m.member, g.grain, g.bucket,
      count(*), count(f.score), coalesce(sum(f.score), 0), coalesce(sum(f.score * f.score), 0),
      count(*) filter (where f.class = 'satisfied'), count(*) filter (where f.class = 'negative'),
      count(f.nps), count(*) filter (where f.nps >= 9), count(*) filter (where f.nps between 7 and 8),
      count(*) filter (where f.nps <= 6),
      count(*) filter (where f.rounded_stars = 1), count(*) filter (where f.rounded_stars = 2),
      count(*) filter (where f.rounded_stars = 3), count(*) filter (where f.rounded_stars = 4),
      count(*) filter (where f.rounded_stars = 5),
      count(*) filter (where m.family in ('engineer', 'department_engineer') and cardinality(f.engineer_ids) > 1)
    from ${ratingFacts} f cross join lateral ${RATING_ROLLUP_MEMBERS} cross join lateral ${DAY_WEEK_MONTH}
    where ${where}
    group by 1, 2, 3, 4
    on conflict (family, grain, member, bucket) do update set ${add('t', [...RATING_SUM_COLUMNS, 'shared'])}`);
  await tx.execute(sql`
    insert into ${ratingDimensionRollups} as t (family, member, grain, bucket, dim_key,
      ${sql.raw(DIMENSION_SUM_COLUMNS.join(', '))})
    select m.family, m.member, g.grain, g.bucket, d.key,
      count(*), sum(d.n), sum(d.n * d.n), count(d.y), coalesce(sum(d.y), 0), coalesce(sum(d.y * d.y), 0),
      coalesce(sum(d.n * d.y), 0), coalesce(sum(d.n) filter (where d.y is not null), 0),
      coalesce(sum(d.n * d.n) filter (where d.y is not null), 0)
    from ${ratingFacts} f
    cross join lateral (
      select e.key, (e.value #>> '{}')::float8 as n, (f.outcomes ->> e.key)::float8 as y
      from jsonb_each(f.normalised) e where jsonb_typeof(e.value) = 'number'
    ) d
    cross join lateral ${RATING_MEMBERS} cross join lateral ${DAY_MONTH}
    where ${where}
    group by 1, 2, 3, 4, 5
    on conflict (family, grain, member, bucket, dim_key) do update set ${add('t', DIMENSION_SUM_COLUMNS)}`);
  await addStoreRollupsWhere(tx, where);
}

export async function addRatingRollups(tx: DbOrTx, ratingIds: string[]): Promise<void> {
  if (ratingIds.length === 0) return;
  await addRatingRollupsWhere(tx, sql`f.rating_id = any(${sql.param(ratingIds)}::uuid[])`);
}

/**
 * Adds (`sign` 1) or takes back (`sign` -1) the invitation facts matching `where` (over `invitation_facts f`) in
 * every family's day and month funnel buckets, per channel ('' when unknown), in one `insert … select … group by`.
 * Response rate = responded / delivered (SCORING.md §5): only delivered invitations count as responded.
 */
export async function addFunnelWhere(tx: DbOrTx, where: SQL, sign: 1 | -1): Promise<void> {
  await tx.execute(sql`
    insert into ${invitationFunnelRollups} as t (family, member, grain, bucket, channel, created, delivered, opened,
      responded)
    select m.family, m.member, g.grain, g.bucket, coalesce(f.channel, ''),
      ${sign}::int * count(*), ${sign}::int * count(*) filter (where f.delivered),
      ${sign}::int * count(*) filter (where f.opened),
      ${sign}::int * count(*) filter (where f.responded and f.delivered)
    from ${invitationFacts} f cross join lateral ${INVITATION_MEMBERS} cross join lateral ${DAY_MONTH}
    where ${where}
    group by 1, 2, 3, 4, 5
    on conflict (family, grain, member, bucket, channel) do update set ${add('t', FUNNEL_COLUMNS)}`);
}

const FUNNEL_COLUMNS = ['created', 'delivered', 'opened', 'responded'];

/** The funnel contribution of these invitations' current facts, added or taken back. */
export async function addFunnel(tx: DbOrTx, invitationIds: string[], sign: 1 | -1): Promise<void> {
  if (invitationIds.length === 0) return;
  await addFunnelWhere(tx, sql`f.invitation_id = any(${sql.param(invitationIds)}::uuid[])`, sign);
}
