/**
 * SLA timers as durable jobs (issue 17 §5): every time a case's warning or due time is set or moved, a
 * `cases.sla-timer` job for that time is enqueued in the same transaction (`enqueueCaseTimers`), so a timer exists
 * exactly when the change commits and survives restarts; several workers may run it, a retry may repeat it, and
 * `fireCaseTimer` still acts once. The sweep, every minute, fires what is overdue and unfired (a lost job) through
 * the same path and counts it as a repair (`rateloop_job_repairs_total{kind="sla_timer"}`, should stay 0).
 */
import { z } from 'zod';
import { SLA_TARGETS, SLA_TIMER_KINDS } from '../../../common/cases.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { defineJob, type JobDefinition, type JobQueue, queued } from '../../jobs/queue.js';
import { countRepairs } from '../events/repairs.js';
import type { CaseTimer } from './case-timers.js';
import { fireCaseTimer, overdueTimers } from './case-timers.service.js';

export const caseTimerJob = defineJob({
  name: 'cases.sla-timer',
  payload: z.object({
    caseId: z.uuid(),
    target: z.enum(SLA_TARGETS),
    kind: z.enum(SLA_TIMER_KINDS),
    at: z.iso.datetime(),
  }),
  retryLimit: 10,
  handler: async ({ caseId, target, kind, at }, { database, log, now }) => {
    const result = await fireCaseTimer(database.db, { caseId, target, kind, at: new Date(at) }, now());
    log.info({ caseId, target, kind, at, result }, 'case SLA timer');
  },
});

/** Enqueues the timers in `tx` (one statement); keyed by case, target, kind and time, so a repeat is a no-op. */
export async function enqueueCaseTimers(jobs: JobQueue, tx: DbOrTx, timers: CaseTimer[]): Promise<void> {
  await jobs.sendMany(
    timers.map(({ caseId, target, kind, at }) =>
      queued(
        caseTimerJob,
        { caseId, target, kind, at: at.toISOString() },
        { key: `${caseId}:${target}:${kind}:${at.toISOString()}`, startAfter: at },
      ),
    ),
    { tx },
  );
}

/** Fires every timer overdue by more than a minute that has not fired; returns how many it fired. */
export async function sweepCaseTimers(db: Db, now: Date): Promise<number> {
  const overdue = await overdueTimers(db, new Date(now.getTime() - 60_000), now);
  let fired = 0;
  for (const timer of overdue) if ((await fireCaseTimer(db, timer, now)) === 'fired') fired++;
  await countRepairs(db, 'sla_timer', fired);
  return fired;
}

export const sweepCaseTimersJob = defineJob({
  name: 'cases.sweep-sla-timers',
  payload: z.object({}),
  retryLimit: 1,
  handler: async (_payload, { database, log, now }) => {
    const fired = await sweepCaseTimers(database.db, now());
    if (fired) log.warn({ fired }, 'overdue SLA timers fired by the sweep (their job was missing or late)');
  },
});

export const caseJobs: JobDefinition[] = [caseTimerJob, sweepCaseTimersJob];
