import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { RATING_CHANNELS } from '../../../common/channels.js';
import { serviceTypes } from './org.js';
import { ratingTemplates } from './templates.js';

/** A react-querybuilder rule group, stored as the console sends it (see modules/rules/conditions.ts). */
export interface ConditionGroup {
  id?: string;
  combinator: 'and' | 'or';
  not?: boolean;
  rules: (ConditionRule | ConditionGroup)[];
}
export interface ConditionRule {
  id?: string;
  field: string;
  operator: string;
  value?: unknown;
}

export { RATING_CHANNELS };
export const DELIVERY_POLICIES = ['priority_chain', 'all'] as const;

/** Priority-ordered rules choosing the template and channels for a work order; the first enabled match wins. */
export const ratingRules = pgTable(
  'rating_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Lower = evaluated earlier; kept as positions 1..n by the service (ties ordered by creation). */
    priority: integer('priority').notNull(),
    conditions: jsonb('conditions').$type<ConditionGroup>().notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => ratingTemplates.id),
    channels: text('channels', { enum: RATING_CHANNELS }).array().notNull().default(sql`'{}'::text[]`),
    deliveryPolicy: text('delivery_policy', { enum: DELIVERY_POLICIES }).notNull().default('priority_chain'),
    mandatory: boolean('mandatory').notNull().default(false),
    timeoutHours: integer('timeout_hours'),
    submissionLimit: integer('submission_limit').notNull().default(1),
    linkExpiryDays: integer('link_expiry_days').notNull().default(14),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rating_rules_priority_idx').on(t.priority, t.createdAt, t.id)],
);

/** The fallback when no rule matches: the service type's default template (then the organisation default). */
export const ratingDefaults = pgTable('rating_defaults', {
  serviceTypeId: uuid('service_type_id')
    .primaryKey()
    .references(() => serviceTypes.id, { onDelete: 'cascade' }),
  templateId: uuid('template_id')
    .notNull()
    .references(() => ratingTemplates.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
