import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { departmentFactory, templateFactory, workOrderFactory } from '../../../../test/support/factories.js';
import { invitationFactory } from '../../../../test/support/invitations.js';
import { type Answers, type Dimension, keyDrivers, scoreRating } from '../../../common/scoring/index.js';
import { ratings } from '../../db/schema/ratings.js';
import { executeRows } from '../../db/sql.js';
import { importRatingHistory } from '../ratings/history-import.js';
import { rebuildAnalytics } from './rebuild.service.js';
import { drainAnalytics } from './test-fixtures.js';

/**
 * Key drivers (SCORING.md §8) from the dimension rollup's pair sums (migration 0031) where the outcome question is
 * optional and has an unscored answer, as in the default home-repair template: every day mixes answers with an
 * outcome (yes / no) and without (not sure / skipped), so Σ n over the pairs differs from Σ n over the answers in every
 * bucket. June 2026: 60 ratings over 15 days, 4 a day, one of each outcome kind a day (30 pairs); 28–31 May: 8 more,
 * 2 a day (no + not sure, skipped + yes: 4 pairs).
 */
const DIMENSIONS: Dimension[] = [
  { key: 'hr_speed', type: 'star5', required: true, weight: 30, label: { 'zh-CN': '响应速度', en: 'Speed' } },
  { key: 'hr_ability', type: 'star5', required: true, weight: 40, label: { 'zh-CN': '技术能力', en: 'Ability' } },
  { key: 'hr_attitude', type: 'star5', required: true, weight: 20, label: { 'zh-CN': '服务态度', en: 'Attitude' } },
  { key: 'hr_resolved', type: 'yes_no', required: true, weight: 10, label: { 'zh-CN': '问题解决', en: 'Resolved' } },
  {
    key: 'hr_recommend',
    type: 'single_choice',
    required: false,
    weight: 0,
    outcome: true,
    label: { 'zh-CN': '是否推荐', en: 'Recommend' },
    options: [
      { key: 'yes', label: { 'zh-CN': '愿意', en: 'Yes' }, score: 100 },
      { key: 'no', label: { 'zh-CN': '不愿意', en: 'No' }, score: 0 },
      { key: 'not_sure', label: { 'zh-CN': '不确定', en: 'Not sure' } },
    ],
  },
  { key: 'hr_note', type: 'text', required: false, weight: 0, maxLength: 500, label: { 'zh-CN': '建议', en: 'Note' } },
];
const TEMPLATE = { weighting: true, dimensions: DIMENSIONS };

/** The i-th rating's answers: outcome yes, no, not sure, skipped in turn; the stars lean with the outcome. */
function answersOf(i: number): Answers {
  const kind = i % 4;
  return {
    hr_speed: kind === 0 ? 3 + (i % 3) : 1 + ((i * 3) % 5),
    hr_ability: kind === 0 ? 5 - (i % 2) : kind === 1 ? 1 + (i % 3) : 3,
    hr_attitude: 1 + ((i * 7) % 5),
    hr_resolved: kind === 0 ? i % 8 !== 4 : i % 3 !== 0,
    ...(kind === 0 ? { hr_recommend: 'yes' } : kind === 1 ? { hr_recommend: 'no' } : {}),
    ...(kind === 2 ? { hr_recommend: 'not_sure' } : {}),
  };
}

let t: TestApp;
let templateId = '';
let templateVersionId = '';
let departmentId = '';
const june: Answers[] = [];
const lateMay: Answers[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS, weighting: true });
  templateId = template.id;
  templateVersionId = template.publishedVersionId!;
  departmentId = (await departmentFactory(db, { kind: 'team', name: 'Home repair' })).id;
  const rate = async (answers: Answers[], day: (i: number) => Date) => {
    const wo = await workOrderFactory(t.ctx, { departmentId });
    await importRatingHistory(
      db,
      template.publishedVersionId!,
      answers.map((a, i) => ({
        invitationId: null,
        workOrderId: wo.id,
        answers: a,
        language: 'en',
        submittedAt: day(i),
      })),
    );
  };
  for (let i = 0; i < 60; i++) june.push(answersOf(i));
  for (let i = 0; i < 8; i++) lateMay.push(answersOf(i + 1));
  // 04:00 UTC is noon in Shanghai: the local day is the UTC day.
  await rate(june, (i) => new Date(Date.UTC(2026, 5, 1 + (i % 15), 4)));
  await rate(lateMay, (i) => new Date(Date.UTC(2026, 4, 28 + Math.floor(i / 2), 4)));
  await rebuildAnalytics(db);
});
afterAll(async () => {
  await t?.close();
});

type Item = { key: string; impact: number; correlation: number; gap: number; average: number; n: number };
type Body = { n: number; sufficient: boolean; items: Item[]; suggestion: { key: string } | null };

const JUNE = 'from=2026-06-01&to=2026-07-01';
const LATE_MAY_JUNE = 'from=2026-05-28&to=2026-07-01';
const EDGES = 'from=2026-05-29T02:00:00Z&to=2026-06-14T12:00:00Z';

/** The row-based §8 result of these answers. */
function expectedOf(answers: Answers[]) {
  const expected = keyDrivers(
    answers.map((a) => ({ normalised: scoreRating(TEMPLATE, a).normalised })),
    TEMPLATE,
  );
  if (expected.insufficient) throw new Error('the fixture should be sufficient');
  return expected;
}

function expectSameDrivers(actual: Body, expected: ReturnType<typeof expectedOf>, pairs: number) {
  expect(actual.sufficient).toBe(true);
  expect(actual.items.map((i) => i.key)).toEqual(expected.drivers.map((d) => d.key));
  actual.items.forEach((item, i) => {
    const d = expected.drivers[i]!;
    expect(item.n).toBe(d.pairs);
    expect(item.n).toBe(pairs);
    expect(item.correlation).toBeCloseTo(d.r!, 9);
    expect(item.gap).toBeCloseTo(d.gap!, 9);
    expect(item.impact).toBeCloseTo(d.impact!, 9);
  });
  expect(actual.suggestion?.key ?? null).toBe(expected.suggestion?.key ?? null);
}

describe('key drivers from the rollup with an optional, partly unscored outcome', () => {
  it('every bucket of the fixture mixes answers with and without an outcome', async () => {
    const rows = await executeRows<{ grain: string; mixed: number | string; total: number | string }>(
      t.ctx.db,
      sql`select grain, count(*) filter (where n_y_count <> count and n_y_count <> 0) as mixed, count(*) as total
          from rating_dimension_rollups where family = 'department' and dim_key <> 'hr_recommend'
          group by grain order by grain`,
    );
    // 4 dimensions × (19 days, 2 months).
    expect(rows.map((r) => [r.grain, Number(r.mixed), Number(r.total)])).toEqual([
      ['day', 76, 76],
      ['month', 8, 8],
    ]);
  });

  it('gives the same drivers from the rollup (one filter or none) as from the facts and the row-based keyDrivers', async () => {
    const admin = await t.loginAs(['admin']);
    for (const [period, answers, pairs] of [
      [JUNE, june, 30],
      [LATE_MAY_JUNE, [...lateMay, ...june], 34],
      // Partial-day edges (29 May 10:00, 14 June 20:00 local) from the facts: June's 15th day and 28 May left out.
      [EDGES, [...lateMay.slice(2), ...june.filter((_, i) => i % 15 !== 14)], 31],
    ] as const) {
      const expected = expectedOf([...answers]);
      const ask = async (q: string) => {
        const res = await admin.get(`/api/v1/analytics/drivers?${period}&lang=en${q}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as Body;
      };
      const organisation = await ask('');
      const department = await ask(`&departmentId=${departmentId}`);
      const template = await ask(`&templateId=${templateId}`);
      const facts = await ask(`&templateId=${templateId}&source=customer`);
      for (const body of [organisation, department, template, facts]) {
        expect(body.n).toBe(answers.length);
        expectSameDrivers(body, expected, pairs);
      }
    }
  });

  it('the processor writes the pair sums too (hand-computed), and a rebuild the same', async () => {
    const db = t.ctx.db;
    const links = { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl };
    const other = await departmentFactory(db, { kind: 'team', name: 'Processor' });
    const wo = await workOrderFactory(t.ctx, { departmentId: other.id });
    // 1 July (local): speed ★5 yes, ★1 no, ★3 not sure, ★2 skipped → n 100, 0, 50, 25; the pairs are the first two.
    for (const [speed, recommend] of [
      [5, 'yes'],
      [1, 'no'],
      [3, 'not_sure'],
      [2, undefined],
    ] as const) {
      const inv = await invitationFactory(db, links, { templateVersionId, workOrderId: wo.id });
      const answers = { hr_speed: speed, hr_ability: 4, hr_attitude: 4, hr_resolved: true };
      const res = await t.anon.post(`${inv.api}/ratings`, {
        answers: recommend ? { ...answers, hr_recommend: recommend } : answers,
      });
      expect(res.statusCode, res.body).toBe(201);
      await db
        .update(ratings)
        .set({ submittedAt: new Date(Date.UTC(2026, 6, 1, 4)) })
        .where(eq(ratings.id, res.json().id));
    }
    const read = async () =>
      (
        await executeRows<Record<string, number | string>>(
          db,
          sql`select grain, count, n_y_count, sum_n::float8 as sum_n, pair_sum_n::float8 as pair_sum_n,
                pair_sum_n2::float8 as pair_sum_n2
              from rating_dimension_rollups
              where family = 'department' and member = ${other.id} and dim_key = 'hr_speed' order by grain`,
        )
      ).map((r) => Object.values(r).map((v) => (typeof v === 'string' && /^\d/.test(v) ? Number(v) : v)));
    const expected = [
      ['day', 4, 2, 175, 100, 10_000],
      ['month', 4, 2, 175, 100, 10_000],
    ];
    await drainAnalytics(t);
    expect(await read()).toEqual(expected);
    await rebuildAnalytics(db);
    expect(await read()).toEqual(expected);
  });

  it('the 0031 backfill recomputes the pair sums the writers keep', async () => {
    const db = t.ctx.db;
    type Row = { family: string; member: string; grain: string; bucket: string; dim_key: string } & Record<
      'pair_sum_n' | 'pair_sum_n2' | 'sum_n',
      number | string
    >;
    const read = () =>
      executeRows<Row>(
        db,
        sql`select family, member, grain, bucket::text as bucket, dim_key, pair_sum_n::float8 as pair_sum_n,
              pair_sum_n2::float8 as pair_sum_n2, sum_n::float8 as sum_n
            from rating_dimension_rollups order by family, member, grain, bucket, dim_key`,
      );
    const written = await read();
    expect(written.some((r) => Number(r.pair_sum_n) > 0 && Number(r.pair_sum_n) < Number(r.sum_n))).toBe(true);
    await db.execute(sql`update rating_dimension_rollups set pair_sum_n = 0, pair_sum_n2 = 0`);
    const migration = fs.readFileSync(
      new URL('../../db/migrations/0031_driver_pair_sums.sql', import.meta.url),
      'utf8',
    );
    const statements = migration.split('--> statement-breakpoint').filter((s) => !/^\s*(--.*\n\s*)*ALTER/.test(s));
    expect(statements).toHaveLength(3);
    for (const statement of statements) await db.execute(sql.raw(statement));
    const backfilled = await read();
    expect(backfilled.map((r) => [r.family, r.member, r.grain, r.bucket, r.dim_key])).toEqual(
      written.map((r) => [r.family, r.member, r.grain, r.bucket, r.dim_key]),
    );
    backfilled.forEach((r, i) => {
      expect(Number(r.pair_sum_n)).toBeCloseTo(Number(written[i]!.pair_sum_n), 6);
      expect(Number(r.pair_sum_n2)).toBeCloseTo(Number(written[i]!.pair_sum_n2), 6);
    });
  });

  it('reads no facts for the rollup case: with the facts gone, the rollup still answers (the facts path cannot)', async () => {
    const admin = await t.loginAs(['admin']);
    const before = (await admin.get(`/api/v1/analytics/drivers?${JUNE}&departmentId=${departmentId}`)).json();
    await t.ctx.db.execute(sql`delete from rating_facts`);
    const after = (await admin.get(`/api/v1/analytics/drivers?${JUNE}&departmentId=${departmentId}`)).json();
    expect(after).toEqual(before);
    expectSameDrivers(after, expectedOf(june), 30);
    const facts = (
      await admin.get(`/api/v1/analytics/drivers?${JUNE}&templateId=${templateId}&source=customer`)
    ).json();
    expect(facts).toMatchObject({ n: 0, sufficient: false, items: [] });
  });
});
