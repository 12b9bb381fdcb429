import '../../../../test/support/no-network.js';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventWebhookReceiver } from '../../../../test/fakes/event-webhook-receiver.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { disableAllConfigs, newInvitation, step } from '../../../../test/support/delivery.js';
import { workOrderFactory } from '../../../../test/support/factories.js';
import {
  DEFAULT_TEMPLATE_ANSWERS,
  defaultTemplateVersionId,
  invitationFactory,
} from '../../../../test/support/invitations.js';
import { auditEvents } from '../../db/schema/audit.js';
import { deliveryProblems } from '../../db/schema/delivery.js';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema/webhooks.js';
import { type PositionedEvent, readCommittedEvents, START_POSITION } from '../events/positions.js';
import type { AttemptEnv } from './attempts.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, webhookPayloadSchemas } from './payloads.js';
import { type DeliverPayload, runDeliveryAttempt } from './webhooks.jobs.js';
import { webhooksProcessor } from './webhooks.processor.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const receiver = new EventWebhookReceiver();

beforeAll(async () => {
  t = await createTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' } });
  admin = await t.loginAs(['admin']);
  await receiver.start();
});
afterAll(async () => {
  await t?.close();
  await receiver.close();
});
beforeEach(async () => {
  await t.ctx.db.delete(webhookEndpoints);
  await t.ctx.database.sql.query(`delete from pgboss.job where name = 'webhooks.deliver'`);
});

const env = (): AttemptEnv => ({
  db: t.ctx.db,
  jobs: t.ctx.jobs,
  config: t.ctx.config,
  appSecret: t.ctx.appSecret,
  now: () => new Date(),
});

const ALL_EVENTS: string[] = [...WEBHOOK_EVENT_TYPES];

/** An endpoint on the receiver, subscribed to `eventTypes`; the receiver verifies with its secret. */
async function endpointOn(url: string, eventTypes = ALL_EVENTS) {
  const res = await admin.post('/api/v1/webhook-endpoints', { url, description: 'ERP', eventTypes });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json() as { id: string; secret: string };
  receiver.secrets.push(body.secret);
  return body;
}

/** A customer rating of a new work order through the public API; answers the work order. */
async function rate(answers: Record<string, unknown> = DEFAULT_TEMPLATE_ANSWERS) {
  const wo = await workOrderFactory(t.ctx, { externalId: `ERP-${randomUUID().slice(0, 8)}` });
  const { api } = await invitationFactory(
    t.ctx.db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    { templateVersionId: await defaultTemplateVersionId(t.ctx.db), workOrderId: wo.id },
  );
  const res = await t.anon.post(`${api}/ratings`, { answers });
  expect(res.statusCode, res.body).toBe(201);
  return wo;
}

/**
 * The committed events of a work order, as the processor runner would hand them over: read below the snapshot's
 * xmin, which on a shared PostgreSQL server another database's open transaction may hold back for a moment.
 */
async function eventsOf(workOrderId: string, count = 1): Promise<PositionedEvent[]> {
  for (let tries = 0; ; tries++) {
    const { events } = await readCommittedEvents(t.ctx.db, START_POSITION, 100_000, webhooksProcessor.events);
    const mine = events.filter((e) => e.workOrderId === workOrderId);
    if (mine.length >= count || tries >= 100) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function handle(event: PositionedEvent) {
  await t.ctx.db.transaction((tx) =>
    webhooksProcessor.handle(event, {
      tx,
      jobs: t.ctx.jobs,
      config: t.ctx.config,
      appSecret: t.ctx.appSecret,
      now: () => new Date(),
      log: pino({ level: 'silent' }),
    }),
  );
}

interface QueuedJob {
  id: string;
  data: DeliverPayload;
  start_after: Date;
}
const queued = async () =>
  (
    await t.ctx.database.sql.query<QueuedJob>(
      `select id, data, start_after from pgboss.job where name = 'webhooks.deliver' and state = 'created'
        order by created_on, id`,
    )
  ).rows;

/** Runs every queued deliver job now (the clock jumps to each job's start), until none is left or `max` ran. */
async function drain(max = 50): Promise<QueuedJob[]> {
  const ran: QueuedJob[] = [];
  for (let i = 0; i < max; i++) {
    const [job] = await queued();
    if (!job) break;
    await t.ctx.database.sql.query('delete from pgboss.job where id = $1', [job.id]);
    await runDeliveryAttempt(env(), job.data);
    ran.push(job);
  }
  return ran;
}

const deliveriesOf = (endpointId: string) =>
  t.ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
const endpointRow = async (id: string) =>
  (await t.ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]!;

describe('endpoints: CRUD and validation', () => {
  it('creates with a secret shown once, lists and reads without it, changes, deletes; all audited', async () => {
    const created = await admin.post('/api/v1/webhook-endpoints', {
      url: 'https://erp.example.com/hooks/rateloop',
      eventTypes: ['rating.submitted', 'rating.submitted'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(body.secret.slice(6), 'base64')).toHaveLength(32);
    expect(body).toMatchObject({ enabled: true, eventTypes: ['rating.submitted'], description: '' });

    const one = await admin.get(`/api/v1/webhook-endpoints/${body.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain(body.secret.slice(6, 20));
    expect(one.json()).not.toHaveProperty('secret');
    const list = await admin.get('/api/v1/webhook-endpoints');
    expect(list.json().items.map((e: { id: string }) => e.id)).toEqual([body.id]);
    expect(list.body).not.toContain(body.secret.slice(6, 20));

    const patched = await admin.patch(`/api/v1/webhook-endpoints/${body.id}`, {
      description: 'ERP',
      eventTypes: ['invitation.failed'],
      enabled: false,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ description: 'ERP', eventTypes: ['invitation.failed'], enabled: false });

    expect((await admin.delete(`/api/v1/webhook-endpoints/${body.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/webhook-endpoints/${body.id}`)).statusCode).toBe(404);
    const audits = await t.ctx.db
      .select({ action: auditEvents.action, after: auditEvents.after })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, body.id));
    expect(audits.map((a) => a.action).sort()).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.deleted',
      'webhook_endpoint.updated',
    ]);
    expect(JSON.stringify(audits)).not.toContain(body.secret.slice(6, 20));
  });

  it.each([
    ['ftp://erp.example.com/hook', 'webhook_url_scheme'],
    ['https://user:pass@erp.example.com/hook', 'webhook_url_credentials'],
    ['not a url', 'invalid_url'],
    [`https://erp.example.com/${'a'.repeat(2048)}`, 'too_long'],
  ])('refuses the URL %s with 400 naming url (%s)', async (url, code) => {
    const res = await admin.post('/api/v1/webhook-endpoints', { url, eventTypes: ['rating.submitted'] });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'url', code })]);
  });

  it('refuses an empty or unknown event selection', async () => {
    for (const eventTypes of [[], ['case.exploded'], ['webhook.test']]) {
      const res = await admin.post('/api/v1/webhook-endpoints', { url: 'https://erp.example.com/h', eventTypes });
      expect(res.statusCode, JSON.stringify(eventTypes)).toBe(400);
      expect(res.json().errors[0].path).toMatch(/^eventTypes/);
    }
  });

  it('only admins (and keys with webhooks:manage) may manage webhooks', async () => {
    for (const role of ['supervisor', 'engineer', 'follow_up_agent', 'analyst']) {
      const other = await t.loginAs([role]);
      expect((await other.get('/api/v1/webhook-endpoints')).statusCode, role).toBe(403);
    }
    const key = await admin.post('/api/v1/api-keys', { name: 'erp', scopes: ['webhooks:manage'] });
    expect(key.statusCode, key.body).toBe(201);
    const withKey = t.withApiKey(key.json().key);
    expect((await withKey.get('/api/v1/webhook-endpoints')).statusCode).toBe(200);
  });

  it('re-enabling an endpoint the platform disabled clears the reason and the failure run', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`);
    await t.ctx.db
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: 'gone', failingSince: new Date() })
      .where(eq(webhookEndpoints.id, id));
    const res = await admin.patch(`/api/v1/webhook-endpoints/${id}`, { enabled: true });
    expect(res.json()).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });
});

describe('the webhooks processor', () => {
  it('inserts one delivery per subscribed endpoint, once even when the event is handled twice', async () => {
    const ratings = await endpointOn(`${receiver.url}/hook`, ['rating.submitted']);
    const failures = await endpointOn(`${receiver.url}/hook`, ['invitation.failed']);
    await admin.patch(`/api/v1/webhook-endpoints/${(await endpointOn(`${receiver.url}/x`)).id}`, { enabled: false });
    const wo = await rate();
    const [event] = await eventsOf(wo.id);
    expect(event?.type).toBe('rating.submitted');
    await handle(event!);
    await handle(event!);
    const rows = await deliveriesOf(ratings.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ messageId: `msg_${event!.id}`, eventType: 'rating.submitted', status: 'pending' });
    expect(rows[0]!.payload).toEqual({
      type: 'rating.submitted',
      timestamp: event!.at.toISOString(),
      data: {
        version: 1,
        ratingId: expect.any(String),
        invitationId: expect.any(String),
        workOrder: { id: wo.id, number: wo.number, externalId: wo.externalId },
        score: 80,
        stars: expect.any(Number),
        class: expect.any(String),
      },
    });
    expect(JSON.stringify(rows[0]!.payload)).not.toContain('13800000000');
    expect(await deliveriesOf(failures.id)).toEqual([]);
    expect((await queued()).map((j) => j.data)).toEqual([{ deliveryId: rows[0]!.id }]);
  });

  it('delivers signed events that the standardwebhooks library verifies', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`);
    const wo = await rate({ response_speed: 1, technical_ability: 1, attitude: 2, problem_resolved: false });
    const events = await eventsOf(wo.id, 2);
    expect(events.map((e) => e.type)).toEqual(['rating.submitted', 'rating.negative']);
    for (const e of events) await handle(e);
    await drain();
    const rows = await deliveriesOf(id);
    expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const got = receiver.verified.filter((v) => events.some((e) => v.id === `msg_${e.id}`));
    expect(got.map((g) => g.payload.type).sort()).toEqual(['rating.negative', 'rating.submitted']);
    expect(got[0]!.payload.data).toMatchObject({ version: 1, workOrder: { id: wo.id, externalId: wo.externalId } });
    for (const g of got) webhookPayloadSchemas[g.payload.type as WebhookEventType].parse(g.payload);
    const detail = await admin.get(`/api/v1/webhook-deliveries/${rows[0]!.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().attemptLog).toEqual([
      expect.objectContaining({
        attempt: 1,
        responseStatus: 204,
        error: null,
        requestHeaders: expect.objectContaining({ 'webhook-id': rows[0]!.messageId }),
      }),
    ]);
    const list = await admin.get(`/api/v1/webhook-endpoints/${id}/deliveries?eventType=rating.negative`);
    expect(list.json().items.map((d: { eventType: string }) => d.eventType)).toEqual(['rating.negative']);
  });

  it('sends invitation.failed with the reason, for an invitation no channel could deliver', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`, ['invitation.failed']);
    await disableAllConfigs(t);
    const wo = await workOrderFactory(t.ctx);
    const inv = await newInvitation(t, {
      channels: ['sms'],
      workOrderId: wo.id,
      contact: { name: 'Li Lei', phone: '+15550123456', locale: 'en' },
    });
    await step(t, { invitationId: inv.id });
    const [event] = await eventsOf(wo.id);
    expect(event?.type).toBe('invitation.failed');
    await handle(event!);
    await drain();
    const got = receiver.verified.find((v) => v.id === `msg_${event!.id}`);
    expect(got?.payload).toEqual({
      type: 'invitation.failed',
      timestamp: event!.at.toISOString(),
      data: {
        version: 1,
        invitationId: inv.id,
        workOrder: { id: wo.id, number: wo.number, externalId: null },
        reason: 'all_channels_failed',
      },
    });
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(['succeeded']);
  });
});

describe('case events', () => {
  it('a case opened by hand and moved sends case.opened and case.status_changed, per their schemas', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`, ['case.opened', 'case.status_changed']);
    const wo = await rate({ response_speed: 1, technical_ability: 1, attitude: 1, problem_resolved: false });
    const [submitted] = await eventsOf(wo.id);
    const opened = await admin.post('/api/v1/cases', { ratingId: submitted!.subjectId, severity: 'high' });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    const moved = await admin.post(`/api/v1/cases/${caseId}/status`, { status: 'contacted', note: 'Called' });
    expect(moved.statusCode, moved.body).toBe(200);
    const events = (await eventsOf(wo.id, 4)).filter((e) => e.type.startsWith('case.'));
    expect(events.map((e) => e.type)).toEqual(['case.opened', 'case.status_changed']);
    for (const e of events) await handle(e);
    await drain();
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
    const got = receiver.verified.filter((v) => events.some((e) => v.id === `msg_${e.id}`));
    for (const g of got) webhookPayloadSchemas[g.payload.type as WebhookEventType].parse(g.payload);
    expect(got.find((g) => g.payload.type === 'case.status_changed')?.payload.data).toEqual({
      version: 1,
      caseId,
      number: opened.json().number,
      workOrder: { id: wo.id, number: wo.number, externalId: wo.externalId },
      from: 'open',
      to: 'contacted',
      ownerId: opened.json().ownerId,
    });
  });
});

describe('retries: the receiver down for a while', () => {
  it('connection refused, then 503s: after it comes back every event is delivered, none lost', async () => {
    // A port nobody listens on: connection refused.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { id } = await endpointOn(`http://127.0.0.1:${deadPort}/hook`);
    const orders = [await rate(), await rate(), await rate()];
    for (const wo of orders) for (const e of await eventsOf(wo.id)) await handle(e);

    // Two tries each while refused: the next tries are scheduled (5 s, then 5 min later).
    const before = Date.now();
    expect(await drain(3)).toHaveLength(3);
    for (const job of await queued()) {
      expect(job.data.attempt).toBe(2);
      const wait = new Date(job.start_after).getTime() - before;
      expect(wait).toBeGreaterThan(4000);
      expect(wait).toBeLessThan(8000);
    }
    expect(await drain(3)).toHaveLength(3);
    expect((await queued()).map((j) => j.data.attempt)).toEqual([3, 3, 3]);
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    expect(await endpointRow(id)).toMatchObject({ enabled: true, failingSince: expect.any(Date) });

    // It comes back answering 503 once, then verifies and accepts.
    await admin.patch(`/api/v1/webhook-endpoints/${id}`, { url: `${receiver.url}/hook` });
    receiver.answerNext(1, { status: 503 });
    await drain();
    const rows = await deliveriesOf(id);
    expect(rows.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (const r of rows) expect(receiver.verified.some((v) => v.id === r.messageId)).toBe(true);
    expect(rows.map((r) => r.attempts).sort()).toEqual([3, 3, 4]);
    expect((await endpointRow(id)).failingSince).toBeNull();
    const attempts = await t.ctx.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, rows.find((r) => r.attempts === 4)!.id));
    expect(attempts.map((a) => a.responseStatus)).toEqual(expect.arrayContaining([null, null, 503, 204]));
    expect(attempts.find((a) => a.responseStatus === null)!.error).toMatch(/ECONNREFUSED/);
  });

  it('honours Retry-After: the next try no earlier than the receiver asks', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`);
    receiver.answerNext(1, { status: 429, headers: { 'retry-after': '3600' } });
    const before = Date.now();
    await admin.post(`/api/v1/webhook-endpoints/${id}/test`);
    const [job] = await queued();
    expect(new Date(job!.start_after).getTime() - before).toBeGreaterThanOrEqual(3600_000 - 1000);
  });

  it('a delivery failing every try ends failed after the eighth', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`);
    receiver.answerNext(8, { status: 500 });
    const res = await admin.post(`/api/v1/webhook-endpoints/${id}/test`);
    expect(res.json()).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await drain()).toHaveLength(7);
    const [row] = await deliveriesOf(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null, lastStatusCode: 500 });
  });
});

describe('disabling', () => {
  it('410 Gone disables the endpoint and ends the delivery; later deliveries are not sent', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`);
    receiver.answerNext(1, { status: 410 });
    const res = await admin.post(`/api/v1/webhook-endpoints/${id}/test`);
    expect(res.json()).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410 });
    expect(await endpointRow(id)).toMatchObject({ enabled: false, disabledReason: 'gone' });
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'webhook_endpoint.disabled')));
    expect(audit).toHaveLength(1);
    expect(await queued()).toEqual([]);
  });

  it('a failure after 5 days of failures disables it and tells the admins (a delivery problem)', async () => {
    await t.ctx.db.delete(deliveryProblems);
    const { id } = await endpointOn(`${receiver.url}/hook`);
    await t.ctx.db
      .update(webhookEndpoints)
      .set({ failingSince: new Date(Date.now() - 6 * 24 * 3600_000) })
      .where(eq(webhookEndpoints.id, id));
    receiver.answerNext(1, { status: 503 });
    await admin.post(`/api/v1/webhook-endpoints/${id}/test`);
    expect(await endpointRow(id)).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const problems = await t.ctx.db.select().from(deliveryProblems);
    expect(problems).toEqual([
      expect.objectContaining({ channel: 'webhook', code: `endpoint_failing:${id}`, lastInvitationId: null }),
    ]);
    const notices = await t.ctx.database.sql.query(
      `select 1 from pgboss.job where name = 'delivery.notify_problem' and data->>'problemId' = $1`,
      [problems[0]!.id],
    );
    expect(notices.rows).toHaveLength(1);
    // The scheduled retry finds the endpoint disabled and sends nothing.
    const sent = receiver.requests.length;
    await drain();
    expect(receiver.requests.length).toBe(sent);
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(['pending']);

    // Enabled again: the delivery left pending goes out.
    const enabled = await admin.patch(`/api/v1/webhook-endpoints/${id}`, { enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await drain();
    expect((await deliveriesOf(id)).map((d) => [d.status, d.attempts])).toEqual([['succeeded', 2]]);
  });
});

describe('replay', () => {
  it('replays one delivery now with the same webhook-id, and every delivery since an instant', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`);
    const first = (await admin.post(`/api/v1/webhook-endpoints/${id}/test`)).json();
    const since = new Date().toISOString();
    const second = (await admin.post(`/api/v1/webhook-endpoints/${id}/test`)).json();
    expect([first.status, second.status]).toEqual(['succeeded', 'succeeded']);

    const replayed = await admin.post(`/api/v1/webhook-deliveries/${first.id}/replay`);
    expect(replayed.statusCode, replayed.body).toBe(200);
    expect(replayed.json()).toMatchObject({ status: 'succeeded', attempts: 2, messageId: first.messageId });
    const ids = replayed
      .json()
      .attemptLog.map((a: { requestHeaders: Record<string, string> }) => a.requestHeaders['webhook-id']);
    expect(ids).toEqual([first.messageId, first.messageId]);

    const bulk = await admin.post(`/api/v1/webhook-endpoints/${id}/replay`, { since });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json()).toEqual({ count: 1 });
    const before = receiver.requests.length;
    await drain();
    expect(receiver.requests.length).toBe(before + 1);
    expect(receiver.requests.at(-1)!.headers['webhook-id']).toBe(second.messageId);
    const [again] = await t.ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, second.id));
    expect(again).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('a replay since an instant of a disabled endpoint is refused (409)', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`);
    await admin.patch(`/api/v1/webhook-endpoints/${id}`, { enabled: false });
    const res = await admin.post(`/api/v1/webhook-endpoints/${id}/replay`, { since: new Date().toISOString() });
    expect(res.statusCode).toBe(409);
  });
});

describe('secret rotation', () => {
  it('during the overlap both signatures verify; without overlap only the new one', async () => {
    const { id, secret: old } = await endpointOn(`${receiver.url}/hook`);
    const rotated = await admin.post(`/api/v1/webhook-endpoints/${id}/rotate-secret`, { overlapHours: 24 });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(rotated.json().previousSecretExpiresAt).not.toBeNull();
    await admin.post(`/api/v1/webhook-endpoints/${id}/test`);
    const signature = String(receiver.requests.at(-1)!.headers['webhook-signature']);
    expect(signature.split(' ')).toHaveLength(2);
    expect(receiver.lastVerifiesWith(old)).toBe(true);
    expect(receiver.lastVerifiesWith(fresh)).toBe(true);

    const again = await admin.post(`/api/v1/webhook-endpoints/${id}/rotate-secret`, { overlapHours: 0 });
    const newest = again.json().secret as string;
    receiver.secrets.push(newest);
    await admin.post(`/api/v1/webhook-endpoints/${id}/test`);
    expect(String(receiver.requests.at(-1)!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(receiver.lastVerifiesWith(newest)).toBe(true);
    expect(receiver.lastVerifiesWith(fresh)).toBe(false);
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'webhook_endpoint.secret_rotated')));
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain(newest.slice(6, 20));
  });

  it('refuses an overlap beyond a week', async () => {
    const { id } = await endpointOn(`${receiver.url}/hook`);
    const res = await admin.post(`/api/v1/webhook-endpoints/${id}/rotate-secret`, { overlapHours: 169 });
    expect(res.statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents each event’s payload under the top-level webhooks', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.webhooks).sort()).toEqual([...ALL_EVENTS, 'webhook.test'].sort());
    const schema = doc.webhooks['rating.submitted'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.data.properties.version).toMatchObject({ const: 1 });
  });
});
