/**
 * A case's SLA timers (no I/O): for each target (first contact, resolution) the warning time and the due time, as the
 * case stores them, and which timers a change of those times must schedule. The clock and due times come from
 * `case-clock.ts`; the warning fires when the target minus the policy's `warnBeforeMinutes` of working time is used.
 */
import type { SlaTarget, SlaTimerKind } from '../../../common/cases.js';
import type { BusinessCalendar } from '../sla/business-time.js';
import { dueAt } from '../sla/sla-clock.js';
import type { CaseClockFields, DueTimes } from './case-clock.js';

/** A policy's warning when none is found (the column's default). */
export const DEFAULT_WARN_BEFORE_MINUTES = 30;

export interface WarnTimes {
  firstContactWarnAt: Date | null;
  resolutionWarnAt: Date | null;
}
export type SlaTimes = DueTimes & WarnTimes;

/** One timer: fire `kind` of `target` at `at` (the time the case stores for it). */
export interface CaseTimer {
  caseId: string;
  target: SlaTarget;
  kind: SlaTimerKind;
  at: Date;
}

type TimeColumn = keyof SlaTimes;
const COLUMNS: Record<SlaTarget, Record<SlaTimerKind, TimeColumn>> = {
  first_contact: { warning: 'firstContactWarnAt', breach: 'firstContactDueAt' },
  resolution: { warning: 'resolutionWarnAt', breach: 'resolutionDueAt' },
};
const TIMERS = (['first_contact', 'resolution'] as const).flatMap((target) =>
  (['warning', 'breach'] as const).map((kind) => ({ target, kind, column: COLUMNS[target][kind] })),
);

/** The time the case stores for a timer (null: the target is met, ended or paused, or no warning is set). */
export const timeOf = (times: SlaTimes, target: SlaTarget, kind: SlaTimerKind): Date | null =>
  times[COLUMNS[target][kind]];

export const dueOf = (times: DueTimes, target: SlaTarget): Date | null =>
  target === 'first_contact' ? times.firstContactDueAt : times.resolutionDueAt;

export const targetMinutesOf = (c: Pick<CaseClockFields, 'firstContactMinutes' | 'resolutionMinutes'>, t: SlaTarget) =>
  t === 'first_contact' ? c.firstContactMinutes : c.resolutionMinutes;

/**
 * The warning times of a clock with its due times: `warnBeforeMinutes` of working time before each due time (none
 * when 0, or when the target has no due time). A clock already past the warning point warns at once.
 */
export function warnTimesOf(
  calendar: BusinessCalendar | null,
  c: CaseClockFields & DueTimes,
  warnBeforeMinutes: number,
): WarnTimes {
  const clock = { usedMs: c.usedMs, runningSince: c.runningSince };
  const warnMs = warnBeforeMinutes * 60_000;
  const warnAt = (targetMinutes: number, due: Date | null) =>
    due === null || warnMs <= 0 ? null : dueAt(calendar, clock, Math.max(0, targetMinutes * 60_000 - warnMs));
  return {
    firstContactWarnAt: warnAt(c.firstContactMinutes, c.firstContactDueAt),
    resolutionWarnAt: warnAt(c.resolutionMinutes, c.resolutionDueAt),
  };
}

/** The timers to schedule after the times moved from `before` (null: a new case) to `after`: each new time. */
export function timersToSchedule(caseId: string, before: SlaTimes | null, after: SlaTimes): CaseTimer[] {
  return TIMERS.flatMap(({ target, kind, column }) => {
    const at = after[column];
    if (!at || (before && before[column]?.getTime() === at.getTime())) return [];
    return [{ caseId, target, kind, at }];
  });
}

export const sameTimes = (a: SlaTimes, b: SlaTimes) =>
  TIMERS.every(({ column }) => (a[column]?.getTime() ?? null) === (b[column]?.getTime() ?? null));
