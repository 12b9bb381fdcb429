/**
 * Business-time arithmetic against due times computed by hand (issue 17). The calendar is a Chinese service desk:
 * Monday–Friday 09:00–12:00 and 13:30–18:00 (7.5 working hours a day), in Asia/Shanghai, with the State Council's
 * 2026 holidays and make-up working days (国办发明电〔2025〕7号) that the cases use: 春节 15–23 Feb off, Saturday
 * 14 and 28 Feb worked; 国庆/中秋 1–7 Oct off, Sunday 20 Sep and Saturday 10 Oct worked. Every instant is written in UTC
 * (Shanghai is UTC+8), so the table also checks the zone handling.
 */
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  isWorkingTime,
  NoWorkingTimeError,
  nextWorkingTime,
  type WorkingPeriod,
} from './business-time.js';
import { dueAt, pause, resume, settle, startedClock, usedAt } from './sla-clock.js';

const H = 3_600_000;
const day: WorkingPeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
const holidays = ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21'];
const exceptions = new Map<string, WorkingPeriod[]>([
  ...[...holidays, '2026-02-22', '2026-02-23'].map((d): [string, WorkingPeriod[]] => [d, []]),
  ['2026-02-14', day],
  ['2026-02-28', day],
  ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, WorkingPeriod[]] => [`2026-10-${d}`, []]),
  ['2026-09-20', day],
  ['2026-10-10', day],
]);
const shanghai: BusinessCalendar = { timeZone: 'Asia/Shanghai', weekly: [day, day, day, day, day, [], []], exceptions };
/** Shanghai local time → the instant. */
const cst = (local: string) => new Date(`${local}:00+08:00`);

describe('addBusinessTime (hand-computed due times, Asia/Shanghai)', () => {
  const table: [string, string, number, string][] = [
    ['inside the morning, ends exactly at lunch', '2026-12-01T10:00', 2, '2026-12-01T12:00'],
    ['across the lunch break', '2026-12-01T11:00', 2, '2026-12-01T14:30'],
    ['starting during lunch', '2026-12-01T12:15', 2, '2026-12-01T15:30'],
    ['before opening', '2026-12-01T07:00', 2, '2026-12-01T11:00'],
    ['after closing', '2026-12-01T19:30', 2, '2026-12-02T11:00'],
    ['Friday evening over the weekend', '2026-12-04T17:00', 2, '2026-12-07T10:00'],
    ['on a Saturday', '2026-12-05T10:00', 2, '2026-12-07T11:00'],
    ['48 working hours (6.4 working days)', '2026-12-01T10:00', 48, '2026-12-09T14:30'],
    ['over the National Day week', '2026-09-30T17:00', 2, '2026-10-08T10:00'],
    ['into the 调休 Saturday after it', '2026-10-09T17:30', 2, '2026-10-10T10:30'],
    ['into the 调休 Sunday before it', '2026-09-19T10:00', 1, '2026-09-20T10:00'],
    ['Spring Festival eve: the make-up Saturday, then nine days off', '2026-02-13T16:00', 10, '2026-02-24T09:30'],
    ['a whole working day from its opening', '2026-12-01T09:00', 7.5, '2026-12-01T18:00'],
  ];
  it.each(table)('%s', (_name, start, hours, due) => {
    expect(addBusinessTime(shanghai, cst(start), hours * H).toISOString()).toBe(cst(due).toISOString());
  });

  it('is the inverse of businessTimeBetween', () => {
    for (const [, start, hours, due] of table) {
      const from = cst(start);
      expect(businessTimeBetween(shanghai, from, cst(due))).toBe(hours * H);
    }
  });

  it('counts zero time as no time, and 24/7 (no calendar) as plain time', () => {
    expect(addBusinessTime(shanghai, cst('2026-12-05T10:00'), 0).toISOString()).toBe(
      cst('2026-12-05T10:00').toISOString(),
    );
    expect(addBusinessTime(null, cst('2026-12-05T23:00'), 2 * H).toISOString()).toBe(
      cst('2026-12-06T01:00').toISOString(),
    );
    expect(businessTimeBetween(null, cst('2026-12-05T23:00'), cst('2026-12-06T01:30'))).toBe(2.5 * H);
  });

  it('refuses a calendar without working time instead of looping', () => {
    const closed: BusinessCalendar = { timeZone: 'UTC', weekly: [[], [], [], [], [], [], []], exceptions: new Map() };
    expect(() => addBusinessTime(closed, new Date('2026-01-01T00:00:00Z'), H)).toThrow(NoWorkingTimeError);
  });
});

describe('other zones', () => {
  const nine2five: WorkingPeriod[] = [{ start: '09:00', end: '17:00' }];
  const newYork: BusinessCalendar = {
    timeZone: 'America/New_York',
    weekly: [nine2five, nine2five, nine2five, nine2five, nine2five, [], []],
    exceptions: new Map(),
  };
  it('counts local working hours across a daylight-saving change (8 March 2026)', () => {
    // Friday 16:00 EST (21:00Z) + 2 h → Monday 10:00 EDT (14:00Z).
    expect(addBusinessTime(newYork, new Date('2026-03-06T21:00:00Z'), 2 * H).toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });
  it('a 24-hour calendar day on the day the clocks change has 23 real hours', () => {
    const allDay: WorkingPeriod[] = [{ start: '00:00', end: '24:00' }];
    const always: BusinessCalendar = {
      timeZone: 'America/New_York',
      weekly: Array(7).fill(allDay),
      exceptions: new Map(),
    };
    expect(businessTimeBetween(always, new Date('2026-03-08T05:00:00Z'), new Date('2026-03-09T04:00:00Z'))).toBe(
      23 * H,
    );
  });
});

describe('working time checks', () => {
  it('knows lunch, weekends, holidays and make-up days', () => {
    expect(isWorkingTime(shanghai, cst('2026-12-01T10:00'))).toBe(true);
    expect(isWorkingTime(shanghai, cst('2026-12-01T12:30'))).toBe(false);
    expect(isWorkingTime(shanghai, cst('2026-12-05T10:00'))).toBe(false);
    expect(isWorkingTime(shanghai, cst('2026-10-05T10:00'))).toBe(false);
    expect(isWorkingTime(shanghai, cst('2026-10-10T10:00'))).toBe(true);
    expect(isWorkingTime(null, cst('2026-10-05T03:00'))).toBe(true);
  });
  it('finds the next working instant', () => {
    expect(nextWorkingTime(shanghai, cst('2026-12-01T12:30')).toISOString()).toBe(
      cst('2026-12-01T13:30').toISOString(),
    );
    expect(nextWorkingTime(shanghai, cst('2026-12-04T22:00')).toISOString()).toBe(
      cst('2026-12-07T09:00').toISOString(),
    );
    expect(nextWorkingTime(shanghai, cst('2026-12-01T10:00')).toISOString()).toBe(
      cst('2026-12-01T10:00').toISOString(),
    );
  });
});

describe('SLA clock', () => {
  it('a pause spanning a night keeps the used time and pushes the due time', () => {
    // Opened Tuesday 10:00, first contact within 2 working hours; waiting for the customer from 11:00 until
    // Wednesday 10:00: one hour was used, one is left from the resume.
    let clock = startedClock(cst('2026-12-01T10:00'));
    expect(dueAt(shanghai, clock, 2 * H)?.toISOString()).toBe(cst('2026-12-01T12:00').toISOString());
    clock = pause(shanghai, clock, cst('2026-12-01T11:00'));
    expect(clock).toEqual({ usedMs: H, runningSince: null });
    expect(dueAt(shanghai, clock, 2 * H)).toBeNull();
    expect(usedAt(shanghai, clock, cst('2026-12-02T09:00'))).toBe(H);
    clock = resume(clock, cst('2026-12-02T10:00'));
    expect(dueAt(shanghai, clock, 2 * H)?.toISOString()).toBe(cst('2026-12-02T11:00').toISOString());
  });

  it('a pause on a 24/7 policy stops the plain clock too', () => {
    let clock = startedClock(cst('2026-12-01T22:00'));
    clock = pause(null, clock, cst('2026-12-01T23:00'));
    clock = resume(clock, cst('2026-12-02T08:00'));
    expect(dueAt(null, clock, 2 * H)?.toISOString()).toBe(cst('2026-12-02T09:00').toISOString());
  });

  it('a policy change mid-case keeps the used time (48 h → 24 h after one working day)', () => {
    // Tuesday 10:00 → Wednesday 10:00 used 6.5 + 1 = 7.5 working hours; 16.5 are left under the new policy:
    // Wednesday 2 + 4.5, Thursday 7.5, Friday 2.5 → Friday 11:30.
    const opened = startedClock(cst('2026-12-01T10:00'));
    const clock = settle(shanghai, opened, cst('2026-12-02T10:00'));
    expect(clock.usedMs).toBe(7.5 * H);
    expect(dueAt(shanghai, clock, 24 * H)?.toISOString()).toBe(cst('2026-12-04T11:30').toISOString());
    expect(dueAt(shanghai, opened, 24 * H)?.toISOString()).toBe(cst('2026-12-04T11:30').toISOString());
  });

  it('a calendar change settles the time used under the old calendar first', () => {
    // 24/7 from Saturday 10:00 to Saturday 12:00 used 2 h; from then the working calendar counts.
    const clock = settle(null, startedClock(cst('2026-12-05T10:00')), cst('2026-12-05T12:00'));
    expect(clock.usedMs).toBe(2 * H);
    expect(dueAt(shanghai, clock, 4 * H)?.toISOString()).toBe(cst('2026-12-07T11:00').toISOString());
  });

  it('a clock already past its target is due when the target was reached, never later', () => {
    const clock = { usedMs: 3 * H, runningSince: cst('2026-12-02T10:00') };
    expect(dueAt(shanghai, clock, 2 * H)?.toISOString()).toBe(cst('2026-12-02T10:00').toISOString());
  });
});
