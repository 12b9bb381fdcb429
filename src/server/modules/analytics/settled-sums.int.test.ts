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
import { analyticsRollupGeneration } from '../../db/schema/analytics.js';
import { importRatingHistory } from '../ratings/history-import.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { recordRatingFacts } from './facts.js';
import { addDays, localDay, monthOf, weekOf } from './local-time.js';
import { rebuildAnalytics } from './rebuild.service.js';
import { noteRollupWrites } from './settled-sums.js';
import { weeklyScoreSumsByMember } from './sums.js';

/**
 * The settled days' sums kept in memory (settled-sums.ts): a standing over 90 days is the settled part (kept while
 * the token stays) plus yesterday and today (read each time). One star question, S = (★ − 1)·25.
 *
 * - Ann: 8 × ★5 spread over days 60–20 ago; Bo: 6 × ★3 over the same days.
 * - The kept part is seen by writing a settled day's rollup row behind the writers' back: unchanged until the token is.
 * - The processor's path (`recordRatingFacts`): a rating of today leaves the token (and is counted at once); one of
 *   five days ago replaces it (and is counted at once). Late ratings racing readers (really, on PostgreSQL) are all
 *   counted by the next read.
 */
const DIMENSIONS: Dimension[] = [
  { key: 'q', type: 'star5', required: true, weight: 1, label: { 'zh-CN': '满意度', en: 'Satisfaction' } },
];
const DAY = 86_400_000;

let t: TestApp;
let timeZone = 'UTC';
let period = '';
let templateVersionId = '';
const workOrders: Record<'ann' | 'bo', string> = { ann: '', bo: '' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.db;
  ({ timeZone } = await getOrganisationProfile(db));
  const today = localDay(new Date(), timeZone);
  period = `from=${addDays(today, -90)}&to=${addDays(today, 1)}`;
  const template = await templateFactory(db, { dimensions: DIMENSIONS });
  templateVersionId = template.publishedVersionId!;
  const team = await departmentFactory(db, { kind: 'team', name: 'Team' });
  const [ann, bo] = await Promise.all(['Ann', 'Bo'].map((name) => employeeFactory(db, { name })));
  Object.assign(ids, { team: team.id, ann: ann!.id, bo: bo!.id });
  for (const [who, stars, count] of [
    ['ann', 5, 8],
    ['bo', 3, 6],
  ] as const) {
    const wo = await workOrderFactory(t.ctx, { departmentId: team.id, engineerIds: [ids[who]!] });
    workOrders[who] = wo.id;
    await importRatingHistory(
      db,
      templateVersionId,
      Array.from({ length: count }, (_, i) => ({
        invitationId: null,
        workOrderId: wo.id,
        answers: { q: stars },
        language: 'en',
        submittedAt: new Date(Date.now() - (20 + i * 5) * DAY),
      })),
    );
  }
  await rebuildAnalytics(db);
});
afterAll(async () => {
  await t?.close();
});

const token = async () => (await t.ctx.db.select().from(analyticsRollupGeneration))[0]!.token;

async function ranking(): Promise<Record<string, { n: number; mean: number | null }>> {
  const admin = await t.loginAs(['admin']);
  const res = await admin.get(`/api/v1/analytics/rankings?by=engineer&${period}`);
  expect(res.statusCode, res.body).toBe(200);
  const out: Record<string, { n: number; mean: number | null }> = {};
  for (const i of res.json().items as { id: string; n: number; mean: number | null }[]) {
    out[i.id === ids.ann ? 'ann' : i.id === ids.bo ? 'bo' : i.id] = { n: i.n, mean: i.mean };
  }
  return out;
}

/** A rating of this work order `msAgo` before now, its fact recorded as the processor does. */
async function rateLate(who: 'ann' | 'bo', stars: number, msAgo: number) {
  const [rating] = await importRatingHistory(t.ctx.db, templateVersionId, [
    {
      invitationId: null,
      workOrderId: workOrders[who],
      answers: { q: stars },
      language: 'en',
      submittedAt: new Date(Date.now() - msAgo),
    },
  ]);
  await t.ctx.db.transaction((tx) => recordRatingFacts(tx, [rating!.id], timeZone));
}

describe('settled sums', () => {
  it('keeps the standings of the settled days until a past day is written, and reads the recent days each time', async () => {
    const first = await ranking();
    expect(first).toEqual({ ann: { n: 8, mean: 100 }, bo: { n: 6, mean: 50 } });
    // A settled day's row changed behind the writers' back: the kept part does not see it…
    const settledDay = localDay(new Date(Date.now() - 20 * DAY), timeZone);
    const tamper = (by: number) =>
      t.ctx.db.execute(sql`update rating_rollups set scored_count = scored_count + ${by}, count = count + ${by}
        where family = 'engineer' and member = ${ids.ann} and ((grain = 'day' and bucket = ${settledDay}::date)
          or (grain = 'week' and bucket = ${weekOf(settledDay)}::date)
          or (grain = 'month' and bucket = ${monthOf(settledDay)}::date))`); // one of them is read
    await tamper(1);
    expect(await ranking()).toEqual(first);
    // …until the token changes (as every writer of a past day does in its transaction).
    await noteRollupWrites(t.ctx.db, null);
    expect((await ranking()).ann!.n).toBe(9);
    await tamper(-1);
    await noteRollupWrites(t.ctx.db, null);
    expect(await ranking()).toEqual(first);
  });

  it('a rating of today keeps the token and is counted at once; a late one of five days ago replaces it', async () => {
    const before = await token();
    await rateLate('bo', 5, 60_000);
    expect(await token()).toBe(before);
    expect((await ranking()).bo).toEqual({ n: 7, mean: 400 / 7 });
    await rateLate('bo', 1, 5 * DAY);
    expect(await token()).not.toBe(before);
    expect((await ranking()).bo).toEqual({ n: 8, mean: 400 / 8 });
    // The same from the facts (two filters: no rollup answers), which the kept part must equal.
    const admin = await t.loginAs(['admin']);
    const facts = (await admin.get(`/api/v1/analytics/rankings?by=engineer&${period}&source=customer`)).json();
    const plain = (await admin.get(`/api/v1/analytics/rankings?by=engineer&${period}`)).json();
    expect(facts.items).toEqual(plain.items);
  });

  it("the drift watch's settled weeks too: a late rating of a settled week is counted", async () => {
    const today = localDay(new Date(), timeZone);
    const weekTo = weekOf(today);
    const q = { family: 'engineer' as const, members: [ids.bo!], weekFrom: addDays(weekTo, -7 * 26), weekTo, timeZone };
    const n = async () => (await weeklyScoreSumsByMember(t.ctx.db, q)).reduce((s, r) => s + r.n, 0);
    const weeks = await n();
    await rateLate('bo', 4, 15 * DAY);
    expect(await n()).toBe(weeks + 1);
  });

  it('after late ratings racing the readers, the next standing counts every one of them', async () => {
    const admin = await t.loginAs(['admin']);
    const standing = async (filters = '') =>
      (await admin.get(`/api/v1/analytics/rankings?by=engineer&${period}${filters}`)).json().items;
    const n = (await ranking()).ann!.n;
    let writing = true;
    const readers = Array.from({ length: 3 }, async () => {
      while (writing) await standing();
    });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => rateLate('ann', 2 + (i % 4), (3 + (i % 40)) * DAY + i * 60_000)),
    ).finally(() => {
      writing = false;
    });
    await Promise.all(readers);
    expect((await ranking()).ann!.n).toBe(n + 12);
    // The kept part equals the facts read now (two filters: no rollup, nothing kept).
    expect(await standing()).toEqual(await standing('&source=customer'));
  });

  it('a rebuild replaces the token', async () => {
    const [before, standing] = [await token(), await ranking()];
    await rebuildAnalytics(t.ctx.db);
    expect(await token()).not.toBe(before);
    expect(await ranking()).toEqual(standing);
  });
});
