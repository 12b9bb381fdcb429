import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
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

export const KEYWORD_REEXTRACTION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type KeywordReextractionStatus = (typeof KEYWORD_REEXTRACTION_STATUSES)[number];

/**
 * The progress of the re-extraction after a dictionary edit (`analytics.keywords-reextract`), one row (id 1), absent
 * until the first edit. The edit sets `queued` and bumps `generation` in its transaction and sends the job with that
 * generation; the job writes `running` / `done` (in each chunk's transaction) / `failed` only while its generation is
 * the row's, so a job superseded by a newer edit stops and never overwrites the newer `queued`.
 */
export const keywordReextraction = pgTable(
  'keyword_reextraction',
  {
    id: smallint('id').primaryKey().default(1),
    generation: integer('generation').notNull().default(1),
    status: text('status', { enum: KEYWORD_REEXTRACTION_STATUSES }).notNull(),
    /** Commented facts walked so far. */
    done: integer('done').notNull().default(0),
    /** Commented facts when the job started (null while queued). */
    total: integer('total'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [
    check('keyword_reextraction_single_row', sql`${t.id} = 1`),
    check('keyword_reextraction_status', sql`${t.status} IN ('queued', 'running', 'done', 'failed')`),
  ],
);
