import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import {
  followUpAgents,
  followUpAttempts,
  followUpCalls,
  followUpTasks,
  OPEN_FOLLOW_UP_STATUSES,
} from '../../db/schema/follow-ups.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { employeeContacts, orgNames } from '../org/lookups.js';
import { ratingsOfWorkOrder } from '../ratings/ratings-by-id.js';
import { workOrderRowsByIds } from '../work-orders/work-orders.queries.js';
import type { TaskListQuery } from './follow-ups.schemas.js';
import { taskVisibility, visibleTask } from './task-access.js';
import { presentAttempt, presentTask, type TaskWithWorkOrder } from './tasks.presenter.js';

const isOpen = inArray(followUpTasks.status, [...OPEN_FOLLOW_UP_STATUSES]);

type TaskRow = typeof followUpTasks.$inferSelect;

/** Tasks with their work orders' headlines (read through the work-orders module, which owns them). */
async function withWorkOrders<R extends { task: TaskRow }>(db: DbOrTx, rows: R[]): Promise<(R & TaskWithWorkOrder)[]> {
  const orders = new Map(
    (
      await workOrderRowsByIds(
        db,
        rows.map((r) => r.task.workOrderId),
      )
    ).map((w) => [w.id, w]),
  );
  return rows.map((r) => {
    const wo = orders.get(r.task.workOrderId);
    return {
      ...r,
      workOrderNumber: wo?.number ?? '',
      subject: wo?.subject ?? '',
      workOrderStatus: wo?.status ?? '',
      customerName: wo?.customerName ?? null,
      customerPhone: wo?.customerPhone ?? null,
      engineerIds: wo?.engineerIds ?? [],
      departmentId: wo?.departmentId ?? null,
    };
  });
}

async function withNames(db: DbOrTx, rows: TaskWithWorkOrder[]) {
  const names = await orgNames(db, {
    serviceTypeIds: [],
    departmentIds: [...new Set(rows.flatMap((r) => [r.task.groupId, r.departmentId].filter((x): x is string => !!x)))],
    employeeIds: [
      ...new Set(rows.flatMap((r) => [r.task.assigneeId, ...r.engineerIds].filter((x): x is string => !!x))),
    ],
  });
  return names;
}

const tasksPage = keyset({ kind: 'timestamp', sort: followUpTasks.createdAt, id: followUpTasks.id, order: 'desc' });

/**
 * The caller's queue (`view=mine`: open tasks assigned to them, unpaged — an agent's open tasks are bounded by their
 * capacity — the callable ones first, then by due time: overdue on top) or the team list (`view=team`: every task the
 * caller may see, newest first, paged, with filters).
 */
export async function listTasks(db: Db, actor: Actor, q: TaskListQuery, now = new Date()) {
  const where: (SQL | undefined)[] = [await taskVisibility(db, actor)];
  if (q.status?.length) where.push(inArray(followUpTasks.status, q.status));
  if (q.open === true) where.push(isOpen);
  if (q.open === false) where.push(sql`not ${isOpen}`);
  if (q.overdue === true) where.push(and(isOpen, sql`${followUpTasks.dueAt} <= ${now.toISOString()}::timestamptz`));
  if (q.assigneeId === 'none') where.push(isNull(followUpTasks.assigneeId));
  else if (q.assigneeId) where.push(eq(followUpTasks.assigneeId, q.assigneeId));
  const base = db.select({ task: followUpTasks, pageKey: tasksPage.key }).from(followUpTasks);
  if (q.view === 'mine') {
    const rows = await base
      .where(and(...where, eq(followUpTasks.assigneeId, actor.id ?? ''), isOpen))
      .orderBy(
        sql`coalesce(${followUpTasks.nextCallAt}, '-infinity') > ${now.toISOString()}::timestamptz`,
        asc(sql`coalesce(${followUpTasks.dueAt}, 'infinity')`),
        asc(followUpTasks.createdAt),
      )
      .limit(500)
      .then((r) => withWorkOrders(db, r));
    const names = await withNames(db, rows);
    return { items: rows.map((r) => presentTask(r, names, now)), nextCursor: null };
  }
  where.push(tasksPage.after(q.cursor));
  const rows = await base
    .where(and(...where))
    .orderBy(...tasksPage.orderBy)
    .limit(q.limit + 1)
    .then((r) => withWorkOrders(db, r));
  const names = await withNames(db, rows);
  return tasksPage.page(
    rows,
    q.limit,
    (r) => presentTask(r, names, now),
    (r) => ({ v: r.pageKey, id: r.task.id }),
  );
}

/** A task with its calls, the work order's earlier ratings and what the result may do to the work order. */
export async function getTaskDetail(db: Db, actor: Actor, id: string, now = new Date()) {
  const task = await visibleTask(db, actor, id);
  const [row] = await withWorkOrders(db, [{ task }]);
  const calls = await db
    .select()
    .from(followUpAttempts)
    .where(eq(followUpAttempts.taskId, id))
    .orderBy(asc(followUpAttempts.at), asc(followUpAttempts.id));
  const previous = await ratingsOfWorkOrder(db, task.workOrderId, 20);
  const placed = await db
    .select()
    .from(followUpCalls)
    .where(eq(followUpCalls.taskId, id))
    .orderBy(asc(followUpCalls.createdAt), asc(followUpCalls.id));
  const names = await withNames(db, [row!]);
  const callers = await orgNames(db, {
    serviceTypeIds: [],
    departmentIds: [],
    employeeIds: [...new Set(calls.map((c) => c.agentId).filter((x): x is string => !!x))],
  });
  const completed = row!.workOrderStatus === 'completed';
  return {
    ...presentTask(row!, names, now),
    calls: calls.map((c) => presentAttempt(c, c.agentId ? (callers.get(c.agentId) ?? null) : null)),
    callRecords: placed.map((c) => ({
      callId: c.providerCallId,
      status: c.status,
      outcome: c.outcome,
      answeredAt: c.answeredAt?.toISOString() ?? null,
      endedAt: c.endedAt?.toISOString() ?? null,
      durationSeconds: c.durationSeconds,
      recordingUrl: c.recordingUrl,
      createdAt: c.createdAt.toISOString(),
    })),
    previousRatings: previous.map((p) => ({ ...p, submittedAt: p.submittedAt.toISOString() })),
    engineerNames: row!.engineerIds.map((e) => names.get(e) ?? e),
    departmentName: row!.departmentId ? (names.get(row!.departmentId) ?? null) : null,
    sendBackAllowed: completed,
    closeAllowed: completed,
  };
}

/**
 * The supervisor's view of their teams' agents over the last `days` days: open and overdue tasks now, and for the
 * period closed, completed, attempted and reached tasks, reach rate (reached / attempted), completion rate
 * (completed / closed) and calls per closed task.
 */
export async function teamWorkload(db: Db, actor: Actor, days: number, now = new Date()) {
  const visible = await taskVisibility(db, actor);
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const at = now.toISOString();
  const rows = await db
    .select({
      agentId: followUpTasks.assigneeId,
      open: sql<number>`count(*) filter (where ${isOpen})::int`,
      overdue: sql<number>`count(*) filter (where ${isOpen} and ${followUpTasks.dueAt} <= ${at}::timestamptz)::int`,
      closed: sql<number>`count(*) filter (where ${followUpTasks.closedAt} >= ${since}::timestamptz)::int`,
      completed: sql<number>`count(*) filter (where ${followUpTasks.status} = 'completed' and ${followUpTasks.closedAt} >= ${since}::timestamptz)::int`,
      closedCalls: sql<number>`coalesce(sum(${followUpTasks.attempts}) filter (where ${followUpTasks.closedAt} >= ${since}::timestamptz), 0)::int`,
      attempted: sql<number>`count(*) filter (where exists (select 1 from ${followUpAttempts} a where a.task_id = follow_up_tasks.id and a.at >= ${since}::timestamptz))::int`,
      reached: sql<number>`count(*) filter (where exists (select 1 from ${followUpAttempts} a where a.task_id = follow_up_tasks.id and a.at >= ${since}::timestamptz and a.outcome = 'reached'))::int`,
    })
    .from(followUpTasks)
    .where(and(visible, sql`(${isOpen} or ${followUpTasks.closedAt} >= ${since}::timestamptz)`))
    .groupBy(followUpTasks.assigneeId);
  const agentIds = rows.map((r) => r.agentId).filter((x): x is string => !!x);
  const [contacts, names, capacities] = await Promise.all([
    employeeContacts(db, agentIds),
    orgNames(db, { serviceTypeIds: [], departmentIds: [], employeeIds: agentIds }),
    agentIds.length
      ? db.select().from(followUpAgents).where(inArray(followUpAgents.employeeId, agentIds))
      : Promise.resolve([]),
  ]);
  const teamOf = new Map(contacts.map((c) => [c.id, c.departmentId]));
  const teamNames = await orgNames(db, {
    serviceTypeIds: [],
    departmentIds: [...new Set(contacts.map((c) => c.departmentId).filter((d): d is string => !!d))],
    employeeIds: [],
  });
  const active = new Map(contacts.map((c) => [c.id, c.active]));
  const capacity = new Map(capacities.map((c) => [c.employeeId, c.capacity]));
  const seat = new Map(capacities.map((c) => [c.employeeId, c.seat]));
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const queued = rows.find((r) => r.agentId === null);
  return {
    agents: rows
      .filter((r) => r.agentId !== null)
      .map((r) => {
        const id = r.agentId!;
        return {
          agentId: id,
          name: names.get(id) ?? id,
          active: active.get(id) ?? false,
          departmentId: teamOf.get(id) ?? null,
          departmentName: teamNames.get(teamOf.get(id) ?? '') ?? null,
          capacity: capacity.get(id) ?? null,
          seat: seat.get(id) ?? null,
          open: r.open,
          overdue: r.overdue,
          closed: r.closed,
          completed: r.completed,
          attempted: r.attempted,
          reached: r.reached,
          reachRate: ratio(r.reached, r.attempted),
          completionRate: ratio(r.completed, r.closed),
          averageAttempts: ratio(r.closedCalls, r.closed),
        };
      })
      .sort((a, b) => b.open - a.open || a.name.localeCompare(b.name)),
    queued: queued?.open ?? 0,
    overdue: rows.reduce((sum, r) => sum + r.overdue, 0),
  };
}
