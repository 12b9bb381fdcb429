import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { NODE_STAGES, NODE_STATUSES, type NodeStatus } from '../../../common/workflows.js';
import { serviceTypes } from './org.js';
import { workOrders } from './work-orders.js';

/** The post-service workflow of a service type: its nodes in order and the custom fields its work orders carry. */
export const serviceTypeWorkflows = pgTable('service_type_workflows', {
  serviceTypeId: uuid('service_type_id')
    .primaryKey()
    .references(() => serviceTypes.id, { onDelete: 'cascade' }),
  /** `WorkflowConfig['nodes']` (validated by workflows.schemas.ts). */
  nodes: jsonb('nodes').notNull(),
  fieldDefinitions: jsonb('field_definitions').notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export { NODE_STATUSES, type NodeStatus };

/**
 * One instance of a workflow node on one work order, created when the work order enters the node's stage, once per
 * round (a rework starts round 2, where the nodes run again as new instances; earlier rounds stay as history).
 * `config` is a snapshot of the node as configured then (and, for a rule-mode rating node, the effective
 * mandatory/timeout), so a later workflow edit never changes a running node.
 */
export const workOrderNodes = pgTable(
  'work_order_nodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['rating', 'follow_up'] }).notNull(),
    /** The node's key in the workflow (`rating`, `rating_2`, `dispatch_rating`, …). */
    nodeKey: text('node_key').notNull(),
    /** The status whose entry started it. */
    stage: text('stage', { enum: NODE_STAGES }).notNull().default('completed'),
    /** The work order's round when it started (work_orders.round). */
    round: integer('round').notNull().default(1),
    status: text('status', { enum: NODE_STATUSES }).notNull().default('pending'),
    mandatory: boolean('mandatory').notNull().default(false),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    /** Why the node ended the way it did: `rated`, `timeout`, `skipped_by_staff`, `no_template`, … */
    reason: text('reason'),
    invitationIds: uuid('invitation_ids').array().notNull().default(sql`'{}'::uuid[]`),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    skippedBy: text('skipped_by'),
    skippedByName: text('skipped_by_name'),
    skipReason: text('skip_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('work_order_nodes_key_round_uq').on(t.workOrderId, t.nodeKey, t.round),
    index('work_order_nodes_invitations_idx').using('gin', t.invitationIds),
  ],
);
