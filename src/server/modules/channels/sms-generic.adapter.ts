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
  type SmsMessage,
  success,
} from './adapter.js';
import type { GenericHttpSettings } from './providers.js';

/** Substitutes `{{to}}`, `{{text}}`, `{{ref}}` into a JSON template, escaping each value as a JSON string body. */
export function fillBodyTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in values ? JSON.stringify(values[name]).slice(1, -1) : whole,
  );
}

function pick(value: unknown, path: string): string | undefined {
  let cur = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' || typeof cur === 'number' ? String(cur) : undefined;
}

/**
 * Any SMS gateway with a JSON HTTP API: success is a 2xx; 429/5xx/408 → transient (honouring Retry-After),
 * 402 Payment Required → quota, other 4xx → permanent. `{{ref}}` lets gateways that dedupe on a client reference do so.
 */
export function createGenericSmsAdapter(): ChannelAdapter<SmsMessage, GenericHttpSettings> {
  return {
    channel: 'sms',
    provider: 'generic_http',
    async send(message, config): Promise<SendResult> {
      assertChannel(message, 'sms');
      const startedAt = Date.now();
      const s = config.settings;
      const body = fillBodyTemplate(s.bodyTemplate, {
        to: message.to,
        text: message.text,
        ref: message.idempotencyKey,
      });
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': message.idempotencyKey,
      };
      if (config.secrets.authValue) headers[s.authHeader.toLowerCase()] = config.secrets.authValue;
      const answer = await httpCall(
        s.url,
        { method: s.method, headers, body },
        s.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        startedAt,
      );
      if (isFailure(answer)) return answer;
      const response = answer.json ?? answer.text;
      if (answer.status >= 200 && answer.status < 300) {
        return success(startedAt, response, s.messageIdPath ? pick(answer.json, s.messageIdPath) : undefined);
      }
      const kind = kindOfHttpStatus(answer.status);
      return failure(
        kind,
        `http_${answer.status}`,
        `The gateway answered HTTP ${answer.status}`,
        startedAt,
        response,
        kind === 'transient' ? retryAfterOf(answer.headers.get('retry-after')) : undefined,
      );
    },
  };
}
