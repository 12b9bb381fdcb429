import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  type AnalyticsFamily,
  type AnalyticsGrain,
  type invitationFacts,
  invitationFunnelRollups,
  RATING_SUM_COLUMNS,
  ratingDimensionRollups,
  ratingFacts,
  ratingRollups,
} from '../../db/schema/analytics.js';
import { monthOf } from './local-time.js';

/**
 * Serialises the analytics processor's transactions with a rebuild's reset (a transaction-scoped advisory lock, the
 * only lock both take first, so they cannot deadlock): a fact written by a processor transaction still in flight
 * would otherwise survive the reset without its rollups.
 */
export async function lockAnalyticsWrites(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('rateloop:analytics-writes'))`);
}

/**
 * The (family, member) pairs a fact row counts for, as a lateral subquery over `rating_facts f`: the organisation,
 * its department, EACH of its engineers (SCORING.md §6: a shared rating is credited in full to each), service type,
 * channel, store, touchpoint, template. Absent attributes count only for the organisation (and the others present).
 */
const MEMBERS = sql`(
  select 'organisation'::text as family, ''::text as member
  union all select 'department', f.department_id::text where f.department_id is not null
  union all select 'engineer', e::text from (select distinct unnest(f.engineer_ids) as e) engineers
  union all select 'service_type', f.service_type_id::text where f.service_type_id is not null
  union all select 'channel', f.channel where f.channel is not null
  union all select 'store', f.store where f.store is not null
  union all select 'touchpoint', f.touchpoint where f.touchpoint is not null
  union all select 'template', f.template_id::text
) m`;

/** The day and the month bucket of a fact (months are dates too: their first day; zone-free date arithmetic). */
const GRAINS = sql`(values ('day', f.local_day), ('month', f.local_day - (extract(day from f.local_day)::int - 1)))
  as g(grain, bucket)`;

const add = (table: string, columns: readonly string[]) =>
  sql.raw(columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));

const DIMENSION_SUM_COLUMNS = ['count', 'sum_n', 'sum_n2', 'n_y_count', 'sum_y', 'sum_y2', 'sum_ny'];

/**
 * Adds the facts matching `where` (over `rating_facts f`) to every family's day and month buckets: one
 * `insert … select … group by … on conflict do update set x = t.x + excluded.x` per rollup table. The processor
 * passes the ratings it just recorded; the rebuild passes a chunk.
 */
export async function addRatingRollupsWhere(tx: DbOrTx, where: SQL): Promise<void> {
  await tx.execute(sql`
    insert into ${ratingRollups} as t (family, member, grain, bucket, ${sql.raw(RATING_SUM_COLUMNS.join(', '))})
    select m.family, m.member, g.grain, g.bucket,
      count(*), count(f.score), coalesce(sum(f.score), 0), coalesce(sum(f.score * f.score), 0),
      count(*) filter (where f.class = 'satisfied'), count(*) filter (where f.class = 'negative'),
      count(f.nps), count(*) filter (where f.nps >= 9), count(*) filter (where f.nps between 7 and 8),
      count(*) filter (where f.nps <= 6),
      count(*) filter (where f.rounded_stars = 1), count(*) filter (where f.rounded_stars = 2),
      count(*) filter (where f.rounded_stars = 3), count(*) filter (where f.rounded_stars = 4),
      count(*) filter (where f.rounded_stars = 5)
    from ${ratingFacts} f cross join lateral ${MEMBERS} cross join lateral ${GRAINS}
    where ${where}
    group by 1, 2, 3, 4
    on conflict (family, grain, member, bucket) do update set ${add('t', RATING_SUM_COLUMNS)}`);
  await tx.execute(sql`
    insert into ${ratingDimensionRollups} as t (family, member, grain, bucket, dim_key,
      ${sql.raw(DIMENSION_SUM_COLUMNS.join(', '))})
    select m.family, m.member, g.grain, g.bucket, d.key,
      count(*), sum(d.n), sum(d.n * d.n), count(d.y), coalesce(sum(d.y), 0), coalesce(sum(d.y * d.y), 0),
      coalesce(sum(d.n * d.y), 0)
    from ${ratingFacts} f
    cross join lateral (
      select e.key, (e.value #>> '{}')::float8 as n, (f.outcomes ->> e.key)::float8 as y
      from jsonb_each(f.normalised) e where jsonb_typeof(e.value) = 'number'
    ) d
    cross join lateral ${MEMBERS} cross join lateral ${GRAINS}
    where ${where}
    group by 1, 2, 3, 4, 5
    on conflict (family, grain, member, bucket, dim_key) do update set ${add('t', DIMENSION_SUM_COLUMNS)}`);
}

export async function addRatingRollups(tx: DbOrTx, ratingIds: string[]): Promise<void> {
  if (ratingIds.length === 0) return;
  await addRatingRollupsWhere(tx, sql`f.rating_id = any(${sql.param(ratingIds)}::uuid[])`);
}

/** One invitation fact's (signed) contribution to the funnel. */
export interface FunnelContribution {
  fact: typeof invitationFacts.$inferSelect;
  created: number;
  delivered: number;
  opened: number;
  responded: number;
}

function membersOf(f: FunnelContribution['fact']): [AnalyticsFamily, string][] {
  const out: [AnalyticsFamily, string][] = [['organisation', '']];
  if (f.departmentId) out.push(['department', f.departmentId]);
  for (const e of new Set(f.engineerIds)) out.push(['engineer', e]);
  if (f.serviceTypeId) out.push(['service_type', f.serviceTypeId]);
  if (f.channel) out.push(['channel', f.channel]);
  if (f.store) out.push(['store', f.store]);
  if (f.touchpoint) out.push(['touchpoint', f.touchpoint]);
  if (f.templateId) out.push(['template', f.templateId]);
  return out;
}

/** Adds the contributions (net per bucket, zeros dropped) to the funnel rollup in multi-row upserts. */
export async function addFunnelDeltas(tx: DbOrTx, contributions: FunnelContribution[]): Promise<void> {
  const rows = new Map<string, typeof invitationFunnelRollups.$inferInsert>();
  for (const c of contributions) {
    const grains: [AnalyticsGrain, string][] = [
      ['day', c.fact.localDay],
      ['month', monthOf(c.fact.localDay)],
    ];
    const channel = c.fact.channel ?? '';
    for (const [family, member] of membersOf(c.fact)) {
      for (const [grain, bucket] of grains) {
        const key = JSON.stringify([family, member, grain, bucket, channel]);
        const row = rows.get(key) ?? {
          family,
          member,
          grain,
          bucket,
          channel,
          created: 0,
          delivered: 0,
          opened: 0,
          responded: 0,
        };
        row.created = (row.created ?? 0) + c.created;
        row.delivered = (row.delivered ?? 0) + c.delivered;
        row.opened = (row.opened ?? 0) + c.opened;
        row.responded = (row.responded ?? 0) + c.responded;
        rows.set(key, row);
      }
    }
  }
  const all = [...rows.values()].filter((r) => r.created || r.delivered || r.opened || r.responded);
  // A statement binds at most 65,535 parameters (9 per row here): a rebuild's chunk of 1,000 invitations with their
  // engineers and stores makes up to ~16,000 rows, which failed with "bind message has … parameter formats".
  for (let i = 0; i < all.length; i += FUNNEL_ROWS_PER_STATEMENT) {
    await upsertFunnelRows(tx, all.slice(i, i + FUNNEL_ROWS_PER_STATEMENT));
  }
}

const FUNNEL_ROWS_PER_STATEMENT = 5000;

async function upsertFunnelRows(tx: DbOrTx, values: (typeof invitationFunnelRollups.$inferInsert)[]) {
  await tx
    .insert(invitationFunnelRollups)
    .values(values)
    .onConflictDoUpdate({
      target: [
        invitationFunnelRollups.family,
        invitationFunnelRollups.grain,
        invitationFunnelRollups.member,
        invitationFunnelRollups.bucket,
        invitationFunnelRollups.channel,
      ],
      set: {
        created: sql`${invitationFunnelRollups.created} + excluded.created`,
        delivered: sql`${invitationFunnelRollups.delivered} + excluded.delivered`,
        opened: sql`${invitationFunnelRollups.opened} + excluded.opened`,
        responded: sql`${invitationFunnelRollups.responded} + excluded.responded`,
      },
    });
}
