import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { workOrderNodes } from '../../db/schema/workflows.js';
import type { Actor } from '../../http/principal.js';
import { recordEvent } from '../events/events.service.js';
import type { FollowUpNodeConfig } from './workflows.schemas.js';

/** A follow-up node instance with the configuration it started with (its snapshot), for the follow-ups module. */
export async function followUpNode(db: DbOrTx, nodeId: string) {
  const [row] = await db
    .select()
    .from(workOrderNodes)
    .where(and(eq(workOrderNodes.id, nodeId), eq(workOrderNodes.type, 'follow_up')));
  return row ? { ...row, config: row.config as FollowUpNodeConfig & { key: string } } : null;
}

/**
 * Ends an active follow-up node instance when its task closes (`reason`: the task's outcome, e.g. `completed`,
 * `unreachable`, or `no_task` when nothing was created), with `work_order.node_completed` in the caller's
 * transaction. Only an active node ends, once: a replay changes nothing.
 */
export async function endFollowUpNode(tx: DbOrTx, actor: Actor, nodeId: string, reason: string, at: Date) {
  const [row] = await tx
    .update(workOrderNodes)
    .set({ status: 'completed', reason, completedAt: at })
    .where(
      and(eq(workOrderNodes.id, nodeId), eq(workOrderNodes.type, 'follow_up'), eq(workOrderNodes.status, 'active')),
    )
    .returning();
  if (!row) return false;
  await recordEvent(tx, actor, {
    type: 'work_order.node_completed',
    workOrderId: row.workOrderId,
    subjectType: 'work_order_node',
    subjectId: row.id,
    data: { nodeId: row.id, nodeKey: row.nodeKey, round: row.round, type: 'follow_up', reason },
  });
  return true;
}
