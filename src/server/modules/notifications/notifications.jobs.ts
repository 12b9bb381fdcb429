import { z } from 'zod';
import { defineJob } from '../../jobs/queue.js';
import { sendNotifications } from './sending.js';

/** Sends one pending notification message at its due time (throttle, digest, quiet hours: `schedule.ts`). */
export const sendNotificationsJob = defineJob({
  name: 'notifications.send',
  payload: z.object({ sendId: z.uuid() }),
  retryLimit: 3,
  handler: async (payload, ctx) => {
    await sendNotifications(
      {
        db: ctx.database.db,
        appSecret: ctx.appSecret,
        log: ctx.log,
        consoleUrl: ctx.config.publicBaseUrl,
        now: ctx.now,
      },
      payload.sendId,
    );
  },
});

export const notificationJobs = [sendNotificationsJob];
