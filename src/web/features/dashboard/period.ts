/**
 * The dashboard's periods as the analytics API takes them: `from` inclusive, `to` exclusive, each a local calendar
 * day `YYYY-MM-DD` of the organisation's time zone (the server turns it into local midnight) or an ISO instant (a
 * pasted link may carry one). Presets end with today, so no future day is drawn and the previous period of the same
 * length (the summary's `previous`) is directly comparable. Pure functions: no clock, no time zone of the browser (`todayIn` takes both).
 */

export const PERIOD_PRESETS = ['today', 'week', 'month', 'last30', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface Range {
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export const isDay = (value: string) => DAY.test(value);

const toUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * DAY_MS);
}

export function addMonths(day: string, months: number): string {
  const date = new Date(toUtc(day));
  date.setUTCMonth(date.getUTCMonth() + months);
  return fromUtc(date.getTime());
}

/** The Monday on or before `day` (the server's weeks start on Monday, local). */
export function mondayOf(day: string): string {
  const weekday = new Date(toUtc(day)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

export const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;

/** Whole days from `from` to `to` (both days). */
export const daysBetween = (from: string, to: string) => Math.round((toUtc(to) - toUtc(from)) / DAY_MS);

/** Today's calendar day in `timeZone` (the organisation's), at `now`. */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  try {
    // en-CA formats as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      now,
    );
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  }
}

/** A preset's days, ending with today (`to` = tomorrow, exclusive). */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, today: string): Range {
  const to = addDays(today, 1);
  switch (preset) {
    case 'today':
      return { from: today, to };
    case 'week':
      return { from: mondayOf(today), to };
    case 'month':
      return { from: firstOfMonth(today), to };
    case 'last30':
      return { from: addDays(today, -29), to };
  }
}

/**
 * The period shown: the URL's `from`/`to` when the period is `custom` or not named (a drill-down link carries only
 * `from`/`to`), else the preset's days (`last30` without either).
 */
export function resolveRange(
  period: PeriodPreset | undefined,
  from: string | undefined,
  to: string | undefined,
  today: string,
): Range {
  if (from && to && (period === 'custom' || period === undefined)) return { from, to };
  return presetRange(period === undefined || period === 'custom' ? 'last30' : period, today);
}

/** The preset the period bar shows as picked. */
export function effectivePreset(period: PeriodPreset | undefined, from?: string, to?: string): PeriodPreset {
  if (period) return period === 'custom' && !(from && to) ? 'last30' : period;
  return from && to ? 'custom' : 'last30';
}

/** The length of a range in days (instants: rounded up), for the automatic granularity. */
function lengthInDays(range: Range): number {
  if (isDay(range.from) && isDay(range.to)) return daysBetween(range.from, range.to);
  return Math.ceil((Date.parse(range.to) - Date.parse(range.from)) / DAY_MS);
}

/** ≤ 31 days → day, ≤ 6 months → week, else month. */
export function autoGranularity(range: Range): Granularity {
  const days = lengthInDays(range);
  if (days <= 31) return 'day';
  const sixMonths = isDay(range.from) ? daysBetween(range.from, addMonths(range.from, 6)) : 184;
  return days <= sixMonths ? 'week' : 'month';
}

/** The first day after the bucket that starts on `start`. */
export function bucketEnd(start: string, granularity: Granularity): string {
  if (granularity === 'day') return addDays(start, 1);
  if (granularity === 'week') return addDays(start, 7);
  return addMonths(start, 1);
}

/**
 * The days a trend point covers, cut to the period shown (a week or month bucket may start before `from` or end
 * after `to`): what its drill-down link filters on, so the list counts exactly the point's ratings.
 */
export function bucketRange(start: string, granularity: Granularity, period: Range): Range {
  const day = start.slice(0, 10);
  const end = bucketEnd(day, granularity);
  const later = (a: string, b: string) => (compare(a, b) >= 0 ? a : b);
  const earlier = (a: string, b: string) => (compare(a, b) <= 0 ? a : b);
  return { from: later(day, period.from), to: earlier(end, period.to) };
}

/** Orders two bounds, days or instants (a day as its UTC midnight: only used when both are days). */
function compare(a: string, b: string): number {
  const value = (v: string) => (isDay(v) ? toUtc(v) : Date.parse(v));
  return value(a) - value(b);
}
