import { addDays, localDay, localMidnight, monthOf, nextMonth, weekOf } from './local-time.js';

/** A half-open instant range [from, to); null = unbounded. */
export interface Period {
  from: Date | null;
  to: Date | null;
}

/**
 * How a period splits into rollup buckets: whole local months [monthFrom, monthTo), whole local days
 * [dayFrom, monthFrom) ∪ [monthTo, dayTo), and partial-day edges (instant bounds not at local midnight) that only the
 * fact rows can answer. Days and months are `YYYY-MM-DD`; `-infinity` / `infinity` stand for an open end.
 */
export interface BucketPlan {
  dayFrom: string;
  dayTo: string;
  monthFrom: string;
  monthTo: string;
  edges: Period[];
}

const LOW = '-infinity';
const HIGH = 'infinity';

export function planBuckets(period: Period, timeZone: string): BucketPlan {
  const edges: Period[] = [];
  let dayFrom = LOW;
  let dayTo = HIGH;
  if (period.from) {
    dayFrom = localDay(period.from, timeZone);
    if (localMidnight(dayFrom, timeZone).getTime() < period.from.getTime()) dayFrom = addDays(dayFrom, 1);
  }
  if (period.to) dayTo = localDay(period.to, timeZone);
  if (period.from && period.to && dayFrom >= dayTo) {
    // Inside one local day (or across one midnight without a whole day): facts only.
    return { dayFrom: dayTo, dayTo, monthFrom: dayTo, monthTo: dayTo, edges: [period] };
  }
  if (period.from) {
    const midnight = localMidnight(dayFrom, timeZone);
    if (period.from < midnight) edges.push({ from: period.from, to: midnight });
  }
  if (period.to) {
    const midnight = localMidnight(dayTo, timeZone);
    if (midnight < period.to) edges.push({ from: midnight, to: period.to });
  }
  let monthFrom = dayFrom === LOW ? LOW : monthOf(dayFrom) === dayFrom ? dayFrom : nextMonth(dayFrom);
  let monthTo = dayTo === HIGH ? HIGH : monthOf(dayTo);
  if (monthFrom !== LOW && monthTo !== HIGH && monthFrom >= monthTo) {
    monthFrom = dayTo;
    monthTo = dayTo;
  }
  return { dayFrom, dayTo, monthFrom, monthTo, edges };
}

/** The first local day of the bucket a day falls in. */
export function bucketOf(day: string, granularity: 'day' | 'week' | 'month'): string {
  if (granularity === 'week') return weekOf(day);
  if (granularity === 'month') return monthOf(day);
  return day;
}

/** Every bucket of a bounded period, each with its instant range clipped to the period. */
export function bucketsOf(
  period: { from: Date; to: Date },
  granularity: 'day' | 'week' | 'month',
  timeZone: string,
): { bucket: string; from: Date; to: Date }[] {
  const out: { bucket: string; from: Date; to: Date }[] = [];
  let bucket = bucketOf(localDay(period.from, timeZone), granularity);
  for (;;) {
    const start = localMidnight(bucket, timeZone);
    if (start >= period.to) break;
    const next =
      granularity === 'day' ? addDays(bucket, 1) : granularity === 'week' ? addDays(bucket, 7) : nextMonth(bucket);
    const end = localMidnight(next, timeZone);
    out.push({
      bucket,
      from: start < period.from ? period.from : start,
      to: end > period.to ? period.to : end,
    });
    bucket = next;
  }
  return out;
}
