import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ratings } from '../../db/schema/ratings.js';
import { anyUuid } from '../../db/sql.js';

export type RatingRecord = typeof ratings.$inferSelect;

/** Several ratings by id in one query (analytics' processor); missing ids are simply absent. */
export async function findRatings(db: DbOrTx, ids: string[]): Promise<RatingRecord[]> {
  if (ids.length === 0) return [];
  return db.select().from(ratings).where(anyUuid(ratings.id, ids));
}

/** Where a walk over the ratings stopped: the last rating's submission time (as PostgreSQL's text, microseconds kept) and id. */
export interface RatingWalkCursor {
  at: string;
  id: string;
}

/**
 * Rating ids in submission order after `cursor` (analytics' rebuild walks every rating in chunks). Submission order,
 * not id order: a chunk then falls into a few days' buckets, so adding it to the rollups touches a few rows per
 * member instead of one per rating (random uuids spread a chunk over the whole history).
 */
export async function ratingIdsAfter(
  db: DbOrTx,
  cursor: RatingWalkCursor | null,
  limit: number,
): Promise<{ ids: string[]; next: RatingWalkCursor | null }> {
  const rows = await db
    .select({ id: ratings.id, at: sql<string>`${ratings.submittedAt}::text` })
    .from(ratings)
    .where(
      cursor
        ? sql`(${ratings.submittedAt}, ${ratings.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
        : undefined,
    )
    .orderBy(asc(ratings.submittedAt), asc(ratings.id))
    .limit(limit);
  const last = rows.at(-1);
  return { ids: rows.map((r) => r.id), next: last ? { at: last.at, id: last.id } : null };
}

/** How many ratings there are (the rebuild's progress total). */
export async function countRatings(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(ratings);
  return row?.n ?? 0;
}

/** A work order's ratings, newest first (a follow-up agent sees what the customer said before). */
export async function ratingsOfWorkOrder(db: DbOrTx, workOrderId: string, limit: number) {
  return db
    .select({
      id: ratings.id,
      source: ratings.source,
      score: ratings.score,
      roundedStars: ratings.roundedStars,
      submittedAt: ratings.submittedAt,
    })
    .from(ratings)
    .where(eq(ratings.workOrderId, workOrderId))
    .orderBy(desc(ratings.submittedAt))
    .limit(limit);
}
