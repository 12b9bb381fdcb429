import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../jobs/queue.js';
import { reextractKeywords } from './reextract.js';

/** After a dictionary edit: every comment's terms again with the new dictionary (`reextract.ts`). */
export const reextractKeywordsJob = defineJob({
  name: 'analytics.keywords-reextract',
  payload: z.object({}),
  retryLimit: 3,
  expireInSeconds: 60 * 60,
  handler: async (_payload, { database, log }) => {
    const started = performance.now();
    const chunks = await reextractKeywords(database.db);
    log.info({ chunks, ms: Math.round(performance.now() - started) }, 'comment keywords re-extracted');
  },
});

export const keywordJobs: JobDefinition[] = [reextractKeywordsJob];
