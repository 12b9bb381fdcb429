import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/principal.js';
import { defineJob, type JobDefinition } from '../../jobs/queue.js';
import {
  createEmployeeImport,
  type ImportMode,
  markImportFailed,
  runEmployeeImport,
} from './employee-imports.service.js';

const IMPORT_RETRIES = 2;

export const importEmployeesJob = defineJob({
  name: 'org.import-employees',
  payload: z.object({
    importId: z.uuid(),
    /** Who asked for the import: the audit event is theirs, not the system's. */
    actor: z.object({
      type: z.enum(['user', 'api_key', 'system']),
      id: z.string().nullable(),
      name: z.string().nullable(),
      ip: z.string().nullable(),
    }),
  }),
  retryLimit: IMPORT_RETRIES,
  retryDelaySeconds: 5,
  expireInSeconds: 30 * 60,
  handler: async ({ importId, actor }, { database, log, retryCount }) => {
    try {
      await runEmployeeImport(database.db, importId, actor);
    } catch (err) {
      log.error({ err, importId }, 'employee import failed');
      if (retryCount >= IMPORT_RETRIES)
        await markImportFailed(database.db, importId, 'the import failed unexpectedly; please try again');
      throw err;
    }
  },
});

/** Records the import (status `queued`) and queues its job; the queue is durable, so a restart does not lose it. */
export async function enqueueEmployeeImport(ctx: AppContext, actor: Actor, input: { csv: string; mode: ImportMode }) {
  // The import and its job commit together: no import stays queued without a job.
  return ctx.db.transaction(async (tx) => {
    const created = await createEmployeeImport(tx, actor, input);
    await ctx.jobs.send(importEmployeesJob, { importId: created.id, actor }, { tx });
    return created;
  });
}

export const orgJobs: JobDefinition[] = [importEmployeesJob];
