import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { departments, employees } from './org.js';
import type { ConditionGroup } from './rules.js';
import { ratingTemplates } from './templates.js';
import { workOrders } from './work-orders.js';
import { workOrderNodes } from './workflows.js';

/**
 * Follow-up tasks (回访, issue 19), written only by the follow-ups module. `pending` (queued or assigned, not started)
 * → `in_progress` → one of the closed statuses. Open = pending or in progress: what counts against an agent's capacity
 * and what the least-loaded strategy balances.
 */
export const FOLLOW_UP_TASK_STATUSES = [
  'pending',
  'in_progress',
  'completed',
  'unreachable',
  'refused',
  'wrong_number',
  'cancelled',
] as const;
export type FollowUpTaskStatus = (typeof FOLLOW_UP_TASK_STATUSES)[number];
export const OPEN_FOLLOW_UP_STATUSES = ['pending', 'in_progress'] as const satisfies readonly FollowUpTaskStatus[];

/** How a task finds its agent: a named agent, or over a group (a department's agents) by round robin or least load. */
export const FOLLOW_UP_ASSIGNMENTS = ['agent', 'round_robin', 'least_loaded'] as const;
export type FollowUpAssignment = (typeof FOLLOW_UP_ASSIGNMENTS)[number];

export const followUpTasks = pgTable(
  'follow_up_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id, { onDelete: 'cascade' }),
    /** The follow-up node instance that created it (one task per instance); null for a task created by hand. */
    nodeId: uuid('node_id').references(() => workOrderNodes.id, { onDelete: 'set null' }),
    templateId: uuid('template_id').references(() => ratingTemplates.id),
    status: text('status', { enum: FOLLOW_UP_TASK_STATUSES }).notNull().default('pending'),
    assignment: text('assignment', { enum: FOLLOW_UP_ASSIGNMENTS }).notNull(),
    /** The group (a department's follow-up agents) a round-robin or least-loaded task is assigned from. */
    groupId: uuid('group_id').references(() => departments.id),
    /** Null while queued: no agent of the group could take it (all inactive or at their capacity). */
    assigneeId: uuid('assignee_id').references(() => employees.id),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** The follow-up rule that created it (rule mode), null otherwise. */
    ruleId: uuid('rule_id'),
    /** Calls made so far (attempts); the retry rule closes the task as unreachable at its limit. */
    attempts: integer('attempts').notNull().default(0),
    /** When the task may be called next: inside the calling windows, after the retry delay. Null: now. */
    nextCallAt: timestamp('next_call_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** The follow-up rating the agent recorded (ratings module), when completed with a survey. */
    ratingId: uuid('rating_id'),
    /** What the completion did to the work order: closed it, sent it back for rework, or left it. */
    result: text('result', { enum: ['closed', 'sent_back', 'none'] }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('follow_up_tasks_node_uq').on(t.nodeId),
    index('follow_up_tasks_work_order_idx').on(t.workOrderId),
    // An agent's open tasks: their load, their queue.
    index('follow_up_tasks_assignee_open_idx')
      .on(t.assigneeId, t.dueAt)
      .where(sql`${t.status} in ('pending', 'in_progress')`),
    // A group's queued tasks, first due first.
    index('follow_up_tasks_queue_idx')
      .on(t.groupId, t.dueAt, t.createdAt)
      .where(sql`${t.assigneeId} is null and ${t.status} = 'pending'`),
    check('follow_up_tasks_group_check', sql`(${t.assignment} = 'agent') = (${t.groupId} is null)`),
  ],
);

/** A follow-up agent's settings: how many open tasks they take at most (null: no limit). */
export const followUpAgents = pgTable(
  'follow_up_agents',
  {
    employeeId: uuid('employee_id')
      .primaryKey()
      .references(() => employees.id, { onDelete: 'cascade' }),
    capacity: integer('capacity'),
    /** The agent's seat in the call centre (click-to-call); null: the `tel:` link. */
    seat: text('seat'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('follow_up_agents_capacity_check', sql`${t.capacity} is null or ${t.capacity} > 0`)],
);

/**
 * A group's assignment state: whom it gave a task to last (round robin continues after them; least-loaded breaks ties
 * after them). Assigning locks this row, so racing workers take turns and the state survives restarts.
 */
export const followUpGroups = pgTable('follow_up_groups', {
  departmentId: uuid('department_id')
    .primaryKey()
    .references(() => departments.id, { onDelete: 'cascade' }),
  lastAssigneeId: uuid('last_assignee_id').references(() => employees.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What one call attempt came to. `reached`: the customer answered (the survey follows, or a closing outcome). */
export const FOLLOW_UP_ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'busy', 'refused', 'wrong_number'] as const;
export type FollowUpAttemptOutcome = (typeof FOLLOW_UP_ATTEMPT_OUTCOMES)[number];

/** Each call an agent made on a task: outcome, note, duration, time, agent (and the call centre's call id). */
export const followUpAttempts = pgTable(
  'follow_up_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => followUpTasks.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => employees.id),
    outcome: text('outcome', { enum: FOLLOW_UP_ATTEMPT_OUTCOMES }).notNull(),
    note: text('note'),
    durationSeconds: integer('duration_seconds'),
    callId: text('call_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('follow_up_attempts_task_idx').on(t.taskId, t.at)],
);

/**
 * Follow-up rules (a follow-up node in `rule` mode): the first enabled rule, by priority, whose conditions match the
 * work order decides the template, the agent or group, and the options.
 */
export const followUpRules = pgTable(
  'follow_up_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    priority: integer('priority').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    conditions: jsonb('conditions').$type<ConditionGroup>().notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => ratingTemplates.id),
    assignment: text('assignment', { enum: FOLLOW_UP_ASSIGNMENTS }).notNull(),
    agentId: uuid('agent_id').references(() => employees.id),
    groupId: uuid('group_id').references(() => departments.id),
    /** Create the task only when the customer has not rated within this many hours of the node's start; null: always. */
    onlyIfUnratedHours: integer('only_if_unrated_hours'),
    /** Due this many hours after the task is created; null: the follow-up settings' default. */
    dueHours: integer('due_hours'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('follow_up_rules_priority_idx').on(t.priority),
    check(
      'follow_up_rules_target_check',
      sql`(${t.assignment} = 'agent') = (${t.agentId} is not null) and (${t.assignment} = 'agent') = (${t.groupId} is null)`,
    ),
  ],
);

/**
 * Calls a call centre placed for a task (click-to-call) and what the provider reported when each ended: kept per
 * provider call id, so a re-pushed record updates the same row.
 */
export const followUpCalls = pgTable(
  'follow_up_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id').references(() => followUpTasks.id, { onDelete: 'cascade' }),
    /** The work order called about (a task's, or the work-order page's Outbound button). */
    workOrderId: uuid('work_order_id').references(() => workOrders.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => employees.id),
    provider: text('provider', { enum: ['tccc'] }).notNull(),
    providerCallId: text('provider_call_id').notNull(),
    status: text('status', { enum: ['placed', 'ended'] })
      .notNull()
      .default('placed'),
    outcome: text('outcome', { enum: ['answered', 'no_answer', 'busy', 'failed'] }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationSeconds: integer('duration_seconds'),
    recordingUrl: text('recording_url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('follow_up_calls_provider_uq').on(t.provider, t.providerCallId),
    index('follow_up_calls_task_idx').on(t.taskId, t.createdAt),
    index('follow_up_calls_work_order_idx').on(t.workOrderId, t.createdAt),
  ],
);
