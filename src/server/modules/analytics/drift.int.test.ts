import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import { type Dimension, driftWatch } from '../../../common/scoring/index.js';
import { importRatingHistory } from '../ratings/history-import.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { driftInsights } from './drift.service.js';
import { addDays, localDay, localMidnight, weekOf } from './local-time.js';
import { rebuildAnalytics } from './rebuild.service.js';
import { noteRollupWrites } from './settled-sums.js';

/**
 * The drift watch (SCORING.md §9) on seeded weekly series. One star question: S ∈ {100, 75, 50}. The window is the
 * 26 complete weeks before the current one; each engineer has 10 ratings a week.
 *
 * - Ann (Team 1): stable, weekly means cycling 77.5, 75, 72.5 → μ = 75, σ = √(50/11) = 2.132,
 *   L = 75 − 3σ√(0.3/1.7) = 72.31; the EWMA stays within 74.6–75.8: never flagged.
 * - Bo (Team 2): the same for 22 weeks, then 10 points lower (65, 62.5, 67.5, 65) in weeks 22–25. Week 22: z = 72.34,
 *   just above L; week 23: z = 69.39 < L → raised at week 23, the slip since week 22 (week 21 was 77.5 > μ).
 * - The region above both teams sums both: its drop is 5 points, raised at week 23 too (z = 71.94).
 * - 10 ratings of ★5 in the current, incomplete week are not read.
 */
const DIMENSIONS: Dimension[] = [
  { key: 'q', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '满意度', en: 'Satisfaction' } },
];
/** Ten ratings whose S add up to `sum` (a multiple of 25 between 500 and 1000): ★5 / ★4 / ★3 counts. */
const TEN: Record<number, [number, number, number]> = {
  775: [3, 5, 2],
  750: [2, 6, 2],
  725: [2, 5, 3],
  675: [1, 5, 4],
  650: [1, 4, 5],
  625: [1, 3, 6],
};
const DAY = 86_400_000;
const stableSum = (i: number) => [775, 750, 725][i % 3]!;
const droppedSum = (i: number) => (i >= 22 ? [675, 650, 625][i % 3]! : stableSum(i));

let t: TestApp;
let weeks: string[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  const { timeZone } = await getOrganisationProfile(db);
  const current = weekOf(localDay(new Date(), timeZone));
  weeks = Array.from({ length: 26 }, (_, i) => addDays(current, -7 * (26 - i)));
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  const region = await departmentFactory(db, { kind: 'region', name: 'North' });
  const T1 = await departmentFactory(db, { kind: 'team', name: 'Team 1', parentId: region.id });
  const T2 = await departmentFactory(db, { kind: 'team', name: 'Team 2', parentId: region.id });
  const ann = await employeeFactory(db, { name: 'Ann', departmentId: T1.id });
  const bo = await employeeFactory(db, { name: 'Bo', departmentId: T2.id });
  Object.assign(ids, { R: region.id, T1: T1.id, T2: T2.id, ann: ann.id, bo: bo.id });
  const seed = async (departmentId: string, engineerId: string, sumOf: (i: number) => number) => {
    const wo = await workOrderFactory(t.ctx, { departmentId, engineerIds: [engineerId] });
    const rows = weeks.flatMap((week, i) => {
      const [five, four, three] = TEN[sumOf(i)]!;
      const stars = [...Array(five).fill(5), ...Array(four).fill(4), ...Array(three).fill(3)] as number[];
      const start = localMidnight(addDays(week, 1), timeZone).getTime() + 3 * 3_600_000;
      return stars.map((q, j) => ({ stars: q, at: new Date(start + j * 60_000) }));
    });
    rows.push(...Array.from({ length: 10 }, () => ({ stars: 5, at: new Date(Date.now() - 1000) })));
    await importRatingHistory(
      db,
      template.publishedVersionId!,
      rows.map((r) => ({
        invitationId: null,
        workOrderId: wo.id,
        answers: { q: r.stars },
        language: 'en',
        submittedAt: r.at,
      })),
    );
  };
  await seed(T1.id, ann.id, stableSum);
  await seed(T2.id, bo.id, droppedSum);
  await rebuildAnalytics(db);
});
afterAll(async () => {
  await t?.close();
});

type Item = { id: string; name: string; since: string; raisedAt: string; weeks: number; latestWeek: string };

describe('GET /analytics/drift', () => {
  it('flags the engineer with a sustained 10-point drop, with the right weeks and evidence, not the stable one', async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.get('/api/v1/analytics/drift?by=engineer');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.window).toEqual({ from: weeks[0], to: addDays(weeks[25]!, 7) });
    expect(body.items.map((i: Item) => i.id)).toEqual([ids.bo]);
    const [bo] = body.items;
    expect(bo).toMatchObject({
      name: 'Bo',
      since: weeks[22],
      raisedAt: weeks[23],
      latestWeek: weeks[25],
      weeks: 4,
      baseline: { from: weeks[9], to: weeks[20], weeks: 12 },
      ratingsQuery: { engineerId: ids.bo, from: weeks[22], to: addDays(weeks[25]!, 7) },
    });
    // The latest check's baseline (weeks 9–20) is four full cycles: μ = 75, σ = √(50/11).
    expect(bo.mean).toBeCloseTo(75, 10);
    expect(bo.sigma).toBeCloseTo(Math.sqrt(50 / 11), 10);
    expect(bo.lower).toBeCloseTo(75 - 3 * Math.sqrt(50 / 11) * Math.sqrt(0.3 / 1.7), 10);
    expect(bo.evidence.map((p: { week: string; n: number; mean: number }) => [p.week, p.n, p.mean])).toEqual([
      [weeks[21], 10, 77.5],
      [weeks[22], 10, 65],
      [weeks[23], 10, 62.5],
      [weeks[24], 10, 67.5],
      [weeks[25], 10, 65],
    ]);
    // The same as the pure watch over the seeded means.
    const expected = driftWatch(weeks.map((week, i) => ({ week, n: 10, mean: droppedSum(i) / 10 })));
    expect(expected.insights.map((x) => x.week)).toEqual([weeks[23]]);
    expect(bo.z).toBeCloseTo(expected.checks.at(-1)!.z, 10);
    expect(bo.evidence.at(-1).z).toBeCloseTo(expected.checks.at(-1)!.z, 10);
  });

  it('watches departments with their subtrees: the team and the region above it, not the stable team', async () => {
    const admin = await t.loginAs(['admin']);
    const body = (await admin.get('/api/v1/analytics/drift?by=department')).json();
    expect(body.items.map((i: Item) => [i.id, i.raisedAt]).sort()).toEqual(
      [
        [ids.R, weeks[23]],
        [ids.T2, weeks[23]],
      ].sort(),
    );
    // The region's weeks are both teams' ratings: 20 a week.
    const region = body.items.find((i: Item) => i.id === ids.R);
    expect(region.evidence.at(-1)).toMatchObject({ n: 20, mean: 70 });
    // Limited to a subtree by the filter.
    const t1 = (await admin.get(`/api/v1/analytics/drift?by=department&departmentId=${ids.T1}`)).json();
    expect(t1.items).toEqual([]);
  });

  it('limits a supervisor to their subtree; another department is 404', async () => {
    const sup1 = await t.loginAs(['supervisor'], { departmentId: ids.T1 });
    expect((await sup1.get('/api/v1/analytics/drift?by=department')).json().items).toEqual([]);
    expect((await sup1.get('/api/v1/analytics/drift?by=engineer')).json().items).toEqual([]);
    expect((await sup1.get(`/api/v1/analytics/drift/department/${ids.T2}`)).statusCode).toBe(404);
    expect((await sup1.get(`/api/v1/analytics/drift?departmentId=${ids.T2}`)).statusCode).toBe(404);
    const sup2 = await t.loginAs(['supervisor'], { departmentId: ids.T2 });
    const engineers = (await sup2.get('/api/v1/analytics/drift?by=engineer')).json();
    expect(engineers.items.map((i: Item) => [i.id, i.since, i.raisedAt])).toEqual([[ids.bo, weeks[22], weeks[23]]]);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/analytics/drift')).statusCode).toBe(403);
  });

  it('serves one member’s weekly control chart, and the plain function for reports', async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.get(`/api/v1/analytics/drift/engineer/${ids.bo}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ by: 'engineer', id: ids.bo, name: 'Bo' });
    expect(body.points).toHaveLength(26);
    expect(body.points[0]).toMatchObject({ week: weeks[0], n: 10, mean: 77.5, counted: true, z: null, below: false });
    expect(body.points.filter((p: { below: boolean }) => p.below).map((p: { week: string }) => p.week)).toEqual(
      weeks.slice(23),
    );
    // Week 22's check: z from μ = 75 over the guard weeks 77.5, 75, 72.5, 77.5, then 65 — just above L (72.31).
    const z22 = [77.5, 75, 72.5, 77.5, 65].reduce((z, x) => 0.3 * x + 0.7 * z, 75);
    expect(z22).toBeCloseTo(72.34, 2);
    expect(body.points[22]).toMatchObject({ mean: 65, below: false });
    expect(body.points[22].z).toBeCloseTo(z22, 10);
    expect(body.points[22].lower).toBeCloseTo(75 - 3 * Math.sqrt(50 / 11) * Math.sqrt(0.3 / 1.7), 10);
    expect(body.alarm).toMatchObject({ since: weeks[22], raisedAt: weeks[23] });
    const ann = (await admin.get(`/api/v1/analytics/drift/engineer/${ids.ann}`)).json();
    expect(ann.alarm).toBeNull();
    expect(ann.points.some((p: { below: boolean }) => p.below)).toBe(false);
    expect((await admin.get(`/api/v1/analytics/drift/engineer/${ids.T1}`)).statusCode).toBe(404);

    const sup2 = await t.loginAs(['supervisor'], { departmentId: ids.T2 });
    const actor = {
      type: 'user' as const,
      id: sup2.employeeId,
      name: null,
      ip: null,
      roles: ['supervisor'],
      permissions: new Set(['analytics.read'] as const),
    };
    const insights = await driftInsights(t.ctx.db, actor, { by: 'department' });
    expect(
      insights.items.map((i) => [i.id, i.name]),
      JSON.stringify(ids),
    ).toEqual([[ids.T2, 'Team 2']]);
  });

  it('keeps the watch of a settled window until a past day is written, then watches the new figures', async () => {
    // Two days back the window ends before yesterday whatever the weekday: every week of it is settled.
    const admin = await t.loginAs(['admin']);
    const actor = {
      type: 'user' as const,
      id: admin.employeeId,
      name: null,
      ip: null,
      roles: ['admin'],
      permissions: new Set(['analytics.read'] as const),
    };
    const watch = async () =>
      (await driftInsights(t.ctx.db, actor, { by: 'engineer', now: new Date(Date.now() - 2 * DAY) })).items.map(
        (i) => i.id,
      );
    expect(await watch()).toEqual([ids.bo]);
    // Bo's weeks made stable behind the writers' back: the kept watch still flags him…
    await t.ctx.db.execute(
      sql`update rating_rollups set sum_s = 75 * scored_count
           where family = 'engineer' and member = ${ids.bo} and grain = 'week'`,
    );
    expect(await watch()).toEqual([ids.bo]);
    // …until a past day's rollups are written (here: the token replaced as a writer does), and a rebuild restores.
    await noteRollupWrites(t.ctx.db, null);
    expect(await watch()).toEqual([]);
    await rebuildAnalytics(t.ctx.db);
    expect(await watch()).toEqual([ids.bo]);
  });
});
