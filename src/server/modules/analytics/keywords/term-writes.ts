import { asc, gt, inArray, isNotNull, type SQL, sql, and as sqlAnd } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { analyticsUnrolled, ratingFacts } from '../../../db/schema/analytics.js';
import { commentKeywordRollups, commentTerms } from '../../../db/schema/keywords.js';
import { ratingsWithRemovedTextSql } from '../../ratings/privacy.js';
import { DAY_MONTH } from '../grains.js';
import { RATING_MEMBERS } from '../rollup-writes.js';
import { dictionaryWords } from './dictionary.js';
import { extractTerms } from './extract.js';

/**
 * Extracts the terms of these ratings' comments (from their facts) with the organisation's user dictionary and
 * stores them in `comment_terms` — plus the row `''` marking the comment as extracted — unless the rating's terms are
 * there already (idempotent: the processor, a rebuild and a re-extraction may meet on a rating). Returns the ratings
 * whose terms were new. Ratings without a comment get no rows.
 */
export async function recordCommentTerms(tx: DbOrTx, ratingIds: string[]): Promise<string[]> {
  if (ratingIds.length === 0) return [];
  const facts = await tx
    .select({ id: ratingFacts.ratingId, comment: ratingFacts.comment })
    .from(ratingFacts)
    .where(sqlAnd(inArray(ratingFacts.ratingId, ratingIds), isNotNull(ratingFacts.comment)));
  if (facts.length === 0) return [];
  const fresh = await tx
    .insert(commentTerms)
    .values(facts.map((f) => ({ ratingId: f.id, term: '' })))
    .onConflictDoNothing()
    .returning({ id: commentTerms.ratingId });
  if (fresh.length === 0) return [];
  const freshIds = new Set(fresh.map((r) => r.id));
  const words = await dictionaryWords(tx);
  const rows = facts
    .filter((f) => freshIds.has(f.id))
    .flatMap((f) => extractTerms(f.comment ?? '', words).map((term) => ({ ratingId: f.id, term })));
  for (let i = 0; i < rows.length; i += 5000) {
    await tx
      .insert(commentTerms)
      .values(rows.slice(i, i + 5000))
      .onConflictDoNothing();
  }
  return [...freshIds];
}

/**
 * Adds the comment terms of these ratings to every family's day and month keyword buckets (the families and grains
 * of `rating_rollups`, from the same fact row): one `insert … select … group by … on conflict do update`.
 */
export async function addKeywordRollups(tx: DbOrTx, ratingIds: string[]): Promise<void> {
  if (ratingIds.length === 0) return;
  await tx.execute(sql`
    insert into ${commentKeywordRollups} as t (family, member, grain, bucket, term, count)
    select m.family, m.member, g.grain, g.bucket, ct.term, count(*)
    from ${ratingFacts} f
    join ${commentTerms} ct on ct.rating_id = f.rating_id
    cross join lateral ${RATING_MEMBERS} cross join lateral ${DAY_MONTH}
    where f.rating_id = any(${sql.param(ratingIds)}::uuid[])
    group by 1, 2, 3, 4, 5
    on conflict (family, grain, member, bucket, term) do update set count = t.count + excluded.count`);
}

/**
 * The processor's step after `recordRatingFacts`: the new facts' terms, counted at once (same transaction as the
 * fact and its rollups).
 */
export async function recordAndCountCommentTerms(tx: DbOrTx, ratingIds: string[]): Promise<void> {
  await addKeywordRollups(tx, await recordCommentTerms(tx, ratingIds));
}

/**
 * The rebuild's step for listed facts (`rollUpListed`): their terms (if not extracted yet) and their keyword buckets.
 * A listed fact is counted only here — the processor skips facts that exist and a re-extraction skips listed ones.
 */
export async function countListedCommentTerms(tx: DbOrTx, ratingIds: string[]): Promise<void> {
  await recordCommentTerms(tx, ratingIds);
  await addKeywordRollups(tx, ratingIds);
}

/**
 * Empties the terms and keyword rollups (inside the analytics write lock) — except the terms of ratings whose text
 * was removed (retention or erase, issue 21): their comments cannot be read again, so their terms stay and are
 * counted again (`recountKeptCommentTerms`, or the rebuild's `countListedCommentTerms`), and no keyword figure moves.
 */
export async function truncateKeywordTables(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`truncate ${commentKeywordRollups}`);
  await tx.execute(sql`delete from ${commentTerms} where ${commentTerms.ratingId} not in ${ratingsWithRemovedTextSql}`);
}

/** After `truncateKeywordTables` in a re-extraction: the kept terms (removed texts') counted again. */
export async function recountKeptCommentTerms(tx: DbOrTx): Promise<void> {
  const ids = (await tx.selectDistinct({ id: commentTerms.ratingId }).from(commentTerms)).map((r) => r.id);
  if (ids.length) await addKeywordRollups(tx, ids);
}

/**
 * One chunk of a re-extraction: the next commented facts after `after` (by rating id), their terms extracted and
 * counted — except facts a rebuild has listed and not rolled up yet (it counts them). Returns how many facts it walked
 * and the last id (null: done).
 */
export async function reextractChunk(
  tx: DbOrTx,
  after: string | null,
  limit: number,
): Promise<{ walked: number; last: string | null }> {
  const ids = (
    await tx
      .select({ id: ratingFacts.ratingId })
      .from(ratingFacts)
      .where(
        after
          ? sqlAnd(isNotNull(ratingFacts.comment), gt(ratingFacts.ratingId, after))
          : isNotNull(ratingFacts.comment),
      )
      .orderBy(asc(ratingFacts.ratingId))
      .limit(limit)
  ).map((r) => r.id);
  if (ids.length === 0) return { walked: 0, last: null };
  const fresh = await recordCommentTerms(tx, ids);
  const listed = new Set(
    fresh.length === 0
      ? []
      : (
          await tx
            .select({ id: analyticsUnrolled.id })
            .from(analyticsUnrolled)
            .where(sqlAnd(sql`${analyticsUnrolled.kind} = 'rating'`, inArray(analyticsUnrolled.id, fresh)))
        ).map((r) => r.id),
  );
  await addKeywordRollups(
    tx,
    fresh.filter((id) => !listed.has(id)),
  );
  return { walked: ids.length, last: ids.length < limit ? null : ids[ids.length - 1]! };
}

/** Drill-down: the fact `f` has a comment containing this term (`comment_terms` primary key). */
export const keywordCondition = (term: string): SQL =>
  sql`exists (select 1 from ${commentTerms} ct where ct.rating_id = f.rating_id and ct.term = ${term})`;
