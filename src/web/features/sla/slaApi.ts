import { useQuery } from '@tanstack/react-query';
import { PAUSABLE_CASE_STATUSES, SLA_BREACH_ACTIONS, SLA_HOURS } from '../../../common/sla';
import { allOf, client, type ItemOf, ok, type RequestBody } from '../../api/client';

/** Shapes of `/api/v1/sla-policies` and `/api/v1/business-calendars` (server: modules/sla/sla.schemas.ts). */
export type SlaPolicy = ItemOf<'/sla-policies'>;
export type PolicyBody = RequestBody<'/sla-policies', 'post'>;
export type BusinessCalendar = ItemOf<'/business-calendars'>;
export type CalendarBody = RequestBody<'/business-calendars', 'post'>;
export type Period = BusinessCalendar['weekly'][number][number];
export type CalendarDay = BusinessCalendar['days'][number];
export type DayBody = RequestBody<'/business-calendars/{id}/days/{date}', 'put'>;

export const HOURS = allOf<SlaPolicy['hours']>()(SLA_HOURS);
export const PAUSABLE = allOf<SlaPolicy['pausedStatuses'][number]>()(PAUSABLE_CASE_STATUSES);
export const BREACH_ACTIONS = allOf<SlaPolicy['breachActions'][number]['kind']>()(SLA_BREACH_ACTIONS);

export const slaKeys = {
  all: ['sla'] as const,
  policies: ['sla', 'policies'] as const,
  calendars: ['sla', 'calendars'] as const,
};

export function usePolicies() {
  return useQuery({
    queryKey: slaKeys.policies,
    queryFn: () => ok(client.GET('/sla-policies')),
  });
}

export function useCalendars() {
  return useQuery({
    queryKey: slaKeys.calendars,
    queryFn: () => ok(client.GET('/business-calendars')),
  });
}

/** Monday first, as the API's `weekly`. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A standard Chinese office week: 09:00–12:00 and 13:30–18:00, Monday to Friday (a new calendar's start). */
export const STANDARD_WEEK: Period[][] = WEEKDAYS.map((_, i) =>
  i < 5
    ? [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:00' },
      ]
    : [],
);

const TIME = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * What is wrong with a day's periods, as the server checks it (sla.schemas.ts `periodsSchema`): the field-error
 * code, or null. `invalid_time`: not HH:mm; `periods_overlap`: out of order, empty or overlapping.
 */
export function periodsProblem(periods: readonly Period[]): 'invalid_time' | 'periods_overlap' | null {
  let previousEnd = -1;
  for (const p of periods) {
    if (!TIME.test(p.start) || !TIME.test(p.end)) return 'invalid_time';
    const start = minutesOf(p.start);
    const end = minutesOf(p.end);
    if (end <= start || start < previousEnd) return 'periods_overlap';
    previousEnd = end;
  }
  return null;
}
