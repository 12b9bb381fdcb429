import type { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema/webhooks.js';
import type { PositionedEvent } from '../events/positions.js';
import { type WebhookEventType, type WebhookPayloadData, webhookPayloadSchemas } from './payloads.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** What a payload names of a work order (never the customer's contact data). */
export interface WorkOrderRef {
  id: string;
  number: string;
  externalId: string | null;
}

type Data = Record<string, unknown>;
const str = (d: Data, k: string): string | null => (typeof d[k] === 'string' ? (d[k] as string) : null);
const num = (d: Data, k: string): number | null => (typeof d[k] === 'number' ? (d[k] as number) : null);

/**
 * The versioned `data` of a webhook for a domain event (payloads.ts), from the event's own data and its work order.
 * Null when the event lacks what the payload needs (never expected; the processor then sends nothing for it).
 */
export function payloadDataOf(
  event: PositionedEvent,
  type: WebhookEventType,
  workOrder: WorkOrderRef,
): WebhookPayloadData<WebhookEventType> | null {
  const d = (event.data ?? {}) as Data;
  switch (type) {
    case 'rating.submitted':
    case 'rating.negative': {
      const ratingId = str(d, 'ratingId') ?? event.subjectId;
      if (!ratingId) return null;
      const cls = str(d, 'class');
      return {
        version: 1,
        ratingId,
        invitationId: str(d, 'invitationId'),
        workOrder,
        score: num(d, 'score'),
        stars: num(d, 'roundedStars'),
        class: cls === 'satisfied' || cls === 'neutral' || cls === 'negative' ? cls : null,
      };
    }
    case 'invitation.delivered':
      if (!event.subjectId) return null;
      return { version: 1, invitationId: event.subjectId, workOrder, channel: str(d, 'channel') ?? 'unknown' };
    case 'invitation.failed':
      if (!event.subjectId) return null;
      return { version: 1, invitationId: event.subjectId, workOrder, reason: str(d, 'reason') ?? 'unknown' };
    case 'case.opened': {
      const number = num(d, 'number');
      const severity = str(d, 'severity');
      if (!event.subjectId || number === null) return null;
      return {
        version: 1,
        caseId: event.subjectId,
        number,
        workOrder,
        ratingId: str(d, 'ratingId'),
        severity: severity === 'low' || severity === 'medium' || severity === 'critical' ? severity : 'high',
        ownerId: str(d, 'ownerId'),
      };
    }
    case 'case.status_changed':
    case 'case.sla_warning':
    case 'case.breached':
    case 'case.escalated':
    case 'case.reassigned':
    case 'case.rerated': {
      // The event's data names these fields as the payload does; the schema keeps the documented ones (never
      // `notify`, whom Rateloop told) and refuses an event that lacks one.
      if (!event.subjectId) return null;
      const parsed = webhookPayloadSchemas[type].shape.data.safeParse({
        ...d,
        version: 1,
        caseId: event.subjectId,
        workOrder,
      });
      return parsed.success ? parsed.data : null;
    }
    case 'case.closed': {
      const number = num(d, 'number');
      if (!event.subjectId || number === null) return null;
      return { version: 1, caseId: event.subjectId, number, workOrder, rootCause: str(d, 'rootCause') ?? 'other' };
    }
    case 'alert.raised': {
      const ratingId = str(d, 'ratingId');
      const ruleId = str(d, 'ruleId');
      const severity = str(d, 'severity');
      if (!event.subjectId || !ratingId || !ruleId) return null;
      return {
        version: 1,
        alertId: event.subjectId,
        workOrder,
        ratingId,
        ruleId,
        ruleName: str(d, 'ruleName') ?? '',
        severity: severity === 'low' || severity === 'medium' || severity === 'critical' ? severity : 'high',
        caseId: str(d, 'caseId'),
        caseNumber: num(d, 'caseNumber'),
      };
    }
    case 'work_order.rating_skipped': {
      const nodeId = str(d, 'nodeId') ?? event.subjectId;
      if (!nodeId) return null;
      return {
        version: 1,
        workOrder,
        nodeId,
        nodeKey: str(d, 'nodeKey') ?? '',
        round: num(d, 'round') ?? 1,
        reason: str(d, 'reason') ?? 'skipped',
      };
    }
  }
}

/** An endpoint as the API shows it: never a secret. */
export function presentEndpoint(e: EndpointRow) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    failingSince: e.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt: e.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function presentDelivery(d: DeliveryRow) {
  return {
    id: d.id,
    endpointId: d.endpointId,
    messageId: d.messageId,
    eventType: d.eventType,
    payload: d.payload,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function presentAttempt(a: AttemptRow) {
  return {
    id: a.id,
    attempt: a.attempt,
    at: a.at.toISOString(),
    requestHeaders: a.requestHeaders,
    requestBody: a.requestBody,
    responseStatus: a.responseStatus,
    responseBody: a.responseBody,
    durationMs: a.durationMs,
    error: a.error,
  };
}
