import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { PAUSABLE_CASE_STATUSES, SLA_HOURS, type SlaBreachAction } from '../../../common/sla.js';
import { departments } from './org.js';

/** `HH:mm`–`HH:mm` of a local day (`24:00` ends the day). */
export interface StoredPeriod {
  start: string;
  end: string;
}

/**
 * A business calendar (issue 17): the working periods of each weekday (Monday first; several a day for a lunch
 * break), in its time zone (null: the organisation's). The default calendar is the organisation's; a region or any
 * department may have its own (`department_calendars`, found by walking up the tree).
 */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    timeZone: text('time_zone'),
    weekly: jsonb('weekly').$type<StoredPeriod[][]>().notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('business_calendars_default_uq').on(t.isDefault).where(sql`${t.isDefault}`)],
);

/**
 * A date that differs from the calendar's week: a holiday (`working = false`) or a make-up working day (调休,
 * `working = true`; `periods` null = a standard working day's periods).
 */
export const businessCalendarDays = pgTable(
  'business_calendar_days',
  {
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => businessCalendars.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    working: boolean('working').notNull(),
    periods: jsonb('periods').$type<StoredPeriod[]>(),
    name: text('name'),
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.day] })],
);

/** A department's own calendar (a region's, usually); its subtree uses it unless a lower department has one. */
export const departmentCalendars = pgTable('department_calendars', {
  departmentId: uuid('department_id')
    .primaryKey()
    .references(() => departments.id, { onDelete: 'cascade' }),
  calendarId: uuid('calendar_id')
    .notNull()
    .references(() => businessCalendars.id, { onDelete: 'cascade' }),
});

/**
 * An SLA policy: first-contact and resolution targets in minutes of working time (`hours = 'business'`, on the
 * calendar named here or, when null, the case's department's calendar, else the organisation's, else 24/7) or of
 * plain time (`always`); a warning before breach; the statuses that pause the clock; what a breach does.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    firstContactMinutes: integer('first_contact_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    warnBeforeMinutes: integer('warn_before_minutes').notNull().default(30),
    hours: text('hours', { enum: SLA_HOURS }).notNull().default('business'),
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'set null' }),
    pausedStatuses: text('paused_statuses', { enum: PAUSABLE_CASE_STATUSES })
      .array()
      .notNull()
      .default(sql`'{waiting_customer}'::text[]`),
    breachActions: jsonb('breach_actions')
      .$type<{ kind: SlaBreachAction }[]>()
      .notNull()
      .default(sql`'[{"kind":"escalate"}]'::jsonb`),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sla_policies_default_uq').on(t.isDefault).where(sql`${t.isDefault}`)],
);
