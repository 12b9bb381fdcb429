/**
 * An SLA clock (issue 17): the working time a case has used so far, and since when it is running. A paused clock
 * (the case waits for the customer) keeps its used time and has no due time; resuming starts counting again from
 * the resume instant. A changed policy keeps the used time and only moves the due time; a changed calendar first
 * settles the time used under the old one (`settle`). No I/O — the case stores `usedMs` and `runningSince`.
 */
import { addBusinessTime, type BusinessCalendar, businessTimeBetween } from './business-time.js';

export interface SlaClock {
  /** Working milliseconds used before `runningSince` (all of them, when paused). */
  usedMs: number;
  /** When the clock last started or resumed; null while paused or stopped. */
  runningSince: Date | null;
}

export const startedClock = (at: Date): SlaClock => ({ usedMs: 0, runningSince: at });

/** Working time used up to `at`. */
export function usedAt(calendar: BusinessCalendar | null, clock: SlaClock, at: Date): number {
  return clock.usedMs + (clock.runningSince ? businessTimeBetween(calendar, clock.runningSince, at) : 0);
}

/** The clock with the time up to `at` moved into `usedMs` (still running from `at`, or still paused). */
export function settle(calendar: BusinessCalendar | null, clock: SlaClock, at: Date): SlaClock {
  if (!clock.runningSince) return clock;
  return { usedMs: usedAt(calendar, clock, at), runningSince: at };
}

export function pause(calendar: BusinessCalendar | null, clock: SlaClock, at: Date): SlaClock {
  if (!clock.runningSince) return clock;
  return { usedMs: usedAt(calendar, clock, at), runningSince: null };
}

export function resume(clock: SlaClock, at: Date): SlaClock {
  return clock.runningSince ? clock : { usedMs: clock.usedMs, runningSince: at };
}

/**
 * When `targetMs` of working time will have been used: null while paused. A clock already past its target is due
 * at the instant the target was reached (in the past), so a breach is never dated later than it happened.
 */
export function dueAt(calendar: BusinessCalendar | null, clock: SlaClock, targetMs: number): Date | null {
  if (!clock.runningSince) return null;
  const left = targetMs - clock.usedMs;
  if (left > 0) return addBusinessTime(calendar, clock.runningSince, left);
  return clock.runningSince;
}
