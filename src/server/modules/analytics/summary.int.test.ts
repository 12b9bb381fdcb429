import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { invitationFactory } from '../../../../test/support/invitations.js';
import type { Dimension } from '../../../common/scoring/index.js';
import { invitations } from '../../db/schema/invitations.js';
import { ratings } from '../../db/schema/ratings.js';
import { executeRows } from '../../db/sql.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { recordEvent } from '../events/events.service.js';
import { updateOrganisationProfile } from '../settings/settings.service.js';
import { iterateDrillDownRatings } from './drill-down.service.js';
import { rebuildAnalytics } from './rebuild.service.js';
import { drainAnalytics } from './test-fixtures.js';

/**
 * Every summary figure against a hand-computed fixture (Asia/Shanghai, UTC+8, no DST). Template (weighting off):
 * speed star5, call_twice yes_no INVERTED (yes → n = 0), rec nps (outcome), note text — all optional.
 *
 * | rating | work order (dept, engineers) | local time     | answers                         | S      | ★ r | class    | NPS |
 * | r1     | wo1 (C ⊂ R, e1 + e2)          | Mar 1 23:59    | speed 5, rec 10, note           | 100    | 5   | satisfied| 10  |
 * | r2     | wo2 (R, e1), QR invitation    | Mar 2 00:01    | speed 1, rec 3                  | 15     | 2   | negative | 3   |
 * | r3     | wo3 (O, e2)                   | Mar 2 11:00    | note only                       | null   | —   | —        | —   |
 * | r4     | wo1                           | Mar 2 13:00    | speed 4, call_twice yes, rec 8  | 155/3  | 3   | neutral  | 8   |
 *
 * Invitations (by creation, local): i1 Mar 1 delivered → r1; i2 QR Mar 2 → r2; i3 Mar 2 delivered → r3;
 * i4 Mar 2 NOT delivered → r4; i5 Mar 2 delivered, no rating. Mar 2 response rate = {i2, i3} / {i2, i3, i5} = 2/3.
 */
const DIMENSIONS: Dimension[] = [
  { key: 'speed', type: 'star5', required: false, weight: 1, label: { 'zh-CN': '速度', en: 'Speed' } },
  {
    key: 'call_twice',
    type: 'yes_no',
    required: false,
    weight: 1,
    inverted: true,
    label: { 'zh-CN': '是否打了两次电话', en: 'Had to call twice' },
  },
  { key: 'rec', type: 'nps', required: false, weight: 1, outcome: true, label: { 'zh-CN': '推荐', en: 'Recommend' } },
  { key: 'note', type: 'text', required: false, weight: 0, label: { 'zh-CN': '备注', en: 'Note' } },
];

let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ publicRateLimits: { perIpPerMinute: 100_000 } });
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  const R = await departmentFactory(db);
  const C = await departmentFactory(db, { parentId: R.id });
  const O = await departmentFactory(db);
  const e1 = await employeeFactory(db);
  const e2 = await employeeFactory(db);
  Object.assign(ids, { R: R.id, C: C.id, O: O.id, e1: e1.id, e2: e2.id, template: template.id });
  const wo1 = await workOrderFactory(t.ctx, { departmentId: C.id, engineerIds: [e1.id, e2.id], store: 'S1' });
  const wo2 = await workOrderFactory(t.ctx, { departmentId: R.id, engineerIds: [e1.id] });
  const wo3 = await workOrderFactory(t.ctx, { departmentId: O.id, engineerIds: [e2.id] });
  const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
  const invite = async (
    name: string,
    workOrderId: string,
    createdAt: string,
    deliveredAt: string | null,
    qr = false,
  ) => {
    const inv = await invitationFactory(db, links, {
      templateVersionId: template.publishedVersionId!,
      workOrderId,
      ...(qr ? { channels: ['qr'], source: 'qr' as const } : {}),
    });
    await db
      .update(invitations)
      .set({ createdAt: new Date(createdAt), deliveredAt: deliveredAt ? new Date(deliveredAt) : null })
      .where(eq(invitations.id, inv.invitation.id));
    ids[name] = inv.invitation.id;
    return inv;
  };
  const rate = async (name: string, inv: { api: string }, answers: object, at: string) => {
    const res = await t.anon.post(`${inv.api}/ratings`, { answers });
    expect(res.statusCode, res.body).toBe(201);
    ids[name] = res.json().id;
    await db
      .update(ratings)
      .set({ submittedAt: new Date(at) })
      .where(eq(ratings.id, ids[name]!));
  };
  const i1 = await invite('i1', wo1.id, '2026-03-01T02:00:00Z', '2026-03-01T02:01:00Z');
  const i2 = await invite('i2', wo2.id, '2026-03-01T16:00:30Z', null, true);
  const i3 = await invite('i3', wo3.id, '2026-03-02T02:00:00Z', '2026-03-02T02:01:00Z');
  const i4 = await invite('i4', wo1.id, '2026-03-02T04:00:00Z', null);
  const i5 = await invite('i5', wo3.id, '2026-03-02T06:00:00Z', '2026-03-02T06:01:00Z');
  await rate('r1', i1, { speed: 5, rec: 10, note: 'great' }, '2026-03-01T15:59:00Z');
  await rate('r2', i2, { speed: 1, rec: 3 }, '2026-03-01T16:01:00Z');
  await rate('r3', i3, { note: 'meh' }, '2026-03-02T03:00:00Z');
  await rate('r4', i4, { speed: 4, call_twice: true, rec: 8 }, '2026-03-02T05:00:00Z');
  await recordEvent(db, SYSTEM_ACTOR, {
    type: 'invitation.delivered',
    workOrderId: wo3.id,
    subjectType: 'invitation',
    subjectId: i5.invitation.id,
  });
  await drainAnalytics(t);
});
afterAll(async () => {
  await t?.close();
});

const MARCH_2 = 'from=2026-03-02&to=2026-03-03';
const S4 = 155 / 3;

/** One analyst session for the whole file (logins are rate-limited per address). */
let analystClient: Awaited<ReturnType<TestApp['loginAs']>> | undefined;
async function analyst() {
  analystClient ??= await t.loginAs(['analyst']);
  return analystClient;
}

async function summary(query: string) {
  const res = await (await analyst()).get(`/api/v1/analytics/summary?${query}&lang=en`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

function checkMarch2(s: Record<string, unknown>) {
  expect(s).toMatchObject({ count: 3, csat: 0, nps: -50, negativeCount: 1 });
  expect(s.averageScore).toBeCloseTo((15 + S4) / 2, 9);
  expect(s.averageStars).toBeCloseTo(1 + (4 * (15 + S4)) / 2 / 100, 9);
  expect(s.responseRate).toBeCloseTo(200 / 3, 9);
  expect(s.dimensions).toEqual([
    { key: 'speed', label: 'Speed', average: 2.5, scale: 'star5', count: 2 },
    { key: 'call_twice', label: 'Had to call twice', average: 100, scale: 'yes_no', count: 1 },
    { key: 'rec', label: 'Recommend', average: 5.5, scale: 'nps', count: 2 },
  ]);
}

describe('GET /api/v1/analytics/summary', () => {
  it('computes every figure of a local day (null S, NPS, response rate, inverted yes/no)', async () => {
    const s = await summary(MARCH_2);
    checkMarch2(s);
    expect(s.period).toEqual({ from: '2026-03-01T16:00:00.000Z', to: '2026-03-02T16:00:00.000Z' });
    expect(s.asOf).toEqual(expect.any(String));
  });

  it('gives the previous period of the same length', async () => {
    const s = await summary(MARCH_2);
    expect(s.previous).toMatchObject({
      count: 1,
      averageScore: 100,
      averageStars: 5,
      csat: 100,
      nps: 100,
      negativeCount: 0,
      responseRate: 100,
      period: { from: '2026-02-28T16:00:00.000Z', to: '2026-03-01T16:00:00.000Z' },
    });
  });

  it('counts ratings either side of local midnight on their local day, and partial-day bounds exactly', async () => {
    expect((await summary('from=2026-03-01&to=2026-03-02')).count).toBe(1);
    expect((await summary('from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z')).count).toBe(2);
    const afternoon = await summary(`from=${encodeURIComponent('2026-03-02T10:00:00+08:00')}&to=2026-03-03`);
    expect(afternoon.count).toBe(2);
    expect(afternoon.averageScore).toBeCloseTo(S4, 9);
    expect((await summary('from=2026-03-01&to=2026-04-01')).count).toBe(4);
    expect((await summary('from=2026-01-01&to=2027-01-01')).count).toBe(4);
  });

  it('covers a department subtree and credits a shared rating to each engineer', async () => {
    const subtree = await summary(`departmentId=${ids.R}`);
    expect(subtree.count).toBe(3);
    expect(subtree.averageScore).toBeCloseTo((100 + 15 + S4) / 3, 9);
    expect((await summary(`departmentId=${ids.C}`)).count).toBe(2);
    expect((await summary(`engineerId=${ids.e1}`)).count).toBe(3);
    expect((await summary(`engineerId=${ids.e2}`)).count).toBe(3);
    expect((await summary(`engineerId=${ids.e1}&departmentId=${ids.R}&${MARCH_2}`)).count).toBe(2);
    expect((await summary(`store=S1&${MARCH_2}`)).count).toBe(1);
    expect((await summary(`channel=qr`)).count).toBe(1);
  });

  it("filters by source from its own rollup; the funnel is the customers' (a follow-up has no invitation)", async () => {
    // Every fixture rating is the customer's own: `customer` is the whole picture, response rate included.
    checkMarch2(await summary(`source=customer&${MARCH_2}`));
    const followUp = await summary(`source=follow_up&${MARCH_2}`);
    expect(followUp).toMatchObject({ count: 0, averageScore: null, responseRate: null });
    const client = await analyst();
    const funnel = (await client.get(`/api/v1/analytics/funnel?source=follow_up&${MARCH_2}`)).json();
    expect(funnel.total).toMatchObject({ created: 0, responded: 0 });
    const [row] = await executeRows<{ n: number }>(
      t.ctx.db,
      sql`select sum(count)::int as n from rating_rollups where family = 'source' and member = 'customer'
          and grain = 'month'`,
    );
    expect(row?.n).toBe(4);
  });

  it('gives the same figures after a rebuild from the raw ratings', async () => {
    await rebuildAnalytics(t.ctx.db);
    checkMarch2(await summary(MARCH_2));
  });
});

describe('drill-down totals equal the figures', () => {
  it('for count, negativeCount, a ★ bar and a trend point', async () => {
    const client = await analyst();
    const list = async (q: string) => {
      const res = await client.get(`/api/v1/analytics/ratings?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const s = await summary(MARCH_2);
    expect((await list(MARCH_2)).total).toBe(s.count);
    expect((await list(`${MARCH_2}&negative=true`)).total).toBe(s.negativeCount);
    const distribution = (await client.get(`/api/v1/analytics/distribution?${MARCH_2}`)).json();
    expect(distribution).toMatchObject({ count: 3, unscored: 1 });
    for (const bar of distribution.stars) {
      expect((await list(`${MARCH_2}&stars=${bar.stars}`)).total).toBe(bar.count);
    }
    const trend = (await client.get('/api/v1/analytics/trend?from=2026-03-01&to=2026-03-04&granularity=day')).json();
    expect(trend.points.map((p: { count: number }) => p.count)).toEqual([1, 3, 0]);
    for (const p of trend.points) {
      const q = `from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}`;
      expect((await list(q)).total).toBe(p.count);
    }
    const page = await list(`${MARCH_2}&sort=-score&limit=2`);
    expect(page.items.map((r: { id: string }) => r.id)).toEqual([ids.r4, ids.r2]);
    const rest = await list(`${MARCH_2}&sort=-score&limit=2&cursor=${page.nextCursor}`);
    expect(rest.items.map((r: { id: string }) => r.id)).toEqual([ids.r3]);
    expect(rest.nextCursor).toBeNull();
    // Exports stream the same rows in submission order, a batch at a time (keyset).
    const streamed: string[] = [];
    for await (const row of iterateDrillDownRatings(
      t.ctx.db,
      SYSTEM_ACTOR,
      { from: '2026-03-02', to: '2026-03-03' },
      {
        batchSize: 2,
      },
    )) {
      streamed.push(row.id);
    }
    expect(streamed).toEqual([ids.r2, ids.r3, ids.r4]);
    const shared = (await list(`${MARCH_2}&engineerId=${ids.e2}`)).items.find((r: { id: string }) => r.id === ids.r4);
    expect(shared.engineers.map((e: { id: string }) => e.id).sort()).toEqual([ids.e1, ids.e2].sort());
    expect(shared.answers).toEqual({ speed: 4, call_twice: true, rec: 8 });
  });
});

describe('series, funnel and comments', () => {
  it('answers per-dimension trends, the funnel per channel and the latest comments', async () => {
    const client = await analyst();
    const dims = (await client.get('/api/v1/analytics/dimensions?from=2026-03-01&to=2026-03-03&lang=en')).json();
    const speed = dims.dimensions.find((d: { key: string }) => d.key === 'speed');
    expect(speed).toMatchObject({ label: 'Speed', scale: 'star5', count: 3 });
    expect(speed.points.map((p: { average: number | null; count: number }) => [p.average, p.count])).toEqual([
      [5, 1],
      [2.5, 2],
    ]);
    const funnel = (await client.get(`/api/v1/analytics/funnel?${MARCH_2}`)).json();
    expect(funnel.total).toMatchObject({ created: 4, delivered: 3, opened: 0, responded: 2 });
    expect(funnel.total.responseRate).toBeCloseTo(200 / 3, 9);
    expect(funnel.channels).toEqual([
      { channel: 'qr', created: 1, delivered: 1, opened: 0, responded: 1, responseRate: 100 },
      { channel: null, created: 3, delivered: 2, opened: 0, responded: 1, responseRate: 50 },
    ]);
    const comments = (await client.get('/api/v1/analytics/comments?from=2026-03-01&to=2026-03-03')).json();
    expect(comments.items.map((c: { id: string; comment: string }) => [c.id, c.comment])).toEqual([
      [ids.r3, 'meh'],
      [ids.r1, 'great'],
    ]);
    const tooMany = await client.get('/api/v1/analytics/trend?from=2000-01-01&to=2026-01-01&granularity=day');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0]).toMatchObject({ path: 'query.granularity', code: 'too_many_buckets' });
    const backwards = await client.get('/api/v1/analytics/summary?from=2026-03-02&to=2026-03-01');
    expect(backwards.json().errors[0]).toMatchObject({ path: 'query.to', code: 'before_start' });
  });
});

describe('analytics access', () => {
  it('limits a supervisor to their subtree and refuses an engineer', async () => {
    const supervisor = await t.loginAs(['supervisor'], { departmentId: ids.R });
    const mine = (await supervisor.get('/api/v1/analytics/summary')).json();
    expect(mine.count).toBe(3);
    expect((await supervisor.get(`/api/v1/analytics/summary?departmentId=${ids.O}`)).statusCode).toBe(404);
    expect((await supervisor.get(`/api/v1/analytics/ratings?departmentId=${ids.O}`)).statusCode).toBe(404);
    expect((await supervisor.get('/api/v1/analytics/ratings')).json().total).toBe(3);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/analytics/summary')).statusCode).toBe(403);
  });
});

describe('a changed organisation time zone', () => {
  it('rebuilds the buckets in the new zone (the processor reacts to settings.time_zone_changed)', async () => {
    await updateOrganisationProfile(t.ctx.db, SYSTEM_ACTOR, { timeZone: 'UTC' });
    await drainAnalytics(t);
    const s = await summary('from=2026-03-01&to=2026-03-02');
    expect(s.period).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' });
    expect(s.count).toBe(2);
    const trend = (await (await analyst()).get('/api/v1/analytics/trend?from=2026-03-01&to=2026-03-03')).json();
    expect(trend.points.map((p: { count: number }) => p.count)).toEqual([2, 2]);
    await updateOrganisationProfile(t.ctx.db, SYSTEM_ACTOR, { timeZone: 'Asia/Shanghai' });
    await drainAnalytics(t);
    checkMarch2(await summary(MARCH_2));
  });
});
