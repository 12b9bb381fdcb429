import {
  DRIFT_MIN_WEEK_SAMPLE,
  type DriftCheck,
  type DriftResult,
  driftWatch,
  type WeekMean,
} from '../../../common/scoring/index.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { processorAsOf } from '../events/processor-status.js';
import { departmentAncestors } from '../org/departments.service.js';
import { existingEmployeeIds, orgNames } from '../org/lookups.js';
import { ANALYTICS_PROCESSOR } from './analytics.service.js';
import type { DriftItem, DriftListView, DriftMemberParams, DriftQuery, DriftSeriesView } from './drift.schemas.js';
import { resolveFilters, selfOnly } from './filters.js';
import { addDays, localDay, weekOf } from './local-time.js';
import { settledMemo, settledState } from './settled-sums.js';
import type { RankedFamily } from './sums.js';
import { weeklyScoreSumsByMember } from './sums.js';

/** The drift watch reads the last 26 complete weeks (12 baseline + 4 guard weeks leave 10 watched ones). */
export const DRIFT_WINDOW_WEEKS = 26;

/** The complete weeks before the current (partial) one, in the organisation's time zone. */
export function driftWindow(now: Date, timeZone: string): { from: string; to: string; weeks: string[] } {
  const to = weekOf(localDay(now, timeZone));
  const from = addDays(to, -7 * DRIFT_WINDOW_WEEKS);
  return { from, to, weeks: Array.from({ length: DRIFT_WINDOW_WEEKS }, (_, i) => addDays(from, 7 * i)) };
}

/** A member's sums per week of the window, by the week's position in it. */
interface Sums {
  n: Float64Array;
  sumS: Float64Array;
}
type Flagged = { id: string; series: WeekMean[]; watch: DriftResult };

/** A member's weekly series over the window's weeks, empty weeks included. */
const seriesOf = (weeks: readonly string[], sums: Sums | undefined): WeekMean[] =>
  weeks.map((week, i) => {
    const n = sums?.n[i] ?? 0;
    return { week, n, mean: sums && n > 0 ? sums.sumS[i]! / n : null };
  });

/**
 * The alarm in force (the last drop not cleared), with its evidence; null when none. `since` is the first of the run
 * of weeks below μ that ends at the week the alarm was raised (the weeks that pulled the EWMA down).
 */
function alarmOf(
  by: RankedFamily,
  id: string,
  name: string,
  series: readonly WeekMean[],
  watch: DriftResult,
): DriftItem | null {
  const raised = watch.insights.at(-1);
  const latest = watch.checks.at(-1);
  if (!watch.active || !raised || !latest) return null;
  let since = raised.week;
  for (let i = raised.points.length - 1; i >= 0 && raised.points[i]!.x < raised.mu; i--) since = raised.points[i]!.week;
  const counted = series.filter(
    (w) => w.mean !== null && w.n >= DRIFT_MIN_WEEK_SAMPLE && w.week >= since && w.week <= latest.week,
  );
  return {
    id,
    name,
    since,
    weeks: counted.length,
    raisedAt: raised.week,
    latestWeek: latest.week,
    mean: latest.mu,
    sigma: latest.sigma,
    lower: latest.lower,
    clearAt: latest.clearAt,
    z: latest.z,
    baseline: latest.baseline,
    evidence: latest.points.map((p) => ({ week: p.week, n: p.n, mean: p.x, z: p.z })),
    ratingsQuery: {
      from: since,
      to: addDays(latest.week, 7),
      ...(by === 'engineer' ? { engineerId: id } : { departmentId: id }),
    },
  };
}

/**
 * Weekly sums per member in scope: engineers from their week rows (a supervisor's: their `department_engineer` rows of
 * their departments); departments each with its subtree (a department's week rows are added to each of its ancestors
 * that is in scope).
 */
async function weeklySums(
  db: DbOrTx,
  by: RankedFamily,
  window: { from: string; to: string; weeks: readonly string[] },
  departmentIds: string[] | undefined,
  timeZone: string,
  only?: string,
): Promise<Map<string, Sums>> {
  const out = new Map<string, Sums>();
  // Into arrays by week position: 26 weeks of 2,000 engineers are 52,000 rows, and a map and an object per member
  // and week were most of a request's time.
  const position = new Map(window.weeks.map((week, i) => [week, i]));
  const add = (member: string, week: string, n: number, sumS: number) => {
    const i = position.get(week);
    if (i === undefined) return;
    let sums = out.get(member);
    if (!sums) {
      sums = { n: new Float64Array(window.weeks.length), sumS: new Float64Array(window.weeks.length) };
      out.set(member, sums);
    }
    sums.n[i]! += n;
    sums.sumS[i]! += sumS;
  };
  const rows = await weeklyScoreSumsByMember(db, {
    family: by,
    members: by === 'engineer' ? (only ? [only] : null) : (departmentIds ?? null),
    weekFrom: window.from,
    weekTo: window.to,
    departmentIds: by === 'engineer' ? departmentIds : undefined,
    timeZone,
  });
  if (by === 'engineer') {
    for (const r of rows) add(r.member, r.week, r.n, r.sumS);
    return out;
  }
  const visible = departmentIds ? new Set(departmentIds) : null;
  const departments = [...new Set(rows.map((r) => r.member))];
  const ancestors = new Map(
    await Promise.all(departments.map(async (d) => [d, await departmentAncestors(db, d)] as const)),
  );
  for (const r of rows) {
    for (const a of ancestors.get(r.member) ?? [r.member]) {
      if ((visible && !visible.has(a)) || (only && a !== only)) continue;
      add(a, r.week, r.n, r.sumS);
    }
  }
  return out;
}

/**
 * The drift insights in the actor's scope (SCORING.md §9): every engineer or department whose weekly EWMA is below
 * its lower limit now, with the evidence and the ratings list's filters. Plain function so that scheduled reports can
 * call it with the recipient as the actor.
 */
export async function driftInsights(db: Db, actor: Actor, q: DriftQuery & { now?: Date }): Promise<DriftListView> {
  const f = await resolveFilters(db, actor, { departmentId: q.departmentId });
  const window = driftWindow(q.now ?? new Date(), f.timeZone);
  // An engineer's own view (`analytics.self`, e.g. a personal report) watches only them.
  const self = selfOnly(actor);
  const watchAll = async () => {
    const sums =
      self && q.by === 'department'
        ? new Map<string, Sums>()
        : await weeklySums(db, q.by, window, f.departmentIds, f.timeZone, self ?? undefined);
    const out: Flagged[] = [];
    for (const [id, byWeek] of sums) {
      const series = seriesOf(window.weeks, byWeek);
      const watch = driftWatch(series);
      if (watch.active) out.push({ id, series, watch });
    }
    return out;
  };
  // Six days a week every week of the window is settled (it ends before the current week): the watch of 2,000
  // engineers is computed once per rollup token, not per request (52,000 week rows; settled-sums.ts).
  const settled = await settledState(db, f.timeZone);
  const [asOf, flagged] = await Promise.all([
    processorAsOf(db, ANALYTICS_PROCESSOR),
    settled && window.to <= weekOf(settled.unsettledFrom)
      ? settledMemo(
          db,
          `drift ${q.by} ${JSON.stringify({ window, departmentIds: f.departmentIds ?? null, self })}`,
          settled.token,
          watchAll,
          (list) => 1 + list.length * DRIFT_WINDOW_WEEKS,
        )
      : watchAll(),
  ]);
  const names = await orgNames(db, {
    serviceTypeIds: [],
    departmentIds: q.by === 'department' ? flagged.map((x) => x.id) : [],
    employeeIds: q.by === 'engineer' ? flagged.map((x) => x.id) : [],
  });
  const items = flagged
    .map((x) => alarmOf(q.by, x.id, names.get(x.id) ?? '', x.series, x.watch))
    .filter((x): x is DriftItem => x !== null)
    .sort((a, b) => (a.z - a.lower) / (a.sigma || 1) - (b.z - b.lower) / (b.sigma || 1) || a.id.localeCompare(b.id));
  return { asOf, by: q.by, window: { from: window.from, to: window.to }, items };
}

/** `GET /analytics/drift/{by}/{id}`: one member's weekly control chart; a department outside the caller's scope 404. */
export async function driftSeries(
  db: Db,
  actor: Actor,
  params: DriftMemberParams,
  now: Date = new Date(),
): Promise<DriftSeriesView> {
  const isDepartment = params.by === 'department';
  const f = await resolveFilters(db, actor, isDepartment ? { departmentId: params.id } : { engineerId: params.id });
  const names = await orgNames(db, {
    serviceTypeIds: [],
    departmentIds: isDepartment ? [params.id] : [],
    employeeIds: isDepartment ? [] : [params.id],
  });
  if (!names.has(params.id) || (!isDepartment && (await existingEmployeeIds(db, [params.id])).size === 0)) {
    throw notFound(isDepartment ? 'Department' : 'Employee', params.id);
  }
  const window = driftWindow(now, f.timeZone);
  const [asOf, sums] = await Promise.all([
    processorAsOf(db, ANALYTICS_PROCESSOR),
    weeklySums(db, params.by, window, f.departmentIds, f.timeZone, params.id),
  ]);
  const series = seriesOf(window.weeks, sums.get(params.id));
  const watch = driftWatch(series);
  const checks = new Map<string, DriftCheck>(watch.checks.map((c) => [c.week, c]));
  const name = names.get(params.id) ?? '';
  return {
    asOf,
    by: params.by,
    id: params.id,
    name,
    window: { from: window.from, to: window.to },
    points: series.map((w) => {
      const check = checks.get(w.week);
      return {
        week: w.week,
        n: w.n,
        mean: w.mean,
        counted: w.mean !== null && w.n >= DRIFT_MIN_WEEK_SAMPLE,
        z: check?.z ?? null,
        mu: check?.mu ?? null,
        lower: check?.lower ?? null,
        below: check?.below ?? false,
      };
    }),
    alarm: alarmOf(params.by, params.id, name, series, watch),
  };
}
