/**
 * When a person's next e-mail or SMS may go (issue 17): never within a minute of the previous one to the same person
 * by the same channel (what arrives meanwhile joins it), at the digest's boundary when they chose a digest, and — with
 * quiet hours — not outside the working hours of their business calendar (never an escalation mail at midnight).
 * Pure: the caller loads the preference, the calendar and the previous send.
 */
import { DateTime } from 'luxon';
import { DAILY_DIGEST_HOUR, type DigestMode, NOTIFICATION_THROTTLE_SECONDS } from '../../../common/notifications.js';
import { type BusinessCalendar, NoWorkingTimeError, nextWorkingTime } from '../sla/business-time.js';

export interface SendTiming {
  now: Date;
  /** When the previous message to this person by this channel started going out (null: never). */
  lastStartedAt: Date | null;
  digest: DigestMode;
  quietHours: boolean;
  /** The person's business calendar (null: 24/7, so quiet hours hold nothing back). */
  calendar: BusinessCalendar | null;
  /** The organisation's zone, for digest boundaries when there is no calendar. */
  timeZone: string;
}

export function nextSendAt(t: SendTiming): Date {
  let at = t.now.getTime();
  if (t.lastStartedAt) at = Math.max(at, t.lastStartedAt.getTime() + NOTIFICATION_THROTTLE_SECONDS * 1000);
  const zone = t.calendar?.timeZone ?? t.timeZone;
  if (t.digest === 'hourly') {
    at = Math.max(at, DateTime.fromMillis(t.now.getTime(), { zone }).startOf('hour').plus({ hours: 1 }).toMillis());
  } else if (t.digest === 'daily') {
    const today = DateTime.fromMillis(t.now.getTime(), { zone }).startOf('day').set({ hour: DAILY_DIGEST_HOUR });
    const next = today.toMillis() > t.now.getTime() ? today : today.plus({ days: 1 });
    at = Math.max(at, next.toMillis());
  }
  if (t.quietHours && t.calendar) {
    try {
      at = nextWorkingTime(t.calendar, new Date(at)).getTime();
    } catch (err) {
      // A calendar with no working time ahead holds nothing back rather than holding it forever.
      if (!(err instanceof NoWorkingTimeError)) throw err;
    }
  }
  return new Date(at);
}
