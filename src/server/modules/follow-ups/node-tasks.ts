import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { followUpRules } from '../../db/schema/follow-ups.js';
import { SYSTEM_ACTOR } from '../../http/principal.js';
import { customerRatedSince } from '../ratings/follow-up-rating.js';
import { evaluateConditions } from '../rules/conditions.js';
import { matchRule, resolveFacts } from '../rules/match.js';
import { ruleFactsOf } from '../rules/rule-facts.js';
import { workOrderRowsByIds } from '../work-orders/work-orders.queries.js';
import { endFollowUpNode, followUpNode } from '../workflows/follow-up-node.js';
import { nextCallableAt } from './calling-windows.js';
import { currentCallingCalendar } from './follow-up-settings.js';
import { createFollowUpTask, type NewFollowUpTask } from './tasks.service.js';

/** What a follow-up node decides for one work order: template, agent or group, and the options. */
interface TaskPlan {
  ruleId: string | null;
  templateId: string | null;
  target: { assignment: 'agent'; agentId: string } | { assignment: 'round_robin' | 'least_loaded'; groupId: string };
  onlyIfUnratedHours: number | null;
  dueHours: number | null;
}

/**
 * The plan of a follow-up node instance: in standard mode its one setting; in rule mode the first enabled follow-up
 * rule, by priority, whose conditions match the work order (the rating rules' condition engine). Null: no task (no
 * agent or group configured, or no rule matched).
 */
export async function planFor(db: DbOrTx, nodeId: string): Promise<TaskPlan | null> {
  const node = await followUpNode(db, nodeId);
  if (!node) return null;
  const [wo] = await workOrderRowsByIds(db, [node.workOrderId]);
  if (!wo) return null;
  const facts = await resolveFacts(db, ruleFactsOf(wo));
  if (node.config.mode === 'rule') {
    const rules = await db
      .select()
      .from(followUpRules)
      .where(eq(followUpRules.enabled, true))
      .orderBy(asc(followUpRules.priority));
    const rule = rules.find((r) => evaluateConditions(r.conditions, facts));
    if (!rule) return null;
    return {
      ruleId: rule.id,
      templateId: rule.templateId,
      target:
        rule.assignment === 'agent'
          ? { assignment: 'agent', agentId: rule.agentId! }
          : { assignment: rule.assignment, groupId: rule.groupId! },
      onlyIfUnratedHours: rule.onlyIfUnratedHours,
      dueHours: rule.dueHours,
    };
  }
  const standard = node.config.standard;
  if (!standard) return null;
  const target: TaskPlan['target'] | null = standard.agentId
    ? { assignment: 'agent', agentId: standard.agentId }
    : standard.groupRoundRobin
      ? { assignment: standard.groupStrategy ?? 'round_robin', groupId: standard.groupRoundRobin.departmentId }
      : null;
  if (!target) return null;
  // Without its own template the survey is the one the rating rules pick for this work order.
  const templateId = standard.templateId ?? (await matchRule(db, facts))?.templateId ?? null;
  return {
    ruleId: null,
    templateId,
    target,
    onlyIfUnratedHours: standard.onlyIfUnratedHours ?? null,
    dueHours: standard.dueHours ?? null,
  };
}

/**
 * Creates the task of a started follow-up node instance (once per instance), in the caller's transaction; `force`
 * skips the "only when not rated" wait (the delayed job calls it when the wait is over). Returns what happened:
 * `created`, `waiting` (a job must come back at `waitUntil`), `rated` (the customer rated meanwhile: the node ends
 * without a task), `none` (nothing to create).
 */
export async function createTaskForNode(
  tx: DbOrTx,
  nodeId: string,
  now: Date,
  opts: { afterWait?: boolean } = {},
): Promise<{ outcome: 'created' | 'waiting' | 'rated' | 'none'; waitUntil?: Date }> {
  const node = await followUpNode(tx, nodeId);
  if (node?.status !== 'active') return { outcome: 'none' };
  const plan = await planFor(tx, nodeId);
  if (!plan) {
    await endFollowUpNode(tx, SYSTEM_ACTOR, nodeId, 'no_task', now);
    return { outcome: 'none' };
  }
  const started = node.startedAt ?? now;
  if (plan.onlyIfUnratedHours) {
    const waitUntil = new Date(started.getTime() + plan.onlyIfUnratedHours * 3_600_000);
    if (!opts.afterWait && waitUntil > now) return { outcome: 'waiting', waitUntil };
    if (await customerRatedSince(tx, node.workOrderId, started)) {
      await endFollowUpNode(tx, SYSTEM_ACTOR, nodeId, 'rated', now);
      return { outcome: 'rated' };
    }
  }
  const { settings, calendar } = await currentCallingCalendar(tx);
  const dueHours = plan.dueHours ?? settings.dueHours;
  const input: NewFollowUpTask = {
    workOrderId: node.workOrderId,
    nodeId,
    ruleId: plan.ruleId,
    templateId: plan.templateId,
    dueAt: new Date(now.getTime() + dueHours * 3_600_000),
    nextCallAt: nextCallableAt(calendar, now),
    ...plan.target,
  };
  await createFollowUpTask(tx, input, now);
  return { outcome: 'created' };
}
