/**
 * When a customer may be phoned (issue 19): the follow-up settings' calling windows on every day, in the
 * organisation's time zone (customers carry no zone of their own), minus the holidays of the chosen business calendar
 * — the closed loop's calendars (sla module), whose holiday exceptions become no-call days; its ordinary days off
 * (weekends) and make-up working days do not change the windows. The arithmetic is the SLA clocks' own
 * (`sla/business-time.ts`): a calling calendar is a business calendar. No I/O.
 */
import { type BusinessCalendar, nextWorkingTime, type WorkingPeriod } from '../sla/business-time.js';
import type { FollowUpSettings } from './follow-up-settings.js';

export function callingCalendar(
  settings: Pick<FollowUpSettings, 'callingWindows'>,
  timeZone: string,
  holidays: BusinessCalendar | null,
): BusinessCalendar {
  const windows: readonly WorkingPeriod[] = settings.callingWindows;
  const exceptions = new Map<string, readonly WorkingPeriod[]>();
  for (const [date, periods] of holidays?.exceptions ?? []) if (periods.length === 0) exceptions.set(date, []);
  return { timeZone, weekly: Array.from({ length: 7 }, () => windows), exceptions };
}

/** The first instant at or after `at` inside a calling window. */
export const nextCallableAt = (calendar: BusinessCalendar, at: Date): Date => nextWorkingTime(calendar, at);

/**
 * What the retry rule makes of an unanswered call (no answer, busy) that was the `attempts`-th: the next call
 * `afterMinutes` later, moved into the next calling window — or none when the limit is reached (the task closes as
 * unreachable).
 */
export function retryAfterUnanswered(
  calendar: BusinessCalendar,
  retry: FollowUpSettings['retry'],
  attempts: number,
  at: Date,
): Date | null {
  if (attempts >= retry.maxAttempts) return null;
  return nextCallableAt(calendar, new Date(at.getTime() + retry.afterMinutes * 60_000));
}
