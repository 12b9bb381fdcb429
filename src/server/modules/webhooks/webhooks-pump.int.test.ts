import '../../../../test/support/no-network.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventWebhookReceiver } from '../../../../test/fakes/event-webhook-receiver.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import {
  DEFAULT_TEMPLATE_ANSWERS,
  defaultTemplateVersionId,
  invitationFactory,
} from '../../../../test/support/invitations.js';

/**
 * The whole path with the platform running it (#14): a customer's rating commits its events; the event pump's
 * `webhooks` processor records the deliveries and enqueues their jobs in its batch's transaction; the job workers
 * sign and send them; the receiver verifies them with the `standardwebhooks` library.
 */
let t: TestApp;
const receiver = new EventWebhookReceiver();
beforeAll(async () => {
  t = await createTestApp({ work: true, env: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' } });
  await receiver.start();
});
afterAll(async () => {
  await t?.close();
  await receiver.close();
});

describe('webhooks through the event pump and the job workers', () => {
  it('a rating reaches a subscribed endpoint once, signed', { timeout: 120_000 }, async () => {
    const admin = await t.loginAs(['admin']);
    const created = await admin.post('/api/v1/webhook-endpoints', {
      url: `${receiver.url}/hooks`,
      description: 'ERP',
      eventTypes: ['rating.submitted'],
    });
    expect(created.statusCode, created.body).toBe(201);
    receiver.secrets.push(created.json().secret);

    const wo = await workOrderFactory(t.ctx, { externalId: `PUMP-${randomUUID().slice(0, 8)}` });
    const { api } = await invitationFactory(
      t.ctx.db,
      { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
      { templateVersionId: await defaultTemplateVersionId(t.ctx.db), workOrderId: wo.id },
    );
    const rated = await t.anon.post(`${api}/ratings`, { answers: DEFAULT_TEMPLATE_ANSWERS });
    expect(rated.statusCode, rated.body).toBe(201);

    await expect.poll(() => receiver.verified.length, { timeout: 60_000, interval: 100 }).toBe(1);
    expect(receiver.verified[0]?.payload.type).toBe('rating.submitted');
    expect(JSON.stringify(receiver.verified[0]?.payload.data)).toContain(wo.id);
    expect(receiver.rejected).toEqual([]);
    // Nothing more arrives: one event, one delivery.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.requests).toHaveLength(1);
    const status = await admin.get('/api/v1/system/processors');
    // Every processor on the backbone is healthy, whichever modules register one.
    const processors: { name: string; retrying: number; parked: number }[] = status.json().processors;
    expect(processors.map((p) => p.name)).toEqual(
      expect.arrayContaining(['webhooks', 'analytics', 'alerts', 'follow-up-tasks']),
    );
    for (const p of processors) expect(p, p.name).toMatchObject({ retrying: 0, parked: 0 });
  });
});
