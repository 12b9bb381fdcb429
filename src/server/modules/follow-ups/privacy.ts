/**
 * What the follow-up module holds about a customer (issue 21): the agents' notes on calls and the call centre's
 * recordings. Outcomes, durations and the follow-up ratings' scores stay (they are the team's figures).
 */
import { and, asc, isNotNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { followUpAttempts, followUpCalls, followUpTasks } from '../../db/schema/follow-ups.js';
import { anyUuid } from '../../db/sql.js';

/** These work orders' follow-up tasks with their attempts and calls (the export). */
export async function followUpsOfWorkOrders(db: DbOrTx, workOrderIds: string[]) {
  if (!workOrderIds.length) return { tasks: [], attempts: [], calls: [] };
  const tasks = await db
    .select({
      id: followUpTasks.id,
      workOrderId: followUpTasks.workOrderId,
      status: followUpTasks.status,
      ratingId: followUpTasks.ratingId,
      result: followUpTasks.result,
      createdAt: followUpTasks.createdAt,
      closedAt: followUpTasks.closedAt,
    })
    .from(followUpTasks)
    .where(anyUuid(followUpTasks.workOrderId, workOrderIds))
    .orderBy(asc(followUpTasks.createdAt));
  const taskIds = tasks.map((t) => t.id);
  const attempts = taskIds.length
    ? await db
        .select({
          taskId: followUpAttempts.taskId,
          outcome: followUpAttempts.outcome,
          note: followUpAttempts.note,
          durationSeconds: followUpAttempts.durationSeconds,
          at: followUpAttempts.at,
        })
        .from(followUpAttempts)
        .where(anyUuid(followUpAttempts.taskId, taskIds))
        .orderBy(asc(followUpAttempts.at))
    : [];
  const calls = await db
    .select({
      workOrderId: followUpCalls.workOrderId,
      outcome: followUpCalls.outcome,
      startedAt: followUpCalls.startedAt,
      durationSeconds: followUpCalls.durationSeconds,
      recordingUrl: followUpCalls.recordingUrl,
    })
    .from(followUpCalls)
    .where(anyUuid(followUpCalls.workOrderId, workOrderIds))
    .orderBy(asc(followUpCalls.createdAt));
  return { tasks, attempts, calls };
}

/**
 * Empties the notes of call attempts and the recordings of calls: of these work orders (erase), or made before
 * `before` (retention of free text). Returns how many rows lost something.
 */
export async function redactFollowUpTexts(
  tx: DbOrTx,
  target: { workOrderIds: string[] } | { before: Date },
): Promise<number> {
  let taskMatch: ReturnType<typeof anyUuid> | undefined;
  if ('workOrderIds' in target) {
    if (!target.workOrderIds.length) return 0;
    const tasks = await tx
      .select({ id: followUpTasks.id })
      .from(followUpTasks)
      .where(anyUuid(followUpTasks.workOrderId, target.workOrderIds));
    taskMatch = anyUuid(
      followUpAttempts.taskId,
      tasks.map((t) => t.id),
    );
  }
  const notes = await tx
    .update(followUpAttempts)
    .set({ note: null })
    .where(
      and(isNotNull(followUpAttempts.note), taskMatch ?? lt(followUpAttempts.at, (target as { before: Date }).before)),
    )
    .returning({ id: followUpAttempts.id });
  const recordings = await tx
    .update(followUpCalls)
    .set({ recordingUrl: null })
    .where(
      and(
        isNotNull(followUpCalls.recordingUrl),
        'workOrderIds' in target
          ? anyUuid(followUpCalls.workOrderId, target.workOrderIds)
          : lt(followUpCalls.createdAt, target.before),
      ),
    )
    .returning({ id: followUpCalls.id });
  return notes.length + recordings.length;
}
