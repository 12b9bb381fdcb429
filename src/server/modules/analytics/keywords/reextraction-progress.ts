import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { ratingFacts } from '../../../db/schema/analytics.js';
import { keywordReextraction } from '../../../db/schema/keywords.js';
import type { ReextractionView } from './keywords.schemas.js';
import type { ReextractionTracker } from './reextract.js';

/** How much of a failure's message the row keeps. */
const ERROR_LENGTH = 300;

const current = (generation: number) =>
  and(eq(keywordReextraction.id, 1), eq(keywordReextraction.generation, generation));

/**
 * A dictionary edit (in its transaction, before sending the job): the row back to `queued` with the next generation —
 * the one the job is sent with. The upsert's row lock orders two edits racing.
 */
export async function queueReextraction(tx: DbOrTx): Promise<number> {
  const reset = { status: 'queued', done: 0, total: null, startedAt: null, finishedAt: null, error: null } as const;
  const [row] = await tx
    .insert(keywordReextraction)
    .values({ id: 1, generation: 1, ...reset })
    .onConflictDoUpdate({
      target: keywordReextraction.id,
      set: { ...reset, generation: sql`${keywordReextraction.generation} + 1`, queuedAt: sql`now()` },
    })
    .returning({ generation: keywordReextraction.generation });
  return row!.generation;
}

/**
 * What the job of this generation writes, each call in the transaction given (`reextractKeywords`): `running` with
 * the commented facts as `total` before it empties the tables, then `done` in each chunk's transaction and the end.
 * Every write is conditioned on the generation: false = a newer edit superseded the job (nothing written).
 */
export function reextractionTracker(generation: number): ReextractionTracker {
  return {
    start: async (tx) => {
      const [facts] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(ratingFacts)
        .where(isNotNull(ratingFacts.comment));
      const rows = await tx
        .update(keywordReextraction)
        .set({
          status: 'running',
          done: 0,
          total: facts?.n ?? 0,
          startedAt: sql`now()`,
          finishedAt: null,
          error: null,
        })
        .where(current(generation))
        .returning({ id: keywordReextraction.id });
      return rows.length > 0;
    },
    chunk: async (tx, done, last) => {
      const rows = await tx
        .update(keywordReextraction)
        .set(
          last
            ? { status: 'done', done, total: done, finishedAt: sql`now()` }
            : { done, total: sql`greatest(${keywordReextraction.total}, ${done})` },
        )
        .where(current(generation))
        .returning({ id: keywordReextraction.id });
      return rows.length > 0;
    },
  };
}

/** The job of this generation threw (pg-boss retries it; the retry starts again from `running`). */
export async function failReextraction(db: DbOrTx, generation: number, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db
    .update(keywordReextraction)
    .set({ status: 'failed', finishedAt: sql`now()`, error: message.slice(0, ERROR_LENGTH) })
    .where(current(generation));
}

/** The progress as `GET /analytics/keyword-dictionary` shows it (`idle` before the first edit). */
export async function reextractionView(db: DbOrTx): Promise<ReextractionView> {
  const [row] = await db.select().from(keywordReextraction).where(eq(keywordReextraction.id, 1));
  if (!row) return { status: 'idle', done: 0, total: null, queuedAt: null, startedAt: null, finishedAt: null };
  return {
    status: row.status,
    done: row.done,
    total: row.total,
    queuedAt: row.queuedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
