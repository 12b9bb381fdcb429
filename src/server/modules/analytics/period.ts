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

/** Whole local days [from, to) (`YYYY-MM-DD`). */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * The rollup rows that cover a plan's whole days: whole months as month rows, the rest as day rows — or, in
 * `rating_rollups` (`weeks`: it keeps Monday weeks too, migration 0035), as the whole weeks inside each partial month
 * plus the days at either side. Partial months are split at month starts so that no week row crosses a month (a read
 * grouped by month keys a row by its bucket). Grouped by day: days only; by week: whole weeks and the edge days.
 */
export function rowRanges(
  plan: BucketPlan,
  grouping: 'day' | 'week' | 'month' | null,
  weeks: boolean,
): { months: DayRange[]; weeks: DayRange[]; days: DayRange[] } {
  const out = { months: [] as DayRange[], weeks: [] as DayRange[], days: [] as DayRange[] };
  const split = (r: DayRange) => {
    if (r.from >= r.to) return;
    const first = weekOf(r.from) === r.from ? r.from : addDays(weekOf(r.from), 7);
    const last = weekOf(r.to);
    if (!weeks || first >= last) {
      out.days.push(r);
      return;
    }
    out.weeks.push({ from: first, to: last });
    if (r.from < first) out.days.push({ from: r.from, to: first });
    if (last < r.to) out.days.push({ from: last, to: r.to });
  };
  const bounded = plan.dayFrom !== LOW && plan.dayTo !== HIGH;
  if (grouping === 'day' || grouping === 'week') {
    if (grouping === 'week' && bounded) split({ from: plan.dayFrom, to: plan.dayTo });
    else if (plan.dayFrom < plan.dayTo) out.days.push({ from: plan.dayFrom, to: plan.dayTo });
    return out;
  }
  if (plan.monthFrom < plan.monthTo) out.months.push({ from: plan.monthFrom, to: plan.monthTo });
  for (const r of [
    { from: plan.dayFrom, to: plan.monthFrom },
    { from: plan.monthTo, to: plan.dayTo },
  ]) {
    if (!weeks) {
      if (r.from < r.to) out.days.push(r);
      continue;
    }
    // Finite here: an open end lies inside the month range.
    for (let from = r.from; from < r.to; ) {
      const to = nextMonth(from) < r.to ? nextMonth(from) : r.to;
      split({ from, to });
      from = to;
    }
  }
  return out;
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
