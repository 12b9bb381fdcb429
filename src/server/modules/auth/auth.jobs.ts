import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/queue.js';
import { deleteExpiredSessions } from './session.service.js';

export const purgeExpiredSessionsJob = defineJob({
  name: 'auth.purge-expired-sessions',
  payload: z.object({}),
  retryLimit: 2,
  handler: async (_payload, { database }) => {
    await deleteExpiredSessions(database.db);
  },
});

export const authJobs: JobDefinition[] = [purgeExpiredSessionsJob];
