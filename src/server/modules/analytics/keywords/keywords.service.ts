import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { ratingFacts } from '../../../db/schema/analytics.js';
import { commentKeywordRollups, commentTerms } from '../../../db/schema/keywords.js';
import { executeRows } from '../../../db/sql.js';
import type { Actor } from '../../../http/principal.js';
import type { JobQueue } from '../../../jobs/queue.js';
import { recordAudit } from '../../audit/audit.service.js';
import { processorAsOf } from '../../events/processor-status.js';
import { ANALYTICS_PROCESSOR } from '../analytics.service.js';
import { previousPeriod, resolveFilters } from '../filters.js';
import { type Period, planBuckets } from '../period.js';
import { attributeConditions, bucketCondition, type ResolvedFilters, rollupFamily } from '../sums.js';
import { dictionaryWords, writeDictionary } from './dictionary.js';
import { reextractKeywordsJob } from './keywords.jobs.js';
import type { KeywordDictionaryView, KeywordItem, KeywordsQuery, KeywordsView } from './keywords.schemas.js';
import { queueReextraction, reextractionView } from './reextraction-progress.js';

/** A keyword needs this many comments in the period to be called rising. */
export const RISING_MIN_COUNT = 3;
/** …and its share up by this much (or absent before). */
export const RISING_MIN_CHANGE = 0.5;

const all = (parts: SQL[]): SQL => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
const inPeriod = (p: Period): SQL[] => [
  ...(p.from ? [sql`f.submitted_at >= ${p.from.toISOString()}::timestamptz`] : []),
  ...(p.to ? [sql`f.submitted_at < ${p.to.toISOString()}::timestamptz`] : []),
];

/**
 * Comments per term for the filters, most frequent first (the term '' = the commented ratings, so it always leads).
 * One statement, never a scan of the comments: with no or one dimension filter, the family's keyword rollup (month
 * rows for whole local months, day rows for whole days — like `sums.ts`) plus the partial-day edges from the facts
 * joined to their terms; with two or more filters, the facts of the period (the filters' indexes) joined to their
 * terms by `comment_terms`' primary key. `terms` restricts the answer (the previous period, the IDF corpus).
 */
async function termCounts(
  db: Db,
  f: ResolvedFilters,
  opts: { limit?: number; terms?: string[] },
): Promise<Map<string, number>> {
  const onlyTerms = (column: SQL) => (opts.terms ? [sql`${column} = any(${sql.param(opts.terms)}::text[])`] : []);
  const factsWhere = (period: SQL[]) => all([...attributeConditions(f, { source: true }), ...period]);
  const facts = (where: SQL) =>
    sql`select ct.term, count(*) as count from ${ratingFacts} f join ${commentTerms} ct on ct.rating_id = f.rating_id
        where ${where} and ${all(onlyTerms(sql`ct.term`))} group by ct.term`;
  const rollup = rollupFamily(f);
  let parts: SQL[];
  if (rollup) {
    const plan = planBuckets(f.period, f.timeZone);
    const buckets = bucketCondition(plan, null);
    parts = [
      sql`select term, sum(count) as count from ${commentKeywordRollups}
          where family = ${rollup.family} and member = any(${sql.param(rollup.members)}::text[]) and ${buckets}
            and ${all(onlyTerms(sql`term`))}
          group by term`,
    ];
    if (plan.edges.length > 0) {
      parts.push(
        facts(
          factsWhere([
            sql`(${sql.join(
              plan.edges.map((e) => sql`(${all(inPeriod(e))})`),
              sql` or `,
            )})`,
          ]),
        ),
      );
    }
  } else {
    parts = [facts(factsWhere(inPeriod(f.period)))];
  }
  const limit = opts.limit === undefined ? sql`` : sql`limit ${opts.limit}`;
  const rows = await executeRows<{ term: string; count: string | number }>(
    db,
    sql`select term, sum(count)::bigint as count from (${sql.join(parts, sql` union all `)}) c
        group by term order by 2 desc, term collate "C" ${limit}`,
  );
  return new Map(rows.map((r) => [r.term, Number(r.count)]));
}

/** Only the caller's access (their visible departments, or an engineer's own ratings): the IDF corpus. */
function corpusOf(f: ResolvedFilters, scoped: ResolvedFilters): ResolvedFilters {
  return { period: f.period, timeZone: f.timeZone, departmentIds: scoped.departmentIds, engineerId: scoped.engineerId };
}

/** True when the query names no filter but the period: the selection is the corpus itself. */
const unfiltered = (query: KeywordsQuery) =>
  Object.entries(query).every(([k, v]) => k === 'from' || k === 'to' || k === 'limit' || v === undefined);

/**
 * `GET /analytics/keywords`: the most frequent terms of the comments the filters select (per comment: a comment
 * counts once for a term), each with its share, TF-IDF score and the previous period's count (rising keywords).
 * Filters and access are the dashboard's (`resolveFilters`).
 */
export async function analyticsKeywords(db: Db, actor: Actor, query: KeywordsQuery): Promise<KeywordsView> {
  const f = await resolveFilters(db, actor, query);
  const scoped = await resolveFilters(db, actor, { from: query.from, to: query.to });
  const corpus = corpusOf(f, scoped);
  const [asOf, current] = await Promise.all([
    processorAsOf(db, ANALYTICS_PROCESSOR),
    termCounts(db, f, { limit: query.limit + 1 }),
  ]);
  const comments = current.get('') ?? 0;
  const terms = [...current.keys()].filter((t) => t !== '').slice(0, query.limit);
  const wanted = ['', ...terms];
  const before = previousPeriod(f.period);
  const [previous, df] = await Promise.all([
    before ? termCounts(db, { ...f, period: before }, { terms: wanted }) : null,
    unfiltered(query) ? current : termCounts(db, corpus, { terms: wanted }),
  ]);
  const previousComments = previous ? (previous.get('') ?? 0) : null;
  const n = df.get('') ?? comments;
  const items: KeywordItem[] = terms.map((term) => {
    const count = current.get(term) ?? 0;
    const share = comments > 0 ? count / comments : 0;
    const idf = Math.log(1 + n / Math.max(1, df.get(term) ?? count));
    const previousCount = previous ? (previous.get(term) ?? 0) : null;
    const previousShare = previousComments ? (previousCount ?? 0) / previousComments : null;
    const change = previousShare ? share / previousShare - 1 : null;
    const rising =
      previousComments !== null &&
      previousComments > 0 &&
      count >= RISING_MIN_COUNT &&
      (previousCount === 0 || (change !== null && change >= RISING_MIN_CHANGE));
    return { term, count, share, score: share * idf, previousCount, change, rising };
  });
  return {
    asOf,
    period: { from: f.period.from?.toISOString() ?? null, to: f.period.to?.toISOString() ?? null },
    comments,
    previousComments,
    items,
  };
}

/** The dictionary and the progress of its latest edit's re-extraction. */
export async function getKeywordDictionary(db: Db): Promise<KeywordDictionaryView> {
  const [words, reextraction] = await Promise.all([dictionaryWords(db), reextractionView(db)]);
  return { words, reextraction };
}

/**
 * Replaces the user dictionary (duplicates dropped, sorted), audited, and — when it changed — sets the progress row
 * `queued` with a new generation and enqueues the re-extraction of every comment's terms with it, all in the same
 * transaction (`analytics.keywords-reextract`).
 */
export async function replaceKeywordDictionary(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  words: string[],
): Promise<KeywordDictionaryView & { reextracting: boolean }> {
  const next = [...new Set(words.map((w) => w.normalize('NFKC').trim()))].sort();
  return db.transaction(async (tx) => {
    const before = await dictionaryWords(tx);
    const changed = before.length !== next.length || before.some((w) => !next.includes(w));
    if (changed) {
      await writeDictionary(tx, next);
      await recordAudit(tx, actor, {
        action: 'keyword_dictionary.replace',
        entityType: 'keyword_dictionary',
        before: { words: before },
        after: { words: next },
      });
      const generation = await queueReextraction(tx);
      await jobs.send(reextractKeywordsJob, { generation }, { tx });
    }
    return { words: next, reextraction: await reextractionView(tx), reextracting: changed };
  });
}
