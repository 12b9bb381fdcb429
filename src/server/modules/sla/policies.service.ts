/**
 * SLA policies (issue 17): the targets a remediation case is held to. Exactly one is the default (seeded: first
 * contact 2 h, resolution 48 h, working hours, paused while waiting for the customer, a breach escalates).
 */
import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { businessCalendars, slaPolicies } from '../../db/schema/sla.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { presentPolicy } from './sla.presenters.js';
import type { CreatePolicyInput, PolicyView, UpdatePolicyInput } from './sla.schemas.js';

export async function listPolicies(db: DbOrTx): Promise<PolicyView[]> {
  const rows = await db.select().from(slaPolicies).orderBy(asc(slaPolicies.createdAt), asc(slaPolicies.id));
  return rows.map(presentPolicy);
}

export async function getPolicy(db: DbOrTx, id: string): Promise<PolicyView> {
  const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, id));
  if (!row) throw notFound('SLA policy', id);
  return presentPolicy(row);
}

/** The policy a case opens under: the one named, else the default (null only if an admin removed every policy). */
export async function policyFor(db: DbOrTx, id: string | null): Promise<PolicyView | null> {
  if (id) {
    const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, id));
    if (row) return presentPolicy(row);
  }
  const [fallback] = await db.select().from(slaPolicies).where(eq(slaPolicies.isDefault, true));
  return fallback ? presentPolicy(fallback) : null;
}

async function assertCalendar(tx: DbOrTx, calendarId: string | null | undefined) {
  if (!calendarId) return;
  const [row] = await tx
    .select({ id: businessCalendars.id })
    .from(businessCalendars)
    .where(eq(businessCalendars.id, calendarId));
  if (!row) throw fieldError('calendarId', 'not_found', 'is not a business calendar');
}

async function takeDefault(tx: DbOrTx, id: string) {
  await tx.update(slaPolicies).set({ isDefault: false }).where(eq(slaPolicies.isDefault, true));
  await tx.update(slaPolicies).set({ isDefault: true }).where(eq(slaPolicies.id, id));
}

export async function createPolicy(db: Db, actor: Actor, input: CreatePolicyInput): Promise<PolicyView> {
  return db.transaction(async (tx) => {
    await assertCalendar(tx, input.calendarId);
    const { isDefault, ...values } = input;
    const [row] = await tx.insert(slaPolicies).values(values).returning();
    if (isDefault) await takeDefault(tx, row!.id);
    const after = await getPolicy(tx, row!.id);
    await recordAudit(tx, actor, { action: 'sla_policy.created', entityType: 'sla_policy', entityId: after.id, after });
    return after;
  });
}

export async function updatePolicy(db: Db, actor: Actor, id: string, input: UpdatePolicyInput): Promise<PolicyView> {
  return db.transaction(async (tx) => {
    const before = await getPolicy(tx, id);
    await assertCalendar(tx, input.calendarId);
    const { isDefault, ...values } = input;
    const first = values.firstContactMinutes ?? before.firstContactMinutes;
    const resolution = values.resolutionMinutes ?? before.resolutionMinutes;
    if (resolution < first) {
      throw fieldError('resolutionMinutes', 'target_order', 'must be at least the first-contact target');
    }
    await tx
      .update(slaPolicies)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(slaPolicies.id, id));
    if (isDefault) await takeDefault(tx, id);
    const after = await getPolicy(tx, id);
    await recordPolicyChange(tx, actor, before, after);
    await recordAudit(tx, actor, {
      action: 'sla_policy.updated',
      entityType: 'sla_policy',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deletePolicy(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getPolicy(tx, id);
    if (before.isDefault) {
      throw conflict(
        'The default SLA policy cannot be deleted; make another policy the default first.',
        'default-in-use',
      );
    }
    await tx.delete(slaPolicies).where(eq(slaPolicies.id, id));
    await recordPolicyChange(tx, actor, before, null);
    await recordAudit(tx, actor, { action: 'sla_policy.deleted', entityType: 'sla_policy', entityId: id, before });
  });
}

/**
 * `sla.policy_changed`, in the change's transaction, when what an open case's timers depend on changed (targets,
 * warning, hours, calendar, default): the cases module moves their due times, keeping the time used
 * (`cases/sla-changes.processor.ts`). `before` lets it settle the time used under the old hours and calendar.
 */
async function recordPolicyChange(tx: DbOrTx, actor: Actor, before: PolicyView, after: PolicyView | null) {
  const fields = ['firstContactMinutes', 'resolutionMinutes', 'warnBeforeMinutes', 'hours', 'calendarId', 'isDefault'];
  const key = (p: PolicyView | null) => JSON.stringify(fields.map((f) => (p ? p[f as keyof PolicyView] : null)));
  if (key(before) === key(after)) return;
  await recordEvent(tx, actor, {
    type: 'sla.policy_changed',
    subjectType: 'sla_policy',
    subjectId: before.id,
    data: {
      policyId: before.id,
      deleted: after === null,
      before: { hours: before.hours, calendarId: before.calendarId },
    },
  });
}
