import type { ReportCadence } from '../../db/schema/reports.js';
import { addDays, localDay, localMidnight, monthOf, weekOf } from '../analytics/local-time.js';

/** A report's period: whole local days [firstDay, endDay) in the organisation's time zone, and its instants. */
export interface ReportPeriod {
  firstDay: string;
  /** The day after the last one (exclusive), `YYYY-MM-DD`. */
  endDay: string;
  from: Date;
  to: Date;
}

function periodOf(firstDay: string, endDay: string, timeZone: string): ReportPeriod {
  return { firstDay, endDay, from: localMidnight(firstDay, timeZone), to: localMidnight(endDay, timeZone) };
}

/**
 * The last period that has fully ended at `now`: the week Monday–Sunday before this one, or the calendar month
 * before this one — local days of the organisation's zone.
 */
export function lastCompletePeriod(cadence: ReportCadence, now: Date, timeZone: string): ReportPeriod {
  const today = localDay(now, timeZone);
  const endDay = cadence === 'weekly' ? weekOf(today) : monthOf(today);
  return periodBefore(cadence, endDay, timeZone);
}

/** The period (of the cadence) that ends at the local day `endDay`: the previous week or month, for deltas. */
export function periodBefore(cadence: ReportCadence, endDay: string, timeZone: string): ReportPeriod {
  const firstDay = cadence === 'weekly' ? addDays(endDay, -7) : monthOf(addDays(endDay, -1));
  return periodOf(firstDay, endDay, timeZone);
}

/** The period as the API shows it (last day inclusive). */
export function presentPeriod(p: ReportPeriod) {
  return {
    from: p.from.toISOString(),
    to: p.to.toISOString(),
    firstDay: p.firstDay,
    lastDay: addDays(p.endDay, -1),
  };
}
