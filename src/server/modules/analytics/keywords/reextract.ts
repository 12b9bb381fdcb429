import type { DbOrTx } from '../../../db/client.js';
import { yieldToRequests } from '../../../jobs/yield-to-requests.js';
import { lockAnalyticsWrites } from '../rollup-writes.js';
import { recountKeptCommentTerms, reextractChunk, truncateKeywordTables } from './term-writes.js';

/** Progress writes of a re-extraction, each in the transaction it is given (`reextraction-progress.ts`). */
export interface ReextractionTracker {
  /** Before the tables are emptied, in that transaction. False: superseded — nothing is done. */
  start: (tx: DbOrTx) => Promise<boolean>;
  /** After each chunk's writes, in its transaction: facts walked so far, `last` on the final chunk. False: stop. */
  chunk: (tx: DbOrTx, done: number, last: boolean) => Promise<boolean>;
}

export interface ReextractionResult {
  chunks: number;
  /** Commented facts walked. */
  done: number;
  /** The tracker reported a newer re-extraction: this one stopped (the newer one does the whole walk). */
  superseded: boolean;
}

/**
 * Re-extracts every comment's terms with the current user dictionary (after an edit): empties the terms and keyword
 * rollups, then walks the commented facts by rating id, a chunk per transaction, each taking the analytics write lock
 * first (like the rebuild), yielding between chunks. Meanwhile the processor extracts its new ratings with the new
 * dictionary and counts them at once; the walk finds them extracted and skips them. `track` records the progress in
 * the same transactions; `onProgress` hears the facts walked after each chunk's commit.
 */
export async function reextractKeywords(
  db: DbOrTx,
  options: {
    chunkSize?: number;
    track?: ReextractionTracker;
    onProgress?: (done: number) => void | Promise<void>;
  } = {},
): Promise<ReextractionResult> {
  const chunkSize = options.chunkSize ?? 500;
  const { track } = options;
  const started = await db.transaction(async (tx) => {
    await lockAnalyticsWrites(tx);
    if (track && !(await track.start(tx))) return false;
    await truncateKeywordTables(tx);
    await recountKeptCommentTerms(tx);
    return true;
  });
  if (!started) return { chunks: 0, done: 0, superseded: true };
  let after: string | null = null;
  let chunks = 0;
  let done = 0;
  for (;;) {
    const from: string | null = after;
    const walkedBefore = done;
    const step = await db.transaction(async (tx) => {
      await lockAnalyticsWrites(tx);
      const chunk = await reextractChunk(tx, from, chunkSize);
      const current = track ? await track.chunk(tx, walkedBefore + chunk.walked, chunk.last === null) : true;
      return { ...chunk, current };
    });
    after = step.last;
    done += step.walked;
    chunks += 1;
    if (!step.current) return { chunks, done, superseded: true };
    await options.onProgress?.(done);
    await yieldToRequests();
    if (after === null) return { chunks, done, superseded: false };
  }
}
