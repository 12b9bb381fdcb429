import { and, eq, isNotNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { workOrderNodes } from '../../db/schema/workflows.js';
import { defineJob, type JobDefinition, type JobQueue, queued } from '../../jobs/queue.js';
import { deliverInvitationJob } from '../delivery/delivery.jobs.js';
import { countRepairs } from '../events/repairs.js';
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
 * The safety net behind the timeout jobs (enqueued in the node's transaction, so they cannot be lost to a crash):
 * every few minutes, overdue active nodes are skipped through the same conditional update (still exactly once).
 * What it skips is counted as a repair in `/metrics` — it should stay 0.
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
    if (skipped) {
      await countRepairs(database.db, 'rating_timeout', skipped);
      log.warn({ skipped }, 'overdue rating nodes skipped by the sweep (their timeout job was missing)');
    }
  },
});

/**
 * Enqueues, in one statement inside the changing transaction `tx`, what the transaction's node starts asked for
 * (invitation deliveries, rating-node timeouts): the jobs exist exactly when the change commits. Keys make a
 * repeated enqueue a no-op.
 */
export async function enqueueNodeJobs(jobs: JobQueue, pending: NodeJobs, tx: DbOrTx): Promise<void> {
  await jobs.sendMany(
    [
      ...pending.deliver.map((invitationId) => queued(deliverInvitationJob, { invitationId }, { key: invitationId })),
      ...pending.timeouts.map(({ nodeId, deadlineAt }) =>
        queued(ratingTimeoutJob, { nodeId }, { key: nodeId, startAfter: deadlineAt }),
      ),
    ],
    { tx },
  );
}

/**
 * Timeout jobs for every waiting rating node with a deadline, for nodes written without the workflow (the demo's
 * history): each gets its job, keyed by the node (a node that has one already is left as it is). Returns how many.
 */
export async function enqueueWaitingRatingTimeouts(jobs: JobQueue, db: DbOrTx): Promise<number> {
  const waiting = await db
    .select({ nodeId: workOrderNodes.id, deadlineAt: workOrderNodes.deadlineAt })
    .from(workOrderNodes)
    .where(
      and(eq(workOrderNodes.type, 'rating'), eq(workOrderNodes.status, 'active'), isNotNull(workOrderNodes.deadlineAt)),
    );
  const timeouts = waiting.map((w) => ({ nodeId: w.nodeId, deadlineAt: w.deadlineAt! }));
  if (timeouts.length) await enqueueNodeJobs(jobs, { deliver: [], timeouts }, db);
  return timeouts.length;
}

export const workflowJobs: JobDefinition[] = [ratingTimeoutJob, sweepRatingTimeoutsJob];
