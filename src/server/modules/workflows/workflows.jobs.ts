import { and, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { workOrderNodes } from '../../db/schema/workflows.js';
import { defineJob, type JobDefinition, type JobQueue } from '../../jobs/queue.js';
import { deliverInvitationJob } from '../delivery/delivery.jobs.js';
import { type NodeJobs, timeoutRatingNode } from './nodes.service.js';

/** Skips a rating node whose timeout passed, if it is still active. Durable: a pg-boss job, not an in-memory timer. */
export const ratingTimeoutJob = defineJob({
  name: 'workflows.rating-timeout',
  payload: z.object({ nodeId: z.uuid() }),
  retryLimit: 10,
  handler: async ({ nodeId }, { database, log }) => {
    const skipped = await timeoutRatingNode(database.db, nodeId);
    log.info({ nodeId, skipped }, skipped ? 'rating node timed out' : 'rating node already ended');
  },
});

/**
 * The safety net: a timeout job is enqueued after its transaction commits, so a crash in between would lose it.
 * Every few minutes, overdue active nodes are skipped through the same conditional update (still exactly once).
 */
export const sweepRatingTimeoutsJob = defineJob({
  name: 'workflows.sweep-rating-timeouts',
  payload: z.object({}),
  retryLimit: 1,
  handler: async (_payload, { database, log, now }) => {
    const overdue = await database.db
      .select({ id: workOrderNodes.id })
      .from(workOrderNodes)
      .where(
        and(
          eq(workOrderNodes.type, 'rating'),
          eq(workOrderNodes.status, 'active'),
          lt(workOrderNodes.deadlineAt, new Date(now().getTime() - 60_000)),
        ),
      )
      .limit(500);
    let skipped = 0;
    for (const { id } of overdue) if (await timeoutRatingNode(database.db, id)) skipped++;
    if (skipped) log.warn({ skipped }, 'overdue rating nodes skipped by the sweep (their timeout job was missing)');
  },
});

/** Enqueues what a committed transaction asked for; keys make a repeated send a no-op. */
export async function dispatchNodeJobs(jobs: JobQueue, pending: NodeJobs): Promise<void> {
  for (const invitationId of pending.deliver)
    await jobs.send(deliverInvitationJob, { invitationId }, { key: invitationId });
  for (const { nodeId, deadlineAt } of pending.timeouts)
    await jobs.send(ratingTimeoutJob, { nodeId }, { key: nodeId, startAfter: deadlineAt });
}

export const workflowJobs: JobDefinition[] = [ratingTimeoutJob, sweepRatingTimeoutsJob];
