import { z } from 'zod';
import { coded } from '../../../common/error-codes.js';
import { PAUSABLE_CASE_STATUSES, SLA_BREACH_ACTIONS, SLA_HOURS } from '../../../common/sla.js';
import { instantParam, MAX_YEAR, MIN_YEAR } from '../../http/dates.js';
import { isTimeZone } from '../settings/settings.service.js';

const TIME = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const periodSchema = z.object({
  start: z.string().regex(TIME, coded('invalid_time', 'must be HH:mm')).describe('Start, local `HH:mm`.'),
  end: z
    .string()
    .regex(TIME, coded('invalid_time', 'must be HH:mm'))
    .describe('End, local `HH:mm`; `24:00` ends the day.'),
});

/** A day's periods: each ends after it starts, in order, not overlapping (touching is fine). */
export const periodsSchema = z
  .array(periodSchema)
  .max(6)
  .superRefine((periods, ctx) => {
    let previousEnd = -1;
    for (const [i, p] of periods.entries()) {
      const start = minutesOf(p.start);
      const end = minutesOf(p.end);
      if (end <= start || start < previousEnd) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: 'working periods must be in order and must not overlap',
          params: { errorCode: 'periods_overlap' },
        });
        return;
      }
      previousEnd = end;
    }
  })
  .describe('Working periods of a day, in order (e.g. 09:00–12:00 and 13:30–18:00 for a lunch break).');

const weeklySchema = z
  .array(periodsSchema)
  .length(7)
  .refine((days) => days.some((d) => d.length > 0), coded('no_working_time', 'the week has no working time'))
  .describe('Seven lists of working periods, Monday first; an empty list is a day off.');

export const isoDate = z.iso
  .date()
  .refine(
    (d) => Number(d.slice(0, 4)) >= MIN_YEAR && Number(d.slice(0, 4)) <= MAX_YEAR,
    `must be between ${MIN_YEAR} and ${MAX_YEAR}`,
  )
  .describe('A local date, `YYYY-MM-DD`.');

export const calendarDaySchema = z.object({
  date: z.string().describe('The local date, `YYYY-MM-DD`.'),
  working: z.boolean().describe('false: a holiday; true: a make-up working day (调休).'),
  periods: z.array(periodSchema).nullable().describe("A working day's periods; null = a standard working day's."),
  name: z.string().nullable().describe('What the day is, e.g. 国庆节.'),
});

export const calendarSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string().nullable().describe("IANA time zone; null = the organisation's."),
  effectiveTimeZone: z.string().describe('The zone the periods are read in now.'),
  weekly: z.array(z.array(periodSchema)).describe('Working periods of each weekday, Monday first.'),
  isDefault: z.boolean().describe("The organisation's calendar (used where a department has none of its own)."),
  departmentIds: z.array(z.string()).describe('Departments (and their subtrees) that use this calendar.'),
  days: z.array(calendarDaySchema).describe('Holidays and make-up working days, by date.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CalendarView = z.infer<typeof calendarSchema>;

const calendarFields = {
  name: z.string().trim().min(1).max(100),
  timeZone: z.string().refine(isTimeZone, coded('invalid_time_zone', 'is not an IANA time zone')).nullable(),
  weekly: weeklySchema,
  isDefault: z.literal(true).describe("Make this the organisation's calendar (the previous default stops being it)."),
  departmentIds: z.array(z.uuid()).max(500).describe('Departments that use this calendar (replaces the list).'),
};
export const createCalendarBody = z.object({
  name: calendarFields.name,
  timeZone: calendarFields.timeZone.optional(),
  weekly: calendarFields.weekly,
  isDefault: calendarFields.isDefault.optional(),
  departmentIds: calendarFields.departmentIds.optional(),
});
export const updateCalendarBody = createCalendarBody.partial();
export type CreateCalendarInput = z.infer<typeof createCalendarBody>;
export type UpdateCalendarInput = z.infer<typeof updateCalendarBody>;

export const calendarDayParams = z.object({ id: z.uuid(), date: isoDate });
export const putCalendarDayBody = z.object({
  working: z.boolean().describe('false: a holiday; true: a make-up working day (调休).'),
  periods: periodsSchema.nullable().optional().describe('Only for a working day; omitted = a standard working day.'),
  name: z.string().trim().max(100).nullable().optional(),
});
export type PutCalendarDayInput = z.infer<typeof putCalendarDayBody>;

export const dueQuery = z.object({
  from: instantParam().describe('The instant the clock starts.'),
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 365)
    .describe('Working minutes to add.'),
});
export const dueSchema = z.object({ due: z.string().describe('When that much working time is used up.') });

// ---- SLA policies ---------------------------------------------------------------------------------------------------

export const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  firstContactMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
  warnBeforeMinutes: z.number().int().describe("A warning this many minutes (of the policy's time) before a breach."),
  hours: z.enum(SLA_HOURS).describe('`business`: working time of a calendar; `always`: 24/7.'),
  calendarId: z
    .string()
    .nullable()
    .describe("The calendar for `business`; null = the case's department's, else the organisation's (24/7 when none)."),
  pausedStatuses: z.array(z.enum(PAUSABLE_CASE_STATUSES)).describe('Case statuses that pause the clock.'),
  breachActions: z.array(z.object({ kind: z.enum(SLA_BREACH_ACTIONS) })),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PolicyView = z.infer<typeof policySchema>;

const minutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 90);
const policyObject = z.object({
  name: z.string().trim().min(1).max(100),
  firstContactMinutes: minutes,
  resolutionMinutes: minutes,
  warnBeforeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 7)
    .optional(),
  hours: z.enum(SLA_HOURS).optional(),
  calendarId: z.uuid().nullable().optional(),
  pausedStatuses: z.array(z.enum(PAUSABLE_CASE_STATUSES)).max(3).optional(),
  breachActions: z
    .array(z.object({ kind: z.enum(SLA_BREACH_ACTIONS) }))
    .max(3)
    .optional(),
  isDefault: z.literal(true).optional(),
});
const targetsInOrder = (p: { firstContactMinutes?: number; resolutionMinutes?: number }) =>
  p.firstContactMinutes === undefined ||
  p.resolutionMinutes === undefined ||
  p.resolutionMinutes >= p.firstContactMinutes;
const targetOrder = {
  path: ['resolutionMinutes'],
  ...coded('target_order', 'must be at least the first-contact target'),
};
export const createPolicyBody = policyObject.refine(targetsInOrder, targetOrder);
export const updatePolicyBody = policyObject.partial().refine(targetsInOrder, targetOrder);
export type CreatePolicyInput = z.infer<typeof createPolicyBody>;
export type UpdatePolicyInput = z.infer<typeof updatePolicyBody>;
