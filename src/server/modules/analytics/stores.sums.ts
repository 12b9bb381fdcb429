import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ratingFacts } from '../../db/schema/analytics.js';
import { type StoreRollupFamily, storeTouchpointRollups } from '../../db/schema/store-rollups.js';
import { executeRows } from '../../db/sql.js';
import { type Period, planBuckets } from './period.js';
import { bucketReference, HALF_LIFE_DAYS, pow2 } from './store-rollups.js';
import { attributeConditions, bucketCondition, type ResolvedFilters } from './sums.js';

const H_SECONDS = HALF_LIFE_DAYS * 86_400;

/** Recency-weighted sums of one (store or day, touchpoint): Σ dᵢ and Σ dᵢ·Sᵢ over the ratings with S. */
export interface DecayedSums {
  key: string;
  touchpoint: string;
  count: number;
  scoredCount: number;
  sumS: number;
  sumD: number;
  sumDS: number;
}

type Row = {
  key: string;
  touchpoint: string;
  count: number | string;
  scored_count: number | string;
  sum_s: number | string | null;
  sum_d: number | string | null;
  sum_ds: number | string | null;
};
const num = (v: number | string | null) => Number(v ?? 0);
const and = (parts: SQL[]): SQL => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
const or = (parts: SQL[]): SQL => (parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`);
const inPeriod = (p: Period): SQL[] => [
  ...(p.from ? [sql`f.submitted_at >= ${p.from.toISOString()}::timestamptz`] : []),
  ...(p.to ? [sql`f.submitted_at < ${p.to.toISOString()}::timestamptz`] : []),
];

/**
 * Which store rollup family answers the filters: the organisation's without filters, a department set's (a
 * department's subtree, a supervisor's departments) or a service type's; null — the facts — for both of those at
 * once or any other filter (engineer, channel, template, source).
 */
export function storeRollupFamily(f: ResolvedFilters): { family: StoreRollupFamily; members: string[] } | null {
  if (f.engineerId || f.channel || f.templateId || f.source || f.touchpoint) return null;
  if (f.departmentIds && f.serviceTypeId) return null;
  if (f.departmentIds) return { family: 'department', members: f.departmentIds };
  if (f.serviceTypeId) return { family: 'service_type', members: [f.serviceTypeId] };
  return { family: 'all', members: [''] };
}

/**
 * Per store (`by: 'store'`, dᵢ relative to the instant `end`) or per local day of one store (`by: 'day'`, dᵢ relative
 * to each day's reference r = its date at 00:00 UTC: the caller rescales by 2^((r − T)/H) for its own T), per
 * touchpoint. Whole local days, weeks and months come from `store_touchpoint_rollups`; instants inside a day at the
 * period's edges come from the facts with the same weights, as do filters the rollup does not keep.
 */
export async function decayedStoreSums(
  db: DbOrTx,
  f: ResolvedFilters,
  q: { by: 'store' | 'day'; end: Date },
): Promise<DecayedSums[]> {
  const endSeconds = q.end.getTime() / 1000;
  const factKey = q.by === 'store' ? sql`f.store` : sql`f.local_day::text`;
  const factWeight =
    q.by === 'store'
      ? pow2(sql`(extract(epoch from f.submitted_at)::float8 - ${endSeconds}::float8) / ${H_SECONDS}::float8`)
      : pow2(
          sql`(extract(epoch from f.submitted_at)::float8 - ${bucketReference(sql`f.local_day`)}) / ${H_SECONDS}::float8`,
        );
  const fromFacts = (where: SQL) =>
    sql`select ${factKey} as key, coalesce(f.touchpoint, '') as touchpoint, count(*) as count,
          count(f.score) as scored_count, coalesce(sum(f.score), 0)::float8 as sum_s,
          coalesce(sum(${factWeight}) filter (where f.score is not null), 0)::float8 as sum_d,
          coalesce(sum(${factWeight} * f.score), 0)::float8 as sum_ds
        from ${ratingFacts} f where ${where} and f.store is not null group by 1, 2`;
  const attributes = attributeConditions(f, { source: true });
  const rows: Row[] = [];
  const rollup = storeRollupFamily(f);
  if (!rollup) {
    rows.push(...(await executeRows<Row>(db, fromFacts(and([...attributes, ...inPeriod(f.period)])))));
  } else {
    const plan = planBuckets(f.period, f.timeZone);
    const buckets = q.by === 'day' ? bucketCondition(plan, 'day') : bucketCondition(plan, null, true);
    const where = and([
      sql`family = ${rollup.family}`,
      rollup.family === 'all' ? sql`member = ''` : sql`member = any(${sql.param(rollup.members)}::text[])`,
      buckets,
      ...(f.store ? [sql`store = ${f.store}`] : []),
    ]);
    const factor =
      q.by === 'store'
        ? pow2(sql`(${bucketReference(sql`bucket`)} - ${endSeconds}::float8) / ${H_SECONDS}::float8`)
        : sql`1`;
    rows.push(
      ...(await executeRows<Row>(
        db,
        sql`select ${q.by === 'store' ? sql`store` : sql`bucket::text`} as key, touchpoint, sum(count) as count,
              sum(scored_count) as scored_count, sum(sum_s)::float8 as sum_s,
              sum(sum_w * ${factor})::float8 as sum_d, sum(sum_ws * ${factor})::float8 as sum_ds
            from ${storeTouchpointRollups} where ${where} group by 1, 2`,
      )),
    );
    if (plan.edges.length > 0) {
      const edges = or(plan.edges.map((e) => and(inPeriod(e))));
      rows.push(...(await executeRows<Row>(db, fromFacts(and([...attributes, edges])))));
    }
  }
  const out = new Map<string, DecayedSums>();
  for (const r of rows) {
    const id = `${r.key}\u0000${r.touchpoint}`;
    const prev = out.get(id) ?? {
      key: r.key,
      touchpoint: r.touchpoint,
      count: 0,
      scoredCount: 0,
      sumS: 0,
      sumD: 0,
      sumDS: 0,
    };
    prev.count += num(r.count);
    prev.scoredCount += num(r.scored_count);
    prev.sumS += num(r.sum_s);
    prev.sumD += num(r.sum_d);
    prev.sumDS += num(r.sum_ds);
    out.set(id, prev);
  }
  return [...out.values()];
}
