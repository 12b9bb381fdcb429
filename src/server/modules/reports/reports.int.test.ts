import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../../../../test/fakes/smtp.js';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDbKind } from '../../../../test/support/db.js';
import { disableAllConfigs, smtpConfig } from '../../../../test/support/delivery.js';
import {
  departmentFactory,
  employeeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import type { Dimension } from '../../../common/scoring/index.js';
import { type Database, openPostgres } from '../../db/client.js';
import { executeRows } from '../../db/sql.js';
import { type JobContext, JobQueue } from '../../jobs/queue.js';
import { rebuildAnalytics } from '../analytics/rebuild.service.js';
import { jobDefinitions } from '../index.js';
import { importRatingHistory } from '../ratings/history-import.js';
import { deliverReportJob, dueReportsJob, enqueueDueReports } from './reports.jobs.js';

/**
 * Scheduled reports against hand-computed figures. Two star questions (equal weight), so S = the mean of (★ − 1)·25.
 * Organisation zone Asia/Shanghai; the report of Tuesday 10 March 2026 is the week Monday 2 – Sunday 8 March:
 *
 * | team | ratings (q ★, p ★)  | S each | Σ S   |
 * | T1   | 5 × (5, 5)          | 100    | 500   |
 * | T2   | 5 × (4, 4)          | 75     | 375   |
 * | T3   | 5 × (4, 2)          | 50     | 250   |
 * | T4   | 5 × (2, 1)          | 12.5   | 62.5  |
 * | T5   | 2 × (5, 5)          | 100    | 200   |  (below the minimum sample of 5: not ranked)
 *
 * n 22, Σ S 1,387.5 → average 63.068 (63.1), ★ 1 + 4·0.63068 = 3.523 (3.5); CSAT = 12 satisfied (S ≥ 62.5) / 22 =
 * 54.5 %; negative (S < 37.5) 5. The week before: T1 4 × (3, 3), S 50 → count 4, average 50.0, ★ 3.0, CSAT 0, 0
 * negative. Deltas: +18, +13.1, +0.5, +54.5, +5.
 * Dimensions: q n̄ = (500 + 375 + 375 + 125 + 200)/22 = 71.59 (★ 3.9); p n̄ = (500 + 375 + 125 + 0 + 200)/22 =
 * 54.55 → ★ 1 + 4·0.5455 = 3.18 (3.2): p is the weakest.
 * Fair ranking (m = 1,387.5/22, C = 10): T1 (10m + 500)/15 = 75.4, T2 (10m + 375)/15 = 67.0, T3 (10m + 250)/15 = 58.7,
 * T4 (10m + 62.5)/15 = 46.2 → top T1, T2, T3; bottom T4.
 */
const DIMENSIONS: Dimension[] = [
  { key: 'q', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '服务质量', en: 'Service quality' } },
  { key: 'p', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '准时', en: 'Punctuality' } },
];
const NOW = new Date('2026-03-10T02:00:00Z'); // Tuesday 10:00 in Shanghai

const smtp = new SmtpFake();
let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
let teams: Record<string, string>;
let annEmail: string;
let analystEmail: string;

beforeAll(async () => {
  await smtp.start();
  t = await createTestApp();
  admin = await t.loginAs(['admin']);
  await disableAllConfigs(t);
  await smtpConfig(admin, smtp);
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  teams = {};
  for (const name of ['T1', 'T2', 'T3', 'T4', 'T5'])
    teams[name] = (await departmentFactory(db, { kind: 'team', name: `Team ${name}` })).id;
  const tag = Math.random().toString(36).slice(2, 8);
  annEmail = `eng-${tag}@example.com`;
  analystEmail = `analyst-${tag}@example.com`;
  // Ann, an administrator named as an employee recipient, reads the organisation's figures (as in her console).
  await employeeFactory(db, { name: 'Ann', email: annEmail, roles: ['admin'] });
  await employeeFactory(db, { name: 'Bo', email: analystEmail, roles: ['analyst'] });
  const rate = async (team: string, q: number, p: number, count: number, month: number, firstDay: number) => {
    const wo = await workOrderFactory(t.ctx, { departmentId: teams[team] });
    await importRatingHistory(
      db,
      template.publishedVersionId!,
      Array.from({ length: count }, (_, i) => ({
        invitationId: null,
        workOrderId: wo.id,
        answers: { q, p },
        language: 'en',
        // 12:00 in Shanghai on consecutive days of the week.
        submittedAt: new Date(Date.UTC(2026, month - 1, firstDay + (i % 7), 4)),
      })),
    );
  };
  await rate('T1', 5, 5, 5, 3, 2);
  await rate('T2', 4, 4, 5, 3, 2);
  await rate('T3', 4, 2, 5, 3, 2);
  await rate('T4', 2, 1, 5, 3, 2);
  await rate('T5', 5, 5, 2, 3, 2);
  await rate('T1', 3, 3, 4, 2, 23); // 23–26 February: the week before
  await rebuildAnalytics(db);
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

function jobContext(database: Database, now: Date, jobs = t.ctx.jobs, retryCount = 0): JobContext {
  return {
    config: t.ctx.config,
    appSecret: t.ctx.appSecret,
    now: () => now,
    database,
    log: pino({ level: 'silent' }),
    jobs,
    jobId: 'test',
    retryCount,
  };
}

const recipients = () => [
  { kind: 'employee', employeeId: '', language: 'en' },
  { kind: 'role', role: 'analyst', language: null },
  { kind: 'email', email: 'Ops@Example.com', language: 'en' },
];

async function createSchedule(name: string, extra: Record<string, unknown> = {}) {
  const [ann] = await executeRows<{ id: string }>(t.ctx.db, sql`select id from employees where email = ${annEmail}`);
  const list = recipients();
  list[0]!.employeeId = ann!.id;
  const res = await admin.post('/api/v1/report-schedules', { name, cadence: 'weekly', recipients: list, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const sendsOf = async (scheduleId: string) =>
  (await admin.get(`/api/v1/report-schedules/${scheduleId}/sends`)).json().items;

const mailsOf = (name: string) => smtp.mails.filter((m) => m.parsed.subject?.includes(name));

async function deliveryJobs(sendId: string) {
  const rows = await executeRows<{ n: number }>(
    t.ctx.db,
    sql`select count(*)::int as n from pgboss.job where name = 'reports.deliver' and data->>'sendId' = ${sendId}`,
  );
  return rows[0]!.n;
}

describe('scheduled reports', () => {
  it("e-mails the week's figures once per recipient, each in their language", async () => {
    const schedule = await createSchedule('Weekly service');
    // Two due checks at once, as two workers would run them: one send row, one delivery job.
    const [a, b] = await Promise.all([
      enqueueDueReports(t.ctx.db, t.ctx.jobs, NOW),
      enqueueDueReports(t.ctx.db, t.ctx.jobs, NOW),
    ]);
    const created = [...a, ...b];
    expect(created).toHaveLength(1);
    const sendId = created[0]!;
    expect(await deliveryJobs(sendId)).toBe(1);

    await deliverReportJob.handler({ sendId }, jobContext(t.database, NOW));
    const mails = mailsOf('Weekly service');
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual([analystEmail, annEmail, 'ops@example.com'].sort());

    const en = smtp.mailsTo(annEmail)[0]!.parsed;
    expect(en.subject).toBe('Rateloop · Weekly report: Weekly service (2026-03-02 – 2026-03-08)');
    const text = en.text!;
    expect(text).toContain('Ratings: 22 (Change +18)');
    expect(text).toContain('Average score (0–100): 63.1 (Change +13.1)');
    expect(text).toContain('Average ★: 3.5 (Change +0.5)');
    expect(text).toContain('CSAT %: 54.5 (Change +54.5)');
    expect(text).toContain('NPS: — (Change —)');
    expect(text).toContain('Negative ratings: 5 (Change +5)');
    expect(text).toContain('Weakest dimension: Punctuality 3.2 ★ (22 answers)');
    expect(text).toContain(
      'Top teams:\n1. Team T1 — 75.4 (Ratings 5)\n2. Team T2 — 67.0 (Ratings 5)\n3. Team T3 — 58.7',
    );
    expect(text).toContain('Teams needing attention:\n4. Team T4 — 46.2 (Ratings 5)');
    expect(text).not.toContain('Team T5 —');
    expect(text).toContain('1 team(s) below the minimum sample are not ranked.');
    expect(text).toContain('No team or engineer started slipping in this period.');
    expect(text).toContain('/ratings?from=2026-03-02&to=2026-03-09');
    expect(en.html).toContain(
      '<td style="padding:4px 12px;border-bottom:1px solid #e5e5e5;text-align:right">63.1</td>',
    );

    // The analyst came through their role, without a language: the organisation's default (zh-CN).
    const zh = smtp.mailsTo(analystEmail)[0]!.parsed;
    expect(zh.subject).toBe('Rateloop · 周报: Weekly service (2026-03-02 – 2026-03-08)');
    expect(zh.text).toContain('平均分（0–100）: 63.1 (变化 +13.1)');
    expect(zh.text).toContain('最弱维度: 准时 3.2 ★ (22 个回答)');
    expect(zh.text).toContain('1. Team T1 — 75.4 (评价数 5)');

    // A retried job, a later check and a "restarted" process (the same database, nothing in memory) add nothing.
    await deliverReportJob.handler({ sendId }, jobContext(t.database, NOW, t.ctx.jobs, 1));
    expect(await enqueueDueReports(t.ctx.db, t.ctx.jobs, new Date(NOW.getTime() + 3600_000))).toEqual([]);
    await dueReportsJob.handler({}, jobContext(t.database, NOW));
    expect(mailsOf('Weekly service')).toHaveLength(3);
    expect(await deliveryJobs(sendId)).toBe(1);

    const sends = await admin.get(`/api/v1/report-schedules/${schedule.id}/sends`);
    expect(sends.statusCode, sends.body).toBe(200);
    expect(sends.json().items).toMatchObject([
      {
        id: sendId,
        period: { firstDay: '2026-03-02', lastDay: '2026-03-08', from: '2026-03-01T16:00:00.000Z' },
        status: 'sent',
        recipientsCount: 3,
        sentCount: 3,
        error: null,
      },
    ]);
    expect(sends.json().items[0].recipients).toHaveLength(3);
    // The next week is due only once it has ended.
    expect(await enqueueDueReports(t.ctx.db, t.ctx.jobs, new Date('2026-03-15T15:59:00Z'))).toEqual([]);
    await admin.patch(`/api/v1/report-schedules/${schedule.id}`, { enabled: false });
  });

  it('an employee reads the report as in their console: a supervisor their departments, an engineer none', async () => {
    const db = t.ctx.db;
    const tag = Math.random().toString(36).slice(2, 8);
    const cai = await employeeFactory(db, {
      name: 'Cai',
      email: `cai-${tag}@example.com`,
      roles: ['supervisor'],
      departmentId: teams.T1,
    });
    const dan = await employeeFactory(db, { name: 'Dan', email: `dan-${tag}@example.com`, roles: ['engineer'] });
    const res = await admin.post('/api/v1/report-schedules', {
      name: 'Scoped service',
      cadence: 'weekly',
      recipients: [
        { kind: 'employee', employeeId: cai.id, language: 'en' },
        { kind: 'employee', employeeId: dan.id, language: 'en' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const [sendId] = await enqueueDueReports(db, t.ctx.jobs, NOW);
    await deliverReportJob.handler({ sendId: sendId! }, jobContext(t.database, NOW));

    // Only the supervisor gets an e-mail, with Team T1's figures: its 5 ratings this week, 4 the week before.
    expect(mailsOf('Scoped service').map((m) => m.envelope.to[0])).toEqual([`cai-${tag}@example.com`]);
    const text = mailsOf('Scoped service')[0]!.parsed.text!;
    expect(text).toContain('The figures of the departments you lead');
    expect(text).toContain('Ratings: 5 (Change +1)');
    expect(text).toContain('1. Team T1 —');
    for (const other of ['T2', 'T3', 'T4', 'T5']) expect(text).not.toContain(`Team ${other}`);
    // The engineer may not read the organisation's analytics: not mailed, and the history says why.
    const [send] = await sendsOf(res.json().id);
    expect(send).toMatchObject({ status: 'partial', recipientsCount: 2, sentCount: 1 });
    expect(send.recipients).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          email: `dan-${tag}@example.com`,
          status: 'failed',
          errorCode: 'no_analytics_access',
        }),
        expect.objectContaining({ email: `cai-${tag}@example.com`, status: 'succeeded' }),
      ]),
    );

    // A schedule about another team sends the supervisor nothing from it (Team T2 is not hers).
    const other = await admin.post('/api/v1/report-schedules', {
      name: 'Other team service',
      cadence: 'weekly',
      filters: { departmentId: teams.T2 },
      recipients: [{ kind: 'employee', employeeId: cai.id, language: 'en' }],
    });
    const [otherSend] = await enqueueDueReports(db, t.ctx.jobs, NOW);
    await deliverReportJob.handler({ sendId: otherSend! }, jobContext(t.database, NOW));
    expect(mailsOf('Other team service')).toEqual([]);
    expect((await sendsOf(other.json().id))[0]).toMatchObject({ status: 'failed', sentCount: 0 });
    for (const id of [res.json().id, other.json().id])
      await admin.patch(`/api/v1/report-schedules/${id}`, { enabled: false });
  });

  it('a transient SMTP refusal retries that address only; a final one is recorded, not retried', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `${x}-${tag}@example.com`);
    const res = await admin.post('/api/v1/report-schedules', {
      name: `Retried service ${tag}`,
      cadence: 'weekly',
      recipients: [a, b, c].map((email) => ({ kind: 'email', email, language: 'en' })),
    });
    expect(res.statusCode, res.body).toBe(201);
    const [sendId] = await enqueueDueReports(t.ctx.db, t.ctx.jobs, NOW);
    // RFC 5321 §4.2.1: 4yz is a transient failure (try again), 5yz a permanent one.
    smtp.rejectNext(1, 451, '4.3.0 Mailbox busy, try again later');
    await expect(
      deliverReportJob.handler({ sendId: sendId! }, jobContext(t.database, NOW, t.ctx.jobs, 0)),
    ).rejects.toThrow(/transient/);
    expect(mailsOf(`Retried service ${tag}`).map((m) => m.envelope.to[0])).toEqual([b, c]);
    expect((await sendsOf(res.json().id))[0]).toMatchObject({ status: 'pending' });

    // pg-boss's retry: only the refused address is tried again — and refused for good this time.
    smtp.rejectNext(1, 550, '5.1.1 Mailbox unavailable');
    await deliverReportJob.handler({ sendId: sendId! }, jobContext(t.database, NOW, t.ctx.jobs, 1));
    expect(mailsOf(`Retried service ${tag}`)).toHaveLength(2);
    const [send] = await sendsOf(res.json().id);
    expect(send).toMatchObject({ status: 'partial', recipientsCount: 3, sentCount: 2 });
    expect(send.recipients.find((r: { email: string }) => r.email === a)).toMatchObject({ status: 'failed' });
    expect(send.recipients.find((r: { email: string }) => r.email === a).errorCode).not.toBeNull();
    // A further run (another retry, a restart) mails no one again.
    await deliverReportJob.handler({ sendId: sendId! }, jobContext(t.database, NOW, t.ctx.jobs, 2));
    expect(mailsOf(`Retried service ${tag}`)).toHaveLength(2);
    await admin.patch(`/api/v1/report-schedules/${res.json().id}`, { enabled: false });
  });

  it('the monthly report covers the calendar month and compares it with the month before', async () => {
    const schedule = await createSchedule('Monthly service', { cadence: 'monthly' });
    const created = await enqueueDueReports(t.ctx.db, t.ctx.jobs, new Date('2026-04-01T00:30:00Z')); // 08:30 local
    expect(created).toHaveLength(1);
    await deliverReportJob.handler({ sendId: created[0]! }, jobContext(t.database, NOW));
    const text = smtp.mailsTo('ops@example.com').find((m) => m.parsed.subject?.includes('Monthly service'))!.parsed
      .text!;
    expect(text).toContain('Period: 2026-03-01 – 2026-03-31');
    expect(text).toContain('/ratings?from=2026-03-01&to=2026-04-01');
    // March holds the 22 ratings, February the 4 of 23–26 February: the same figures and deltas as the week's.
    expect(text).toContain('Ratings: 22 (Change +18)');
    expect(text).toContain('Average score (0–100): 63.1 (Change +13.1)');
    expect(text).toContain('Monthly report: Monthly service');
    await admin.patch(`/api/v1/report-schedules/${schedule.id}`, { enabled: false });
  });

  it('validates schedules and lets only admins and analysts manage them', async () => {
    const bad = await admin.post('/api/v1/report-schedules', {
      name: 'x',
      cadence: 'daily',
      recipients: [{ kind: 'email', email: 'not-an-address' }],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['cadence', 'recipients.0.email']));
    const missing = await admin.post('/api/v1/report-schedules', {
      name: 'x',
      cadence: 'weekly',
      filters: { departmentId: '00000000-0000-4000-8000-000000000000' },
      recipients: [{ kind: 'employee', employeeId: '00000000-0000-4000-8000-000000000001' }],
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      expect.objectContaining({ path: 'filters.departmentId', code: 'not_found' }),
      expect.objectContaining({ path: 'recipients.0.employeeId', code: 'not_found' }),
    ]);
    const supervisor = await t.loginAs(['supervisor']);
    expect((await supervisor.get('/api/v1/report-schedules')).statusCode).toBe(403);
    const analyst = await t.loginAs(['analyst']);
    const created = await analyst.post('/api/v1/report-schedules', {
      name: 'Analyst report',
      cadence: 'monthly',
      filters: { departmentId: teams.T1 },
      recipients: [{ kind: 'email', email: 'boss@example.com', language: 'zh-CN' }],
      enabled: false,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ cadence: 'monthly', enabled: false, lastSend: null });
    const id = created.json().id;
    const list = (await analyst.get('/api/v1/report-schedules')).json().items.map((s: { id: string }) => s.id);
    expect(list).toContain(id);
    const renamed = await analyst.patch(`/api/v1/report-schedules/${id}`, { name: 'Renamed' });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', cadence: 'monthly' });
    expect((await analyst.delete(`/api/v1/report-schedules/${id}`)).statusCode).toBe(204);
    expect((await analyst.get(`/api/v1/report-schedules/${id}`)).statusCode).toBe(404);
  });

  it('"send now" renders the last complete period and mails it to the caller only', async () => {
    const schedule = await createSchedule('Preview service', { enabled: false });
    const analyst = await t.loginAs(['analyst']);
    const rendered = await analyst.post(`/api/v1/report-schedules/${schedule.id}/preview`, {
      language: 'en',
      email: false,
    });
    expect(rendered.statusCode, rendered.body).toBe(200);
    expect(rendered.json()).toMatchObject({ language: 'en', emailedTo: null, emailError: 'not_requested' });
    expect(rendered.json().html).toContain('<!doctype html>');
    // No address yet.
    const noAddress = await analyst.post(`/api/v1/report-schedules/${schedule.id}/preview`, {});
    expect(noAddress.json()).toMatchObject({ emailError: 'no_email_address', language: 'zh-CN' });
    const mine = `me-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await t.ctx.db.execute(sql`update employees set email = ${mine} where id = ${analyst.employeeId}`);
    const before = smtp.mails.length;
    const sent = await analyst.post(`/api/v1/report-schedules/${schedule.id}/preview`, { language: 'en' });
    expect(sent.json()).toMatchObject({ emailedTo: mine, emailError: null });
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mailsTo(mine)[0]!.parsed.subject).toContain('Preview service');
    // A preview is no scheduled send.
    expect((await admin.get(`/api/v1/report-schedules/${schedule.id}/sends`)).json().items).toEqual([]);
    // At most 10 previews a minute per user (3 so far): the 11th is refused with a problem the console translates.
    for (let i = 0; i < 7; i++)
      expect((await analyst.post(`/api/v1/report-schedules/${schedule.id}/preview`, { email: false })).statusCode).toBe(
        200,
      );
    const refused = await analyst.post(`/api/v1/report-schedules/${schedule.id}/preview`, { email: false });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBeDefined();
    // Another user has their own allowance.
    expect((await admin.post(`/api/v1/report-schedules/${schedule.id}/preview`, { email: false })).statusCode).toBe(
      200,
    );
  });
});

describe.skipIf(testDbKind() !== 'postgres')('scheduled reports on PostgreSQL (two workers, a restart)', () => {
  it('two workers racing the due check send each recipient one e-mail; a restarted worker sends none', async () => {
    const schedule = await createSchedule('Raced service');
    const url = (t.database.pool!.options as { connectionString: string }).connectionString;
    const log = pino({ level: 'silent' });
    const worker = async () => {
      const database = await openPostgres(url, 5);
      const jobs = new JobQueue(
        database,
        log,
        { config: t.ctx.config, appSecret: t.ctx.appSecret, now: () => NOW },
        { pollingIntervalSeconds: 0.5 },
      );
      jobs.register(...jobDefinitions);
      await jobs.start();
      return { database, jobs };
    };
    const [a, b] = await Promise.all([worker(), worker()]);
    try {
      // Both workers run the due check twice at once (a cron tick each plus a retry), then both work the queue.
      await Promise.all([
        dueReportsJob.handler({}, jobContext(a.database, NOW, a.jobs)),
        dueReportsJob.handler({}, jobContext(b.database, NOW, b.jobs)),
        dueReportsJob.handler({}, jobContext(a.database, NOW, a.jobs)),
        dueReportsJob.handler({}, jobContext(b.database, NOW, b.jobs)),
      ]);
      await Promise.all([a.jobs.work(), b.jobs.work()]);
      const deadline = Date.now() + 20_000;
      while ((await sendsOf(schedule.id))[0]?.status !== 'sent' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await Promise.all([a.jobs.stop(5000), b.jobs.stop(5000)]);
      await Promise.all([a.database.close(), b.database.close()]);
    }
    // Four addresses: Ann (an admin), the two analysts with an address (Bo, and the previous test's caller) and the mailbox.
    const expected = [...(await sendsOf(schedule.id))[0]!.recipients.map((r: { email: string }) => r.email)].sort();
    expect(expected).toHaveLength(4);
    expect(expected).toEqual(expect.arrayContaining([analystEmail, annEmail, 'ops@example.com']));
    expect(
      mailsOf('Raced service')
        .map((m) => m.envelope.to[0])
        .sort(),
    ).toEqual(expected);

    // A restart: a new worker process on the same database checks again and works the queue.
    const restarted = await worker();
    try {
      await dueReportsJob.handler(
        {},
        jobContext(restarted.database, new Date(NOW.getTime() + 900_000), restarted.jobs),
      );
      await restarted.jobs.work();
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await restarted.jobs.stop(5000);
      await restarted.database.close();
    }
    expect(
      mailsOf('Raced service')
        .map((m) => m.envelope.to[0])
        .sort(),
    ).toEqual(expected);
    expect(smtp.mailsTo(annEmail).find((m) => m.parsed.subject?.includes('Raced'))!.parsed.text).toContain(
      'Average score (0–100): 63.1 (Change +13.1)',
    );
    expect(await sendsOf(schedule.id)).toMatchObject([{ status: 'sent', recipientsCount: 4, sentCount: 4 }]);
  });
});
