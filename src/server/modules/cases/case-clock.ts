/**
 * A case's SLA clock and due times (no I/O): the stored clock (`used_ms`, `running_since`) moved through a status
 * change by `sla/sla-clock.ts`, and the first-contact and resolution due times derived from it.
 */
import { CONTACTED_STATUSES, ENDED_STATUSES } from '../../../common/cases.js';
import type { CaseStatus } from '../../../common/sla.js';
import type { BusinessCalendar } from '../sla/business-time.js';
import { dueAt, pause, resume, type SlaClock, settle } from '../sla/sla-clock.js';

export interface CaseClockFields {
  status: CaseStatus;
  usedMs: number;
  runningSince: Date | null;
  firstContactedAt: Date | null;
  firstContactUsedMs: number | null;
  firstContactMinutes: number;
  resolutionMinutes: number;
}

export interface DueTimes {
  firstContactDueAt: Date | null;
  resolutionDueAt: Date | null;
}

export function dueTimesOf(calendar: BusinessCalendar | null, c: CaseClockFields): DueTimes {
  const clock: SlaClock = { usedMs: c.usedMs, runningSince: c.runningSince };
  return {
    firstContactDueAt: c.firstContactedAt ? null : dueAt(calendar, clock, c.firstContactMinutes * 60_000),
    resolutionDueAt: ENDED_STATUSES.includes(c.status) ? null : dueAt(calendar, clock, c.resolutionMinutes * 60_000),
  };
}

/**
 * The clock fields after moving to `to` at `at`: time up to `at` is settled; the clock stops when the case ends or
 * enters a status the policy pauses in, and runs otherwise; the first move into a contacted status records when,
 * and how much working time had been used by then.
 */
export function moveClock(
  calendar: BusinessCalendar | null,
  c: CaseClockFields,
  to: CaseStatus,
  at: Date,
  pausedStatuses: readonly string[],
): CaseClockFields & DueTimes {
  // Settled at `at`: its used time is what the case has used by then (the first contact's figure too).
  const settled = settle(calendar, { usedMs: c.usedMs, runningSince: c.runningSince }, at);
  const stops = ENDED_STATUSES.includes(to) || pausedStatuses.includes(to);
  const clock = stops ? pause(calendar, settled, at) : resume(settled, at);
  const firstContact =
    !c.firstContactedAt && CONTACTED_STATUSES.includes(to)
      ? { firstContactedAt: at, firstContactUsedMs: settled.usedMs }
      : { firstContactedAt: c.firstContactedAt, firstContactUsedMs: c.firstContactUsedMs };
  const next: CaseClockFields = {
    ...c,
    status: to,
    usedMs: clock.usedMs,
    runningSince: clock.runningSince,
    ...firstContact,
  };
  return { ...next, ...dueTimesOf(calendar, next) };
}
