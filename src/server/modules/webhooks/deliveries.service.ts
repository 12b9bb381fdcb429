import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookAttempts, webhookDeliveries } from '../../db/schema/webhooks.js';
import { instant } from '../../http/dates.js';
import { keyset } from '../../http/pagination.js';
import { conflict, notFound } from '../../http/problem.js';
import { queued } from '../../jobs/queue.js';
import type { AttemptEnv } from './attempts.js';
import { findEndpoint } from './endpoints.service.js';
import { TEST_EVENT_TYPE } from './payloads.js';
import { deliverWebhookJob, runDeliveryAttempt } from './webhooks.jobs.js';
import { type DeliveryRow, presentAttempt, presentDelivery } from './webhooks.presenter.js';

export interface DeliveryListQuery {
  limit: number;
  cursor?: string;
  status?: DeliveryRow['status'];
  eventType?: string;
}

const deliveriesPage = keyset({
  kind: 'timestamp',
  sort: webhookDeliveries.createdAt,
  id: webhookDeliveries.id,
  order: 'desc',
});

/** An endpoint's deliveries, newest first, by status and event type. */
export async function listDeliveries(db: Db, endpointId: string, q: DeliveryListQuery) {
  await findEndpoint(db, endpointId);
  const where: (SQL | undefined)[] = [eq(webhookDeliveries.endpointId, endpointId)];
  if (q.status) where.push(eq(webhookDeliveries.status, q.status));
  if (q.eventType) where.push(eq(webhookDeliveries.eventType, q.eventType));
  where.push(deliveriesPage.after(q.cursor));
  const rows = await db
    .select({ delivery: webhookDeliveries, pageKey: deliveriesPage.key })
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(...deliveriesPage.orderBy)
    .limit(q.limit + 1);
  return deliveriesPage.page(
    rows,
    q.limit,
    (r) => presentDelivery(r.delivery),
    (r) => ({ v: r.pageKey, id: r.delivery.id }),
  );
}

/** One delivery with every attempt (request headers and body, response status and excerpt, duration, error). */
export async function getDelivery(db: Db, id: string) {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).limit(1);
  if (!row) throw notFound('Webhook delivery', id);
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, id))
    .orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.at));
  return { ...presentDelivery(row), attemptLog: attempts.map(presentAttempt) };
}

/**
 * Sends a delivery again now, with the same `webhook-id` (the receiver dedupes), whatever its status; a failure the
 * receiver may recover from continues the retry schedule where it stands. Answers the delivery with its attempts.
 */
export async function replayDelivery(env: AttemptEnv, id: string) {
  const [row] = await env.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).limit(1);
  if (!row) throw notFound('Webhook delivery', id);
  await runDeliveryAttempt(env, { deliveryId: id, attempt: row.attempts + 1, replay: true }, { manual: true });
  return getDelivery(env.db, id);
}

/**
 * Re-sends every delivery of an (enabled) endpoint created at or after `since`, each as a job now (same
 * `webhook-id`s). Answers how many were queued.
 */
export async function replaySince(env: AttemptEnv, endpointId: string, since: string) {
  const endpoint = await findEndpoint(env.db, endpointId);
  if (!endpoint.enabled) throw conflict('The endpoint is disabled: enable it before replaying its deliveries.');
  return env.db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, endpointId), gte(webhookDeliveries.createdAt, instant(since))));
    await env.jobs.sendMany(
      rows.map((r) =>
        queued(
          deliverWebhookJob,
          { deliveryId: r.id, attempt: r.attempts + 1, replay: true },
          { key: `${r.id}:${r.attempts + 1}:replay` },
        ),
      ),
      { tx },
    );
    return { count: rows.length };
  });
}

/** A `webhook.test` delivery, sent now (even to a disabled endpoint: it checks a fix before enabling). */
export async function sendTestEvent(env: AttemptEnv, endpointId: string) {
  await findEndpoint(env.db, endpointId);
  const id = randomUUID();
  const at = env.now();
  await env.db.insert(webhookDeliveries).values({
    id,
    endpointId,
    messageId: `msg_test_${id}`,
    eventType: TEST_EVENT_TYPE,
    payload: {
      type: TEST_EVENT_TYPE,
      timestamp: at.toISOString(),
      data: { version: 1, endpointId, message: 'A test event from Rateloop.' },
    },
    nextAttemptAt: at,
  });
  await runDeliveryAttempt(env, { deliveryId: id, attempt: 1 }, { manual: true });
  return getDelivery(env.db, id);
}
