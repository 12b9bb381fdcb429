/** Cases and their timeline as the API shows them (no I/O). */
import type { caseEntries, remediationCases } from '../../db/schema/cases.js';
import type { FiredTimerView } from './case-timers.schemas.js';
import type { CaseView } from './cases.schemas.js';

export type CaseRow = typeof remediationCases.$inferSelect;

export function presentCase(
  row: CaseRow,
  names: {
    workOrderNumber: string;
    ownerName: string | null;
    scoreBefore?: number | null;
    scoreAfter?: number | null;
    /** The SLA warnings and breaches that fired (`case-timers.service.ts` `firedTimersOf`). */
    breaches?: FiredTimerView[];
  },
  now: Date,
): CaseView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const past = (d: Date | null) => d !== null && d.getTime() <= now.getTime();
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    severity: row.severity,
    summary: row.summary,
    ratingId: row.ratingId,
    workOrderId: row.workOrderId,
    workOrderNumber: names.workOrderNumber,
    departmentId: row.departmentId,
    ownerId: row.ownerId,
    ownerName: names.ownerName,
    policyId: row.policyId,
    firstContactMinutes: row.firstContactMinutes,
    resolutionMinutes: row.resolutionMinutes,
    usedMs: row.usedMs,
    runningSince: iso(row.runningSince),
    firstContactDueAt: iso(row.firstContactDueAt),
    resolutionDueAt: iso(row.resolutionDueAt),
    firstContactWarnAt: iso(row.firstContactWarnAt),
    resolutionWarnAt: iso(row.resolutionWarnAt),
    breaches: names.breaches ?? [],
    overdue: past(row.firstContactDueAt) || past(row.resolutionDueAt),
    firstContactedAt: iso(row.firstContactedAt),
    firstContactUsedMs: row.firstContactUsedMs,
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    escalationLevel: row.escalationLevel,
    rootCauseId: row.rootCauseId,
    correctiveAction: row.correctiveAction,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    recovery: {
      scoreBefore: names.scoreBefore ?? null,
      invitationId: row.recoveryInvitationId,
      reinvitedAt: iso(row.reinvitedAt),
      ratingId: row.recoveryRatingId,
      scoreAfter: names.scoreAfter ?? null,
      recovered: row.recovered,
    },
  };
}

export function presentEntry(row: typeof caseEntries.$inferSelect) {
  return {
    id: row.id,
    kind: row.kind,
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    text: row.text,
    data: row.data,
  };
}
