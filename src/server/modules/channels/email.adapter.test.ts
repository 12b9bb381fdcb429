import '../../../../test/support/no-network.js';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake, selfSignedCert } from '../../../../test/fakes/smtp.js';
import type { EmailMessage, ResolvedChannelConfig } from './adapter.js';
import { createEmailAdapter, implicitTlsFor } from './email.adapter.js';
import { type SmtpSettings, smtpSettings } from './providers.js';

/** Issue #11 findings 5 (SMTP timeouts, deadline, TLS) and 8 (editing a configuration while sends are under way). */

let n = 0;
const mail = (to = `customer-${++n}@example.com`): EmailMessage => ({
  channel: 'email',
  idempotencyKey: `3f1c2a9e-0000-4000-8000-${String(n).padStart(12, '0')}:email:1`,
  to,
  subject: 'Please rate our service',
  html: '<p>Hello</p>',
  text: 'Hello',
});
const configOf = (id: string, settings: Record<string, unknown>): ResolvedChannelConfig<SmtpSettings> => ({
  id,
  provider: 'smtp',
  channel: 'email',
  settings: smtpSettings.parse({ host: '127.0.0.1', from: 'ACME <service@acme.example>', ...settings }),
  secrets: {},
});

const cert = selfSignedCert();
const adapter = createEmailAdapter();
afterAll(() => adapter.close());

describe('SMTP settings', () => {
  it("defaults to nodemailer's timeouts (2 min, 30 s, 10 min) with a 5 min overall deadline, bounded", () => {
    const s = smtpSettings.parse({ host: 'smtp.example.com', port: 587, from: 'a@b.example' });
    expect(s).toMatchObject({
      connectionTimeoutMs: 120_000,
      greetingTimeoutMs: 30_000,
      socketTimeoutMs: 600_000,
      sendTimeoutMs: 300_000,
    });
    expect(s.secure).toBeUndefined();
    for (const bad of [{ connectionTimeoutMs: 10 }, { socketTimeoutMs: 3_600_000 }, { sendTimeoutMs: 3_600_000 }]) {
      expect(smtpSettings.safeParse({ host: 'h', port: 587, from: 'a@b.example', ...bad }).success).toBe(false);
    }
  });

  it('implicit TLS is derived from the port: always on 465, else only when set', () => {
    expect(implicitTlsFor({ port: 465 })).toBe(true);
    // A configuration stored before the rule carries secure: false on 465 — it could only ever time out.
    expect(implicitTlsFor({ port: 465, secure: false })).toBe(true);
    expect(implicitTlsFor({ port: 587 })).toBe(false);
    expect(implicitTlsFor({ port: 25, secure: false })).toBe(false);
    expect(implicitTlsFor({ port: 2465, secure: true })).toBe(true);
  });
});

describe('SMTP TLS', () => {
  const starttls = new SmtpFake({ tls: cert });
  const plain = new SmtpFake();
  beforeAll(async () => {
    await starttls.start();
    await plain.start();
  });
  afterAll(async () => {
    await starttls.stop();
    await plain.stop();
  });

  it('STARTTLS: upgrades and sends encrypted, trusting the configured CA certificate', async () => {
    const config = configOf('00000000-0000-4000-8000-00000000e101', {
      port: starttls.port,
      requireTLS: true,
      caCertificate: cert.cert,
    });
    const m = mail();
    expect(await adapter.send(m, config)).toMatchObject({ ok: true });
    expect(starttls.mailsTo(m.to)).toEqual([expect.objectContaining({ secure: true })]);
  });

  it('STARTTLS with a certificate nobody vouches for fails permanently, nothing sent', async () => {
    const m = mail();
    const result = await adapter.send(m, configOf('00000000-0000-4000-8000-00000000e102', { port: starttls.port }));
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: 'smtp_tls_certificate' });
    expect(starttls.mailsTo(m.to)).toEqual([]);
  });

  it('requireTLS refuses a server that does not offer STARTTLS (no plain-text fallback)', async () => {
    const m = mail();
    const result = await adapter.send(
      m,
      configOf('00000000-0000-4000-8000-00000000e103', { port: plain.port, requireTLS: true }),
    );
    expect(result).toMatchObject({ ok: false, kind: 'permanent' });
    expect(plain.mailsTo(m.to)).toEqual([]);
  });

  it('a port-465 configuration speaks implicit TLS without `secure` being set', async () => {
    const implicit = new SmtpFake({ tls: cert, implicitTls: true });
    await implicit.start(465);
    try {
      const m = mail();
      const config = configOf('00000000-0000-4000-8000-00000000e104', {
        port: 465,
        caCertificate: cert.cert,
        greetingTimeoutMs: 3000,
      });
      expect(await adapter.send(m, config)).toMatchObject({ ok: true });
      expect(implicit.mailsTo(m.to)).toEqual([expect.objectContaining({ secure: true })]);
      // …also when the stored settings still say secure: false (the old default).
      const old = { ...config, settings: { ...config.settings, secure: false } };
      expect(await adapter.send(mail(), old)).toMatchObject({ ok: true });
    } finally {
      await implicit.stop();
    }
  });
});

describe('SMTP timeouts and the send deadline', () => {
  const smtp = new SmtpFake();
  beforeAll(() => smtp.start());
  afterEach(() => smtp.slowAck(0));
  afterAll(() => smtp.stop());

  it('a late acknowledgement within the socket timeout is a success, not a second copy', async () => {
    smtp.slowAck(1500);
    const m = mail();
    const config = configOf('00000000-0000-4000-8000-00000000e201', { port: smtp.port });
    expect(await adapter.send(m, config)).toMatchObject({ ok: true });
    expect(smtp.mailsTo(m.to)).toHaveLength(1);
  });

  it('no acknowledgement after the whole message was sent → unknown (not retried), the mail was stored once', async () => {
    smtp.slowAck(2500);
    const m = mail();
    const config = configOf('00000000-0000-4000-8000-00000000e202', { port: smtp.port, socketTimeoutMs: 1000 });
    const result = await adapter.send(m, config);
    expect(result).toMatchObject({ ok: false, kind: 'unknown', code: 'smtp_no_ack' });
    await new Promise((r) => setTimeout(r, 1600));
    expect(smtp.mailsTo(m.to)).toHaveLength(1);
  });

  it('a server that never greets is bounded by the overall deadline (transient: nothing was sent)', async () => {
    const sockets: net.Socket[] = [];
    let closed = 0;
    const silent = net.createServer((s) => {
      sockets.push(s);
      s.resume();
      s.on('close', () => closed++);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const config = configOf('00000000-0000-4000-8000-00000000e203', {
        port,
        greetingTimeoutMs: 300_000,
        sendTimeoutMs: 5000,
      });
      const started = Date.now();
      const result = await adapter.send(mail(), config);
      expect(result).toMatchObject({ ok: false, kind: 'transient', code: 'etimedout' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
      expect(Date.now() - started).toBeLessThan(12_000);
      await new Promise((r) => setTimeout(r, 100));
      // The client hung up at the deadline: no connection is left behind.
      expect(closed).toBe(sockets.length);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  }, 15_000);
});

describe('editing a configuration while its sends are under way (finding 8)', () => {
  const smtp = new SmtpFake();
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());

  it('sends queued on the old settings all go out once; the next ones use the new settings', async () => {
    smtp.slowAck(200);
    const id = '00000000-0000-4000-8000-00000000e301';
    const before = configOf(id, { port: smtp.port, maxConnections: 2 });
    const batch = Array.from({ length: 8 }, () => mail());
    const sending = batch.map((m) => adapter.send(m, before));
    await new Promise((r) => setTimeout(r, 50));
    // What updateChannelConfig does after saving: the pool opened with the old settings is let go.
    await adapter.close(id);
    const after = configOf(id, { port: smtp.port, maxConnections: 2, from: 'ACME Support <support@acme.example>' });
    const next = mail();
    const results = await Promise.all([...sending, adapter.send(next, after)]);
    expect(results.map((r) => r.ok)).toEqual(Array(9).fill(true));
    for (const m of batch) expect(smtp.mailsTo(m.to)).toHaveLength(1);
    expect(smtp.mailsTo(next.to)).toEqual([
      expect.objectContaining({ envelope: expect.objectContaining({ from: 'support@acme.example' }) }),
    ]);
    smtp.slowAck(0);
  });
});
