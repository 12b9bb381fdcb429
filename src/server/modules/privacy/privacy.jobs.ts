import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/queue.js';
import { getOrganisationProfile } from '../settings/settings.service.js';
import { lastRetentionRun, RETENTION_HOUR, runRetention } from './retention.service.js';

/**
 * Hourly tick; the run happens at 03:xx in the organisation's time zone (which may change), or at once when asked
 * (`now`: the console's "run now"), or on the next tick after a run that was cut short (it resumes: every batch marks
 * what it did).
 */
export const retentionJob = defineJob({
  name: 'privacy.retention',
  payload: z.object({ now: z.boolean().default(false) }),
  retryLimit: 3,
  expireInSeconds: 60 * 60,
  handler: async (payload, { database, log, now }) => {
    const at = now();
    const { timeZone } = await getOrganisationProfile(database.db);
    const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone }).format(at));
    const last = await lastRetentionRun(database.db);
    // A run cut short (a crash, a deploy) is resumed by a later tick — once it is surely not still going.
    const unfinished =
      last !== null && last.finishedAt === null && at.getTime() - Date.parse(last.startedAt) > 65 * 60_000;
    if (!payload.now && hour !== RETENTION_HOUR && !unfinished) return;
    const run = await runRetention(database.db, at);
    log.info({ counts: run.counts }, 'retention run finished');
  },
});

export const privacyJobs: JobDefinition[] = [retentionJob];
