/**
 * The analytics copy of what a customer wrote (issue 21): a rating fact's text answers and comment go when the
 * rating's do. Scores, classes and every rollup stay as they are, so no figure moves; the comment's keyword terms
 * (single words, counted in the keyword rollups) are kept so the keyword figures stay exact too.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ratingFacts } from '../../db/schema/analytics.js';
import { anyUuid } from '../../db/sql.js';
import { byTextKeys, type RatingRef } from '../ratings/privacy.js';
import { lockAnalyticsWrites } from './rollup-writes.js';

/**
 * Takes the analytics write lock first, so a rebuild's chunk (which reads ratings and writes their facts under the
 * same lock) cannot write back a fact read before the rating's text went.
 */
export async function redactFactTexts(tx: DbOrTx, refs: RatingRef[], textKeys: Map<string, string[]>): Promise<void> {
  if (!refs.length) return;
  await lockAnalyticsWrites(tx);
  for (const { keys, ids } of byTextKeys(refs, textKeys)) {
    await tx
      .update(ratingFacts)
      .set({ answers: sql`${ratingFacts.answers} - ${sql.param(keys)}::text[]`, comment: null })
      .where(anyUuid(ratingFacts.ratingId, ids));
  }
}
