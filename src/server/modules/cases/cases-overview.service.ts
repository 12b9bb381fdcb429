/**
 * The supervisor's overview of the closed loop (issue 17 §7): open and overdue cases, the average working time to
 * first contact, and SLA breaches per team — over the cases the caller may see (`caseVisibility`, as the list).
 *
 * A breach is read from what each case stores, so it needs no record of fired timers: a first contact is late when
 * the working time used until it (`first_contact_used_ms`) exceeds the first-contact target, or when it has not
 * happened and its due time has passed; a resolution is late when the clock stopped (resolved, closed or paused)
 * with more working time used than the resolution target, or when its due time has passed. (`case-clock.ts`
 * clears a due time once its target is met or paused, so the used time against the target is what remains.)
 */
import { and, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { remediationCases as c } from '../../db/schema/cases.js';
import type { Actor } from '../../http/principal.js';
import { departmentSubtree } from '../org/departments.service.js';
import { orgNames } from '../org/lookups.js';
import { caseVisibility } from './cases.service.js';
import type { CaseOverviewQuery, CaseOverviewView } from './cases-overview.schemas.js';

const overdue = sql`(${c.firstContactDueAt} <= now() or ${c.resolutionDueAt} <= now())`;
const firstContactLate = sql`(${c.firstContactUsedMs} > ${c.firstContactMinutes}::bigint * 60000
  or (${c.firstContactedAt} is null and ${c.firstContactDueAt} <= now()))`;
const resolutionLate = sql`((${c.runningSince} is null and ${c.usedMs} > ${c.resolutionMinutes}::bigint * 60000)
  or ${c.resolutionDueAt} <= now())`;
const count = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;

const figures = {
  total: sql<number>`count(*)::int`,
  open: count(sql`${c.status} not in ('resolved', 'closed')`),
  overdue: count(overdue),
  breached: count(sql`(${firstContactLate} or ${resolutionLate})`),
  firstContactBreaches: count(firstContactLate),
  resolutionBreaches: count(resolutionLate),
  firstContacts: count(sql`${c.firstContactUsedMs} is not null`),
  firstContactMsSum: sql<number>`coalesce(sum(${c.firstContactUsedMs}), 0)::float8`,
};

/** `GET /cases/overview`: one aggregate per department over the visible cases, summed for the totals. */
export async function caseOverview(db: Db, actor: Actor, q: CaseOverviewQuery): Promise<CaseOverviewView> {
  const where: (SQL | undefined)[] = [await caseVisibility(db, actor)];
  if (q.departmentId) {
    const subtree = await departmentSubtree(db, q.departmentId);
    where.push(inArray(c.departmentId, subtree.length > 0 ? subtree : [q.departmentId]));
  }
  const rows = await db
    .select({ departmentId: c.departmentId, ...figures })
    .from(c)
    .where(and(...where))
    .groupBy(c.departmentId);
  const names = await orgNames(db, {
    serviceTypeIds: [],
    departmentIds: rows.flatMap((r) => (r.departmentId ? [r.departmentId] : [])),
    employeeIds: [],
  });
  const sum = (key: keyof typeof figures) => rows.reduce((total, r) => total + Number(r[key]), 0);
  const firstContacts = sum('firstContacts');
  const byTeam = rows
    .map((r) => ({
      departmentId: r.departmentId,
      departmentName: r.departmentId ? (names.get(r.departmentId) ?? null) : null,
      total: Number(r.total),
      open: Number(r.open),
      overdue: Number(r.overdue),
      breached: Number(r.breached),
      firstContactBreaches: Number(r.firstContactBreaches),
      resolutionBreaches: Number(r.resolutionBreaches),
    }))
    .sort(
      (a, b) =>
        b.breached - a.breached ||
        b.overdue - a.overdue ||
        (a.departmentName ?? '\uffff').localeCompare(b.departmentName ?? '\uffff'),
    );
  return {
    total: sum('total'),
    open: sum('open'),
    overdue: sum('overdue'),
    breached: sum('breached'),
    firstContactBreaches: sum('firstContactBreaches'),
    resolutionBreaches: sum('resolutionBreaches'),
    firstContacts,
    averageFirstContactMs: firstContacts > 0 ? Math.round(sum('firstContactMsSum') / firstContacts) : null,
    byTeam,
  };
}
