/**
 * `follow-up-tasks` (issue 19): a started follow-up node instance (`work_order.node_started`, recorded in the
 * transaction that moved the work order) becomes a follow-up task — in the processor's transaction, with its
 * position, so a task exists exactly once however often the event is delivered. While the plugin is off nothing is
 * created (the node stays as a record). A node waiting for the customer's own rating ("only when not rated within
 * N hours") gets a delayed job, enqueued in the same transaction, that decides when the wait is over.
 */
import { defineProcessor } from '../events/processors.js';
import { getFollowUpSettings } from './follow-up-settings.js';
import { followUpAfterWaitJob } from './follow-ups.jobs.js';
import { createTaskForNode } from './node-tasks.js';

export const followUpsProcessor = defineProcessor({
  name: 'follow-up-tasks',
  events: ['work_order.node_started'],
  async handle(event, { tx, jobs, now, log }) {
    const data = (event.data ?? {}) as { type?: string; nodeId?: string };
    if (data.type !== 'follow_up' || !data.nodeId) return;
    if (!(await getFollowUpSettings(tx)).enabled) return;
    const done = await createTaskForNode(tx, data.nodeId, now());
    if (done.outcome === 'waiting') {
      await jobs.send(
        followUpAfterWaitJob,
        { nodeId: data.nodeId },
        { tx, key: data.nodeId, startAfter: done.waitUntil },
      );
    }
    log.debug({ nodeId: data.nodeId, outcome: done.outcome }, 'follow-up node');
  },
});
