import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { ratingRollups } from '../../db/schema/analytics.js';
import { addDays, localMidnight, monthOf, weekOf } from './local-time.js';
import { ratingSums } from './sums.js';

/**
 * Reading a long range from the rollups: month rows for whole months, week and day rows for the rest, each exactly
 * once (each range is its own branch of the bucket condition since a year over a region read every day row:
 * BENCHMARKS.md).
 */
const TZ = 'Asia/Shanghai';
const MEMBERS = Array.from({ length: 10 }, () => randomUUID());
const FIRST_DAY = '2025-01-01';
const DAYS = 730;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // One rating a day per member in the day rows, and the week and month rows that sum them.
  const rows: (typeof ratingRollups.$inferInsert)[] = [];
  const sums = { month: new Map<string, number>(), week: new Map<string, number>() };
  for (let i = 0; i < DAYS; i++) {
    const day = addDays(FIRST_DAY, i);
    sums.month.set(monthOf(day), (sums.month.get(monthOf(day)) ?? 0) + 1);
    sums.week.set(weekOf(day), (sums.week.get(weekOf(day)) ?? 0) + 1);
    for (const member of MEMBERS) rows.push({ family: 'department', member, grain: 'day', bucket: day, count: 1 });
  }
  for (const grain of ['week', 'month'] as const) {
    for (const [bucket, days] of sums[grain]) {
      for (const member of MEMBERS) rows.push({ family: 'department', member, grain, bucket, count: days });
    }
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
    // Grouped by week, whole weeks come from week rows: July's weeks are whole.
    const byWeek = await ratingSums(t.ctx.db, { period, timeZone: TZ, departmentIds: MEMBERS }, 'week');
    expect(byWeek.get('2025-07-07')?.count).toBe(7 * 10);
    expect([...byWeek.values()].reduce((n, s) => n + s.count, 0)).toBe(357 * 10);
    // Grouped by day, day rows only: July's days are missing.
    const byDay = await ratingSums(t.ctx.db, { period, timeZone: TZ, departmentIds: MEMBERS }, 'day');
    expect(byDay.get('2025-07-07')).toBeUndefined();
    expect([...byDay.values()].reduce((n, s) => n + s.count, 0)).toBe((357 - 31) * 10);
  });

  it('reads the days of a partial month as its whole weeks and the days at either side', async () => {
    // Week rows doubled: each day of a whole week read from a week row counts twice, a day read from a day row once.
    await t.ctx.db.execute(sql`update rating_rollups set count = count * 2 where grain = 'week'`);
    // 2025-09-10 (Wed) … 2025-10-01: 10–14 as days, the weeks of 15 and 22 September, 29–30 as days.
    const part = { from: localMidnight('2025-09-10', TZ), to: localMidnight('2025-10-01', TZ) };
    const read = await ratingSums(t.ctx.db, { period: part, timeZone: TZ, departmentIds: MEMBERS });
    expect(read.get('')?.count).toBe((5 + 2 * 14 + 2) * 10);
    await t.ctx.db.execute(sql`update rating_rollups set count = count / 2 where grain = 'week'`);
  });
});
