/**
 * Read-only queries of recovery (issue 17 §6): the scores a case shows before and after, and the figures the
 * dashboard reports (analytics reads them through here: only this module reads its tables).
 */
import { and, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { remediationCases as c } from '../../db/schema/cases.js';
import { findRatings } from '../ratings/ratings-by-id.js';

/** The weighted score S of the cases' ratings and re-survey ratings, by rating id (one query). */
export async function ratingScores(
  db: DbOrTx,
  rows: { ratingId: string | null; recoveryRatingId: string | null }[],
): Promise<Map<string, number | null>> {
  const ids = [...new Set(rows.flatMap((r) => [r.ratingId, r.recoveryRatingId].filter((id): id is string => !!id)))];
  const ratings = await findRatings(db, ids);
  return new Map(ratings.map((r) => [r.id, r.score]));
}

export interface RecoveryFilter {
  /** Cases opened at or after `from` and before `to` (null: open end). */
  from: Date | null;
  to: Date | null;
  /** Only cases of these departments (undefined: every case). */
  departmentIds?: string[];
}

export interface RecoveryFigureRow {
  departmentId: string | null;
  cases: number;
  reinvited: number;
  rerated: number;
  recovered: number;
  firstContacts: number;
  firstContactMsSum: number;
}

const count = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;

/**
 * Per department of the case, over the cases opened in the period: how many were re-invited, re-rated and recovered
 * (the recovery rate = recovered / re-invited), and how many reached their customer with the working time it took
 * (`first_contact_used_ms`, business time of the case's calendar).
 */
export async function recoveryFigures(db: DbOrTx, f: RecoveryFilter): Promise<RecoveryFigureRow[]> {
  if (f.departmentIds?.length === 0) return [];
  const rows = await db
    .select({
      departmentId: c.departmentId,
      cases: sql<number>`count(*)::int`,
      reinvited: count(sql`${c.recoveryInvitationId} is not null`),
      rerated: count(sql`${c.recoveryRatingId} is not null`),
      recovered: count(sql`${c.recovered}`),
      firstContacts: count(sql`${c.firstContactUsedMs} is not null`),
      firstContactMsSum: sql<number>`coalesce(sum(${c.firstContactUsedMs}), 0)::float8`,
    })
    .from(c)
    .where(
      and(
        f.from ? gte(c.createdAt, f.from) : undefined,
        f.to ? lt(c.createdAt, f.to) : undefined,
        f.departmentIds ? inArray(c.departmentId, f.departmentIds) : undefined,
      ),
    )
    .groupBy(c.departmentId);
  return rows.map((r) => ({
    departmentId: r.departmentId,
    cases: Number(r.cases),
    reinvited: Number(r.reinvited),
    rerated: Number(r.rerated),
    recovered: Number(r.recovered),
    firstContacts: Number(r.firstContacts),
    firstContactMsSum: Number(r.firstContactMsSum),
  }));
}
