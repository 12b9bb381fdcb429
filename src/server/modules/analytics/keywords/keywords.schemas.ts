import { z } from 'zod';
import { analyticsFilterQuery, asOf, periodSchema } from '../analytics.schemas.js';
import { DICTIONARY_LIMITS } from './extract.js';

export const keywordsQuery = analyticsFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(30).describe('How many keywords (1–100, default 30).'),
});
export type KeywordsQuery = z.infer<typeof keywordsQuery>;

export const keywordItemSchema = z.object({
  term: z.string(),
  count: z.number().int().describe('Commented ratings in the period whose comment contains the term.'),
  share: z.number().describe('count / comments (0–1).'),
  score: z
    .number()
    .describe(
      'TF-IDF: share × ln(1 + N / df), N and df the commented ratings and those containing the term among every ' +
        'comment the caller may see in the period (without the other filters).',
    ),
  previousCount: z
    .number()
    .int()
    .nullable()
    .describe('The same count in the period of the same length just before; null when the period is open.'),
  change: z
    .number()
    .nullable()
    .describe('share / previous share − 1; null when the term was absent before (or the period is open).'),
  rising: z
    .boolean()
    .describe(
      'At least 3 comments now, and absent before or its share up by at least 50 % (false when the previous period ' +
        'had no comments or is unknown).',
    ),
});
export type KeywordItem = z.infer<typeof keywordItemSchema>;

export const keywordsSchema = z.object({
  asOf,
  period: periodSchema,
  comments: z.number().int().describe('Commented ratings in the period.'),
  previousComments: z.number().int().nullable().describe('Commented ratings in the previous period.'),
  items: z.array(keywordItemSchema).describe('Most frequent first (ties by term).'),
});
export type KeywordsView = z.infer<typeof keywordsSchema>;

const word = z
  .string()
  .trim()
  .min(1)
  .max(DICTIONARY_LIMITS.wordLength)
  .refine((w) => !/[\s\p{Cc}]/u.test(w), 'must be one word without spaces or control characters');

export const keywordDictionaryBody = z.object({
  words: z
    .array(word)
    .max(DICTIONARY_LIMITS.words)
    .describe(
      `The whole dictionary (replaces it): up to ${DICTIONARY_LIMITS.words} words of ≤ ${DICTIONARY_LIMITS.wordLength} characters.`,
    ),
});
export type KeywordDictionaryBody = z.infer<typeof keywordDictionaryBody>;

const instant = z.string().nullable();

export const reextractionSchema = z
  .object({
    status: z
      .enum(['idle', 'queued', 'running', 'done', 'failed'])
      .describe(
        'idle: the dictionary was never edited; queued: an edit is waiting for the job; running: the comments are ' +
          'being segmented again (the keyword figures are incomplete meanwhile); done: finished; failed: the last ' +
          'attempt failed (the job is retried a few times, each retry starts over).',
      ),
    done: z.number().int().describe('Commented ratings segmented again so far.'),
    total: z
      .number()
      .int()
      .nullable()
      .describe('Commented ratings to segment, counted when the job started (null while queued or idle).'),
    queuedAt: instant.describe('When the latest edit queued the re-extraction (null: idle).'),
    startedAt: instant.describe('When the job of the latest edit started (its latest attempt); null before.'),
    finishedAt: instant.describe('When it finished or failed; null before.'),
  })
  .describe('The re-extraction of the latest dictionary edit: poll while queued or running.');
export type ReextractionView = z.infer<typeof reextractionSchema>;

export const keywordDictionarySchema = z.object({
  words: z.array(z.string()).describe('Sorted.'),
  reextraction: reextractionSchema,
});
export type KeywordDictionaryView = z.infer<typeof keywordDictionarySchema>;
