import { z } from 'zod';
import { instantParam } from '../../http/dates.js';
import { pageQuery } from '../../http/pagination.js';
import { webhookUrlSchema } from './endpoint-url.js';
import { WEBHOOK_EVENT_TYPES } from './payloads.js';

export const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z
    .enum(['gone', 'failing'])
    .nullable()
    .describe('Set when Rateloop disabled it: `gone` (it answered 410), `failing` (5 days without a success).'),
  failingSince: z.string().nullable().describe('The first failure of the current run of failures.'),
  previousSecretExpiresAt: z
    .string()
    .nullable()
    .describe('Until then the secret rotated out still signs too (a second `v1,` signature).'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .describe('The events it receives (at least one).');

export const createEndpointBody = z.object({
  url: webhookUrlSchema,
  description: z.string().trim().max(500).optional(),
  eventTypes,
  enabled: z.boolean().optional(),
});

export const updateEndpointBody = z.object({
  url: webhookUrlSchema.optional(),
  description: z.string().trim().max(500).optional(),
  eventTypes: eventTypes.optional(),
  enabled: z.boolean().optional().describe('true after Rateloop disabled it: clears `disabledReason`.'),
});

export const secretSchema = z
  .string()
  .describe('`whsec_` + base64 of 32 random bytes: verify signatures with it. Shown only in this answer.');

export const rotateSecretBody = z.object({
  overlapHours: z
    .number()
    .int()
    .min(0)
    .max(168)
    .optional()
    .describe('How long the secret it replaces keeps signing too (0–168 hours, default 24).'),
});

export const deliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  messageId: z.string().describe('The `webhook-id` header: the same on every attempt and replay.'),
  eventType: z.string(),
  payload: z.record(z.string(), z.unknown()).describe('The body `{ type, timestamp, data }` (see `webhooks`).'),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const attemptSchema = z.object({
  id: z.string(),
  attempt: z.number().int(),
  at: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable().describe('The first 4 KB of the answer.'),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});

export const deliveryWithAttemptsSchema = deliverySchema.extend({ attemptLog: z.array(attemptSchema) });

export const deliveryListQuery = z.object({
  ...pageQuery,
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
  eventType: z.string().max(100).optional(),
});

export const replaySinceBody = z.object({
  since: instantParam().describe('Re-send every delivery created at or after this instant (ISO 8601).'),
});
