import { z } from 'zod';
import { defineJob } from '../../jobs/queue.js';
import { notifyProblem } from './problem-notices.js';

/** Tells the admins about a new (or re-opened) delivery problem by e-mail; enqueued with the failed attempt. */
export const notifyProblemJob = defineJob({
  name: 'delivery.notify_problem',
  payload: z.object({ problemId: z.uuid(), generation: z.number().int().min(1) }),
  retryLimit: 3,
  handler: async (payload, ctx) => {
    await notifyProblem(
      { db: ctx.database.db, appSecret: ctx.appSecret, log: ctx.log, consoleUrl: ctx.config.publicBaseUrl },
      payload,
    );
  },
});
