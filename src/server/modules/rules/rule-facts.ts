import type { RuleFacts } from './conditions.js';

/**
 * The work-order fields rules read. modules/work-orders owns the row (`work_orders`): any row of it fits, and rules
 * need not read that module's schema.
 */
export interface RuleFactsSource {
  serviceTypeId: string;
  recordType: string | null;
  departmentId: string | null;
  regionId: string | null;
  store: string | null;
  touchpoint: string | null;
  priority: NonNullable<RuleFacts['priority']>;
  custom: Record<string, unknown>;
}

/** What rating rules see of a work order: one mapping, used by the rating node and by the rules dry run. */
export function ruleFactsOf(wo: RuleFactsSource): RuleFacts {
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
