import { defineProcessor } from '../events/processors.js';
import { raiseAlerts } from './alert-rules.service.js';

/**
 * `alerts`: evaluates the alert rules (`alert-rules.service.ts` `raiseAlerts`; the seeded default rule is SCORING.md
 * §4's negative class) when a rating is submitted — `rating.submitted` is recorded for every rating, so
 * `rating.negative` is not needed and a rating is not evaluated twice — and again when its customer asks to be
 * contacted, the one fact of a rating that changes later. Alerts, the case a rule opens and `alert.raised` commit in
 * the processor's transaction with its position, so a crash neither loses nor doubles them; a replay finds the
 * (rule, rating) alert already there and the rating's one case. Starts at `now`: ratings submitted before the closed
 * loop existed do not flood the inbox.
 */
export const alertsProcessor = defineProcessor({
  name: 'alerts',
  events: ['rating.submitted', 'rating.contact_requested'],
  async handle(event, { tx, jobs, now }) {
    if (!event.subjectId) return;
    await raiseAlerts(tx, jobs, event.subjectId, now());
  },
});
