/**
 * Remediation cases (issue 17): opened by hand from a rating or a work order (and, next, by the alert processor),
 * routed to the responsible manager (`org/management-chain.ts`), held to an SLA policy in the department's business
 * calendar; status changes move the SLA clock (`case-clock.ts`), every change is a timeline entry, and a case closes
 * only with a root cause and the corrective action.
 */
import { and, asc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { CASE_TRANSITIONS, type CaseSeverity } from '../../../common/cases.js';
import { DEFAULT_FIRST_CONTACT_MINUTES, DEFAULT_RESOLUTION_MINUTES } from '../../../common/sla.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../db/errors.js';
import { readAll } from '../../db/reads.js';
import { caseEntries, remediationCases } from '../../db/schema/cases.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldErrors, issue, notFound } from '../../http/problem.js';
import type { JobQueue } from '../../jobs/queue.js';
import { requireAccess, visibleThroughWorkOrder } from '../access/require-access.js';
import { recordEvent } from '../events/events.service.js';
import { departmentSubtree } from '../org/departments.service.js';
import { orgNames } from '../org/lookups.js';
import { managementChain } from '../org/management-chain.js';
import { findRatings } from '../ratings/ratings-by-id.js';
import type { BusinessCalendar } from '../sla/business-time.js';
import { calendarForDepartment, loadBusinessCalendar } from '../sla/calendars.service.js';
import { policyFor } from '../sla/policies.service.js';
import type { PolicyView } from '../sla/sla.schemas.js';
import { getWorkOrderRow, workOrderAttributes } from '../work-orders/work-orders.queries.js';
import { dueTimesOf, moveClock } from './case-clock.js';
import { ratingScores } from './case-recovery.queries.js';
import { enqueueCaseTimers } from './case-timers.jobs.js';
import { DEFAULT_WARN_BEFORE_MINUTES, timersToSchedule, warnTimesOf } from './case-timers.js';
import { firedTimersOf } from './case-timers.service.js';
import { type CaseRow, presentCase, presentEntry } from './cases.presenter.js';
import type {
  AddEntryInput,
  CaseDetailView,
  CaseListQuery,
  CaseView,
  ChangeStatusInput,
  OpenCaseInput,
} from './cases.schemas.js';
import { activeRootCause } from './root-causes.service.js';

/** The calendar a case's clock counts in under its policy (null: 24/7). */
export async function calendarOfCase(
  db: DbOrTx,
  policy: Pick<PolicyView, 'hours' | 'calendarId'> | null,
  departmentId: string | null,
): Promise<BusinessCalendar | null> {
  if (policy?.hours === 'always') return null;
  if (policy?.calendarId) return loadBusinessCalendar(db, policy.calendarId);
  return calendarForDepartment(db, departmentId);
}

async function present(db: DbOrTx, rows: CaseRow[], now = new Date()): Promise<CaseView[]> {
  const [orders, names, scores] = await readAll(db, [
    () => workOrderAttributes(db, [...new Set(rows.map((r) => r.workOrderId))]),
    () =>
      orgNames(db, {
        serviceTypeIds: [],
        departmentIds: [],
        employeeIds: [...new Set(rows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])))],
      }),
    () => ratingScores(db, rows),
  ]);
  const numbers = new Map(orders.map((o) => [o.id, o.number]));
  const fired = await firedTimersOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    presentCase(
      r,
      {
        workOrderNumber: numbers.get(r.workOrderId) ?? '',
        ownerName: r.ownerId ? (names.get(r.ownerId) ?? null) : null,
        breaches: fired.get(r.id) ?? [],
        scoreBefore: r.ratingId ? (scores.get(r.ratingId) ?? null) : null,
        scoreAfter: r.recoveryRatingId ? (scores.get(r.recoveryRatingId) ?? null) : null,
      },
      now,
    ),
  );
}

export async function addEntry(
  tx: DbOrTx,
  caseId: string,
  actor: Actor,
  entry: {
    kind: (typeof caseEntries.$inferInsert)['kind'];
    text?: string | null;
    data?: Record<string, unknown>;
    at?: Date;
  },
) {
  await tx.insert(caseEntries).values({
    caseId,
    kind: entry.kind,
    at: entry.at ?? new Date(),
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    text: entry.text ?? null,
    data: entry.data ?? {},
  });
}

export interface NewCase {
  ratingId: string | null;
  workOrderId: string;
  departmentId: string | null;
  severity: CaseSeverity;
  summary: string | null;
  policyId?: string | null;
}

/**
 * Opens a case in the caller's transaction: the responsible manager as owner, the policy's targets copied (a later
 * change of the policy gives its open cases its new targets, keeping the time used: `sla-changes.processor.ts`),
 * the clock started at `at`, its SLA timers enqueued (`case-timers.jobs.ts`), and `case.opened` recorded. Returns
 * null when the rating already has a case (one per rating).
 */
export async function openCaseIn(
  tx: DbOrTx,
  jobs: JobQueue,
  actor: Actor,
  input: NewCase,
  at = new Date(),
): Promise<CaseRow | null> {
  const policy = await policyFor(tx, input.policyId ?? null);
  const [owner] = await managementChain(tx, input.departmentId);
  const calendar = await calendarOfCase(tx, policy, input.departmentId);
  const clock = {
    status: 'open' as const,
    usedMs: 0,
    runningSince: at,
    firstContactedAt: null,
    firstContactUsedMs: null,
    firstContactMinutes: policy?.firstContactMinutes ?? DEFAULT_FIRST_CONTACT_MINUTES,
    resolutionMinutes: policy?.resolutionMinutes ?? DEFAULT_RESOLUTION_MINUTES,
  };
  const due = dueTimesOf(calendar, clock);
  const [row] = await tx
    .insert(remediationCases)
    .values({
      ratingId: input.ratingId,
      workOrderId: input.workOrderId,
      departmentId: input.departmentId,
      ownerId: owner?.employeeId ?? null,
      severity: input.severity,
      summary: input.summary,
      policyId: policy?.id ?? null,
      ...clock,
      ...due,
      ...warnTimesOf(calendar, { ...clock, ...due }, policy?.warnBeforeMinutes ?? DEFAULT_WARN_BEFORE_MINUTES),
      openedByType: actor.type,
      openedBy: actor.id,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  // The SLA timers, enqueued with the case: they exist exactly when it does.
  await enqueueCaseTimers(jobs, tx, timersToSchedule(row.id, null, row));
  await addEntry(tx, row.id, actor, {
    kind: 'opened',
    at,
    data: { ownerId: row.ownerId, severity: row.severity, policyId: row.policyId },
  });
  await recordEvent(tx, actor, {
    type: 'case.opened',
    workOrderId: row.workOrderId,
    subjectType: 'case',
    subjectId: row.id,
    data: { number: row.number, severity: row.severity, ownerId: row.ownerId, ratingId: row.ratingId },
  });
  return row;
}

/** `POST /cases`: a case opened by hand from a rating or a work order the caller may see. */
export async function openCase(db: Db, jobs: JobQueue, actor: Actor, input: OpenCaseInput): Promise<CaseDetailView> {
  let workOrderId = input.workOrderId;
  let ratingClass: string | null = null;
  if (input.ratingId) {
    await requireAccess(db, actor, 'rating', [input.ratingId]);
    const [rating] = await findRatings(db, [input.ratingId]);
    if (!rating) throw notFound('Rating', input.ratingId);
    workOrderId = rating.workOrderId;
    ratingClass = rating.class;
  } else if (workOrderId) {
    await requireAccess(db, actor, 'work_order', [workOrderId]);
  }
  const workOrder = await getWorkOrderRow(db, workOrderId!);
  try {
    const row = await db.transaction(async (tx) =>
      openCaseIn(tx, jobs, actor, {
        ratingId: input.ratingId ?? null,
        workOrderId: workOrder.id,
        departmentId: workOrder.departmentId,
        severity: input.severity ?? (ratingClass === 'negative' ? 'high' : 'medium'),
        summary: input.summary ?? null,
        policyId: input.policyId ?? null,
      }),
    );
    if (!row) throw alreadyOpen();
    return getCase(db, actor, row.id);
  } catch (err) {
    if (violatedUniqueConstraint(err) !== null) throw alreadyOpen();
    throw err;
  }
}

const alreadyOpen = () =>
  conflict('This rating already has a case; open it (or reopen it) instead.', 'conflict', [
    issue('ratingId', 'is_taken', 'already has a case'),
  ]);

/** The case when the actor may see it: its work order is in their scope, or it is theirs (404 otherwise). */
export async function visibleCaseRow(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<CaseRow> {
  const visible = await caseVisibility(db, actor);
  const query = db
    .select()
    .from(remediationCases)
    .where(and(eq(remediationCases.id, id), visible));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Case', id);
  return row;
}

/** The cases the actor may see (their work orders' scope, or their own); undefined when they see all. */
export async function caseVisibility(db: DbOrTx, actor: Actor): Promise<SQL | undefined> {
  const throughWorkOrder = await visibleThroughWorkOrder(db, actor, remediationCases.workOrderId);
  if (!throughWorkOrder) return undefined;
  return actor.type === 'user' && actor.id
    ? or(throughWorkOrder, eq(remediationCases.ownerId, actor.id))
    : throughWorkOrder;
}

export async function getCase(db: DbOrTx, actor: Actor, id: string): Promise<CaseDetailView> {
  const row = await visibleCaseRow(db, actor, id);
  const entries = await db
    .select()
    .from(caseEntries)
    .where(eq(caseEntries.caseId, id))
    .orderBy(asc(caseEntries.at), asc(caseEntries.id));
  const [view] = await present(db, [row]);
  return { ...view!, entries: entries.map(presentEntry) };
}

const casesPage = keyset({
  kind: 'timestamp',
  sort: remediationCases.createdAt,
  id: remediationCases.id,
  order: 'desc',
});

/** Newest first; filters by status, severity, overdue, owner (`me`) and department subtree. */
export async function listCases(db: Db, actor: Actor, q: CaseListQuery) {
  const where: (SQL | undefined)[] = [await caseVisibility(db, actor)];
  if (q.status?.length) where.push(inArray(remediationCases.status, q.status));
  if (q.severity?.length) where.push(inArray(remediationCases.severity, q.severity));
  if (q.ownerId) where.push(eq(remediationCases.ownerId, q.ownerId === 'me' ? (actor.id ?? '') : q.ownerId));
  if (q.departmentId) {
    const subtree = await departmentSubtree(db, q.departmentId);
    where.push(inArray(remediationCases.departmentId, subtree.length > 0 ? subtree : [q.departmentId]));
  }
  const overdue = sql`(${remediationCases.firstContactDueAt} <= now() or ${remediationCases.resolutionDueAt} <= now())`;
  if (q.overdue === true) where.push(overdue);
  if (q.overdue === false) where.push(sql`not coalesce(${overdue}, false)`);
  where.push(casesPage.after(q.cursor));
  const rows = await db
    .select({ row: remediationCases, pageKey: casesPage.key })
    .from(remediationCases)
    .where(and(...where))
    .orderBy(...casesPage.orderBy)
    .limit(q.limit + 1);
  const views = new Map(
    (
      await present(
        db,
        rows.map((r) => r.row),
      )
    ).map((v) => [v.id, v]),
  );
  return casesPage.page(
    rows,
    q.limit,
    (r) => views.get(r.row.id)!,
    (r) => ({ v: r.pageKey, id: r.row.id }),
  );
}

/** A status change: the move checked, the clock moved, the timeline and (on closing) `case.closed` recorded. */
export async function changeCaseStatus(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  id: string,
  input: ChangeStatusInput,
  at = new Date(),
): Promise<CaseDetailView> {
  await db.transaction(async (tx) => {
    const row = await visibleCaseRow(tx, actor, id, true);
    const from = row.status;
    const to = input.status;
    if (!CASE_TRANSITIONS[from].includes(to)) {
      const allowed = CASE_TRANSITIONS[from];
      throw conflict(`A case cannot go from ${from} to ${to} (allowed: ${allowed.join(', ')}).`, 'illegal-transition', [
        issue('status', 'illegal_transition', `cannot change from ${from} to ${to}`, { from, to }),
      ]);
    }
    const rootCause = to === 'closed' ? await assertClosable(tx, input) : null;
    const policy = await policyFor(tx, row.policyId);
    const calendar = await calendarOfCase(tx, policy, row.departmentId);
    const moved = moveClock(calendar, row, to, at, policy?.pausedStatuses ?? ['waiting_customer']);
    const times = {
      ...moved,
      ...warnTimesOf(calendar, moved, policy?.warnBeforeMinutes ?? DEFAULT_WARN_BEFORE_MINUTES),
    };
    await tx
      .update(remediationCases)
      .set({
        status: to,
        usedMs: moved.usedMs,
        runningSince: moved.runningSince,
        firstContactedAt: moved.firstContactedAt,
        firstContactUsedMs: moved.firstContactUsedMs,
        firstContactDueAt: moved.firstContactDueAt,
        resolutionDueAt: moved.resolutionDueAt,
        firstContactWarnAt: times.firstContactWarnAt,
        resolutionWarnAt: times.resolutionWarnAt,
        ...(to === 'resolved' && { resolvedAt: at }),
        ...(to === 'closed' && {
          closedAt: at,
          rootCauseId: input.rootCauseId,
          correctiveAction: input.correctiveAction,
        }),
        ...(to === 'reopened' && { resolvedAt: null, closedAt: null }),
        updatedAt: at,
      })
      .where(eq(remediationCases.id, id));
    // A moved time gets its timer now; the old one finds the time moved and does nothing.
    await enqueueCaseTimers(jobs, tx, timersToSchedule(id, row, times));
    await addEntry(tx, id, actor, {
      kind: 'status_changed',
      at,
      text: input.note ?? null,
      data: {
        from,
        to,
        ...(to === 'closed' && { rootCauseId: input.rootCauseId, correctiveAction: input.correctiveAction }),
      },
    });
    // Every move is an event: the case's page and lists refresh live, and integrators get `case.status_changed`.
    await recordEvent(tx, actor, {
      type: 'case.status_changed',
      workOrderId: row.workOrderId,
      subjectType: 'case',
      subjectId: id,
      data: { number: row.number, from, to, ownerId: row.ownerId },
    });
    if (to === 'closed') {
      await recordEvent(tx, actor, {
        type: 'case.closed',
        workOrderId: row.workOrderId,
        subjectType: 'case',
        subjectId: id,
        data: { number: row.number, rootCauseId: input.rootCauseId, rootCause: rootCause?.key },
      });
    }
  });
  return getCase(db, actor, id);
}

/** The root cause a closing names, when it and the corrective action are given (400 naming what is missing). */
async function assertClosable(tx: DbOrTx, input: ChangeStatusInput) {
  const errors = [];
  const rootCause = input.rootCauseId ? await activeRootCause(tx, input.rootCauseId) : undefined;
  if (!input.rootCauseId) errors.push(issue('rootCauseId', 'required', 'a case closes with its root cause'));
  else if (!rootCause) errors.push(issue('rootCauseId', 'not_found', 'is not an active root cause'));
  if (!input.correctiveAction) {
    errors.push(issue('correctiveAction', 'required', 'a case closes with the corrective action'));
  }
  if (errors.length > 0 || !rootCause) throw fieldErrors(errors);
  return rootCause;
}

/** A note or a logged call on the timeline. */
export async function addCaseEntry(db: Db, actor: Actor, id: string, input: AddEntryInput): Promise<CaseDetailView> {
  await db.transaction(async (tx) => {
    await visibleCaseRow(tx, actor, id, true);
    await addEntry(tx, id, actor, { kind: input.kind, text: input.text });
    await tx.update(remediationCases).set({ updatedAt: new Date() }).where(eq(remediationCases.id, id));
  });
  return getCase(db, actor, id);
}
