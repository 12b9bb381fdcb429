import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { ratingRollups } from '../../db/schema/analytics.js';
import { addDays, localMidnight } from './local-time.js';
import { ratingSums } from './sums.js';

/**
 * Reading a long range from the rollups: month rows for whole months, day rows for the edges, each exactly once (the
 * bucket condition is three contiguous primary-key ranges since a year over a region read every day row: BENCHMARKS.md).
 */
const TZ = 'Asia/Shanghai';
const MEMBERS = Array.from({ length: 10 }, () => randomUUID());
const FIRST_DAY = '2025-01-01';
const DAYS = 730;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // One rating a day per member in the day rows, and the month rows that sum them.
  const rows: (typeof ratingRollups.$inferInsert)[] = [];
  const months = new Map<string, number>();
  for (let i = 0; i < DAYS; i++) {
    const day = addDays(FIRST_DAY, i);
    months.set(`${day.slice(0, 7)}-01`, (months.get(`${day.slice(0, 7)}-01`) ?? 0) + 1);
    for (const member of MEMBERS) rows.push({ family: 'department', member, grain: 'day', bucket: day, count: 1 });
  }
  for (const [month, days] of months) {
    for (const member of MEMBERS)
      rows.push({ family: 'department', member, grain: 'month', bucket: month, count: days });
  }
  for (let i = 0; i < rows.length; i += 2000) await t.ctx.db.insert(ratingRollups).values(rows.slice(i, i + 2000));
  await t.ctx.db.execute(sql`analyze rating_rollups`);
});
afterAll(async () => {
  await t?.close();
});

describe('rollup reads over long ranges', () => {
  const period = { from: localMidnight('2025-03-17', TZ), to: localMidnight('2026-03-09', TZ) };

  it('sum whole months and edge days exactly', async () => {
    const sums = await ratingSums(t.ctx.db, { period, timeZone: TZ, departmentIds: MEMBERS });
    // 2025-03-17 … 2026-03-08: 357 days, one rating a day for each of the ten departments.
    expect(sums.get('')?.count).toBe(357 * 10);
    // A range inside one month: day rows only.
    const short = { from: localMidnight('2025-06-03', TZ), to: localMidnight('2025-06-10', TZ) };
    expect((await ratingSums(t.ctx.db, { period: short, timeZone: TZ, departmentIds: MEMBERS })).get('')?.count).toBe(
      70,
    );
  });

  it('grouped by month, whole months come from month rows and the edge months from day rows', async () => {
    // Day rows of July 2025 removed: a month grouping that still counts July in full read its month row.
    await t.ctx.db.execute(
      sql`delete from rating_rollups where grain = 'day' and bucket >= '2025-07-01' and bucket < '2025-08-01'`,
    );
    const byMonth = await ratingSums(t.ctx.db, { period, timeZone: TZ, departmentIds: MEMBERS }, 'month');
    expect(byMonth.get('2025-03-01')?.count).toBe(15 * 10);
    expect(byMonth.get('2025-07-01')?.count).toBe(31 * 10);
    expect(byMonth.get('2026-02-01')?.count).toBe(28 * 10);
    expect(byMonth.get('2026-03-01')?.count).toBe(8 * 10);
    expect([...byMonth.values()].reduce((n, s) => n + s.count, 0)).toBe(357 * 10);
    // Grouped by week, day rows only: July's weeks are missing what was removed.
    const byWeek = await ratingSums(t.ctx.db, { period, timeZone: TZ, departmentIds: MEMBERS }, 'week');
    expect([...byWeek.values()].reduce((n, s) => n + s.count, 0)).toBe((357 - 31) * 10);
  });
});
