import { SYSTEM_ACTOR } from '../../http/principal.js';
import { defineProcessor } from '../events/processors.js';
import { findRatings } from '../ratings/ratings-by-id.js';
import { workOrderAttributes } from '../work-orders/work-orders.queries.js';
import { openCaseIn } from './cases.service.js';

/**
 * `alerts`: a negative rating (SCORING.md §4, the default alert rule) opens a remediation case for the responsible
 * manager, in the processor's transaction — the case, its timeline entry and `case.opened` commit with the
 * processor's position, so a crash neither loses nor doubles it (one case per rating). Starts at `now`: ratings that
 * were negative before the closed loop existed do not flood the inbox. Configurable alert rules (answers, NPS,
 * keywords, contact requests) come next on the same processor.
 */
export const alertsProcessor = defineProcessor({
  name: 'alerts',
  events: ['rating.negative'],
  async handle(event, { tx, now }) {
    if (!event.subjectId) return;
    const [rating] = await findRatings(tx, [event.subjectId]);
    if (rating?.class !== 'negative') return;
    const [workOrder] = await workOrderAttributes(tx, [rating.workOrderId]);
    if (!workOrder) return;
    await openCaseIn(
      tx,
      SYSTEM_ACTOR,
      {
        ratingId: rating.id,
        workOrderId: workOrder.id,
        departmentId: workOrder.departmentId,
        severity: 'high',
        summary: null,
      },
      now(),
    );
  },
});
