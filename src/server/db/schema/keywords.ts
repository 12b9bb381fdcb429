import { bigint, date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ANALYTICS_FAMILIES, ANALYTICS_GRAINS } from './analytics.js';

/**
 * The terms of each rating's comment (`rating_facts.comment`), one row per distinct term, written only by the
 * analytics module (its processor and the rebuild / re-extraction). Every commented rating also has the row
 * `term = ''`: it marks the comment as extracted and counts it. Read by the keyword drill-down (`term` index) and the
 * fact path of the keyword figures (join on `rating_id`).
 */
export const commentTerms = pgTable(
  'comment_terms',
  {
    ratingId: uuid('rating_id').notNull(),
    term: text('term').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ratingId, t.term] }), index('comment_terms_term_idx').on(t.term, t.ratingId)],
);

/**
 * Comments containing a term per (family, member, grain, local bucket) — the keyword twin of `rating_rollups`, kept
 * by the same writers in the same transactions. `term = ''` counts the commented ratings of the bucket.
 */
export const commentKeywordRollups = pgTable(
  'comment_keyword_rollups',
  {
    family: text('family', { enum: ANALYTICS_FAMILIES }).notNull(),
    member: text('member').notNull(),
    grain: text('grain', { enum: ANALYTICS_GRAINS }).notNull(),
    bucket: date('bucket').notNull(),
    term: text('term').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.family, t.grain, t.member, t.bucket, t.term] })],
);

/** The organisation's after-sales user dictionary: words the Chinese segmenter keeps whole (售后, 回访, 压缩机 …). */
export const keywordDictionary = pgTable('keyword_dictionary', {
  word: text('word').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
