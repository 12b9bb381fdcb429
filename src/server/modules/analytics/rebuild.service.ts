import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  invitationFacts,
  invitationFunnelRollups,
  ratingDimensionRollups,
  ratingFacts,
  ratingRollups,
} from '../../db/schema/analytics.js';
import { type InvitationWalkCursor, invitationIdsAfter } from '../invitations/invitations.service.js';
import { type RatingWalkCursor, ratingIdsAfter } from '../ratings/ratings-by-id.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { recordRatingFacts, refreshInvitationFacts } from './facts.js';
import { lockAnalyticsWrites } from './rollup-writes.js';

export interface RebuildProgress {
  phase: 'ratings' | 'invitations';
  done: number;
}

export interface RebuildOptions {
  /** Called after each chunk. */
  onProgress?: (progress: RebuildProgress) => void;
  chunkSize?: number;
}

/**
 * Recomputes every fact and rollup from the raw ratings and invitations: empties the analytics tables, then one
 * transaction per chunk of 1,000 ratings in submission order (facts written, then added to the rollups with `insert … select … group
 * by` from those facts) and per chunk of invitations (the funnel). Ratings recorded meanwhile by the processor are
 * skipped by the chunk that meets them (their fact exists), so nothing counts twice. Given a transaction (the
 * processor reacting to a time-zone change), the chunks are savepoints of it.
 */
export async function rebuildAnalytics(
  db: DbOrTx,
  options: RebuildOptions = {},
): Promise<{ ratings: number; invitations: number }> {
  const chunkSize = options.chunkSize ?? 1000;
  const { timeZone } = await getOrganisationProfile(db);
  await db.transaction(async (tx) => {
    await lockAnalyticsWrites(tx);
    for (const table of [
      ratingRollups,
      ratingDimensionRollups,
      invitationFunnelRollups,
      ratingFacts,
      invitationFacts,
    ]) {
      await tx.delete(table).where(sql`true`);
    }
  });
  let ratings = 0;
  let ratingCursor: RatingWalkCursor | null = null;
  for (;;) {
    const { ids, next } = await ratingIdsAfter(db, ratingCursor, chunkSize);
    if (ids.length === 0) break;
    // Each chunk serialises with the processor on the same lock: both insert facts and upsert rollup rows, in
    // different orders, so without it they deadlocked (seen on PostgreSQL when the demo rebuilt with workers running).
    await db.transaction(async (tx) => {
      await lockAnalyticsWrites(tx);
      await recordRatingFacts(tx, ids, timeZone);
    });
    ratings += ids.length;
    ratingCursor = next;
    options.onProgress?.({ phase: 'ratings', done: ratings });
  }
  let invitations = 0;
  let invitationCursor: InvitationWalkCursor | null = null;
  for (;;) {
    const { ids, next } = await invitationIdsAfter(db, invitationCursor, chunkSize);
    if (ids.length === 0) break;
    await db.transaction(async (tx) => {
      await lockAnalyticsWrites(tx);
      await refreshInvitationFacts(tx, ids, timeZone);
    });
    invitations += ids.length;
    invitationCursor = next;
    options.onProgress?.({ phase: 'invitations', done: invitations });
  }
  return { ratings, invitations };
}
