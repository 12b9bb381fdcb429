import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { permissionsOfRoles, type Role } from '../../../common/roles.js';
import type { Db } from '../../db/client.js';
import { type ReportLanguage, reportSchedules, reportSendRecipients, reportSends } from '../../db/schema/reports.js';
import { type Actor, SYSTEM_ACTOR } from '../../http/principal.js';
import { ProblemError } from '../../http/problem.js';
import { scopeOf } from '../access/scope.js';
import { localDay } from '../analytics/local-time.js';
import { sendWithConfig } from '../channels/runtime.js';
import { withSendSlot } from '../channels/send-slots.js';
import { configFor } from '../delivery/compose.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import type { ReportPeriod } from './periods.js';
import { type ResolvedRecipient, resolveRecipients } from './recipients.js';
import { buildReport } from './report-data.js';
import { type ReportEmail, renderReportEmail, reportLinks } from './report-email.js';

export interface ReportEnv {
  db: Db;
  appSecret: string;
  log: FastifyBaseLogger;
  consoleUrl: string;
  now: () => Date;
}

type ScheduleRow = typeof reportSchedules.$inferSelect;

/**
 * Who reads a recipient's report: an employee reads it as they would read the console — with their roles' permissions
 * and their scope (a supervisor: their departments' figures, teams and drift alerts only); an address typed in by the
 * schedule's manager reads the organisation's figures (narrowed by the schedule's filters). Null: the employee may not
 * read analytics at all (an engineer's own report is their console page, not this e-mail).
 */
export function readerOf(recipient: ResolvedRecipient): Actor | null {
  if (!recipient.reader) return SYSTEM_ACTOR;
  const permissions = permissionsOfRoles(recipient.reader.roles);
  if (!permissions.has('analytics.read')) return null;
  return {
    type: 'user',
    id: recipient.reader.employeeId,
    name: null,
    ip: null,
    permissions,
    roles: recipient.reader.roles as Role[],
  };
}

/** Readers who see the same departments get the same report (and it is built once for all of them). */
async function scopeKey(db: Db, reader: Actor): Promise<string> {
  const scope = await scopeOf(db, reader);
  return scope.kind === 'organisation' ? 'organisation' : [...scope.departmentIds].sort().join(',');
}

/** The report e-mail of a schedule for a period, built and rendered once per language and scope asked for. */
export function reportRenderer(env: ReportEnv, schedule: ScheduleRow, period: ReportPeriod) {
  const rendered = new Map<string, Promise<ReportEmail>>();
  const profile = getOrganisationProfile(env.db);
  return async (language: ReportLanguage, reader: Actor) => {
    const key = `${language}|${await scopeKey(env.db, reader)}`;
    let email = rendered.get(key);
    if (!email) {
      email = profile.then(async (p) => {
        const data = await buildReport(env.db, schedule, period, language, p.timeZone, reader);
        return renderReportEmail(data, reportLinks(data, env.consoleUrl, schedule.filters), p.companyName);
      });
      rendered.set(key, email);
    }
    return email;
  };
}

/**
 * The recipient's e-mail, or null when they may not read it: no analytics permission, or the schedule's department
 * is outside their scope (the analytics services answer it as a missing department, 404).
 */
async function mailFor(render: ReturnType<typeof reportRenderer>, recipient: ResolvedRecipient) {
  const reader = readerOf(recipient);
  if (!reader) return null;
  try {
    return await render(recipient.language, reader);
  } catch (err) {
    if (err instanceof ProblemError && err.status === 404) return null;
    throw err;
  }
}

async function finish(db: Db, sendId: string, values: Partial<typeof reportSends.$inferInsert>, now: Date) {
  await db
    .update(reportSends)
    .set({ ...values, sentAt: now })
    .where(eq(reportSends.id, sendId));
}

/**
 * The `reports.deliver` job's work: e-mails one period's report of a schedule to each of its recipients, in the
 * recipient's language, through the first enabled e-mail channel. Each address is claimed (a `report_send_recipients`
 * row) BEFORE its e-mail goes out, so a retried job never mails anyone twice; a transient failure releases the claim
 * and, while retries are left, fails the job so pg-boss runs it again for the addresses still missing.
 */
export async function deliverReport(
  env: ReportEnv,
  sendId: string,
  attempt: { retryCount: number; retryLimit: number },
): Promise<{ sent: number; failed: number } | null> {
  const [row] = await env.db
    .select({ send: reportSends, schedule: reportSchedules })
    .from(reportSends)
    .innerJoin(reportSchedules, eq(reportSchedules.id, reportSends.scheduleId))
    .where(eq(reportSends.id, sendId));
  if (!row) return null; // the schedule (and its sends) deleted
  if (row.send.status !== 'pending') return null; // finished by an earlier run
  const { send, schedule } = row;
  const profile = await getOrganisationProfile(env.db);
  const recipients = await resolveRecipients(env.db, schedule.recipients, profile.defaultLanguage);
  if (recipients.length === 0) {
    await finish(env.db, send.id, { status: 'failed', error: 'no_recipients' }, env.now());
    return { sent: 0, failed: 0 };
  }
  const config = await configFor(env.db, 'email');
  if (!config) {
    env.log.warn({ scheduleId: schedule.id }, 'scheduled report not sent: no e-mail channel is configured');
    await finish(
      env.db,
      send.id,
      { status: 'failed', error: 'no_email_channel', recipientsCount: recipients.length },
      env.now(),
    );
    return { sent: 0, failed: 0 };
  }
  const period: ReportPeriod = {
    from: send.periodStart,
    to: send.periodEnd,
    firstDay: localDay(send.periodStart, profile.timeZone),
    endDay: localDay(send.periodEnd, profile.timeZone),
  };
  const render = reportRenderer(env, schedule, period);
  const lastAttempt = attempt.retryCount >= attempt.retryLimit;
  let retry = false;
  for (const r of recipients) {
    const [claimed] = await env.db
      .insert(reportSendRecipients)
      .values({ sendId: send.id, email: r.email, language: r.language })
      .onConflictDoNothing()
      .returning({ email: reportSendRecipients.email });
    if (!claimed) continue; // mailed (or being mailed) by an earlier run of this job
    const mine = and(eq(reportSendRecipients.sendId, send.id), eq(reportSendRecipients.email, r.email));
    const mail = await mailFor(render, r);
    if (!mail) {
      await env.db
        .update(reportSendRecipients)
        .set({ status: 'failed', errorCode: 'no_analytics_access', finishedAt: sql`now()` })
        .where(mine);
      env.log.warn({ sendId: send.id, to: r.email }, 'scheduled report not sent: the recipient may not read it');
      continue;
    }
    const result = await withSendSlot(env.db, config, () =>
      sendWithConfig({ db: env.db, appSecret: env.appSecret }, config.id, {
        channel: 'email',
        to: r.email,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        idempotencyKey: `report:${send.id}:${r.email}`,
      }),
    );
    if (!result.ok && result.kind === 'transient' && !lastAttempt) {
      // Not accepted by the server: the next run may try this address again.
      await env.db.delete(reportSendRecipients).where(mine);
      retry = true;
      continue;
    }
    await env.db
      .update(reportSendRecipients)
      .set({
        status: result.ok ? 'succeeded' : 'failed',
        errorCode: result.ok ? null : result.code,
        finishedAt: sql`now()`,
      })
      .where(mine);
    if (!result.ok) env.log.warn({ sendId: send.id, to: r.email, code: result.code }, 'scheduled report e-mail failed');
  }
  if (retry) throw new Error('scheduled report: a transient e-mail failure, retrying the remaining recipients');
  const counts = await env.db
    .select({
      status: reportSendRecipients.status,
      errorCode: reportSendRecipients.errorCode,
      n: sql<number>`count(*)::int`,
    })
    .from(reportSendRecipients)
    .where(eq(reportSendRecipients.sendId, send.id))
    .groupBy(reportSendRecipients.status, reportSendRecipients.errorCode);
  const sent = counts.find((c) => c.status === 'succeeded')?.n ?? 0;
  const failed = recipients.length - sent;
  const refused = counts.find((c) => c.errorCode === 'no_analytics_access')?.n ?? 0;
  await finish(
    env.db,
    send.id,
    {
      status: failed === 0 ? 'sent' : sent === 0 ? 'failed' : 'partial',
      error: sent > 0 ? null : refused === recipients.length ? 'no_analytics_access' : 'send_failed',
      recipientsCount: recipients.length,
      sentCount: sent,
    },
    env.now(),
  );
  return { sent, failed };
}
