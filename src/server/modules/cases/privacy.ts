/**
 * What the cases module holds about a customer (issue 21): the free text written on their cases (the summary and the
 * timeline's notes, which quote the customer). Status, owners, times, root causes and SLA figures stay.
 */
import { and, asc, isNotNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { caseEntries, remediationCases } from '../../db/schema/cases.js';
import { anyUuid } from '../../db/sql.js';

/** These work orders' cases with their timelines (the export). */
export async function casesOfWorkOrders(db: DbOrTx, workOrderIds: string[]) {
  if (!workOrderIds.length) return [];
  const cases = await db
    .select({
      id: remediationCases.id,
      number: remediationCases.number,
      workOrderId: remediationCases.workOrderId,
      ratingId: remediationCases.ratingId,
      status: remediationCases.status,
      severity: remediationCases.severity,
      summary: remediationCases.summary,
      correctiveAction: remediationCases.correctiveAction,
      createdAt: remediationCases.createdAt,
      closedAt: remediationCases.closedAt,
    })
    .from(remediationCases)
    .where(anyUuid(remediationCases.workOrderId, workOrderIds))
    .orderBy(asc(remediationCases.createdAt));
  const entries = cases.length
    ? await db
        .select({ caseId: caseEntries.caseId, kind: caseEntries.kind, at: caseEntries.at, text: caseEntries.text })
        .from(caseEntries)
        .where(
          and(
            anyUuid(
              caseEntries.caseId,
              cases.map((c) => c.id),
            ),
            isNotNull(caseEntries.text),
          ),
        )
        .orderBy(asc(caseEntries.at))
    : [];
  return cases.map((c) => ({ ...c, entries: entries.filter((e) => e.caseId === c.id) }));
}

/**
 * Empties the summaries and timeline texts of cases: of these work orders (erase), or written before `before`
 * (retention of free text). Returns how many rows lost something.
 */
export async function redactCaseTexts(tx: DbOrTx, target: { workOrderIds: string[] } | { before: Date }) {
  let caseIds: string[] | null = null;
  if ('workOrderIds' in target) {
    if (!target.workOrderIds.length) return 0;
    caseIds = (
      await tx
        .select({ id: remediationCases.id })
        .from(remediationCases)
        .where(anyUuid(remediationCases.workOrderId, target.workOrderIds))
    ).map((c) => c.id);
    if (!caseIds.length) return 0;
  }
  const before = 'before' in target ? target.before : null;
  const summaries = await tx
    .update(remediationCases)
    .set({ summary: null })
    .where(
      and(
        isNotNull(remediationCases.summary),
        caseIds ? anyUuid(remediationCases.id, caseIds) : lt(remediationCases.createdAt, before!),
      ),
    )
    .returning({ id: remediationCases.id });
  const texts = await tx
    .update(caseEntries)
    .set({ text: null })
    .where(
      and(isNotNull(caseEntries.text), caseIds ? anyUuid(caseEntries.caseId, caseIds) : lt(caseEntries.at, before!)),
    )
    .returning({ id: caseEntries.id });
  return summaries.length + texts.length;
}
