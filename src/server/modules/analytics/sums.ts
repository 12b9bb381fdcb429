import { type SQL, sql } from 'drizzle-orm';
import {
  addRatingSums,
  type DimensionSums,
  emptyRatingSums,
  type FunnelSums,
  type RatingSums,
} from '../../../common/scoring/index.js';
import type { DbOrTx } from '../../db/client.js';
import {
  type AnalyticsFamily,
  invitationFacts,
  invitationFunnelRollups,
  RATING_SUM_COLUMNS,
  ratingDimensionRollups,
  ratingFacts,
  ratingRollups,
} from '../../db/schema/analytics.js';
import { executeRows } from '../../db/sql.js';
import { weekOf } from './local-time.js';
import { type BucketPlan, type DayRange, type Period, planBuckets, rowRanges } from './period.js';
import { settledMemo, settledState, splitPeriod } from './settled-sums.js';

/**
 * Analytics filters after access and subtrees are applied: what the sums are asked for. `departmentIds` is a set
 * (a department's subtree, or a supervisor's visible departments); the other filters are single values.
 */
export interface ResolvedFilters {
  period: Period;
  timeZone: string;
  serviceTypeId?: string;
  departmentIds?: string[];
  engineerId?: string;
  store?: string;
  touchpoint?: string;
  channel?: string;
  templateId?: string;
  source?: string;
}

export type Grouping = 'day' | 'week' | 'month' | null;

/**
 * Which rollup answers the filters: none or one dimension filter → that family's rollup (the organisation's for
 * none); two or more → null: the indexed aggregate over `rating_facts`.
 */
export function rollupFamily(f: ResolvedFilters): { family: AnalyticsFamily; members: string[] } | null {
  const present: { family: AnalyticsFamily; members: string[] }[] = [];
  if (f.serviceTypeId) present.push({ family: 'service_type', members: [f.serviceTypeId] });
  if (f.departmentIds) present.push({ family: 'department', members: f.departmentIds });
  if (f.engineerId) present.push({ family: 'engineer', members: [f.engineerId] });
  if (f.store) present.push({ family: 'store', members: [f.store] });
  if (f.touchpoint) present.push({ family: 'touchpoint', members: [f.touchpoint] });
  if (f.channel) present.push({ family: 'channel', members: [f.channel] });
  if (f.templateId) present.push({ family: 'template', members: [f.templateId] });
  if (f.source) present.push({ family: 'source', members: [f.source] });
  if (present.length === 0) return { family: 'organisation', members: [''] };
  return present.length === 1 ? present[0]! : null;
}

/** The filters as conditions on a fact table aliased `f` (rating_facts or invitation_facts share these columns). */
export function attributeConditions(f: ResolvedFilters, options: { source: boolean }): SQL[] {
  const where: SQL[] = [];
  if (f.serviceTypeId) where.push(sql`f.service_type_id = ${f.serviceTypeId}::uuid`);
  if (f.departmentIds) where.push(sql`f.department_id = any(${sql.param(f.departmentIds)}::uuid[])`);
  if (f.engineerId) where.push(sql`f.engineer_ids @> array[${f.engineerId}::uuid]`);
  if (f.store) where.push(sql`f.store = ${f.store}`);
  if (f.touchpoint) where.push(sql`f.touchpoint = ${f.touchpoint}`);
  if (f.channel) where.push(sql`f.channel = ${f.channel}`);
  if (f.templateId) where.push(sql`f.template_id = ${f.templateId}::uuid`);
  if (options.source && f.source) where.push(sql`f.source = ${f.source}`);
  return where;
}

const inPeriod = (column: SQL, p: Period): SQL[] => [
  ...(p.from ? [sql`${column} >= ${p.from.toISOString()}::timestamptz`] : []),
  ...(p.to ? [sql`${column} < ${p.to.toISOString()}::timestamptz`] : []),
];

const and = (parts: SQL[]): SQL => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
const or = (parts: SQL[]): SQL => (parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`);

/** The bucket key of a local day for a grouping (weeks start on Monday); a constant when not grouped. */
function bucketKey(day: SQL, grouping: Grouping): SQL {
  switch (grouping) {
    case 'day':
      return sql`${day}::text`;
    case 'week':
      return sql`(${day} - (extract(isodow from ${day})::int - 1))::text`;
    case 'month':
      return sql`(${day} - (extract(day from ${day})::int - 1))::text`;
    default:
      return sql`''`;
  }
}

/**
 * The rollup rows of a plan (`rowRanges`): month rows for whole months, week rows (`weeks`: `rating_rollups` only)
 * and day rows for the rest. Grouped by day, day rows only; by week, whole weeks and the edge days; by month, month
 * rows too, as a month row is exactly its month's bucket (a year's trend by month read 365 day rows per member and
 * dimension: 285 ms p50 over a region at 1 M on PGlite). Each range is its own top-level branch, a contiguous range
 * of an index: with two day ranges nested under one `grain = 'day'`, the planner scanned every day row of the members
 * (a year over a ten-department region: 545 ms p95 at 1 M ratings on PGlite; 12,337 index rows for 1,005 wanted).
 */
export function bucketCondition(plan: BucketPlan, grouping: Grouping, weeks = false): SQL {
  return or(bucketRanges(plan, grouping, weeks));
}

/** The ranges of `bucketCondition`, one condition each. */
function bucketRanges(plan: BucketPlan, grouping: Grouping, weeks: boolean): SQL[] {
  const rows = rowRanges(plan, grouping, weeks);
  const range = (grain: 'day' | 'week' | 'month') => (r: DayRange) =>
    sql`(grain = ${sql.raw(`'${grain}'`)} and bucket >= ${r.from}::date and bucket < ${r.to}::date)`;
  return [...rows.months.map(range('month')), ...rows.weeks.map(range('week')), ...rows.days.map(range('day'))];
}

type Num = string | number | null;
const num = (v: Num) => Number(v ?? 0);

/**
 * Sums keyed by bucket (and an extra key: dimension key, channel), read from the rollup when one answers the
 * filters (whole buckets) plus the facts of the partial-day edges, else from the facts alone.
 */
async function collect<R extends { bucket: string; extra: string }>(
  db: DbOrTx,
  f: ResolvedFilters,
  grouping: Grouping,
  parts: {
    rollup: (where: SQL, key: SQL) => SQL;
    facts: (where: SQL, key: SQL) => SQL;
    factTime: SQL;
    source: boolean;
    /** The rollup is `rating_rollups`, which keeps week rows. */
    weeks?: boolean;
  },
): Promise<R[]> {
  const rollup = rollupFamily(f);
  const attributes = attributeConditions(f, { source: parts.source });
  const rows: R[] = [];
  if (rollup) {
    const plan = planBuckets(f.period, f.timeZone);
    const where = and([
      sql`family = ${rollup.family}`,
      sql`member = any(${sql.param(rollup.members)}::text[])`,
      bucketCondition(plan, grouping, parts.weeks),
    ]);
    rows.push(...(await executeRows<R>(db, parts.rollup(where, bucketKey(sql`bucket`, grouping)))));
    if (plan.edges.length > 0) {
      const edgeWhere = and([...attributes, or(plan.edges.map((e) => and(inPeriod(parts.factTime, e))))]);
      rows.push(...(await executeRows<R>(db, parts.facts(edgeWhere, bucketKey(sql`f.local_day`, grouping)))));
    }
  } else {
    const where = and([...attributes, ...inPeriod(parts.factTime, f.period)]);
    rows.push(...(await executeRows<R>(db, parts.facts(where, bucketKey(sql`f.local_day`, grouping)))));
  }
  return rows;
}

type RatingRow = { bucket: string; extra: string } & Record<(typeof RATING_SUM_COLUMNS)[number], Num>;

/** The per-fact aggregates, in RATING_SUM_COLUMNS order (the rollup writer uses the same expressions). */
export const RATING_FACT_AGGREGATES = sql.raw(`count(*), count(f.score), coalesce(sum(f.score), 0),
  coalesce(sum(f.score * f.score), 0), count(*) filter (where f.class = 'satisfied'),
  count(*) filter (where f.class = 'negative'), count(f.nps), count(*) filter (where f.nps >= 9),
  count(*) filter (where f.nps between 7 and 8), count(*) filter (where f.nps <= 6),
  count(*) filter (where f.rounded_stars = 1), count(*) filter (where f.rounded_stars = 2),
  count(*) filter (where f.rounded_stars = 3), count(*) filter (where f.rounded_stars = 4),
  count(*) filter (where f.rounded_stars = 5)`);

const ratingRowSums = (r: RatingRow): RatingSums => ({
  count: num(r.count),
  scoredCount: num(r.scored_count),
  sumS: num(r.sum_s),
  sumS2: num(r.sum_s2),
  satisfied: num(r.satisfied),
  negative: num(r.negative),
  npsCount: num(r.nps_count),
  promoters: num(r.promoters),
  passives: num(r.passives),
  detractors: num(r.detractors),
  stars: [num(r.star1), num(r.star2), num(r.star3), num(r.star4), num(r.star5)],
});

/** Rating sums per bucket ('' when not grouped). */
export async function ratingSums(db: DbOrTx, f: ResolvedFilters, grouping: Grouping = null) {
  const sumsOf = sql.raw(RATING_SUM_COLUMNS.map((c) => `sum(${c})::float8 as ${c}`).join(', '));
  const factNames = sql.raw(RATING_SUM_COLUMNS.map((c) => `${c}::float8 as ${c}`).join(', '));
  const rows = await collect<RatingRow>(db, f, grouping, {
    source: true,
    weeks: true,
    factTime: sql`f.submitted_at`,
    rollup: (where, key) =>
      sql`select ${key} as bucket, '' as extra, ${sumsOf} from ${ratingRollups} where ${where} group by 1`,
    facts: (where, key) =>
      sql`select bucket, extra, ${factNames} from (
            select ${key} as bucket, '' as extra, ${RATING_FACT_AGGREGATES}
            from ${ratingFacts} f where ${where} group by 1
          ) a (bucket, extra, ${sql.raw(RATING_SUM_COLUMNS.join(', '))})`,
  });
  const out = new Map<string, RatingSums>();
  for (const r of rows) out.set(r.bucket, addRatingSums(out.get(r.bucket) ?? emptyRatingSums(), ratingRowSums(r)));
  return out;
}

type DimensionRow = { bucket: string; extra: string; count: Num; sum_n: Num; sum_n2: Num };

/** Per-dimension sums per bucket: bucket → dimension key → sums. */
export async function dimensionSums(db: DbOrTx, f: ResolvedFilters, grouping: Grouping = null) {
  const rows = await collect<DimensionRow>(db, f, grouping, {
    source: true,
    factTime: sql`f.submitted_at`,
    rollup: (where, key) =>
      sql`select ${key} as bucket, dim_key as extra, sum(count)::float8 as count, sum(sum_n)::float8 as sum_n,
            sum(sum_n2)::float8 as sum_n2
          from ${ratingDimensionRollups} where ${where} group by 1, 2`,
    facts: (where, key) =>
      sql`select ${key} as bucket, d.key as extra, count(*)::float8 as count, sum(d.n)::float8 as sum_n,
            sum(d.n * d.n)::float8 as sum_n2
          from ${ratingFacts} f
          cross join lateral (select e.key, (e.value #>> '{}')::float8 as n from jsonb_each(f.normalised) e
            where jsonb_typeof(e.value) = 'number') d
          where ${where} group by 1, 2`,
  });
  const out = new Map<string, Map<string, DimensionSums>>();
  for (const r of rows) {
    const byKey = out.get(r.bucket) ?? new Map<string, DimensionSums>();
    const prev = byKey.get(r.extra) ?? { count: 0, sumN: 0, sumN2: 0 };
    byKey.set(r.extra, {
      count: prev.count + num(r.count),
      sumN: prev.sumN + num(r.sum_n),
      sumN2: prev.sumN2 + num(r.sum_n2),
    });
    out.set(r.bucket, byKey);
  }
  return out;
}

type FunnelRow = { bucket: string; extra: string; created: Num; delivered: Num; opened: Num; responded: Num };

/**
 * Funnel sums per bucket of invitation creation and channel ('' = none yet): bucket → channel → sums. Invitations are
 * the customer's: with the rating `source` filter `follow_up` (ratings an agent records by phone, no invitation) the
 * funnel is empty; with `customer` it is every invitation.
 */
export async function funnelSums(db: DbOrTx, f: ResolvedFilters, grouping: Grouping = null) {
  if (f.source && f.source !== 'customer') return new Map<string, Map<string, FunnelSums>>();
  const rows = await collect<FunnelRow>(db, { ...f, source: undefined }, grouping, {
    source: false,
    factTime: sql`f.created_at`,
    rollup: (where, key) =>
      sql`select ${key} as bucket, channel as extra, sum(created)::float8 as created,
            sum(delivered)::float8 as delivered, sum(opened)::float8 as opened, sum(responded)::float8 as responded
          from ${invitationFunnelRollups} where ${where} group by 1, 2`,
    facts: (where, key) =>
      sql`select ${key} as bucket, coalesce(f.channel, '') as extra, count(*)::float8 as created,
            (count(*) filter (where f.delivered))::float8 as delivered,
            (count(*) filter (where f.opened))::float8 as opened,
            (count(*) filter (where f.responded and f.delivered))::float8 as responded
          from ${invitationFacts} f where ${where} group by 1, 2`,
  });
  const out = new Map<string, Map<string, FunnelSums>>();
  for (const r of rows) {
    const byChannel = out.get(r.bucket) ?? new Map<string, FunnelSums>();
    const prev = byChannel.get(r.extra) ?? { created: 0, delivered: 0, opened: 0, responded: 0 };
    byChannel.set(r.extra, {
      created: prev.created + num(r.created),
      delivered: prev.delivered + num(r.delivered),
      opened: prev.opened + num(r.opened),
      responded: prev.responded + num(r.responded),
    });
    out.set(r.bucket, byChannel);
  }
  return out;
}

/** The facts matching the filters (drill-down list, exports, comments): conditions on `rating_facts f`. */
export function factConditions(f: ResolvedFilters): SQL[] {
  return [...attributeConditions(f, { source: true }), ...inPeriod(sql`f.submitted_at`, f.period)];
}

/** The families a ranking groups by, and how a fact names its member(s) in each. */
export type RankedFamily = 'engineer' | 'department';
const FACT_MEMBER: Record<RankedFamily, SQL> = {
  // A rating with several engineers counts for each of them (SCORING.md §6).
  engineer: sql`m.member::text`,
  department: sql`f.department_id::text`,
};
const FACT_MEMBER_JOIN: Record<RankedFamily, SQL> = {
  engineer: sql`cross join lateral (select distinct unnest(f.engineer_ids)) as m(member)`,
  department: sql``,
};

/**
 * The `rating_rollups` rows that answer "every member of a family" for these filters, and how a row names its member:
 * the family's own rows without any filter; for engineers within a department set (a subtree, a supervisor's
 * departments), the `department_engineer` rows of those departments. Null: only the facts can answer.
 */
function membersRollup(f: ResolvedFilters, family: RankedFamily): { where: SQL; member: SQL } | null {
  const rollup = rollupFamily(f);
  if (rollup?.family === 'organisation') return { where: sql`family = ${family}`, member: sql`member` };
  if (family === 'engineer' && rollup?.family === 'department') {
    return {
      where: sql`family = 'department_engineer'
        and split_part(member, ':', 1) = any(${sql.param(rollup.members)}::text[])`,
      member: sql`split_part(member, ':', 2)`,
    };
  }
  return null;
}

/**
 * What a member's standing needs (rankings, the member pages): the columns that the member indexes of `rating_rollups`
 * include (migration 0042), so that every member of a family is read from the index alone. `shared`: the ratings that
 * credit another engineer too (engineers only; 0 for departments).
 */
export interface StandingSums {
  count: number;
  scoredCount: number;
  sumS: number;
  sumS2: number;
  negative: number;
  shared: number;
}
const STANDING_COLUMNS = ['count', 'scored_count', 'sum_s', 'sum_s2', 'negative', 'shared'] as const;
type StandingRow = { member: string } & Record<(typeof STANDING_COLUMNS)[number], Num>;

/** The standing columns per fact (`rating_facts f`), as the rollup writer counts them. */
const standingFactAggregates = (shared: string) =>
  sql.raw(`count(*)::float8 as count, count(f.score)::float8 as scored_count,
    coalesce(sum(f.score), 0)::float8 as sum_s, coalesce(sum(f.score * f.score), 0)::float8 as sum_s2,
    (count(*) filter (where f.class = 'negative'))::float8 as negative, ${shared} as shared`);
const STANDING_FACT_AGGREGATES: Record<RankedFamily, SQL> = {
  engineer: standingFactAggregates('(count(*) filter (where cardinality(f.engineer_ids) > 1))::float8'),
  department: standingFactAggregates('0::float8'),
};

/**
 * Standing sums per member of a family over the period (rankings, member pages): the settled days' part from memory
 * while no past day's rollup changed (`settled-sums.ts`; computed once per token), yesterday and today read now.
 */
export async function ratingSumsByMember(
  db: DbOrTx,
  f: ResolvedFilters,
  family: RankedFamily,
): Promise<Map<string, StandingSums>> {
  const settled = await settledState(db, f.timeZone);
  const split = settled ? splitPeriod(f.period, settled.cut) : { settled: null, live: f.period };
  const part = (period: Period | null) => (period ? { ...f, period } : null);
  const [past, live] = [part(split.settled), part(split.live)];
  const out = new Map<string, StandingSums>();
  for (const sums of await Promise.all([
    past && settled
      ? settledMemo(
          db,
          `standings ${family} ${JSON.stringify(past)}`,
          settled.token,
          () => readStandings(db, past, family),
          (m) => m.size,
        )
      : null,
    live ? readStandings(db, live, family) : null,
  ])) {
    for (const [member, s] of sums ?? []) {
      const prev = out.get(member);
      out.set(member, prev ? addStandings(prev, s) : s);
    }
  }
  return out;
}

const addStandings = (a: StandingSums, b: StandingSums): StandingSums => ({
  count: a.count + b.count,
  scoredCount: a.scoredCount + b.scoredCount,
  sumS: a.sumS + b.sumS,
  sumS2: a.sumS2 + b.sumS2,
  negative: a.negative + b.negative,
  shared: a.shared + b.shared,
});

/**
 * Standing sums per member of a family over the period: from the rollup rows of `membersRollup` (whole months, weeks
 * and days, plus the partial-day edges from the facts) when they answer the filters, else from the facts with the
 * filters.
 */
async function readStandings(db: DbOrTx, f: ResolvedFilters, family: RankedFamily): Promise<Map<string, StandingSums>> {
  const fromFacts = (where: SQL) =>
    sql`select ${FACT_MEMBER[family]} as member, ${STANDING_FACT_AGGREGATES[family]}
          from ${ratingFacts} f ${FACT_MEMBER_JOIN[family]} where ${where} and ${FACT_MEMBER[family]} is not null
          group by 1`;
  const rows: StandingRow[] = [];
  const rollup = membersRollup(f, family);
  if (rollup) {
    const plan = planBuckets(f.period, f.timeZone);
    const sumsOf = sql.raw(STANDING_COLUMNS.map((c) => `sum(${c})::float8 as ${c}`).join(', '));
    const columns = sql.raw(STANDING_COLUMNS.join(', '));
    // One branch per range, each an index-only scan of the member indexes (0042): under one OR the planner takes a
    // bitmap of the ranges, and a bitmap scan reads every row from the heap.
    const ranges = bucketRanges(plan, null, true);
    if (ranges.length > 0) {
      const branches = ranges.map(
        (range) => sql`select ${rollup.member} as member, ${columns} from ${ratingRollups}
                        where ${rollup.where} and ${range}`,
      );
      rows.push(
        ...(await executeRows<StandingRow>(
          db,
          sql`select member, ${sumsOf} from (${sql.join(branches, sql` union all `)}) r group by 1`,
        )),
      );
    }
    if (plan.edges.length > 0) {
      const edges = or(plan.edges.map((e) => and(inPeriod(sql`f.submitted_at`, e))));
      rows.push(
        ...(await executeRows<StandingRow>(db, fromFacts(and([...attributeConditions(f, { source: true }), edges])))),
      );
    }
  } else {
    rows.push(...(await executeRows<StandingRow>(db, fromFacts(and(factConditions(f))))));
  }
  const out = new Map<string, StandingSums>();
  for (const r of rows) {
    const s: StandingSums = {
      count: num(r.count),
      scoredCount: num(r.scored_count),
      sumS: num(r.sum_s),
      sumS2: num(r.sum_s2),
      negative: num(r.negative),
      shared: num(r.shared),
    };
    const prev = out.get(r.member);
    out.set(r.member, prev ? addStandings(prev, s) : s);
  }
  return out;
}

/**
 * SCORING.md §8 sums of one dimension: its answers (count, Σ n, Σ n²: the gap) and the pairs (n, y) with a known
 * outcome y (Σ n, Σ n², Σ y, Σ y², Σ n·y over those pairs: Pearson r).
 */
export interface DriverSums {
  count: number;
  sumN: number;
  sumN2: number;
  pairs: number;
  pairSumN: number;
  pairSumN2: number;
  sumY: number;
  sumY2: number;
  sumNY: number;
}

type DriverRow = { extra: string } & Record<
  'count' | 'sum_n' | 'sum_n2' | 'pairs' | 'pair_sum_n' | 'pair_sum_n2' | 'sum_y' | 'sum_y2' | 'sum_ny',
  Num
>;

/**
 * Key-driver sums per dimension key over the period: from the dimension rollup (which keeps Σ n, Σ n² over every
 * answer and, since 0031, over the pairs too) plus the partial-day edges from the facts when one rollup answers the
 * filters, else from the facts alone, like every other sum.
 */
export async function driverSums(db: DbOrTx, f: ResolvedFilters): Promise<Map<string, DriverSums>> {
  const rows = await collect<DriverRow & { bucket: string }>(db, f, null, {
    source: true,
    factTime: sql`f.submitted_at`,
    rollup: (where, key) =>
      sql`select ${key} as bucket, dim_key as extra, sum(count)::float8 as count, sum(sum_n)::float8 as sum_n,
            sum(sum_n2)::float8 as sum_n2, sum(n_y_count)::float8 as pairs, sum(pair_sum_n)::float8 as pair_sum_n,
            sum(pair_sum_n2)::float8 as pair_sum_n2, sum(sum_y)::float8 as sum_y, sum(sum_y2)::float8 as sum_y2,
            sum(sum_ny)::float8 as sum_ny
          from ${ratingDimensionRollups} where ${where} group by 1, 2`,
    facts: (where, key) =>
      sql`select ${key} as bucket, d.key as extra, count(*)::float8 as count, sum(d.n)::float8 as sum_n,
            sum(d.n * d.n)::float8 as sum_n2, count(d.y)::float8 as pairs,
            coalesce(sum(d.n) filter (where d.y is not null), 0)::float8 as pair_sum_n,
            coalesce(sum(d.n * d.n) filter (where d.y is not null), 0)::float8 as pair_sum_n2,
            coalesce(sum(d.y), 0)::float8 as sum_y, coalesce(sum(d.y * d.y), 0)::float8 as sum_y2,
            coalesce(sum(d.n * d.y), 0)::float8 as sum_ny
          from ${ratingFacts} f
          cross join lateral (select e.key, (e.value #>> '{}')::float8 as n, (f.outcomes ->> e.key)::float8 as y
            from jsonb_each(f.normalised) e where jsonb_typeof(e.value) = 'number') d
          where ${where} group by 1, 2`,
  });
  const out = new Map<string, DriverSums>();
  for (const r of rows) {
    const prev = out.get(r.extra);
    const add = (a: number | undefined, b: Num) => (a ?? 0) + num(b);
    out.set(r.extra, {
      count: add(prev?.count, r.count),
      sumN: add(prev?.sumN, r.sum_n),
      sumN2: add(prev?.sumN2, r.sum_n2),
      pairs: add(prev?.pairs, r.pairs),
      pairSumN: add(prev?.pairSumN, r.pair_sum_n),
      pairSumN2: add(prev?.pairSumN2, r.pair_sum_n2),
      sumY: add(prev?.sumY, r.sum_y),
      sumY2: add(prev?.sumY2, r.sum_y2),
      sumNY: add(prev?.sumNY, r.sum_ny),
    });
  }
  return out;
}

/** Mean S per Monday-week (local) and member: Σ S and the ratings with S. */
export interface WeeklyScoreSums {
  member: string;
  week: string;
  n: number;
  sumS: number;
}

/**
 * Weekly sums of S per member of a family over the whole local weeks [weekFrom, weekTo) (Mondays; the drift watch,
 * SCORING.md §9), from the week rows (migration 0035: 26 a member for the watch's window, where day rows were 182):
 * the family's own (`members` null: every member); with `departmentIds` (a supervisor's departments) an engineer's
 * weeks count only the ratings of those departments, the `department_engineer` rows.
 */
export async function weeklyScoreSumsByMember(db: DbOrTx, q: WeeklyQuery): Promise<WeeklyScoreSums[]> {
  // The weeks that end by the first unsettled day come from memory while no past day's rollup changed.
  const settled = await settledState(db, q.timeZone);
  const cut = settled ? weekOf(settled.unsettledFrom) : q.weekFrom;
  const settledTo = cut < q.weekTo ? cut : q.weekTo;
  const liveFrom = cut > q.weekFrom ? cut : q.weekFrom;
  let kept: readonly WeeklyScoreSums[] = [];
  if (settled && q.weekFrom < settledTo) {
    const past = { ...q, weekTo: settledTo };
    kept = await settledMemo(
      db,
      `weekly ${JSON.stringify(past)}`,
      settled.token,
      () => readWeeklyScoreSums(db, past),
      (rows) => rows.length,
    );
  }
  // concat, not push(...): 26 weeks of every engineer is more arguments than a call takes in a large organisation.
  return liveFrom < q.weekTo ? kept.concat(await readWeeklyScoreSums(db, { ...q, weekFrom: liveFrom })) : [...kept];
}

interface WeeklyQuery {
  family: RankedFamily;
  members: string[] | null;
  /** The Monday of the first week and the Monday after the last. */
  weekFrom: string;
  weekTo: string;
  departmentIds?: string[];
  timeZone: string;
}

async function readWeeklyScoreSums(db: DbOrTx, q: WeeklyQuery): Promise<WeeklyScoreSums[]> {
  type Row = { member: string; week: string; n: Num; sum_s: Num };
  const pairs = q.family === 'engineer' && q.departmentIds;
  const member = pairs ? sql`split_part(member, ':', 2)` : sql`member`;
  const rows = await executeRows<Row>(
    db,
    sql`select ${member} as member, bucket::text as week, sum(scored_count)::float8 as n, sum(sum_s)::float8 as sum_s
        from ${ratingRollups}
        where grain = 'week' and bucket >= ${q.weekFrom}::date and bucket < ${q.weekTo}::date
          and ${
            pairs
              ? sql`family = 'department_engineer'
                  and split_part(member, ':', 1) = any(${sql.param(q.departmentIds)}::text[])`
              : sql`family = ${q.family}`
          }
          ${q.members ? sql`and ${member} = any(${sql.param(q.members)}::text[])` : sql``}
        group by 1, 2`,
  );
  return rows.map((r) => ({ member: r.member, week: r.week, n: num(r.n), sumS: num(r.sum_s) }));
}
