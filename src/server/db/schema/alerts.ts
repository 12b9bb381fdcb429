import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CASE_SEVERITIES } from '../../../common/cases.js';
import { remediationCases } from './cases.js';
import { ratings } from './ratings.js';
import type { ConditionGroup } from './rules.js';
import { slaPolicies } from './sla.js';
import { workOrders } from './work-orders.js';

/** Who an alert rule tells (modules/cases/alert-rules.service.ts resolves it when the rule matches). */
export interface AlertNotify {
  /** The responsible manager: the first of the work order's department's management chain. */
  responsibleManager: boolean;
  /** Every manager from the department up the tree. */
  managementChain: boolean;
  /** These employees as well. */
  employeeIds: string[];
}

/**
 * Alert rules (issue 17): conditions on a rating and its work order, in the rating rules' format (a react-querybuilder
 * group, `modules/cases/alert-conditions.ts`), evaluated in priority order by the `alerts` processor. Every enabled
 * rule that matches raises an alert; a match with `stop_after_match` ends the walk (so all-`true` is "first match
 * wins", like rating rules). Seeded with the default rule "negative rating" (migration 0024).
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** Lower = evaluated earlier; kept as positions 1..n by the service (ties ordered by creation). */
    priority: integer('priority').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    condition: jsonb('condition').$type<ConditionGroup>().notNull(),
    severity: text('severity', { enum: CASE_SEVERITIES }).notNull(),
    openCase: boolean('open_case').notNull().default(false),
    /** The policy a case it opens is held to; null = the default policy. */
    slaPolicyId: uuid('sla_policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    notify: jsonb('notify').$type<AlertNotify>().notNull(),
    stopAfterMatch: boolean('stop_after_match').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alert_rules_priority_idx').on(t.priority, t.createdAt, t.id)],
);

/**
 * One raised alert: a rule matched a rating. At most one per (rule, rating), so a replayed event raises nothing new.
 * The rule's name is kept, so the history reads the same after the rule is renamed or deleted.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id').references(() => alertRules.id, { onDelete: 'set null' }),
    ruleName: text('rule_name').notNull(),
    ratingId: uuid('rating_id')
      .notNull()
      .references(() => ratings.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    severity: text('severity', { enum: CASE_SEVERITIES }).notNull(),
    caseId: uuid('case_id').references(() => remediationCases.id, { onDelete: 'set null' }),
    /** The rule's keywords found in the comment (as the rule wrote them). */
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    /** The employees told (in `alert.raised`). */
    notify: jsonb('notify').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('alerts_rule_rating_uq').on(t.ruleId, t.ratingId),
    index('alerts_created_idx').on(t.createdAt, t.id),
    index('alerts_rating_idx').on(t.ratingId),
    index('alerts_work_order_idx').on(t.workOrderId),
  ],
);
