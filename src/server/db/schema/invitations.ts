import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { INVITATION_SOURCES, INVITATION_STATUSES, type InvitationContact } from '../../../common/invitations.js';
import { ratingTemplateVersions } from './templates.js';

export { INVITATION_STATUSES, type InvitationContact, type InvitationStatus } from '../../../common/invitations.js';

/**
 * A rating invitation. Its token is never stored: it is derived from the id with the installation's secret
 * (HMAC), so a copy of the database alone cannot be used to rate (see invitations/token.ts).
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workOrderId: uuid('work_order_id').notNull(),
    /** The work-order node instance that asked for this rating (null: a manual invitation outside any node). */
    nodeId: uuid('node_id'),
    templateVersionId: uuid('template_version_id')
      .notNull()
      .references(() => ratingTemplateVersions.id),
    /** `qr` (shown on site, several customers may submit), `rule` (matched by rating rules), `manual` (sent by hand). */
    source: text('source', { enum: INVITATION_SOURCES }).notNull(),
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
    /** When retention or an erase emptied `contact` (issue 21). */
    contactRedactedAt: timestamp('contact_redacted_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    /**
     * The stored half of the short link code (`/s/<code>`, invitations/short-link.ts); the other half is a MAC, never
     * stored. 12 characters of base64 (+/ → xy) of a random UUID's first 9 bytes (≈ 68 random bits, from the
     * database's strong random generator); the migration fills existing rows the same way.
     */
    shortHandle: text('short_handle')
      .notNull()
      .default(sql`translate(substr(encode(uuid_send(gen_random_uuid()), 'base64'), 1, 12), '+/', 'xy')`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('invitations_work_order_idx').on(t.workOrderId, t.createdAt),
    index('invitations_created_idx').on(t.createdAt, t.id),
    index('invitations_status_idx').on(t.status),
    uniqueIndex('invitations_short_handle_idx').on(t.shortHandle),
    // Delivery's fatigue cap asks "delivered to this e-mail / phone / OpenID since …" for every automatic invitation
    // (invitations/by-contact.ts): one expression index per address kind, only over delivered invitations, so the
    // check is an index range scan instead of a scan of every invitation's JSON.
    index('invitations_delivered_email_idx')
      .on(sql`lower(${t.contact}->>'email')`, t.deliveredAt)
      .where(sql`${t.deliveredAt} is not null`),
    index('invitations_delivered_phone_idx')
      .on(sql`(${t.contact}->>'phone')`, t.deliveredAt)
      .where(sql`${t.deliveredAt} is not null`),
    index('invitations_delivered_wechat_idx')
      .on(sql`(${t.contact}->>'wechatOpenId')`, t.deliveredAt)
      .where(sql`${t.deliveredAt} is not null`),
  ],
);
