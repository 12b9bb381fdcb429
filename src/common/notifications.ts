/**
 * Staff notifications (issue 17, PRODUCT.md "Closed loop"): what a supervisor is told about, and how. Shared by the
 * server (which files and sends them) and the console (inbox, preferences).
 */

/** The events a person can be told about; each comes from a domain event naming them in `data.notify`. */
export const NOTIFICATION_KINDS = [
  'alert',
  'case_opened',
  'case_warning',
  'case_breached',
  'case_escalated',
  'case_reassigned',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Channels a notification may also go out by (the console inbox always gets it). */
export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** `off`: each message as soon as allowed; `hourly` / `daily`: one message collecting everything since the last. */
export const DIGEST_MODES = ['off', 'hourly', 'daily'] as const;
export type DigestMode = (typeof DIGEST_MODES)[number];

/** Never more than one message per person and channel within this many seconds: later ones join the next message. */
export const NOTIFICATION_THROTTLE_SECONDS = 60;

/** The hour (organisation time) a daily digest goes out, moved to the next working time when quiet hours apply. */
export const DAILY_DIGEST_HOUR = 9;
