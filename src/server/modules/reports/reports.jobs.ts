import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { reportSchedules, reportSends } from '../../db/schema/reports.js';
import { defineJob, type JobDefinition, type JobQueue } from '../../jobs/queue.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { lastCompletePeriod } from './periods.js';
import { deliverReport } from './sending.js';

const DELIVER_RETRIES = 4;

/** E-mails one period's report of a schedule (its `report_sends` row) to every recipient. */
export const deliverReportJob = defineJob({
  name: 'reports.deliver',
  payload: z.object({ sendId: z.uuid() }),
  retryLimit: DELIVER_RETRIES,
  retryDelaySeconds: 30,
  expireInSeconds: 30 * 60,
  handler: async ({ sendId }, ctx) => {
    const result = await deliverReport(
      {
        db: ctx.database.db,
        appSecret: ctx.appSecret,
        log: ctx.log,
        consoleUrl: ctx.config.publicBaseUrl,
        now: ctx.now,
      },
      sendId,
      { retryCount: ctx.retryCount, retryLimit: DELIVER_RETRIES },
    );
    if (result) ctx.log.info({ sendId, ...result }, 'scheduled report sent');
  },
});

/**
 * Every enabled schedule whose last complete period (week or month, organisation's zone) has no `report_sends` row
 * gets one, and its delivery job, in ONE transaction. The row's unique (schedule, period start) makes this safe to
 * run anywhere, any number of times: racing workers, a retried check and a restarted process insert nothing twice,
 * and only the inserting transaction enqueues — so each period is reported once. Returns the sends created.
 */
export async function enqueueDueReports(db: Db, jobs: JobQueue, now: Date): Promise<string[]> {
  const [{ timeZone }, schedules] = await Promise.all([
    getOrganisationProfile(db),
    db
      .select({ id: reportSchedules.id, cadence: reportSchedules.cadence })
      .from(reportSchedules)
      .where(eq(reportSchedules.enabled, true)),
  ]);
  if (schedules.length === 0) return [];
  const due = schedules.map((s) => ({ ...s, period: lastCompletePeriod(s.cadence, now, timeZone) }));
  // The usual case (already sent) costs one read instead of a transaction per schedule.
  const done = await db
    .select({ scheduleId: reportSends.scheduleId, periodStart: reportSends.periodStart })
    .from(reportSends)
    .where(
      and(
        inArray(
          reportSends.scheduleId,
          due.map((d) => d.id),
        ),
        inArray(
          reportSends.periodStart,
          [...new Set(due.map((d) => d.period.from.getTime()))].map((t) => new Date(t)),
        ),
      ),
    );
  const sent = new Set(done.map((d) => `${d.scheduleId}:${d.periodStart.getTime()}`));
  const created: string[] = [];
  for (const d of due) {
    if (sent.has(`${d.id}:${d.period.from.getTime()}`)) continue;
    const id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(reportSends)
        .values({ scheduleId: d.id, periodStart: d.period.from, periodEnd: d.period.to })
        .onConflictDoNothing()
        .returning({ id: reportSends.id });
      if (!row) return null; // another worker (or an earlier run) has this period
      await jobs.send(deliverReportJob, { sendId: row.id }, { tx, key: row.id });
      return row.id;
    });
    if (id) created.push(id);
  }
  return created;
}

/** Every 15 minutes: schedules whose period has ended get their report (see `enqueueDueReports`). */
export const dueReportsJob = defineJob({
  name: 'reports.due',
  payload: z.object({}),
  handler: async (_payload, { database, jobs, log, now }) => {
    const created = await enqueueDueReports(database.db, jobs, now());
    if (created.length) log.info({ sends: created.length }, 'scheduled reports due');
  },
});

export const reportJobs: JobDefinition[] = [deliverReportJob, dueReportsJob];
