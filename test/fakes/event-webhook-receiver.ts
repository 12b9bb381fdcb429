import { Webhook } from 'standardwebhooks';
import { HttpFake } from './http-fake.js';

/**
 * An integrator's endpoint for the event webhooks: verifies every request with the reference library
 * (`new Webhook(secret).verify(body, headers)`) against any of `secrets` (set them after the endpoint is created),
 * keeps each verified message once per `webhook-id` in arrival order, and counts every request.
 */
export class EventWebhookReceiver extends HttpFake {
  secrets: string[] = [];
  readonly verified: { id: string; payload: { type: string; timestamp: string; data: Record<string, unknown> } }[] = [];
  readonly rejected: string[] = [];

  constructor() {
    super((req) => {
      const headers = req.headers as Record<string, string>;
      for (const secret of this.secrets) {
        try {
          const payload = new Webhook(secret).verify(
            req.body,
            headers,
          ) as EventWebhookReceiver['verified'][number]['payload'];
          const id = headers['webhook-id']!;
          if (!this.verified.some((v) => v.id === id)) this.verified.push({ id, payload });
          return { status: 204 };
        } catch {
          // try the next secret
        }
      }
      this.rejected.push(headers['webhook-id'] ?? '');
      return { status: 401, body: { error: 'invalid signature' } };
    });
  }

  /** Whether `secret` alone verifies the last request received (a rotation's old or new secret). */
  lastVerifiesWith(secret: string): boolean {
    const last = this.requests.at(-1);
    if (!last) return false;
    try {
      new Webhook(secret).verify(last.body, last.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  }
}
