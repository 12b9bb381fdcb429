import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../jobs/queue.js';
import { reextractKeywords } from './reextract.js';
import { failReextraction, reextractionTracker } from './reextraction-progress.js';

/**
 * After a dictionary edit: every comment's terms again with the new dictionary (`reextract.ts`), its progress in
 * `keyword_reextraction` under the edit's generation (`reextraction-progress.ts`). A job a newer edit superseded
 * stops at its next chunk (the newer one walks everything). A job without a generation (queued before the progress
 * row existed) re-extracts without reporting.
 */
export const reextractKeywordsJob = defineJob({
  name: 'analytics.keywords-reextract',
  payload: z.object({ generation: z.number().int().positive().optional() }),
  retryLimit: 3,
  expireInSeconds: 60 * 60,
  handler: async ({ generation }, { database, log }) => {
    const started = performance.now();
    try {
      const result = await reextractKeywords(database.db, {
        track: generation === undefined ? undefined : reextractionTracker(generation),
      });
      const ms = Math.round(performance.now() - started);
      if (result.superseded) log.info({ generation, ...result, ms }, 'comment keyword re-extraction superseded');
      else log.info({ generation, ...result, ms }, 'comment keywords re-extracted');
    } catch (err) {
      if (generation !== undefined) {
        await failReextraction(database.db, generation, err).catch((failure: unknown) =>
          log.error({ err: failure }, 'could not mark the keyword re-extraction failed'),
        );
      }
      throw err;
    }
  },
});

export const keywordJobs: JobDefinition[] = [reextractKeywordsJob];
