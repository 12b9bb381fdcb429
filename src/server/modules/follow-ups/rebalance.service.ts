import type { Db } from '../../db/client.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { scopeOf } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { departmentKinds } from '../org/lookups.js';
import { assignQueued, rebalanceGroup } from './assignment.js';

/**
 * A supervisor rebalances a team (issue 19 item 3): the department's not-yet-called tasks are spread evenly over its
 * active follow-up agents (`rebalanceGroup`), then its queue is assigned to whoever has room. Each moved task is a
 * `follow_up.reassigned` event on its work order (the agents' queues refresh live), the whole is one audit record.
 * A department outside the caller's scope is 404, as if it did not exist.
 */
export async function rebalanceTeam(db: Db, actor: Actor, departmentId: string) {
  return db.transaction(async (tx) => {
    const scope = await scopeOf(tx, actor);
    const exists = (await departmentKinds(tx, [departmentId])).has(departmentId);
    if (!exists || (scope.kind !== 'organisation' && !scope.departmentIds.includes(departmentId)))
      throw notFound('Department', departmentId);
    const now = new Date();
    const moves = await rebalanceGroup(tx, departmentId, now);
    for (const move of moves) {
      await recordEvent(tx, actor, {
        type: 'follow_up.reassigned',
        workOrderId: move.workOrderId,
        subjectType: 'follow_up_task',
        subjectId: move.taskId,
        data: { taskId: move.taskId, from: move.from, to: move.to, reason: 'rebalance' },
      });
    }
    const assigned = await assignQueued(tx, departmentId, now);
    await recordAudit(tx, actor, {
      action: 'follow_up.rebalanced',
      entityType: 'department',
      entityId: departmentId,
      after: { moved: moves.length, assigned },
    });
    return { moved: moves.length, assigned };
  });
}
