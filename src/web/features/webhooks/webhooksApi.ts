import type { TFunction } from 'i18next';
import { type Answer, allOf, type ItemOf, type QueryOf, type RequestBody } from '../../api/client';
import { type UrlSpec, urlParam } from '../../components/useListState';

/** Shapes of `/api/v1/webhook-endpoints` and `/webhook-deliveries` (server: modules/webhooks/webhooks.schemas.ts). */
export type WebhookEndpoint = ItemOf<'/webhook-endpoints'>;
export type EndpointInput = RequestBody<'/webhook-endpoints', 'post'>;
export type EndpointPatch = RequestBody<'/webhook-endpoints/{id}', 'patch'>;
export type WebhookEventType = EndpointInput['eventTypes'][number];
export type WebhookDelivery = ItemOf<'/webhook-endpoints/{id}/deliveries'>;
export type DeliveryStatus = WebhookDelivery['status'];
export type DeliveryWithAttempts = Answer<'/webhook-deliveries/{id}'>;
export type WebhookAttempt = DeliveryWithAttempts['attemptLog'][number];
export type DisabledReason = NonNullable<WebhookEndpoint['disabledReason']>;

/** The events an endpoint may subscribe to, checked against the API's enum both ways. */
export const WEBHOOK_EVENT_TYPES = allOf<WebhookEventType>()([
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
]);
/** What "Send test event" delivers (`TEST_EVENT_TYPE` on the server); the deliveries filter offers it too. */
export const TEST_EVENT_TYPE = 'webhook.test';
export const DELIVERY_EVENT_TYPES = [...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE] as const;
export const DELIVERY_STATUSES = allOf<DeliveryStatus>()(['pending', 'succeeded', 'failed']);

export const DELIVERY_STATUS_COLORS: Record<DeliveryStatus, string> = {
  pending: 'processing',
  succeeded: 'green',
  failed: 'red',
};

/** Default and bounds of the rotation overlap (`rotateSecretBody` on the server). */
export const OVERLAP_HOURS = { default: 24, min: 0, max: 168 };

/** An event type (`rating.submitted`) in the console's language; the code itself when unknown. */
export function webhookEventText(t: TFunction, type: string): string {
  return t(`webhooks.events.${type.replaceAll('.', '_')}`, { defaultValue: type });
}

export type DeliveryFilters = Pick<QueryOf<'/webhook-endpoints/{id}/deliveries'>, 'status' | 'eventType'>;

export const deliveryFiltersUrl: UrlSpec<DeliveryFilters> = {
  status: urlParam.oneOf(DELIVERY_STATUSES),
  eventType: urlParam.oneOf(DELIVERY_EVENT_TYPES),
};

/** Every query key of the feature; invalidate `all` after a change to any endpoint or delivery. */
export const webhookKeys = {
  all: ['webhooks'] as const,
  endpoints: () => [...webhookKeys.all, 'endpoints'] as const,
  endpoint: (id: string) => [...webhookKeys.all, 'endpoint', id] as const,
  deliveries: (endpointId: string, query?: object) =>
    query
      ? ([...webhookKeys.all, 'deliveries', endpointId, query] as const)
      : ([...webhookKeys.all, 'deliveries', endpointId] as const),
  delivery: (id: string) => [...webhookKeys.all, 'delivery', id] as const,
};
