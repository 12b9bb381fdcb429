import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { departmentFactory, templateFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { type Dimension, storeScore, touchpointScore } from '../../../common/scoring/index.js';
import { executeRows } from '../../db/sql.js';
import { importRatingHistory } from '../ratings/history-import.js';
import { localMidnight } from './local-time.js';
import { rebuildAnalytics } from './rebuild.service.js';

/**
 * Store score across touchpoints (SCORING.md §7) against hand-computed values. One star question: S = (★ − 1)·25.
 * Period Q1 2026 in Asia/Shanghai: T = 2026-04-01 00:00 +08:00. Touchpoints configured: delivery W 3, returns W 1;
 * `gift_wrap` is not configured (weight 1).
 *
 * Store S1 (age = days before T, d = 0.5^(age/30)):
 * | touchpoint | ratings                               | Sₜ = Σ dS / Σ d                                  |
 * | delivery   | ★5 at 60 d (d ¼), 2 × ★3 at 30 d (d ½) | (25 + 25 + 25) / 1.25 = 60                         |
 * | returns    | ★1 at 10 d                             | 0                                                |
 * | gift_wrap  | ★4 at 5 d                              | 75                                               |
 * store = (3·60 + 1·0 + 1·75) / 5 = 51; contributions 36, 0, 15. A plain mean would be (100+50+50+0+75)/5 = 55.
 * Store S2: 5 × ★5 without a touchpoint → 100 (rank 1). Store S3: 2 ratings → listed, not ranked.
 */
const DIMENSIONS: Dimension[] = [
  { key: 'q', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '满意度', en: 'Satisfaction' } },
];
const ZONE = 'Asia/Shanghai';
const T = localMidnight('2026-04-01', ZONE);
const DAY = 86_400_000;
const Q1 = 'from=2026-01-01&to=2026-04-01';

let t: TestApp;
let versionId: string;
const ids: Record<string, string> = {};
/** Every rating made, to recompute the report from the raw instants. */
const made: { store: string; touchpoint: string | null; departmentId: string; stars: number; at: Date }[] = [];

async function rate(
  store: string,
  touchpoint: string | null,
  departmentId: string,
  ratings: { stars: number; at: Date }[],
  serviceTypeId?: string,
) {
  const wo = await workOrderFactory(t.ctx, {
    departmentId,
    store,
    ...(touchpoint ? { touchpoint } : {}),
    ...(serviceTypeId ? { serviceTypeId } : {}),
  });
  await importRatingHistory(
    t.ctx.db,
    versionId,
    ratings.map((r) => ({
      invitationId: null,
      workOrderId: wo.id,
      answers: { q: r.stars },
      language: 'en',
      submittedAt: r.at,
    })),
  );
  for (const r of ratings) made.push({ store, touchpoint, departmentId, ...r });
  return wo;
}

const ago = (days: number) => new Date(T.getTime() - days * DAY);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  versionId = template.publishedVersionId!;
  const D1 = await departmentFactory(db, { kind: 'team', name: 'Team 1' });
  const D2 = await departmentFactory(db, { kind: 'team', name: 'Team 2' });
  Object.assign(ids, { D1: D1.id, D2: D2.id });
  const admin = await t.loginAs(['admin']);
  for (const body of [
    { key: 'delivery', nameEn: 'Delivery', nameZh: '配送', weight: 3, sort: 1 },
    { key: 'returns', nameEn: 'Returns', nameZh: '退货', weight: 1, sort: 2 },
  ]) {
    expect((await admin.post('/api/v1/touchpoints', body)).statusCode).toBe(201);
  }
  await rate('S1', 'delivery', D1.id, [
    { stars: 5, at: ago(60) },
    { stars: 3, at: ago(30) },
    { stars: 3, at: ago(30) },
  ]);
  await rate('S1', 'returns', D1.id, [{ stars: 1, at: ago(10) }]);
  await rate('S1', 'gift_wrap', D2.id, [{ stars: 4, at: ago(5) }]);
  const s2 = await rate(
    'S2',
    null,
    D1.id,
    [1, 2, 3, 4, 5].map((i) => ({ stars: 5, at: ago(i * 7) })),
  );
  ids.serviceTypeS2 = s2.serviceTypeId!;
  await rate('S3', 'delivery', D2.id, [
    { stars: 2, at: ago(3) },
    { stars: 4, at: ago(2) },
  ]);
  // The quarter before: S1's previous standing.
  await rate(
    'S1',
    'delivery',
    D1.id,
    [1, 2, 3, 4, 5].map((i) => ({ stars: 4, at: new Date(Date.UTC(2025, 11, i * 5, 3)) })),
  );
  await rebuildAnalytics(db);
});
afterAll(async () => {
  await t?.close();
});

type Touchpoint = { key: string; weight: number; score: number | null; contribution: number | null; n: number };

describe('GET /analytics/stores', () => {
  it('ranks stores by the recency-weighted store score, with each touchpoint’s weight and contribution', async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.get(`/api/v1/analytics/stores?${Q1}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ halfLifeDays: 30, minSample: 5, period: { to: T.toISOString() } });
    expect(body.items.map((i: { store: string; rank: number | null }) => [i.store, i.rank])).toEqual([
      ['S2', 1],
      ['S1', 2],
      ['S3', null],
    ]);
    const [s2, s1, s3] = body.items;
    expect(s2.score).toBeCloseTo(100, 10);
    expect(s2.touchpoints).toEqual([
      expect.objectContaining({ key: '', configured: false, weight: 1, n: 5, weightShare: 1 }),
    ]);
    expect(s1).toMatchObject({ n: 5, count: 5, insufficientSample: false });
    expect(s1.score).toBeCloseTo(51, 9);
    const parts = Object.fromEntries(s1.touchpoints.map((p: Touchpoint) => [p.key, p]));
    expect(s1.touchpoints.map((p: Touchpoint) => p.key)).toEqual(['delivery', 'returns', 'gift_wrap']);
    expect(parts.delivery).toMatchObject({ weight: 3, n: 3, configured: true, nameEn: 'Delivery', nameZh: '配送' });
    expect(parts.delivery.score).toBeCloseTo(60, 9);
    expect(parts.delivery.contribution).toBeCloseTo(36, 9);
    expect(parts.delivery.weightShare).toBeCloseTo(0.6, 12);
    expect(parts.returns.score).toBeCloseTo(0, 9);
    // Unknown touchpoint rule: counted, with weight 1.
    expect(parts.gift_wrap).toMatchObject({ weight: 1, configured: false, nameEn: null, n: 1 });
    expect(parts.gift_wrap.contribution).toBeCloseTo(15, 9);
    // The same by storeScore from the common scoring module.
    expect(
      storeScore([
        { weight: 3, score: touchpointScore([100, 50, 50].map((s, i) => ({ score: s, ageDays: [60, 30, 30][i]! }))) },
        { weight: 1, score: touchpointScore([{ score: 0, ageDays: 10 }]) },
        { weight: 1, score: touchpointScore([{ score: 75, ageDays: 5 }]) },
      ]),
    ).toBeCloseTo(s1.score, 9);
    expect(s3).toMatchObject({ n: 2, rank: null, insufficientSample: true });
    // The quarter before (T' = 2026-01-01 local): five ★4 (S 75) at delivery only, so 75 whatever the weights.
    expect(s1.previous.n).toBe(5);
    expect(s1.previous.score).toBeCloseTo(75, 9);
    expect(s1.previous.rank).toBe(1);
    expect(s2.previous).toEqual({ score: null, n: 0, rank: null });
  });

  it('applies a changed weight at once (weights are read, not rolled up)', async () => {
    const admin = await t.loginAs(['admin']);
    const list = (await admin.get('/api/v1/touchpoints')).json();
    const delivery = list.items.find((i: { key: string }) => i.key === 'delivery');
    expect((await admin.patch(`/api/v1/touchpoints/${delivery.id}`, { weight: 1 })).statusCode).toBe(200);
    const s1 = (await admin.get(`/api/v1/analytics/stores?${Q1}`))
      .json()
      .items.find((i: { store: string }) => i.store === 'S1');
    expect(s1.score).toBeCloseTo((60 + 0 + 75) / 3, 9);
    expect((await admin.patch(`/api/v1/touchpoints/${delivery.id}`, { weight: 3 })).statusCode).toBe(200);
  });

  it('reads partial-day edges and other filters from the facts with the same result', async () => {
    const admin = await t.loginAs(['admin']);
    const plain = (await admin.get(`/api/v1/analytics/stores?${Q1}`)).json();
    // `source` is not kept by the store rollup: the facts answer.
    const facts = (await admin.get(`/api/v1/analytics/stores?${Q1}&source=customer`)).json();
    expect(strip(facts.items)).toEqual(strip(plain.items));
    // The same period written as instants, ending inside a local day (00:00 +08:00 = 16:00Z the day before).
    const edged = (
      await admin.get(`/api/v1/analytics/stores?from=2025-12-31T16:00:00Z&to=${encodeURIComponent(T.toISOString())}`)
    ).json();
    expect(strip(edged.items)).toEqual(strip(plain.items));
    // A department (its rows in the rollup) and a service type, each against the facts.
    for (const filter of [`departmentId=${ids.D1}`, `serviceTypeId=${ids.serviceTypeS2}`]) {
      const rollup = (await admin.get(`/api/v1/analytics/stores?${Q1}&${filter}`)).json();
      const fromFacts = (await admin.get(`/api/v1/analytics/stores?${Q1}&${filter}&source=customer`)).json();
      expect(rollup.items.length, filter).toBeGreaterThan(0);
      expect(strip(fromFacts.items), filter).toEqual(strip(rollup.items));
    }
    const d1 = (await admin.get(`/api/v1/analytics/stores?${Q1}&departmentId=${ids.D1}`)).json();
    expect(d1.items.map((i: { store: string; n: number }) => [i.store, i.n])).toEqual([
      ['S2', 5],
      ['S1', 4],
    ]);
    // Without gift_wrap (Team 2): (3·60 + 1·0) / 4 = 45.
    expect(d1.items[1].score).toBeCloseTo(45, 9);
  });

  it('limits a supervisor to the ratings of their departments', async () => {
    const supervisor = await t.loginAs(['supervisor'], { departmentId: ids.D2 });
    const body = (await supervisor.get(`/api/v1/analytics/stores?${Q1}`)).json();
    expect(body.items.map((i: { store: string; n: number }) => [i.store, i.n])).toEqual([
      ['S1', 1],
      ['S3', 2],
    ]);
    expect(body.items[0].touchpoints.map((p: Touchpoint) => p.key)).toEqual(['gift_wrap']);
    expect(body.items[0].score).toBeCloseTo(75, 9);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/analytics/stores')).statusCode).toBe(403);
  });
});

describe('GET /analytics/stores/{store}', () => {
  it('gives the store’s score, rank, touchpoints, trend and comments', async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.get(`/api/v1/analytics/stores/S1?${Q1}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ store: 'S1', n: 5, rank: 2, insufficientSample: false });
    expect(body.score).toBeCloseTo(51, 9);
    expect(body.touchpoints).toHaveLength(3);
    expect(body.previous.score).toBeCloseTo(75, 9);
    // 90 days → weeks; each point is the store score of that week's ratings, T = the week's end.
    expect(body.trend.granularity).toBe('week');
    const withRatings = body.trend.points.filter((p: { n: number }) => p.n > 0);
    expect(withRatings.reduce((a: number, p: { n: number }) => a + p.n, 0)).toBe(5);
    // The week of the two ★3 (S 50) at 30 days: one touchpoint, so 50 whatever the decay.
    const week = withRatings.find(
      (p: { from: string; to: string }) => p.from <= ago(30).toISOString() && ago(30).toISOString() < p.to,
    );
    expect(week.score).toBeCloseTo(50, 9);
    expect(Array.isArray(body.comments)).toBe(true);
    // A store nobody rated: empty, not an error.
    const none = (await admin.get(`/api/v1/analytics/stores/${encodeURIComponent('无此店')}?${Q1}`)).json();
    expect(none).toMatchObject({ n: 0, score: null, rank: null, insufficientSample: true, touchpoints: [] });
  });
});

/** Same values, allowing for the summation order of doubles. */
function strip(items: { store: string; score: number | null; n: number; touchpoints: Touchpoint[] }[]) {
  const r = (v: number | null) => (v === null ? null : Math.round(v * 1e9) / 1e9);
  return items.map((i) => ({
    store: i.store,
    n: i.n,
    score: r(i.score),
    touchpoints: i.touchpoints.map((p) => [p.key, p.n, r(p.score), r(p.contribution)]),
  }));
}

describe('decayed rollups = the fact-level computation (random instants)', () => {
  it('agrees with storeScore over the raw ratings for random periods, and the rollup rows stay bounded', async () => {
    let seed = 18;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const start = Date.UTC(2025, 0, 1);
    const span = Date.UTC(2026, 6, 1) - start;
    for (const store of ['R1', 'R2', 'R3']) {
      for (const touchpoint of ['delivery', 'returns', 'other', null]) {
        await rate(
          store,
          touchpoint,
          random() < 0.5 ? ids.D1! : ids.D2!,
          Array.from({ length: 6 }, () => ({
            stars: 1 + Math.floor(random() * 5),
            at: new Date(start + Math.floor(random() * span)),
          })),
        );
      }
    }
    await rebuildAnalytics(t.ctx.db);
    const weightOf: Record<string, number> = { delivery: 3, returns: 1 };
    const admin = await t.loginAs(['admin']);
    for (let k = 0; k < 6; k++) {
      const a = start + Math.floor(random() * span);
      const b = start + Math.floor(random() * span);
      // Whole local days half the time, instants inside days the other half.
      const [from, to] = [new Date(Math.min(a, b)), new Date(Math.max(a, b) + DAY)];
      const bound = (d: Date) => (k % 2 === 0 ? d.toISOString().slice(0, 10) : d.toISOString());
      const q = `from=${encodeURIComponent(bound(from))}&to=${encodeURIComponent(bound(to))}`;
      const body = (await admin.get(`/api/v1/analytics/stores?${q}`)).json();
      const T0 = new Date(body.period.to);
      const F0 = new Date(body.period.from);
      for (const store of ['R1', 'R2', 'R3']) {
        const inPeriod = made.filter((m) => m.store === store && m.at >= F0 && m.at < T0);
        const keys = [...new Set(inPeriod.map((m) => m.touchpoint ?? ''))];
        const expected = storeScore(
          keys.map((key) => ({
            weight: weightOf[key] ?? 1,
            score: touchpointScore(
              inPeriod
                .filter((m) => (m.touchpoint ?? '') === key)
                .map((m) => ({ score: (m.stars - 1) * 25, ageDays: (T0.getTime() - m.at.getTime()) / DAY })),
            ),
          })),
        );
        const got = body.items.find((i: { store: string }) => i.store === store);
        if (inPeriod.length === 0) expect(got, q).toBeUndefined();
        else {
          expect(got.n, q).toBe(inPeriod.length);
          expect(got.score, q).toBeCloseTo(expected!, 9);
        }
      }
      const facts = (await admin.get(`/api/v1/analytics/stores?${q}&source=customer`)).json();
      expect(strip(facts.items), q).toEqual(strip(body.items));
    }
    // Stored weights are relative to each bucket’s own date (00:00 UTC): in Shanghai t − r is −8 h … 16 h, so a
    // day’s weight per rating lies in [2^(−8/720), 2^(16/720)] — near 1 in any year, nothing to overflow.
    const [range] = await executeRows<{ lo: number; hi: number }>(
      t.ctx.db,
      sql`select min(sum_w / scored_count) as lo, max(sum_w / scored_count) as hi
          from store_touchpoint_rollups where grain = 'day' and scored_count > 0`,
    );
    expect(range!.lo).toBeGreaterThan(0.97);
    expect(range!.hi).toBeLessThan(1.05);
  });
});

describe('migrations 0029 and 0035', () => {
  it('backfill the store rollups from existing facts exactly as the processor and the rebuild write them', async () => {
    const rows = () =>
      executeRows<Record<string, unknown>>(
        t.ctx.db,
        sql`select family, member, store, touchpoint, grain, bucket::text, count::int, scored_count::int,
              round(sum_s::numeric, 6)::text as sum_s, round(sum_w::numeric, 9)::text as sum_w,
              round(sum_ws::numeric, 6)::text as sum_ws
            from store_touchpoint_rollups order by 1, 2, 3, 4, 5, 6`,
      );
    const written = await rows();
    expect(written.length).toBeGreaterThan(0);
    const migration = fs.readFileSync(new URL('../../db/migrations/0029_touchpoints.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO'));
    // 0035 adds the week rows from the day rows (its second statement; the first is `rating_rollups`').
    const weeks = fs
      .readFileSync(new URL('../../db/migrations/0035_rollup_week_grain.sql', import.meta.url), 'utf8')
      .split('--> statement-breakpoint')
      .find((s) => s.includes('INSERT INTO "store_touchpoint_rollups"'));
    expect(written.some((r) => r.grain === 'week')).toBe(true);
    await t.ctx.db.execute(sql`truncate store_touchpoint_rollups`);
    await t.ctx.db.execute(sql.raw(backfill!));
    await t.ctx.db.execute(sql.raw(weeks!));
    expect(await rows()).toEqual(written);
  });
});
