import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { followUpAgents, followUpCalls, followUpTasks, OPEN_FOLLOW_UP_STATUSES } from '../../db/schema/follow-ups.js';
import type { Actor } from '../../http/principal.js';
import { badRequest, conflict, forbidden, ProblemError } from '../../http/problem.js';
import { requireAccess } from '../access/require-access.js';
import { workOrderRowsByIds } from '../work-orders/work-orders.queries.js';
import { CallCentreError, type CallRecord } from './call-centre/adapter.js';
import {
  parseTcccCallRecord,
  parseTcccRecording,
  TcccRecordError,
  verifyTcccPushAuth,
} from './call-centre/tccc-records.js';
import { callCentreAdapter, tcccPushCredentials, workOrdersAreCallTargets } from './call-centre-settings.js';
import { mayWork, visibleTask } from './task-access.js';
import { CLOSED } from './tasks.service.js';

export type CallAnswer = { kind: 'link'; href: string } | { kind: 'placed'; callId: string };

/**
 * The call button: the configured call centre starts a call from the agent's seat to the customer — a `tel:` link
 * the browser opens, or a click-to-call the provider places (kept as a placed call until its record arrives). A call
 * the provider refuses is a 409 `call-failed` with the reason's code (seat busy, invalid number, …), never a 500.
 */
export async function startTaskCall(ctx: AppContext, actor: Actor, taskId: string): Promise<CallAnswer> {
  const task = await visibleTask(ctx.db, actor, taskId);
  if (!mayWork(actor, task)) throw forbidden('Only the task’s agent or a manager of the team can call.');
  if (CLOSED.includes(task.status)) throw conflict('The follow-up task is closed already.', 'follow-up-closed');
  return placeCall(ctx, actor, task.workOrderId, taskId);
}

/**
 * The work-order page's Outbound (外呼) button, offered when work orders are marked as outbound call targets
 * (call-centre settings): the same call, about the work order — linked to its open follow-up task when it has one.
 */
export async function startWorkOrderCall(ctx: AppContext, actor: Actor, workOrderId: string): Promise<CallAnswer> {
  await requireAccess(ctx.db, actor, 'work_order', [workOrderId]);
  if (!(await workOrdersAreCallTargets(ctx.db)))
    throw conflict('Work orders are not outbound call targets (call-centre settings).', 'conflict');
  const [open] = await ctx.db
    .select({ id: followUpTasks.id })
    .from(followUpTasks)
    .where(and(eq(followUpTasks.workOrderId, workOrderId), inArray(followUpTasks.status, [...OPEN_FOLLOW_UP_STATUSES])))
    .limit(1);
  return placeCall(ctx, actor, workOrderId, open?.id ?? null);
}

async function placeCall(
  ctx: AppContext,
  actor: Actor,
  workOrderId: string,
  taskId: string | null,
): Promise<CallAnswer> {
  const [wo] = await workOrderRowsByIds(ctx.db, [workOrderId]);
  const [agent] = actor.id
    ? await ctx.db.select().from(followUpAgents).where(eq(followUpAgents.employeeId, actor.id))
    : [];
  const adapter = await callCentreAdapter(ctx.db, ctx.appSecret);
  try {
    const started = await adapter.startCall({
      seat: agent?.seat ?? null,
      callee: wo?.customerPhone ?? '',
      taskId: taskId ?? '',
    });
    if (started.kind === 'link') return started;
    await ctx.db
      .insert(followUpCalls)
      .values({ taskId, workOrderId, agentId: actor.id, provider: 'tccc', providerCallId: started.providerCallId })
      .onConflictDoNothing();
    return { kind: 'placed', callId: started.providerCallId };
  } catch (err) {
    if (!(err instanceof CallCentreError)) throw err;
    ctx.log.warn({ workOrderId, taskId, code: err.code, providerCode: err.providerCode }, 'call not started');
    throw new ProblemError(409, 'call-failed', 'Call not started', err.message, [
      { path: 'call', code: err.code, message: err.message },
    ]);
  }
}

/** Stores what the provider reported of a call (a re-push updates the same row). */
async function storeRecord(ctx: AppContext, record: CallRecord) {
  const values = {
    status: 'ended' as const,
    outcome: record.outcome,
    startedAt: record.startedAt,
    answeredAt: record.answeredAt,
    endedAt: record.endedAt,
    durationSeconds: record.durationSeconds,
    updatedAt: new Date(),
    ...(record.recordingUrl ? { recordingUrl: record.recordingUrl } : {}),
  };
  // The task id came back through the provider (user-to-user data): only a task that exists is linked.
  const taskId = record.taskId && /^[0-9a-f-]{36}$/i.test(record.taskId) ? record.taskId : null;
  await ctx.db
    .insert(followUpCalls)
    .values({ provider: 'tccc', providerCallId: record.providerCallId, taskId: null, ...values })
    .onConflictDoUpdate({ target: [followUpCalls.provider, followUpCalls.providerCallId], set: values });
  if (taskId) {
    await ctx.db.execute(
      sql`update ${followUpCalls} set task_id = t.id from follow_up_tasks t
          where t.id = ${taskId}::uuid and ${followUpCalls.provider} = 'tccc'
            and ${followUpCalls.providerCallId} = ${record.providerCallId} and ${followUpCalls.taskId} is null`,
    );
  }
}

/**
 * TCCC's data push (`POST …/call-records/tccc?action=cdr|record`), authenticated by the Basic pair configured for
 * it: a call record ends the placed call with its outcome and talk time; a recording push adds the recording's URL.
 * Anything else TCCC pushes is acknowledged and ignored (it re-pushes whatever is not acknowledged).
 */
export async function receiveTcccPush(
  ctx: AppContext,
  action: string | undefined,
  authorization: string | undefined,
  body: unknown,
) {
  const expected = await tcccPushCredentials(ctx.db, ctx.appSecret);
  // Not configured: there is no receiver to speak of (as for an unknown delivery report address).
  if (!expected) throw new ProblemError(404, 'not-found', 'Not found', 'Click-to-call is not configured.');
  if (!verifyTcccPushAuth(authorization, expected)) {
    throw new ProblemError(
      401,
      'unauthenticated',
      'Unauthenticated',
      'The push credentials are not the configured ones.',
    );
  }
  const parse = <T>(read: () => T): T => {
    try {
      return read();
    } catch (err) {
      if (err instanceof TcccRecordError) throw badRequest(err.message);
      throw err;
    }
  };
  if (action === 'cdr') {
    await storeRecord(
      ctx,
      parse(() => parseTcccCallRecord(body)),
    );
  } else if (action === 'record') {
    const rec = parse(() => parseTcccRecording(body));
    await ctx.db
      .update(followUpCalls)
      .set({ recordingUrl: rec.recordingUrl, updatedAt: new Date() })
      .where(and(eq(followUpCalls.provider, 'tccc'), eq(followUpCalls.providerCallId, rec.providerCallId)));
  }
}
