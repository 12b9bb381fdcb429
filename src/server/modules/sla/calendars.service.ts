/**
 * Business calendars (issue 17): CRUD for the editor, and `calendarForDepartment` — the calendar an SLA clock counts
 * in: the department's own, else the nearest ancestor's, else the organisation's default, else none (24/7).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { readAll } from '../../db/reads.js';
import { businessCalendarDays, businessCalendars, departmentCalendars } from '../../db/schema/sla.js';
import type { Actor } from '../../http/principal.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { departmentAncestors } from '../org/departments.service.js';
import { departmentKinds } from '../org/lookups.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { type BusinessCalendar, makeUpPeriods, type WorkingPeriod } from './business-time.js';
import { presentCalendar } from './sla.presenters.js';
import type { CalendarView, CreateCalendarInput, PutCalendarDayInput, UpdateCalendarInput } from './sla.schemas.js';

type CalendarRow = typeof businessCalendars.$inferSelect;

async function viewOf(db: DbOrTx, row: CalendarRow, organisationTimeZone?: string): Promise<CalendarView> {
  const [days, departments, timeZone] = await readAll(db, [
    () =>
      db
        .select()
        .from(businessCalendarDays)
        .where(eq(businessCalendarDays.calendarId, row.id))
        .orderBy(asc(businessCalendarDays.day)),
    () =>
      db
        .select({ id: departmentCalendars.departmentId })
        .from(departmentCalendars)
        .where(eq(departmentCalendars.calendarId, row.id)),
    async () => organisationTimeZone ?? (await getOrganisationProfile(db)).timeZone,
  ]);
  return presentCalendar(
    row,
    days,
    departments.map((d) => d.id),
    timeZone,
  );
}

async function rowOf(db: DbOrTx, id: string): Promise<CalendarRow> {
  const [row] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, id));
  if (!row) throw notFound('Business calendar', id);
  return row;
}

export async function listCalendars(db: DbOrTx): Promise<CalendarView[]> {
  const [rows, profile] = await readAll(db, [
    () => db.select().from(businessCalendars).orderBy(asc(businessCalendars.createdAt), asc(businessCalendars.id)),
    () => getOrganisationProfile(db),
  ]);
  return readAll(
    db,
    rows.map((r) => () => viewOf(db, r, profile.timeZone)),
  );
}

export async function getCalendar(db: DbOrTx, id: string): Promise<CalendarView> {
  return viewOf(db, await rowOf(db, id));
}

async function assertDepartments(tx: DbOrTx, ids: string[]) {
  const known = await departmentKinds(tx, ids);
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw fieldError(`departmentIds.${missing}`, 'not_found', 'is not a department');
}

/** Only one default: the previous one stops being it. */
async function takeDefault(tx: DbOrTx, id: string) {
  await tx.update(businessCalendars).set({ isDefault: false }).where(eq(businessCalendars.isDefault, true));
  await tx.update(businessCalendars).set({ isDefault: true }).where(eq(businessCalendars.id, id));
}

/** The departments listed use this calendar (moved from any other); those no longer listed lose it. */
async function assignDepartments(tx: DbOrTx, calendarId: string, ids: string[]) {
  await assertDepartments(tx, ids);
  await tx.delete(departmentCalendars).where(eq(departmentCalendars.calendarId, calendarId));
  if (ids.length === 0) return;
  await tx.delete(departmentCalendars).where(inArray(departmentCalendars.departmentId, ids));
  await tx.insert(departmentCalendars).values([...new Set(ids)].map((departmentId) => ({ departmentId, calendarId })));
}

export async function createCalendar(db: Db, actor: Actor, input: CreateCalendarInput): Promise<CalendarView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(businessCalendars)
      .values({ name: input.name, timeZone: input.timeZone ?? null, weekly: input.weekly })
      .returning();
    if (input.isDefault) await takeDefault(tx, row!.id);
    if (input.departmentIds) await assignDepartments(tx, row!.id, input.departmentIds);
    const after = await getCalendar(tx, row!.id);
    if (input.isDefault || input.departmentIds?.length) await recordCalendarChange(tx, actor, after.id);
    await recordAudit(tx, actor, {
      action: 'calendar.created',
      entityType: 'business_calendar',
      entityId: after.id,
      after,
    });
    return after;
  });
}

export async function updateCalendar(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateCalendarInput,
): Promise<CalendarView> {
  return db.transaction(async (tx) => {
    const before = await getCalendar(tx, id);
    await tx
      .update(businessCalendars)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
        ...(input.weekly !== undefined && { weekly: input.weekly }),
        updatedAt: new Date(),
      })
      .where(eq(businessCalendars.id, id));
    if (input.isDefault) await takeDefault(tx, id);
    if (input.departmentIds) await assignDepartments(tx, id, input.departmentIds);
    const after = await getCalendar(tx, id);
    await recordCalendarChange(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'calendar.updated',
      entityType: 'business_calendar',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteCalendar(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getCalendar(tx, id);
    if (before.isDefault) {
      throw conflict(
        "The organisation's default calendar cannot be deleted; make another calendar the default first.",
        'default-in-use',
      );
    }
    await tx.delete(businessCalendars).where(eq(businessCalendars.id, id));
    await recordCalendarChange(tx, actor, id);
    await recordAudit(tx, actor, { action: 'calendar.deleted', entityType: 'business_calendar', entityId: id, before });
  });
}

/**
 * `sla.calendar_changed`, in the change's transaction: the cases module moves the due times of open cases that
 * count in this calendar, keeping the time used (`cases/sla-changes.processor.ts`).
 */
async function recordCalendarChange(tx: DbOrTx, actor: Actor, calendarId: string) {
  await recordEvent(tx, actor, {
    type: 'sla.calendar_changed',
    subjectType: 'business_calendar',
    subjectId: calendarId,
    data: { calendarId },
  });
}

/** Sets one date's exception (a holiday or a make-up working day). */
export async function putCalendarDay(
  db: Db,
  actor: Actor,
  id: string,
  date: string,
  input: PutCalendarDayInput,
): Promise<CalendarView> {
  return db.transaction(async (tx) => {
    await rowOf(tx, id);
    const values = {
      working: input.working,
      periods: input.working ? (input.periods ?? null) : null,
      name: input.name ?? null,
    };
    await tx
      .insert(businessCalendarDays)
      .values({ calendarId: id, day: date, ...values })
      .onConflictDoUpdate({ target: [businessCalendarDays.calendarId, businessCalendarDays.day], set: values });
    await recordCalendarChange(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'calendar.day_set',
      entityType: 'business_calendar',
      entityId: id,
      after: { date, ...values },
    });
    return getCalendar(tx, id);
  });
}

export async function deleteCalendarDay(db: Db, actor: Actor, id: string, date: string): Promise<CalendarView> {
  return db.transaction(async (tx) => {
    await rowOf(tx, id);
    const removed = await tx
      .delete(businessCalendarDays)
      .where(and(eq(businessCalendarDays.calendarId, id), eq(businessCalendarDays.day, date)))
      .returning();
    if (removed.length === 0) throw notFound('Calendar day', date);
    await recordCalendarChange(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'calendar.day_removed',
      entityType: 'business_calendar',
      entityId: id,
      before: removed[0],
    });
    return getCalendar(tx, id);
  });
}

/** The calendar as the arithmetic reads it (its zone resolved, make-up days with their periods). */
export function toBusinessCalendar(view: CalendarView): BusinessCalendar {
  const standard = makeUpPeriods(view.weekly);
  const exceptions = new Map<string, readonly WorkingPeriod[]>(
    view.days.map((d) => [d.date, d.working ? (d.periods ?? standard) : []]),
  );
  return { timeZone: view.effectiveTimeZone, weekly: view.weekly, exceptions };
}

export async function loadBusinessCalendar(db: DbOrTx, id: string): Promise<BusinessCalendar> {
  return toBusinessCalendar(await getCalendar(db, id));
}

/**
 * The calendar a department's SLA clocks count in: its own, else the nearest ancestor's, else the organisation's
 * default; null (24/7) when there is none. A null department (a work order without one) gets the default.
 */
export async function calendarForDepartment(db: DbOrTx, departmentId: string | null): Promise<BusinessCalendar | null> {
  const chain = departmentId ? await departmentAncestors(db, departmentId) : [];
  if (chain.length > 0) {
    const own = await db.select().from(departmentCalendars).where(inArray(departmentCalendars.departmentId, chain));
    const byDepartment = new Map(own.map((r) => [r.departmentId, r.calendarId]));
    const nearest = chain.map((d) => byDepartment.get(d)).find((c) => c !== undefined);
    if (nearest) return loadBusinessCalendar(db, nearest);
  }
  const [fallback] = await db.select().from(businessCalendars).where(eq(businessCalendars.isDefault, true));
  return fallback ? toBusinessCalendar(await viewOf(db, fallback)) : null;
}
