import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import {
  type FollowUpAssignment,
  followUpAgents,
  followUpGroups,
  followUpTasks,
  OPEN_FOLLOW_UP_STATUSES,
} from '../../db/schema/follow-ups.js';
import { activeFollowUpAgents } from '../org/lookups.js';

/**
 * Fair assignment of follow-up tasks over a group (a department's active follow-up agents, issue 19). Everything runs
 * in the caller's transaction after locking the group's `follow_up_groups` row, so any number of workers assigning
 * into one group take turns, and the state (whom the group gave a task to last) is in the database: fair across
 * restarts. An inactive agent, one without the role, and one at their capacity (open tasks ≥ `follow_up_agents.capacity`)
 * are skipped; when nobody can take a task it stays queued (no assignee) until `assignQueued` finds someone.
 *
 * - round robin: the next agent after the last one, in id order, wrapping round (chatwoot#11034: a round robin that
 *   does not balance load is what least-loaded is for);
 * - least-loaded: the agent with the fewest open tasks; ties go to the next agent after the last one, so equal loads
 *   take turns too.
 */

/** Open tasks per agent (pending or in progress). */
async function openLoads(tx: DbOrTx, agentIds: string[]): Promise<Map<string, number>> {
  if (agentIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: followUpTasks.assigneeId, n: sql<number>`count(*)::int` })
    .from(followUpTasks)
    .where(and(inArray(followUpTasks.assigneeId, agentIds), inArray(followUpTasks.status, OPEN_FOLLOW_UP_STATUSES)))
    .groupBy(followUpTasks.assigneeId);
  return new Map(rows.map((r) => [r.id!, Number(r.n)]));
}

/** Locks the group's state row (created on first use) and returns whom it gave a task to last. */
async function lockGroup(tx: DbOrTx, groupId: string): Promise<string | null> {
  await tx.insert(followUpGroups).values({ departmentId: groupId }).onConflictDoNothing();
  const [row] = await tx
    .select({ last: followUpGroups.lastAssigneeId })
    .from(followUpGroups)
    .where(eq(followUpGroups.departmentId, groupId))
    .for('update');
  return row?.last ?? null;
}

/**
 * The agent the next task of a locked group goes to, or null (nobody can take one). Candidates are ordered from the
 * one after `last` (ids greater than it first, then the rest: the same whether or not `last` is still an agent).
 */
function pick(
  strategy: Exclude<FollowUpAssignment, 'agent'>,
  agents: string[],
  loads: Map<string, number>,
  capacities: Map<string, number | null>,
  last: string | null,
): string | null {
  const free = agents.filter((id) => {
    const capacity = capacities.get(id) ?? null;
    return capacity === null || (loads.get(id) ?? 0) < capacity;
  });
  const turn = [
    ...free.filter((id) => last === null || id > last),
    ...free.filter((id) => last !== null && id <= last),
  ];
  if (turn.length === 0) return null;
  if (strategy === 'round_robin') return turn[0]!;
  let best = turn[0]!;
  for (const id of turn) if ((loads.get(id) ?? 0) < (loads.get(best) ?? 0)) best = id;
  return best;
}

/**
 * Assigns a group's queued tasks (first due first, then oldest) while its agents can take them; returns how many
 * were assigned. Call it in the transaction that frees an agent (a task closed, capacity raised) or periodically
 * (an agent came back, joined the group, got the role).
 */
export async function assignQueued(tx: DbOrTx, groupId: string, now = new Date()): Promise<number> {
  let last = await lockGroup(tx, groupId);
  const queued = await tx
    .select({ id: followUpTasks.id, assignment: followUpTasks.assignment })
    .from(followUpTasks)
    .where(
      and(eq(followUpTasks.groupId, groupId), isNull(followUpTasks.assigneeId), eq(followUpTasks.status, 'pending')),
    )
    .orderBy(sql`${followUpTasks.dueAt} asc nulls last`, asc(followUpTasks.createdAt), asc(followUpTasks.id));
  if (queued.length === 0) return 0;
  const agents = await activeFollowUpAgents(tx, groupId);
  const [loads, capacities] = await Promise.all([openLoads(tx, agents), agentCapacities(tx, agents)]);
  let assigned = 0;
  for (const task of queued) {
    const strategy = task.assignment === 'least_loaded' ? 'least_loaded' : 'round_robin';
    const agent = pick(strategy, agents, loads, capacities, last);
    if (!agent) break;
    await tx
      .update(followUpTasks)
      .set({ assigneeId: agent, assignedAt: now, updatedAt: now })
      .where(eq(followUpTasks.id, task.id));
    loads.set(agent, (loads.get(agent) ?? 0) + 1);
    last = agent;
    assigned += 1;
  }
  if (assigned > 0) {
    await tx
      .update(followUpGroups)
      .set({ lastAssigneeId: last, updatedAt: now })
      .where(eq(followUpGroups.departmentId, groupId));
  }
  return assigned;
}

async function agentCapacities(tx: DbOrTx, agentIds: string[]): Promise<Map<string, number | null>> {
  if (agentIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: followUpAgents.employeeId, capacity: followUpAgents.capacity })
    .from(followUpAgents)
    .where(inArray(followUpAgents.employeeId, agentIds));
  return new Map(rows.map((r) => [r.id, r.capacity]));
}

/** Every group with queued tasks assigns them again, each in its own transaction; returns how many found an agent. */
export async function assignEveryQueue(db: Db, now = new Date()): Promise<number> {
  const groups = await db
    .selectDistinct({ groupId: followUpTasks.groupId })
    .from(followUpTasks)
    .where(sql`${followUpTasks.assigneeId} is null and ${followUpTasks.status} = 'pending'`);
  let assigned = 0;
  for (const { groupId } of groups) {
    if (groupId) assigned += await db.transaction((tx) => assignQueued(tx, groupId, now));
  }
  return assigned;
}

/** A task a rebalance moved: from its agent to another (or back to the group's queue: `to` null). */
export interface RebalanceMove {
  taskId: string;
  workOrderId: string;
  from: string;
  to: string | null;
}

/**
 * Evens out a group's work (a supervisor's "rebalance"): only tasks nobody has called yet (pending, no attempts) move,
 * latest due first, so each agent keeps the customers they have spoken to and their most urgent calls. First, tasks
 * held by someone who is no longer an active follow-up agent of the group go to the least-loaded agent with room (or
 * back to the queue when nobody has room); then tasks move from the most to the least loaded agent until open loads
 * differ by at most one or nothing movable is left. Capacity limits hold. Runs in the caller's transaction with the
 * group locked, like every other assignment.
 */
export async function rebalanceGroup(tx: DbOrTx, groupId: string, now = new Date()): Promise<RebalanceMove[]> {
  await lockGroup(tx, groupId);
  const agents = await activeFollowUpAgents(tx, groupId);
  const [loads, capacities] = await Promise.all([openLoads(tx, agents), agentCapacities(tx, agents)]);
  const movable = await tx
    .select({ taskId: followUpTasks.id, workOrderId: followUpTasks.workOrderId, from: followUpTasks.assigneeId })
    .from(followUpTasks)
    .where(
      and(
        eq(followUpTasks.groupId, groupId),
        eq(followUpTasks.status, 'pending'),
        eq(followUpTasks.attempts, 0),
        isNotNull(followUpTasks.assigneeId),
      ),
    )
    .orderBy(sql`${followUpTasks.dueAt} desc nulls first`, desc(followUpTasks.createdAt), desc(followUpTasks.id));
  const load = (id: string) => loads.get(id) ?? 0;
  const hasRoom = (id: string) => {
    const capacity = capacities.get(id) ?? null;
    return capacity === null || load(id) < capacity;
  };
  /** The agent with room and the fewest open tasks (ties: the lowest id), other than `except`. */
  const lightest = (except?: string) =>
    agents.filter((id) => id !== except && hasRoom(id)).sort((a, b) => load(a) - load(b) || (a < b ? -1 : 1))[0] ??
    null;
  const moves: RebalanceMove[] = [];
  const move = async (task: { taskId: string; workOrderId: string; from: string }, to: string | null) => {
    await tx
      .update(followUpTasks)
      .set({ assigneeId: to, assignedAt: to ? now : null, updatedAt: now })
      .where(eq(followUpTasks.id, task.taskId));
    if (loads.has(task.from)) loads.set(task.from, load(task.from) - 1);
    if (to) loads.set(to, load(to) + 1);
    moves.push({ ...task, to });
  };
  const pools = new Map<string, { taskId: string; workOrderId: string; from: string }[]>();
  for (const row of movable) {
    const task = { taskId: row.taskId, workOrderId: row.workOrderId, from: row.from! };
    if (!agents.includes(task.from)) await move(task, lightest());
    else pools.set(task.from, [...(pools.get(task.from) ?? []), task]);
  }
  for (;;) {
    const heavy = [...pools.keys()]
      .filter((id) => (pools.get(id)?.length ?? 0) > 0)
      .sort((a, b) => load(b) - load(a) || (a < b ? -1 : 1))[0];
    const light = heavy ? lightest(heavy) : null;
    if (!heavy || !light || load(heavy) - load(light) <= 1) break;
    await move(pools.get(heavy)!.shift()!, light);
  }
  return moves;
}
