import { defineProcessor } from '../events/processors.js';
import { fileNotifications, NOTIFYING_EVENTS } from './filing.js';

/**
 * `notifications`: files an inbox item for each person an alert or a case event names (`data.notify`), and their place
 * in the next e-mail / SMS (`filing.ts`), in the processor's transaction — at least once, never twice per person.
 */
export const notificationsProcessor = defineProcessor({
  name: 'notifications',
  events: Object.keys(NOTIFYING_EVENTS) as (keyof typeof NOTIFYING_EVENTS)[],
  async handle(event, { tx, jobs, now }) {
    await fileNotifications(tx, jobs, event, now());
  },
});
