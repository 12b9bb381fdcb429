import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import type { Dimension } from '../../../common/scoring/index.js';
import { executeRows } from '../../db/sql.js';
import { importRatingHistory } from '../ratings/history-import.js';
import { rebuildAnalytics } from './rebuild.service.js';

/**
 * Fair rankings (SCORING.md §6) against hand-computed values. One star question, so S = (★ − 1)·25. March 2026:
 *
 * | work orders (team, engineers) | ratings            | Σ S   |
 * | T1, a                         | 10 × ★5 (S = 100)  | 1,000 |
 * | T1, c                         | 1 × ★5             | 100   |
 * | T2, b                         | 6 × ★4 (S = 75)    | 450   |
 * | T2, a + d (shared)            | 5 × ★1 (S = 0)     | 0     |
 *
 * m = 1,550 / 22; C = 10. a: n 15, Σ 1,000 → B = (10m + 1,000)/25 = 68.18; b: n 6 → (10m + 450)/16 = 72.16;
 * d: n 5 → 10m/15 = 46.97; c: n 1 < 5 → listed, not ranked (a plain mean of 100 would have topped the list).
 */
const DIMENSIONS: Dimension[] = [
  { key: 'q', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '满意度', en: 'Satisfaction' } },
];
const M = 1550 / 22;

let t: TestApp;
let engineer: Awaited<ReturnType<TestApp['loginAs']>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  const T1 = await departmentFactory(db, { kind: 'team', name: 'Team 1' });
  const T2 = await departmentFactory(db, { kind: 'team', name: 'Team 2' });
  const [a, b, c, d] = await Promise.all(['Ann', 'Bo', 'Cai', 'Di'].map((name) => employeeFactory(db, { name })));
  Object.assign(ids, { T1: T1.id, T2: T2.id, a: a!.id, b: b!.id, c: c!.id, d: d!.id });
  const rate = async (
    departmentId: string,
    engineerIds: string[],
    stars: number,
    count: number,
    first = new Date(Date.UTC(2026, 2, 2, 4)),
  ) => {
    const wo = await workOrderFactory(t.ctx, { departmentId, engineerIds });
    await importRatingHistory(
      db,
      template.publishedVersionId!,
      Array.from({ length: count }, (_, i) => ({
        invitationId: null,
        workOrderId: wo.id,
        answers: { q: stars },
        language: 'en',
        submittedAt: new Date(first.getTime() + i * 86_400_000),
      })),
    );
  };
  await rate(T1.id, [a!.id], 5, 10);
  await rate(T1.id, [c!.id], 5, 1);
  await rate(T2.id, [b!.id], 4, 6);
  await rate(T2.id, [a!.id, d!.id], 1, 5);
  // April (the member pages): the engineer E logs in; E + a share 2 × ★5, E alone 4 × ★3 (S = 50), b 1 × ★1.
  engineer = await t.loginAs(['engineer']);
  ids.E = engineer.employeeId;
  const april = (day: number) => new Date(Date.UTC(2026, 3, day, 4));
  await rate(T1.id, [ids.E, a!.id], 5, 2, april(1));
  await rate(T1.id, [ids.E], 3, 4, april(10));
  await rate(T2.id, [b!.id], 1, 1, april(20));
  await rebuildAnalytics(db);
});
afterAll(async () => {
  await t?.close();
});

const MARCH = 'from=2026-03-01&to=2026-04-01';

describe('GET /analytics/rankings', () => {
  it('ranks engineers by the Bayesian average, with n, the band, and the small sample last', async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.get(`/api/v1/analytics/rankings?by=engineer&${MARCH}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ by: 'engineer', priorWeight: 10, minSample: 5 });
    expect(body.orgMean).toBeCloseTo(M, 10);
    const rows = body.items.map((i: { id: string; rank: number | null }) => [i.id, i.rank]);
    expect(rows).toEqual([
      [ids.b, 1],
      [ids.a, 2],
      [ids.d, 3],
      [ids.c, null],
    ]);
    const [b, a, d, c] = body.items;
    expect(b).toMatchObject({ name: 'Bo', kind: null, n: 6, count: 6, mean: 75, band: { low: 75, high: 75 } });
    expect(b.bayesian).toBeCloseTo((10 * M + 450) / 16, 10);
    expect(a).toMatchObject({ name: 'Ann', n: 15, negative: 5, shared: 5 });
    expect([b.shared, c.shared, d.shared]).toEqual([0, 0, 5]);
    expect(a.bayesian).toBeCloseTo((10 * M + 1000) / 25, 10);
    expect(a.mean).toBeCloseTo(1000 / 15, 10);
    // s = √((10·33.3̅² + 5·66.6̅²)/14) = 48.795; half = 1.645·s/√15 = 20.725.
    expect(a.band.low).toBeCloseTo(1000 / 15 - 20.7249, 3);
    expect(a.band.high).toBeCloseTo(1000 / 15 + 20.7249, 3);
    expect(d.bayesian).toBeCloseTo((10 * M) / 15, 10);
    expect(c).toMatchObject({ name: 'Cai', n: 1, mean: 100, rank: null, insufficientSample: true, band: null });
    // The month before had no ratings: every previous standing is empty, not missing.
    expect(a.previous).toEqual({ n: 0, mean: null, bayesian: null, rank: null });
  });

  it('ranks departments by their own ratings; the facts path (another filter) agrees with the rollup path', async () => {
    const admin = await t.loginAs(['admin']);
    const rollup = (await admin.get(`/api/v1/analytics/rankings?by=department&${MARCH}`)).json();
    expect(rollup.items.map((i: { id: string; name: string; kind: string }) => [i.id, i.name, i.kind])).toEqual([
      [ids.T1, 'Team 1', 'team'],
      [ids.T2, 'Team 2', 'team'],
    ]);
    expect(rollup.items[0].bayesian).toBeCloseTo((10 * M + 1100) / 21, 10);
    expect(rollup.items[1].bayesian).toBeCloseTo((10 * M + 450) / 21, 10);
    // An edge of the period inside a day (an instant, not a local midnight) reads those hours from the facts.
    const edged = (
      await admin.get('/api/v1/analytics/rankings?by=engineer&from=2026-03-01T00:00:00Z&to=2026-04-01')
    ).json();
    const plain = (await admin.get(`/api/v1/analytics/rankings?by=engineer&${MARCH}`)).json();
    const nAndShared = (i: { id: string; n: number; shared: number }) => [i.id, i.n, i.shared];
    expect(edged.items.map(nAndShared)).toEqual(plain.items.map(nAndShared));
    // Every rating is the customer's: the same ratings, read from the facts instead of the rollup.
    const facts = (await admin.get(`/api/v1/analytics/rankings?by=engineer&${MARCH}&source=customer`)).json();
    expect(facts.orgMean).toBeCloseTo(plain.orgMean, 10);
    expect(facts.items).toEqual(plain.items);
  });

  it("migration 0034's backfill counts the shared ratings the rollup writes count", async () => {
    const db = t.ctx.db;
    const read = () =>
      executeRows<{ member: string; grain: string; bucket: string; shared: number }>(
        db,
        sql`select member, grain, bucket::text, shared::int from rating_rollups
            where shared > 0 and family = 'engineer' and grain <> 'week' order by 1, 2, 3`, // 0035 came later
      );
    const written = await read();
    // Ann and d share 5 in March; E and Ann 2 in April: a day and a month row each.
    expect(
      written
        .filter((r) => r.grain === 'month')
        .map((r) => r.shared)
        .sort(),
    ).toEqual([2, 2, 5, 5]);
    await db.execute(sql`update rating_rollups set shared = 0 where family = 'engineer' and grain <> 'week'`);
    const [, backfill] = fs
      .readFileSync(path.resolve('src/server/db/migrations/0034_rollup_shared_ratings.sql'), 'utf8')
      .split('--> statement-breakpoint');
    await db.execute(sql.raw(backfill!));
    expect(await read()).toEqual(written);
  });

  it("migration 0035's backfill writes the week and department_engineer rows the rollup writes write", async () => {
    const db = t.ctx.db;
    const read = () =>
      executeRows<Record<string, string | number>>(
        db,
        sql`select family, member, grain, bucket::text, count::int, scored_count::int, sum_s, sum_s2, negative::int,
              nps_count::int, star1::int, star5::int, shared::int
            from rating_rollups where grain = 'week' or family = 'department_engineer' order by 1, 2, 3, 4`,
      );
    const written = await read();
    expect(written.filter((r) => r.family === 'organisation').length).toBeGreaterThan(0);
    expect(
      written.filter((r) => r.grain === 'week').every((r) => new Date(`${r.bucket}T00:00:00Z`).getUTCDay() === 1),
    ).toBe(true);
    // Ann's ratings in Team 1 and Team 2 are two pairs; the five she shares with d in T2 are shared in both of theirs.
    const pairs = written.filter((r) => r.family === 'department_engineer' && r.grain === 'month');
    expect(pairs.find((r) => r.member === `${ids.T2}:${ids.d}`)).toMatchObject({ count: 5, shared: 5 });
    await db.execute(sql`delete from rating_rollups where grain = 'week' or family = 'department_engineer'`);
    const [weeks, , pairRows] = fs
      .readFileSync(path.resolve('src/server/db/migrations/0035_rollup_week_grain.sql'), 'utf8')
      .split('--> statement-breakpoint'); // the second statement is the store rollups'
    await db.execute(sql.raw(weeks!));
    await db.execute(sql.raw(pairRows!));
    expect(await read()).toEqual(written);
  });

  it('ranks the engineers of a department subtree from the department_engineer rows as from the facts', async () => {
    const admin = await t.loginAs(['admin']);
    for (const period of [MARCH, 'from=2026-03-02T05:00:00Z&to=2026-04-20T11:00:00Z']) {
      const q = `by=engineer&departmentId=${ids.T2}&${period}`;
      const rollup = (await admin.get(`/api/v1/analytics/rankings?${q}`)).json();
      const facts = (await admin.get(`/api/v1/analytics/rankings?${q}&source=customer`)).json();
      expect(rollup.items.length).toBeGreaterThan(0);
      expect(facts.items).toEqual(rollup.items);
    }
  });

  it('limits a supervisor to their departments (and the mean to their ratings); an engineer may not rank', async () => {
    const supervisor = await t.loginAs(['supervisor'], { departmentId: ids.T2 });
    const mine = (await supervisor.get(`/api/v1/analytics/rankings?by=engineer&${MARCH}`)).json();
    expect(mine.orgMean).toBeCloseTo(450 / 11, 10);
    // In Team 2, a and d share the same five ratings: the same B, the same rank.
    const [first, ...tied] = mine.items as { id: string; n: number; rank: number }[];
    expect([first!.id, first!.n, first!.rank]).toEqual([ids.b, 6, 1]);
    expect(tied.map((i) => [i.id, i.n, i.rank]).sort()).toEqual(
      [
        [ids.a, 5, 2],
        [ids.d, 5, 2],
      ].sort(),
    );
    expect((await supervisor.get(`/api/v1/analytics/rankings?departmentId=${ids.T1}`)).statusCode).toBe(404);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/analytics/rankings')).statusCode).toBe(403);
  });

  it('refuses an unknown grouping with a field error', async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.get('/api/v1/analytics/rankings?by=store');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'query.by' });
  });
});

/**
 * April 2026 (30 days; the period before it, 2 March – 1 April, holds the March ratings): E: n 6, Σ S = 2·100 + 4·50
 * = 400; a: n 2 (shared with E); b: n 1, S 0. m = 400/7; E: B = (10m + 400)/16, the only one ranked (a and b are
 * below 5). Stars: E averages (2·5 + 4·3)/6 = 11/3, everyone (23/7).
 */
const APRIL = 'from=2026-04-01&to=2026-05-01';
const MA = 400 / 7;

describe('GET /analytics/members/{by}/{id}', () => {
  it("shows an engineer's standing, figures, profile against the peers, trend and shared ratings", async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.get(`/api/v1/analytics/members/engineer/${ids.E}?${APRIL}&lang=en`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ by: 'engineer', id: ids.E, kind: null, minSample: 5, shared: 2, granularity: 'day' });
    expect(body.standing).toMatchObject({ n: 6, rank: 1, ranked: 1, insufficientSample: false });
    expect(body.standing.bayesian).toBeCloseTo((10 * MA + 400) / 16, 10);
    expect(body.orgMean).toBeCloseTo(MA, 10);
    expect(body.figures).toMatchObject({ count: 6, negativeCount: 0 });
    expect(body.figures.averageScore).toBeCloseTo(400 / 6, 10);
    // The period before (2 March – 1 April) had no rating of E: an empty standing and zero figures.
    expect(body.previous).toMatchObject({ n: 0, rank: null, insufficientSample: true });
    expect(body.previousFigures).toMatchObject({ count: 0 });
    expect(body.dimensions).toHaveLength(1);
    expect(body.dimensions[0]).toMatchObject({ key: 'q', label: 'Satisfaction', scale: 'star5', count: 6 });
    expect(body.dimensions[0].average).toBeCloseTo(11 / 3, 10);
    expect(body.dimensions[0].peerAverage).toBeCloseTo(23 / 7, 10);
    expect(body.trend).toHaveLength(30);
    const counted = body.trend.filter((p: { count: number }) => p.count > 0);
    expect(counted.map((p: { bucket: string; count: number }) => [p.bucket, p.count])).toEqual([
      ['2026-04-01', 1],
      ['2026-04-02', 1],
      ['2026-04-10', 1],
      ['2026-04-11', 1],
      ['2026-04-12', 1],
      ['2026-04-13', 1],
    ]);
    // The number links to the ratings behind it: the drill-down list of the same filters has the same total.
    const list = (await admin.get(`/api/v1/analytics/ratings?engineerId=${ids.E}&${APRIL}`)).json();
    expect(list.total).toBe(body.figures.count);
  });

  it("shows a department's page: its ratings' figures and its standing among departments", async () => {
    const admin = await t.loginAs(['admin']);
    const body = (await admin.get(`/api/v1/analytics/members/department/${ids.T1}?${APRIL}`)).json();
    expect(body).toMatchObject({ by: 'department', name: 'Team 1', kind: 'team', shared: null });
    expect(body.figures.count).toBe(6);
    expect(body.standing).toMatchObject({ n: 6, rank: 1, ranked: 1 });
  });

  it('lets an engineer open their own page and ratings, and no one else’s', async () => {
    const own = await engineer.get(`/api/v1/analytics/members/engineer/${ids.E}?${APRIL}`);
    expect(own.statusCode, own.body).toBe(200);
    // Compared with the whole organisation, as the admin sees it.
    expect(own.json().standing).toMatchObject({ n: 6, rank: 1, ranked: 1 });
    expect(own.json().orgMean).toBeCloseTo(MA, 10);
    expect((await engineer.get(`/api/v1/analytics/members/engineer/${ids.a}?${APRIL}`)).statusCode).toBe(404);
    expect((await engineer.get(`/api/v1/analytics/members/department/${ids.T1}?${APRIL}`)).statusCode).toBe(404);
    // The ratings behind their numbers: only their own, whatever the filters ask.
    expect((await engineer.get(`/api/v1/analytics/ratings?${APRIL}`)).json().total).toBe(6);
    expect((await engineer.get(`/api/v1/analytics/ratings?engineerId=${ids.a}`)).statusCode).toBe(404);
    expect((await engineer.get(`/api/v1/analytics/ratings?departmentId=${ids.T1}`)).statusCode).toBe(404);
    // Their own weekly control chart (drift watch), not a colleague's or a team's.
    expect((await engineer.get(`/api/v1/analytics/drift/engineer/${ids.E}`)).statusCode).toBe(200);
    expect((await engineer.get(`/api/v1/analytics/drift/engineer/${ids.a}`)).statusCode).toBe(404);
    expect((await engineer.get(`/api/v1/analytics/drift/department/${ids.T1}`)).statusCode).toBe(404);
    expect((await engineer.get('/api/v1/analytics/drift?by=engineer')).statusCode).toBe(403);
    // The dashboard and the rankings stay closed to them.
    expect((await engineer.get(`/api/v1/analytics/summary?${APRIL}`)).statusCode).toBe(403);
  });

  it("hides an engineer outside a supervisor's departments; a missing member is 404; dates are required", async () => {
    const supervisor = await t.loginAs(['supervisor'], { departmentId: ids.T2 });
    expect((await supervisor.get(`/api/v1/analytics/members/engineer/${ids.E}?${APRIL}`)).statusCode).toBe(404);
    expect((await supervisor.get(`/api/v1/analytics/members/department/${ids.T1}?${APRIL}`)).statusCode).toBe(404);
    const admin = await t.loginAs(['admin']);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await admin.get(`/api/v1/analytics/members/engineer/${missing}?${APRIL}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/analytics/members/department/${missing}?${APRIL}`)).statusCode).toBe(404);
    const undated = await admin.get(`/api/v1/analytics/members/engineer/${ids.E}`);
    expect(undated.statusCode).toBe(400);
    expect(undated.json().errors[0]).toMatchObject({ path: 'query.from' });
  });
});
