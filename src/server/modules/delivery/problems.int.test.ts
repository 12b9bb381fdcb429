import '../../../../test/support/no-network.js';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmtpFake } from '../../../../test/fakes/smtp.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { disableAllConfigs, newInvitation, smtpConfig, step } from '../../../../test/support/delivery.js';
import { employeeFactory } from '../../../../test/support/factories.js';
import { deliveryProblems } from '../../db/schema/delivery.js';
import { invitations } from '../../db/schema/invitations.js';
import { workOrderTimeline } from '../events/events.service.js';
import { notifyProblem } from './problem-notices.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const smtp = new SmtpFake();
const adminMail = `ops-${randomUUID().slice(0, 6)}@example.com`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await employeeFactory(t.ctx.db, { roles: ['admin'], email: adminMail });
  await smtp.start();
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});
beforeEach(async () => {
  await disableAllConfigs(t);
  await t.ctx.db.delete(deliveryProblems);
  await t.ctx.db.execute(sql`delete from pgboss.job where name = 'delivery.notify_problem'`);
});

const phoneContact = () => ({
  name: 'Li Lei',
  phone: `+1555${Math.floor(1000000 + Math.random() * 8999999)}`,
  locale: 'en',
});
const notifyJobs = async () =>
  (
    await t.ctx.database.sql.query<{ data: { problemId: string; generation: number } }>(
      `select data from pgboss.job where name = 'delivery.notify_problem' order by created_on`,
    )
  ).rows.map((r) => r.data);
const mailsToAdmin = () => smtp.mails.filter((m) => m.envelope.to.includes(adminMail));
const notify = (data: { problemId: string; generation: number }) =>
  notifyProblem(
    { db: t.ctx.db, appSecret: t.ctx.appSecret, log: pino({ level: 'silent' }), consoleUrl: 'http://console.test' },
    data,
  );
const failSms = async () => {
  const inv = await newInvitation(t, { channels: ['sms'], contact: phoneContact() });
  await step(t, { invitationId: inv.id });
  return inv;
};

describe('a failed invitation is visible and notified once per cause', () => {
  it('two failures with the same cause → one problem, one job, one e-mail; acknowledged then failing → again', async () => {
    await smtpConfig(admin, smtp);
    const first = await failSms();
    const second = await failSms();

    for (const inv of [first, second]) {
      const [row] = await t.ctx.db.select().from(invitations).where(eq(invitations.id, inv.id));
      expect(row!.status).toBe('failed');
    }
    const problems = await t.ctx.db.select().from(deliveryProblems);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ cause: 'no_config:sms', count: 2, generation: 1, lastInvitationId: second.id });

    const jobs = await notifyJobs();
    expect(jobs).toEqual([{ problemId: problems[0]!.id, generation: 1 }]);
    const before = mailsToAdmin().length;
    expect(await notify(jobs[0]!)).toEqual({ sent: 1 });
    // A retry of the same job (a worker crashed after sending) sends nothing more.
    expect(await notify(jobs[0]!)).toEqual({ sent: 0 });
    expect(mailsToAdmin().length).toBe(before + 1);
    expect(mailsToAdmin().at(-1)!.parsed.subject).toBe('评价邀请发送失败：短信'); // the organisation's default language

    // Listed for the admins' banner, counted in the invitations' status counts.
    const list = await admin.get('/api/v1/delivery-problems');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toMatchObject([{ cause: 'no_config:sms', channel: 'sms', count: 2 }]);
    const counts = await admin.get('/api/v1/invitations/counts');
    expect(counts.statusCode, counts.body).toBe(200);
    expect(counts.json().byStatus.failed).toBeGreaterThanOrEqual(2);
    const failed = await admin.get('/api/v1/invitations?status=failed&limit=100');
    expect(failed.json().items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([first.id, second.id]));

    const ack = await admin.post(`/api/v1/delivery-problems/${problems[0]!.id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledgedAt).not.toBeNull();
    expect((await admin.get('/api/v1/delivery-problems')).json().items).toEqual([]);

    await failSms();
    const [reopened] = await t.ctx.db.select().from(deliveryProblems);
    expect(reopened).toMatchObject({ count: 1, generation: 2, acknowledgedAt: null });
    const jobs2 = await notifyJobs();
    expect(jobs2).toHaveLength(2);
    expect(jobs2[1]).toEqual({ problemId: reopened!.id, generation: 2 });
    expect(await notify(jobs2[1]!)).toEqual({ sent: 1 });
    expect(mailsToAdmin().length).toBe(before + 2);
  });

  it('no e-mail channel: the job skips cleanly, the problem stays listed', async () => {
    await failSms();
    const [job] = await notifyJobs();
    expect(await notify(job!)).toEqual({ sent: 0 });
    expect((await admin.get('/api/v1/delivery-problems')).json().items).toHaveLength(1);
  });

  it('a missing address or an opt-out is not an installation problem', async () => {
    const inv = await newInvitation(t, { channels: ['sms'], contact: { name: 'No Phone', locale: 'en' } });
    await step(t, { invitationId: inv.id });
    expect(await t.ctx.db.select().from(deliveryProblems)).toEqual([]);
    expect(await notifyJobs()).toEqual([]);
  });

  it('the timeline records the failed attempt with its channel and reason', async () => {
    const inv = await newInvitation(t, { channels: ['sms'], contact: phoneContact() });
    await step(t, { invitationId: inv.id });
    const events = await workOrderTimeline(t.ctx.db, inv.workOrderId);
    const sent = events.find((e) => e.type === 'invitation.sent');
    expect(sent?.data).toMatchObject({
      channel: 'sms',
      result: 'failed',
      errorKind: 'skipped',
      errorCode: 'no_config',
    });
  });

  it('the problem routes are admin only and answer problem+json', async () => {
    const engineer = await t.loginAs(['supervisor']);
    expect((await engineer.get('/api/v1/delivery-problems')).statusCode).toBe(403);
    const missing = await admin.post(`/api/v1/delivery-problems/${randomUUID()}/acknowledge`);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});
