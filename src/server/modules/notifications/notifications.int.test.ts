import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../../../../test/fakes/smtp.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { disableAllConfigs, smtpConfig } from '../../../../test/support/delivery.js';
import { departmentFactory, employeeFactory } from '../../../../test/support/factories.js';
import { domainEvents } from '../../db/schema/events.js';
import { notificationSends, notifications } from '../../db/schema/notifications.js';
import type { PositionedEvent } from '../events/positions.js';
import { fileNotifications } from './filing.js';
import { sendNotifications } from './sending.js';

let t: TestApp;
const smtp = new SmtpFake();
beforeAll(async () => {
  await smtp.start();
  t = await createTestApp();
  const admin = await t.loginAs(['admin']);
  await disableAllConfigs(t);
  await smtpConfig(admin, smtp);
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

let seq = 0;
function eventOf(type: string, data: Record<string, unknown>, extra: Partial<PositionedEvent> = {}): PositionedEvent {
  seq++;
  return {
    seq,
    txid: '1',
    id: randomUUID(),
    type,
    workOrderId: null,
    subjectType: 'case',
    subjectId: randomUUID(),
    actorType: 'system',
    actorId: null,
    actorName: null,
    data,
    at: new Date(),
    position: { txid: '1', seq },
    ...extra,
  } as PositionedEvent;
}

const file = (event: PositionedEvent, now: Date) =>
  t.ctx.db.transaction((tx) => fileNotifications(tx, t.ctx.jobs, event, now));

const send = (sendId: string, now: Date) =>
  sendNotifications(
    {
      db: t.ctx.db,
      appSecret: t.ctx.appSecret,
      log: pino({ level: 'silent' }),
      consoleUrl: 'http://console.test',
      now: () => now,
    },
    sendId,
  );

const pendingSends = (employeeId: string) =>
  t.ctx.db
    .select()
    .from(notificationSends)
    .where(sql`${notificationSends.employeeId} = ${employeeId} and ${notificationSends.status} = 'pending'`);

/** A person told at once: quiet hours off (the seeded default calendar would hold a test run at night). */
async function person(prefs: Record<string, unknown> = { quietHours: false }) {
  const client = await t.loginAs(['supervisor']);
  const email = `sup-${randomUUID().slice(0, 8)}@example.com`;
  await t.ctx.db.execute(sql`update employees set email = ${email} where id = ${client.employeeId}`);
  const res = await client.patch('/api/v1/notifications/preferences', prefs);
  expect(res.statusCode, res.body).toBe(200);
  return Object.assign(client, { email });
}

const THURSDAY_11H_SHANGHAI = new Date('2026-12-03T03:00:00Z');

describe('notifications', () => {
  it('files one inbox item per person named, never twice, skips inactive people, and shows only their own', async () => {
    const a = await person();
    const b = await person();
    const gone = await employeeFactory(t.ctx.db, { active: false });
    const event = eventOf(
      'alert.raised',
      {
        ruleName: '差评',
        severity: 'high',
        caseNumber: 42,
        caseId: null,
        notify: [a.employeeId, b.employeeId, gone.id, a.employeeId],
      },
      { subjectType: 'alert' },
    );
    expect(await file(event, THURSDAY_11H_SHANGHAI)).toBe(2);
    expect(await file(event, THURSDAY_11H_SHANGHAI)).toBe(0); // a replayed event
    const inbox = (await a.get('/api/v1/notifications')).json();
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({
      kind: 'alert',
      severity: 'high',
      caseNumber: 42,
      ruleName: '差评',
      readAt: null,
    });
    expect((await a.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 1 });
    // b cannot mark a's item read.
    expect((await b.post('/api/v1/notifications/read', { ids: [inbox.items[0].id] })).json()).toEqual({ unread: 1 });
    expect((await a.get('/api/v1/notifications/unread-count')).json()).toEqual({ unread: 1 });
    expect((await a.post('/api/v1/notifications/read', { all: true })).json()).toEqual({ unread: 0 });
    expect((await a.get('/api/v1/notifications?unread=true')).json().items).toHaveLength(0);
    const [live] = await t.ctx.db
      .select({ data: domainEvents.data })
      .from(domainEvents)
      .where(and(eq(domainEvents.type, 'notification.created'), eq(domainEvents.subjectId, event.id)));
    expect((live!.data as { employeeIds: string[] }).employeeIds.sort()).toEqual([a.employeeId, b.employeeId].sort());
  });

  it('a case opened by hand tells its owner; one opened by an alert rule is told through the alert', async () => {
    const owner = await person();
    await file(
      eventOf('case.opened', { number: 7, ownerId: owner.employeeId }, { actorType: 'user', actorId: randomUUID() }),
      THURSDAY_11H_SHANGHAI,
    );
    await file(eventOf('case.opened', { number: 8, ownerId: owner.employeeId }), THURSDAY_11H_SHANGHAI);
    await file(
      eventOf(
        'case.opened',
        { number: 9, ownerId: owner.employeeId },
        { actorType: 'user', actorId: owner.employeeId },
      ),
      THURSDAY_11H_SHANGHAI,
    );
    const items = (await owner.get('/api/v1/notifications')).json().items;
    expect(items.map((i: { caseNumber: number }) => i.caseNumber)).toEqual([7]);
  });

  it('sends one e-mail a minute at most: what arrives meanwhile joins the next one', async () => {
    const p = await person();
    const now = THURSDAY_11H_SHANGHAI;
    for (const n of [1, 2, 3]) {
      await file(eventOf('case.breached', { number: n, target: 'first_contact', notify: [p.employeeId] }), now);
    }
    const [first, ...more] = await pendingSends(p.employeeId);
    expect(more).toHaveLength(0);
    expect(first!.dueAt).toEqual(now);
    expect(await send(first!.id, now)).toBe('sent');
    expect(await send(first!.id, now)).toBe('none'); // a retried job sends nothing twice
    const mails = smtp.mailsTo(p.email);
    expect(mails).toHaveLength(1);
    const text = mails[0]!.parsed.text ?? '';
    for (const n of [1, 2, 3]) expect(text).toContain(`C-${n}`);
    expect(mails[0]!.parsed.subject).toContain('3');

    // Ten seconds later another breach: its message waits until a minute after the first one went.
    const later = new Date(now.getTime() + 10_000);
    await file(eventOf('case.breached', { number: 4, target: 'resolution', notify: [p.employeeId] }), later);
    const [next] = await pendingSends(p.employeeId);
    expect(next!.dueAt).toEqual(new Date(now.getTime() + 60_000));
    expect(await send(next!.id, new Date(now.getTime() + 60_000))).toBe('sent');
    expect(smtp.mailsTo(p.email)).toHaveLength(2);
    expect(smtp.mailsTo(p.email)[1]!.parsed.text).toContain('C-4');
    expect(smtp.mailsTo(p.email)[1]!.parsed.text).not.toContain('C-1');
  });

  it('holds e-mail outside working hours (quiet hours follow the business calendar) and collects a daily digest', async () => {
    const quiet = await person({ quietHours: true });
    const region = await departmentFactory(t.ctx.db, { name: `r-${randomUUID().slice(0, 6)}` });
    await t.ctx.db.execute(sql`update employees set department_id = ${region.id} where id = ${quiet.employeeId}`);
    // 23:30 on Friday in Shanghai, seeded mainland calendar (the organisation's default): Monday 09:00.
    const fridayNight = new Date('2026-12-04T15:30:00Z');
    await file(eventOf('case.escalated', { number: 5, level: 1, notify: [quiet.employeeId] }), fridayNight);
    const [held] = await pendingSends(quiet.employeeId);
    expect(held!.dueAt).toEqual(new Date('2026-12-07T01:00:00Z'));

    const digest = await person({ quietHours: false, digest: 'daily' });
    await file(
      eventOf('case.sla_warning', { number: 6, target: 'resolution', notify: [digest.employeeId] }),
      THURSDAY_11H_SHANGHAI,
    );
    const [daily] = await pendingSends(digest.employeeId);
    expect(daily!.dueAt).toEqual(new Date('2026-12-04T01:00:00Z'));
  });

  it('validates preferences at the boundary', async () => {
    const p = await person();
    const bad = await p.patch('/api/v1/notifications/preferences', { digest: 'weekly' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await p.patch('/api/v1/notifications/preferences', { extra: 1 })).statusCode).toBe(400);
    const saved = (await p.patch('/api/v1/notifications/preferences', { sms: true })).json();
    expect(saved).toEqual({ email: true, sms: true, digest: 'off', quietHours: false, sound: true });
    expect((await p.get('/api/v1/notifications/preferences')).json()).toEqual(saved);
    expect((await t.anon.get('/api/v1/notifications')).statusCode).toBe(401);
  });

  it('two workers sending the same message send it once', async () => {
    const p = await person();
    await file(
      eventOf('case.breached', { number: 11, target: 'resolution', notify: [p.employeeId] }),
      THURSDAY_11H_SHANGHAI,
    );
    const [pending] = await pendingSends(p.employeeId);
    const results = await Promise.all([
      send(pending!.id, THURSDAY_11H_SHANGHAI),
      send(pending!.id, THURSDAY_11H_SHANGHAI),
    ]);
    expect(results.sort()).toEqual(['none', 'sent']);
    expect(smtp.mailsTo(p.email)).toHaveLength(1);
    const carried = await t.ctx.db.select().from(notifications).where(eq(notifications.emailSendId, pending!.id));
    expect(carried).toHaveLength(1);
  });
});
