import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/principal.js';
import { defineJob, type JobDefinition } from '../../jobs/queue.js';
import { createWorkOrderImport, markWorkOrderImportFailed, runWorkOrderImport } from './work-order-imports.service.js';

const IMPORT_RETRIES = 2;

export const importWorkOrdersJob = defineJob({
  name: 'work-orders.import',
  payload: z.object({
    importId: z.uuid(),
    /** Who asked for the import: the events and audit entry are theirs. */
    actor: z.object({
      type: z.enum(['user', 'api_key', 'system']),
      id: z.string().nullable(),
      name: z.string().nullable(),
      ip: z.string().nullable(),
    }),
  }),
  retryLimit: IMPORT_RETRIES,
  expireInSeconds: 30 * 60,
  handler: async ({ importId, actor }, { database, jobs, log, retryCount }) => {
    try {
      await runWorkOrderImport(database.db, jobs, importId, actor);
    } catch (err) {
      log.error({ err, importId }, 'work order import failed');
      if (retryCount >= IMPORT_RETRIES)
        await markWorkOrderImportFailed(database.db, importId, 'the import failed unexpectedly; please try again');
      throw err;
    }
  },
});

export async function enqueueWorkOrderImport(
  ctx: AppContext,
  actor: Actor,
  input: { csv: string; mode: 'all_or_nothing' | 'valid_rows' },
) {
  // The import and its job commit together: no import stays queued without a job.
  return ctx.db.transaction(async (tx) => {
    const created = await createWorkOrderImport(tx, actor, input);
    await ctx.jobs.send(importWorkOrdersJob, { importId: created.id, actor }, { tx });
    return created;
  });
}

export const workOrderJobs: JobDefinition[] = [importWorkOrdersJob];
