import { asc, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ratings } from '../../db/schema/ratings.js';

export type RatingRecord = typeof ratings.$inferSelect;

/** Several ratings by id in one query (analytics' processor); missing ids are simply absent. */
export async function findRatings(db: DbOrTx, ids: string[]): Promise<RatingRecord[]> {
  if (ids.length === 0) return [];
  return db.select().from(ratings).where(inArray(ratings.id, ids));
}

/** Rating ids in id order after `afterId` (analytics' rebuild walks every rating in chunks). */
export async function ratingIdsAfter(db: DbOrTx, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: ratings.id })
    .from(ratings)
    .where(afterId ? sql`${ratings.id} > ${afterId}` : undefined)
    .orderBy(asc(ratings.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
