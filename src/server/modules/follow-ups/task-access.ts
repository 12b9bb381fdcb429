import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { followUpTasks } from '../../db/schema/follow-ups.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { scopeOf } from '../access/scope.js';
import { employeeIdsInDepartments } from '../org/lookups.js';

const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * Which follow-up tasks an actor sees (issue 19), THE rule: an agent (`follow_ups.work`) their own; a manager
 * (`follow_ups.manage`) also their teams' — tasks of a group or an agent in their scope's departments (a supervisor's
 * subtree), every task for an organisation-wide manager (admins). Undefined: no restriction.
 */
export async function taskVisibility(db: DbOrTx, actor: Actor): Promise<SQL | undefined> {
  if (actor.type !== 'user') return undefined;
  const own = eq(followUpTasks.assigneeId, actor.id ?? NOBODY);
  if (!actor.permissions?.has('follow_ups.manage')) return own;
  const scope = await scopeOf(db, actor);
  if (scope.kind === 'organisation') return undefined;
  if (scope.departmentIds.length === 0) return own;
  const agents = await employeeIdsInDepartments(db, scope.departmentIds);
  return or(
    own,
    inArray(followUpTasks.groupId, scope.departmentIds),
    agents.length ? inArray(followUpTasks.assigneeId, agents) : undefined,
  );
}

/** The task, if the actor may see it (404 otherwise: a task one may not see is, to them, not there). */
export async function visibleTask(db: DbOrTx, actor: Actor, id: string, lock = false) {
  const where = and(eq(followUpTasks.id, id), await taskVisibility(db, actor));
  const query = db.select().from(followUpTasks).where(where);
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Follow-up task', id);
  return row;
}

/** Whether the actor may work the task (call, record, complete): its assignee, or a manager who sees it. */
export function mayWork(actor: Actor, task: { assigneeId: string | null }): boolean {
  return actor.type !== 'user' || task.assigneeId === actor.id || actor.permissions?.has('follow_ups.manage') === true;
}
