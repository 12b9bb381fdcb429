import { useQuery } from '@tanstack/react-query';
import { CASE_SEVERITIES } from '../../../common/cases';
import { type Answer, allOf, client, type ItemOf, ok, type RequestBody } from '../../api/client';
import { departmentKeys } from '../departments/departmentsApi';
import { type ConditionGroup, ruleKeys } from '../rules/rulesApi';
import { slaKeys } from '../sla/slaApi';

/** Shapes of `/api/v1/alert-rules`, derived from the generated schema (server: modules/cases/alert-rules.*). */
export type AlertRule = ItemOf<'/alert-rules'>;
export type AlertFields = Answer<'/alert-rules/fields'>;
export type AlertRatingField = AlertFields['ratingFields'][number];
export type AlertPrefixField = AlertFields['prefixFields'][number];
export type Severity = AlertRule['severity'];
export type Notify = AlertRule['notify'];
export type AlertRuleBody = RequestBody<'/alert-rules', 'post'>;

/** The server's list (src/common/cases.ts), checked against the API's enum both ways. */
export const SEVERITIES = allOf<Severity>()(CASE_SEVERITIES);
export const SEVERITY_COLORS: Record<Severity, string> = {
  low: 'default',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};

/** A rule as the drawer edits it: the condition is the builder's recursive tree (the server checks the depth). */
export type AlertRuleInput = Omit<AlertRuleBody, 'condition'> & { condition: ConditionGroup };

export function toAlertRuleBody(input: AlertRuleInput): AlertRuleBody {
  return input as unknown as AlertRuleBody;
}

export const alertRuleKeys = {
  /** The whole list in evaluation order (reordered by dragging). */
  all: ['alert-rules'] as const,
  fields: () => [...alertRuleKeys.all, 'fields'] as const,
};

export function useAlertRules() {
  return useQuery({
    queryKey: alertRuleKeys.all,
    queryFn: () => ok(client.GET('/alert-rules')).then((page) => page.items),
  });
}

export function useAlertFields() {
  return useQuery({
    queryKey: alertRuleKeys.fields(),
    queryFn: () => ok(client.GET('/alert-rules/fields')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/*
 * What the page reads besides the rules, each only when the caller may (a follow-up agent reads the alert rules with
 * `cases.read` but neither the rating rules' fields, the departments nor the SLA policies): the same keys and requests
 * as `useRuleFields`, `useDepartments` and `usePolicies`, so their caches are shared.
 */
export function useRuleFieldsIf(enabled: boolean) {
  return useQuery({
    queryKey: ruleKeys.fields(),
    queryFn: () => ok(client.GET('/rating-rules/fields')),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });
}

export function useDepartmentsIf(enabled: boolean) {
  return useQuery({
    queryKey: departmentKeys.all,
    queryFn: () => ok(client.GET('/departments', { params: { query: { limit: 500 } } })).then((page) => page.items),
    enabled,
  });
}

export function usePoliciesIf(enabled: boolean) {
  return useQuery({
    queryKey: slaKeys.policies,
    queryFn: () => ok(client.GET('/sla-policies')),
    enabled,
  });
}
