import { z } from 'zod';
import { defineJob } from '../../jobs/queue.js';
import { type AttemptEnv, loadDelivery, recordAttempt, sendDelivery } from './attempts.js';
import type { DeliveryRow } from './webhooks.presenter.js';

const deliverPayload = z.object({
  deliveryId: z.uuid(),
  /** Which try this job makes (default 1, the first); a job whose try was made already (a replay got there first) ends. */
  attempt: z.number().int().min(1).optional(),
  /** A replay: made whatever the delivery's status (succeeded, failed). */
  replay: z.boolean().optional(),
});
export type DeliverPayload = z.infer<typeof deliverPayload>;

/**
 * `webhooks.deliver`: one try of one delivery. The next try, when the receiver may recover (network error, timeout,
 * 408/429/5xx), is a new job with `startAfter`, enqueued in the transaction that logs this try — so a crash never
 * loses the schedule, and pg-boss's own retries only cover a crash of this job itself.
 */
export const deliverWebhookJob = defineJob({
  name: 'webhooks.deliver',
  payload: deliverPayload,
  retryLimit: 3,
  retryDelaySeconds: 10,
  // A send takes at most 15 s; the job must not outlive pg-boss's expiry while waiting on a receiver.
  expireInSeconds: 5 * 60,
  concurrency: 4,
  handler: async (payload, ctx) => {
    await runDeliveryAttempt(
      { db: ctx.database.db, jobs: ctx.jobs, config: ctx.config, appSecret: ctx.appSecret, now: ctx.now },
      payload,
    );
  },
});

export const webhookJobs = [deliverWebhookJob];

/**
 * Makes try `attempt` of a delivery and records it (with the next try scheduled in the same transaction). A job for
 * an endpoint that is disabled, or for a try already made, does nothing; a delivery that ended does nothing unless
 * it is a replay. `manual` (replay one, test event): sent even to a disabled endpoint — the admin asked for it.
 * Answers the delivery after the try, or null when nothing was sent.
 */
export async function runDeliveryAttempt(
  env: AttemptEnv,
  payload: DeliverPayload,
  opts: { manual?: boolean } = {},
): Promise<DeliveryRow | null> {
  const { deliveryId, attempt = 1, replay = false } = payload;
  const found = await loadDelivery(env.db, deliveryId);
  if (!found) return null;
  const { delivery, endpoint } = found;
  if (delivery.attempts >= attempt) return null;
  if (!opts.manual && !endpoint.enabled) return null;
  if (!replay && !opts.manual && delivery.status !== 'pending') return null;
  const at = env.now();
  const exchange = await sendDelivery(env, delivery, endpoint, at);
  return env.db.transaction(async (tx) => {
    const recorded = await recordAttempt(tx, env.jobs, { delivery, endpoint, attempt, at, exchange });
    if (recorded.retry) {
      await env.jobs.send(
        deliverWebhookJob,
        { deliveryId, attempt: recorded.retry.attempt },
        { tx, key: `${deliveryId}:${recorded.retry.attempt}`, startAfter: recorded.retry.at },
      );
    }
    return recorded.delivery;
  });
}
