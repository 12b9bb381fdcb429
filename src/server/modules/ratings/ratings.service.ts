import { and, desc, eq, gte, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database, Db, DbOrTx } from '../../db/client.js';
import { ratings } from '../../db/schema/ratings.js';
import { preparedRows } from '../../db/sql.js';
import { instant } from '../../http/dates.js';
import { keyset } from '../../http/pagination.js';
import type { Actor } from '../../http/principal.js';
import { notFound } from '../../http/problem.js';
import { requireAccess, visibleThroughWorkOrder } from '../access/require-access.js';
import { type EventActor, recordEvent } from '../events/events.service.js';
import { departmentSubtree } from '../org/departments.service.js';
import { workOrderIdMatches, workOrderSummarySql } from '../work-orders/work-orders.queries.js';
import { presentRating } from './ratings.presenter.js';
import type { RatingListQuery } from './ratings.schemas.js';
import { findRatingByKey, type RatingRow } from './submission.service.js';

export async function getRating(db: DbOrTx, actor: Actor, id: string) {
  await requireAccess(db, actor, 'rating', [id]);
  const [row] = await db.select().from(ratings).where(eq(ratings.id, id)).limit(1);
  if (!row) throw notFound('Rating', id);
  return presentRating(row);
}

const ratingsPage = keyset({ kind: 'timestamp', sort: ratings.submittedAt, id: ratings.id, order: 'desc' });

/** Newest first, keyset-paged on (submittedAt, id). */
export async function listRatings(db: Db, actor: Actor, q: RatingListQuery) {
  const where: (SQL | undefined)[] = [await visibleThroughWorkOrder(db, actor, ratings.workOrderId)];
  if (q.from) where.push(gte(ratings.submittedAt, instant(q.from)));
  if (q.to) where.push(lt(ratings.submittedAt, instant(q.to)));
  if (q.workOrderId) where.push(eq(ratings.workOrderId, q.workOrderId));
  if (q.invitationId) where.push(eq(ratings.invitationId, q.invitationId));
  if (q.engineerId || q.departmentId) where.push(await workOrderScope(db, q.engineerId, q.departmentId));
  if (q.source) where.push(eq(ratings.source, q.source));
  if (q.class) where.push(q.class === 'none' ? isNull(ratings.class) : eq(ratings.class, q.class));
  if (q.negative === true) where.push(eq(ratings.class, 'negative'));
  if (q.negative === false) where.push(or(isNull(ratings.class), sql`${ratings.class} <> 'negative'`));
  where.push(ratingsPage.after(q.cursor));
  const rows = await db
    .select({ rating: ratings, pageKey: ratingsPage.key })
    .from(ratings)
    .where(and(...where))
    .orderBy(...ratingsPage.orderBy)
    .limit(q.limit + 1);
  return ratingsPage.page(
    rows,
    q.limit,
    (r) => presentRating(r.rating),
    (r) => ({ v: r.pageKey, id: r.rating.id }),
  );
}

/**
 * Ratings whose work order matches the engineer / department filters (SCORING.md §6: a work order with several
 * engineers credits the rating to each). A subquery on the work orders, so the list stays one query.
 */
async function workOrderScope(db: Db, engineerId?: string, departmentId?: string): Promise<SQL> {
  let departmentIds: string[] | undefined;
  if (departmentId) {
    const subtree = await departmentSubtree(db, departmentId);
    departmentIds = subtree.length > 0 ? subtree : [departmentId];
  }
  return workOrderIdMatches(db, ratings.workOrderId, { engineerId, departmentIds });
}

/** The rating the thank-you page is about: the one submitted with that form token, else the invitation's latest. */
export async function ratingForThanks(
  db: DbOrTx,
  invitationId: string,
  formToken: string | null,
): Promise<RatingRow | null> {
  if (formToken) {
    const byKey = await findRatingByKey(db, invitationId, formToken);
    if (byKey) return byKey;
  }
  const [latest] = await db
    .select()
    .from(ratings)
    .where(eq(ratings.invitationId, invitationId))
    .orderBy(desc(ratings.submittedAt), desc(ratings.id))
    .limit(1);
  return latest ?? null;
}

export interface ThanksRead {
  rating: Pick<RatingRow, 'class' | 'contactRequested' | 'language' | 'idempotencyKey' | 'source'>;
  /** null when the work order is gone. */
  workOrder: { number: string; subject: string } | null;
}

/**
 * The thank-you page's one read (the PRG target right after a submission): the rating submitted with that form token,
 * else the invitation's latest (same rule as {@link ratingForThanks}), with the work order's number and subject.
 */
export async function readThanks(database: Database, invitationId: string, formToken: string | null) {
  const [row] = await preparedRows<{
    class: RatingRow['class'];
    contact_requested: boolean;
    language: string;
    idempotency_key: string | null;
    source: RatingRow['source'];
    wo_number: string | null;
    wo_subject: string | null;
  }>(
    database,
    'rateloop_thanks_page',
    sql`select r.class, r.contact_requested, r.language, r.idempotency_key, r.source, wo.number as wo_number,
        wo.subject as wo_subject
      from ${ratings} r
      left join (${workOrderSummarySql}) wo on wo.id = r.work_order_id
      where r.invitation_id = ${invitationId}
      order by (r.idempotency_key is not distinct from ${formToken}::text) desc, r.submitted_at desc, r.id desc
      limit 1`,
  );
  if (!row) return null;
  const read: ThanksRead = {
    rating: {
      class: row.class,
      contactRequested: row.contact_requested,
      language: row.language,
      idempotencyKey: row.idempotency_key,
      source: row.source,
    },
    workOrder: row.wo_number === null ? null : { number: row.wo_number, subject: row.wo_subject ?? '' },
  };
  return read;
}

/**
 * "Contact me about this" from the thank-you page of a negative rating. Idempotent: the flag is set and the event
 * written only by the first request (a conditional UPDATE), so a double tap is one request for contact.
 */
export async function requestContact(db: Db, actor: EventActor, rating: RatingRow): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(ratings)
      .set({ contactRequested: true })
      .where(and(eq(ratings.id, rating.id), eq(ratings.contactRequested, false)))
      .returning({ id: ratings.id });
    if (!row) return false;
    await recordEvent(tx, actor, {
      type: 'rating.contact_requested',
      workOrderId: rating.workOrderId,
      subjectType: 'rating',
      subjectId: rating.id,
      data: { ratingId: rating.id, invitationId: rating.invitationId, class: rating.class },
    });
    return true;
  });
}
