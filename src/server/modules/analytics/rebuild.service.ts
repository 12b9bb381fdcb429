import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  analyticsUnrolled,
  invitationFacts,
  invitationFunnelRollups,
  ratingDimensionRollups,
  ratingFacts,
  ratingRollups,
} from '../../db/schema/analytics.js';
import { countInvitations, type InvitationWalkCursor, invitationIdsAfter } from '../invitations/invitations.service.js';
import { countRatings, type RatingWalkCursor, ratingIdsAfter } from '../ratings/ratings-by-id.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { recordRatingFacts, refreshInvitationFacts } from './facts.js';
import { addFunnelWhere, addRatingRollupsWhere, lockAnalyticsWrites } from './rollup-writes.js';

export interface RebuildProgress {
  /** Facts of ratings, facts of invitations, then the rollups a local day at a time. */
  phase: 'ratings' | 'invitations' | 'rollups';
  done: number;
  /** What `done` counts up to (ratings, invitations, days); known from the start of the phase. */
  total: number;
}

export interface RebuildOptions {
  /** Called after each chunk. */
  onProgress?: (progress: RebuildProgress) => void;
  chunkSize?: number;
}

/** Lets the event loop serve requests between chunks (on PGlite the database is this process). */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Recomputes every fact and rollup from the raw ratings and invitations, set-based:
 * 1. empties the analytics tables;
 * 2. writes the facts of every rating (in submission order) and invitation (in creation order), a chunk per
 *    transaction, listing each new fact in `analytics_unrolled` instead of adding it to the rollups;
 * 3. fills the rollups one local day at a time: one `insert … select … group by` per rollup table over that day's
 *    listed facts (both the day and the month bucket), then deletes them from the list — a transaction per day.
 * The processor may run meanwhile: it adds its own new facts at once, skips facts the rebuild wrote (they exist),
 * and only updates listed invitation facts without moving the funnel (step 3 counts their final state), so nothing
 * counts twice. Every transaction takes the processor's advisory lock first. Given a transaction (the processor
 * reacting to a time-zone change), the steps are savepoints of it.
 */
export async function rebuildAnalytics(
  db: DbOrTx,
  options: RebuildOptions = {},
): Promise<{ ratings: number; invitations: number; days: number }> {
  const chunkSize = options.chunkSize ?? 2000;
  const report = options.onProgress ?? (() => {});
  const { timeZone } = await getOrganisationProfile(db);
  await db.transaction(async (tx) => {
    await lockAnalyticsWrites(tx);
    for (const table of [
      ratingRollups,
      ratingDimensionRollups,
      invitationFunnelRollups,
      ratingFacts,
      invitationFacts,
      analyticsUnrolled,
    ]) {
      await tx.delete(table).where(sql`true`);
    }
  });

  const ratingTotal = await countRatings(db);
  let ratings = 0;
  let ratingCursor: RatingWalkCursor | null = null;
  for (;;) {
    const { ids, next } = await ratingIdsAfter(db, ratingCursor, chunkSize);
    if (ids.length === 0) break;
    await db.transaction(async (tx) => {
      await lockAnalyticsWrites(tx);
      await recordRatingFacts(tx, ids, timeZone, 'deferred');
    });
    ratings += ids.length;
    ratingCursor = next;
    report({ phase: 'ratings', done: ratings, total: Math.max(ratingTotal, ratings) });
    await yieldToRequests();
  }

  const invitationTotal = await countInvitations(db);
  let invitations = 0;
  let invitationCursor: InvitationWalkCursor | null = null;
  for (;;) {
    const { ids, next } = await invitationIdsAfter(db, invitationCursor, chunkSize);
    if (ids.length === 0) break;
    await db.transaction(async (tx) => {
      await lockAnalyticsWrites(tx);
      await refreshInvitationFacts(tx, ids, timeZone, 'deferred');
    });
    invitations += ids.length;
    invitationCursor = next;
    report({ phase: 'invitations', done: invitations, total: Math.max(invitationTotal, invitations) });
    await yieldToRequests();
  }

  const days = (
    await db
      .selectDistinct({ day: analyticsUnrolled.localDay })
      .from(analyticsUnrolled)
      .orderBy(asc(analyticsUnrolled.localDay))
  ).map((r) => r.day);
  let done = 0;
  for (const day of days) {
    await db.transaction(async (tx) => {
      await lockAnalyticsWrites(tx);
      await rollUpListedDay(tx, day);
    });
    done += 1;
    report({ phase: 'rollups', done, total: days.length });
    await yieldToRequests();
  }
  return { ratings, invitations, days: days.length };
}

/** Adds one local day's listed facts (`analytics_unrolled`) to the rollups and takes them off the list. */
export async function rollUpListedDay(tx: DbOrTx, day: string): Promise<void> {
  const listed = (kind: 'rating' | 'invitation') =>
    sql`(select ${analyticsUnrolled.id} from ${analyticsUnrolled}
      where ${analyticsUnrolled.kind} = ${kind} and ${analyticsUnrolled.localDay} = ${day})`;
  await addRatingRollupsWhere(tx, sql`f.rating_id in ${listed('rating')}`);
  await addFunnelWhere(tx, sql`f.invitation_id in ${listed('invitation')}`, 1);
  await tx.delete(analyticsUnrolled).where(eq(analyticsUnrolled.localDay, day));
}
