import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, DbOrTx } from '../../db/client.js';
import {
  type ReportLanguage,
  type ReportRecipient,
  reportSchedules,
  reportSendRecipients,
  reportSends,
} from '../../db/schema/reports.js';
import type { Actor } from '../../http/principal.js';
import { type FieldError, fieldErrors, issue, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { sendWithConfig } from '../channels/runtime.js';
import { withSendSlot } from '../channels/send-slots.js';
import { configFor } from '../delivery/compose.js';
import { departmentKinds, employeeContacts, existingEmployeeIds, serviceTypeActive } from '../org/lookups.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { lastCompletePeriod, presentPeriod } from './periods.js';
import { presentSchedule, presentSend } from './reports.presenter.js';
import type {
  CreateReportScheduleInput,
  PreviewView,
  ReportFiltersInput,
  UpdateReportScheduleInput,
} from './reports.schemas.js';
import { reportRenderer } from './sending.js';

/** The references a schedule names must exist: its department, service type and employees (400 naming each). */
async function checkReferences(
  db: DbOrTx,
  input: { filters?: ReportFiltersInput; recipients?: ReportRecipient[] },
): Promise<void> {
  const errors: FieldError[] = [];
  const { departmentId, serviceTypeId } = input.filters ?? {};
  if (departmentId && !(await departmentKinds(db, [departmentId])).has(departmentId))
    errors.push(issue('filters.departmentId', 'not_found', 'no such department'));
  if (serviceTypeId && (await serviceTypeActive(db, serviceTypeId)) === undefined)
    errors.push(issue('filters.serviceTypeId', 'not_found', 'no such service type'));
  const recipients = input.recipients ?? [];
  const ids = recipients.flatMap((r) => (r.kind === 'employee' ? [r.employeeId] : []));
  const known = await existingEmployeeIds(db, ids);
  const seen = new Set<string>();
  recipients.forEach((r, i) => {
    if (r.kind === 'employee' && !known.has(r.employeeId))
      errors.push(issue(`recipients.${i}.employeeId`, 'not_found', 'no such employee'));
    const key = r.kind === 'employee' ? r.employeeId : r.kind === 'role' ? `role:${r.role}` : r.email.toLowerCase();
    if (seen.has(key)) errors.push(issue(`recipients.${i}`, 'duplicate', 'named twice'));
    seen.add(key);
  });
  if (errors.length) throw fieldErrors(errors);
}

const recipientsOf = (input: ReportRecipient[]): ReportRecipient[] =>
  input.map((r) => (r.kind === 'email' ? { ...r, email: r.email.trim().toLowerCase() } : r));

async function lastSends(db: DbOrTx, scheduleIds: string[]) {
  if (scheduleIds.length === 0) return new Map<string, typeof reportSends.$inferSelect>();
  const rows = await db
    .selectDistinctOn([reportSends.scheduleId])
    .from(reportSends)
    .where(inArray(reportSends.scheduleId, scheduleIds))
    .orderBy(reportSends.scheduleId, desc(reportSends.periodStart));
  return new Map(rows.map((r) => [r.scheduleId, r]));
}

async function scheduleRow(db: DbOrTx, id: string) {
  const [row] = await db.select().from(reportSchedules).where(eq(reportSchedules.id, id));
  if (!row) throw notFound('Report schedule', id);
  return row;
}

export async function listReportSchedules(db: Db) {
  const rows = await db.select().from(reportSchedules).orderBy(reportSchedules.createdAt, reportSchedules.id);
  const last = await lastSends(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => presentSchedule(r, last.get(r.id) ?? null)) };
}

export async function getReportSchedule(db: Db, id: string) {
  const row = await scheduleRow(db, id);
  return presentSchedule(row, (await lastSends(db, [id])).get(id) ?? null);
}

const audited = (r: typeof reportSchedules.$inferSelect) => ({
  name: r.name,
  cadence: r.cadence,
  filters: r.filters,
  recipients: r.recipients,
  enabled: r.enabled,
});

export async function createReportSchedule(db: Db, actor: Actor, input: CreateReportScheduleInput) {
  await checkReferences(db, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reportSchedules)
      .values({
        name: input.name,
        cadence: input.cadence,
        filters: input.filters,
        recipients: recipientsOf(input.recipients),
        enabled: input.enabled,
        createdBy: actor.type === 'user' ? actor.id : null,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'report_schedule.created',
      entityType: 'report_schedule',
      entityId: row!.id,
      after: audited(row!),
    });
    return presentSchedule(row!, null);
  });
}

export async function updateReportSchedule(db: Db, actor: Actor, id: string, input: UpdateReportScheduleInput) {
  await checkReferences(db, input);
  return db.transaction(async (tx) => {
    const before = await scheduleRow(tx, id);
    const [row] = await tx
      .update(reportSchedules)
      .set({
        ...input,
        ...(input.recipients ? { recipients: recipientsOf(input.recipients) } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(reportSchedules.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'report_schedule.updated',
      entityType: 'report_schedule',
      entityId: id,
      before: audited(before),
      after: audited(row!),
    });
    return presentSchedule(row!, (await lastSends(tx, [id])).get(id) ?? null);
  });
}

export async function deleteReportSchedule(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await scheduleRow(tx, id);
    await tx.delete(reportSchedules).where(eq(reportSchedules.id, id));
    await recordAudit(tx, actor, {
      action: 'report_schedule.deleted',
      entityType: 'report_schedule',
      entityId: id,
      before: audited(before),
    });
  });
}

/** The schedule's sends, newest period first (at most 100), each with its recipients. */
export async function listReportSends(db: Db, id: string) {
  await scheduleRow(db, id);
  const [sends, { timeZone }] = await Promise.all([
    db
      .select()
      .from(reportSends)
      .where(eq(reportSends.scheduleId, id))
      .orderBy(desc(reportSends.periodStart))
      .limit(100),
    getOrganisationProfile(db),
  ]);
  const recipients =
    sends.length === 0
      ? []
      : await db
          .select()
          .from(reportSendRecipients)
          .where(
            inArray(
              reportSendRecipients.sendId,
              sends.map((s) => s.id),
            ),
          )
          .orderBy(reportSendRecipients.email);
  return {
    items: sends.map((s) =>
      presentSend(
        s,
        recipients.filter((r) => r.sendId === s.id),
        timeZone,
      ),
    ),
  };
}

/**
 * "Send now": the last complete period's report rendered in one language and, when asked, e-mailed to the caller's
 * own address only (never to the schedule's recipients, and no `report_sends` row: the scheduled send still happens).
 */
export async function previewReport(
  env: { db: Db; appSecret: string; log: FastifyBaseLogger; consoleUrl: string; now: () => Date },
  actor: Actor,
  id: string,
  input: { language?: ReportLanguage; email: boolean },
): Promise<PreviewView> {
  const schedule = await scheduleRow(env.db, id);
  const profile = await getOrganisationProfile(env.db);
  const language = input.language ?? profile.defaultLanguage;
  const period = lastCompletePeriod(schedule.cadence, env.now(), profile.timeZone);
  // The caller (an admin or analyst: `reports.manage`) reads it with their own scope.
  const mail = await reportRenderer(env, schedule, period)(language, actor);
  const view = { period: presentPeriod(period), language, ...mail };
  if (!input.email) return { ...view, emailedTo: null, emailError: 'not_requested' };
  const [me] = actor.type === 'user' && actor.id ? await employeeContacts(env.db, [actor.id]) : [];
  const to = me?.email?.trim();
  if (!to) return { ...view, emailedTo: null, emailError: 'no_email_address' };
  const config = await configFor(env.db, 'email');
  if (!config) return { ...view, emailedTo: null, emailError: 'no_email_channel' };
  const result = await withSendSlot(env.db, config, () =>
    sendWithConfig({ db: env.db, appSecret: env.appSecret }, config.id, {
      channel: 'email',
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      idempotencyKey: `report-preview:${id}:${env.now().getTime()}`,
    }),
  );
  return result.ok
    ? { ...view, emailedTo: to, emailError: null }
    : { ...view, emailedTo: null, emailError: result.code };
}
