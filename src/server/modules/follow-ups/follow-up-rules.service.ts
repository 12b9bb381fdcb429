import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import { readAll } from '../../db/reads.js';
import { followUpRules } from '../../db/schema/follow-ups.js';
import type { Actor } from '../../http/principal.js';
import { type FieldError, fieldErrors, issue, notFound, ProblemError } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { departmentKinds, employeeContacts, orgNames } from '../org/lookups.js';
import { evaluateConditions, explainFailure, type RuleFacts, validateConditions } from '../rules/conditions.js';
import { resolveFacts } from '../rules/match.js';
import { closeGap, moveTo, placeNew, setOrder } from '../rules/ordering.js';
import { checkUsableTemplate } from '../rules/rules.service.js';
import { templateNames } from '../templates/versions.service.js';
import type {
  CreateFollowUpRuleInput,
  followUpDryRunSchema,
  followUpRuleSchema,
  UpdateFollowUpRuleInput,
} from './follow-up-rules.schemas.js';

/**
 * Follow-up rules (issue 19), kept like the rating rules: positions 1..n (`rules/ordering.ts`), conditions in the
 * rating rules' format checked by `validateConditions`, every change audited (`follow_up_rule.*`). A follow-up node
 * in rule mode uses the first enabled rule, by priority, whose conditions match (`node-tasks.ts` `planFor`); the
 * dry run explains that choice.
 */

type RuleRow = typeof followUpRules.$inferSelect;
export type FollowUpRuleView = z.infer<typeof followUpRuleSchema>;
export type FollowUpDryRun = z.infer<typeof followUpDryRunSchema>;

const ORDER = [asc(followUpRules.priority), asc(followUpRules.createdAt), asc(followUpRules.id)];

const audited = ({ createdAt: _c, updatedAt: _u, ...rest }: RuleRow) => rest;

/** Presents rows with the names of their templates, agents and groups (three lookups for any number of rows). */
async function present(db: DbOrTx, rows: RuleRow[]): Promise<FollowUpRuleView[]> {
  const [templates, org] = await readAll(db, [
    () =>
      templateNames(
        db,
        rows.map((r) => r.templateId),
      ),
    () =>
      orgNames(db, {
        serviceTypeIds: [],
        departmentIds: rows.flatMap((r) => (r.groupId ? [r.groupId] : [])),
        employeeIds: rows.flatMap((r) => (r.agentId ? [r.agentId] : [])),
      }),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    priority: r.priority,
    conditions: r.conditions,
    templateId: r.templateId,
    // The foreign key keeps every rule's template.
    templateName: templates.get(r.templateId) ?? '',
    assignment: r.assignment,
    agentId: r.agentId,
    agentName: r.agentId ? (org.get(r.agentId) ?? null) : null,
    groupId: r.groupId,
    groupName: r.groupId ? (org.get(r.groupId) ?? null) : null,
    onlyIfUnratedHours: r.onlyIfUnratedHours,
    dueHours: r.dueHours,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** Every follow-up rule in evaluation order (lowest priority number first). */
export async function listFollowUpRules(db: DbOrTx) {
  const rows = await db
    .select()
    .from(followUpRules)
    .orderBy(...ORDER);
  return { items: await present(db, rows), nextCursor: null };
}

export async function getFollowUpRule(db: DbOrTx, id: string): Promise<FollowUpRuleView> {
  const [row] = await db.select().from(followUpRules).where(eq(followUpRules.id, id));
  if (!row) throw notFound('Follow-up rule', id);
  return (await present(db, [row]))[0]!;
}

/** Serialises order changes (positions are rewritten as a whole). Locks the rows; fine at rule-list sizes. */
async function lockAll(tx: DbOrTx): Promise<RuleRow[]> {
  return tx
    .select()
    .from(followUpRules)
    .orderBy(...ORDER)
    .for('update');
}

type Target = Pick<RuleRow, 'assignment' | 'agentId' | 'groupId'>;

/**
 * The rule's target after a create or update: `agent` takes `agentId` (given, or kept), the group assignments take
 * `groupId`; the other one is cleared, and naming it is an error (`not_applicable`).
 */
function targetOf(input: Partial<Target>, before: Target | undefined, errors: FieldError[]): Target {
  const assignment = input.assignment ?? before?.assignment ?? 'agent';
  if (assignment === 'agent') {
    if (input.groupId) errors.push(issue('groupId', 'not_applicable', 'is only used by round_robin and least_loaded'));
    const agentId = input.agentId !== undefined ? input.agentId : (before?.agentId ?? null);
    if (!agentId) errors.push(issue('agentId', 'required', 'is required when assignment is agent'));
    return { assignment, agentId, groupId: null };
  }
  if (input.agentId) errors.push(issue('agentId', 'not_applicable', 'is only used when assignment is agent'));
  const groupId = input.groupId !== undefined ? input.groupId : (before?.groupId ?? null);
  if (!groupId) errors.push(issue('groupId', 'required', `is required when assignment is ${assignment}`));
  return { assignment, agentId: null, groupId };
}

/** An agent must be an active employee holding the follow_up_agent role; a group an existing department. */
async function checkTarget(tx: DbOrTx, target: Target, before: Target | undefined, errors: FieldError[]) {
  if (target.agentId && target.agentId !== before?.agentId) {
    const [agent] = await employeeContacts(tx, [target.agentId]);
    if (!agent) errors.push(issue('agentId', 'not_found', 'is not an employee'));
    else if (!agent.roles.includes('follow_up_agent'))
      errors.push(issue('agentId', 'not_follow_up_agent', 'does not have the follow_up_agent role'));
    else if (!agent.active) errors.push(issue('agentId', 'inactive', 'is not an active employee'));
  }
  if (target.groupId && target.groupId !== before?.groupId) {
    if (!(await departmentKinds(tx, [target.groupId])).has(target.groupId))
      errors.push(issue('groupId', 'not_found', 'is not a department'));
  }
}

/** `checkUsableTemplate`'s refusal as field errors, so that it is reported with the others. */
async function checkTemplate(tx: DbOrTx, templateId: string, errors: FieldError[]) {
  try {
    await checkUsableTemplate(tx, templateId);
  } catch (error) {
    if (error instanceof ProblemError && error.errors) errors.push(...error.errors);
    else throw error;
  }
}

/**
 * Everything a rule must satisfy besides its shape: the conditions (normalised), the target, the template — every
 * problem at once, 400 naming each field. Fields not changed (update) are not checked again.
 */
async function checkRule(
  tx: DbOrTx,
  input: Partial<CreateFollowUpRuleInput>,
  before: RuleRow | undefined,
): Promise<{ conditions: RuleRow['conditions'] | undefined; target: Target }> {
  const errors: FieldError[] = [];
  let conditions: RuleRow['conditions'] | undefined;
  if (input.conditions) {
    const checked = validateConditions(input.conditions);
    errors.push(...checked.errors);
    conditions = checked.conditions;
  }
  const target = targetOf(input, before, errors);
  await checkTarget(tx, target, before, errors);
  if (input.templateId !== undefined && input.templateId !== before?.templateId)
    await checkTemplate(tx, input.templateId, errors);
  if (errors.length) throw fieldErrors(errors);
  return { conditions, target };
}

export async function createFollowUpRule(
  db: Db,
  actor: Actor,
  input: CreateFollowUpRuleInput,
): Promise<FollowUpRuleView> {
  const id = await db.transaction(async (tx) => {
    const { conditions, target } = await checkRule(tx, input, undefined);
    const existing = await lockAll(tx);
    const { priority, agentId: _a, groupId: _g, assignment: _s, ...values } = input;
    const [row] = await tx
      .insert(followUpRules)
      .values({ ...values, ...target, conditions: conditions!, priority: existing.length + 1 })
      .returning();
    const place = await placeNew(tx, followUpRules, existing, row!.id, priority);
    await recordAudit(tx, actor, {
      action: 'follow_up_rule.created',
      entityType: 'follow_up_rule',
      entityId: row!.id,
      after: { ...audited(row!), priority: place },
    });
    return row!.id;
  });
  return getFollowUpRule(db, id);
}

export async function updateFollowUpRule(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateFollowUpRuleInput,
): Promise<FollowUpRuleView> {
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    const before = all.find((r) => r.id === id);
    if (!before) throw notFound('Follow-up rule', id);
    const { conditions, target } = await checkRule(tx, input, before);
    const { priority, agentId: _a, groupId: _g, assignment: _s, ...values } = input;
    await tx
      .update(followUpRules)
      .set({ ...values, ...target, ...(conditions ? { conditions } : {}), updatedAt: new Date() })
      .where(eq(followUpRules.id, id));
    await moveTo(tx, followUpRules, all, id, priority);
    const [after] = await tx.select().from(followUpRules).where(eq(followUpRules.id, id));
    await recordAudit(tx, actor, {
      action: 'follow_up_rule.updated',
      entityType: 'follow_up_rule',
      entityId: id,
      before: audited(before),
      after: audited(after!),
    });
  });
  return getFollowUpRule(db, id);
}

export async function deleteFollowUpRule(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    const before = all.find((r) => r.id === id);
    if (!before) throw notFound('Follow-up rule', id);
    await tx.delete(followUpRules).where(eq(followUpRules.id, id));
    await closeGap(tx, followUpRules, all, id);
    await recordAudit(tx, actor, {
      action: 'follow_up_rule.deleted',
      entityType: 'follow_up_rule',
      entityId: id,
      before: audited(before),
    });
  });
}

/** Sets the whole order at once; `ids` must be exactly the existing rules (400 otherwise, naming the odd ids). */
export async function reorderFollowUpRules(db: Db, actor: Actor, ids: string[]) {
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    await setOrder(tx, followUpRules, all, ids, 'a follow-up rule');
    await recordAudit(tx, actor, {
      action: 'follow_up_rule.reordered',
      entityType: 'follow_up_rule',
      before: { order: all.map((r) => r.id) },
      after: { order: ids },
    });
  });
  return listFollowUpRules(db);
}

/**
 * The dry run: the rules in priority order, disabled ones skipped, the first enabled rule whose conditions match
 * wins — `planFor`'s choice for a follow-up node in rule mode — with, for each rule before it, why it did not match
 * (`explainFailure`, as the rating rules' dry run). No match: no task would be created.
 */
export async function explainFollowUpMatch(db: DbOrTx, input: RuleFacts): Promise<FollowUpDryRun> {
  const facts = await resolveFacts(db, input);
  const rows = await db
    .select()
    .from(followUpRules)
    .orderBy(...ORDER);
  const evaluated: FollowUpDryRun['evaluated'] = [];
  for (const rule of rows) {
    const entry = { ruleId: rule.id, name: rule.name, priority: rule.priority, enabled: rule.enabled };
    if (!rule.enabled) {
      evaluated.push({ ...entry, matched: false, skippedBecauseDisabled: true, failedConditions: [] });
      continue;
    }
    if (!evaluateConditions(rule.conditions, facts)) {
      evaluated.push({
        ...entry,
        matched: false,
        skippedBecauseDisabled: false,
        failedConditions: explainFailure(rule.conditions, facts),
      });
      continue;
    }
    evaluated.push({ ...entry, matched: true, skippedBecauseDisabled: false, failedConditions: [] });
    const [view] = await present(db, [rule]);
    const { id: ruleId, name, templateId, templateName, assignment, agentId, agentName, groupId, groupName } = view!;
    const { onlyIfUnratedHours, dueHours } = view!;
    return {
      facts,
      matched: {
        ruleId,
        name,
        templateId,
        templateName,
        assignment,
        agentId,
        agentName,
        groupId,
        groupName,
        onlyIfUnratedHours,
        dueHours,
      },
      evaluated,
    };
  }
  return { facts, matched: null, evaluated };
}
