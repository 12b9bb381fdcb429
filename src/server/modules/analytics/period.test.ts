import { describe, expect, it } from 'vitest';
import { localDay, localMidnight, weekOf } from './local-time.js';
import { bucketsOf, planBuckets } from './period.js';

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
