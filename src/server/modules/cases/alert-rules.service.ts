/**
 * Alert rules and alerts (issue 17). Rules are priority-ordered (positions 1..n, like rating rules) and evaluated by
 * the `alerts` processor when a rating is submitted and again when its customer asks to be contacted (the one fact
 * of a rating that changes later). Every enabled rule that matches raises one alert — at most one per (rule, rating),
 * so a replayed event or the second evaluation never doubles it — and a match with `stopAfterMatch` ends the walk
 * (all rules so = first match wins, as for rating rules). The rating's one case is opened by the first matching rule
 * that opens cases, with its severity and SLA policy; later matches that open cases link to it.
 */
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type AlertNotify, alertRules, alerts } from '../../db/schema/alerts.js';
import { remediationCases } from '../../db/schema/cases.js';
import { keyset } from '../../http/pagination.js';
import { type Actor, SYSTEM_ACTOR } from '../../http/principal.js';
import { type FieldError, fieldErrors, issue, notFound, ProblemError } from '../../http/problem.js';
import type { JobQueue } from '../../jobs/queue.js';
import { visibleThroughWorkOrder } from '../access/require-access.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { existingEmployeeIds } from '../org/lookups.js';
import { managementChain } from '../org/management-chain.js';
import { frozenTemplate } from '../ratings/page-context.js';
import { findRatings } from '../ratings/ratings-by-id.js';
import type { ConditionGroup } from '../rules/conditions.js';
import { resolveFacts } from '../rules/match.js';
import { closeGap, moveTo, placeNew, setOrder } from '../rules/ordering.js';
import { ruleFactsOf } from '../rules/rule-facts.js';
import { getPolicy } from '../sla/policies.service.js';
import { getWorkOrderRow, workOrderAttributes } from '../work-orders/work-orders.queries.js';
import {
  type AlertFacts,
  evaluateAlertCondition,
  matchedKeywordsOf,
  ratingFactsOf,
  validateAlertCondition,
} from './alert-conditions.js';
import type {
  AlertListQuery,
  AlertRuleView,
  AlertView,
  CreateAlertRuleInput,
  UpdateAlertRuleInput,
} from './alert-rules.schemas.js';
import { openCaseIn } from './cases.service.js';

type RuleRow = typeof alertRules.$inferSelect;

const present = (r: RuleRow): AlertRuleView => ({
  id: r.id,
  name: r.name,
  priority: r.priority,
  enabled: r.enabled,
  condition: r.condition,
  severity: r.severity,
  openCase: r.openCase,
  slaPolicyId: r.slaPolicyId,
  notify: r.notify,
  stopAfterMatch: r.stopAfterMatch,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const audited = ({ createdAt: _c, updatedAt: _u, ...rest }: RuleRow) => rest;
const ORDER = [asc(alertRules.priority), asc(alertRules.createdAt), asc(alertRules.id)];

export async function listAlertRules(db: DbOrTx) {
  const rows = await db
    .select()
    .from(alertRules)
    .orderBy(...ORDER);
  return { items: rows.map(present), nextCursor: null };
}

export async function getAlertRule(db: DbOrTx, id: string): Promise<AlertRuleView> {
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!row) throw notFound('Alert rule', id);
  return present(row);
}

/** The condition checked and normalised, the SLA policy and the employees to notify checked to exist (400 naming each). */
async function checkInput(
  tx: DbOrTx,
  input: { condition?: ConditionGroup; slaPolicyId?: string | null; notify?: Partial<AlertNotify> },
): Promise<ConditionGroup | undefined> {
  const errors: FieldError[] = [];
  let condition: ConditionGroup | undefined;
  if (input.condition) {
    const checked = validateAlertCondition(input.condition);
    errors.push(...checked.errors);
    condition = checked.condition;
  }
  if (input.slaPolicyId) {
    try {
      await getPolicy(tx, input.slaPolicyId);
    } catch {
      errors.push(issue('slaPolicyId', 'not_found', 'is not an SLA policy'));
    }
  }
  const ids = input.notify?.employeeIds ?? [];
  const known = await existingEmployeeIds(tx, ids);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) errors.push(issue(`notify.employeeIds.${i}`, 'duplicate', 'is listed twice'));
    else if (!known.has(id)) errors.push(issue(`notify.employeeIds.${i}`, 'not_found', 'is not an employee'));
  });
  if (errors.length) throw fieldErrors(errors);
  return condition;
}

/** Serialises order changes (positions are rewritten as a whole); rule lists are short. */
async function lockAll(tx: DbOrTx): Promise<RuleRow[]> {
  return tx
    .select()
    .from(alertRules)
    .orderBy(...ORDER)
    .for('update');
}

/** Rewrites positions 1..n in the given order, touching only rows whose position changes. */
export async function createAlertRule(db: Db, actor: Actor, input: CreateAlertRuleInput): Promise<AlertRuleView> {
  const id = await db.transaction(async (tx) => {
    const condition = (await checkInput(tx, input))!;
    const existing = await lockAll(tx);
    const { priority, ...values } = input;
    const [row] = await tx
      .insert(alertRules)
      .values({ ...values, condition, priority: existing.length + 1 })
      .returning();
    const place = await placeNew(tx, alertRules, existing, row!.id, priority);
    await recordAudit(tx, actor, {
      action: 'alert_rule.created',
      entityType: 'alert_rule',
      entityId: row!.id,
      after: { ...audited(row!), priority: place },
    });
    return row!.id;
  });
  return getAlertRule(db, id);
}

export async function updateAlertRule(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateAlertRuleInput,
): Promise<AlertRuleView> {
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    const before = all.find((r) => r.id === id);
    if (!before) throw notFound('Alert rule', id);
    const condition = await checkInput(tx, input);
    const { priority, notify, ...values } = input;
    await tx
      .update(alertRules)
      .set({
        ...values,
        ...(condition ? { condition } : {}),
        ...(notify ? { notify: { ...before.notify, ...notify } } : {}),
        updatedAt: new Date(),
      })
      .where(eq(alertRules.id, id));
    await moveTo(tx, alertRules, all, id, priority);
    const [final] = await tx.select().from(alertRules).where(eq(alertRules.id, id));
    await recordAudit(tx, actor, {
      action: 'alert_rule.updated',
      entityType: 'alert_rule',
      entityId: id,
      before: audited(before),
      after: audited(final!),
    });
  });
  return getAlertRule(db, id);
}

export async function deleteAlertRule(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    const before = all.find((r) => r.id === id);
    if (!before) throw notFound('Alert rule', id);
    // Its alerts stay (rule_id set null, the name kept).
    await tx.delete(alertRules).where(eq(alertRules.id, id));
    await closeGap(tx, alertRules, all, id);
    await recordAudit(tx, actor, {
      action: 'alert_rule.deleted',
      entityType: 'alert_rule',
      entityId: id,
      before: audited(before),
    });
  });
}

/** Sets the whole order at once; `ids` must be exactly the existing rules (400 otherwise, naming the odd ids). */
export async function reorderAlertRules(db: Db, actor: Actor, ids: string[]) {
  await db.transaction(async (tx) => {
    const all = await lockAll(tx);
    await setOrder(tx, alertRules, all, ids, 'an alert rule');
    await recordAudit(tx, actor, {
      action: 'alert_rule.reordered',
      entityType: 'alert_rule',
      before: { order: all.map((r) => r.id) },
      after: { order: ids },
    });
  });
  return listAlertRules(db);
}

/** Who a matching rule tells: the responsible manager (the chain's first), the managers up the tree, the named. */
export async function recipientsOf(tx: DbOrTx, notify: AlertNotify, departmentId: string | null): Promise<string[]> {
  const ids: string[] = [];
  if (notify.responsibleManager || notify.managementChain) {
    const chain = await managementChain(tx, departmentId);
    if (notify.responsibleManager && chain[0]) ids.push(chain[0].employeeId);
    if (notify.managementChain) ids.push(...chain.filter((s) => s.kind === 'manager').map((s) => s.employeeId));
  }
  if (notify.employeeIds.length) {
    // Employees named on the rule who have since been removed are skipped (deactivated ones: the notifications
    // processor decides).
    const known = await existingEmployeeIds(tx, notify.employeeIds);
    ids.push(...notify.employeeIds.filter((id) => known.has(id)));
  }
  return [...new Set(ids)];
}

/**
 * The processor's work for one rating, in its transaction: the enabled rules walked in priority order against the
 * rating and its work order; for each new match the alert, the case (when the rule opens one) and `alert.raised`.
 * Returns the alerts raised now.
 */
async function caseOfRating(tx: DbOrTx, ratingId: string): Promise<{ id: string; number: number } | null> {
  const [row] = await tx
    .select({ id: remediationCases.id, number: remediationCases.number })
    .from(remediationCases)
    .where(eq(remediationCases.ratingId, ratingId));
  return row ?? null;
}

export async function raiseAlerts(
  tx: DbOrTx,
  jobs: JobQueue,
  ratingId: string,
  at: Date,
): Promise<{ id: string; ruleId: string }[]> {
  const [rating] = await findRatings(tx, [ratingId]);
  if (!rating) return [];
  const rules = await tx
    .select()
    .from(alertRules)
    .where(eq(alertRules.enabled, true))
    .orderBy(...ORDER);
  if (rules.length === 0) return [];
  // A rating of a work order Rateloop does not hold (ratings.work_order_id has no foreign key) raises nothing.
  const workOrder = await getWorkOrderRow(tx, rating.workOrderId).catch((err: unknown) => {
    if (err instanceof ProblemError && err.status === 404) return null;
    throw err;
  });
  if (!workOrder) return [];
  const template = await frozenTemplate(tx, rating.templateVersionId);
  const facts: AlertFacts = {
    ...(await resolveFacts(tx, ruleFactsOf(workOrder))),
    rating: ratingFactsOf(rating, template),
  };
  const raisedBefore = new Set(
    (await tx.select({ ruleId: alerts.ruleId }).from(alerts).where(eq(alerts.ratingId, rating.id))).map(
      (r) => r.ruleId,
    ),
  );
  const raised: { id: string; ruleId: string }[] = [];
  let ratingCase: { id: string; number: number } | null | undefined;
  for (const rule of rules) {
    if (!evaluateAlertCondition(rule.condition, facts)) continue;
    if (!raisedBefore.has(rule.id)) {
      let caseRef: { id: string; number: number } | null = null;
      if (rule.openCase) {
        if (ratingCase === undefined) ratingCase = await caseOfRating(tx, rating.id);
        if (!ratingCase) {
          const opened = await openCaseIn(
            tx,
            jobs,
            SYSTEM_ACTOR,
            {
              ratingId: rating.id,
              workOrderId: workOrder.id,
              departmentId: workOrder.departmentId,
              severity: rule.severity,
              summary: null,
              policyId: rule.slaPolicyId,
            },
            at,
          );
          // null: a case opened by hand a moment ago holds the rating (one case per rating) — link to it.
          ratingCase = opened ? { id: opened.id, number: opened.number } : await caseOfRating(tx, rating.id);
        }
        caseRef = ratingCase;
      }
      const notify = await recipientsOf(tx, rule.notify, workOrder.departmentId);
      const [alert] = await tx
        .insert(alerts)
        .values({
          ruleId: rule.id,
          ruleName: rule.name,
          ratingId: rating.id,
          workOrderId: workOrder.id,
          severity: rule.severity,
          caseId: caseRef?.id ?? null,
          keywords: matchedKeywordsOf(rule.condition, facts),
          notify,
          createdAt: at,
        })
        .onConflictDoNothing()
        .returning({ id: alerts.id });
      if (alert) {
        await recordEvent(tx, SYSTEM_ACTOR, {
          type: 'alert.raised',
          workOrderId: workOrder.id,
          subjectType: 'alert',
          subjectId: alert.id,
          data: {
            ruleId: rule.id,
            ruleName: rule.name,
            severity: rule.severity,
            ratingId: rating.id,
            caseId: caseRef?.id ?? null,
            caseNumber: caseRef?.number ?? null,
            notify,
          },
        });
        raised.push({ id: alert.id, ruleId: rule.id });
      }
    }
    if (rule.stopAfterMatch) break;
  }
  return raised;
}

const alertsPage = keyset({ kind: 'timestamp', sort: alerts.createdAt, id: alerts.id, order: 'desc' });

/** Alerts of the work orders the caller may see (and those they were told of), newest first. */
export async function listAlerts(db: Db, actor: Actor, q: AlertListQuery) {
  const where: (SQL | undefined)[] = [];
  const throughWorkOrder = await visibleThroughWorkOrder(db, actor, alerts.workOrderId);
  if (throughWorkOrder) {
    const toldMe =
      actor.type === 'user' && actor.id ? sql`${alerts.notify} @> ${JSON.stringify([actor.id])}::jsonb` : undefined;
    where.push(toldMe ? sql`(${throughWorkOrder} or ${toldMe})` : throughWorkOrder);
  }
  if (q.severity?.length) where.push(inArray(alerts.severity, q.severity));
  if (q.ruleId) where.push(eq(alerts.ruleId, q.ruleId));
  if (q.workOrderId) where.push(eq(alerts.workOrderId, q.workOrderId));
  if (q.ratingId) where.push(eq(alerts.ratingId, q.ratingId));
  where.push(alertsPage.after(q.cursor));
  const rows = await db
    .select({ row: alerts, caseNumber: remediationCases.number, pageKey: alertsPage.key })
    .from(alerts)
    .leftJoin(remediationCases, eq(remediationCases.id, alerts.caseId))
    .where(and(...where))
    .orderBy(...alertsPage.orderBy)
    .limit(q.limit + 1);
  const numbers = new Map(
    (await workOrderAttributes(db, [...new Set(rows.map((r) => r.row.workOrderId))])).map((o) => [o.id, o.number]),
  );
  return alertsPage.page(
    rows,
    q.limit,
    (r): AlertView => ({
      id: r.row.id,
      ruleId: r.row.ruleId,
      ruleName: r.row.ruleName,
      severity: r.row.severity,
      ratingId: r.row.ratingId,
      workOrderId: r.row.workOrderId,
      workOrderNumber: numbers.get(r.row.workOrderId) ?? '',
      caseId: r.row.caseId,
      caseNumber: r.caseNumber ?? null,
      keywords: r.row.keywords,
      notify: r.row.notify,
      createdAt: r.row.createdAt.toISOString(),
    }),
    (r) => ({ v: r.pageKey, id: r.row.id }),
  );
}
