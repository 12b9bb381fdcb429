/**
 * Local days in the organisation's time zone (IANA), without a date library: Intl gives the wall-clock parts of an
 * instant; a local midnight is found by correcting a UTC guess with the zone's offset (twice, across a DST change).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClockMs(timeZone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). Seconds are dropped. */
export function offsetMs(timeZone: string, ms: number): number {
  return wallClockMs(timeZone, ms) - Math.floor(ms / 1000) * 1000;
}

/** The local date `YYYY-MM-DD` of an instant. */
export function localDay(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(timeZone, instant.getTime())).toISOString().slice(0, 10);
}

/** The instant of a local date's midnight (00:00 local time, or the first instant after it in a DST gap). */
export function localMidnight(day: string, timeZone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  const first = guess - offsetMs(timeZone, guess);
  // Across a DST change the offset at the guess differs from the offset at the result: correct once more.
  return new Date(guess - offsetMs(timeZone, first));
}

/** `YYYY-MM-DD` + n days (calendar arithmetic, zone-free). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The first day of the day's month. */
export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/** The first day of the next month. */
export function nextMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The Monday on or before the day (weeks start on Monday, local). */
export function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}
