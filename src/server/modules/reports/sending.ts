import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { type ReportLanguage, reportSchedules, reportSendRecipients, reportSends } from '../../db/schema/reports.js';
import { localDay } from '../analytics/local-time.js';
import { sendWithConfig } from '../channels/runtime.js';
import { configFor } from '../delivery/compose.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import type { ReportPeriod } from './periods.js';
import { resolveRecipients } from './recipients.js';
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

/** The report e-mail of a schedule for a period, built and rendered once per language asked for. */
export function reportRenderer(env: ReportEnv, schedule: ScheduleRow, period: ReportPeriod) {
  const rendered = new Map<ReportLanguage, Promise<ReportEmail>>();
  const profile = getOrganisationProfile(env.db);
  return (language: ReportLanguage) => {
    let email = rendered.get(language);
    if (!email) {
      email = profile.then(async (p) => {
        const data = await buildReport(env.db, schedule, period, language, p.timeZone);
        return renderReportEmail(data, reportLinks(data, env.consoleUrl, schedule.filters), p.companyName);
      });
      rendered.set(language, email);
    }
    return email;
  };
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
    const mail = await render(r.language);
    const result = await sendWithConfig({ db: env.db, appSecret: env.appSecret }, config.id, {
      channel: 'email',
      to: r.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      idempotencyKey: `report:${send.id}:${r.email}`,
    });
    const mine = and(eq(reportSendRecipients.sendId, send.id), eq(reportSendRecipients.email, r.email));
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
    .select({ status: reportSendRecipients.status, n: sql<number>`count(*)::int` })
    .from(reportSendRecipients)
    .where(eq(reportSendRecipients.sendId, send.id))
    .groupBy(reportSendRecipients.status);
  const sent = counts.find((c) => c.status === 'succeeded')?.n ?? 0;
  const failed = recipients.length - sent;
  await finish(
    env.db,
    send.id,
    {
      status: failed === 0 ? 'sent' : sent === 0 ? 'failed' : 'partial',
      error: sent === 0 ? 'send_failed' : null,
      recipientsCount: recipients.length,
      sentCount: sent,
    },
    env.now(),
  );
  return { sent, failed };
}
