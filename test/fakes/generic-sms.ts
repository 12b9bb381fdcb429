import { HttpFake } from './http-fake.js';

/** A generic JSON SMS gateway: `POST /send` with a bearer token, answers `{id}`. */
export class GenericSmsFake extends HttpFake {
  readonly messages: { to: string; text: string; ref: string }[] = [];
  private seen = new Map<string, string>();

  constructor(readonly token = 'gw-secret-token-1234') {
    super((req) => {
      if (req.method !== 'POST' || req.path !== '/send') return { status: 404, body: { error: 'not found' } };
      if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: 'unauthorized' } };
      const body = JSON.parse(req.body) as { to?: string; text?: string; ref?: string };
      if (!body.to || !/^\+\d{6,15}$/.test(body.to)) return { status: 422, body: { error: 'invalid number' } };
      // Dedupes on the client reference, as many gateways do.
      const dup = body.ref ? this.seen.get(body.ref) : undefined;
      if (dup) return { status: 200, body: { id: dup, duplicate: true } };
      const id = `gw-${this.messages.length + 1}`;
      this.messages.push({ to: body.to, text: body.text ?? '', ref: body.ref ?? '' });
      if (body.ref) this.seen.set(body.ref, id);
      return { status: 200, body: { id } };
    });
  }
}
