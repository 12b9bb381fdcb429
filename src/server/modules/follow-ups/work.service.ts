import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { type FollowUpTaskStatus, followUpAttempts, followUpTasks } from '../../db/schema/follow-ups.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldErrors, forbidden, issue } from '../../http/problem.js';
import { recordEvent } from '../events/events.service.js';
import { employeeContacts } from '../org/lookups.js';
import { recordFollowUpRating } from '../ratings/follow-up-rating.js';
import { InvalidAnswersError } from '../ratings/submission.service.js';
import { templateForUse } from '../templates/versions.service.js';
import { applyFollowUpResult, linksOf } from '../work-orders/work-orders.service.js';
import { endFollowUpNode } from '../workflows/follow-up-node.js';
import { noJobs } from '../workflows/nodes.service.js';
import { enqueueNodeJobs } from '../workflows/workflows.jobs.js';
import { assignQueued } from './assignment.js';
import { retryAfterUnanswered } from './calling-windows.js';
import { currentCallingCalendar } from './follow-up-settings.js';
import type { attemptBody, completeBody } from './follow-ups.schemas.js';
import { mayWork, visibleTask } from './task-access.js';
import { CLOSED, closeFollowUpTask } from './tasks.service.js';

type TaskRow = typeof followUpTasks.$inferSelect;

function assertOpenAndMine(actor: Actor, task: TaskRow) {
  if (!mayWork(actor, task)) throw forbidden('Only the task’s agent or a manager of the team can work this task.');
  if (CLOSED.includes(task.status)) throw conflict('The follow-up task is closed already.', 'follow-up-closed');
}

/**
 * Closes the task with its outcome, ends its follow-up node and records `follow_up.completed` — one transaction with
 * whatever led to it (the attempt, the survey's rating, the work order's result).
 */
async function finish(
  tx: DbOrTx,
  actor: Actor,
  task: TaskRow,
  status: FollowUpTaskStatus,
  at: Date,
  extra: { ratingId?: string | null; result?: 'closed' | 'sent_back' | 'none'; reason?: string } = {},
) {
  const { reason, ...columns } = extra;
  await closeFollowUpTask(tx, task.id, status, at, { result: 'none', ...columns });
  if (task.nodeId) await endFollowUpNode(tx, actor, task.nodeId, status, at);
  await recordEvent(tx, actor, {
    type: 'follow_up.completed',
    workOrderId: task.workOrderId,
    subjectType: 'follow_up_task',
    subjectId: task.id,
    data: {
      taskId: task.id,
      status,
      result: columns.result ?? 'none',
      ratingId: columns.ratingId ?? null,
      attempts: task.attempts,
      ...(reason && { reason }),
    },
  });
}

const CLOSING_OUTCOMES = { refused: 'refused', wrong_number: 'wrong_number' } as const;

/**
 * One call on a task, as the agent reports it: `reached` keeps the task in progress for the survey; `refused` and
 * `wrong_number` close it with that outcome; `no_answer` and `busy` follow the retry rule — the next call after the
 * delay, inside the calling windows — until its limit, where the task closes as unreachable.
 */
export async function recordAttempt(ctx: AppContext, actor: Actor, taskId: string, input: z.infer<typeof attemptBody>) {
  return ctx.db.transaction(async (tx) => {
    const task = await visibleTask(tx, actor, taskId, true);
    assertOpenAndMine(actor, task);
    const now = new Date();
    const attempts = task.attempts + 1;
    const [attempt] = await tx
      .insert(followUpAttempts)
      .values({
        taskId,
        agentId: actor.id,
        outcome: input.outcome,
        note: input.note ?? null,
        durationSeconds: input.durationSeconds ?? null,
        callId: input.callId ?? null,
        at: now,
      })
      .returning();
    await recordEvent(tx, actor, {
      type: 'follow_up.attempted',
      workOrderId: task.workOrderId,
      subjectType: 'follow_up_task',
      subjectId: task.id,
      data: { taskId, attempt: attempts, outcome: input.outcome, durationSeconds: input.durationSeconds ?? null },
    });
    const base = { attempts, updatedAt: now, startedAt: task.startedAt ?? now, status: 'in_progress' as const };
    const closing = CLOSING_OUTCOMES[input.outcome as keyof typeof CLOSING_OUTCOMES];
    if (closing) {
      await tx.update(followUpTasks).set(base).where(eq(followUpTasks.id, taskId));
      await finish(tx, actor, { ...task, attempts }, closing, now);
    } else if (input.outcome === 'reached') {
      await tx
        .update(followUpTasks)
        .set({ ...base, nextCallAt: null })
        .where(eq(followUpTasks.id, taskId));
    } else {
      const { settings, calendar } = await currentCallingCalendar(tx);
      const next = retryAfterUnanswered(calendar, settings.retry, attempts, now);
      await tx
        .update(followUpTasks)
        .set({ ...base, nextCallAt: next })
        .where(eq(followUpTasks.id, taskId));
      if (!next) await finish(tx, actor, { ...task, attempts }, 'unreachable', now);
    }
    const [after] = await tx.select().from(followUpTasks).where(eq(followUpTasks.id, taskId));
    return { task: after!, attempt: attempt! };
  });
}

/**
 * The survey the agent filled in with the customer on the phone: stored as a follow-up rating (ratings module),
 * the task completed, and the result applied to the work order — closed, sent back for rework with a reason, or left
 * as it is — all in one transaction with `follow_up.completed`. Needs a call that reached the customer.
 */
export async function completeTask(ctx: AppContext, actor: Actor, taskId: string, input: z.infer<typeof completeBody>) {
  return ctx.db.transaction(async (tx) => {
    const task = await visibleTask(tx, actor, taskId, true);
    assertOpenAndMine(actor, task);
    const reached = await tx
      .select({ id: followUpAttempts.id })
      .from(followUpAttempts)
      .where(and(eq(followUpAttempts.taskId, taskId), eq(followUpAttempts.outcome, 'reached')))
      .then((rows) => rows.length > 0);
    if (!reached || task.status !== 'in_progress')
      throw conflict('Record a call that reached the customer before the survey.', 'follow-up-not-reached');
    if (input.result === 'sent_back' && !input.reason?.trim())
      throw fieldErrors([issue('reason', 'required', 'is required to send a work order back for rework')]);
    const template = task.templateId ? await templateForUse(tx, task.templateId) : null;
    if (!template?.publishedVersionId)
      throw conflict('The task’s survey template has no published version.', 'follow-up-no-template');
    const now = new Date();
    let rating: Awaited<ReturnType<typeof recordFollowUpRating>>;
    try {
      rating = await recordFollowUpRating(tx, actor, {
        workOrderId: task.workOrderId,
        nodeId: task.nodeId,
        templateVersionId: template.publishedVersionId,
        answers: input.answers,
        language: input.language,
      });
    } catch (err) {
      if (err instanceof InvalidAnswersError) throw fieldErrors(err.errors);
      throw err;
    }
    if (input.result !== 'none') {
      const jobs = noJobs();
      await applyFollowUpResult(tx, linksOf(ctx), actor, task.workOrderId, input.result, input.reason, jobs);
      await enqueueNodeJobs(ctx.jobs, jobs, tx);
    }
    await finish(tx, actor, task, 'completed', now, {
      ratingId: rating.id,
      result: input.result,
      ...(input.reason && { reason: input.reason }),
    });
    const [after] = await tx.select().from(followUpTasks).where(eq(followUpTasks.id, taskId));
    return after!;
  });
}

/**
 * A manager hands an open task to another active follow-up agent (its group's turn is not changed). The agent
 * being given the task may be at their capacity: a manager's decision overrides the limit.
 */
export async function reassignTask(ctx: AppContext, actor: Actor, taskId: string, agentId: string) {
  return ctx.db.transaction(async (tx) => {
    const task = await visibleTask(tx, actor, taskId, true);
    if (CLOSED.includes(task.status)) throw conflict('The follow-up task is closed already.', 'follow-up-closed');
    const [agent] = await employeeContacts(tx, [agentId]);
    if (!agent?.active || !agent.roles.includes('follow_up_agent'))
      throw fieldErrors([issue('agentId', 'not_found', 'is not an active follow-up agent')]);
    const now = new Date();
    await tx
      .update(followUpTasks)
      .set({ assigneeId: agentId, assignedAt: now, updatedAt: now })
      .where(eq(followUpTasks.id, taskId));
    await recordEvent(tx, actor, {
      type: 'follow_up.reassigned',
      workOrderId: task.workOrderId,
      subjectType: 'follow_up_task',
      subjectId: task.id,
      data: { taskId, from: task.assigneeId, to: agentId },
    });
    // The previous agent has a free place now: their group's queue moves up.
    const [previous] = task.assigneeId ? await employeeContacts(tx, [task.assigneeId]) : [];
    if (previous?.departmentId) await assignQueued(tx, previous.departmentId, now);
    const [after] = await tx.select().from(followUpTasks).where(eq(followUpTasks.id, taskId));
    return after!;
  });
}
