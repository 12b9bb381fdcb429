import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/principal.js';
import { defineJob, type JobDefinition } from '../../jobs/queue.js';
import { analyticsSources } from './analytics-sources.js';
import { markExportFailed, runExport } from './export-runner.js';
import { presentExport } from './exports.presenter.js';
import type { CreateExportInput } from './exports.schemas.js';
import { createExport, purgeExpiredExports } from './exports.service.js';

const EXPORT_RETRIES = 2;

export const runExportJob = defineJob({
  name: 'exports.run',
  payload: z.object({ exportId: z.uuid() }),
  retryLimit: EXPORT_RETRIES,
  expireInSeconds: 30 * 60,
  handler: async ({ exportId }, { database, config, log, now, retryCount }) => {
    try {
      const stats = await runExport(database.db, config.DATA_DIR, exportId, analyticsSources, now);
      if (stats)
        log.info(
          { exportId, rows: stats.rows, peakRss: stats.peakRss, peakHeapUsed: stats.peakHeapUsed },
          'export written',
        );
    } catch (err) {
      log.error({ err, exportId }, 'export failed');
      if (retryCount >= EXPORT_RETRIES) await markExportFailed(database.db, config.DATA_DIR, exportId, now());
      throw err;
    }
  },
});

/** Every 10 minutes: the files of expired exports are deleted. */
export const purgeExportsJob = defineJob({
  name: 'exports.purge',
  payload: z.object({}),
  handler: async (_payload, { database, config, log, now }) => {
    const purged = await purgeExpiredExports(database.db, config.DATA_DIR, now());
    if (purged) log.info({ purged }, 'expired exports deleted');
  },
});

/** The export and its job commit together: no export stays queued without a job. */
export async function requestExport(ctx: AppContext, actor: Actor, input: CreateExportInput) {
  return ctx.db.transaction(async (tx) => {
    const row = await createExport(tx, actor, input, new Date());
    await ctx.jobs.send(runExportJob, { exportId: row.id }, { tx });
    return presentExport(row);
  });
}

export const exportJobs: JobDefinition[] = [runExportJob, purgeExportsJob];
