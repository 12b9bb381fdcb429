import { useQuery } from '@tanstack/react-query';
import { RATING_CHANNELS as CHANNELS } from '../../../common/channels';
import { type Answer, allOf, client, type ItemOf, ok, type RequestBody } from '../../api/client';

/** Shapes of `/api/v1/rating-rules` and `/rating-defaults`, derived from the generated schema (server: modules/rules). */
export type RatingRule = ItemOf<'/rating-rules'>;
export type RatingChannel = RatingRule['channels'][number];
export type DeliveryPolicy = RatingRule['deliveryPolicy'];
export type RuleFields = Answer<'/rating-rules/fields'>;
export type RuleFieldMeta = RuleFields['fields'][number];
export type Localised = RuleFieldMeta['label'];
export type DryRun = Answer<'/rating-rules/dry-run', 'post'>;
export type Facts = NonNullable<RequestBody<'/rating-rules/dry-run', 'post'>['facts']>;
export type RuleMatch = NonNullable<DryRun['matched']>;
export type FailedCondition = DryRun['evaluated'][number]['failedConditions'][number];
export type RatingDefault = ItemOf<'/rating-defaults'>;

/** The server's list (src/common), checked against the API's enum both ways. */
export const RATING_CHANNELS = allOf<RatingChannel>()(CHANNELS);
export const DELIVERY_POLICIES = allOf<DeliveryPolicy>()(['priority_chain', 'all']);
export const WORK_ORDER_PRIORITIES = allOf<NonNullable<Facts['priority']>>()(['low', 'normal', 'high', 'urgent']);

/**
 * The condition tree as the builder edits it: recursive, while the schema unrolls it to a fixed depth (5 groups, so
 * OpenAPI states the limit); a tree read from the server is one of these, one sent back is checked by the server.
 */
export interface ConditionRule {
  id?: string;
  field: string;
  operator: string;
  value?: unknown;
  valueSource?: 'value';
}

export interface ConditionGroup {
  id?: string;
  combinator: 'and' | 'or';
  not?: boolean;
  rules: (ConditionRule | ConditionGroup)[];
}

export const isGroup = (item: ConditionRule | ConditionGroup): item is ConditionGroup => 'rules' in item;

/**
 * A rule as the drawer edits it; `toRuleBody` makes it the request body. The template may still be unpicked (the
 * server then answers `required` on `templateId`, shown on the field).
 */
export type RuleInput = Omit<RequestBody<'/rating-rules', 'post'>, 'conditions' | 'templateId'> & {
  conditions: ConditionGroup;
  templateId: string | undefined;
};

/** The request body of a rule (the builder's tree is deeper-typed than the schema's unrolled one; the server checks the depth). */
export function toRuleBody(input: RuleInput): RequestBody<'/rating-rules', 'post'> {
  return input as unknown as RequestBody<'/rating-rules', 'post'>;
}

/** Every query key of the feature. */
export const ruleKeys = {
  /** The rules in priority order (the whole list: it is reordered by dragging). */
  all: ['rating-rules'] as const,
  fields: () => [...ruleKeys.all, 'fields'] as const,
  defaults: ['rating-defaults'] as const,
};

export function useRules() {
  return useQuery({
    queryKey: ruleKeys.all,
    queryFn: () => ok(client.GET('/rating-rules')).then((page) => page.items),
  });
}

export function useRuleFields() {
  return useQuery({
    queryKey: ruleKeys.fields(),
    queryFn: () => ok(client.GET('/rating-rules/fields')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRatingDefaults() {
  return useQuery({
    queryKey: ruleKeys.defaults,
    queryFn: () => ok(client.GET('/rating-defaults')).then((page) => page.items),
  });
}
