import '../../../../test/support/no-network.js';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../../../../test/fakes/smtp.js';
import { WebhookReceiverFake } from '../../../../test/fakes/webhook-receiver.js';
import { UnexpectedNetworkError } from '../../../../test/support/no-network.js';
import type { EmailMessage, ResolvedChannelConfig, WebhookMessage } from './adapter.js';
import { classifySmtpError, createEmailAdapter } from './email.adapter.js';
import { type SmtpSettings, smtpSettings, webhookSettings } from './providers.js';
import { isPrivateAddress } from './standard-webhooks.js';
import { createWebhookAdapter } from './webhook.adapter.js';

const URL_ = 'https://rate.example.com/r/Xc9kQ2mZpL7vT4nB8sW1yD3fH6jR0aE5gU2iO9kM4qA';
const mail = (n = 1): EmailMessage => ({
  channel: 'email',
  idempotencyKey: `3f1c2a9e-0000-4000-8000-00000000000${n}:email:1`,
  to: 'customer@example.com',
  subject: '请评价您的服务',
  html: `<p>您好</p><a href="${URL_}" style="padding:16px">立即评价</a><p>${URL_}</p>`,
  text: `您好\n立即评价: ${URL_}\n`,
  unsubscribeUrl: 'https://rate.example.com/u/abc',
});

describe('e-mail adapter against a real SMTP server', () => {
  const smtp = new SmtpFake({ user: 'mailer', pass: 'smtp-password-1234' });
  const adapter = createEmailAdapter();
  let config: ResolvedChannelConfig<SmtpSettings>;
  beforeAll(async () => {
    await smtp.start();
    config = {
      id: '00000000-0000-4000-8000-0000000000e1',
      provider: 'smtp',
      channel: 'email',
      settings: smtpSettings.parse({
        host: '127.0.0.1',
        port: smtp.port,
        username: 'mailer',
        from: 'ACME 售后 <service@acme.example>',
        timeoutMs: 1500,
        maxConnections: 2,
      }),
      secrets: { password: 'smtp-password-1234' },
    };
  });
  afterAll(async () => {
    await adapter.close();
    await smtp.stop();
  });

  it('delivers HTML + text with the link and List-Unsubscribe one-click headers', async () => {
    const result = await adapter.send(mail(), config);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringContaining('@acme.example>') });
    const m = smtp.mails.at(-1)!;
    expect(m.envelope).toEqual({ from: 'service@acme.example', to: ['customer@example.com'] });
    expect(m.parsed.subject).toBe('请评价您的服务');
    expect(m.parsed.html).toContain(`href="${URL_}"`);
    expect(m.parsed.text).toContain(URL_);
    // mailparser folds List-* headers into one `list` object; the raw headers are what mail clients read.
    expect(m.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(m.raw).toMatch(/^List-Unsubscribe: <https:\/\/rate\.example\.com\/u\/abc>/m);
    expect(m.parsed.messageId).toBe('<3f1c2a9e-0000-4000-8000-000000000001.email.1@acme.example>');
  });

  it('reuses pooled connections, and rebuilds the pool when the config changes', async () => {
    const before = smtp.connections;
    await Promise.all([2, 3, 4, 5].map((n) => adapter.send(mail(n), config)));
    expect(smtp.connections - before).toBeLessThanOrEqual(2);
    const wrongPassword = { ...config, secrets: { password: 'wrong' } };
    expect(await adapter.send(mail(6), wrongPassword)).toMatchObject({ ok: false, kind: 'permanent' });
    expect(await adapter.send(mail(7), config)).toMatchObject({ ok: true });
  });

  it('4xx replies are transient, 5xx permanent, a sending-quota 5xx is quota', async () => {
    smtp.rejectNext(1, 451, '4.7.1 Greylisted, please try again later');
    expect(await adapter.send(mail(), config)).toMatchObject({ ok: false, kind: 'transient', code: 'smtp_451' });
    smtp.rejectNext(1, 550, '5.1.1 No such user here');
    expect(await adapter.send(mail(), config)).toMatchObject({ ok: false, kind: 'permanent', code: 'smtp_550' });
    smtp.rejectNext(1, 554, '5.2.0 Daily sending quota exceeded');
    expect(await adapter.send(mail(), config)).toMatchObject({ ok: false, kind: 'quota', code: 'smtp_554' });
    expect(classifySmtpError({ responseCode: 552, response: '552 5.2.2 Mailbox full, quota exceeded' }).kind).toBe(
      'permanent',
    );
  });

  it('server down → transient; after it comes back the same adapter delivers again', async () => {
    await smtp.stop();
    const down = await adapter.send(mail(8), config);
    expect(down).toMatchObject({ ok: false, kind: 'transient' });
    await smtp.start();
    const delivered = smtp.mails.length;
    expect(await adapter.send(mail(9), config)).toMatchObject({ ok: true });
    expect(smtp.mails.length).toBe(delivered + 1);
  });
});

describe('webhook adapter', () => {
  const receiver = new WebhookReceiverFake();
  const adapter = createWebhookAdapter();
  let config: ResolvedChannelConfig<ReturnType<typeof webhookSettings.parse>>;
  const message: WebhookMessage = {
    channel: 'webhook',
    idempotencyKey: '3f1c2a9e-0000-4000-8000-000000000001:webhook:1',
    type: 'invitation.created',
    data: { invitationId: '3f1c2a9e-0000-4000-8000-000000000001', url: URL_ },
  };
  beforeAll(async () => {
    await receiver.start();
    config = {
      id: '00000000-0000-4000-8000-0000000000w1',
      provider: 'webhook',
      channel: 'webhook',
      // A 300 ms timeout keeps the timeout test short; saved settings are clamped into 15–30 s (tested below).
      settings: {
        ...webhookSettings.parse({ url: `${receiver.url}/hooks`, allowPrivateNetwork: true }),
        timeoutMs: 300,
      },
      secrets: { signingSecret: receiver.secret },
    };
  });
  afterAll(() => receiver.close());

  it('signs per Standard Webhooks; the receiver verifies with the reference library; webhook-id is the key', async () => {
    expect(await adapter.send(message, config)).toMatchObject({ ok: true });
    expect(receiver.received).toEqual([
      {
        id: message.idempotencyKey,
        payload: expect.objectContaining({ type: 'invitation.created', data: message.data }),
      },
    ]);
    await adapter.send(message, config);
    expect(receiver.received).toHaveLength(1); // a retried delivery is deduped by the receiver
    const wrong = `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`;
    expect(await adapter.send(message, { ...config, secrets: { signingSecret: wrong } })).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'http_401',
    });
  });

  it('keeps one webhook-id across retries of the same event (Standard Webhooks idempotency key)', async () => {
    const event = {
      ...message,
      eventId: 'msg_3f1c2a9e-0000-4000-8000-0000000000aa_0',
      occurredAt: '2025-03-15T06:30:00.000Z',
    };
    const before = receiver.requests.length;
    receiver.answerNext(1, { status: 503 });
    const first = await adapter.send(
      { ...event, idempotencyKey: '3f1c2a9e-0000-4000-8000-0000000000aa:webhook:1' },
      config,
    );
    expect(first).toMatchObject({ ok: false, kind: 'transient', code: 'http_503' });
    const retry = await adapter.send(
      { ...event, idempotencyKey: '3f1c2a9e-0000-4000-8000-0000000000aa:webhook:2' },
      config,
    );
    expect(retry).toMatchObject({ ok: true });
    const ids = receiver.requests.slice(before).map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([event.eventId, event.eventId]);
    const processed = receiver.received.filter((r) => r.id === event.eventId);
    expect(processed).toHaveLength(1);
    // The payload's timestamp is the event's; the webhook-timestamp header is the attempt's.
    expect(processed[0]!.payload).toMatchObject({ timestamp: event.occurredAt });
  });

  it('SSRF guard: loopback/private endpoints are refused unless the configuration allows private networks', async () => {
    const guarded = { ...config, settings: { ...config.settings, allowPrivateNetwork: false } };
    const before = receiver.requests.length;
    expect(await adapter.send(message, guarded)).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'blocked_address',
    });
    const byName = { ...guarded, settings: { ...guarded.settings, url: `http://localhost:${receiver.port}/hooks` } };
    expect(await adapter.send(message, byName)).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'blocked_address',
    });
    expect(receiver.requests.length).toBe(before);
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '47.246.1.1', '2408:8000::1', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('timeouts stay within the spec window of 15–30 s; a huge Retry-After is capped so the chain moves on', async () => {
    const url = 'https://hooks.example.com/x';
    expect(webhookSettings.parse({ url }).timeoutMs).toBe(15_000);
    expect(webhookSettings.parse({ url, timeoutMs: 10_000 }).timeoutMs).toBe(15_000);
    expect(webhookSettings.parse({ url, timeoutMs: 20_000 }).timeoutMs).toBe(20_000);
    expect(webhookSettings.parse({ url, timeoutMs: 60_000 }).timeoutMs).toBe(30_000);
    receiver.answerNext(1, { status: 503, headers: { 'retry-after': '86400' } });
    expect(await adapter.send(message, config)).toMatchObject({ kind: 'transient', retryAfterSeconds: 120 });
    receiver.answerNext(1, { status: 410 });
    expect(await adapter.send(message, config)).toMatchObject({ kind: 'permanent', code: 'http_410' });
    receiver.answerNext(1, { status: 301, headers: { location: 'https://elsewhere.example.com/' } });
    expect(await adapter.send(message, config)).toMatchObject({ kind: 'permanent', code: 'http_301' });
  });

  it('429/5xx/timeouts are transient, other 4xx permanent', async () => {
    receiver.answerNext(1, { status: 429, headers: { 'retry-after': '12' } });
    expect(await adapter.send(message, config)).toMatchObject({ kind: 'transient', retryAfterSeconds: 12 });
    receiver.answerNext(1, { status: 502 });
    expect(await adapter.send(message, config)).toMatchObject({ kind: 'transient', code: 'http_502' });
    receiver.answerNext(1, { status: 410 });
    expect(await adapter.send(message, config)).toMatchObject({ kind: 'permanent', code: 'http_410' });
    receiver.answerNext(1, { status: 204, delayMs: 1000 });
    expect(await adapter.send(message, config)).toMatchObject({ kind: 'transient', code: 'timeout' });
  });
});

describe('no-network guard', () => {
  it('throws on fetch and sockets to a non-local address, allows loopback', async () => {
    await expect(fetch('https://api.twilio.com/')).rejects.toBeInstanceOf(UnexpectedNetworkError);
    expect(() => net.connect(443, 'dysmsapi.aliyuncs.com')).toThrow(UnexpectedNetworkError);
    expect(() => new net.Socket().connect({ host: '8.8.8.8', port: 53 })).toThrow(UnexpectedNetworkError);
    const local = net.connect(1, '127.0.0.1');
    local.on('error', () => {});
    local.destroy();
  });
});
