import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { departmentFactory, templateFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { type Answers, type Dimension, keyDrivers, scoreRating } from '../../../common/scoring/index.js';
import { importRatingHistory } from '../ratings/history-import.js';
import { rebuildAnalytics } from './rebuild.service.js';

/**
 * Key drivers (SCORING.md §8) against hand-computed values. Three star questions and an NPS outcome (n = 10 × answer).
 * March 2026, team T1, 40 ratings: 20 promoters (NPS 10, y = 100), 20 detractors (NPS 0, y = 0).
 *
 * | dimension | promoters       | detractors      | mean n | gap | r                    | impact = r × gap |
 * | speed     | 20 × ★5         | 20 × ★1         | 50     | 50  | 1                    | 50               |
 * | quality   | 20 × ★5         | 10 × ★5, 10 × ★1 | 75    | 25  | 1250/√(1875·2500)=1/√3 | 25/√3 = 14.43  |
 * | attitude  | 12 × ★5, 8 × ★1 | 12 × ★5, 8 × ★1 | 60     | 40  | 0 (E[xy] = E[x]·E[y]) | 0               |
 *
 * quality's r: E[xy] = 20/40 · 10⁴ = 5,000, E[x]·E[y] = 75 · 50 → cov 1,250; var x = 10⁴ · ¾ · ¼ = 1,875, var y = 2,500.
 * Medians: impact 14.43, mean 60 → speed `improve` (important, below), quality `keep`, attitude `surplus`.
 */
const DIMENSIONS: Dimension[] = [
  { key: 'kd_speed', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '响应速度', en: 'Response speed' } },
  { key: 'kd_quality', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '维修质量', en: 'Quality' } },
  { key: 'kd_attitude', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '服务态度', en: 'Attitude' } },
  {
    key: 'kd_nps',
    type: 'nps',
    required: false,
    weight: 1,
    outcome: true,
    label: { 'zh-CN': '推荐意愿', en: 'Would recommend' },
  },
];

let t: TestApp;
let templateId = '';
const ids: Record<string, string> = {};
/** April's answers for T2, kept to compare with the row-based `keyDrivers`. */
const april: Answers[] = [];

const repeat = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  templateId = template.id;
  const T1 = await departmentFactory(db, { kind: 'team', name: 'Team 1' });
  const T2 = await departmentFactory(db, { kind: 'team', name: 'Team 2' });
  Object.assign(ids, { T1: T1.id, T2: T2.id });
  const rate = async (departmentId: string, month: number, answers: Answers[]) => {
    const wo = await workOrderFactory(t.ctx, { departmentId });
    await importRatingHistory(
      db,
      template.publishedVersionId!,
      answers.map((a, i) => ({
        invitationId: null,
        workOrderId: wo.id,
        answers: a,
        language: 'en',
        submittedAt: new Date(Date.UTC(2026, month, 2 + (i % 20), 4)),
      })),
    );
  };
  const march: Answers[] = [
    ...repeat(12, { kd_nps: 10, kd_speed: 5, kd_quality: 5, kd_attitude: 5 }),
    ...repeat(8, { kd_nps: 10, kd_speed: 5, kd_quality: 5, kd_attitude: 1 }),
    ...repeat(10, { kd_nps: 0, kd_speed: 1, kd_quality: 5, kd_attitude: 5 }),
    ...repeat(2, { kd_nps: 0, kd_speed: 1, kd_quality: 1, kd_attitude: 5 }),
    ...repeat(8, { kd_nps: 0, kd_speed: 1, kd_quality: 1, kd_attitude: 1 }),
  ];
  await rate(T1.id, 2, march);
  // April, T2: 36 ratings, 6 of them skip the (optional) outcome question, so some days mix answers with and without
  // an outcome: the rollup's pair sums (Σ n, Σ n² over the answers with an outcome, migration 0031) answer.
  for (let i = 0; i < 36; i++) {
    april.push({
      kd_speed: 1 + (i % 5),
      kd_quality: 1 + ((i * 3) % 5),
      kd_attitude: 1 + ((i * 7) % 5),
      ...(i % 6 === 5 ? {} : { kd_nps: Math.min(10, (i % 5) * 2 + (i % 3)) }),
    });
  }
  await rate(T2.id, 3, april);
  // May, T1: 29 ratings, one short of the minimum.
  await rate(T1.id, 4, repeat(29, { kd_nps: 9, kd_speed: 4, kd_quality: 4, kd_attitude: 4 }));
  await rebuildAnalytics(db);
});
afterAll(async () => {
  await t?.close();
});

const MARCH = 'from=2026-03-01&to=2026-04-01';
type Item = { key: string; impact: number; correlation: number; gap: number; average: number; n: number };

describe('GET /analytics/drivers', () => {
  it('finds the strongest dimension of a hand-built fixture, with r, gap, impact, n and the quadrant', async () => {
    const admin = await t.loginAs(['admin']);
    const res = await admin.get(`/api/v1/analytics/drivers?${MARCH}&lang=zh-CN`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ n: 40, minSample: 30, sufficient: true });
    expect(body.suggestion).toEqual({ key: 'kd_speed', label: '响应速度' });
    expect(body.items.map((i: Item & { quadrant: string }) => [i.key, i.n, i.quadrant])).toEqual([
      ['kd_speed', 40, 'improve'],
      ['kd_quality', 40, 'keep'],
      ['kd_attitude', 40, 'surplus'],
    ]);
    const [speed, quality, attitude] = body.items as Item[];
    expect(speed).toMatchObject({ label: '响应速度', average: 50, gap: 50 });
    expect(speed!.correlation).toBeCloseTo(1, 10);
    expect(speed!.impact).toBeCloseTo(50, 10);
    expect(quality).toMatchObject({ average: 75, gap: 25 });
    expect(quality!.correlation).toBeCloseTo(1 / Math.sqrt(3), 10);
    expect(quality!.impact).toBeCloseTo(25 / Math.sqrt(3), 10);
    expect(attitude).toMatchObject({ average: 60, gap: 40 });
    expect(attitude!.correlation).toBeCloseTo(0, 10);
    expect(attitude!.impact).toBeCloseTo(0, 10);
    expect(body.medians.average).toBe(60);
    expect(body.medians.impact).toBeCloseTo(25 / Math.sqrt(3), 10);
    // Labels follow the request's language.
    const en = (await admin.get(`/api/v1/analytics/drivers?${MARCH}&lang=en`)).json();
    expect(en.suggestion).toEqual({ key: 'kd_speed', label: 'Response speed' });
  });

  it('answers the same from the facts (two filters) as from the rollup', async () => {
    const admin = await t.loginAs(['admin']);
    const rollup = (await admin.get(`/api/v1/analytics/drivers?${MARCH}&lang=en`)).json();
    const facts = (
      await admin.get(`/api/v1/analytics/drivers?${MARCH}&lang=en&source=customer&templateId=${templateId}`)
    ).json();
    expect(facts.items.map((i: Item) => [i.key, i.n, i.average])).toEqual(
      rollup.items.map((i: Item) => [i.key, i.n, i.average]),
    );
    facts.items.forEach((item: Item, i: number) => {
      expect(item.impact).toBeCloseTo(rollup.items[i].impact, 9);
      expect(item.correlation).toBeCloseTo(rollup.items[i].correlation, 9);
    });
  });

  it('equals the row-based keyDrivers where some ratings skipped the outcome (the rollup answers)', async () => {
    const admin = await t.loginAs(['admin']);
    const body = (
      await admin.get(`/api/v1/analytics/drivers?from=2026-04-01&to=2026-05-01&departmentId=${ids.T2}`)
    ).json();
    const template = { weighting: false, dimensions: DIMENSIONS };
    const expected = keyDrivers(
      april.map((a) => ({ normalised: scoreRating(template, a).normalised })),
      template,
    );
    if (expected.insufficient) throw new Error('the fixture should be sufficient');
    expect(body.n).toBe(36);
    expect(body.items.map((i: Item) => i.key)).toEqual(expected.drivers.map((d) => d.key));
    body.items.forEach((item: Item, i: number) => {
      const d = expected.drivers[i]!;
      expect(item.n).toBe(d.pairs);
      expect(item.n).toBe(30);
      expect(item.correlation).toBeCloseTo(d.r!, 9);
      expect(item.gap).toBeCloseTo(d.gap!, 9);
      expect(item.impact).toBeCloseTo(d.impact!, 9);
    });
    expect(body.suggestion?.key ?? null).toBe(expected.suggestion?.key ?? null);
  });

  it('hides the drivers below the minimum sample, saying how many ratings there are', async () => {
    const admin = await t.loginAs(['admin']);
    const body = (await admin.get('/api/v1/analytics/drivers?from=2026-05-01&to=2026-06-01')).json();
    expect(body).toMatchObject({ n: 29, minSample: 30, sufficient: false, items: [], suggestion: null, medians: null });
  });

  it('applies the dashboard access: a supervisor sees their team only, another team is 404', async () => {
    const supervisor = await t.loginAs(['supervisor'], { departmentId: ids.T2 });
    const mine = (await supervisor.get(`/api/v1/analytics/drivers?${MARCH}`)).json();
    expect(mine).toMatchObject({ n: 0, sufficient: false });
    expect((await supervisor.get(`/api/v1/analytics/drivers?departmentId=${ids.T1}`)).statusCode).toBe(404);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/analytics/drivers')).statusCode).toBe(403);
  });
});
