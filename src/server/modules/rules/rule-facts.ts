import type { workOrders } from '../../db/schema/work-orders.js';
import type { RuleFacts } from './conditions.js';

/** What rating rules see of a work order: one mapping, used by the rating node and by the rules dry run. */
export function ruleFactsOf(wo: typeof workOrders.$inferSelect): RuleFacts {
  return {
    serviceTypeId: wo.serviceTypeId,
    recordType: wo.recordType ?? undefined,
    departmentId: wo.departmentId ?? undefined,
    regionId: wo.regionId ?? undefined,
    store: wo.store ?? undefined,
    touchpoint: wo.touchpoint ?? undefined,
    priority: wo.priority,
    custom: wo.custom,
  };
}
