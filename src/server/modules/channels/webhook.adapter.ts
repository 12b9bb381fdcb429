import { assertChannel, type ChannelAdapter, type SendResult, type WebhookMessage } from './adapter.js';
import type { WebhookSettings } from './providers.js';
import { sendStandardWebhook } from './standard-webhooks.js';

/**
 * The webhook delivery channel: an invitation event, signed per Standard Webhooks, through the one signing and
 * delivery path in `standard-webhooks.ts` (SSRF guard, 15–30 s timeout, classification). `webhook-id` is the
 * message's `eventId` — the same for every attempt of the same invitation event — so a receiver that dedupes on it
 * (as the spec asks) never processes a retried delivery twice.
 */
export function createWebhookAdapter(deps: { now?: () => Date } = {}): ChannelAdapter<WebhookMessage, WebhookSettings> {
  return {
    channel: 'webhook',
    provider: 'webhook',
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'webhook');
      const s = config.settings;
      return sendStandardWebhook(
        {
          url: s.url,
          secret: config.secrets.signingSecret ?? '',
          timeoutMs: s.timeoutMs,
          allowPrivateNetwork: s.allowPrivateNetwork,
        },
        {
          // Messages built before `eventId` existed (and test messages) fall back to the attempt's key.
          id: message.eventId ?? message.idempotencyKey,
          type: message.type,
          data: message.data,
          ...(message.occurredAt && { occurredAt: new Date(message.occurredAt) }),
        },
        deps.now?.() ?? new Date(),
      );
    },
  };
}
