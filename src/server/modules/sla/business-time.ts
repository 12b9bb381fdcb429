/**
 * Business-time arithmetic for SLA clocks (issue 17): how much working time lies between two instants, and which
 * instant is reached after a given amount of working time — in a calendar's own time zone, with several working
 * periods a day (a lunch break), weekends, holidays and China's make-up working days (调休: a Saturday or Sunday that
 * is a working day). No I/O; the calendars come from `calendars.service.ts`. Local times are turned into instants by
 * luxon (the IANA zone database), so a day with a daylight-saving change has its real length.
 *
 * A `null` calendar is 24/7: every millisecond counts.
 */
import { DateTime } from 'luxon';

/** A working period of a local day, `HH:mm` to `HH:mm` (end after start; `24:00` is the end of the day). */
export interface WorkingPeriod {
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** IANA time zone the periods are read in. */
  timeZone: string;
  /** Working periods of each weekday, Monday first (ISO weekday 1 … 7); an empty list is a day off. */
  weekly: readonly (readonly WorkingPeriod[])[];
  /**
   * Dates (`YYYY-MM-DD`, local) that differ from the week: a holiday (`[]`) or a make-up working day with its periods
   * (`makeUpPeriods` gives a standard working day's periods when an editor does not list them).
   */
  exceptions: ReadonlyMap<string, readonly WorkingPeriod[]>;
}

/** How far ahead a due time is searched before the calendar is declared to have no working time. */
const MAX_DAYS = 3_700;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The periods of a standard working day: the first weekday, from Monday, that has any. */
export function makeUpPeriods(weekly: readonly (readonly WorkingPeriod[])[]): readonly WorkingPeriod[] {
  return weekly.find((periods) => periods.length > 0) ?? [];
}

function periodsOn(calendar: BusinessCalendar, day: DateTime): readonly WorkingPeriod[] {
  return calendar.exceptions.get(day.toISODate() ?? '') ?? calendar.weekly[day.weekday - 1] ?? [];
}

/** The local days from the one holding `from` on (each at its local midnight). */
function* localDays(calendar: BusinessCalendar, from: Date): Generator<DateTime> {
  const first = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++) yield first.plus({ days: i });
}

/**
 * A period boundary as the wall-clock time of that date (not minutes elapsed since midnight, which is wrong on a day
 * whose clock jumps for daylight saving); `24:00` is the next day's start.
 */
function wallClock(day: DateTime, hhmm: string): number {
  const minutes = minutesOf(hhmm);
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}

function workingIntervals(calendar: BusinessCalendar, day: DateTime): [number, number][] {
  return periodsOn(calendar, day).map((p) => [wallClock(day, p.start), wallClock(day, p.end)]);
}

export class NoWorkingTimeError extends Error {
  constructor() {
    super(`the calendar has no working time in the next ${MAX_DAYS} days`);
  }
}

/** The instant reached after `ms` of working time from `start` (`start` itself when `ms` ≤ 0). */
export function addBusinessTime(calendar: BusinessCalendar | null, start: Date, ms: number): Date {
  if (ms <= 0) return start;
  if (!calendar) return new Date(start.getTime() + ms);
  let remaining = ms;
  const from = start.getTime();
  for (const day of localDays(calendar, start)) {
    for (const [a, b] of workingIntervals(calendar, day)) {
      const s = Math.max(a, from);
      if (s >= b) continue;
      if (remaining <= b - s) return new Date(s + remaining);
      remaining -= b - s;
    }
  }
  throw new NoWorkingTimeError();
}

/** Working milliseconds in [from, to) (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: BusinessCalendar | null, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!calendar) return b - a;
  let total = 0;
  for (const day of localDays(calendar, from)) {
    if (day.toMillis() >= b) break;
    for (const [s, e] of workingIntervals(calendar, day)) {
      total += Math.max(0, Math.min(e, b) - Math.max(s, a));
    }
  }
  return total;
}

/** Whether `at` falls inside a working period (always, for 24/7). */
export function isWorkingTime(calendar: BusinessCalendar | null, at: Date): boolean {
  if (!calendar) return true;
  const t = at.getTime();
  const day = DateTime.fromJSDate(at, { zone: calendar.timeZone }).startOf('day');
  return workingIntervals(calendar, day).some(([s, e]) => t >= s && t < e);
}

/** The first working instant at or after `at` (for notices held back until working hours). */
export function nextWorkingTime(calendar: BusinessCalendar | null, at: Date): Date {
  if (!calendar) return at;
  const t = at.getTime();
  for (const day of localDays(calendar, at)) {
    for (const [s, e] of workingIntervals(calendar, day)) {
      if (e > t) return new Date(Math.max(s, t));
    }
  }
  throw new NoWorkingTimeError();
}
