import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import type { workOrders } from '../../db/schema/work-orders.js';
import { workOrderNodes } from '../../db/schema/workflows.js';
import { type Actor, SYSTEM_ACTOR } from '../../http/principal.js';
import { conflict, issue } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { createInvitation, type LinkContext } from '../invitations/invitations.service.js';
import { contactOf, type ResolvedRating, resolveRating } from './rating-resolution.js';
import { DEFAULT_WORKFLOW, type RatingNodeConfig } from './workflows.schemas.js';
import { getWorkflowConfig } from './workflows.service.js';

type WorkOrderRow = typeof workOrders.$inferSelect;
export type NodeRow = typeof workOrderNodes.$inferSelect;

/** Jobs to enqueue once the transaction that made them necessary has committed. */
export interface NodeJobs {
  deliver: string[];
  timeouts: { nodeId: string; deadlineAt: Date }[];
}
export const noJobs = (): NodeJobs => ({ deliver: [], timeouts: [] });

const HOUR_MS = 3_600_000;

/** Creates one invitation for the work order (inside the caller's transaction) and records its event. */
export async function inviteForWorkOrder(
  tx: DbOrTx,
  links: LinkContext,
  actor: Actor,
  wo: WorkOrderRow,
  resolved: ResolvedRating,
  opts: { source: 'qr' | 'rule' | 'manual'; channels?: string[] },
  jobs: NodeJobs,
) {
  const channels = opts.channels?.length ? opts.channels : resolved.channels;
  const { invitation } = await createInvitation(tx, links, {
    workOrderId: wo.id,
    templateVersionId: resolved.templateVersionId,
    source: opts.source,
    ruleId: resolved.ruleId,
    contact: contactOf(wo),
    channels,
    deliveryPolicy: resolved.deliveryPolicy,
    submissionLimit: resolved.submissionLimit,
    linkExpiryDays: resolved.linkExpiryDays,
    createdBy: actor.type === 'user' ? actor.id : null,
  });
  await recordEvent(tx, actor, {
    type: 'invitation.created',
    workOrderId: wo.id,
    subjectType: 'invitation',
    subjectId: invitation.id,
    data: { source: opts.source, channels, templateVersionId: resolved.templateVersionId, ruleId: resolved.ruleId },
  });
  // A QR invitation is shown on site: there is nothing to send.
  if (channels.some((c) => c !== 'qr')) jobs.deliver.push(invitation.id);
  return invitation;
}

/**
 * Starts every node of the work order's workflow (called in the transaction that completes it). The nodes start
 * together: the follow-up node does not wait for the rating (its tasks come with the follow-up module).
 */
export async function startNodes(tx: DbOrTx, links: LinkContext, actor: Actor, wo: WorkOrderRow, jobs: NodeJobs) {
  const workflow = await getWorkflowConfig(tx, wo.serviceTypeId);
  const now = new Date();
  for (const node of workflow.nodes) {
    if (node.type === 'follow_up') {
      const [row] = await tx
        .insert(workOrderNodes)
        .values({ workOrderId: wo.id, type: 'follow_up', status: 'active', config: node, startedAt: now })
        .onConflictDoNothing()
        .returning();
      if (row) await nodeStartedEvent(tx, actor, row);
      continue;
    }
    const resolved = await resolveRating(tx, wo, node);
    const mandatory = resolved?.mandatory ?? node.mandatory;
    const timeoutHours = resolved?.timeoutHours ?? null;
    const [row] = await tx
      .insert(workOrderNodes)
      .values({
        workOrderId: wo.id,
        type: 'rating',
        // Without any template there is nothing to rate: the node ends at once rather than blocking the close.
        status: resolved ? 'active' : 'skipped',
        reason: resolved ? null : 'no_template',
        mandatory,
        config: { ...node, mandatory, timeoutHours },
        startedAt: now,
        completedAt: resolved ? null : now,
        deadlineAt: resolved && timeoutHours ? new Date(now.getTime() + timeoutHours * HOUR_MS) : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) continue; // started before (a work order completes once; defensive against re-entry)
    await nodeStartedEvent(tx, actor, row);
    if (!resolved) {
      await recordEvent(tx, SYSTEM_ACTOR, {
        type: 'work_order.rating_skipped',
        workOrderId: wo.id,
        subjectType: 'work_order_node',
        subjectId: row.id,
        data: { nodeId: row.id, reason: 'no_template' },
      });
      continue;
    }
    const invitation = await inviteForWorkOrder(tx, links, actor, wo, resolved, { source: resolved.source }, jobs);
    await tx
      .update(workOrderNodes)
      .set({ invitationIds: [invitation.id] })
      .where(eq(workOrderNodes.id, row.id));
    if (row.deadlineAt) jobs.timeouts.push({ nodeId: row.id, deadlineAt: row.deadlineAt });
  }
}

function nodeStartedEvent(tx: DbOrTx, actor: Actor, row: NodeRow) {
  return recordEvent(tx, actor, {
    type: 'work_order.node_started',
    workOrderId: row.workOrderId,
    subjectType: 'work_order_node',
    subjectId: row.id,
    data: {
      nodeId: row.id,
      type: row.type,
      mode: (row.config as { mode?: string }).mode ?? null,
      mandatory: row.mandatory,
      deadlineAt: row.deadlineAt?.toISOString() ?? null,
    },
  });
}

/** The rating node's settings for a manual invitation: the started node's snapshot, else the current workflow. */
export async function ratingSettingsFor(tx: DbOrTx, wo: WorkOrderRow): Promise<RatingNodeConfig> {
  const [row] = await tx
    .select()
    .from(workOrderNodes)
    .where(and(eq(workOrderNodes.workOrderId, wo.id), eq(workOrderNodes.type, 'rating')));
  if (row) return row.config as RatingNodeConfig;
  const workflow = await getWorkflowConfig(tx, wo.serviceTypeId);
  const node = workflow.nodes.find((n) => n.type === 'rating');
  const fallback = DEFAULT_WORKFLOW.nodes[0] as RatingNodeConfig;
  return node?.type === 'rating' ? node : fallback;
}

/** A manual invitation counts for a still-active rating node: its submission completes the node too. */
export async function attachInvitationToActiveNode(tx: DbOrTx, workOrderId: string, invitationId: string) {
  await tx
    .update(workOrderNodes)
    .set({ invitationIds: sql`array_append(${workOrderNodes.invitationIds}, ${invitationId}::uuid)` })
    .where(
      and(
        eq(workOrderNodes.workOrderId, workOrderId),
        eq(workOrderNodes.type, 'rating'),
        eq(workOrderNodes.status, 'active'),
      ),
    );
}

/** Refuses to close while a mandatory rating node has not completed or been skipped. */
export async function assertMayClose(tx: DbOrTx, workOrderId: string) {
  const [pending] = await tx
    .select({ id: workOrderNodes.id })
    .from(workOrderNodes)
    .where(
      and(
        eq(workOrderNodes.workOrderId, workOrderId),
        eq(workOrderNodes.type, 'rating'),
        eq(workOrderNodes.mandatory, true),
        inArray(workOrderNodes.status, ['pending', 'active']),
      ),
    );
  if (pending) {
    throw conflict(
      'The work order cannot close while its mandatory rating is pending: wait for the rating, or skip it.',
      'rating-pending',
      [issue('status', 'rating_pending', 'a mandatory rating is pending')],
    );
  }
}

/**
 * For the ratings module: call inside the transaction that records a submission on `invitationId`. Completes the
 * work order's rating node if it is still active (once: a conditional update), and records the event.
 * Returns whether this call completed it.
 */
export async function completeRatingNodeOnSubmission(tx: DbOrTx, invitationId: string): Promise<boolean> {
  const [row] = await tx
    .update(workOrderNodes)
    .set({ status: 'completed', reason: 'rated', completedAt: new Date() })
    .where(
      and(
        eq(workOrderNodes.type, 'rating'),
        eq(workOrderNodes.status, 'active'),
        sql`${workOrderNodes.invitationIds} @> array[${invitationId}::uuid]`,
      ),
    )
    .returning();
  if (!row) return false;
  await recordEvent(tx, SYSTEM_ACTOR, {
    type: 'work_order.node_completed',
    workOrderId: row.workOrderId,
    subjectType: 'work_order_node',
    subjectId: row.id,
    data: { nodeId: row.id, type: 'rating', reason: 'rated', invitationId },
  });
  return true;
}

/** Ends an active rating node as skipped, exactly once (conditional update), with its event and audit entry. */
async function skipNode(tx: DbOrTx, actor: Actor, nodeId: string, reason: 'timeout' | 'skipped_by_staff', why: string) {
  const [row] = await tx
    .update(workOrderNodes)
    .set({
      status: 'skipped',
      reason,
      skipReason: why,
      skippedBy: actor.type === 'system' ? null : actor.id,
      skippedByName: actor.name,
      completedAt: new Date(),
    })
    .where(and(eq(workOrderNodes.id, nodeId), eq(workOrderNodes.type, 'rating'), eq(workOrderNodes.status, 'active')))
    .returning();
  if (!row) return null;
  const data = { nodeId, reason, skipReason: why };
  await recordEvent(tx, actor, {
    type: 'work_order.rating_skipped',
    workOrderId: row.workOrderId,
    subjectType: 'work_order_node',
    subjectId: nodeId,
    data,
  });
  await recordAudit(tx, actor, {
    action: 'work_order.rating_skipped',
    entityType: 'work_order',
    entityId: row.workOrderId,
    after: data,
  });
  return row;
}

/** Staff skip (the route checked the permission): the node must allow it and still be active. */
export async function skipRatingNode(tx: DbOrTx, actor: Actor, workOrderId: string, why: string) {
  const [node] = await tx
    .select()
    .from(workOrderNodes)
    .where(and(eq(workOrderNodes.workOrderId, workOrderId), eq(workOrderNodes.type, 'rating')))
    .for('update');
  if (!node) throw conflict('The rating node has not started: the work order is not completed yet.', 'node-not-active');
  if ((node.config as Partial<RatingNodeConfig>).staffMaySkip === false)
    throw conflict('This service type’s rating node may not be skipped by staff.', 'skip-not-allowed');
  if (node.status !== 'active')
    throw conflict(`The rating node is already ${node.status}.`, 'node-not-active', [
      issue('status', 'wrong_status', `is ${node.status}`, { status: node.status }),
    ]);
  await skipNode(tx, actor, node.id, 'skipped_by_staff', why);
}

/** The timeout job's work: skips the node only if still active; a second worker or a retry finds nothing to do. */
export async function timeoutRatingNode(db: Db, nodeId: string): Promise<boolean> {
  return db.transaction(async (tx) => (await skipNode(tx, SYSTEM_ACTOR, nodeId, 'timeout', 'timeout')) !== null);
}

export async function nodesOfWorkOrder(db: DbOrTx, workOrderId: string): Promise<NodeRow[]> {
  return db.select().from(workOrderNodes).where(eq(workOrderNodes.workOrderId, workOrderId));
}
