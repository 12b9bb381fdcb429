/**
 * What the ratings module holds about a customer (issue 21): what they wrote (text answers). Scores and scored answers
 * are not personal and stay, so every figure stays exact. The privacy module asks through here.
 */
import { and, asc, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ratings } from '../../db/schema/ratings.js';
import { anyUuid } from '../../db/sql.js';

/** A rating and the template version it answered: which of its answers are text depends on the version. */
export interface RatingRef {
  id: string;
  templateVersionId: string;
}

/** The ratings of these work orders or invitations, oldest first. */
export async function ratingsOf(db: DbOrTx, workOrderIds: string[], invitationIds: string[]) {
  if (!workOrderIds.length && !invitationIds.length) return [];
  return db
    .select({
      id: ratings.id,
      workOrderId: ratings.workOrderId,
      invitationId: ratings.invitationId,
      templateVersionId: ratings.templateVersionId,
      source: ratings.source,
      answers: ratings.answers,
      score: ratings.score,
      stars: ratings.roundedStars,
      class: ratings.class,
      language: ratings.language,
      contactRequested: ratings.contactRequested,
      submittedAt: ratings.submittedAt,
      textRedactedAt: ratings.textRedactedAt,
    })
    .from(ratings)
    .where(or(anyUuid(ratings.workOrderId, workOrderIds), anyUuid(ratings.invitationId, invitationIds)))
    .orderBy(asc(ratings.submittedAt), asc(ratings.id));
}

/** Ratings of these template versions submitted before `before` whose text was not removed yet, oldest first. */
export async function ratingsDueForTextRedaction(
  db: DbOrTx,
  versionIds: string[],
  before: Date,
  limit: number,
): Promise<RatingRef[]> {
  if (!versionIds.length) return [];
  return db
    .select({ id: ratings.id, templateVersionId: ratings.templateVersionId })
    .from(ratings)
    .where(
      and(
        inArray(ratings.templateVersionId, versionIds),
        isNull(ratings.textRedactedAt),
        lt(ratings.submittedAt, before),
      ),
    )
    .orderBy(asc(ratings.submittedAt))
    .limit(limit);
}

/** How many ratings `ratingsDueForTextRedaction` would walk (the preview). */
export async function countRatingsDueForTextRedaction(db: DbOrTx, versionIds: string[], before: Date) {
  if (!versionIds.length) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ratings)
    .where(
      and(
        inArray(ratings.templateVersionId, versionIds),
        isNull(ratings.textRedactedAt),
        lt(ratings.submittedAt, before),
      ),
    );
  return row?.n ?? 0;
}

/** Groups ratings by the text question keys of their version: one statement per version in a batch. */
export function byTextKeys(refs: RatingRef[], textKeys: Map<string, string[]>): { keys: string[]; ids: string[] }[] {
  const groups = new Map<string, { keys: string[]; ids: string[] }>();
  for (const r of refs) {
    const keys = textKeys.get(r.templateVersionId) ?? [];
    const k = keys.join('\u0000');
    const g = groups.get(k) ?? { keys, ids: [] };
    g.ids.push(r.id);
    groups.set(k, g);
  }
  return [...groups.values()];
}

/**
 * Removes the text answers (`textKeys` per template version) of these ratings and marks them done. Idempotent: a
 * rating already done is left alone.
 */
export async function redactRatingTexts(
  tx: DbOrTx,
  refs: RatingRef[],
  textKeys: Map<string, string[]>,
  now: Date,
): Promise<number> {
  let n = 0;
  for (const { keys, ids } of byTextKeys(refs, textKeys)) {
    const rows = await tx
      .update(ratings)
      .set({ answers: sql`${ratings.answers} - ${sql.param(keys)}::text[]`, textRedactedAt: now })
      .where(and(anyUuid(ratings.id, ids), isNull(ratings.textRedactedAt)))
      .returning({ id: ratings.id });
    n += rows.length;
  }
  return n;
}

/** A subquery of the ratings whose text was removed (analytics keeps their comments' keyword terms). */
export const ratingsWithRemovedTextSql = sql`(select ${ratings.id} from ${ratings} where ${ratings.textRedactedAt} is not null)`;
