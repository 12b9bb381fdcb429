import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../test/support/app.js';
import type { Dimension } from '../../../common/scoring/index.js';
import { exports } from '../../db/schema/exports.js';
import { exportsDir } from './export-files.js';
import { runExport } from './export-runner.js';
import type { ExportSources } from './export-sources.js';
import { purgeExpiredExports } from './exports.service.js';
import type { ExportRating } from './ratings-table.js';

let t: TestApp;
let dataDir: string;
let analyst: TestClient;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rateloop-exports-'));
  t = await createTestApp({ env: { DATA_DIR: dataDir } });
  analyst = await t.loginAs(['analyst']);
});
afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const label = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const dimensions: Dimension[] = [
  { key: 'speed', type: 'star5', required: true, weight: 1, label: label('Speed', '速度') },
  { key: 'nps', type: 'nps', required: false, weight: 1, label: label('Recommend', '推荐') },
  { key: 'fixed', type: 'yes_no', required: false, weight: 1, label: label('Fixed', '已解决') },
  {
    key: 'why',
    type: 'multi_choice',
    required: false,
    weight: 0,
    label: label('Why', '原因'),
    options: [
      { key: 'polite', label: label('Polite', '礼貌') },
      { key: 'fast', label: label('Fast', '快速') },
    ],
  },
];

const rating = (over: Partial<ExportRating>): ExportRating => ({
  submittedAt: new Date('2026-03-01T15:59:59Z'),
  workOrderNumber: 'WO-1',
  engineers: ['张三', 'Li Si'],
  department: '售后一部',
  store: null,
  channel: 'sms',
  source: 'customer',
  score: 87.5,
  roundedStars: 4,
  class: 'satisfied',
  answers: { speed: 4, nps: 9, fixed: true, why: ['polite', 'fast'] },
  comment: null,
  ...over,
});

/** A tiny local row source: the analytics module's shape, without the analytics module. */
const localRows: ExportRating[] = [
  rating({ comment: '很好, "非常" 满意' }),
  rating({
    submittedAt: new Date('2026-03-01T16:00:00Z'),
    workOrderNumber: '=HYPERLINK("http://evil")',
    engineers: [],
    department: null,
    score: null,
    roundedStars: null,
    class: null,
    answers: { fixed: false },
    comment: '-2 line\nnext',
  }),
];
const sources: ExportSources = {
  ratings: async () => ({
    dimensions,
    total: localRows.length,
    rows: (async function* () {
      yield* localRows;
    })(),
  }),
  dashboard: async () => ({ headers: ['Day', 'Count'], rows: [['2026-03-01', 3]] }),
};

async function requestExport(client: TestClient, format: 'csv' | 'xlsx', language: 'en' | 'zh-CN' = 'en') {
  const res = await client.post('/api/v1/exports', {
    kind: 'ratings',
    format,
    filters: { from: '2026-03-01' },
    language,
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json() as { id: string; status: string };
}

const EXPECTED_CSV =
  '\uFEFFSubmitted at,Work order,Engineers,Department,Store,Channel,Source,Score,★,Class,Speed,Recommend,Fixed,Why,Comment\r\n' +
  '2026-03-01 23:59:59,WO-1,"张三, Li Si",售后一部,,sms,Customer,87.5,4,Satisfied,4,9,Yes,"Polite, Fast","很好, ""非常"" 满意"\r\n' +
  `2026-03-02 00:00:00,"'=HYPERLINK(""http://evil"")",,,,sms,Customer,,,,,,No,,"'-2 line\nnext"\r\n`;

describe('exports', () => {
  it('a CSV export: queued by POST, written by the job, downloaded as UTF-8 with BOM in the organisation time zone', async () => {
    const created = await requestExport(analyst, 'csv');
    expect(created.status).toBe('queued');
    const early = await analyst.get(`/api/v1/exports/${created.id}/download`);
    expect(early.statusCode).toBe(409);
    expect(early.json().type).toMatch(/export-not-ready$/);

    const stats = await runExport(t.ctx.db, dataDir, created.id, sources);
    expect(stats?.rows).toBe(2);
    const done = (await analyst.get(`/api/v1/exports/${created.id}`)).json();
    expect(done).toMatchObject({ status: 'succeeded', processed: 2, total: 2, error: null });
    expect(done.fileName).toMatch(/^Ratings_\d{4}-\d\d-\d\d_[0-9a-f]{8}\.csv$/);

    const file = await analyst.get(`/api/v1/exports/${created.id}/download`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="${done.fileName}"; filename*=UTF-8''${done.fileName}`,
    );
    expect(file.rawPayload.toString('utf8')).toBe(EXPECTED_CSV);
    expect(Number(file.headers['content-length'])).toBe(done.size);

    // A retried job does nothing twice.
    expect(await runExport(t.ctx.db, dataDir, created.id, sources)).toBeNull();
  });

  it('an XLSX export holds the same cells, numbers as numbers; a Chinese file name is sent per RFC 5987', async () => {
    const created = await requestExport(analyst, 'xlsx', 'zh-CN');
    await runExport(t.ctx.db, dataDir, created.id, sources);
    const file = await analyst.get(`/api/v1/exports/${created.id}/download`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="___\d{4}-\d\d-\d\d_[0-9a-f]{8}\.xlsx"; filename\*=UTF-8''%E8%AF%84%E4%BB%B7_/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('评价')!;
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual([
      '提交时间',
      '工单号',
      '工程师',
      '部门',
      '门店',
      '渠道',
      '来源',
      '得分',
      '星级',
      '评价类别',
      '速度',
      '推荐',
      '已解决',
      '原因',
      '评论',
    ]);
    expect(row(2)).toEqual([
      '2026-03-01 23:59:59',
      'WO-1',
      '张三、Li Si',
      '售后一部',
      undefined,
      'sms',
      '客户',
      87.5,
      4,
      '好评',
      4,
      9,
      '是',
      '礼貌、快速',
      '很好, "非常" 满意',
    ]);
    expect(sheet.getRow(3).getCell(2).value).toBe('\'=HYPERLINK("http://evil")');
    expect(sheet.getRow(3).getCell(15).value).toBe("'-2 line\nnext");
    expect(sheet.rowCount).toBe(3);
  });

  it('only the creator (and admins) see an export; others get 404, callers without analytics.read 403', async () => {
    const created = await requestExport(analyst, 'csv');
    await runExport(t.ctx.db, dataDir, created.id, sources);
    const other = await t.loginAs(['analyst']);
    expect((await other.get(`/api/v1/exports/${created.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/exports/${created.id}/download`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/exports')).json().items).toEqual([]);
    const admin = await t.loginAs(['admin']);
    expect((await admin.get(`/api/v1/exports/${created.id}/download`)).statusCode).toBe(200);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.post('/api/v1/exports', { kind: 'ratings', format: 'csv' })).statusCode).toBe(403);
    expect((await engineer.get(`/api/v1/exports/${created.id}`)).statusCode).toBe(403);
    // Mine, newest first.
    const mine = (await analyst.get('/api/v1/exports?limit=2')).json();
    expect(mine.items[0].id).toBe(created.id);
    expect(mine.nextCursor).toBeTruthy();
  });

  it('an expired export answers 410 problem+json and the purge deletes its file', async () => {
    const created = await requestExport(analyst, 'csv');
    await runExport(t.ctx.db, dataDir, created.id, sources);
    const path = join(exportsDir(dataDir), `${created.id}.csv`);
    expect(existsSync(path)).toBe(true);
    await t.ctx.db
      .update(exports)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(exports.id, created.id));
    const gone = await analyst.get(`/api/v1/exports/${created.id}/download`);
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(gone.json().type).toMatch(/export-expired$/);
    expect(await purgeExpiredExports(t.ctx.db, dataDir, new Date())).toBeGreaterThanOrEqual(1);
    expect(existsSync(path)).toBe(false);
    expect((await analyst.get(`/api/v1/exports/${created.id}`)).json().status).toBe('expired');
  });

  it('filters a source refuses fail the export as invalid_filters; a dashboard table is one row per bucket', async () => {
    const { badRequest } = await import('../../http/problem.js');
    const refusing: ExportSources = {
      ...sources,
      ratings: async () => {
        throw badRequest('from: invalid');
      },
    };
    const bad = await requestExport(analyst, 'csv');
    await runExport(t.ctx.db, dataDir, bad.id, refusing);
    expect((await analyst.get(`/api/v1/exports/${bad.id}`)).json()).toMatchObject({
      status: 'failed',
      error: 'invalid_filters',
    });

    const res = await analyst.post('/api/v1/exports', {
      kind: 'dashboard_trend',
      format: 'csv',
      filters: {},
      language: 'en',
    });
    await runExport(t.ctx.db, dataDir, res.json().id, sources);
    const file = await analyst.get(`/api/v1/exports/${res.json().id}/download`);
    expect(file.rawPayload.toString('utf8')).toBe('\uFEFFDay,Count\r\n2026-03-01,3\r\n');
  });
  it('a failed run leaves no file and a retry starts it over; processed moves every 1,000 rows', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => rating({ workOrderNumber: `WO-${i}` }));
    let failNext = true;
    const seen: number[] = [];
    const flaky: ExportSources = {
      ...sources,
      ratings: async () => ({
        dimensions,
        total: many.length,
        rows: (async function* () {
          for (const [i, r] of many.entries()) {
            if (i === 1500 && failNext) {
              failNext = false;
              throw new Error('connection lost');
            }
            if (i % 500 === 0) {
              const [row] = await t.ctx.db.select().from(exports).where(eq(exports.id, created.id));
              seen.push(row!.processed);
            }
            yield r;
          }
        })(),
      }),
    };
    const created = await requestExport(analyst, 'csv');
    await expect(runExport(t.ctx.db, dataDir, created.id, flaky)).rejects.toThrow('connection lost');
    expect(existsSync(join(exportsDir(dataDir), `${created.id}.csv`))).toBe(false);
    expect((await analyst.get(`/api/v1/exports/${created.id}`)).json()).toMatchObject({
      status: 'running',
      processed: 1000,
    });
    seen.length = 0;
    expect((await runExport(t.ctx.db, dataDir, created.id, flaky))?.rows).toBe(2500);
    expect(seen).toEqual([0, 0, 1000, 1000, 2000]);
    const text = (await analyst.get(`/api/v1/exports/${created.id}/download`)).rawPayload.toString('utf8');
    expect(text.split('\r\n')).toHaveLength(2502);
    expect(text.match(/WO-0,/g)).toHaveLength(1);
  });
});
