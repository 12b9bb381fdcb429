import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { flowRank, NODE_STAGES, type NodeStage } from '../../../common/workflows.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { workOrderNodes } from '../../db/schema/workflows.js';
import { type Actor, SYSTEM_ACTOR } from '../../http/principal.js';
import { conflict, fieldErrors, issue } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { createInvitation, type LinkContext } from '../invitations/invitations.service.js';
import { contactOf, type RatedWorkOrder, type ResolvedRating, resolveRating } from './rating-resolution.js';
import { DEFAULT_WORKFLOW, type RatingNodeConfig } from './workflows.schemas.js';
import { getWorkflowConfig } from './workflows.service.js';

type WorkOrderRow = RatedWorkOrder & { round: number; status: string };
export type NodeRow = typeof workOrderNodes.$inferSelect;

/** Jobs a transaction's node starts ask for, enqueued by that same transaction before it commits (`enqueueNodeJobs`). */
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
  opts: { source: 'qr' | 'rule' | 'manual'; channels?: string[]; nodeId: string | null },
  jobs: NodeJobs,
) {
  const channels = opts.channels?.length ? opts.channels : resolved.channels;
  const { invitation } = await createInvitation(tx, links, {
    workOrderId: wo.id,
    nodeId: opts.nodeId,
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
    data: {
      source: opts.source,
      channels,
      templateVersionId: resolved.templateVersionId,
      ruleId: resolved.ruleId,
      nodeId: opts.nodeId,
    },
  });
  // A QR invitation is shown on site: there is nothing to send.
  if (channels.some((c) => c !== 'qr')) jobs.deliver.push(invitation.id);
  return invitation;
}

/**
 * Starts the nodes placed at `stage` (called in the transaction that moves the work order into that status), in the
 * workflow's order, as instances of the work order's current round: once per node and round (a unique index), so a
 * status entered twice in one round (assigned → new → assigned) does not ask twice.
 */
export async function startNodes(
  tx: DbOrTx,
  links: LinkContext,
  actor: Actor,
  wo: WorkOrderRow,
  stage: string,
  jobs: NodeJobs,
) {
  if (!(NODE_STAGES as readonly string[]).includes(stage)) return;
  const workflow = await getWorkflowConfig(tx, wo.serviceTypeId);
  const now = new Date();
  const placed = { workOrderId: wo.id, stage: stage as NodeStage, round: wo.round, startedAt: now };
  for (const node of workflow.nodes.filter((n) => n.stage === stage)) {
    if (node.type === 'follow_up') {
      const [row] = await tx
        .insert(workOrderNodes)
        .values({ ...placed, nodeKey: node.key, type: 'follow_up', status: 'active', config: node })
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
        ...placed,
        nodeKey: node.key,
        type: 'rating',
        // Without any template there is nothing to rate: the node ends at once rather than blocking the flow.
        status: resolved ? 'active' : 'skipped',
        reason: resolved ? null : 'no_template',
        mandatory,
        config: { ...node, mandatory, timeoutHours },
        completedAt: resolved ? null : now,
        deadlineAt: resolved && timeoutHours ? new Date(now.getTime() + timeoutHours * HOUR_MS) : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) continue; // this node already ran in this round
    await nodeStartedEvent(tx, actor, row);
    if (!resolved) {
      await recordEvent(tx, SYSTEM_ACTOR, {
        type: 'work_order.rating_skipped',
        workOrderId: wo.id,
        subjectType: 'work_order_node',
        subjectId: row.id,
        data: { nodeId: row.id, nodeKey: row.nodeKey, reason: 'no_template' },
      });
      continue;
    }
    const invitation = await inviteForWorkOrder(
      tx,
      links,
      actor,
      wo,
      resolved,
      { source: resolved.source, nodeId: row.id },
      jobs,
    );
    await tx
      .update(workOrderNodes)
      .set({ invitationIds: [invitation.id] })
      .where(eq(workOrderNodes.id, row.id));
    if (row.deadlineAt) jobs.timeouts.push({ nodeId: row.id, deadlineAt: row.deadlineAt });
  }
}

/**
 * Rework: the nodes of earlier rounds still waiting end as skipped (`rework`); their invitations stay open, so a
 * customer who rates the first round late is still counted. Returns how many ended.
 */
export async function supersedeEarlierRounds(tx: DbOrTx, actor: Actor, workOrderId: string, round: number) {
  const rows = await tx
    .update(workOrderNodes)
    .set({ status: 'skipped', reason: 'rework', skipReason: 'rework', completedAt: new Date() })
    .where(
      and(
        eq(workOrderNodes.workOrderId, workOrderId),
        lt(workOrderNodes.round, round),
        inArray(workOrderNodes.status, ['pending', 'active']),
      ),
    )
    .returning();
  for (const row of rows) {
    await recordEvent(tx, actor, {
      type: row.type === 'rating' ? 'work_order.rating_skipped' : 'work_order.node_completed',
      workOrderId,
      subjectType: 'work_order_node',
      subjectId: row.id,
      data: { nodeId: row.id, nodeKey: row.nodeKey, type: row.type, round: row.round, reason: 'rework' },
    });
  }
  return rows.length;
}

function nodeStartedEvent(tx: DbOrTx, actor: Actor, row: NodeRow) {
  return recordEvent(tx, actor, {
    type: 'work_order.node_started',
    workOrderId: row.workOrderId,
    subjectType: 'work_order_node',
    subjectId: row.id,
    data: {
      nodeId: row.id,
      nodeKey: row.nodeKey,
      type: row.type,
      stage: row.stage,
      round: row.round,
      mode: (row.config as { mode?: string }).mode ?? null,
      mandatory: row.mandatory,
      deadlineAt: row.deadlineAt?.toISOString() ?? null,
    },
  });
}

/** The latest active rating node instance of the work order's current round, if any. */
async function activeRatingNode(tx: DbOrTx, wo: WorkOrderRow): Promise<NodeRow | null> {
  const [row] = await tx
    .select()
    .from(workOrderNodes)
    .where(
      and(
        eq(workOrderNodes.workOrderId, wo.id),
        eq(workOrderNodes.type, 'rating'),
        eq(workOrderNodes.round, wo.round),
        eq(workOrderNodes.status, 'active'),
      ),
    )
    .orderBy(desc(workOrderNodes.startedAt), desc(workOrderNodes.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * For a manual invitation: the node it counts for (the latest active rating node of the current round, whose
 * settings it uses), else the settings of the workflow's last rating node at `completed` (or the first one, or the
 * default) and no node.
 */
export async function ratingSettingsFor(
  tx: DbOrTx,
  wo: WorkOrderRow,
): Promise<{ settings: RatingNodeConfig; nodeId: string | null }> {
  const active = await activeRatingNode(tx, wo);
  if (active) return { settings: active.config as RatingNodeConfig, nodeId: active.id };
  const workflow = await getWorkflowConfig(tx, wo.serviceTypeId);
  const ratingNodes = workflow.nodes.filter((n) => n.type === 'rating');
  const node = ratingNodes.findLast((n) => n.stage === 'completed') ?? ratingNodes[0];
  const fallback = DEFAULT_WORKFLOW.nodes[0] as RatingNodeConfig;
  return { settings: node?.type === 'rating' ? node : fallback, nodeId: null };
}

/** A manual invitation counts for the active rating node it was made for: its submission completes the node too. */
export async function attachInvitationToNode(tx: DbOrTx, nodeId: string, invitationId: string) {
  await tx
    .update(workOrderNodes)
    .set({ invitationIds: sql`array_append(${workOrderNodes.invitationIds}, ${invitationId}::uuid)` })
    .where(and(eq(workOrderNodes.id, nodeId), eq(workOrderNodes.status, 'active')));
}

/**
 * A mandatory node blocks the flow after it: moving forward past its stage (to a later status than the node's stage
 * and than the current one; cancelling and moving back are not forward) while a mandatory node of the current round
 * is waiting is refused with 409 `rating-pending`, naming the node.
 */
export async function assertMayMove(tx: DbOrTx, wo: WorkOrderRow, from: string, to: string) {
  const rankFrom = flowRank(from);
  const rankTo = flowRank(to);
  if (rankFrom === undefined || rankTo === undefined || rankTo <= rankFrom) return;
  const waiting = await tx
    .select({ id: workOrderNodes.id, key: workOrderNodes.nodeKey, stage: workOrderNodes.stage })
    .from(workOrderNodes)
    .where(
      and(
        eq(workOrderNodes.workOrderId, wo.id),
        eq(workOrderNodes.round, wo.round),
        eq(workOrderNodes.mandatory, true),
        inArray(workOrderNodes.status, ['pending', 'active']),
      ),
    );
  const pending = waiting.find((n) => (flowRank(n.stage) ?? 0) < rankTo);
  if (pending) {
    throw conflict(
      `The work order cannot move to ${to} while its mandatory rating node "${pending.key}" (after ${pending.stage}) ` +
        'is pending: wait for the rating, or skip it.',
      'rating-pending',
      [
        issue('status', 'rating_pending', `the mandatory node ${pending.key} is pending`, {
          nodeId: pending.id,
          nodeKey: pending.key,
        }),
      ],
    );
  }
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
  const data = { nodeId, nodeKey: row.nodeKey, round: row.round, reason, skipReason: why };
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

/**
 * Staff skip (the route checked the permission): the node (`nodeId`, or the one active rating node of the work
 * order) must allow it and still be active.
 */
export async function skipRatingNode(tx: DbOrTx, actor: Actor, workOrderId: string, why: string, nodeId?: string) {
  const nodes = await tx
    .select()
    .from(workOrderNodes)
    .where(
      and(
        eq(workOrderNodes.workOrderId, workOrderId),
        eq(workOrderNodes.type, 'rating'),
        nodeId ? eq(workOrderNodes.id, nodeId) : eq(workOrderNodes.status, 'active'),
      ),
    )
    .for('update');
  if (nodeId && nodes.length === 0) throw fieldErrors([issue('nodeId', 'not_found', 'no such rating node here')]);
  if (nodes.length === 0)
    throw conflict('No rating node is active: it has not started, or it has ended.', 'node-not-active');
  if (nodes.length > 1)
    throw fieldErrors([
      issue('nodeId', 'required', 'several rating nodes are active: say which', { count: nodes.length }),
    ]);
  const node = nodes[0]!;
  if ((node.config as Partial<RatingNodeConfig>).staffMaySkip === false)
    throw conflict('This rating node may not be skipped by staff.', 'skip-not-allowed');
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

/** The latest started rating node's status and end reason of each of these work orders (for work-order lists). */
export async function ratingNodeStates(
  db: DbOrTx,
  workOrderIds: string[],
): Promise<Map<string, { status: NodeRow['status']; reason: NodeRow['reason'] }>> {
  if (workOrderIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([workOrderNodes.workOrderId], {
      workOrderId: workOrderNodes.workOrderId,
      status: workOrderNodes.status,
      reason: workOrderNodes.reason,
    })
    .from(workOrderNodes)
    .where(and(eq(workOrderNodes.type, 'rating'), inArray(workOrderNodes.workOrderId, workOrderIds)))
    .orderBy(
      workOrderNodes.workOrderId,
      desc(workOrderNodes.round),
      desc(workOrderNodes.startedAt),
      desc(workOrderNodes.createdAt),
    );
  return new Map(rows.map((n) => [n.workOrderId, { status: n.status, reason: n.reason }]));
}
