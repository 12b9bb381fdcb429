import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CASE_ENTRY_KINDS, CASE_SEVERITIES, SLA_TARGETS, SLA_TIMER_KINDS } from '../../../common/cases.js';
import { CASE_STATUSES } from '../../../common/sla.js';
import { invitations } from './invitations.js';
import { departments, employees } from './org.js';
import { ratings } from './ratings.js';
import { slaPolicies } from './sla.js';
import { workOrders } from './work-orders.js';

/** The configurable list a case is closed with (seeded; labels in both console languages). */
export const caseRootCauses = pgTable('case_root_causes', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  position: integer('position').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

/**
 * A remediation case (issue 17): one per rating at most (a bad rating reopens its case rather than opening
 * another), owned by the responsible manager, held to an SLA policy. The SLA clock is `used_ms` + the working time
 * since `running_since` (null while paused or ended); the due times are stored so that lists sort and filter on them
 * and timers know when to fire.
 */
export const remediationCases = pgTable(
  'remediation_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigint('number', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    ratingId: uuid('rating_id').references(() => ratings.id),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => employees.id, { onDelete: 'set null' }),
    severity: text('severity', { enum: CASE_SEVERITIES }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('open'),
    /** What the case is about, when the opener wrote it (the rating and its comment speak for themselves). */
    summary: text('summary'),
    policyId: uuid('policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    firstContactMinutes: integer('first_contact_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    usedMs: bigint('used_ms', { mode: 'number' }).notNull().default(0),
    runningSince: timestamp('running_since', { withTimezone: true }),
    firstContactDueAt: timestamp('first_contact_due_at', { withTimezone: true }),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    /** When each target's warning fires (the policy's `warn_before_minutes` of its time before the due time). */
    firstContactWarnAt: timestamp('first_contact_warn_at', { withTimezone: true }),
    resolutionWarnAt: timestamp('resolution_warn_at', { withTimezone: true }),
    firstContactedAt: timestamp('first_contacted_at', { withTimezone: true }),
    /** Working time used when the customer was first reached (the time-to-first-contact figure). */
    firstContactUsedMs: bigint('first_contact_used_ms', { mode: 'number' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    escalationLevel: integer('escalation_level').notNull().default(0),
    rootCauseId: uuid('root_cause_id').references(() => caseRootCauses.id),
    correctiveAction: text('corrective_action'),
    /** Recovery (issue 17 §6): the re-survey invitation sent after resolution (the latest one), and when. */
    recoveryInvitationId: uuid('recovery_invitation_id').references(() => invitations.id),
    reinvitedAt: timestamp('reinvited_at', { withTimezone: true }),
    /** The re-survey's rating, once the customer answered it; `recovered`: it is scored and not negative. */
    recoveryRatingId: uuid('recovery_rating_id').references(() => ratings.id),
    recovered: boolean('recovered'),
    openedByType: text('opened_by_type', { enum: ['user', 'api_key', 'system'] }).notNull(),
    openedBy: uuid('opened_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('remediation_cases_rating_uq').on(t.ratingId).where(sql`${t.ratingId} is not null`),
    uniqueIndex('remediation_cases_number_uq').on(t.number),
    uniqueIndex('remediation_cases_recovery_invitation_uq')
      .on(t.recoveryInvitationId)
      .where(sql`${t.recoveryInvitationId} is not null`),
    index('remediation_cases_work_order_idx').on(t.workOrderId),
    index('remediation_cases_owner_idx').on(t.ownerId, t.status),
    index('remediation_cases_status_idx').on(t.status, t.createdAt),
    // The timers' repair sweep reads what is due by these.
    index('remediation_cases_first_contact_due_idx')
      .on(t.firstContactDueAt)
      .where(sql`${t.firstContactDueAt} is not null`),
    index('remediation_cases_resolution_due_idx').on(t.resolutionDueAt).where(sql`${t.resolutionDueAt} is not null`),
    index('remediation_cases_first_contact_warn_idx')
      .on(t.firstContactWarnAt)
      .where(sql`${t.firstContactWarnAt} is not null`),
    index('remediation_cases_resolution_warn_idx').on(t.resolutionWarnAt).where(sql`${t.resolutionWarnAt} is not null`),
  ],
);

/** A case's timeline: notes, calls, status changes, assignments, escalations, warnings and breaches. */
export const caseEntries = pgTable(
  'case_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => remediationCases.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CASE_ENTRY_KINDS }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    text: text('text'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('case_entries_case_idx').on(t.caseId, t.at)],
);

/**
 * Every SLA warning and breach that fired (issue 17), once per case, target, kind and target (in minutes): the
 * timer jobs, a second worker and the repair sweep all insert here and only the one that inserted acts. A pause or
 * a reopen moves the due time but not the target, so it never fires twice; a policy that changes the target makes
 * a new promise, which may warn and breach in its turn.
 */
export const caseSlaEvents = pgTable(
  'case_sla_events',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => remediationCases.id, { onDelete: 'cascade' }),
    target: text('target', { enum: SLA_TARGETS }).notNull(),
    kind: text('kind', { enum: SLA_TIMER_KINDS }).notNull(),
    targetMinutes: integer('target_minutes').notNull(),
    /** The target's due time when it fired. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.target, t.kind, t.targetMinutes] })],
);
