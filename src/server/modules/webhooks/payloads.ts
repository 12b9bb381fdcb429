import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { SLA_TARGETS } from '../../../common/cases.js';
import { CASE_STATUSES, SLA_BREACH_ACTIONS } from '../../../common/sla.js';

/**
 * The outbound webhooks' documented, versioned bodies (API-CONTRACT.md "Webhooks"). Every body is
 * `{ type, timestamp, data }` (Standard Webhooks payload structure): `timestamp` is when the event occurred, `data`
 * carries `version` — a change that removes or retypes a field raises it; new fields may appear within a version.
 * No customer contact data (phone, e-mail, name) is ever sent: an integrator looks it up by the work order.
 */

/** The event types an endpoint can subscribe to: the API-CONTRACT events that exist so far. */
export const WEBHOOK_EVENT_TYPES = [
  'rating.submitted',
  'rating.negative',
  'invitation.delivered',
  'invitation.failed',
  'work_order.rating_skipped',
  'case.opened',
  'case.status_changed',
  'case.sla_warning',
  'case.breached',
  'case.escalated',
  'case.reassigned',
  'case.rerated',
  'case.closed',
  'alert.raised',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by "send test event" only; not subscribable. */
export const TEST_EVENT_TYPE = 'webhook.test';

const workOrderRef = z
  .object({
    id: z.uuid(),
    number: z.string().describe('Rateloop’s number, e.g. `WO-20260101-00001`.'),
    externalId: z.string().nullable().describe('Your system’s id of the work order, when it was created with one.'),
  })
  .describe('The work order the event is about.');

const ratingData = z.object({
  version: z.literal(1),
  ratingId: z.uuid(),
  invitationId: z.uuid().nullable(),
  workOrder: workOrderRef,
  score: z.number().nullable().describe('S, 0–100, unrounded; null when nothing scored was answered.'),
  stars: z.number().int().nullable().describe('S as whole stars (1–5); null when not scored.'),
  class: z.enum(['satisfied', 'neutral', 'negative']).nullable().describe('The rating’s class; null when not scored.'),
});

const invitationData = z.object({
  version: z.literal(1),
  invitationId: z.uuid(),
  workOrder: workOrderRef,
});

/** What every `case.*` body names: the case and its work order. */
const caseData = z.object({
  version: z.literal(1),
  caseId: z.uuid(),
  number: z.number().int().describe('The case number (shown as C-<number>).'),
  workOrder: workOrderRef,
});
const caseStatus = z.enum(CASE_STATUSES);
const slaTarget = z.enum(SLA_TARGETS).describe('Which SLA target: first contact or resolution.');

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D, description: string) =>
  z
    .object({
      type: z.literal(type),
      timestamp: z.iso.datetime().describe('When the event occurred (ISO 8601, UTC).'),
      data,
    })
    .describe(description);

export const webhookPayloadSchemas = {
  'rating.submitted': envelope('rating.submitted', ratingData, 'A customer submitted a rating.'),
  'rating.negative': envelope(
    'rating.negative',
    ratingData,
    'A submitted rating is negative (sent in addition to `rating.submitted`).',
  ),
  'invitation.delivered': envelope(
    'invitation.delivered',
    invitationData.extend({ channel: z.string().describe('`sms`, `email`, `wechat` or `webhook`.') }),
    'A rating invitation reached the customer (the provider confirmed it, or accepted it where it cannot confirm).',
  ),
  'invitation.failed': envelope(
    'invitation.failed',
    invitationData.extend({
      reason: z.string().describe('Why, e.g. `all_channels_failed` or `fatigue` (the customer was asked recently).'),
    }),
    'A rating invitation could not be delivered on any channel.',
  ),
  'work_order.rating_skipped': envelope(
    'work_order.rating_skipped',
    z.object({
      version: z.literal(1),
      workOrder: workOrderRef,
      nodeId: z.uuid(),
      nodeKey: z.string().describe('The workflow node’s key, e.g. `rating`.'),
      round: z.number().int().describe('1, or more after rework.'),
      reason: z.string().describe('`timeout`, `skipped_by_staff` or `rework`.'),
    }),
    'A work order’s rating step ended without a rating.',
  ),
  'case.opened': envelope(
    'case.opened',
    caseData.extend({
      ratingId: z.uuid().nullable().describe('The rating the case is about; null when opened from a work order.'),
      severity: z.enum(['low', 'medium', 'high', 'critical']),
      ownerId: z.uuid().nullable().describe('The responsible employee (the department’s manager, up the tree).'),
    }),
    'A remediation case was opened (by an alert rule or by hand).',
  ),
  'case.status_changed': envelope(
    'case.status_changed',
    caseData.extend({
      from: caseStatus.describe('The status before.'),
      to: caseStatus.describe('The status now.'),
      ownerId: z.uuid().nullable(),
    }),
    'A remediation case moved (contacted, resolving, waiting for the customer, resolved, closed, reopened).',
  ),
  'case.sla_warning': envelope(
    'case.sla_warning',
    caseData.extend({
      target: slaTarget,
      dueAt: z.iso.datetime().describe('When the target is due (business time of the case’s calendar).'),
      ownerId: z.uuid().nullable(),
    }),
    'A case’s SLA target is due soon (the policy’s warning time before it).',
  ),
  'case.breached': envelope(
    'case.breached',
    caseData.extend({
      target: slaTarget,
      dueAt: z.iso.datetime(),
      ownerId: z.uuid().nullable().describe('The owner when the target was missed.'),
      actions: z.array(z.enum(SLA_BREACH_ACTIONS)).describe('What the policy does on breach.'),
    }),
    'A case missed an SLA target; sent once per target. `case.escalated` or `case.reassigned` follows when the policy says so.',
  ),
  'case.escalated': envelope(
    'case.escalated',
    caseData.extend({
      target: slaTarget,
      level: z.number().int().describe('1 for the first step up, 2 for the next, …'),
      fromEmployeeId: z.uuid().nullable(),
      toEmployeeId: z.uuid().nullable().describe('The next manager up the department tree, then an administrator.'),
    }),
    'A breached case went one step up: its new owner is the next manager up (then an administrator).',
  ),
  'case.reassigned': envelope(
    'case.reassigned',
    caseData.extend({ fromOwnerId: z.uuid().nullable(), toOwnerId: z.uuid().nullable() }),
    'A breached case was given to its next owner up the tree (the policy’s “reassign” action).',
  ),
  'case.rerated': envelope(
    'case.rerated',
    caseData.extend({
      ratingId: z.uuid().describe('The re-survey’s rating.'),
      score: z.number().nullable().describe('S of the re-survey, 0–100; null when nothing scored was answered.'),
      recovered: z.boolean().describe('True when the re-survey is no longer negative.'),
    }),
    'The customer answered the case’s re-survey (recovery).',
  ),
  'case.closed': envelope(
    'case.closed',
    caseData.extend({
      rootCause: z.string().describe('The root cause’s key, e.g. `attitude`.'),
    }),
    'A remediation case was closed with its root cause and corrective action.',
  ),
  'alert.raised': envelope(
    'alert.raised',
    z.object({
      version: z.literal(1),
      alertId: z.uuid(),
      workOrder: workOrderRef,
      ratingId: z.uuid(),
      ruleId: z.uuid().describe('The alert rule that matched.'),
      ruleName: z.string(),
      severity: z.enum(['low', 'medium', 'high', 'critical']),
      caseId: z.uuid().nullable().describe('The case the rule opened (or the rating’s case); null when none.'),
      caseNumber: z.number().int().nullable(),
    }),
    'An alert rule matched a rating (a negative rating, a keyword, an NPS detractor, a “contact me” request, …).',
  ),
  [TEST_EVENT_TYPE]: envelope(
    TEST_EVENT_TYPE,
    z.object({
      version: z.literal(1),
      endpointId: z.uuid(),
      message: z.string(),
    }),
    'Sent by “send test event”: checks the URL and the signature; ignore it otherwise.',
  ),
} as const;

export type WebhookPayload<T extends keyof typeof webhookPayloadSchemas> = z.infer<(typeof webhookPayloadSchemas)[T]>;
export type WebhookPayloadData<T extends keyof typeof webhookPayloadSchemas> = WebhookPayload<T>['data'];

const HEADERS_DOC =
  'Signed per Standard Webhooks: `webhook-id` (`msg_…`, the same on every retry and replay — your idempotency key), ' +
  '`webhook-timestamp` (Unix seconds of this attempt), `webhook-signature` (`v1,<base64 HMAC-SHA256>`; two, ' +
  'space-separated, while a rotated secret overlaps). Answer 2xx within 15 s; 410 disables the endpoint.';

/** OpenAPI 3.1 schemas are JSON Schema 2020-12; the document names the dialect once, so `$schema` is dropped. */
function requestBodyOf(schema: z.ZodType) {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return { required: true, content: { 'application/json': { schema: rest } } };
}

/** The OpenAPI 3.1 top-level `webhooks` object: one POST operation per event type, built from the zod schemas. */
export function webhooksOpenApi(): NonNullable<OpenAPIV3_1.Document['webhooks']> {
  const webhooks: Record<string, unknown> = Object.fromEntries(
    Object.entries(webhookPayloadSchemas).map(([type, schema]) => [
      type,
      {
        post: {
          summary: type,
          description: `${schema.description ?? ''} ${HEADERS_DOC}`.trim(),
          operationId: `webhook_${type.replace(/\W/g, '_')}`,
          tags: ['webhooks'],
          parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
            name,
            in: 'header' as const,
            required: true,
            schema: { type: 'string' },
          })),
          requestBody: requestBodyOf(schema),
          responses: { '2XX': { description: 'Received.' }, '410': { description: 'Gone: disable this endpoint.' } },
        },
      },
    ]),
  );
  // An OpenAPI 3.1 schema object IS a JSON Schema 2020-12 document (what z.toJSONSchema writes); openapi-types
  // mixes its 3.0 schema types into 3.1 operations, so the compiler cannot see that.
  return webhooks as NonNullable<OpenAPIV3_1.Document['webhooks']>;
}
