import { and, eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema/webhooks.js';
import { queued } from '../../jobs/queue.js';
import { defineProcessor } from '../events/processors.js';
import { getWorkOrderRow } from '../work-orders/work-orders.queries.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './payloads.js';
import { deliverWebhookJob } from './webhooks.jobs.js';
import { payloadDataOf } from './webhooks.presenter.js';

/** The `webhook-id` of an event's deliveries: the same for every endpoint, attempt and replay. */
export const messageIdOf = (eventId: string) => `msg_${eventId}`;

/**
 * `webhooks`: for each enabled endpoint subscribed to the event's type, a delivery row (its body fixed now) and its
 * `webhooks.deliver` job, both written through the processor's transaction. The (endpoint, messageId) unique index
 * makes a second handling of the same event insert nothing and enqueue nothing.
 */
export const webhooksProcessor = defineProcessor({
  name: 'webhooks',
  events: WEBHOOK_EVENT_TYPES,
  async handle(event, { tx, jobs }) {
    const type = event.type as WebhookEventType;
    if (!WEBHOOK_EVENT_TYPES.includes(type) || !event.workOrderId) return;
    const endpoints = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enabled, true), sql`${type} = any(${webhookEndpoints.eventTypes})`));
    if (endpoints.length === 0) return;
    const workOrder = await getWorkOrderRow(tx, event.workOrderId);
    const data = payloadDataOf(event, type, {
      id: workOrder.id,
      number: workOrder.number,
      externalId: workOrder.externalId,
    });
    if (!data) return;
    const payload = { type, timestamp: event.at.toISOString(), data };
    const inserted = await tx
      .insert(webhookDeliveries)
      .values(
        endpoints.map((e) => ({
          endpointId: e.id,
          messageId: messageIdOf(event.id),
          eventType: type,
          eventSeq: event.seq,
          payload,
          nextAttemptAt: event.at,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    await jobs.sendMany(
      inserted.map((d) => queued(deliverWebhookJob, { deliveryId: d.id }, { key: d.id })),
      { tx },
    );
  },
});
