import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { invitationDeliveries } from '../../db/schema/delivery.js';
import { invitations } from '../../db/schema/invitations.js';
import { type BatchContext, defineJob, type JobDefinition, type JobQueue, queued } from '../../jobs/queue.js';
import { countRepairs } from '../events/repairs.js';
import { invitationsAwaitingDelivery } from '../invitations/invitations.service.js';
import { getDeliverySettings } from './delivery-settings.js';
import { DISPATCH_BATCH_SIZE, dispatchBatch } from './dispatch-batch.js';
import { type DeliveryEnv, deliverPayload, runDelivery } from './engine.js';
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
    await runDelivery(deliveryEnvOf(ctx, ctx.jobId), payload);
  },
  batch: {
    size: DISPATCH_BATCH_SIZE,
    // Two batches = up to 100 sends in flight per process: more only queues behind the provider connections and
    // risks client timeouts (a timed-out send is retried as a new attempt).
    concurrency: 2,
    handler: async (jobs, ctx) => dispatchBatch((jobId) => deliveryEnvOf(ctx, jobId), jobs),
  },
});

function deliveryEnvOf(ctx: BatchContext, jobId: string): DeliveryEnv {
  return {
    db: ctx.database.db,
    log: ctx.log,
    links: { appSecret: ctx.appSecret, publicBaseUrl: ctx.config.publicBaseUrl },
    jobId,
    jobs: ctx.jobs,
    afterProviderAnswer: ctx.hooks?.afterProviderAnswer,
    requeue: async (p, opts) => {
      await ctx.jobs.send(deliverInvitationJob, p, opts);
    },
  };
}

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
  await jobs.sendMany(
    due.map(({ id, count }) =>
      queued(deliverInvitationJob, { invitationId: id, round: count + 1 }, { key: `${id}:reminder:${count + 1}` }),
    ),
  );
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

/**
 * The repair sweep: an invitation still `pending` a minute after its transaction committed should have its delivery
 * job (enqueued in that transaction). Re-enqueues the job where none exists — queued, done or archived — and counts
 * it (`rateloop_job_repairs_total{kind="invitation_delivery"}`, which should stay 0). Returns how many it repaired.
 */
export async function repairMissingDeliveryJobs(db: Db, jobs: JobQueue, now: Date): Promise<number> {
  const waiting = await invitationsAwaitingDelivery(db, new Date(now.getTime() - 60_000));
  const missing = await jobs.keysWithoutJob(deliverInvitationJob, waiting);
  if (missing.length === 0) return 0;
  await db.transaction(async (tx) => {
    await jobs.sendMany(
      missing.map((invitationId) => queued(deliverInvitationJob, { invitationId }, { key: invitationId })),
      { tx },
    );
    await countRepairs(tx, 'invitation_delivery', missing.length);
  });
  return missing.length;
}

export const repairDeliveryJobsJob = defineJob({
  name: 'delivery.repair-missing-jobs',
  payload: z.object({}),
  retryLimit: 1,
  handler: async (_payload, { database, jobs, log, now }) => {
    const n = await repairMissingDeliveryJobs(database.db, jobs, now());
    if (n) log.warn({ repaired: n }, 'pending invitations had no delivery job: enqueued by the repair sweep');
  },
});

export const deliveryJobs: JobDefinition[] = [
  deliverInvitationJob,
  sweepRemindersJob,
  notifyProblemJob,
  repairDeliveryJobsJob,
];
