import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../db/errors.js';
import { type WorkOrderStatus, workOrderNumberSeq, workOrders } from '../../db/schema/work-orders.js';
import type { Actor } from '../../http/principal.js';
import { conflict, type FieldError, fieldErrors, issue, notFound } from '../../http/problem.js';
import { accessibleIds, requireAccess, requireStaysInScope } from '../access/require-access.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import type { LinkContext } from '../invitations/invitations.service.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import {
  assertMayMove,
  type NodeJobs,
  noJobs,
  skipRatingNode,
  startNodes,
  supersedeEarlierRounds,
} from '../workflows/nodes.service.js';
import { enqueueNodeJobs } from '../workflows/workflows.jobs.js';
import { getWorkflowConfig } from '../workflows/workflows.service.js';
import { eachId } from './bulk.js';
import { contactKeysOf, knownWechatOpenId } from './contact-wechat.js';
import { validateCustomFields } from './custom-fields.js';
import { checkReferences, regionOf } from './references.js';
import { assertMayRework, assertTransition, INITIAL_STATUSES, isRework, STATUS_TIMESTAMP } from './status.js';
import type { WorkOrderRow } from './work-orders.presenter.js';
import type { CreateWorkOrderInput, UpdateWorkOrderInput } from './work-orders.schemas.js';

export const linksOf = (ctx: Pick<AppContext, 'appSecret' | 'config'>): LinkContext => ({
  appSecret: ctx.appSecret,
  publicBaseUrl: ctx.config.publicBaseUrl,
});

const numberTaken = (n: string) =>
  conflict(`Work order number "${n}" is already used.`, 'conflict', [issue('number', 'is_taken', 'is already used')]);

const throwIfAny = (errors: FieldError[]) => {
  if (errors.length) throw fieldErrors(errors);
};

/** `WO-YYYYMMDD-NNNNN`: the date in the organisation's time zone, the counter from a sequence (unique across races). */
async function generateNumber(tx: DbOrTx): Promise<string> {
  const { timeZone } = await getOrganisationProfile(tx);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .replaceAll('-', '');
  const [row] = await tx
    .select({ n: sql<string>`nextval(${workOrderNumberSeq.seqName})::text` })
    .from(sql`(select 1) as one`);
  return `WO-${day}-${row!.n.padStart(5, '0')}`;
}

/**
 * The customer columns of a create or update. A contact without a WeChat openid gets the one its phone or e-mail
 * was last verified with in the customer portal's WeChat sign-in (`contact-wechat.ts`), if any.
 */
async function contactColumns(tx: DbOrTx, c: CreateWorkOrderInput['customer']) {
  if (c === undefined) return {};
  const openId = c.wechatOpenId ?? (await knownWechatOpenId(tx, contactKeysOf(c)));
  return {
    customerName: c.name ?? null,
    customerPhone: c.phone ?? null,
    customerEmail: c.email ?? null,
    customerWechatOpenId: openId ?? null,
    customerLocale: c.locale ?? null,
  };
}

async function insertWorkOrder(
  tx: DbOrTx,
  links: LinkContext,
  actor: Actor,
  input: CreateWorkOrderInput,
  jobs: NodeJobs,
) {
  const errors: FieldError[] = [];
  const status = input.status ?? 'new';
  if (!INITIAL_STATUSES.includes(status))
    errors.push(
      issue('status', 'invalid_choice', `a work order starts as ${INITIAL_STATUSES.join(', ')}`, {
        values: INITIAL_STATUSES.join(', '),
      }),
    );
  await checkReferences(tx, input, errors);
  const definitions = errors.some((e) => e.path === 'serviceTypeId')
    ? []
    : (await getWorkflowConfig(tx, input.serviceTypeId)).fieldDefinitions;
  const { custom, errors: customErrors } = validateCustomFields(input.custom ?? {}, definitions);
  throwIfAny([...errors, ...customErrors]);

  const now = new Date();
  const [row] = await tx
    .insert(workOrders)
    .values({
      number: input.number ?? (await generateNumber(tx)),
      externalId: input.externalId ?? null,
      subject: input.subject,
      serviceTypeId: input.serviceTypeId,
      recordType: input.recordType ?? null,
      ...(await contactColumns(tx, input.customer)),
      engineerIds: [...new Set(input.engineerIds ?? [])],
      departmentId: input.departmentId ?? null,
      regionId: input.regionId ?? (await regionOf(tx, input.departmentId)),
      store: input.store ?? null,
      touchpoint: input.touchpoint ?? null,
      priority: input.priority ?? 'normal',
      custom,
      status,
      completedAt: status === 'completed' ? now : null,
    })
    .returning();
  const wo = row!;
  await recordEvent(tx, actor, {
    type: 'work_order.created',
    workOrderId: wo.id,
    subjectType: 'work_order',
    subjectId: wo.id,
    data: { number: wo.number, externalId: wo.externalId, status: wo.status },
  });
  await startNodes(tx, links, actor, wo, status, jobs);
  return wo;
}

type Changes = Record<string, { from: unknown; to: unknown }>;

/** Applies a patch to a locked row: fields, then the status transition (which may start the workflow). */
async function applyUpdate(
  tx: DbOrTx,
  links: LinkContext,
  actor: Actor,
  before: WorkOrderRow,
  patch: UpdateWorkOrderInput & { number?: string },
  jobs: NodeJobs,
  reason?: string,
): Promise<WorkOrderRow> {
  const errors: FieldError[] = [];
  const serviceTypeChanged = patch.serviceTypeId !== undefined && patch.serviceTypeId !== before.serviceTypeId;
  await checkReferences(
    tx,
    {
      serviceTypeId: serviceTypeChanged ? patch.serviceTypeId : undefined,
      engineerIds: patch.engineerIds,
      departmentId: patch.departmentId,
      regionId: patch.regionId,
    },
    errors,
  );
  let custom = before.custom;
  if ((patch.custom !== undefined || serviceTypeChanged) && !errors.some((e) => e.path === 'serviceTypeId')) {
    const merged = { ...before.custom, ...(patch.custom ?? {}) };
    const definitions = (await getWorkflowConfig(tx, patch.serviceTypeId ?? before.serviceTypeId)).fieldDefinitions;
    const result = validateCustomFields(merged, definitions);
    custom = result.custom;
    errors.push(...result.errors);
  }
  throwIfAny(errors);

  const next: Partial<WorkOrderRow> = {
    ...(patch.number !== undefined && { number: patch.number }),
    ...(patch.subject !== undefined && { subject: patch.subject }),
    ...(patch.serviceTypeId !== undefined && { serviceTypeId: patch.serviceTypeId }),
    ...(patch.recordType !== undefined && { recordType: patch.recordType }),
    ...(await contactColumns(tx, patch.customer)),
    ...(patch.engineerIds !== undefined && { engineerIds: [...new Set(patch.engineerIds)] }),
    ...(patch.departmentId !== undefined && { departmentId: patch.departmentId }),
    ...(patch.store !== undefined && { store: patch.store }),
    ...(patch.touchpoint !== undefined && { touchpoint: patch.touchpoint }),
    ...(patch.priority !== undefined && { priority: patch.priority }),
    custom,
  };
  if (patch.regionId !== undefined) next.regionId = patch.regionId;
  else if (patch.departmentId !== undefined && patch.departmentId !== before.departmentId)
    next.regionId = await regionOf(tx, patch.departmentId);

  const changes: Changes = {};
  for (const [key, to] of Object.entries(next)) {
    const from = before[key as keyof WorkOrderRow];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  const to = patch.status;
  const statusChanges = to !== undefined && to !== before.status;
  const rework = statusChanges && isRework(before.status, to);
  if (statusChanges) {
    assertTransition(before.status, to);
    if (rework) assertMayRework(actor, reason);
    await assertMayMove(tx, before, before.status, to);
  }
  if (Object.keys(changes).length === 0 && !statusChanges) return before;

  const now = new Date();
  const set: Partial<WorkOrderRow> = { ...next, updatedAt: now };
  // New contact data on a redacted work order are kept for the retention period again, from this change on.
  if (changes.customerName || changes.customerPhone || changes.customerEmail || changes.customerWechatOpenId)
    set.contactRedactedAt = null;
  if (statusChanges) {
    set.status = to;
    const column = STATUS_TIMESTAMP[to];
    if (column) set[column] = now;
    // Rework: a new round, and the completion is undone until the work order completes again.
    if (rework) Object.assign(set, { round: before.round + 1, completedAt: null });
  }
  const [row] = await tx.update(workOrders).set(set).where(eq(workOrders.id, before.id)).returning();
  const after = row!;
  if (Object.keys(changes).length) {
    await recordEvent(tx, actor, {
      type: 'work_order.updated',
      workOrderId: after.id,
      subjectType: 'work_order',
      subjectId: after.id,
      data: { changes },
    });
  }
  if (statusChanges) {
    await recordEvent(tx, actor, {
      type: 'work_order.status_changed',
      workOrderId: after.id,
      subjectType: 'work_order',
      subjectId: after.id,
      data: { from: before.status, to, ...(reason !== undefined && { reason }), ...(rework && { round: after.round }) },
    });
    if (rework) {
      await supersedeEarlierRounds(tx, actor, after.id, after.round);
      await recordAudit(tx, actor, {
        action: 'work_order.reworked',
        entityType: 'work_order',
        entityId: after.id,
        after: { round: after.round, reason },
      });
    }
    await startNodes(tx, links, actor, after, to, jobs);
  }
  return after;
}

export async function lockWorkOrder(tx: DbOrTx, id: string): Promise<WorkOrderRow> {
  const [row] = await tx.select().from(workOrders).where(eq(workOrders.id, id)).for('update');
  if (!row) throw notFound('Work order', id);
  return row;
}

async function translateUnique<T>(work: () => Promise<T>, number: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (violatedUniqueConstraint(err) === 'work_orders_number_uq' && number) throw numberTaken(number);
    throw err;
  }
}

/**
 * Creates a work order, or — when `externalId` is known — updates that one (`created: false`). Concurrent calls
 * with one externalId serialise on a transaction-scoped advisory lock, so they yield one work order.
 */
export async function upsertWorkOrder(
  ctx: AppContext,
  actor: Actor,
  input: CreateWorkOrderInput,
): Promise<{ row: WorkOrderRow; created: boolean }> {
  return translateUnique(
    () =>
      ctx.db.transaction(async (tx) => {
        const jobs = noJobs();
        const result = await upsertInTransaction(tx, linksOf(ctx), actor, input, jobs);
        await enqueueNodeJobs(ctx.jobs, jobs, tx);
        return result;
      }),
    input.number,
  );
}

/** `PATCH /work-orders/{id}` (and each id of the bulk status change): one transaction, its jobs enqueued in it. */
export async function updateWorkOrder(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: UpdateWorkOrderInput,
  options: { reason?: string } = {},
) {
  await requireAccess(ctx.db, actor, 'work_order', [id]);
  return ctx.db.transaction(async (tx) => {
    const jobs = noJobs();
    const reason = options.reason ?? patch.reason;
    const after = await applyUpdate(tx, linksOf(ctx), actor, await lockWorkOrder(tx, id), patch, jobs, reason);
    await requireStaysInScope(tx, actor, after);
    await enqueueNodeJobs(ctx.jobs, jobs, tx);
    return after;
  });
}

/**
 * The bulk status change: each id goes through `updateWorkOrder` exactly as a PATCH would (transition rules, events,
 * the workflow's nodes, scope), each in its own transaction, so one refused id leaves the others done. Two requests
 * on the same work orders serialise on each row's lock: the second finds the status already set (done, no second
 * event) or a move no longer allowed (`illegal-transition`).
 */
export async function bulkChangeStatus(
  ctx: AppContext,
  actor: Actor,
  input: { ids: string[]; status: WorkOrderStatus; reason?: string },
) {
  // Set-based: one query for the whole request; an id out of scope fails like one that does not exist.
  const visible = await accessibleIds(ctx.db, actor, 'work_order', input.ids);
  return eachId(input.ids, visible, async (id) => {
    await updateWorkOrder(ctx, actor, id, { status: input.status }, { reason: input.reason });
    return {};
  });
}

/** For the CSV import: the same upsert inside the import's own transaction; jobs are collected by the caller. */
export async function upsertInTransaction(
  tx: DbOrTx,
  links: LinkContext,
  actor: Actor,
  input: CreateWorkOrderInput,
  jobs: NodeJobs,
): Promise<{ row: WorkOrderRow; created: boolean }> {
  if (input.externalId) {
    await tx.execute(sql`select pg_advisory_xact_lock(4242, hashtext(${input.externalId}))`);
    const [existing] = await tx
      .select()
      .from(workOrders)
      .where(eq(workOrders.externalId, input.externalId))
      .for('update');
    if (existing) {
      // Someone else's work order under this externalId is, to this caller, not there to update (and its id stays
      // unnamed).
      if (!(await accessibleIds(tx, actor, 'work_order', [existing.id])).has(existing.id))
        throw notFound('Work order with externalId', input.externalId);
      const { externalId: _e, ...patch } = input;
      const row = await applyUpdate(tx, links, actor, existing, patch, jobs);
      await requireStaysInScope(tx, actor, row);
      return { row, created: false };
    }
  }
  const row = await insertWorkOrder(tx, links, actor, input, jobs);
  await requireStaysInScope(tx, actor, row);
  return { row, created: true };
}

/**
 * A follow-up's result on its work order (issue 19), in the follow-up's transaction: `closed` closes the completed
 * work order; `sent_back` sends it back for rework (completed → in_service, 退回重办) with the agent's reason. The
 * follow-up node's send-back action is what allows it, so the agent needs no rework permission of their own; the
 * transition rules, events, audit and the next round's nodes are a PATCH's.
 */
export async function applyFollowUpResult(
  tx: DbOrTx,
  links: LinkContext,
  agent: Actor,
  workOrderId: string,
  result: 'closed' | 'sent_back',
  reason: string | undefined,
  jobs: NodeJobs,
): Promise<WorkOrderRow> {
  const before = await lockWorkOrder(tx, workOrderId);
  if (result === 'closed') return applyUpdate(tx, links, agent, before, { status: 'closed' }, jobs);
  const granted: Actor = { ...agent, permissions: new Set([...(agent.permissions ?? []), 'work_orders.rework']) };
  return applyUpdate(tx, links, granted, before, { status: 'in_service' }, jobs, reason);
}

/** Staff skip of the rating node, serialised with status changes by the work order's row lock. */
export async function skipWorkOrderRating(db: Db, actor: Actor, workOrderId: string, reason: string, nodeId?: string) {
  await requireAccess(db, actor, 'work_order', [workOrderId]);
  await db.transaction(async (tx) => {
    await lockWorkOrder(tx, workOrderId);
    await skipRatingNode(tx, actor, workOrderId, reason, nodeId);
  });
}
