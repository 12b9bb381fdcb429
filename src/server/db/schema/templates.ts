import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Dimension } from '../../../common/scoring/index.js';

/**
 * A rating template: the metadata (name, which service types it serves). What the customer answers lives in its
 * versions, so a published version can stay frozen while the template is edited.
 */
export const ratingTemplates = pgTable(
  'rating_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    serviceTypeIds: uuid('service_type_ids').array().notNull().default(sql`'{}'::uuid[]`),
    recordTypes: text('record_types').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: ['active', 'archived'] })
      .notNull()
      .default('active'),
    /** The organisation default (one per installation); the service keeps exactly one once seeded. */
    isDefault: boolean('is_default').notNull().default(false),
    /** Days its ratings' free text (text answers, comments) is kept; null: the organisation's default (issue 21). */
    freeTextRetentionDays: integer('free_text_retention_days'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rating_templates_default_uq').on(t.isDefault).where(sql`${t.isDefault}`),
    index('rating_templates_name_idx').on(t.name, t.id),
  ],
);

/** One version of a template. A published version never changes (service rule + trigger in migration 0002). */
export const ratingTemplateVersions = pgTable(
  'rating_template_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => ratingTemplates.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    layout: text('layout', { enum: ['vertical', 'horizontal'] })
      .notNull()
      .default('vertical'),
    weighting: boolean('weighting').notNull().default(false),
    dimensions: jsonb('dimensions').$type<Dimension[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Employee or API key id of the publisher (the audit log has the full story). */
    publishedBy: uuid('published_by'),
    publishedByName: text('published_by_name'),
  },
  (t) => [
    uniqueIndex('rating_template_versions_number_uq').on(t.templateId, t.number),
    // At most one draft per template.
    uniqueIndex('rating_template_versions_draft_uq').on(t.templateId).where(sql`${t.status} = 'draft'`),
  ],
);
