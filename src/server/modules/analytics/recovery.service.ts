/**
 * `GET /analytics/recovery` (issue 17 §6): the closed loop's figures on the dashboard — the recovery rate
 * (recovered / re-invited) and the average working time to first contact, in total and per team, over the cases
 * opened in the period. The cases module owns the rows (`cases/case-recovery.queries.ts`); the dashboard's period and
 * department filter (with a supervisor's scope, `filters.ts`) apply, the rating filters do not.
 */
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { type RecoveryFigureRow, recoveryFigures } from '../cases/case-recovery.queries.js';
import { orgNames } from '../org/lookups.js';
import type { AnalyticsFilters } from './analytics.schemas.js';
import { resolveFilters } from './filters.js';
import type { RecoverySummaryView } from './recovery.schemas.js';

const APPLIED: readonly (keyof AnalyticsFilters)[] = ['from', 'to', 'departmentId'];

type Sums = Omit<RecoveryFigureRow, 'departmentId'>;

/** The figures of summed rows (the rate and the average from the counts, never averaged averages). */
export function recoveryFiguresOf(s: Sums) {
  return {
    cases: s.cases,
    reinvited: s.reinvited,
    rerated: s.rerated,
    recovered: s.recovered,
    recoveryRate: s.reinvited > 0 ? (s.recovered / s.reinvited) * 100 : null,
    firstContacts: s.firstContacts,
    averageFirstContactMs: s.firstContacts > 0 ? s.firstContactMsSum / s.firstContacts : null,
  };
}

export async function analyticsRecovery(
  db: DbOrTx,
  actor: Actor,
  query: AnalyticsFilters,
): Promise<RecoverySummaryView> {
  const f = await resolveFilters(db, actor, query);
  const rows = await recoveryFigures(db, { from: f.period.from, to: f.period.to, departmentIds: f.departmentIds });
  const names = await orgNames(db, {
    serviceTypeIds: [],
    departmentIds: rows.flatMap((r) => (r.departmentId ? [r.departmentId] : [])),
    employeeIds: [],
  });
  const total: Sums = { cases: 0, reinvited: 0, rerated: 0, recovered: 0, firstContacts: 0, firstContactMsSum: 0 };
  for (const r of rows) for (const key of Object.keys(total) as (keyof Sums)[]) total[key] += r[key];
  const byTeam = rows
    .map((r) => ({
      departmentId: r.departmentId,
      departmentName: r.departmentId ? (names.get(r.departmentId) ?? null) : null,
      ...recoveryFiguresOf(r),
    }))
    .sort((a, b) => (a.departmentName ?? '\uffff').localeCompare(b.departmentName ?? '\uffff'));
  const ignoredFilters = Object.entries(query)
    .filter(([key, value]) => value !== undefined && !APPLIED.includes(key as keyof AnalyticsFilters))
    .map(([key]) => key)
    .filter((key) => key !== 'lang');
  return {
    ...recoveryFiguresOf(total),
    period: { from: f.period.from?.toISOString() ?? null, to: f.period.to?.toISOString() ?? null },
    ignoredFilters,
    byTeam,
  };
}
