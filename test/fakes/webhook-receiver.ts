import { Webhook } from 'standardwebhooks';
import { HttpFake } from './http-fake.js';

/** A customer endpoint that verifies Standard Webhooks signatures with the reference library and dedupes on webhook-id. */
export class WebhookReceiverFake extends HttpFake {
  readonly received: { id: string; payload: unknown }[] = [];
  readonly rejected: string[] = [];

  constructor(readonly secret = `whsec_${Buffer.from('rateloop-test-webhook-secret-32b').toString('base64')}`) {
    super((req) => {
      try {
        const payload = new Webhook(this.secret).verify(req.body, req.headers as Record<string, string>);
        const id = String(req.headers['webhook-id']);
        if (!this.received.some((r) => r.id === id)) this.received.push({ id, payload });
        return { status: 204 };
      } catch (err) {
        this.rejected.push((err as Error).message);
        return { status: 401, body: { error: 'invalid signature' } };
      }
    });
  }
}
