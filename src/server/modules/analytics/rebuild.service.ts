import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  invitationFacts,
  invitationFunnelRollups,
  ratingDimensionRollups,
  ratingFacts,
  ratingRollups,
} from '../../db/schema/analytics.js';
import { invitationIdsAfter } from '../invitations/invitations.service.js';
import { ratingIdsAfter } from '../ratings/ratings-by-id.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { recordRatingFacts, refreshInvitationFacts } from './facts.js';

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
 * transaction per chunk of 1,000 ratings (facts written, then added to the rollups with `insert … select … group
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
    // Waits for a processor transaction that is writing facts and rollups, and keeps new writes out until the
    // tables are empty: a fact committed after the delete's snapshot would otherwise survive without its rollups.
    await tx.execute(
      sql`lock table ${ratingFacts}, ${invitationFacts}, ${ratingRollups}, ${ratingDimensionRollups}, ${invitationFunnelRollups} in exclusive mode`,
    );
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
  let after: string | null = null;
  for (;;) {
    const ids = await ratingIdsAfter(db, after, chunkSize);
    if (ids.length === 0) break;
    await db.transaction((tx) => recordRatingFacts(tx, ids, timeZone));
    ratings += ids.length;
    after = ids[ids.length - 1]!;
    options.onProgress?.({ phase: 'ratings', done: ratings });
  }
  let invitations = 0;
  after = null;
  for (;;) {
    const ids = await invitationIdsAfter(db, after, chunkSize);
    if (ids.length === 0) break;
    await db.transaction((tx) => refreshInvitationFacts(tx, ids, timeZone));
    invitations += ids.length;
    after = ids[ids.length - 1]!;
    options.onProgress?.({ phase: 'invitations', done: invitations });
  }
  return { ratings, invitations };
}
