import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../test/support/factories.js';
import type { Dimension } from '../../../common/scoring/index.js';
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
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  const T1 = await departmentFactory(db, { kind: 'team', name: 'Team 1' });
  const T2 = await departmentFactory(db, { kind: 'team', name: 'Team 2' });
  const [a, b, c, d] = await Promise.all(['Ann', 'Bo', 'Cai', 'Di'].map((name) => employeeFactory(db, { name })));
  Object.assign(ids, { T1: T1.id, T2: T2.id, a: a!.id, b: b!.id, c: c!.id, d: d!.id });
  const rate = async (departmentId: string, engineerIds: string[], stars: number, count: number) => {
    const wo = await workOrderFactory(t.ctx, { departmentId, engineerIds });
    await importRatingHistory(
      db,
      template.publishedVersionId!,
      Array.from({ length: count }, (_, i) => ({
        invitationId: null,
        workOrderId: wo.id,
        answers: { q: stars },
        language: 'en',
        submittedAt: new Date(Date.UTC(2026, 2, 2 + i, 4)),
      })),
    );
  };
  await rate(T1.id, [a!.id], 5, 10);
  await rate(T1.id, [c!.id], 5, 1);
  await rate(T2.id, [b!.id], 4, 6);
  await rate(T2.id, [a!.id, d!.id], 1, 5);
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
    expect(a).toMatchObject({ name: 'Ann', n: 15, negative: 5 });
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
    expect(edged.items.map((i: { id: string; n: number }) => [i.id, i.n])).toEqual(
      plain.items.map((i: { id: string; n: number }) => [i.id, i.n]),
    );
    // Every rating is the customer's: the same ratings, read from the facts instead of the rollup.
    const facts = (await admin.get(`/api/v1/analytics/rankings?by=engineer&${MARCH}&source=customer`)).json();
    expect(facts.orgMean).toBeCloseTo(plain.orgMean, 10);
    expect(facts.items).toEqual(plain.items);
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
