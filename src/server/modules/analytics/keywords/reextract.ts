import type { DbOrTx } from '../../../db/client.js';
import { yieldToRequests } from '../../../jobs/yield-to-requests.js';
import { lockAnalyticsWrites } from '../rollup-writes.js';
import { reextractChunk, truncateKeywordTables } from './term-writes.js';

/**
 * Re-extracts every comment's terms with the current user dictionary (after an edit): empties the terms and keyword
 * rollups, then walks the commented facts by rating id, a chunk per transaction, each taking the analytics write lock
 * first (like the rebuild), yielding between chunks. Meanwhile the processor extracts its new ratings with the new
 * dictionary and counts them at once; the walk finds them extracted and skips them. Returns how many chunks ran.
 */
export async function reextractKeywords(
  db: DbOrTx,
  options: { chunkSize?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const chunkSize = options.chunkSize ?? 500;
  await db.transaction(async (tx) => {
    await lockAnalyticsWrites(tx);
    await truncateKeywordTables(tx);
  });
  let after: string | null = null;
  let chunks = 0;
  for (;;) {
    const from: string | null = after;
    after = await db.transaction(async (tx) => {
      await lockAnalyticsWrites(tx);
      return reextractChunk(tx, from, chunkSize);
    });
    chunks += 1;
    options.onProgress?.(chunks * chunkSize);
    await yieldToRequests();
    if (after === null) return chunks;
  }
}
