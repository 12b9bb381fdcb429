import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { invitationDeliveries } from '../../db/schema/delivery.js';
import { invitations } from '../../db/schema/invitations.js';
import { defineJob, type JobDefinition, type JobQueue } from '../../jobs/queue.js';
import { getDeliverySettings } from './delivery-settings.js';
import { deliverPayload, runDelivery } from './engine.js';
import { notifyProblemJob } from './problems.jobs.js';

/**
 * Hands an invitation to its channels: one step of the delivery state machine in modules/delivery (priority chain or
 * all channels, retries as re-enqueued jobs, quiet hours, opt-out, fatigue, reminders with `round` ≥ 1).
 */
export const deliverInvitationJob: JobDefinition<typeof deliverPayload> = defineJob({
  name: 'invitations.deliver',
  payload: deliverPayload,
  retryLimit: 5,
  concurrency: 4,
  handler: async (payload, ctx) => {
    await runDelivery(
      {
        db: ctx.database.db,
        log: ctx.log,
        links: { appSecret: ctx.appSecret, publicBaseUrl: ctx.config.publicBaseUrl },
        jobId: ctx.jobId,
        jobs: ctx.jobs,
        afterProviderAnswer: ctx.hooks?.afterProviderAnswer,
        requeue: async (p, opts) => {
          await ctx.jobs.send(deliverInvitationJob, p, opts);
        },
      },
      payload,
    );
  },
});

/**
 * Reminders to non-responders: delivered/opened, not submitted, not expired invitations whose last send is older
 * than `minGapHours` and that had fewer than `maxCount` reminders get reminder round n+1 (a delivery job keyed by
 * invitation and round, so a sweep running twice enqueues it once). Returns how many were enqueued.
 */
export async function sweepReminders(db: Db, jobs: JobQueue, now = new Date()): Promise<number> {
  const { reminders } = await getDeliverySettings(db);
  if (!reminders) return 0;
  const due = await db
    .select({ id: invitations.id, count: invitationDeliveries.reminderCount })
    .from(invitations)
    .innerJoin(invitationDeliveries, eq(invitationDeliveries.invitationId, invitations.id))
    .where(
      and(
        inArray(invitations.status, ['delivered', 'opened']),
        isNull(invitations.revokedAt),
        sql`${invitations.submissionCount} < ${invitations.submissionLimit}`,
        gt(invitations.expiresAt, now),
        isNotNull(invitationDeliveries.deliveredChannel),
        lt(invitationDeliveries.reminderCount, reminders.maxCount),
        lt(invitationDeliveries.lastSentAt, new Date(now.getTime() - reminders.minGapHours * 3_600_000)),
      ),
    )
    .limit(1000);
  for (const { id, count } of due) {
    const round = count + 1;
    await jobs.send(deliverInvitationJob, { invitationId: id, round }, { key: `${id}:reminder:${round}` });
  }
  return due.length;
}

export const sweepRemindersJob = defineJob({
  name: 'delivery.sweep-reminders',
  payload: z.object({}),
  retryLimit: 1,
  handler: async (_payload, { database, jobs, log, now }) => {
    const n = await sweepReminders(database.db, jobs, now());
    if (n) log.info({ reminders: n }, 'reminders enqueued');
  },
});

export const deliveryJobs: JobDefinition[] = [deliverInvitationJob, sweepRemindersJob, notifyProblemJob];
