import { useQuery } from '@tanstack/react-query';
import { type Answer, allOf, client, type ItemOf, ok, type RequestBody } from '../../api/client';
import type { ConditionGroup } from '../rules/rulesApi';

/** Shapes of `/api/v1/follow-up-rules`, derived from the generated schema (server: modules/follow-ups/follow-up-rules.*). */
export type FollowUpRule = ItemOf<'/follow-up-rules'>;
export type FollowUpAssignment = FollowUpRule['assignment'];
export type GroupStrategy = Exclude<FollowUpAssignment, 'agent'>;
export type FollowUpDryRun = Answer<'/follow-up-rules/dry-run', 'post'>;
export type FollowUpRuleBody = RequestBody<'/follow-up-rules', 'post'>;

/** How a group's agents take turns (the server's list, checked against the API's enum both ways). */
export const GROUP_STRATEGIES = allOf<GroupStrategy>()(['round_robin', 'least_loaded']);

/** A rule as the drawer edits it: the conditions are the builder's recursive tree (the server checks the depth). */
export type FollowUpRuleInput = Omit<FollowUpRuleBody, 'conditions' | 'templateId'> & {
  conditions: ConditionGroup;
  templateId: string | undefined;
};

/** The request body of a rule (the builder's tree is deeper-typed than the schema's unrolled one). */
export function toFollowUpRuleBody(input: FollowUpRuleInput): FollowUpRuleBody {
  return input as unknown as FollowUpRuleBody;
}

/** Every query key of the feature. */
export const followUpRuleKeys = {
  /** The rules in priority order (the whole list: it is reordered by dragging). */
  all: ['follow-up-rules'] as const,
  /** Active follow-up agents matching a search (the agent picker). */
  agents: (q: string) => ['follow-up-rules', 'agents', q] as const,
};

export function useFollowUpRules() {
  return useQuery({
    queryKey: followUpRuleKeys.all,
    queryFn: () => ok(client.GET('/follow-up-rules')).then((page) => page.items),
  });
}

/** Active employees holding the follow-up agent role whose name, number, phone or e-mail contains `q`. */
export function useFollowUpAgents(q: string, enabled = true) {
  return useQuery({
    queryKey: followUpRuleKeys.agents(q),
    enabled,
    queryFn: () =>
      ok(
        client.GET('/employees', {
          params: { query: { q: q || undefined, role: 'follow_up_agent', active: 'true', limit: 50 } },
        }),
      ).then((page) => page.items),
  });
}
