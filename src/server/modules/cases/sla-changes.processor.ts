/**
 * `case-timers`: when an SLA policy, a business calendar or the organisation's time zone changes (the sla and
 * settings modules record `sla.policy_changed`, `sla.calendar_changed`, `settings.time_zone_changed` in the change's
 * transaction — they do not write cases' tables), the open cases concerned get their due and warning times
 * recomputed from the time they have used, which is kept, and their timers enqueued — in the processor's
 * transaction, with its position. A policy's new targets apply to its open cases; time used under the old hours or
 * calendar of a policy is settled in them first (up to the change). Unchanged cases are left alone, so a replay
 * changes nothing.
 */
import { and, asc, eq, isNull, notInArray, or } from 'drizzle-orm';
import { ENDED_STATUSES } from '../../../common/cases.js';
import type { DbOrTx } from '../../db/client.js';
import { remediationCases } from '../../db/schema/cases.js';
import type { JobQueue } from '../../jobs/queue.js';
import { defineProcessor } from '../events/processors.js';
import type { BusinessCalendar } from '../sla/business-time.js';
import { policyFor } from '../sla/policies.service.js';
import type { PolicyView } from '../sla/sla.schemas.js';
import { settle } from '../sla/sla-clock.js';
import { dueTimesOf } from './case-clock.js';
import { enqueueCaseTimers } from './case-timers.jobs.js';
import { DEFAULT_WARN_BEFORE_MINUTES, sameTimes, timersToSchedule, warnTimesOf } from './case-timers.js';
import type { CaseRow } from './cases.presenter.js';
import { calendarOfCase } from './cases.service.js';

type PolicyHours = Pick<PolicyView, 'hours' | 'calendarId'>;

/**
 * Recomputes the times of the open cases selected by `where` (locked, in id order) under their current policy and
 * calendar; with `settleUnder`, the time since each clock last started is first settled at `at` in the calendar of
 * those old hours. Returns how many cases changed.
 */
export async function recomputeCaseTimes(
  tx: DbOrTx,
  jobs: JobQueue,
  opts: { policyId?: string; settleUnder?: PolicyHours; at: Date },
): Promise<number> {
  const open = notInArray(remediationCases.status, [...ENDED_STATUSES]);
  const rows = await tx
    .select()
    .from(remediationCases)
    .where(
      opts.policyId
        ? and(open, or(eq(remediationCases.policyId, opts.policyId), isNull(remediationCases.policyId)))
        : open,
    )
    .orderBy(asc(remediationCases.id))
    .for('update');
  const policies = new Map<string | null, Promise<PolicyView | null>>();
  const calendars = new Map<string, Promise<BusinessCalendar | null>>();
  const calendarFor = (hours: PolicyHours | null, departmentId: string | null) => {
    const key = JSON.stringify([hours?.hours ?? null, hours?.calendarId ?? null, departmentId]);
    if (!calendars.has(key)) calendars.set(key, calendarOfCase(tx, hours, departmentId));
    return calendars.get(key)!;
  };
  let changed = 0;
  for (const row of rows) {
    if (!policies.has(row.policyId)) policies.set(row.policyId, policyFor(tx, row.policyId));
    const policy = await policies.get(row.policyId)!;
    const calendar = await calendarFor(policy, row.departmentId);
    let clock = { usedMs: row.usedMs, runningSince: row.runningSince };
    const movedHours =
      opts.settleUnder &&
      (opts.settleUnder.hours !== policy?.hours || opts.settleUnder.calendarId !== policy?.calendarId);
    if (movedHours && opts.settleUnder && clock.runningSince && clock.runningSince < opts.at) {
      clock = settle(await calendarFor(opts.settleUnder, row.departmentId), clock, opts.at);
    }
    const fields = {
      ...row,
      ...clock,
      // The policy's targets apply to its open cases (a case whose policy is gone keeps its own).
      ...(policy &&
        (row.policyId === policy.id || row.policyId === null) && {
          firstContactMinutes: policy.firstContactMinutes,
          resolutionMinutes: policy.resolutionMinutes,
        }),
    };
    const due = dueTimesOf(calendar, fields);
    const times = {
      ...due,
      ...warnTimesOf(calendar, { ...fields, ...due }, policy?.warnBeforeMinutes ?? DEFAULT_WARN_BEFORE_MINUTES),
    };
    if (
      sameTimes(row, times) &&
      fields.firstContactMinutes === row.firstContactMinutes &&
      fields.resolutionMinutes === row.resolutionMinutes
    ) {
      continue;
    }
    await tx
      .update(remediationCases)
      .set({
        usedMs: fields.usedMs,
        runningSince: fields.runningSince,
        firstContactMinutes: fields.firstContactMinutes,
        resolutionMinutes: fields.resolutionMinutes,
        ...times,
        updatedAt: opts.at,
      })
      .where(eq(remediationCases.id, row.id));
    await enqueueCaseTimers(jobs, tx, timersToSchedule(row.id, row as CaseRow, times));
    changed++;
  }
  return changed;
}

export const slaChangesProcessor = defineProcessor({
  name: 'case-timers',
  events: ['sla.policy_changed', 'sla.calendar_changed', 'settings.time_zone_changed'],
  async handle(event, { tx, jobs, log }) {
    const data = (event.data ?? {}) as { policyId?: string; before?: PolicyHours };
    const changed =
      event.type === 'sla.policy_changed' && data.policyId
        ? await recomputeCaseTimes(tx, jobs, { policyId: data.policyId, settleUnder: data.before, at: event.at })
        : await recomputeCaseTimes(tx, jobs, { at: event.at });
    if (changed) log.info({ event: event.type, changed }, 'open cases got new SLA due times');
  },
});
