import type { Db } from '../../db/client.js';
import type { ReportCadence, ReportFilters, ReportLanguage } from '../../db/schema/reports.js';
import type { Actor } from '../../http/principal.js';
import { scopeOf } from '../access/scope.js';
import type { SummaryView } from '../analytics/analytics.schemas.js';
import { analyticsSummary } from '../analytics/analytics.service.js';
import { driftInsights } from '../analytics/drift.service.js';
import { analyticsRankings } from '../analytics/rankings.service.js';
import { periodBefore, type ReportPeriod } from './periods.js';

export type ReportFigures = Pick<
  SummaryView,
  'count' | 'averageScore' | 'averageStars' | 'csat' | 'nps' | 'negativeCount' | 'responseRate'
>;

export interface ReportDimension {
  label: string;
  average: number;
  scale: SummaryView['dimensions'][number]['scale'];
  count: number;
}

/** A drift insight raised in the period (SCORING.md §9): a team or engineer starting to slip. */
export interface ReportDrift {
  kind: 'department' | 'engineer';
  name: string;
  /** The week the EWMA first fell below the lower limit, `YYYY-MM-DD` (a Monday). */
  raisedAt: string;
  since: string;
  /** μ (the baseline's mean S) and the EWMA at the latest week. */
  mean: number;
  z: number;
}

export interface ReportTeam {
  name: string;
  rank: number;
  bayesian: number;
  n: number;
}

/** Everything a report e-mail shows, in one language; no I/O after it is built (`report-email.ts` renders it). */
export interface ReportData {
  scheduleName: string;
  cadence: ReportCadence;
  language: ReportLanguage;
  period: ReportPeriod;
  figures: ReportFigures;
  /** The period before (week or month) for the deltas. */
  previous: ReportFigures;
  weakestDimension: ReportDimension | null;
  /** Best 3 departments by the Bayesian average (SCORING.md §6), insufficient samples excluded. */
  top: ReportTeam[];
  /** Weakest 3 ranked departments (worst first), none of them also in `top`. */
  bottom: ReportTeam[];
  /** Departments listed but not ranked (fewer ratings than the minimum sample). */
  unranked: number;
  minSample: number;
  /** Drift insights raised during the period (departments first, then engineers; the watch's own order in each). */
  drift: ReportDrift[];
  /** True when the reader sees only some departments (a supervisor): every figure above is theirs, not the organisation's. */
  ownDepartments: boolean;
}

const figuresOf = (s: Omit<SummaryView, 'dimensions' | 'asOf' | 'period' | 'previous'>): ReportFigures => ({
  count: s.count,
  averageScore: s.averageScore,
  averageStars: s.averageStars,
  csat: s.csat,
  nps: s.nps,
  negativeCount: s.negativeCount,
  responseRate: s.responseRate,
});

/** A dimension's average on 0–100, so that dimensions of different scales compare (SCORING.md §5 scales reversed). */
export function normalisedAverage(d: { average: number; scale: ReportDimension['scale'] }): number {
  switch (d.scale) {
    case 'star5':
      return ((d.average - 1) / 4) * 100;
    case 'score10':
      return ((d.average - 1) / 9) * 100;
    case 'nps':
      return d.average * 10;
    default:
      return d.average; // yes_no (% yes) and single_choice (0–100) already are
  }
}

/** The weakest answered dimension: the lowest average once every scale is brought to 0–100. */
export function weakestDimension(dims: SummaryView['dimensions']): ReportDimension | null {
  let weakest: ReportDimension | null = null;
  for (const d of dims) {
    if (d.average === null || d.count === 0) continue;
    const candidate = { label: d.label, average: d.average, scale: d.scale, count: d.count };
    if (!weakest || normalisedAverage(candidate) < normalisedAverage(weakest)) weakest = candidate;
  }
  return weakest;
}

/**
 * A schedule's report for one period in one language, read through the analytics module's services as `reader`
 * (the system: the organisation's figures; a supervisor: their departments'), narrowed by the schedule's filters.
 */
export async function buildReport(
  db: Db,
  schedule: { name: string; cadence: ReportCadence; filters: ReportFilters },
  period: ReportPeriod,
  language: ReportLanguage,
  timeZone: string,
  reader: Actor,
): Promise<ReportData> {
  const before = periodBefore(schedule.cadence, period.firstDay, timeZone);
  const filters = { departmentId: schedule.filters.departmentId, serviceTypeId: schedule.filters.serviceTypeId };
  const drift = (by: 'department' | 'engineer') =>
    driftInsights(db, reader, { by, departmentId: filters.departmentId, now: period.to }).then((v) =>
      v.items
        .filter((i) => i.raisedAt >= period.firstDay && i.raisedAt < period.endDay)
        .map((i) => ({ kind: by, name: i.name, raisedAt: i.raisedAt, since: i.since, mean: i.mean, z: i.z })),
    );
  const [summary, previous, rankings, driftDepartments, driftEngineers, scope] = await Promise.all([
    analyticsSummary(db, reader, { ...filters, from: period.firstDay, to: period.endDay }, language),
    analyticsSummary(db, reader, { ...filters, from: before.firstDay, to: before.endDay }, language),
    analyticsRankings(db, reader, { ...filters, from: period.firstDay, to: period.endDay, by: 'department' }),
    drift('department'),
    drift('engineer'),
    scopeOf(db, reader),
  ]);
  const ranked = rankings.items
    .filter((i) => !i.insufficientSample && i.rank !== null && i.bayesian !== null)
    .map((i) => ({ name: i.name, rank: i.rank!, bayesian: i.bayesian!, n: i.n }));
  const top = ranked.slice(0, 3);
  const bottom = ranked.slice(top.length).slice(-3).reverse();
  return {
    scheduleName: schedule.name,
    cadence: schedule.cadence,
    language,
    period,
    figures: figuresOf(summary),
    previous: figuresOf(previous),
    weakestDimension: weakestDimension(summary.dimensions),
    top,
    bottom,
    unranked: rankings.items.length - ranked.length,
    minSample: rankings.minSample,
    drift: [...driftDepartments, ...driftEngineers],
    ownDepartments: scope.kind === 'limited',
  };
}
