import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import { type ConditionGroup, ratingRules } from '../../db/schema/rules.js';
import type { Actor } from '../../http/principal.js';
import { type FieldError, fieldError, fieldErrors, issue, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import { templateForUse, templateNames } from '../templates/versions.service.js';
import { validateConditions } from './conditions.js';
import { closeGap, moveTo, placeNew, setOrder } from './ordering.js';
import type { CreateRuleInput, ruleSchema, UpdateRuleInput } from './rules.schemas.js';

type RuleRow = typeof ratingRules.$inferSelect;
export type RuleView = z.infer<typeof ruleSchema>;

const present = (r: RuleRow, templateName: string): RuleView => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  priority: r.priority,
  conditions: r.conditions,
  templateId: r.templateId,
  templateName,
  channels: r.channels,
  deliveryPolicy: r.deliveryPolicy,
  mandatory: r.mandatory,
  timeoutHours: r.timeoutHours,
  submissionLimit: r.submissionLimit,
  linkExpiryDays: r.linkExpiryDays,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const audited = ({ createdAt: _c, updatedAt: _u, ...rest }: RuleRow) => rest;
const ORDER = [asc(ratingRules.priority), asc(ratingRules.createdAt), asc(ratingRules.id)];

/** Every rule in evaluation order (lowest priority number first), with its template's name. */
export async function orderedRules(db: DbOrTx) {
  const rules = await db
    .select()
    .from(ratingRules)
    .orderBy(...ORDER);
  const names = await templateNames(
    db,
    rules.map((r) => r.templateId),
  );
  // The foreign key keeps every rule's template; a rule without one would have been dropped by the former join.
  return rules.flatMap((rule) => {
    const templateName = names.get(rule.templateId);
    return templateName === undefined ? [] : [{ rule, templateName }];
  });
}

export async function listRules(db: Db) {
  return { items: (await orderedRules(db)).map((r) => present(r.rule, r.templateName)), nextCursor: null };
}

export async function getRule(db: DbOrTx, id: string): Promise<RuleView> {
  const [rule] = await db.select().from(ratingRules).where(eq(ratingRules.id, id));
  const templateName = rule && (await templateNames(db, [rule.templateId])).get(rule.templateId);
  if (!rule || templateName === undefined) throw notFound('Rating rule', id);
  return present(rule, templateName);
}

/** 400 naming `templateId` unless the template can be used for new invitations. */
export async function checkUsableTemplate(db: DbOrTx, templateId: string, path = 'templateId'): Promise<void> {
  const t = await templateForUse(db, templateId);
  if (!t) throw fieldError(path, 'not_found', 'is not a rating template');
  if (t.status !== 'active') throw fieldError(path, 'template_archived', 'the template is archived');
  if (!t.publishedVersionId)
    throw fieldError(path, 'template_unpublished', 'the template has no published version yet');
}

function checkInput(input: { conditions?: ConditionGroup; channels?: string[] }): ConditionGroup | undefined {
  const errors: FieldError[] = [];
  let conditions: ConditionGroup | undefined;
  if (input.conditions) {
    const checked = validateConditions(input.conditions);
    errors.push(...checked.errors);
    conditions = checked.conditions;
  }
  input.channels?.forEach((c, i) => {
    if (input.channels!.indexOf(c) !== i) errors.push(issue(`channels.${i}`, 'duplicate', 'is listed twice'));
  });
  if (errors.length) throw fieldErrors(errors);
  return conditions;
}

/** Serialises rule-order changes (positions are rewritten as a whole). Locks the rows; fine at rule-list sizes. */
async function lockAll(tx: DbOrTx): Promise<RuleRow[]> {
  return tx
    .select()
    .from(ratingRules)
    .orderBy(...ORDER)
    .for('update');
}

/** Rewrites positions 1..n in the given order, touching only rows whose position changes. */
export async function createRule(db: Db, actor: Actor, input: CreateRuleInput): Promise<RuleView> {
  const conditions = checkInput(input)!;
  const id = await db.transaction(async (tx) => {
    await checkUsableTemplate(tx, input.templateId);
    const existing = await lockAll(tx);
    const { priority, ...values } = input;
    const [row] = await tx
      .insert(ratingRules)
      .values({ ...values, conditions, priority: existing.length + 1 })
      .returning();
    const place = await placeNew(tx, ratingRules, existing, row!.id, priority);
    await recordAudit(tx, actor, {
      action: 'rating_rule.created',
      entityType: 'rating_rule',
      entityId: row!.id,
      after: { ...audited(row!), priority: place },
    });
    return row!.id;
  });
  return getRule(db, id);
}

export async function updateRule(db: Db, actor: Actor, id: string, input: UpdateRuleInput): Promise<RuleView> {
  const conditions = checkInput(input);
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    const before = all.find((r) => r.id === id);
    if (!before) throw notFound('Rating rule', id);
    if (input.templateId !== undefined && input.templateId !== before.templateId)
      await checkUsableTemplate(tx, input.templateId);
    const { priority, ...values } = input;
    await tx
      .update(ratingRules)
      .set({ ...values, ...(conditions ? { conditions } : {}), updatedAt: new Date() })
      .where(eq(ratingRules.id, id));
    await moveTo(tx, ratingRules, all, id, priority);
    const [final] = await tx.select().from(ratingRules).where(eq(ratingRules.id, id));
    await recordAudit(tx, actor, {
      action: 'rating_rule.updated',
      entityType: 'rating_rule',
      entityId: id,
      before: audited(before),
      after: audited(final!),
    });
  });
  return getRule(db, id);
}

export async function deleteRule(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    const before = all.find((r) => r.id === id);
    if (!before) throw notFound('Rating rule', id);
    await tx.delete(ratingRules).where(eq(ratingRules.id, id));
    await closeGap(tx, ratingRules, all, id);
    await recordAudit(tx, actor, {
      action: 'rating_rule.deleted',
      entityType: 'rating_rule',
      entityId: id,
      before: audited(before),
    });
  });
}

/** Sets the whole order at once; `ids` must be exactly the existing rules (400 otherwise, naming the odd ids). */
export async function reorderRules(db: Db, actor: Actor, ids: string[]) {
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    await setOrder(tx, ratingRules, all, ids, 'a rating rule');
    await recordAudit(tx, actor, {
      action: 'rating_rule.reordered',
      entityType: 'rating_rule',
      before: { order: all.map((r) => r.id) },
      after: { order: ids },
    });
  });
  return listRules(db);
}

/** The enabled rules and the channels they send on (the console warns about a channel without configuration). */
export async function enabledRuleChannels(db: DbOrTx): Promise<{ id: string; name: string; channels: string[] }[]> {
  return db
    .select({ id: ratingRules.id, name: ratingRules.name, channels: ratingRules.channels })
    .from(ratingRules)
    .where(eq(ratingRules.enabled, true))
    .orderBy(asc(ratingRules.priority));
}
