import { z } from 'zod';
import { defineJob } from '../../jobs/queue.js';
import { assignEveryQueue } from './assignment.js';
import { createTaskForNode } from './node-tasks.js';

/** A follow-up node's "only when not rated within N hours" wait is over: create the task unless the customer rated. */
export const followUpAfterWaitJob = defineJob({
  name: 'follow-ups.after-wait',
  payload: z.object({ nodeId: z.uuid() }),
  retryLimit: 10,
  handler: async ({ nodeId }, { database, log, now }) => {
    const done = await database.db.transaction((tx) => createTaskForNode(tx, nodeId, now(), { afterWait: true }));
    log.info({ nodeId, outcome: done.outcome }, 'follow-up wait over');
  },
});

/**
 * Queued tasks find agents who came back: a closed task or a raised capacity assigns the queue at once
 * (tasks.service), but an agent reactivated, given the role or moved into a group is an org change this module does
 * not hear of — every minute each group with queued tasks is assigned again (a no-op when nobody can take one).
 */
export const assignQueuedTasksJob = defineJob({
  name: 'follow-ups.assign-queued',
  payload: z.object({}),
  retryLimit: 1,
  handler: async (_payload, { database, log, now }) => {
    const assigned = await assignEveryQueue(database.db, now());
    if (assigned) log.info({ assigned }, 'queued follow-up tasks assigned');
  },
});

export const followUpJobs = [followUpAfterWaitJob, assignQueuedTasksJob];
