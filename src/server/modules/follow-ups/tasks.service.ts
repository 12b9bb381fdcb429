import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import {
  type FollowUpAssignment,
  type FollowUpTaskStatus,
  followUpAgents,
  followUpTasks,
} from '../../db/schema/follow-ups.js';
import { type Actor, SYSTEM_ACTOR } from '../../http/principal.js';
import { conflict, notFound } from '../../http/problem.js';
import { scopeOf } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { employeeContacts } from '../org/lookups.js';
import { assignQueued } from './assignment.js';

export type NewFollowUpTask = {
  workOrderId: string;
  nodeId?: string | null;
  ruleId?: string | null;
  templateId?: string | null;
  dueAt?: Date | null;
  /** The first moment inside the calling windows (null: at once). */
  nextCallAt?: Date | null;
} & ({ assignment: 'agent'; agentId: string } | { assignment: Exclude<FollowUpAssignment, 'agent'>; groupId: string });

/**
 * Creates a follow-up task in the caller's transaction and assigns it: to the named agent, or over its group (queued
 * when nobody in the group can take it now). Once per node instance: a second call for the same node returns null.
 */
export async function createFollowUpTask(tx: DbOrTx, input: NewFollowUpTask, now = new Date()) {
  const [task] = await tx
    .insert(followUpTasks)
    .values({
      workOrderId: input.workOrderId,
      nodeId: input.nodeId ?? null,
      ruleId: input.ruleId ?? null,
      nextCallAt: input.nextCallAt ?? null,
      templateId: input.templateId ?? null,
      assignment: input.assignment,
      groupId: input.assignment === 'agent' ? null : input.groupId,
      assigneeId: input.assignment === 'agent' ? input.agentId : null,
      assignedAt: input.assignment === 'agent' ? now : null,
      dueAt: input.dueAt ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!task) return null;
  if (task.groupId) await assignQueued(tx, task.groupId, now);
  const [row] = await tx.select().from(followUpTasks).where(eq(followUpTasks.id, task.id));
  await recordEvent(tx, SYSTEM_ACTOR, {
    type: 'follow_up.created',
    workOrderId: task.workOrderId,
    subjectType: 'follow_up_task',
    subjectId: task.id,
    data: {
      taskId: task.id,
      nodeId: task.nodeId,
      assigneeId: row!.assigneeId,
      groupId: task.groupId,
      dueAt: task.dueAt,
    },
  });
  return row!;
}

export const CLOSED: readonly FollowUpTaskStatus[] = [
  'completed',
  'unreachable',
  'refused',
  'wrong_number',
  'cancelled',
];

/**
 * Closes an open task with its outcome and gives the freed place to the queue: the task's group and the agent's own
 * department (a named agent's) assign their queued tasks in the same transaction.
 */
export async function closeFollowUpTask(
  tx: DbOrTx,
  taskId: string,
  status: FollowUpTaskStatus,
  now = new Date(),
  extra: { ratingId?: string | null; result?: 'closed' | 'sent_back' | 'none' } = {},
) {
  if (!CLOSED.includes(status)) throw new TypeError(`${status} does not close a task`);
  const [task] = await tx.select().from(followUpTasks).where(eq(followUpTasks.id, taskId)).for('update');
  if (!task) return null;
  if (CLOSED.includes(task.status)) throw conflict('The follow-up task is closed already.');
  await tx
    .update(followUpTasks)
    .set({ status, closedAt: now, updatedAt: now, nextCallAt: null, ...extra })
    .where(eq(followUpTasks.id, taskId));
  const groups = new Set<string>();
  if (task.groupId) groups.add(task.groupId);
  if (task.assigneeId) {
    const [agent] = await employeeContacts(tx, [task.assigneeId]);
    if (agent?.departmentId) groups.add(agent.departmentId);
  }
  for (const group of [...groups].sort()) await assignQueued(tx, group, now);
  return { ...task, status, closedAt: now, ...extra };
}

/** Sets how many open tasks an agent takes at most (null: no limit); a raised limit lets the queue in at once. */
export async function setAgentCapacity(tx: DbOrTx, employeeId: string, capacity: number | null, now = new Date()) {
  await tx
    .insert(followUpAgents)
    .values({ employeeId, capacity, updatedAt: now })
    .onConflictDoUpdate({ target: followUpAgents.employeeId, set: { capacity, updatedAt: now } });
  const [agent] = await employeeContacts(tx, [employeeId]);
  if (agent?.departmentId) await assignQueued(tx, agent.departmentId, now);
}

/**
 * A manager sets an agent's capacity and call-centre seat (`PUT /follow-ups/agents/{id}`): the agent must be a
 * follow-up agent the manager's scope covers (a supervisor's subtree; admins: anyone).
 */
export async function setAgentSettings(
  db: Db,
  actor: Actor,
  employeeId: string,
  input: { capacity: number | null; seat: string | null },
) {
  return db.transaction(async (tx) => {
    const [agent] = await employeeContacts(tx, [employeeId]);
    const scope = await scopeOf(tx, actor);
    const inScope =
      scope.kind === 'organisation' ||
      (agent?.departmentId != null && scope.departmentIds.includes(agent.departmentId));
    if (!agent?.roles.includes('follow_up_agent') || !inScope) throw notFound('Follow-up agent', employeeId);
    const now = new Date();
    await tx
      .insert(followUpAgents)
      .values({ employeeId, capacity: input.capacity, seat: input.seat, updatedAt: now })
      .onConflictDoUpdate({
        target: followUpAgents.employeeId,
        set: { capacity: input.capacity, seat: input.seat, updatedAt: now },
      });
    await recordAudit(tx, actor, {
      action: 'follow_up.agent_updated',
      entityType: 'employee',
      entityId: employeeId,
      after: input,
    });
    if (agent.departmentId) await assignQueued(tx, agent.departmentId, now);
    return input;
  });
}
