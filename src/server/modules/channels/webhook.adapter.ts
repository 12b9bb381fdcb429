import { Webhook } from 'standardwebhooks';
import {
  assertChannel,
  type ChannelAdapter,
  DEFAULT_TIMEOUT_MS,
  failure,
  httpCall,
  isFailure,
  kindOfHttpStatus,
  retryAfterOf,
  type SendResult,
  success,
  type WebhookMessage,
} from './adapter.js';
import type { WebhookSettings } from './providers.js';

/**
 * Standard Webhooks (https://www.standardwebhooks.com): the body `{type, timestamp, data}` is signed with the
 * customer's `whsec_` secret; `webhook-id` is the idempotency key, so a receiver that dedupes on it (as the spec asks)
 * never processes a retried delivery twice. 2xx ok; 408/429/5xx/network → transient; other 4xx → permanent.
 */
export function createWebhookAdapter(deps: { now?: () => Date } = {}): ChannelAdapter<WebhookMessage, WebhookSettings> {
  return {
    channel: 'webhook',
    provider: 'webhook',
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'webhook');
      const startedAt = Date.now();
      const s = config.settings;
      const at = deps.now?.() ?? new Date();
      const payload = JSON.stringify({ type: message.type, timestamp: at.toISOString(), data: message.data });
      let signature: string;
      try {
        signature = new Webhook(config.secrets.signingSecret ?? '').sign(message.idempotencyKey, at, payload);
      } catch (err) {
        return failure(
          'permanent',
          'invalid_secret',
          `The signing secret is unusable: ${(err as Error).message}`,
          startedAt,
        );
      }
      const answer = await httpCall(
        s.url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Rateloop-Webhooks/1',
            'webhook-id': message.idempotencyKey,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body: payload,
          redirect: 'manual',
        },
        s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        startedAt,
      );
      if (isFailure(answer)) return answer;
      const response = { status: answer.status, body: answer.json ?? answer.text.slice(0, 500) };
      if (answer.status >= 200 && answer.status < 300) return success(startedAt, response);
      // A redirect is not followed (the signature covers one URL); it is a configuration error.
      const kind = answer.status >= 300 && answer.status < 400 ? 'permanent' : kindOfHttpStatus(answer.status);
      // 402 means nothing for webhooks: the customer's endpoint refused, so it is permanent like other 4xx.
      const finalKind = kind === 'quota' ? 'permanent' : kind;
      return failure(
        finalKind,
        `http_${answer.status}`,
        `The endpoint answered HTTP ${answer.status}`,
        startedAt,
        response,
        finalKind === 'transient' ? retryAfterOf(answer.headers.get('retry-after')) : undefined,
      );
    },
  };
}
