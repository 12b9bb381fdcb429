import '../../../../test/support/no-network.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GenericSmsFake } from '../../../../test/fakes/generic-sms.js';
import { SmtpFake } from '../../../../test/fakes/smtp.js';
import { TwilioFake } from '../../../../test/fakes/twilio.js';
import { WebhookReceiverFake } from '../../../../test/fakes/webhook-receiver.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  disableAllConfigs,
  genericSmsConfig,
  newInvitation,
  runToEnd,
  smtpConfig,
  step,
  twilioConfig,
  webhookConfig,
} from '../../../../test/support/delivery.js';
import { invitationDeliveries } from '../../db/schema/delivery.js';
import { invitations } from '../../db/schema/invitations.js';
import { workOrderTimeline } from '../events/events.service.js';
import { attemptsOf } from './attempts.js';
import { unsubscribeUrl } from './compose.js';
import { sweepReminders } from './delivery.jobs.js';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from './delivery-settings.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const smtp = new SmtpFake();
const twilio = new TwilioFake();
const gw = new GenericSmsFake();
const hook = new WebhookReceiverFake();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await Promise.all([smtp.start(), twilio.start(), gw.start(), hook.start()]);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([smtp.stop(), twilio.close(), gw.close(), hook.close()]);
});
beforeEach(async () => {
  await disableAllConfigs(t);
  await putSettings({});
});

async function putSettings(over: Partial<DeliverySettings>) {
  const res = await admin.request({
    method: 'PUT',
    url: '/api/v1/delivery-settings',
    payload: { ...DEFAULT_DELIVERY_SETTINGS, retry: { maxRetries: 3, baseSeconds: 30 }, ...over },
  });
  expect(res.statusCode, res.body).toBe(200);
}

const statusOf = async (id: string) => (await t.ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0]!;
const mailsTo = (addr: string) => smtp.mails.filter((m) => m.envelope.to.includes(addr));
const contact = (tag: string) => ({
  name: 'Li Lei',
  email: `${tag}-${Math.random().toString(36).slice(2, 8)}@example.com`,
  phone: `+1555${Math.floor(1000000 + Math.random() * 8999999)}`,
  locale: 'en',
});

describe('priority chain', () => {
  it('first channel quota error → second succeeds → third never called', async () => {
    await twilioConfig(admin, twilio);
    await smtpConfig(admin, smtp);
    await webhookConfig(admin, hook);
    const c = contact('chain');
    const inv = await newInvitation(t, { channels: ['sms', 'email', 'webhook'], contact: c });
    const hooksBefore = hook.received.length;
    twilio.failNext(1, 'account_not_active');
    expect(await step(t, { invitationId: inv.id })).toEqual([]);

    const row = await statusOf(inv.id);
    expect(row.status).toBe('delivered');
    expect(row.deliveredAt).not.toBeNull();
    expect(mailsTo(c.email)).toHaveLength(1);
    expect(hook.received.length).toBe(hooksBefore);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.channel, a.status, a.errorKind])).toEqual([
      ['sms', 'failed', 'quota'],
      ['email', 'succeeded', null],
    ]);
    const mail = mailsTo(c.email)[0]!;
    expect(mail.parsed.text).toContain(`${t.ctx.config.publicBaseUrl}/r/`);
    expect(mail.raw.replace(/\r?\n[ \t]+/g, ' ')).toMatch(/List-Unsubscribe: <[^>]*\/u\//);

    const timeline = await workOrderTimeline(t.ctx.db, inv.workOrderId);
    expect(timeline.map((e) => e.type)).toEqual(['invitation.sent', 'invitation.sent', 'invitation.delivered']);

    const wo = await admin.get(`/api/v1/work-orders/${inv.workOrderId}/invitations`);
    // The invitation's work order does not exist here; the presentation is covered in the worker test.
    expect([200, 404]).toContain(wo.statusCode);
  });

  it('permanent failure → next channel at once; skips channels without a contact address', async () => {
    await twilioConfig(admin, twilio);
    await smtpConfig(admin, smtp);
    await webhookConfig(admin, hook);
    const inv = await newInvitation(t, {
      channels: ['wechat', 'sms', 'webhook'],
      contact: { name: 'X', phone: '+15550000001', locale: 'en' },
    });
    twilio.failNext(1, 'invalid_number');
    const before = hook.received.length;
    expect(await step(t, { invitationId: inv.id })).toEqual([]);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.channel, a.status, a.errorKind, a.errorCode])).toEqual([
      ['wechat', 'failed', 'skipped', 'no_contact'],
      ['sms', 'failed', 'permanent', '21211'],
      ['webhook', 'succeeded', null, null],
    ]);
    expect(hook.received.length).toBe(before + 1);
    expect((await statusOf(inv.id)).status).toBe('delivered');
  });

  it('transient failures retry the same channel with exponential backoff, then succeed', async () => {
    await smtpConfig(admin, smtp);
    const c = contact('retry');
    const inv = await newInvitation(t, { channels: ['email'], contact: c });
    smtp.rejectNext(2, 451, '4.3.0 Try again later');
    const requeued = await runToEnd(t, { invitationId: inv.id });
    expect(requeued).toHaveLength(2);
    expect(requeued.map((r) => r.key)).toEqual([`${inv.id}:0:email:2`, `${inv.id}:0:email:3`]);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.attemptNo, a.status, a.errorKind])).toEqual([
      [1, 'failed', 'transient'],
      [2, 'failed', 'transient'],
      [3, 'succeeded', null],
    ]);
    // 30 s, then 60 s after the failed attempt finished
    const gap1 = requeued[0]!.startAfter.getTime() - attempts[0]!.finishedAt!.getTime();
    const gap2 = requeued[1]!.startAfter.getTime() - attempts[1]!.finishedAt!.getTime();
    expect(gap1).toBe(30_000);
    expect(gap2).toBe(60_000);
    expect(mailsTo(c.email)).toHaveLength(1);
    expect((await statusOf(inv.id)).status).toBe('delivered');
  });

  it('honours Retry-After and gives up after the bounded retries → failed', async () => {
    await twilioConfig(admin, twilio);
    await putSettings({ retry: { maxRetries: 2, baseSeconds: 1 } });
    const inv = await newInvitation(t, { channels: ['sms'], contact: contact('giveup') });
    twilio.failNext(3, 'rate_limit'); // Retry-After: 7
    const requeued = await runToEnd(t, { invitationId: inv.id });
    expect(requeued).toHaveLength(2);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(requeued[0]!.startAfter.getTime() - attempts[0]!.finishedAt!.getTime()).toBe(7000);
    expect(attempts).toHaveLength(3);
    const row = await statusOf(inv.id);
    expect(row.status).toBe('failed');
    const timeline = await workOrderTimeline(t.ctx.db, inv.workOrderId);
    expect(timeline.at(-1)).toMatchObject({ type: 'invitation.failed', data: { reason: 'all_channels_failed' } });
  });
});

describe('all channels', () => {
  it('sends on every channel, each with its own retries; delivered when one succeeded', async () => {
    await twilioConfig(admin, twilio);
    await smtpConfig(admin, smtp);
    await webhookConfig(admin, hook);
    const c = contact('all');
    const inv = await newInvitation(t, { channels: ['sms', 'email', 'webhook'], contact: c, policy: 'all' });
    twilio.failNext(1, 'server_error');
    const twilioBefore = twilio.messages.length;
    const hooksBefore = hook.received.length;
    const first = await step(t, { invitationId: inv.id });
    expect((await statusOf(inv.id)).status).toBe('delivered');
    expect(first).toHaveLength(1); // the SMS retry
    expect(mailsTo(c.email)).toHaveLength(1);
    expect(hook.received.length).toBe(hooksBefore + 1);
    await runToEnd(t, first[0]!.payload, new Date(first[0]!.startAfter.getTime() + 1));
    expect(twilio.messages.length).toBe(twilioBefore + 1);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(
      attempts
        .filter((a) => a.status === 'succeeded')
        .map((a) => a.channel)
        .sort(),
    ).toEqual(['email', 'sms', 'webhook']);
  });
});

const killWorker = () => {
  throw new Error('worker killed');
};

describe('no duplicate send', () => {
  it('a worker killed after the provider accepted: the retried job resends with the same key, the gateway dedupes', async () => {
    await genericSmsConfig(admin, gw.url, gw.token);
    const c = contact('crash');
    const inv = await newInvitation(t, { channels: ['sms'], contact: c });
    await expect(
      step(t, { invitationId: inv.id }, { jobId: 'job-1', afterProviderAnswer: killWorker }),
    ).rejects.toThrow('worker killed');
    expect((await attemptsOf(t.ctx.db, inv.id))[0]!.status).toBe('sending');
    await step(t, { invitationId: inv.id }, { jobId: 'job-1' }); // pg-boss retry: same job id
    expect(gw.messages.filter((m) => m.to === c.phone)).toHaveLength(1);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.attemptNo, a.status])).toEqual([[1, 'succeeded']]);
    expect((await statusOf(inv.id)).status).toBe('delivered');
  });

  it('SMTP (no dedupe): the interrupted attempt is marked unknown and never resent', async () => {
    await smtpConfig(admin, smtp);
    const c = contact('crash-mail');
    const inv = await newInvitation(t, { channels: ['email'], contact: c });
    await expect(
      step(t, { invitationId: inv.id }, { jobId: 'job-2', afterProviderAnswer: killWorker }),
    ).rejects.toThrow('worker killed');
    await step(t, { invitationId: inv.id }, { jobId: 'job-2' });
    await step(t, { invitationId: inv.id }, { jobId: 'job-3' });
    expect(mailsTo(c.email)).toHaveLength(1);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.status, a.errorKind])).toEqual([['failed', 'unknown']]);
  });

  it('SMTP: no acknowledgement after the message was sent → unknown, not resent; the chain moves on', async () => {
    await smtpConfig(admin, smtp, { socketTimeoutMs: 1000 });
    await webhookConfig(admin, hook);
    const c = contact('late-ack');
    const inv = await newInvitation(t, { channels: ['email', 'webhook'], contact: c });
    smtp.slowAck(2000);
    try {
      expect(await runToEnd(t, { invitationId: inv.id })).toEqual([]);
    } finally {
      smtp.slowAck(0);
    }
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.channel, a.status, a.errorKind, a.errorCode])).toEqual([
      ['email', 'failed', 'unknown', 'smtp_no_ack'],
      ['webhook', 'succeeded', null, null],
    ]);
    await new Promise((r) => setTimeout(r, 1200));
    expect(mailsTo(c.email)).toHaveLength(1);
  });

  it('webhook retries keep one webhook-id, so the receiver processes the invitation once', async () => {
    await putSettings({ retry: { maxRetries: 3, baseSeconds: 1 } });
    await webhookConfig(admin, hook);
    const inv = await newInvitation(t, { channels: ['webhook'], contact: contact('hook-retry') });
    const before = hook.requests.length;
    hook.answerNext(2, { status: 503 });
    expect(await runToEnd(t, { invitationId: inv.id })).toHaveLength(2);
    const attempts = await attemptsOf(t.ctx.db, inv.id);
    expect(attempts.map((a) => [a.attemptNo, a.status, a.errorKind])).toEqual([
      [1, 'failed', 'transient'],
      [2, 'failed', 'transient'],
      [3, 'succeeded', null],
    ]);
    const eventId = `msg_${inv.id}_0`;
    expect(hook.requests.slice(before).map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId, eventId]);
    expect(hook.received.filter((r) => r.id === eventId)).toHaveLength(1);
    expect((await statusOf(inv.id)).status).toBe('delivered');
  });

  it('another live run holding the attempt makes this run fail (pg-boss retries it later)', async () => {
    await genericSmsConfig(admin, gw.url, gw.token);
    const inv = await newInvitation(t, { channels: ['sms'], contact: contact('inflight') });
    await expect(
      step(t, { invitationId: inv.id }, { jobId: 'job-a', afterProviderAnswer: killWorker }),
    ).rejects.toThrow();
    await expect(step(t, { invitationId: inv.id }, { jobId: 'job-b' })).rejects.toThrow(/another run/);
  });
});

describe('opt-out and unsubscribe', () => {
  it('GET shows a confirmation and does not opt out; POST opts out; the channel is then skipped', async () => {
    await smtpConfig(admin, smtp);
    await webhookConfig(admin, hook);
    const c = contact('optout');
    const first = await newInvitation(t, { channels: ['email'], contact: c });
    const url = new URL(
      unsubscribeUrl({ appSecret: t.ctx.appSecret, publicBaseUrl: '' }, first.id, 'email'),
      'http://x',
    );

    const get = await t.anon.get(url.pathname);
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('<form method="post"');
    const second = await newInvitation(t, { channels: ['email'], contact: c, source: 'manual' });
    await step(t, { invitationId: second.id });
    expect(mailsTo(c.email)).toHaveLength(1); // GET alone did not opt out

    const post = await t.anon.request({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain('unsubscribed');

    const third = await newInvitation(t, { channels: ['email', 'webhook'], contact: c, source: 'manual' });
    await step(t, { invitationId: third.id });
    expect(mailsTo(c.email)).toHaveLength(1);
    const attempts = await attemptsOf(t.ctx.db, third.id);
    expect(attempts.map((a) => [a.channel, a.errorCode])).toEqual([
      ['email', 'opted_out'],
      ['webhook', null],
    ]);
    expect((await t.anon.get('/u/not-a-token')).statusCode).toBe(404);
  });
});

describe('quiet hours', () => {
  it('a send due inside quiet hours waits for their end (organisation time zone)', async () => {
    await smtpConfig(admin, smtp);
    await putSettings({ quietHours: { start: '21:00', end: '08:00' } });
    const c = contact('quiet');
    const inv = await newInvitation(t, { channels: ['email'], contact: c });
    // 23:30 in Asia/Shanghai (the default time zone) = 15:30 UTC
    const requeued = await step(t, { invitationId: inv.id }, { now: new Date('2026-03-10T15:30:00Z') });
    expect(requeued).toHaveLength(1);
    expect(requeued[0]!.startAfter.toISOString()).toBe('2026-03-11T00:00:00.000Z'); // 08:00 CST
    expect(mailsTo(c.email)).toHaveLength(0);
    expect((await statusOf(inv.id)).status).toBe('pending');
    await step(t, requeued[0]!.payload, { now: new Date('2026-03-11T00:00:01Z') });
    expect(mailsTo(c.email)).toHaveLength(1);
  });
});

describe('fatigue cap', () => {
  it('no new automatic invitation to the same contact within N days; manual sends bypass', async () => {
    await smtpConfig(admin, smtp);
    await putSettings({ fatigueDays: 30 });
    const c = contact('fatigue');
    const a = await newInvitation(t, { channels: ['email'], contact: c });
    await step(t, { invitationId: a.id });
    const b = await newInvitation(t, { channels: ['email'], contact: { ...c, email: c.email.toUpperCase() } });
    await step(t, { invitationId: b.id });
    expect(mailsTo(c.email)).toHaveLength(1);
    expect((await statusOf(b.id)).status).toBe('failed');
    const [d] = await t.ctx.db.select().from(invitationDeliveries).where(eq(invitationDeliveries.invitationId, b.id));
    expect(d!.failureReason).toBe('fatigue');
    const m = await newInvitation(t, { channels: ['email'], contact: c, source: 'manual' });
    await step(t, { invitationId: m.id });
    expect(mailsTo(c.email)).toHaveLength(2);
  });
});

describe('reminders', () => {
  it('reminds through the channel that succeeded, up to maxCount, after minGapHours, stops on submission', async () => {
    await smtpConfig(admin, smtp);
    await putSettings({ reminders: { maxCount: 2, minGapHours: 1 } });
    const c = contact('remind');
    const inv = await newInvitation(t, { channels: ['email'], contact: c });
    const t0 = Date.now();
    await step(t, { invitationId: inv.id }, { now: new Date(t0) });
    expect(mailsTo(c.email)).toHaveLength(1);

    const sweep = async (hours: number) => {
      const sent: { round: number }[] = [];
      // A stand-in queue that records what the sweep enqueues (in one statement), so each reminder runs right here.
      const jobs = {
        sendMany: async (items: { payload: { invitationId: string; round: number } }[]) => {
          for (const { payload } of items) if (payload.invitationId === inv.id) sent.push(payload);
        },
      } as unknown as Parameters<typeof sweepReminders>[1];
      const at = new Date(t0 + hours * 3_600_000);
      await sweepReminders(t.ctx.db, jobs, at);
      for (const s of sent) await step(t, { invitationId: inv.id, round: s.round }, { now: at });
      return sent.length;
    };
    expect(await sweep(0.5)).toBe(0); // gap not reached
    expect(await sweep(2)).toBe(1);
    expect(mailsTo(c.email)).toHaveLength(2);
    // The invitation went out with the invitation template, the reminder with the reminder template (#11).
    expect(mailsTo(c.email).map((m) => m.parsed.subject)).toEqual([
      expect.stringMatching(/^请评价您的服务：|^How did we do\?/),
      expect.stringMatching(/^提醒：请评价您的服务|^Reminder: how did we do\?/),
    ]);
    expect(await sweep(2.5)).toBe(0); // the reminder just went out: gap counts from it
    expect(await sweep(3.5)).toBe(1);
    expect(await sweep(8)).toBe(0); // maxCount reached
    expect(mailsTo(c.email)).toHaveLength(3);
    const [d] = await t.ctx.db.select().from(invitationDeliveries).where(eq(invitationDeliveries.invitationId, inv.id));
    expect(d).toMatchObject({ reminderCount: 2 });
    expect(d!.lastReminderAt).not.toBeNull();

    const other = await newInvitation(t, { channels: ['email'], contact: contact('remind2') });
    await step(t, { invitationId: other.id });
    await t.ctx.db
      .update(invitations)
      .set({ submissionCount: 1, status: 'submitted' })
      .where(eq(invitations.id, other.id));
    const jobs = { sendMany: async () => {} } as unknown as Parameters<typeof sweepReminders>[1];
    const before = smtp.mails.length;
    await sweepReminders(t.ctx.db, jobs, new Date(Date.now() + 5 * 3_600_000));
    await step(t, { invitationId: other.id, round: 1 }); // even if a reminder job existed, a submitted one stops
    expect(smtp.mails.length).toBe(before);
  });
});

describe('delivery settings API', () => {
  it('GET needs channels.read, PUT channels.write and validates', async () => {
    const analyst = await t.loginAs(['analyst']);
    expect(
      (await analyst.request({ method: 'PUT', url: '/api/v1/delivery-settings', payload: DEFAULT_DELIVERY_SETTINGS }))
        .statusCode,
    ).toBe(403);
    const bad = await admin.request({
      method: 'PUT',
      url: '/api/v1/delivery-settings',
      payload: { ...DEFAULT_DELIVERY_SETTINGS, quietHours: { start: '25:00', end: '08:00' } },
    });
    expect(bad.statusCode).toBe(400);
    expect((await admin.get('/api/v1/delivery-settings')).json()).toMatchObject({ quietHours: null });
  });
});
