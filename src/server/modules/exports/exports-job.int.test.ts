import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import { departmentFactory, employeeFactory, templateFactory } from '../../../../test/support/factories.js';

/**
 * The whole path with the analytics module's rows: POST → the exports.run job (run by the workers) → download.
 * Facts are written by SQL (what the analytics processor writes for a rating), so the rows are exactly known.
 */
let t: TestApp;
let dataDir: string;
let deptA: { id: string };
let supervisor: TestClient;
let analyst: TestClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rateloop-exports-job-'));
  t = await createTestApp({ work: true, env: { DATA_DIR: dataDir } });
  deptA = await departmentFactory(t.ctx.db, { name: '售后一部' });
  const deptB = await departmentFactory(t.ctx.db, { name: 'Other team' });
  const engineer = await employeeFactory(t.ctx.db, { name: '张三', departmentId: deptA.id });
  const template = await templateFactory(t.ctx.db, {
    dimensions: [
      { key: 'speed', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '速度', en: 'Speed' } },
      { key: 'fixed', type: 'yes_no', required: false, weight: 1, label: { 'zh-CN': '已解决', en: 'Fixed' } },
      { key: 'note', type: 'text', required: false, weight: 0, label: { 'zh-CN': '留言', en: 'Note' } },
    ],
  });
  const fact = (
    n: number,
    at: string,
    dept: string,
    answers: object,
    comment: string | null,
    score: number | null,
  ) => sql`
    (gen_random_uuid(), gen_random_uuid(), ${`WO-${n}`}, ${at}::timestamptz, (${at}::timestamptz)::date, 'customer',
     'sms', ${template.id}::uuid, ${template.publishedVersionId}::uuid, ${dept}::uuid, array[${engineer.id}::uuid],
     null, ${score}::float8, ${score === null ? null : score >= 80 ? 'satisfied' : 'negative'},
     ${score === null ? null : Math.floor(1 + (4 * score) / 100 + 0.5)}, ${JSON.stringify(answers)}::jsonb, ${comment}, '{}'::jsonb)`;
  await t.ctx.db.execute(sql`
    insert into rating_facts (rating_id, work_order_id, work_order_number, submitted_at, local_day, source, channel,
      template_id, template_version_id, department_id, engineer_ids, store, score, class, rounded_stars, answers,
      comment, normalised)
    values ${sql.join(
      [
        fact(1, '2026-03-01T15:59:59Z', deptA.id, { speed: 5, fixed: true, note: '好, "很好"' }, '好, "很好"', 100),
        fact(2, '2026-03-01T16:00:00Z', deptA.id, { speed: 1, note: '=1+2' }, '=1+2', 0),
        fact(3, '2026-03-02T01:00:00Z', deptB.id, { speed: 3 }, null, 50),
      ],
      sql`, `,
    )}`);
  supervisor = await t.loginAs(['supervisor'], { departmentId: deptA.id });
  analyst = await t.loginAs(['analyst']);
});
afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function exportAndWait(client: TestClient, body: object) {
  const res = await client.post('/api/v1/exports', body);
  expect(res.statusCode, res.body).toBe(202);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = (await client.get(`/api/v1/exports/${res.json().id}`)).json();
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`export still ${job.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const HEADER =
  'Submitted at,Work order,Engineers,Department,Store,Channel,Source,Score,★,Class,Speed,Fixed,Note,Comment';
const ROW_1 =
  '2026-03-01 23:59:59,WO-1,张三,售后一部,,sms,Customer,100.0,5,Satisfied,5,Yes,"好, ""很好""","好, ""很好"""';
const ROW_2 = "2026-03-02 00:00:00,WO-2,张三,售后一部,,sms,Customer,0.0,1,Negative,1,,'=1+2,'=1+2";
const ROW_3 = '2026-03-02 09:00:00,WO-3,张三,Other team,,sms,Customer,50.0,3,Negative,3,,,';

describe('exports through the job and the analytics drill-down', () => {
  it('a supervisor exports the ratings of their subtree only, in submission order, in the organisation time zone', async () => {
    const job = await exportAndWait(supervisor, { kind: 'ratings', format: 'csv', filters: {}, language: 'en' });
    expect(job).toMatchObject({ status: 'succeeded', total: 2, processed: 2 });
    const file = await supervisor.get(`/api/v1/exports/${job.id}/download`);
    expect(file.rawPayload.toString('utf8')).toBe(`\uFEFF${HEADER}\r\n${ROW_1}\r\n${ROW_2}\r\n`);
  });

  it('an analyst exports everything, filtered like the drill-down list; the XLSX holds the same cells', async () => {
    const job = await exportAndWait(analyst, { kind: 'ratings', format: 'csv', filters: {}, language: 'en' });
    const text = (await analyst.get(`/api/v1/exports/${job.id}/download`)).rawPayload.toString('utf8');
    expect(text).toBe(`\uFEFF${HEADER}\r\n${ROW_1}\r\n${ROW_2}\r\n${ROW_3}\r\n`);
    const list = (await analyst.get('/api/v1/analytics/ratings?limit=100')).json();
    expect(list.total).toBe(3);

    const filtered = await exportAndWait(analyst, {
      kind: 'ratings',
      format: 'xlsx',
      filters: { departmentId: deptA.id, from: '2026-03-02' },
      language: 'en',
    });
    expect(filtered.total).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await analyst.get(`/api/v1/exports/${filtered.id}/download`)).rawPayload as unknown as ArrayBuffer,
    );
    const sheet = wb.getWorksheet('Ratings')!;
    expect(sheet.rowCount).toBe(2);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '2026-03-02 00:00:00',
      'WO-2',
      '张三',
      '售后一部',
      undefined,
      'sms',
      'Customer',
      0,
      1,
      'Negative',
      1,
      undefined,
      "'=1+2",
      "'=1+2",
    ]);
  });

  it('bad filters fail the export as invalid_filters; a dashboard table equals the dashboard endpoint', async () => {
    const bad = await exportAndWait(analyst, { kind: 'ratings', format: 'csv', filters: { departmentId: 'x' } });
    expect(bad).toMatchObject({ status: 'failed', error: 'invalid_filters' });

    const job = await exportAndWait(analyst, {
      kind: 'dashboard_distribution',
      format: 'csv',
      filters: { from: '2026-03-01', to: '2026-03-03' },
      language: 'zh-CN',
    });
    const chart = (await analyst.get('/api/v1/analytics/distribution?from=2026-03-01&to=2026-03-03')).json();
    const expected = [
      '星级,评价数',
      ...chart.stars.map((s: { stars: number; count: number }) => `${s.stars},${s.count}`),
      `未评分,${chart.unscored}`,
    ];
    const text = (await analyst.get(`/api/v1/exports/${job.id}/download`)).rawPayload.toString('utf8');
    expect(text).toBe(`\uFEFF${expected.join('\r\n')}\r\n`);
  });

  it('exports the rankings as the rankings page shows them (issue 18)', async () => {
    // Two filters: the facts path (the facts above were written without rollups).
    const filters = {
      from: '2026-03-01',
      to: '2026-03-03',
      by: 'engineer',
      departmentId: deptA.id,
      source: 'customer',
    };
    const job = await exportAndWait(analyst, { kind: 'rankings', format: 'csv', filters, language: 'en' });
    expect(job.status).toBe('succeeded');
    const ranking = (
      await analyst.get(`/api/v1/analytics/rankings?${new URLSearchParams(filters as Record<string, string>)}`)
    ).json();
    // 张三: the two ratings of 售后一部, S 100 and 0 — below the minimum sample of 5, so listed, not ranked.
    expect(ranking.items).toHaveLength(1);
    expect(ranking.items[0]).toMatchObject({ name: '张三', n: 2, count: 2, negative: 1, shared: 0, rank: null });
    const text = (await analyst.get(`/api/v1/exports/${job.id}/download`)).rawPayload.toString('utf8');
    expect(text).toBe(
      '\uFEFFRank,Name,Fair score,Average score,90 % range from,90 % range to,Ratings with a score,Ratings,' +
        'Negative ratings,Shared ratings,Previous rank\r\n' +
        `Too few ratings,张三,${ranking.items[0].bayesian.toFixed(1)},50.0,,,2,2,1,0,\r\n`,
    );
  });
});
