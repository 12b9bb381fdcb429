import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { templateFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { invitationFactory } from '../../../../test/support/invitations.js';
import { jobContextAt } from '../../../../test/support/job-context.js';
import type { Dimension } from '../../../common/scoring/index.js';
import { ratingFacts } from '../../db/schema/analytics.js';
import { auditEvents } from '../../db/schema/audit.js';
import { contactOptOuts } from '../../db/schema/delivery.js';
import { domainEvents } from '../../db/schema/events.js';
import { invitations } from '../../db/schema/invitations.js';
import { portalSessions } from '../../db/schema/portal.js';
import { ratings } from '../../db/schema/ratings.js';
import { workOrders } from '../../db/schema/work-orders.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { rebuildAnalytics } from '../analytics/rebuild.service.js';
import { drainAnalytics } from '../analytics/test-fixtures.js';
import { isOptedOut, recordOptOut } from '../delivery/opt-outs.js';
import { writeSetting } from '../settings/settings.service.js';
import { updateWorkOrder } from '../work-orders/work-orders.service.js';
import { retentionJob } from './privacy.jobs.js';
import { lastRetentionRun, runRetention } from './retention.service.js';

/**
 * Issue 21: retention and per-contact erase remove contact data and free text, and every analytics figure — the
 * summary, the keyword counts, the drill-down list — is identical before and after, and after a rebuild from raw
 * ratings. Two customers: 王小明 (old work order, old ratings with comments) and 李四 (recent, left alone by retention).
 */
const DIMENSIONS: Dimension[] = [
  { key: 'speed', type: 'star5', required: false, weight: 1, label: { 'zh-CN': '速度', en: 'Speed' } },
  { key: 'rec', type: 'nps', required: false, weight: 1, outcome: true, label: { 'zh-CN': '推荐', en: 'Recommend' } },
  { key: 'note', type: 'text', required: false, weight: 0, label: { 'zh-CN': '备注', en: 'Note' } },
];
const DAY = 86_400_000;
const PERIOD = 'from=2025-12-01&to=2027-01-01';
const WANG = { name: '王小明', phone: '139 1111 2222', email: 'Wang.XM@example.com' };
const LI = { name: '李四', phone: '13733334444', email: 'li4@example.com' };
const OLD_COMMENT = '空调维修师傅态度很差 PRIVACYPROBE-OLD';
const NEW_COMMENT = '安装很快 PRIVACYPROBE-NEW';
const CASE_TEXT = '客户说师傅迟到 PRIVACYPROBE-CASE';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['loginAs']>>;
const ids: Record<string, string> = {};

async function figures() {
  const get = async (path: string) => {
    const res = await admin.get(path);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const list = await get(`/api/v1/analytics/ratings?${PERIOD}&limit=100&lang=en`);
  return {
    summary: await get(`/api/v1/analytics/summary?${PERIOD}&lang=en`),
    keywords: await get(`/api/v1/analytics/keywords?${PERIOD}&lang=en`),
    list: (list.items as { id: string; score: number | null }[]).map((r) => [r.id, r.score]),
    keywordList: (await get(`/api/v1/analytics/ratings?${PERIOD}&keyword=${encodeURIComponent('空调')}&lang=en`)).items
      .length,
  };
}

beforeAll(async () => {
  t = await createTestApp({
    publicRateLimits: { perIpPerMinute: 100_000 },
    env: { METRICS_TOKEN: 'metrics-token-for-privacy-tests' },
  });
  admin = await t.loginAs(['admin']);
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  ids.template = template.id;
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  const rated = async (customer: typeof WANG, answers: object, submittedAt: Date) => {
    const wo = await workOrderFactory(t.ctx, { customer: { ...customer, locale: 'zh-CN' } });
    const inv = await invitationFactory(db, links, {
      templateVersionId: template.publishedVersionId!,
      workOrderId: wo.id,
      contact: { phone: customer.phone, email: customer.email, locale: 'zh-CN' },
    });
    const res = await t.anon.post(`${inv.api}/ratings`, { answers });
    expect(res.statusCode, res.body).toBe(201);
    await db.update(ratings).set({ submittedAt }).where(eq(ratings.id, res.json().id));
    return { wo, invitationId: inv.invitation.id, ratingId: res.json().id as string };
  };
  const now = Date.now();
  const old = await rated(WANG, { speed: 1, rec: 2, note: OLD_COMMENT }, new Date(now - 200 * DAY));
  // A change of the customer fields is quoted in the timeline (work_order.updated); it must go too.
  await updateWorkOrder(t.ctx, SYSTEM_ACTOR, old.wo.id, { customer: { ...WANG, name: '王小明先生' } });
  const recent = await rated(LI, { speed: 5, rec: 10, note: NEW_COMMENT }, new Date(now - 2 * DAY));
  await db
    .update(workOrders)
    .set({ updatedAt: new Date(now - 150 * DAY) })
    .where(eq(workOrders.id, old.wo.id));
  Object.assign(ids, {
    oldWo: old.wo.id,
    oldRating: old.ratingId,
    oldInvitation: old.invitationId,
    recentWo: recent.wo.id,
    recentRating: recent.ratingId,
  });
  await recordOptOut(db, { contactKey: 'phone:+8613911112222', channel: 'sms', source: 'test' });
  await db.update(contactOptOuts).set({ createdAt: new Date(now - 120 * DAY) });
  await drainAnalytics(t);
});
afterAll(async () => {
  await t?.close();
});

describe('retention', () => {
  it('previews, then removes old contact data and free text with every figure unchanged, idempotently', async () => {
    const before = await figures();
    expect(before.summary.count).toBe(2);
    expect(before.keywordList).toBe(1);

    const put = await admin.request({
      method: 'PUT',
      url: '/api/v1/privacy/retention',
      payload: { contactDays: 90, freeTextDays: 60 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ contactDays: 90, freeTextDays: 60, lastRun: null });
    const tooShort = await admin.request({
      method: 'PUT',
      url: '/api/v1/privacy/retention',
      payload: { contactDays: 5, freeTextDays: null },
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().errors[0]).toMatchObject({ path: 'contactDays' });

    const preview = (await admin.get('/api/v1/privacy/retention/preview')).json();
    expect(preview.workOrders).toBe(1);
    expect(preview.templates.find((x: { templateId: string }) => x.templateId === ids.template)).toMatchObject({
      days: 60,
      ratings: 1,
    });

    const run = await runRetention(t.ctx.db, new Date());
    expect(run.finishedAt).not.toBeNull();
    expect(run.counts).toMatchObject({ workOrders: 1, invitations: 1, ratings: 1, events: 1, optOutsHashed: 1 });

    const [wo] = await t.ctx.db.select().from(workOrders).where(eq(workOrders.id, ids.oldWo!));
    expect(wo).toMatchObject({ customerName: null, customerPhone: null, customerEmail: null });
    const [inv] = await t.ctx.db.select().from(invitations).where(eq(invitations.id, ids.oldInvitation!));
    expect(inv!.contact).toEqual({});
    const [rating] = await t.ctx.db.select().from(ratings).where(eq(ratings.id, ids.oldRating!));
    expect(rating!.answers).toEqual({ speed: 1, rec: 2 });
    expect(rating!.score).not.toBeNull();
    const [fact] = await t.ctx.db.select().from(ratingFacts).where(eq(ratingFacts.ratingId, ids.oldRating!));
    expect(fact!.comment).toBeNull();
    const events = await t.ctx.db.select().from(domainEvents).where(eq(domainEvents.workOrderId, ids.oldWo!));
    expect(JSON.stringify(events)).not.toMatch(/王小明|13911112222|139 1111 2222|wang\.xm/i);
    // The recent customer is untouched.
    const [recent] = await t.ctx.db.select().from(ratings).where(eq(ratings.id, ids.recentRating!));
    expect(recent!.answers).toMatchObject({ note: NEW_COMMENT });
    // The opt-out is kept as a hash and still works.
    const optOuts = await t.ctx.db.select().from(contactOptOuts);
    expect(JSON.stringify(optOuts)).not.toContain('13911112222');
    expect(await isOptedOut(t.ctx.db, 'phone:+8613911112222', 'sms')).toBe(true);

    expect(await figures()).toEqual(before);
    // Rebuilt from the raw ratings (whose text is gone), the figures are still the same — keyword counts included.
    await rebuildAnalytics(t.ctx.db);
    expect(await figures()).toEqual(before);

    const scrape = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: 'Bearer metrics-token-for-privacy-tests' },
        })
      ).body;
    const progress = await scrape();
    expect(progress).toContain('rateloop_retention_redacted{kind="workOrders"} 1');
    expect(progress).toContain('rateloop_retention_running 0');

    const again = await runRetention(t.ctx.db, new Date());
    expect(again.counts).toEqual({});
    const status = (await admin.get('/api/v1/privacy/retention')).json();
    expect(status.lastRun).toMatchObject({ counts: {} });
  });
});

describe('per-contact export and erase', () => {
  it('exports everything about a person, found by any spelling of their number', async () => {
    const res = await admin.post('/api/v1/privacy/contacts/export', { phone: '+86 137-3333-4444' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.person).toEqual({ phone: '+8613733334444', email: null, openId: null });
    expect(body.workOrders.map((w: { id: string }) => w.id)).toEqual([ids.recentWo]);
    expect(body.workOrders[0]).toMatchObject({ customerName: LI.name, customerEmail: LI.email });
    expect(body.ratings[0].answers).toMatchObject({ note: NEW_COMMENT });
    expect(body.invitations).toHaveLength(1);
    const byEmail = (await admin.post('/api/v1/privacy/contacts/export', { email: 'LI4@example.com' })).json();
    expect(byEmail.workOrders).toHaveLength(1);
  });

  it('is for admins only, needs an address and the explicit irreversible flag', async () => {
    const analyst = await t.loginAs(['analyst']);
    expect((await analyst.post('/api/v1/privacy/contacts/export', { phone: LI.phone })).statusCode).toBe(403);
    expect((await analyst.get('/api/v1/privacy/retention')).statusCode).toBe(403);
    const empty = await admin.post('/api/v1/privacy/contacts/export', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ code: 'required' });
    const bad = await admin.post('/api/v1/privacy/contacts/export', { phone: 'abc\u0000' });
    expect(bad.statusCode).toBe(400);
    const unconfirmed = await admin.post('/api/v1/privacy/contacts/erase', { person: { phone: LI.phone } });
    expect(unconfirmed.statusCode).toBe(400);
  });

  it('erases a person everywhere, keeps their rating without identity, and no figure moves', async () => {
    const before = await figures();
    // The person is signed in to the portal: the erase signs them out.
    await t.ctx.db.insert(portalSessions).values({
      tokenHash: 'h'.repeat(64),
      address: 'email:li4@example.com',
      expiresAt: new Date(Date.now() + DAY),
    });
    // A case about them, with a summary and a note quoting them.
    const opened = await admin.post('/api/v1/cases', { workOrderId: ids.recentWo, summary: CASE_TEXT });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    const noted = await admin.post(`/api/v1/cases/${caseId}/entries`, { kind: 'note', text: `${CASE_TEXT} note` });
    expect(noted.statusCode, noted.body).toBe(200);
    const exported = (await admin.post('/api/v1/privacy/contacts/export', { email: LI.email })).json();
    expect(exported.cases[0]).toMatchObject({ summary: CASE_TEXT });
    expect(exported.cases[0].entries.map((e: { text: string }) => e.text)).toContain(`${CASE_TEXT} note`);
    const res = await admin.post('/api/v1/privacy/contacts/erase', {
      person: { email: 'li4@example.com' },
      irreversible: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts).toMatchObject({ workOrders: 1, invitations: 1, ratings: 1, portal: 1, caseTexts: 2 });

    const [wo] = await t.ctx.db.select().from(workOrders).where(eq(workOrders.id, ids.recentWo!));
    expect(wo).toMatchObject({ customerName: null, customerPhone: null, customerEmail: null });
    const [rating] = await t.ctx.db.select().from(ratings).where(eq(ratings.id, ids.recentRating!));
    expect(rating!.answers).toEqual({ speed: 5, rec: 10 });
    expect(rating!.score).toBe(100);
    const shown = (await admin.get(`/api/v1/work-orders/${ids.recentWo}/ratings`)).json().items[0];
    expect(shown).toMatchObject({ score: 100, textRemovedAt: expect.any(String) });
    expect(await figures()).toEqual(before);

    const dump = JSON.stringify(
      await t.ctx.db.execute(sql`select row_to_json(x) from (select * from work_orders) x
        union all select row_to_json(x) from (select * from invitations) x
        union all select row_to_json(x) from (select * from ratings) x
        union all select row_to_json(x) from (select * from rating_facts) x
        union all select row_to_json(x) from (select * from portal_sessions) x
        union all select row_to_json(x) from (select * from audit_events) x
        union all select row_to_json(x) from (select * from remediation_cases) x
        union all select row_to_json(x) from (select * from case_entries) x`),
    );
    for (const value of [LI.name, LI.phone, LI.email, NEW_COMMENT, CASE_TEXT]) expect(dump).not.toContain(value);
    const again = (await admin.post('/api/v1/privacy/contacts/export', { email: LI.email })).json();
    expect(again.workOrders).toEqual([]);

    const audit = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'privacy.contact_erased'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorName).toBeTruthy();
  });
});

describe('the nightly job', () => {
  it('runs at 03:xx in the organisation time zone, when asked, and resumes a run cut short', async () => {
    const run = (at: string, now = false) => retentionJob.handler({ now }, jobContextAt(t, new Date(at)));
    const started = async () => (await lastRetentionRun(t.ctx.db))?.startedAt;
    // Asia/Shanghai (UTC+8): 10:30 local is 02:30Z — not the hour.
    await writeSetting(t.ctx.db, 'privacy_retention_run', {
      startedAt: '2026-11-01T00:00:00.000Z',
      finishedAt: '2026-11-01T00:01:00.000Z',
      counts: {},
    });
    await run('2026-12-01T02:30:00Z');
    expect(await started()).toBe('2026-11-01T00:00:00.000Z');
    await run('2026-11-30T19:30:00Z'); // 03:30 local
    expect(await started()).toBe('2026-11-30T19:30:00.000Z');
    await run('2026-12-01T02:30:00Z', true); // "Run now"
    expect(await started()).toBe('2026-12-01T02:30:00.000Z');
    // A run cut short (no finishedAt) an hour and more ago is resumed by the next tick; a fresh one is left alone.
    await writeSetting(t.ctx.db, 'privacy_retention_run', {
      startedAt: '2026-12-01T03:00:00.000Z',
      finishedAt: null,
      counts: { workOrders: 3 },
    });
    await run('2026-12-01T03:30:00Z');
    expect(await started()).toBe('2026-12-01T03:00:00.000Z');
    await run('2026-12-01T04:30:00Z');
    expect(await lastRetentionRun(t.ctx.db)).toMatchObject({ startedAt: '2026-12-01T04:30:00.000Z' });
    expect((await lastRetentionRun(t.ctx.db))?.finishedAt).not.toBeNull();
  });
});
