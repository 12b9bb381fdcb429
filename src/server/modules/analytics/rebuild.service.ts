import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  analyticsUnrolled,
  invitationFacts,
  invitationFunnelRollups,
  ratingDimensionRollups,
  ratingFacts,
  ratingRollups,
} from '../../db/schema/analytics.js';
import { anyUuid } from '../../db/sql.js';
import { yieldToRequests } from '../../jobs/yield-to-requests.js';
import { countInvitations, type InvitationWalkCursor, invitationIdsAfter } from '../invitations/invitations.service.js';
import { countRatings, type RatingWalkCursor, ratingIdsAfter } from '../ratings/ratings-by-id.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { recordRatingFacts, refreshInvitationFacts } from './facts.js';
import { countListedCommentTerms, truncateKeywordTables } from './keywords/term-writes.js';
import { addFunnel, addRatingRollups, lockAnalyticsWrites } from './rollup-writes.js';
import { noteRollupWrites } from './settled-sums.js';
import { truncateStoreRollups } from './store-rollups.js';

export interface RebuildProgress {
  /** Facts of ratings, facts of invitations, then the rollups. */
  phase: 'ratings' | 'invitations' | 'rollups';
  done: number;
  /** What `done` counts up to (ratings, invitations, listed facts); known from the start of the phase. */
  total: number;
}

export interface RebuildOptions {
  /** Called after each chunk. */
  onProgress?: (progress: RebuildProgress) => void;
  /** A fixed chunk size (tests); by default chunks adapt so that each transaction takes about 100 ms. */
  chunkSize?: number;
}

/**
 * Chunk sizes that keep each transaction near `TARGET_MS`: on PGlite a transaction holds the only connection, so a
 * customer's rating page waits for the chunk in progress (measured: 2,000-rating chunks kept it waiting seconds);
 * on PostgreSQL short transactions keep the processor's lock waits short.
 */
class ChunkSizer {
  static readonly TARGET_MS = 100;
  constructor(
    private size: number,
    private readonly fixed: boolean,
    private readonly max = 5000,
  ) {}
  get next(): number {
    return this.size;
  }
  took(ms: number): void {
    if (this.fixed) return;
    if (ms > 2 * ChunkSizer.TARGET_MS) this.size = Math.max(20, Math.floor(this.size / 2));
    else if (ms < ChunkSizer.TARGET_MS / 2) this.size = Math.min(this.max, this.size * 2);
  }
}

/** Runs one chunk's transaction (the analytics lock first) and tells the sizer how long it took. */
async function timedChunk<T>(db: DbOrTx, sizer: ChunkSizer, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await db.transaction(async (tx) => {
    await lockAnalyticsWrites(tx);
    return work(tx);
  });
  sizer.took(performance.now() - started);
  await yieldToRequests();
  return result;
}

/**
 * Recomputes every fact and rollup from the raw ratings and invitations, set-based:
 * 1. empties the analytics tables;
 * 2. writes the facts of every rating (in submission order) and invitation (in creation order), a chunk per
 *    transaction, listing each new fact in `analytics_unrolled` instead of adding it to the rollups;
 * 3. fills the rollups from the listed facts, oldest local day first, a chunk per transaction: one
 *    `insert … select … group by` per rollup table (day and month buckets), then takes them off the list.
 * The processor may run meanwhile: it adds its own new facts at once, skips facts the rebuild wrote (they exist),
 * and only updates listed invitation facts without moving the funnel (step 3 counts their final state), so nothing
 * counts twice. Every transaction takes the processor's advisory lock first. Given a transaction (the processor
 * reacting to a time-zone change), the chunks are savepoints of it.
 */
export async function rebuildAnalytics(
  db: DbOrTx,
  options: RebuildOptions = {},
): Promise<{ ratings: number; invitations: number; rolledUp: number }> {
  const sizer = () => new ChunkSizer(options.chunkSize ?? 250, options.chunkSize !== undefined);
  const report = options.onProgress ?? (() => {});
  const { timeZone } = await getOrganisationProfile(db);
  // TRUNCATE, not DELETE: emptying a million facts row by row held the only PGlite connection for seconds.
  await db.transaction(async (tx) => {
    await lockAnalyticsWrites(tx);
    await tx.execute(
      sql`truncate ${ratingRollups}, ${ratingDimensionRollups}, ${invitationFunnelRollups}, ${ratingFacts}, ${invitationFacts}, ${analyticsUnrolled}`,
    );
    await truncateKeywordTables(tx);
    await truncateStoreRollups(tx);
    await noteRollupWrites(tx, null);
  });

  const ratingTotal = await countRatings(db);
  const ratingChunks = sizer();
  let ratings = 0;
  let ratingCursor: RatingWalkCursor | null = null;
  for (;;) {
    const { ids, next } = await ratingIdsAfter(db, ratingCursor, ratingChunks.next);
    if (ids.length === 0) break;
    await timedChunk(db, ratingChunks, (tx) => recordRatingFacts(tx, ids, timeZone, 'deferred'));
    ratings += ids.length;
    ratingCursor = next;
    report({ phase: 'ratings', done: ratings, total: Math.max(ratingTotal, ratings) });
  }

  const invitationTotal = await countInvitations(db);
  const invitationChunks = sizer();
  let invitations = 0;
  let invitationCursor: InvitationWalkCursor | null = null;
  for (;;) {
    const { ids, next } = await invitationIdsAfter(db, invitationCursor, invitationChunks.next);
    if (ids.length === 0) break;
    await timedChunk(db, invitationChunks, (tx) => refreshInvitationFacts(tx, ids, timeZone, 'deferred'));
    invitations += ids.length;
    invitationCursor = next;
    report({ phase: 'invitations', done: invitations, total: Math.max(invitationTotal, invitations) });
  }

  const [listed] = await db.select({ n: sql<number>`count(*)::int` }).from(analyticsUnrolled);
  const rollupChunks = sizer();
  let rolledUp = 0;
  for (;;) {
    const n = await timedChunk(db, rollupChunks, (tx) => rollUpListed(tx, rollupChunks.next));
    if (n === 0) break;
    rolledUp += n;
    report({ phase: 'rollups', done: rolledUp, total: Math.max(listed?.n ?? 0, rolledUp) });
  }
  return { ratings, invitations, rolledUp };
}

/**
 * Adds up to `limit` listed facts of each kind (`analytics_unrolled`, oldest local day first) to the rollups and takes
 * them off the list. Returns how many it rolled up (0: the list is empty).
 */
export async function rollUpListed(tx: DbOrTx, limit: number): Promise<number> {
  const next = (kind: 'rating' | 'invitation') =>
    tx
      .select({ id: analyticsUnrolled.id })
      .from(analyticsUnrolled)
      .where(eq(analyticsUnrolled.kind, kind))
      .orderBy(asc(analyticsUnrolled.localDay))
      .limit(limit);
  return rollUpTheseListed(
    tx,
    (await next('rating')).map((r) => r.id),
    (await next('invitation')).map((r) => r.id),
  );
}

/** Adds these listed facts to the rollups and takes them off the list (`analytics_unrolled`). Returns how many. */
export async function rollUpTheseListed(tx: DbOrTx, ratingIds: string[], invitationIds: string[]): Promise<number> {
  await addRatingRollups(tx, ratingIds);
  if (ratingIds.length > 0) await noteRollupWrites(tx, null);
  await countListedCommentTerms(tx, ratingIds);
  await addFunnel(tx, invitationIds, 1);
  for (const [kind, ids] of [
    ['rating', ratingIds],
    ['invitation', invitationIds],
  ] as const) {
    if (ids.length > 0) {
      await tx
        .delete(analyticsUnrolled)
        .where(and(eq(analyticsUnrolled.kind, kind), anyUuid(analyticsUnrolled.id, ids)));
    }
  }
  return ratingIds.length + invitationIds.length;
}
