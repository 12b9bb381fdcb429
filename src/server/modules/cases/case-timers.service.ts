/**
 * SLA timers firing (issue 17 §2, §5): a warning before a target's due time, then the breach and the policy's breach
 * actions — escalate (the next manager up the department tree, then the administrators), notify (the owner's chain)
 * or reassign. Each fires once per case, target, kind and target minutes however many workers, retries and sweeps
 * reach it: the case row is locked, its stored time must still be the one the timer was for, and a `case_sla_events`
 * row is inserted — only the transaction that inserted it acts. Every step is a timeline entry and a domain event
 * whose `notify` lists the employees to tell (the notifications processor tells them).
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, lte, notExists, sql } from 'drizzle-orm';
import type { SlaTarget, SlaTimerKind } from '../../../common/cases.js';
import type { SlaBreachAction } from '../../../common/sla.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { caseEntries, caseSlaEvents, remediationCases } from '../../db/schema/cases.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { recordEvent } from '../events/events.service.js';
import { managementChain } from '../org/management-chain.js';
import { policyFor } from '../sla/policies.service.js';
import { type CaseTimer, dueOf, targetMinutesOf, timeOf } from './case-timers.js';
import type { FiredTimerView } from './case-timers.schemas.js';
import type { CaseRow } from './cases.presenter.js';

export type FireResult = 'fired' | 'stale' | 'already' | 'skipped' | 'gone';

const unique = (ids: (string | null | undefined)[]) => [...new Set(ids.filter((id): id is string => Boolean(id)))];

async function entry(
  tx: DbOrTx,
  caseId: string,
  kind: 'warned' | 'breached' | 'escalated' | 'assigned',
  at: Date,
  data: Record<string, unknown>,
) {
  await tx.insert(caseEntries).values({
    caseId,
    kind,
    at,
    actorType: SYSTEM_ACTOR.type,
    actorId: SYSTEM_ACTOR.id,
    actorName: SYSTEM_ACTOR.name,
    data,
  });
}

/**
 * Fires one timer at `now` in its own transaction. `stale`: the case's stored time for it moved (a pause, a status
 * change, a policy or calendar change — the move scheduled its own timer) or the target ended; `already`: another
 * worker or the sweep fired it; `skipped`: a warning whose breach is already due (the breach speaks for it).
 */
export async function fireCaseTimer(db: Db, timer: CaseTimer, now: Date): Promise<FireResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(remediationCases).where(eq(remediationCases.id, timer.caseId)).for('update');
    if (!row) return 'gone';
    const at = timeOf(row, timer.target, timer.kind);
    if (!at || at.getTime() !== timer.at.getTime()) return 'stale';
    const due = dueOf(row, timer.target)!;
    if (timer.kind === 'warning' && due.getTime() <= now.getTime()) return 'skipped';
    const [won] = await tx
      .insert(caseSlaEvents)
      .values({
        caseId: row.id,
        target: timer.target,
        kind: timer.kind,
        targetMinutes: targetMinutesOf(row, timer.target),
        dueAt: due,
        firedAt: now,
      })
      .onConflictDoNothing()
      .returning({ caseId: caseSlaEvents.caseId });
    if (!won) return 'already';
    if (timer.kind === 'warning') await warn(tx, row, timer.target, due, now);
    else await breach(tx, row, timer.target, due, now);
    return 'fired';
  });
}

async function warn(tx: DbOrTx, row: CaseRow, target: SlaTarget, due: Date, now: Date) {
  // An unowned case (no manager, no administrator at opening) warns the administrators.
  const notify = row.ownerId ? [row.ownerId] : (await chainOf(tx, row)).admins;
  await entry(tx, row.id, 'warned', now, { target, dueAt: due.toISOString(), ownerId: row.ownerId });
  await recordEvent(tx, SYSTEM_ACTOR, {
    type: 'case.sla_warning',
    workOrderId: row.workOrderId,
    subjectType: 'case',
    subjectId: row.id,
    data: { number: row.number, target, dueAt: due.toISOString(), ownerId: row.ownerId, notify },
  });
}

interface Chain {
  /** Managers from the case's department up, nearest first. */
  managers: string[];
  /** Active administrators not already among the managers. */
  admins: string[];
}

async function chainOf(tx: DbOrTx, row: CaseRow): Promise<Chain> {
  const steps = await managementChain(tx, row.departmentId);
  return {
    managers: steps.filter((s) => s.kind === 'manager').map((s) => s.employeeId),
    admins: steps.filter((s) => s.kind === 'admin').map((s) => s.employeeId),
  };
}

/**
 * The next step up from the case's owner: the manager above them in the department's chain (found by the owner's
 * place in it, else by the escalation level), then the administrators — the owner stays when already one of them,
 * else becomes the first; `recipients` are whom the step tells (every administrator once past the managers).
 */
export function nextStep(
  chain: Chain,
  ownerId: string | null,
  level: number,
): { to: string | null; recipients: string[] } {
  const place = ownerId ? chain.managers.indexOf(ownerId) : -1;
  const ownerIsAdmin = ownerId !== null && chain.admins.includes(ownerId);
  const next = place >= 0 ? place + 1 : ownerIsAdmin ? chain.managers.length : level + 1;
  const manager = chain.managers[next];
  if (manager) return { to: manager, recipients: [manager] };
  const to = ownerIsAdmin ? ownerId : (chain.admins[0] ?? ownerId);
  return { to, recipients: chain.admins.length > 0 ? chain.admins : unique([to]) };
}

/** Whom `notify` tells: the managers above the owner, up to the top (the administrators when there is none). */
function chainAbove(chain: Chain, ownerId: string | null): string[] {
  const place = ownerId ? chain.managers.indexOf(ownerId) : -1;
  const above = place >= 0 ? chain.managers.slice(place + 1) : chain.managers.filter((m) => m !== ownerId);
  return above.length > 0 ? above : chain.admins.filter((a) => a !== ownerId);
}

async function breach(tx: DbOrTx, row: CaseRow, target: SlaTarget, due: Date, now: Date) {
  const policy = await policyFor(tx, row.policyId);
  const actions: SlaBreachAction[] = [
    ...new Set((policy?.breachActions ?? [{ kind: 'escalate' as const }]).map((a) => a.kind)),
  ];
  const chain = await chainOf(tx, row);
  const notify = unique([
    ...(row.ownerId ? [row.ownerId] : chain.admins),
    ...(actions.includes('notify') ? chainAbove(chain, row.ownerId) : []),
  ]);
  await entry(tx, row.id, 'breached', now, { target, dueAt: due.toISOString(), ownerId: row.ownerId, actions });
  await recordEvent(tx, SYSTEM_ACTOR, {
    type: 'case.breached',
    workOrderId: row.workOrderId,
    subjectType: 'case',
    subjectId: row.id,
    data: { number: row.number, target, dueAt: due.toISOString(), ownerId: row.ownerId, actions, notify },
  });
  // Escalate and reassign walk the same step up (once, even when both are set): escalate also tells the previous
  // owner, reassign does not.
  const walk = actions.includes('escalate') ? 'escalate' : actions.includes('reassign') ? 'reassign' : null;
  if (!walk) return;
  const level = row.escalationLevel + 1;
  const step = nextStep(chain, row.ownerId, row.escalationLevel);
  await tx
    .update(remediationCases)
    .set({ ownerId: step.to, escalationLevel: level, updatedAt: now })
    .where(eq(remediationCases.id, row.id));
  const event = { workOrderId: row.workOrderId, subjectType: 'case', subjectId: row.id } as const;
  // A millisecond after the breach, so the timeline (ordered by time) shows the step after it.
  const stepAt = new Date(now.getTime() + 1);
  if (walk === 'escalate') {
    const data = { target, level, fromEmployeeId: row.ownerId, toEmployeeId: step.to };
    await entry(tx, row.id, 'escalated', stepAt, data);
    await recordEvent(tx, SYSTEM_ACTOR, {
      type: 'case.escalated',
      ...event,
      data: { number: row.number, ...data, notify: unique([...step.recipients, row.ownerId]) },
    });
  } else {
    const data = { target, level, fromOwnerId: row.ownerId, toOwnerId: step.to, reason: 'breach' };
    await entry(tx, row.id, 'assigned', stepAt, data);
    await recordEvent(tx, SYSTEM_ACTOR, {
      type: 'case.reassigned',
      ...event,
      data: { number: row.number, fromOwnerId: row.ownerId, toOwnerId: step.to, notify: step.recipients },
    });
  }
}

/**
 * Timers whose time passed before `before` and that have not fired (their job was lost, or is far behind): what the
 * repair sweep fires. A warning is left out once its breach is due (it would be skipped).
 */
export async function overdueTimers(db: DbOrTx, before: Date, now: Date, limit = 500): Promise<CaseTimer[]> {
  const timers: CaseTimer[] = [];
  const kinds = [
    ['first_contact', 'breach', remediationCases.firstContactDueAt, remediationCases.firstContactMinutes, null],
    ['resolution', 'breach', remediationCases.resolutionDueAt, remediationCases.resolutionMinutes, null],
    [
      'first_contact',
      'warning',
      remediationCases.firstContactWarnAt,
      remediationCases.firstContactMinutes,
      remediationCases.firstContactDueAt,
    ],
    [
      'resolution',
      'warning',
      remediationCases.resolutionWarnAt,
      remediationCases.resolutionMinutes,
      remediationCases.resolutionDueAt,
    ],
  ] as const;
  for (const [target, kind, column, minutes, due] of kinds) {
    const rows = await db
      .select({ id: remediationCases.id, at: column })
      .from(remediationCases)
      .where(
        and(
          isNotNull(column),
          lte(column, before),
          due ? gt(due, now) : undefined,
          notExists(
            db
              .select({ one: sql`1` })
              .from(caseSlaEvents)
              .where(
                and(
                  eq(caseSlaEvents.caseId, remediationCases.id),
                  eq(caseSlaEvents.target, target),
                  eq(caseSlaEvents.kind, kind as SlaTimerKind),
                  eq(caseSlaEvents.targetMinutes, minutes),
                ),
              ),
          ),
        ),
      )
      .orderBy(column)
      .limit(limit);
    for (const r of rows) if (r.at) timers.push({ caseId: r.id, target, kind, at: r.at });
  }
  // Warnings before breaches of the same case (the order they would have fired in).
  return timers.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The warnings and breaches that fired, per case, oldest first (what the case view shows). */
export async function firedTimersOf(db: DbOrTx, caseIds: string[]): Promise<Map<string, FiredTimerView[]>> {
  const byCase = new Map<string, FiredTimerView[]>();
  if (caseIds.length === 0) return byCase;
  const rows = await db
    .select()
    .from(caseSlaEvents)
    .where(inArray(caseSlaEvents.caseId, [...new Set(caseIds)]))
    .orderBy(asc(caseSlaEvents.firedAt), asc(caseSlaEvents.target), desc(caseSlaEvents.kind));
  for (const r of rows) {
    const list = byCase.get(r.caseId) ?? [];
    list.push({
      target: r.target,
      kind: r.kind,
      targetMinutes: r.targetMinutes,
      dueAt: r.dueAt.toISOString(),
      firedAt: r.firedAt.toISOString(),
    });
    byCase.set(r.caseId, list);
  }
  return byCase;
}
