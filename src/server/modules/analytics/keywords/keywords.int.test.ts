import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../../../test/support/app.js';
import {
  departmentFactory,
  employeeFactory,
  templateFactory,
  workOrderFactory,
} from '../../../../../test/support/factories.js';
import { invitationFactory } from '../../../../../test/support/invitations.js';
import type { Dimension } from '../../../../common/scoring/index.js';
import type { Database, Db } from '../../../db/client.js';
import { ratings } from '../../../db/schema/ratings.js';
import { executeRows } from '../../../db/sql.js';
import type { JobContext } from '../../../jobs/queue.js';
import { importRatingHistory } from '../../ratings/history-import.js';
import { rebuildAnalytics } from '../rebuild.service.js';
import { drainAnalytics } from '../test-fixtures.js';
import { reextractKeywordsJob } from './keywords.jobs.js';
import { reextractKeywords } from './reextract.js';
import { reextractionTracker } from './reextraction-progress.js';

/**
 * Keyword figures against hand-counted terms (Asia/Shanghai; ratings at 12:00 local). Team C ⊂ region R; O another
 * department. Terms per comment as `extract.test.ts` establishes them:
 *
 * | rating | dept, engineer | local day | comment → terms                                                    |
 * | c1     | C, a           | Mar 3     | 压缩机坏了，师傅上门更换 → 压缩机 师傅 上门 更换                    |
 * | c2     | C, a           | Mar 5     | 外机噪音大，压缩机异响 → 外机 噪音 压缩机 异响                      |
 * | c3     | C, b           | Mar 10    | 售后回访及时，师傅态度好 → 售后 回访 及时 师傅 态度                  |
 * | c4     | C, b           | Mar 12    | Engineer was late, AC still not cooling → engineer late ac cooling |
 * | o1     | O, b           | Mar 15    | 收费太贵，压缩机配件收费不合理 → 收费 太贵 压缩机 配件 不合理          |
 * | o2     | O, b           | Mar 20    | 铜管焊接漏氟 → 铜管 焊接 (漏氟 only with the word in the dictionary)  |
 * | o3     | O, b           | Mar 21    | (no comment)                                                       |
 * | p1     | O, b           | Mar 25    | 师傅准时 → 师傅 准时 — submitted through the API: the processor path  |
 * | f1, f2 | C, a           | Feb 10/11 | 师傅很好 → 师傅; 空调维修 → 空调 维修                               |
 * | f3     | O, b           | Feb 12    | 师傅来得快 → 师傅 来得快                                            |
 *
 * March (31 days; previous period Jan 29 – Mar 1): 7 comments; 压缩机 3 (c1 c2 o1), 师傅 3 (c1 c3 p1), the rest 1.
 * Previous: 3 comments, 师傅 2, 压缩机 0. So 压缩机 is rising (≥ 3, absent before); 师傅's share fell from 2/3 to 3/7.
 */
const DIMENSIONS: Dimension[] = [
  { key: 'q', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '满意度', en: 'Satisfaction' } },
  { key: 'note', type: 'text', required: false, weight: 0, label: { 'zh-CN': '意见', en: 'Comment' } },
];
const MARCH = 'from=2026-03-01&to=2026-04-01';

let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  const R = await departmentFactory(db, { kind: 'region', name: 'R' });
  const C = await departmentFactory(db, { kind: 'team', name: 'C', parentId: R.id });
  const O = await departmentFactory(db, { kind: 'team', name: 'O' });
  const [a, b] = await Promise.all(['Ann', 'Bo'].map((name) => employeeFactory(db, { name })));
  Object.assign(ids, { R: R.id, C: C.id, O: O.id, a: a!.id, b: b!.id });
  const rate = async (departmentId: string, engineerId: string, rows: [string, string | null][]) => {
    const wo = await workOrderFactory(t.ctx, { departmentId, engineerIds: [engineerId] });
    await importRatingHistory(
      db,
      template.publishedVersionId!,
      rows.map(([day, note]) => ({
        invitationId: null,
        workOrderId: wo.id,
        answers: note ? { q: 4, note } : { q: 4 },
        language: 'zh-CN',
        submittedAt: new Date(`${day}T04:00:00Z`),
      })),
    );
  };
  await rate(C.id, a!.id, [
    ['2026-03-03', '压缩机坏了，师傅上门更换'],
    ['2026-03-05', '外机噪音大，压缩机异响'],
    ['2026-02-10', '师傅很好'],
    ['2026-02-11', '空调维修'],
  ]);
  await rate(C.id, b!.id, [
    ['2026-03-10', '售后回访及时，师傅态度好'],
    ['2026-03-12', 'Engineer was late, AC still not cooling'],
  ]);
  await rate(O.id, b!.id, [
    ['2026-03-15', '收费太贵，压缩机配件收费不合理'],
    ['2026-03-20', '铜管焊接漏氟'],
    ['2026-03-21', null],
    ['2026-02-12', '师傅来得快'],
  ]);
  await rebuildAnalytics(db);
  // p1 through the customer API: the analytics processor extracts and counts it in its transaction.
  const wo = await workOrderFactory(t.ctx, { departmentId: O.id, engineerIds: [b!.id] });
  const inv = await invitationFactory(
    db,
    { appSecret: t.ctx.appSecret, publicBaseUrl: t.ctx.config.publicBaseUrl },
    { templateVersionId: template.publishedVersionId!, workOrderId: wo.id },
  );
  const res = await t.anon.post(`${inv.api}/ratings`, { answers: { q: 5, note: '师傅准时' } });
  expect(res.statusCode, res.body).toBe(201);
  ids.p1 = res.json().id;
  await db
    .update(ratings)
    .set({ submittedAt: new Date('2026-03-25T04:00:00Z') })
    .where(eq(ratings.id, ids.p1!));
  await drainAnalytics(t);
});
afterAll(async () => {
  await t?.close();
});

/** The generation of the newest queued re-extraction job (its payload). */
async function queuedGeneration(): Promise<number> {
  const [job] = await executeRows<{ generation: number }>(
    t.ctx.db,
    sql`select (data ->> 'generation')::int as generation from pgboss.job
        where name = 'analytics.keywords-reextract' order by created_on desc, (data ->> 'generation')::int desc limit 1`,
  );
  return job!.generation;
}

const commentedFacts = async () =>
  (
    await executeRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from rating_facts where comment is not null`,
    )
  )[0]!.n;

function jobContext(database: Database, retryCount = 0): JobContext {
  return {
    config: t.ctx.config,
    appSecret: t.ctx.appSecret,
    now: () => new Date(),
    database,
    log: pino({ level: 'silent' }),
    jobs: t.ctx.jobs,
    jobId: 'test',
    retryCount,
  };
}

type Item = { term: string; count: number; share: number; score: number; previousCount: number | null };
const byTerm = (items: Item[]) => new Map(items.map((i) => [i.term, i]));
const put = (client: TestClient, words: string[]) =>
  client.request({
    method: 'PUT',
    url: '/api/v1/analytics/keyword-dictionary',
    payload: { words },
  });

describe('GET /analytics/keywords', () => {
  it('counts each term once per comment, most frequent first, with shares, TF-IDF and the previous period', async () => {
    const admin = await t.loginAs(['analyst']);
    const res = await admin.get(`/api/v1/analytics/keywords?${MARCH}&limit=5`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      period: { from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' },
      comments: 7,
      previousComments: 3,
    });
    expect(body.items).toHaveLength(5);
    // Ties by term in code-point order: 压 U+538B < 师 U+5E08; then the 1-counts from "ac" on.
    expect(body.items.map((i: Item) => [i.term, i.count])).toEqual([
      ['压缩机', 3],
      ['师傅', 3],
      ['ac', 1],
      ['cooling', 1],
      ['engineer', 1],
    ]);
    const [compressor, master] = body.items;
    expect(compressor).toMatchObject({ share: 3 / 7, previousCount: 0, change: null, rising: true });
    expect(compressor.score).toBeCloseTo((3 / 7) * Math.log(1 + 7 / 3), 12);
    expect(master).toMatchObject({ previousCount: 2, rising: false });
    expect(master.change).toBeCloseTo(3 / 7 / (2 / 3) - 1, 12);
    expect(body.items[2]).toMatchObject({ previousCount: 0, rising: false }); // 1 comment: not enough to rise
  });

  it('never lists a stop word, a number or the comment marker', async () => {
    const admin = await t.loginAs(['analyst']);
    const body = (await admin.get(`/api/v1/analytics/keywords?${MARCH}&limit=100`)).json();
    const terms = body.items.map((i: Item) => i.term);
    expect(terms).toHaveLength(22);
    for (const stop of ['', 'was', 'still', 'not', '了', '很', '大']) expect(terms).not.toContain(stop);
    expect(byTerm(body.items).get('收费')?.count).toBe(1); // twice in o1, one comment
  });

  it('answers a department filter from its rollup, two filters and partial days from the facts', async () => {
    const admin = await t.loginAs(['analyst']);
    const team = (await admin.get(`/api/v1/analytics/keywords?${MARCH}&departmentId=${ids.C}`)).json();
    expect(team.comments).toBe(4);
    expect(team.previousComments).toBe(2);
    const items = byTerm(team.items);
    expect(items.get('压缩机')).toMatchObject({ count: 2, share: 0.5, previousCount: 0, rising: false });
    // IDF over every comment the caller may see (7, 压缩机 in 3), TF in the team.
    expect(items.get('压缩机')!.score).toBeCloseTo(0.5 * Math.log(1 + 7 / 3), 12);
    expect(items.get('师傅')).toMatchObject({ count: 2, previousCount: 1, change: 0, rising: false });
    const region = (await admin.get(`/api/v1/analytics/keywords?${MARCH}&departmentId=${ids.R}`)).json();
    expect(region.comments).toBe(4); // the subtree
    const two = (
      await admin.get(`/api/v1/analytics/keywords?${MARCH}&departmentId=${ids.C}&engineerId=${ids.a}`)
    ).json();
    expect(two.comments).toBe(2);
    expect(byTerm(two.items).get('压缩机')?.count).toBe(2);
    expect(byTerm(two.items).get('售后')).toBeUndefined();
    // From Mar 5 11:00 local: c1 (Mar 3) out, c2 (Mar 5 12:00) in through the partial first day.
    const edge = (await admin.get('/api/v1/analytics/keywords?from=2026-03-05T03:00:00Z&to=2026-04-01')).json();
    expect(edge.comments).toBe(6);
    expect(byTerm(edge.items).get('压缩机')?.count).toBe(2);
    expect(byTerm(edge.items).get('上门')).toBeUndefined();
  });

  it('limits a supervisor to their subtree (IDF too) and refuses an engineer', async () => {
    const supervisor = await t.loginAs(['supervisor'], { departmentId: ids.C });
    const mine = (await supervisor.get(`/api/v1/analytics/keywords?${MARCH}`)).json();
    expect(mine.comments).toBe(4);
    const items = byTerm(mine.items);
    expect(items.get('压缩机')?.count).toBe(2);
    expect(items.get('压缩机')!.score).toBeCloseTo(0.5 * Math.log(1 + 4 / 2), 12);
    expect(items.get('收费')).toBeUndefined();
    expect((await supervisor.get(`/api/v1/analytics/keywords?departmentId=${ids.O}`)).statusCode).toBe(404);
    const engineer = await t.loginAs(['engineer']);
    expect((await engineer.get('/api/v1/analytics/keywords')).statusCode).toBe(403);
  });
});

describe('GET /analytics/ratings?keyword= (drill-down)', () => {
  it('lists exactly the counted ratings', async () => {
    const admin = await t.loginAs(['analyst']);
    const keywords = (await admin.get(`/api/v1/analytics/keywords?${MARCH}&limit=100`)).json();
    for (const item of keywords.items as Item[]) {
      const list = await admin.get(`/api/v1/analytics/ratings?${MARCH}&keyword=${encodeURIComponent(item.term)}`);
      expect(list.json().total, item.term).toBe(item.count);
    }
    const compressor = (
      await admin.get(
        `/api/v1/analytics/ratings?${MARCH}&departmentId=${ids.C}&keyword=${encodeURIComponent('压缩机')}`,
      )
    ).json();
    expect(compressor.total).toBe(2);
    expect(compressor.items.map((i: { comment: string }) => i.comment).sort()).toEqual([
      '压缩机坏了，师傅上门更换',
      '外机噪音大，压缩机异响',
    ]);
    // Folded like the stored terms.
    expect((await admin.get(`/api/v1/analytics/ratings?${MARCH}&keyword=ENGINEER`)).json().total).toBe(1);
    const supervisor = await t.loginAs(['supervisor'], { departmentId: ids.C });
    const seen = await supervisor.get(`/api/v1/analytics/ratings?${MARCH}&keyword=${encodeURIComponent('师傅')}`);
    expect(seen.json().total).toBe(2);
  });
});

describe('the keyword dictionary', () => {
  it('is read by analysts, replaced by admins (validated), and re-extracts every comment', async () => {
    const analyst = await t.loginAs(['analyst']);
    const got = await analyst.get('/api/v1/analytics/keyword-dictionary');
    expect(got.statusCode).toBe(200);
    const words: string[] = got.json().words;
    expect(words).toEqual(expect.arrayContaining(['售后', '回访', '压缩机', '外机']));
    expect(got.json().reextraction).toEqual({
      status: 'idle',
      done: 0,
      total: null,
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
    });
    expect((await put(analyst, words)).statusCode).toBe(403);

    const admin = await t.loginAs(['admin']);
    for (const bad of [['两 个'], ['x'.repeat(21)], [''], Array.from({ length: 2001 }, (_, i) => `w${i}`)]) {
      const res = await put(admin, bad);
      expect(res.statusCode, JSON.stringify(bad).slice(0, 40)).toBe(400);
    }
    const nul = await put(admin, ['漏\u0000氟']);
    expect(nul.statusCode).toBe(400);
    const same = await put(admin, words);
    expect(same.json().reextracting).toBe(false);
    expect(same.json().reextraction.status).toBe('idle');

    const res = await put(admin, [...words, '漏氟', '漏氟']);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().reextracting).toBe(true);
    expect(res.json().words.filter((w: string) => w === '漏氟')).toHaveLength(1);
    const [queued] = await executeRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from pgboss.job where name = 'analytics.keywords-reextract'`,
    );
    expect(queued?.n).toBe(1);
    expect(res.json().reextraction).toMatchObject({ status: 'queued', done: 0, total: null, startedAt: null });
    const progress = (await analyst.get('/api/v1/analytics/keyword-dictionary')).json().reextraction;
    expect(progress).toMatchObject({ status: 'queued', done: 0, total: null, startedAt: null, finishedAt: null });
    expect(Date.parse(progress.queuedAt)).not.toBeNaN();
    const [audit] = await executeRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from audit_events where action = 'keyword_dictionary.replace'`,
    );
    expect(audit?.n).toBe(1);

    const before = byTerm((await analyst.get(`/api/v1/analytics/keywords?${MARCH}&limit=100`)).json().items);
    expect(before.get('漏氟')).toBeUndefined();
    // The job's progress, read between chunks: written in each chunk's transaction, `done` at the last one.
    const seen: unknown[] = [];
    const result = await reextractKeywords(t.ctx.db, {
      chunkSize: 3,
      track: reextractionTracker(await queuedGeneration()),
      onProgress: async () => {
        const { status, done, total } = (await analyst.get('/api/v1/analytics/keyword-dictionary')).json().reextraction;
        seen.push({ status, done, total });
      },
    });
    const commented = await commentedFacts();
    expect(commented).toBe(10);
    expect(result).toEqual({ chunks: 4, done: 10, superseded: false });
    expect(seen).toEqual([
      { status: 'running', done: 3, total: 10 },
      { status: 'running', done: 6, total: 10 },
      { status: 'running', done: 9, total: 10 },
      { status: 'done', done: 10, total: 10 },
    ]);
    const after = (await analyst.get(`/api/v1/analytics/keywords?${MARCH}&limit=100`)).json();
    expect(after.comments).toBe(7);
    const items = byTerm(after.items);
    expect(items.get('漏氟')?.count).toBe(1);
    expect(items.get('压缩机')?.count).toBe(3);
    expect(items.get('师傅')?.count).toBe(3);
    expect(items.get('师傅')?.previousCount).toBe(2);
    const list = await analyst.get(`/api/v1/analytics/ratings?${MARCH}&keyword=${encodeURIComponent('漏氟')}`);
    expect(list.json().total).toBe(1);
  });

  it('reports the job’s progress: queued, running, done = total; failed, then a retry starts over', async () => {
    const admin = await t.loginAs(['admin']);
    const words: string[] = (await admin.get('/api/v1/analytics/keyword-dictionary')).json().words;
    expect((await put(admin, [...words, '不锈钢'])).json().reextraction.status).toBe('queued');
    const generation = await queuedGeneration();

    // The first attempt fails at its first chunk: `failed`, rethrown for pg-boss to retry.
    let transactions = 0;
    const failing: Database = {
      ...t.database,
      db: Object.assign(Object.create(t.database.db), {
        transaction: (...args: Parameters<Db['transaction']>) => {
          transactions += 1;
          if (transactions === 2) return Promise.reject(new Error('disk full'));
          return t.database.db.transaction(...args);
        },
      }),
    };
    await expect(reextractKeywordsJob.handler({ generation }, jobContext(failing))).rejects.toThrow('disk full');
    const failed = (await admin.get('/api/v1/analytics/keyword-dictionary')).json().reextraction;
    expect(failed).toMatchObject({ status: 'failed', done: 0, total: 10 });
    expect(failed.finishedAt).not.toBeNull();
    const [row] = await executeRows<{ error: string }>(t.ctx.db, sql`select error from keyword_reextraction`);
    expect(row?.error).toBe('disk full');

    await reextractKeywordsJob.handler({ generation }, jobContext(t.database, 1));
    const done = (await admin.get('/api/v1/analytics/keyword-dictionary')).json().reextraction;
    expect(done).toMatchObject({ status: 'done', done: await commentedFacts(), total: await commentedFacts() });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    expect(Date.parse(done.startedAt)).toBeGreaterThanOrEqual(Date.parse(done.queuedAt));
  });

  it('never lets a job superseded by a newer edit overwrite its `queued`', async () => {
    const admin = await t.loginAs(['admin']);
    const words: string[] = (await admin.get('/api/v1/analytics/keyword-dictionary')).json().words;
    const progress = async () => (await admin.get('/api/v1/analytics/keyword-dictionary')).json().reextraction;

    // Two edits in a row: the first edit's job finds itself superseded and does nothing.
    await put(admin, [...words, '铜管']);
    const first = await queuedGeneration();
    await put(admin, [...words, '铜管', '焊接']);
    const second = await queuedGeneration();
    expect(second).toBe(first + 1);
    await reextractKeywordsJob.handler({ generation: first }, jobContext(t.database));
    expect(await progress()).toMatchObject({ status: 'queued', done: 0, total: null, startedAt: null });

    // An edit while the job runs: the job stops at its next chunk, the row stays `queued` for the newer job.
    const result = await reextractKeywords(t.ctx.db, {
      chunkSize: 3,
      track: reextractionTracker(second),
      onProgress: async (done) => {
        if (done === 3) await put(admin, words);
      },
    });
    expect(result).toEqual({ chunks: 2, done: 6, superseded: true });
    expect(await progress()).toMatchObject({ status: 'queued', done: 0, total: null });
    const third = await queuedGeneration();
    expect(third).toBe(second + 1);

    // The newer job re-extracts everything: the figures are whole again.
    await reextractKeywordsJob.handler({ generation: third }, jobContext(t.database));
    expect(await progress()).toMatchObject({ status: 'done', done: 10, total: 10 });
    const analyst = await t.loginAs(['analyst']);
    const march = (await analyst.get(`/api/v1/analytics/keywords?${MARCH}&limit=100`)).json();
    expect(march.comments).toBe(7);
    expect(byTerm(march.items).get('铜管')?.count).toBe(1);
  });

  it('a rebuild counts the same as the processor and the re-extraction', async () => {
    const analyst = await t.loginAs(['analyst']);
    const before = (await analyst.get(`/api/v1/analytics/keywords?${MARCH}&limit=100`)).json();
    await rebuildAnalytics(t.ctx.db, { chunkSize: 2 });
    const after = (await analyst.get(`/api/v1/analytics/keywords?${MARCH}&limit=100`)).json();
    expect(after.items).toEqual(before.items);
    expect(after.comments).toBe(7);
  });
});
