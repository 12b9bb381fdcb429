import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDay, localMidnight, monthOf, nextMonth, weekOf } from './local-time.js';
import { bucketsOf, type DayRange, planBuckets, rowRanges } from './period.js';

const SH = 'Asia/Shanghai';
const d = (iso: string) => new Date(iso);

describe('local time', () => {
  it('finds local days and midnights, also across a DST change', () => {
    expect(localDay(d('2026-03-01T15:59:00Z'), SH)).toBe('2026-03-01');
    expect(localDay(d('2026-03-01T16:00:00Z'), SH)).toBe('2026-03-02');
    expect(localMidnight('2026-03-02', SH).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(localMidnight('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localMidnight('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localMidnight('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(weekOf('2026-03-01')).toBe('2026-02-23'); // a Sunday → the Monday before
    expect(weekOf('2026-03-02')).toBe('2026-03-02');
  });
});

describe('planBuckets', () => {
  it('splits a period into whole months, whole days and partial-day edges', () => {
    const plan = planBuckets({ from: d('2026-01-15T03:00:00Z'), to: d('2026-04-03T16:00:00Z') }, SH);
    expect(plan).toMatchObject({
      dayFrom: '2026-01-16',
      monthFrom: '2026-02-01',
      monthTo: '2026-04-01',
      dayTo: '2026-04-04',
    });
    expect(plan.edges).toEqual([{ from: d('2026-01-15T03:00:00Z'), to: d('2026-01-15T16:00:00Z') }]);
  });

  it('answers a period inside one day from facts only, and an open period from every bucket', () => {
    const inside = planBuckets({ from: d('2026-03-02T01:00:00Z'), to: d('2026-03-02T05:00:00Z') }, SH);
    expect(inside.edges).toHaveLength(1);
    expect(inside.dayFrom).toBe(inside.dayTo);
    expect(planBuckets({ from: null, to: null }, SH)).toEqual({
      dayFrom: '-infinity',
      dayTo: 'infinity',
      monthFrom: '-infinity',
      monthTo: 'infinity',
      edges: [],
    });
  });

  it('lists every bucket of a period, clipped to it', () => {
    const weeks = bucketsOf({ from: localMidnight('2026-03-01', SH), to: localMidnight('2026-03-16', SH) }, 'week', SH);
    expect(weeks.map((w) => w.bucket)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(weeks[0]!.from.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(
      bucketsOf({ from: localMidnight('2026-01-01', SH), to: localMidnight('2027-01-01', SH) }, 'month', SH),
    ).toHaveLength(12);
  });
});

describe('rowRanges', () => {
  /** The days of ranges of one grain, each with the bucket (month, week or day) whose row covers it. */
  const daysOf = (ranges: DayRange[], step: (bucket: string) => string) => {
    const out: { day: string; bucket: string }[] = [];
    for (const r of ranges) {
      for (let bucket = r.from; bucket < r.to; bucket = step(bucket)) {
        for (let day = bucket; day < step(bucket); day = addDays(day, 1)) out.push({ day, bucket });
      }
    }
    return out;
  };
  const covered = (rows: ReturnType<typeof rowRanges>) => [
    ...daysOf(rows.months, nextMonth).map((x) => ({ ...x, grain: 'month' })),
    ...daysOf(rows.weeks, (b) => addDays(b, 7)).map((x) => ({ ...x, grain: 'week' })),
    ...daysOf(rows.days, (b) => addDays(b, 1)).map((x) => ({ ...x, grain: 'day' })),
  ];

  it('covers every whole day of a period exactly once, weeks only where kept, no week across a month', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2025-12-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 120 }), fc.boolean(), (from, length, weeks) => {
        const to = addDays(from, length);
        const plan = planBuckets({ from: localMidnight(from, SH), to: localMidnight(to, SH) }, SH);
        for (const grouping of [null, 'month', 'week', 'day'] as const) {
          const rows = rowRanges(plan, grouping, weeks);
          const cells = covered(rows);
          const expected = Array.from({ length }, (_, i) => addDays(from, i));
          expect(cells.map((c) => c.day).sort()).toEqual(expected);
          for (const w of rows.weeks) expect([weekOf(w.from), weekOf(w.to)]).toEqual([w.from, w.to]);
          if (!weeks || grouping === 'day') expect(rows.weeks).toEqual([]);
          if (grouping === 'day') expect(rows.months).toEqual([]);
          // A row is keyed by its bucket: grouped by month, its days must all be in the bucket's month.
          if (grouping === 'month') for (const c of cells) expect(monthOf(c.day)).toBe(monthOf(c.bucket));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a month and a half as one month, the whole weeks and the days at either side', () => {
    const plan = planBuckets({ from: localMidnight('2026-01-14', SH), to: localMidnight('2026-03-01', SH) }, SH);
    expect(rowRanges(plan, null, true)).toEqual({
      months: [{ from: '2026-02-01', to: '2026-03-01' }],
      weeks: [{ from: '2026-01-19', to: '2026-01-26' }],
      days: [
        { from: '2026-01-14', to: '2026-01-19' },
        { from: '2026-01-26', to: '2026-02-01' },
      ],
    });
    expect(rowRanges(plan, null, false).days).toEqual([{ from: '2026-01-14', to: '2026-02-01' }]);
    // Open periods: the open side is all months.
    expect(rowRanges(planBuckets({ from: null, to: localMidnight('2026-03-11', SH) }, SH), null, true)).toEqual({
      months: [{ from: '-infinity', to: '2026-03-01' }],
      weeks: [{ from: '2026-03-02', to: '2026-03-09' }],
      days: [
        { from: '2026-03-01', to: '2026-03-02' },
        { from: '2026-03-09', to: '2026-03-11' },
      ],
    });
  });
});
