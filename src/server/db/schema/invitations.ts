import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ratingTemplateVersions } from './templates.js';

export const INVITATION_STATUSES = [
  'pending',
  'sending',
  'delivered',
  'failed',
  'opened',
  'submitted',
  'expired',
  'revoked',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Who is invited: a snapshot of the work order's contact when the invitation was made. */
export interface InvitationContact {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  wechatOpenId?: string | null;
  locale?: string | null;
}

/**
 * A rating invitation. Its token is never stored: it is derived from the id with the installation's secret
 * (HMAC), so a copy of the database alone cannot be used to rate (see invitations/token.ts).
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workOrderId: uuid('work_order_id').notNull(),
    templateVersionId: uuid('template_version_id')
      .notNull()
      .references(() => ratingTemplateVersions.id),
    /** `qr` (shown on site, several customers may submit), `rule` (matched by rating rules), `manual` (sent by hand). */
    source: text('source', { enum: ['qr', 'rule', 'manual'] }).notNull(),
    ruleId: uuid('rule_id'),
    contact: jsonb('contact').$type<InvitationContact>().notNull().default({}),
    channels: text('channels').array().notNull(),
    deliveryPolicy: text('delivery_policy', { enum: ['priority_chain', 'all'] })
      .notNull()
      .default('priority_chain'),
    status: text('status', { enum: INVITATION_STATUSES }).notNull().default('pending'),
    submissionLimit: integer('submission_limit').notNull().default(1),
    submissionCount: integer('submission_count').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    firstSubmittedAt: timestamp('first_submitted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('invitations_work_order_idx').on(t.workOrderId, t.createdAt),
    index('invitations_created_idx').on(t.createdAt, t.id),
    index('invitations_status_idx').on(t.status),
  ],
);
