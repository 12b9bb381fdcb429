import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PositionedEvent } from '../events/positions.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType, webhookPayloadSchemas } from './payloads.js';
import { payloadDataOf } from './webhooks.presenter.js';

const workOrder = { id: randomUUID(), number: 'WO-20261202-00042', externalId: 'ERP-7781' };

/** What each event type carries today (ratings/submission.service.ts, delivery/state.ts, workflows/nodes.service.ts). */
const EVENT_DATA: Record<WebhookEventType, { subjectId: string; data: Record<string, unknown> }> = {
  'rating.submitted': {
    subjectId: randomUUID(),
    data: { ratingId: randomUUID(), invitationId: randomUUID(), score: 80, roundedStars: 4, class: 'satisfied' },
  },
  'rating.negative': {
    subjectId: randomUUID(),
    data: { ratingId: randomUUID(), invitationId: randomUUID(), score: 20, roundedStars: 1, class: 'negative' },
  },
  'invitation.delivered': { subjectId: randomUUID(), data: { channel: 'sms' } },
  'invitation.failed': { subjectId: randomUUID(), data: { reason: 'all_channels_failed', attempts: [] } },
  'work_order.rating_skipped': {
    subjectId: randomUUID(),
    data: { nodeId: randomUUID(), nodeKey: 'rating', round: 2, reason: 'timeout', skipReason: 'no answer' },
  },
  'case.opened': {
    subjectId: randomUUID(),
    data: { number: 12, severity: 'high', ownerId: randomUUID(), ratingId: randomUUID() },
  },
  'case.status_changed': {
    subjectId: randomUUID(),
    data: { number: 12, from: 'open', to: 'contacted', ownerId: randomUUID() },
  },
  'case.sla_warning': {
    subjectId: randomUUID(),
    data: {
      number: 12,
      target: 'first_contact',
      dueAt: '2026-12-02T07:31:07.123Z',
      ownerId: randomUUID(),
      notify: [randomUUID()],
    },
  },
  'case.breached': {
    subjectId: randomUUID(),
    data: {
      number: 12,
      target: 'resolution',
      dueAt: '2026-12-04T07:31:07.123Z',
      ownerId: null,
      actions: ['escalate', 'notify'],
      notify: [randomUUID()],
    },
  },
  'case.escalated': {
    subjectId: randomUUID(),
    data: {
      number: 12,
      target: 'first_contact',
      level: 1,
      fromEmployeeId: randomUUID(),
      toEmployeeId: randomUUID(),
      notify: [randomUUID()],
    },
  },
  'case.reassigned': {
    subjectId: randomUUID(),
    data: { number: 12, fromOwnerId: randomUUID(), toOwnerId: randomUUID(), notify: [randomUUID()] },
  },
  'case.rerated': {
    subjectId: randomUUID(),
    data: { number: 12, ratingId: randomUUID(), score: 95, class: 'satisfied', recovered: true },
  },
  'case.closed': { subjectId: randomUUID(), data: { number: 12, rootCause: 'attitude', rootCauseId: randomUUID() } },
  'alert.raised': {
    subjectId: randomUUID(),
    data: {
      ruleId: randomUUID(),
      ruleName: '差评（1–2 星）',
      severity: 'high',
      ratingId: randomUUID(),
      caseId: randomUUID(),
      caseNumber: 7,
      notify: [randomUUID()],
    },
  },
};

const eventOf = (type: WebhookEventType): PositionedEvent => ({
  seq: 1,
  txid: '1',
  id: randomUUID(),
  type,
  workOrderId: workOrder.id,
  subjectType: 'x',
  subjectId: EVENT_DATA[type].subjectId,
  actorType: 'system',
  actorId: null,
  actorName: null,
  data: EVENT_DATA[type].data,
  at: new Date('2026-12-02T05:31:07.123Z'),
  position: { txid: '1', seq: 1 },
});

describe('webhook payloads', () => {
  it.each(WEBHOOK_EVENT_TYPES)('%s: the body built from the event matches its documented schema', (type) => {
    const data = payloadDataOf(eventOf(type), type, workOrder);
    const body = { type, timestamp: '2026-12-02T05:31:07.123Z', data };
    expect(() => webhookPayloadSchemas[type].parse(body)).not.toThrow();
    expect(data).toMatchObject({ version: 1, workOrder });
    expect(JSON.stringify(data)).not.toMatch(/"(skipReason|attempts|phone|email|rootCauseId|notify)":/);
  });

  it('maps the rating’s fields', () => {
    expect(payloadDataOf(eventOf('rating.negative'), 'rating.negative', workOrder)).toEqual({
      version: 1,
      ratingId: EVENT_DATA['rating.negative'].data.ratingId,
      invitationId: EVENT_DATA['rating.negative'].data.invitationId,
      workOrder,
      score: 20,
      stars: 1,
      class: 'negative',
    });
  });

  it('leaves out a case event that lacks a documented field, rather than send a body its schema refuses', () => {
    const event = { ...eventOf('case.breached'), data: { number: 12, target: 'resolution' } };
    expect(payloadDataOf(event, 'case.breached', workOrder)).toBeNull();
  });
});
