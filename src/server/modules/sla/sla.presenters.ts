/** Calendars and policies as the API shows them (no I/O). */
import type { businessCalendarDays, businessCalendars, slaPolicies } from '../../db/schema/sla.js';
import type { CalendarView, PolicyView } from './sla.schemas.js';

export function presentCalendar(
  row: typeof businessCalendars.$inferSelect,
  days: (typeof businessCalendarDays.$inferSelect)[],
  departmentIds: string[],
  organisationTimeZone: string,
): CalendarView {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    effectiveTimeZone: row.timeZone ?? organisationTimeZone,
    weekly: row.weekly,
    isDefault: row.isDefault,
    departmentIds: [...departmentIds].sort(),
    days: days.map((d) => ({ date: d.day, working: d.working, periods: d.periods ?? null, name: d.name })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentPolicy(row: typeof slaPolicies.$inferSelect): PolicyView {
  return {
    id: row.id,
    name: row.name,
    firstContactMinutes: row.firstContactMinutes,
    resolutionMinutes: row.resolutionMinutes,
    warnBeforeMinutes: row.warnBeforeMinutes,
    hours: row.hours,
    calendarId: row.calendarId,
    pausedStatuses: row.pausedStatuses,
    breachActions: row.breachActions,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
