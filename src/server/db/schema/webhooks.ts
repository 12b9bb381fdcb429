import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EncryptedSecrets } from './channels.js';

/**
 * An integrator's endpoint for outbound event webhooks (Standard Webhooks). `secrets` holds, encrypted with the app
 * secret, the current signing secret `whsec_…` and, during a rotation's overlap, the previous one: deliveries are
 * signed with both until `previousSecretExpiresAt`, so the receiver can switch without losing a delivery.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  /** Event types this endpoint receives (API-CONTRACT.md "Webhooks"). */
  eventTypes: text('event_types').array().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  /** Why it was switched off by the platform: `gone` (the receiver answered 410), `failing` (5 days of failures). */
  disabledReason: text('disabled_reason', { enum: ['gone', 'failing'] }),
  secrets: jsonb('secrets').$type<EncryptedSecrets>().notNull(),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
  /** The first failure of the current unbroken run of failures; null after a success. */
  failingSince: timestamp('failing_since', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One event (or test event) for one endpoint. `messageId` is the `webhook-id` header — the same on every attempt
 * and replay, the receiver's idempotency key. Attempts are logged in `webhook_attempts`.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The domain event it carries; null for a test event. */
    eventSeq: bigint('event_seq', { mode: 'number' }),
    /** The JSON body `{ type, timestamp, data }`, fixed when the delivery is created. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_message_uq').on(t.endpointId, t.messageId),
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt),
  ],
);

/** Every HTTP attempt of a delivery: what was sent and what came back (the first 4 KB of the body). */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    requestBody: text('request_body').notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);
